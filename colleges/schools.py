"""The school a request acts in (issue 27): resolved once, here, and every query of the request is scoped to it.

- A public page under `/s/<code>/` is that school's (an unknown code is a 404), and the public site's pages at the
  root (`/news/` …) are the home school's, whoever asks: a public address names its school.
- A signed-in person acts in one of their roles (the one they chose in the user menu, kept in their session; else
  their first school role): a school's role acts in its school. The installation's administrators and the
  province's officers choose any school; the region's roles act in their affiliation's school.
- Everyone else (the login page, the public site at `/`) is the home school's.

The middleware enters the school's scope (core.scoping) around the whole request and around a streamed response's
content, which is produced after the view has returned. `request.school` is the Institution, read only when a
page uses it; the scope needs only its id, which a school role carries without a query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.dispatch import receiver
from django.http import Http404
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.scoping import school_scope
from institutions.models import Institution, home_id, school_id_by_code, school_names, school_row

from .access import act_as, chooses_any_school, memberships_of
from .models import Membership, Preference

ROLE_KEY = "gkw_role"
SCHOOL_KEY = "gkw_school"
PUBLIC_PREFIX = re.compile(r"^/s/(?P<code>[-a-zA-Z0-9_]+)/")


@dataclass(frozen=True)
class Choice:
    """One line of the user menu's switcher: a role (in its school), or a school for those who choose any."""

    value: str
    label: str


# The user menu lists every school only up to this many; beyond it (a province's 168) the menu links to the
# chooser page, whose list can be searched, instead of drawing a select of every school on every page.
MENU_SCHOOLS = 12


def role_choices(user) -> list[Choice]:
    """Each of the person's roles, named with its school."""
    names = school_names()
    return [
        Choice(f"role:{role.pk}", f"{role.get_role_display()} · {names.get(role.institution_id, '')}".strip(" ·"))
        for role in memberships_of(user)
    ]


def _chooses_schools(user) -> bool:
    roles = memberships_of(user)
    return any(chooses_any_school(user, role) for role in roles) or (user.is_superuser and not roles)


def _school_choice(pk: int, name: str) -> Choice:
    return Choice(f"school:{pk}", _("Read %(school)s") % {"school": name})


def school_choices(user) -> list[Choice]:
    """Every school, for those who choose any (the province's officers, the installation's administrators)."""
    if not _chooses_schools(user):
        return []
    return [_school_choice(pk, name) for pk, name in school_names().items()]


def choices_for(user) -> list[Choice]:
    """What the person may switch between: each of their roles, and every school for those who choose any."""
    return role_choices(user) + school_choices(user)


def menu_choices(user, acting_as: str) -> tuple[list[Choice], bool]:
    """The user menu's lines and whether the chooser page has more: every choice while the schools are few; else
    the roles and the school being read, the rest on the chooser page."""
    names = school_names() if _chooses_schools(user) else {}
    if len(names) <= MENU_SCHOOLS:
        return role_choices(user) + [_school_choice(pk, name) for pk, name in names.items()], False
    kind, _sep, pk = acting_as.partition(":")
    reading = int(pk) if kind == "school" and pk.isdigit() else None
    return role_choices(user) + ([_school_choice(reading, names[reading])] if reading in names else []), True


def switches(user) -> bool:
    """Whether the person has anything to switch between (no query: their roles came with them)."""
    return len(memberships_of(user)) > 1 or _chooses_schools(user)


def choose(request, value: str) -> Choice | None:
    """Act as `value` for this session and the next ones: the choice, or None (nothing changed) when it is not one
    of theirs."""
    choice = next((choice for choice in choices_for(request.user) if choice.value == value), None)
    if choice is not None:
        _remember(request, value)
        Preference.objects.update_or_create(user=request.user, defaults={"acting_as": value})
    return choice


def _remember(request, value: str) -> None:
    kind, _sep, pk = value.partition(":")
    request.session[ROLE_KEY if kind == "role" else SCHOOL_KEY] = int(pk)
    if kind == "role":
        request.session.pop(SCHOOL_KEY, None)


@receiver(user_logged_in, dispatch_uid="colleges.schools.remember_role")
def remember_role(sender, request, user, **kwargs):
    """Sign in acting as the person last chose, if it is still one of theirs."""
    chosen = Preference.objects.filter(user=user).values_list("acting_as", flat=True).first()
    in_a_session = request is not None and hasattr(request, "session")
    if chosen and in_a_session and chosen in {choice.value for choice in choices_for(user)}:
        _remember(request, chosen)


class SwitchView(View):
    """The user menu's switcher: act in another of one's roles, or read another school."""

    http_method_names = ["post"]

    def post(self, request):
        choice = choose(request, request.POST.get("acting_as", ""))
        if choice is not None:
            messages.success(request, _("You now work as %(choice)s.") % {"choice": choice.label})
        else:
            messages.error(request, _("That is not one of your roles or schools."))
        return redirect("home")


class ChooseSchoolView(TemplateView):
    """Read another school, for those who choose any: every school in a list the reader can search (by a part of
    its name or code), each with its own button to the switcher."""

    template_name = "colleges/choose_school.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not school_choices(request.user):
            raise PermissionDenied(_("This page is not part of your role in the portal."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:40]
        schools = Institution.objects.order_by("code").only("pk", "code", "name", "short_name")
        if query:
            schools = schools.filter(
                Q(name__icontains=query) | Q(short_name__icontains=query) | Q(code__icontains=query)
            )
        acting = self.request.session.get(SCHOOL_KEY)
        return super().get_context_data(query=query, schools=list(schools), acting=acting, **kwargs)


def school_id_for(request) -> int:
    public = PUBLIC_PREFIX.match(request.path_info)
    if public:
        school_id = school_id_by_code(public["code"])
        if school_id is None:
            raise Http404
        return school_id
    user = request.user
    if getattr(user, "is_authenticated", False) and not _home_public_page(request.path_info):
        roles = memberships_of(user)
        chosen = request.session.get(ROLE_KEY)
        membership = next((held for held in roles if held.pk == chosen), None) or (roles[0] if roles else None)
        act_as(user, membership)
        school_id = _school_of(request, user, membership)
        if school_id is not None:
            return school_id
    return home_id()


def _home_public_page(path: str) -> bool:
    """Whether `path` is a page of the public site at the root (namespace `public`, publicity.public_urls), which
    is the home school's; a signed-in person of another school reads it as any visitor does."""
    try:
        return resolve(path, urlconf=settings.ROOT_URLCONF).namespace == "public"
    except Resolver404:
        return False


def _school_of(request, user, membership: Membership | None) -> int | None:
    if membership is not None and membership.institution_id:
        return membership.institution_id
    if chooses_any_school(user, membership):
        chosen = request.session.get(SCHOOL_KEY)
        if chosen and Institution.objects.filter(pk=chosen).exists():
            return chosen
        return None
    # A region role: the school of the person's affiliation, if they have one.
    return Institution.objects.filter(people__user=user).values_list("pk", flat=True).first()


class SchoolMiddleware:
    """Sets `request.school` (lazily) and runs the request inside that school's scope."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        school_id = school_id_for(request)
        request.school = _loaded_school(request, school_id) or SimpleLazyObject(lambda: school_row(school_id))
        with school_scope(school_id):
            response = self.get_response(request)
        if response.streaming:
            response.streaming_content = _within(school_id, response.streaming_content)
        return response


def _loaded_school(request, school_id: int) -> Institution | None:
    """The school as the person's role brought it with them (colleges.backends): no query."""
    membership = getattr(request.user, "_gkw_membership", None)
    if membership is not None and membership.institution_id == school_id:
        return membership.institution
    return None


def _within(school_id: int, content):
    # A streamed export queries as it writes, after the view (and the scope above) has returned.
    with school_scope(school_id):
        yield from content
