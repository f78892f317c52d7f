"""The cross-school crawler (issue 27, item 5): every page, object address and download that school A's people
reach is opened by every role of school B, and every form of A's pages is posted by them.

- An address naming one of A's objects by its id (`OBJECT_KWARGS`) answers B's people 403 or 404 (405 to a GET
  of an address that only takes a POST, or to a POST of one that takes none), never a page or a file, and a form
  of A's page posted to it is refused (403/404).
- An address that names no object, or names it by a code or year that each school has its own of (college "aa",
  the 2022 plan: school B has both), may answer; but no page, export or file says any of A's marks
  (two_schools.A_MARKS).
- Afterwards every row of school A is as it was (`school_rows`).

The reverse direction is sampled: A's people on B's objects. One database set-up for the whole module.
"""

from __future__ import annotations

import hashlib
import html
import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from colleges.models import Membership
from core.scoping import every_school, school_scope
from institutions.models import home
from institutions.tenancy import holds_one_schools_data, path_to_school, project_models
from notifications.models import ContactDetails, EmailPreference
from tests.conftest import client_for
from tests.security.test_hostile_forms import read_forms
from tests.test_permissions import url_cases

from .two_schools import A_MARKS, B_PERSONAS

# The path converters that name one object by its id (every other names a code or a year, which each school has
# its own of, or is the admin's).
OBJECT_KWARGS = {
    *{"pk", "file_pk", "unit", "evidence_pk", "document_pk", "user_pk", "report_pk", "photo_pk", "token"},
    *{"question", "section"},  # a survey's question and section
}
KEYS_OF_A_SCHOOL = {"year", "code", "number", "action"}  # each school has its own 2022, its own "aa"
REFUSED = {403, 404}
# What a form of the portal plausibly asks for, posted to every address of an object.
PLAUSIBLE = {"title": "改标题", "name": "改名", "text": "改", "comment": "理由", "action": "approve", "version": "1"}


def object_kwargs(url: str) -> set[str]:
    try:
        match = resolve(url.split("?")[0])
    except Resolver404:
        return set()
    return set(match.kwargs) & OBJECT_KWARGS


def every_pattern_kwarg():
    found = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                walk(pattern.url_patterns, f"{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern):
                found.update(pattern.pattern.converters)

    walk(get_resolver().url_patterns)
    return found


def test_every_address_argument_is_known_as_an_object_or_a_schools_own_key():
    unknown = every_pattern_kwarg() - OBJECT_KWARGS - KEYS_OF_A_SCHOOL - {"uidb64"}
    assert unknown == set(), "say whether the new address argument names an object (OBJECT_KWARGS) or not"


def school_rows(school_id: int) -> dict[str, str]:
    """A checksum of every row of the school's data, table by table, with its people's accounts, roles and own
    settings: what a request of another school must never change."""
    sums = {}
    with every_school():
        for model in project_models():
            if not holds_one_schools_data(model):
                continue
            rows = model.objects.filter(**{path_to_school(model): school_id}).order_by("pk").values_list()
            sums[model._meta.label] = _digest(rows)
        people = Membership.objects.filter(institution_id=school_id).values_list("user_id", flat=True)
        sums["users"] = _digest(get_user_model().objects.filter(pk__in=people).order_by("pk").values_list())
        for model in (Membership, ContactDetails, EmailPreference):
            sums[model._meta.label] = _digest(model.objects.filter(user__in=people).order_by("pk").values_list())
    return sums


def _digest(rows) -> str:
    rows = list(rows)
    return f"{len(rows)}:{hashlib.sha256(repr(rows).encode()).hexdigest()[:16]}"


def text_of(response) -> str:
    """What a page or a download says: an HTML page's text, or every part of a zipped file (xlsx, docx, zip, and
    the zipped files inside a zip)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return said_by(content)


def said_by(content: bytes) -> str:
    """The text of a body, with character references read as their characters: openpyxl writes a workbook's XML
    through lxml when it is installed (python-docx brings it), and then every CJK character as "&#22826;"."""
    if content[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                return " ".join(said_by(archive.read(name)) + " " + name for name in archive.namelist())
        except zipfile.BadZipFile:
            pass
    return html.unescape(content.decode("utf-8", "replace"))


def leaks(response) -> list[str]:
    if response.status_code >= 300:
        return []
    said = text_of(response)
    return [mark for mark in A_MARKS if mark in said]


@pytest.fixture
def two_schools(plan, users, college_a, report, assessment, export, school_b):
    """A's addresses (the permission matrix's, built on A's objects) and A's forms as A's staff read them."""
    cases = url_cases(plan, college_a, report, assessment, export)
    staff = client_for(users["staff"])
    forms = {}
    for _name, url, _expected, _is_write in cases:
        reader = read_forms(staff, url)
        for action, fields, files in reader.forms if reader else []:
            forms.setdefault((action, tuple(sorted(fields))), ({k: v or [""] for k, v in fields.items()}, files))
    return cases, forms


def test_school_bs_people_reach_nothing_of_school_a(two_schools, school_b):
    cases, forms = two_schools
    crawled = {name for name, *_ in cases}
    before = school_rows(home().pk)
    problems = []
    clients = {persona: client_for(school_b.users[persona]) for persona in B_PERSONAS.values()}
    for persona, client in clients.items():
        for name, url, _expected, _is_write in cases:
            response = client.get(url)
            if object_kwargs(url):
                if response.status_code not in REFUSED | {405}:
                    problems.append(f"{persona} GET {name} {url}: {response.status_code}")
            elif found := leaks(response):
                problems.append(f"{persona} GET {name} {url} says {found}")
    # The posts come after every page was read: a form of A's posted to an address of B's own (a new notice, the
    # edit of college "aa") writes A's values into B's rows, as B's people may.
    for persona, client in clients.items():
        for (action, _names), (fields, _files) in forms.items():
            data = {name: values[0] if len(values) == 1 else values for name, values in fields.items()}
            response = client.post(action, data)
            if object_kwargs(action) and response.status_code not in REFUSED:
                problems.append(f"{persona} POST {action}: {response.status_code}")
        # Every address of an object, posted to as its own form would (a POST-only address has no page to read).
        for name, url, _expected, _is_write in cases:
            if object_kwargs(url):
                response = client.post(url, PLAUSIBLE)
                if response.status_code not in REFUSED | {405}:  # 405: a page or file that takes no POST
                    problems.append(f"{persona} POST {name} {url}: {response.status_code}")
    assert problems == [], "\n".join(problems)
    assert school_rows(home().pk) == before
    assert len(crawled) > 150 and len(forms) > 40


def b_addresses(school_b) -> list[tuple[str, str]]:
    """A sample of B's own objects' addresses: pages, files and downloads."""
    with school_scope(school_b.school):
        return _b_addresses(school_b.objects)


def _b_addresses(o) -> list[tuple[str, str]]:
    evidence = o["report"].evidence.first()
    document = o["assessment"].scores.filter(documents__isnull=False).first().documents.first()
    member = o["college"].members.first()
    return [
        ("activities:detail", reverse("activities:detail", args=[o["report"].pk])),
        ("activities:edit", reverse("activities:edit", args=[o["report"].pk])),
        ("activities:evidence", reverse("activities:evidence", args=[o["report"].pk, evidence.pk])),
        ("activities:evidence_zip", reverse("activities:evidence_zip", args=[o["report"].pk])),
        ("scoring:document", reverse("scoring:document", args=[2022, "aa", document.pk])),
        ("colleges:member_edit", reverse("colleges:member_edit", args=["aa", member.pk])),
        ("committee:notice", reverse("committee:notice", args=[o["notice"].pk])),
        ("committee:meeting", reverse("committee:meeting", args=[o["meeting"].pk])),
        ("care:need", reverse("care:need", args=[o["need"].pk])),
        ("publicity:news_detail", reverse("publicity:news_detail", args=[o["news"].pk])),
        ("notifications:group_edit", reverse("notifications:group_edit", args=[o["robot"].pk])),
        ("dashboard:export_file", reverse("dashboard:export_file", args=[o["summary"].pk])),
        ("activities:export_job_file", reverse("activities:export_job_file", args=[o["report_export"].pk])),
        ("publicity:archive_file", reverse("publicity:archive_file", args=[o["archive"].pk])),
    ]


@pytest.mark.parametrize("persona", ["staff", "office", "sec1", "sec2", "admin"])
def test_school_as_people_reach_nothing_of_school_b(persona, users, school_b):
    client = client_for(users[persona])
    before = school_rows(school_b.school.pk)
    for name, url in b_addresses(school_b):
        assert client.get(url).status_code in REFUSED, f"{persona} GET {name}"
        assert client.post(url, PLAUSIBLE).status_code in REFUSED | {405}, f"{persona} POST {name}"
    assert school_rows(school_b.school.pk) == before
