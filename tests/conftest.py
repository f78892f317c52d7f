"""Shared fixtures: the personas of the portal and a small school to act on.

Personas: committee staff, the party office, the secretary of college A (sec1), the secretary of college B
(sec2), an administrator, a logged-in user without a role, and the anonymous visitor.
"""

import os

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.db.utils import load_backend
from django.test import Client

from colleges.access import memberships_of
from colleges.models import BrandProject, College, CommitteeMember, ElderKind, Membership, Position, Role
from core.scoping import every_school, school_scope
from institutions.models import ensure_home
from plans.services import DATA_DIR, load_workplan_file

from .helpers import photo_upload

PASSWORD = "pw-for-tests-only"


@pytest.fixture
def plan(db):
    return load_workplan_file(DATA_DIR / "workplan_2022.json").plan


@pytest.fixture
def college_a(db):
    college = College.objects.create(code="aa", name="机械技术学院", short_name="机械", campus="zhongqiao", order=1)
    CommitteeMember.objects.create(college=college, name="甲主任", position=Position.DIRECTOR)
    CommitteeMember.objects.create(
        college=college,
        name="乙老师",
        position=Position.EXECUTIVE_DEPUTY,
        elder_kind=ElderKind.TEACHER,
        retired_year=2016,
    )
    BrandProject.objects.create(college=college, year=2022, title="工匠精神进课堂", status="in_progress")
    return college


@pytest.fixture
def college_b(db):
    college = College.objects.create(code="bb", name="控制技术学院", short_name="控制", campus="taihu", order=2)
    CommitteeMember.objects.create(college=college, name="丙主任", position=Position.DIRECTOR)
    return college


def make_user(username, role=None, college=None, member_unit=None, **extra):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
    if role:
        Membership.objects.create(user=user, role=role, college=college, member_unit=member_unit)
    memberships_of(user)  # the roles come with the user, as colleges.backends loads them for a request
    return user


@pytest.fixture
def users(db, college_a, college_b, kinds):
    return {
        "staff": make_user("staff", Role.STAFF),
        "office": make_user("office", Role.OFFICE),
        "sec1": make_user("sec1", Role.SECRETARY, college_a),
        "sec2": make_user("sec2", Role.SECRETARY, college_b),
        "admin": make_user("admin", Role.ADMIN, is_staff=True, is_superuser=True),
        "norole": make_user("norole"),
    }


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_user(users):
    """as_user("sec1") -> a test client logged in as that persona; as_user(None) -> anonymous."""
    return lambda name: client_for(users[name] if name else None)


@pytest.fixture(autouse=True)
def in_home_school(request):
    """A test that uses the database runs in the home school's scope, as a request of its people does; a test of
    another school enters that school's scope (or `every_school()`) itself."""
    uses_db = request.node.get_closest_marker("django_db") or any(
        name in request.fixturenames for name in ("db", "transactional_db")
    )
    if not uses_db:
        yield
        return
    request.getfixturevalue("transactional_db" if _is_transactional(request) else "db")
    with every_school():
        school = ensure_home()
    with school_scope(school):
        yield


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return "transactional_db" in request.fixturenames or bool(
        marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own folder and vanish with it."""
    settings.MEDIA_ROOT = tmp_path / "media"


def ensure_default_kinds():
    """The activity kinds a migration creates. A transactional test (live server, real workers) empties every
    table when it ends, so the tests after it put them back rather than rely on the migration."""
    import importlib

    from activities.models import ActivityKind

    migration = importlib.import_module("activities.migrations.0002_default_kinds")
    for order, (code, name, work_point_code, metric) in enumerate(migration.DEFAULT_KINDS, start=1):
        ActivityKind.objects.get_or_create(
            code=code, defaults={"name": name, "work_point_code": work_point_code, "metric": metric, "order": order}
        )


@pytest.fixture
def kinds(db):
    ensure_default_kinds()


def make_report(college, author, *, status=None, title="讲师团宣讲：百年党史", kind="lecturer-lecture", **fields):
    """A report of `college` as `author` filed it, moved to `status` the way the portal would."""
    import datetime

    from activities import services
    from activities.models import ActivityKind, ActivityReport, Status

    ensure_default_kinds()
    report = ActivityReport(
        college=college,
        kind=ActivityKind.objects.get(code=kind),
        title=title,
        starts_on=fields.pop("starts_on", datetime.date(2022, 5, 4)),
        ends_on=fields.pop("ends_on", datetime.date(2022, 5, 4)),
        place="报告厅",
        summary="老同志讲述党史故事。",
        **fields,
    )
    report = services.create_report(report, author)
    # The college's own school's staff review it.
    staff = (
        get_user_model()
        .objects.filter(membership__role=Role.STAFF, membership__institution_id=college.institution_id)
        .order_by("pk")
        .first()
    )
    path = {
        None: [],
        Status.DRAFT: [],
        Status.SUBMITTED: [("submit", author)],
        Status.RETURNED: [("submit", author), ("return", staff)],
        Status.APPROVED: [("submit", author), ("approve", staff)],
    }[status]
    if path:
        # A report goes to review only with the evidence its kind asks for (at least one photo by default).
        from core.uploads import check_upload

        services.add_evidence(report, author, [check_upload(photo_upload())])
        report.refresh_from_db()
    for action, user in path:
        report = services.transition(report, user, action, "请补充材料" if action == "return" else "", report.version)
    return report


@pytest.fixture
def report_a(users, college_a):
    """A draft of college A, filed by its secretary sec1."""
    return make_report(college_a, users["sec1"])


@pytest.fixture(autouse=True)
def fresh_cache():
    """Cached figures of one test must not answer another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# The objects that the permission matrix's URLs (tests/test_permissions.py: url_cases) are built on; the
# accessibility walk (tests/e2e/test_accessibility.py) opens the same pages.


@pytest.fixture
def report(users, college_a, report_a):
    """College A's draft with one photo, so that its file addresses exist; beside it, a report of college A
    waiting for review with a photo of its own, so that the reviewers' pages have a report and a form to show."""
    from activities import services
    from core.uploads import check_upload

    services.add_evidence(report_a, users["sec1"], [check_upload(photo_upload())])
    waiting = make_report(college_a, users["sec1"], title="待审核的宣讲报告")
    services.add_evidence(waiting, users["sec1"], [check_upload(photo_upload())])
    waiting.refresh_from_db()
    services.transition(waiting, users["sec1"], "submit", "", waiting.version)
    return report_a


@pytest.fixture
def assessment(users, college_a, report):
    """College A's 2022 assessment with one evidence document, so that its addresses exist."""
    from core.uploads import check_upload
    from scoring import assessments, schemes

    scheme, _ = schemes.load_scheme_file()
    assessment = assessments.find_assessment(college_a, scheme)
    score = assessment.scores.first()
    pdf = SimpleUploadedFile("制度.pdf", b"%PDF-1.4\n%%EOF\n")
    assessments.add_documents(score, users["sec1"], [check_upload(pdf)])
    return assessment


@pytest.fixture
def notification(users):
    from notifications.models import Notification

    return Notification.objects.create(user=users["sec1"], title="报告已审核通过", link="/reports/")


@pytest.fixture
def export(users, notification):
    """A finished annual summary, so that its addresses exist."""
    from dashboard.models import AnnualExport

    done = AnnualExport.objects.create(year=2022, format="xlsx", requested_by=users["office"], state="done")
    done.file.save("summary.xlsx", ContentFile(b"PK\x03\x04 not really a workbook"), save=True)
    return done


def create_or_drop(connection, statement: str) -> None:
    # Outside any transaction, on the server's maintenance database, as Django's own test set-up does it.
    with connection._nodb_cursor() as cursor:
        cursor.execute(statement)


@pytest.fixture
def second_database(tmp_path):
    """A fresh, empty database of the suite's own engine under the alias "restored"; dropped afterwards."""
    default = connections["default"]
    options = dict(default.settings_dict)
    if default.vendor == "sqlite":
        options["NAME"] = str(tmp_path / "restored.sqlite3")
    else:
        options["NAME"] = f"{default.settings_dict['NAME']}_restore_{os.getpid()}"
        create_or_drop(default, f'DROP DATABASE IF EXISTS "{options["NAME"]}"')
        create_or_drop(default, f'CREATE DATABASE "{options["NAME"]}"')
    # A connection of its own rather than a configured alias: the test runner allows only the aliases it knew.
    restored = load_backend(options["ENGINE"]).DatabaseWrapper(options, alias="restored")
    yield restored
    restored.close()
    if default.vendor != "sqlite":
        create_or_drop(default, f'DROP DATABASE IF EXISTS "{options["NAME"]}" WITH (FORCE)')
