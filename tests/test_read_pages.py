"""Read pages speak to readers as readers (issue 24, item 9): every GET page of the permission matrix, opened as every
role — the core personas and one person of each role the apps add (province, region reviewer and contact, member
unit contact, correspondent, counsellor, elder) —

- never answers 200 with "您的角色无权修改此内容" (a refusal shown on a page that was read);
- never refuses a page that only shows something with that message (a read page that refuses says the role may not
  see it, or that the page is not part of the role);
- answers 200 to every persona the matrix says may read it;
- shows no button (a form that posts, or a link to a page that changes something) the reader may not use: each
  button's address, asked by GET as that reader, is not a 403 or a 404.
"""

import html
import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import Resolver404, resolve
from django.utils import translation
from django.views.generic.edit import FormMixin

from colleges.access import membership_of, roles_prefetch
from colleges.models import MemberUnit, Role
from core.views import ActionView
from tests.conftest import client_for, make_user
from tests.test_forms_keep_typing import forms_on
from tests.test_permissions import url_cases

LINK = re.compile(r'<a\b[^>]*?\bhref="([^"#]+)"')
CORE = ["staff", "office", "sec1", "sec2", "admin", "norole"]
# One person of each role the apps add, made when the matrix's objects did not make one already.
COLLEGE_ROLES = {Role.COUNSELLOR, Role.CORRESPONDENT}


def words(message: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(message)


def people(users, college_a) -> list:
    """The core personas, then one person of every other role (the first the matrix made, or a new one)."""
    found = {}
    for user in (
        get_user_model()
        .objects.filter(membership__isnull=False)
        .distinct()
        .prefetch_related(roles_prefetch())
        .order_by("pk")
    ):
        if user.username not in users:
            found.setdefault(membership_of(user).role, user)
    for role in Role.values:
        if role not in found and role not in {Role.STAFF, Role.OFFICE, Role.SECRETARY, Role.ADMIN}:
            extra = {"college": college_a} if role in COLLEGE_ROLES else {}
            if role == Role.UNIT_CONTACT:
                extra = {"member_unit": MemberUnit.objects.order_by("order").first()}
            found[role] = make_user(f"reader-{role}", role, **extra)
    return [users[name] for name in CORE] + list(found.values())


def changes_something(path: str) -> bool:
    """Whether the address is a page that changes something: a form page or a button."""
    try:
        view = getattr(resolve(path).func, "view_class", None)
    except Resolver404:
        return False
    return view is not None and issubclass(view, FormMixin | ActionView)


def buttons(response, url) -> set[str]:
    """The addresses a page offers to change something: where its forms post, and its links to form pages."""
    posts = {form["action"] for form in forms_on(response, url)}
    links = {urlsplit(urljoin(url, href)).path for href in LINK.findall(response.content.decode())}
    return posts | {link for link in links if link.startswith("/") and changes_something(link)}


@pytest.fixture
def matrix_and_people(plan, users, college_a, report, assessment, export):
    return url_cases(plan, college_a, report, assessment, export), people(users, college_a)


# Three walks, so that parallel workers share them: the school's managers, the school's other personas, and the
# roles the apps add.
GROUPS = {"managers": ["staff", "admin"], "school": ["office", "sec1", "sec2", "norole"], "apps": None}


@pytest.mark.parametrize("group", GROUPS)
def test_read_pages_answer_readers_as_readers_and_offer_no_button_they_may_not_use(group, users, matrix_and_people):
    cases, everyone = matrix_and_people
    names = GROUPS[group]
    walkers = [user for user in everyone if user.username in names] if names else everyone[len(CORE) :]
    roles = {membership_of(user).role for user in walkers if membership_of(user) is not None}
    if group == "apps":
        assert len(roles) == len(walkers) == 7, sorted(roles)  # every role the apps add
    problems, refused_with = [], {}
    for person in walkers:
        problems += walk_as(person, cases, refused_with)
    assert problems == [], "\n".join(problems)
    if group == "school":
        # The walk proves something only if it met a read page refusing a reader: the office on the read log.
        assert words("Your role may not see this page.") in refused_with[("office", "care:read_log")]


def walk_as(person, cases, refused_with) -> list[str]:
    """What is wrong with the matrix's pages as `person` reads them."""
    client = client_for(person)
    modify = words("Your role may not change this.")
    button_answers, problems = {}, []
    for name, url, expected, is_write in cases:
        response = client.get(url)
        page = response.content.decode() if "text/html" in response.get("Content-Type", "") else ""
        text = html.unescape(page)
        wanted = expected.get(person.username)
        if wanted == 200 and response.status_code != 200:
            problems.append(
                f"{name}: the matrix says {person.username} reads it, the page answered {response.status_code}"
            )
        if response.status_code == 200 and modify in text:
            problems.append(f"{name}: read with 200 but says {modify}")
        if response.status_code == 403 and not is_write and modify in text:
            problems.append(f"{name}: a read page refused {person.username} with {modify}")
        if response.status_code == 403:
            refused_with[(person.username, name)] = text
        if response.status_code != 200 or not page:
            continue
        for button in buttons(response, url):
            if button not in button_answers:
                button_answers[button] = client.get(button).status_code
            if button_answers[button] in {403, 404}:
                problems.append(
                    f"{name}: shows {person.username} a button to {button}, answering {button_answers[button]}"
                )
    return problems
