"""Files built in the background belong to a school: one live build of a file per school, and a request finds the
live build of the same file in its own school, never another school's (core/jobs.py, issue 27)."""

import pytest
from django.db import IntegrityError, transaction

from activities import tasks as report_tasks
from activities.models import ReportExport
from colleges.models import College
from core.jobs import JobClaims, JobState
from core.scoping import school_scope
from dashboard import tasks as dashboard_tasks
from dashboard.models import AnnualExport
from institutions.models import Institution, home
from publicity import tasks as publicity_tasks
from publicity.models import YearArchive

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_school():
    return Institution.objects.create(code="d-th", name="太湖理工学院（测试）", short_name="太湖理工")


@pytest.fixture
def sent(monkeypatch):
    sent = []
    for module in (report_tasks, dashboard_tasks, publicity_tasks):
        monkeypatch.setattr(module, "enqueue", sent.append)
    return sent


@pytest.mark.parametrize(
    "make",
    [
        lambda school, user: AnnualExport.objects.create(
            institution=school, year=2022, format="xlsx", requested_by=user
        ),
        lambda school, user: YearArchive.objects.create(institution=school, year=2022, requested_by=user),
    ],
    ids=["annual summary", "year archive"],
)
def test_each_school_has_at_most_one_live_build_of_a_file(make, users, other_school):
    make(home(), users["staff"])
    make(other_school, users["staff"])  # the same file of another school: its own build
    with pytest.raises(IntegrityError), transaction.atomic():
        make(other_school, users["office"])


def test_a_request_finds_the_live_build_of_its_own_school_not_anothers(users, other_school, sent):
    theirs = AnnualExport.objects.create(
        institution=other_school, year=2022, format="xlsx", requested_by=users["staff"]
    )
    ours, outcome = dashboard_tasks.request_export(2022, "xlsx", users["office"])
    assert outcome == "created" and ours.pk != theirs.pk and ours.institution == home()
    again, outcome = dashboard_tasks.request_export(2022, "xlsx", users["staff"])
    assert (again.pk, outcome) == (ours.pk, "building")
    assert sent == [ours.pk]


def test_an_archive_request_finds_its_own_schools_build(users, other_school, sent):
    YearArchive.objects.create(institution=other_school, year=2022, requested_by=users["staff"])
    ours, outcome = publicity_tasks.request_archive(2022, users["staff"])
    assert outcome == "created" and ours.institution == home()
    assert publicity_tasks.request_archive(2022, users["office"])[0].pk == ours.pk


def test_an_export_is_the_schools_whose_scope_asked_for_it(users, other_school, sent):
    with school_scope(other_school):
        college = College.objects.create(code="aa", name="机械技术学院", short_name="机械")
        export, outcome = report_tasks.request_report_export(users["staff"], "", college.pk)
    assert outcome == "created" and export.institution == other_school
    school_wide, _outcome = report_tasks.request_report_export(users["staff"], "", None)
    assert school_wide.institution == home() and school_wide.pk != export.pk


def test_a_build_with_a_school_cannot_be_asked_for_without_it(users):
    with pytest.raises(TypeError, match="institution"):
        JobClaims(YearArchive).request(lambda pk: None, users["staff"], year=2022)
    assert not YearArchive.objects.filter(state__in=[JobState.PENDING, JobState.RUNNING]).exists()
    assert not ReportExport.objects.exists()
