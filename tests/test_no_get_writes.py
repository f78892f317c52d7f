"""No GET writes: opening a page changes nothing a person saved or is shown.

A link from another site opens a page with the visitor's cookies (SameSite=Lax lets top-level GETs through), so a
page that wrote on GET could be made to write for whoever follows a link. The walk opens every page of the
permission matrix as every persona and as each user the apps add, and fails on any INSERT, UPDATE or DELETE outside
the tables below, each with its reason.
"""

import re

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for
from tests.test_permissions import url_cases

# Writes a GET may make, and why.
ALLOWED_TABLES = {
    # The session stores flash messages shown once and removed by the page that shows them.
    "django_session",
    # Care privacy: every read of a care record's notes is logged (who read what, when), by design.
    "care_sensitiveread",
}
WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)


def writes_of(queries) -> set[str]:
    found = set()
    for query in queries:
        match = WRITE.match(query["sql"])
        if match and match.group(2) not in ALLOWED_TABLES:
            found.add(f"{match.group(1).split()[0].upper()} {match.group(2)}")
    return found


def mark_everything_unread() -> int:
    """Every row that records a first reading (`read_at`) set back to unread: an unread notice or message is the
    page most tempted to write when it is opened."""
    unread = 0
    for model in apps.get_models():
        field = next((f for f in model._meta.concrete_fields if f.name == "read_at" and f.null), None)
        if field is not None:
            unread += model._default_manager.update(read_at=None)
    return unread


def test_no_page_writes_on_get(plan, users, college_a, report, assessment, export):
    pages = sorted({url for _name, url, _expected, _write in url_cases(plan, college_a, report, assessment, export)})
    assert mark_everything_unread() > 0  # after the matrix made its objects (a reply reads the notice)
    others = get_user_model().objects.filter(membership__isnull=False).exclude(username__in=users).order_by("pk")
    readers = [users[name] for name in ("staff", "office", "sec1", "sec2", "admin")] + list(others)
    problems, opened = [], 0
    for user in readers:
        client = client_for(user)
        for page in pages:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page)
            opened += response.status_code == 200
            written = writes_of(queries.captured_queries)
            if written:
                problems.append(f"{page} ({user.username}): {', '.join(sorted(written))}")
    assert problems == []
    assert opened > 300
