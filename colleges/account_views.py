"""Passwords without self-service: staff hand a person a one-time link to set their own password.

The portal has no public "forgot my password" page (it would let anyone mail any address, unthrottled). Staff
open the list of portal users, make a set-password link for one of them and pass it on; the link works once,
for PASSWORD_RESET_TIMEOUT (three days), and only until the person logs in or changes their password. Only an
administrator may make a link for an administrator or a user of the Django admin, so that staff cannot take
over an account with more rights than their own.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import default_token_generator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django.views import View

from core.errors import who_may

from .access import ManagerRequiredMixin, access_for, makes_password_link, require, school_people

logger = logging.getLogger(__name__)


@who_may(_("administrators, and committee staff for colleagues and secretaries"))
def may_make_password_link(actor, person) -> bool:
    """Staff for colleagues and secretaries; an administrator for anyone."""
    return makes_password_link(access_for(actor), actor, person)


def password_link(person) -> str:
    """The one-time link at which `person` sets a new password (Django's reset token, bound to their current
    password and last login, so it dies with the first use or log-in)."""
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    path = reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(person)])
    return f"{settings.SITE_URL.rstrip('/')}{path}"


class AccountListView(ManagerRequiredMixin, View):
    def get(self, request):
        people = (
            # The school's own people (issue 27): another school's accounts are not this school's to see or reset;
            # a person without a role acts in the home school (colleges.schools), so is the home school's.
            get_user_model()
            .objects.filter(is_active=True)
            .filter(school_people(request.school))
            .select_related("membership__college")
            .order_by("membership__role", "membership__college__order", "username")
        )
        rows = [(person, may_make_password_link(request.user, person)) for person in people]
        return render(request, "colleges/accounts.html", {"rows": rows})


class PasswordLinkView(ManagerRequiredMixin, View):
    """Shows the link once, in the answer to the POST: it is stored nowhere."""

    http_method_names = ["post"]

    def post(self, request, pk):
        person = get_object_or_404(get_user_model(), pk=pk, is_active=True)
        require(may_make_password_link(request.user, person), may_make_password_link)
        logger.info("%s made a set-password link for %s", request.user.username, person.username)
        context = {
            "person": person,
            "link": password_link(person),
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
        }
        return render(request, "colleges/password_link.html", context)


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The public page behind a link: valid token → a form for the new password; otherwise a clear refusal."""

    template_name = "colleges/set_password.html"
    success_url = reverse_lazy("password_reset_complete")


class SetPasswordDoneView(auth_views.PasswordResetCompleteView):
    template_name = "colleges/set_password_done.html"
