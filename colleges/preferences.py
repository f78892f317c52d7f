"""大字模式 (large text): a per-user display preference, switched from the navigation bar.

The choice is stored on the server (`Preference`) and copied into the session at log-in, so that pages read it
without a query; a cookie remembers it on the device for the log-in page, before anyone is logged in.
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from .models import Preference

SESSION_KEY = "gkw_large_text"
COOKIE = "gkw_large_text"
COOKIE_AGE = 365 * 24 * 3600


def large_text_for(request) -> bool:
    if request.user.is_authenticated:
        return bool(request.session.get(SESSION_KEY, False))
    return request.COOKIES.get(COOKIE) == "1"


@receiver(user_logged_in, dispatch_uid="colleges.preferences.remember_large_text")
def remember_large_text(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = Preference.objects.filter(user=user, large_text=True).exists()


class LargeTextView(View):
    """Switch large text on or off for the logged-in user, then go back to the page they were reading."""

    http_method_names = ["post"]

    def post(self, request):
        large_text = request.POST.get("large_text") == "on"
        Preference.objects.update_or_create(user=request.user, defaults={"large_text": large_text})
        request.session[SESSION_KEY] = large_text
        target = request.POST.get("next", "")
        # Only a path of this site: redirect() would read anything else ("-1") as a view name and fail.
        is_own_path = target.startswith("/") and url_has_allowed_host_and_scheme(
            target, {request.get_host()}, require_https=request.is_secure()
        )
        response = HttpResponseRedirect(target if is_own_path else reverse("home"))
        response.set_cookie(
            COOKIE,
            "1" if large_text else "0",
            max_age=COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
        return response
