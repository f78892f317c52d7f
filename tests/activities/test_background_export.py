"""A report list download of more than GKW_EXPORT_DIRECT_ROWS rows is built in the background: who asked sees
its progress and gets the file; nobody else does; a killed build is taken over; its content is the direct
download's; and its queries do not grow with the rows."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from activities import tasks
from activities.models import ActivityKind, ActivityReport, ReportExport, Status
from activities.tasks import MAX_ATTEMPTS, build_report_export, claims, resend_waiting_report_exports
from colleges.access import membership_of
from colleges.models import CommitteeMember
from core.jobs import JobState
from dashboard import narrative

from ..conftest import make_report

pytestmark = pytest.mark.django_db


def rows_of(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.values)


def file_of(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def two_reports(users, college_a, college_b):
    make_report(college_a, users["sec1"], title="机械的宣讲", status=Status.APPROVED)
    make_report(college_a, users["sec1"], title="机械的调研", kind="research")
    make_report(college_b, users["sec2"], title="控制的宣讲")


@pytest.fixture
def small_limit(settings):
    settings.GKW_EXPORT_DIRECT_ROWS = 1


def test_a_small_export_answers_directly(users, two_reports, as_user):
    response = as_user("staff").get(reverse("activities:export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert len(rows_of(response.content)) == 1 + 3
    assert not ReportExport.objects.exists()


def test_a_large_export_is_built_in_the_background_and_offered_to_who_asked(
    users, two_reports, small_limit, as_user, django_capture_on_commit_callbacks
):
    staff = as_user("staff")
    with django_capture_on_commit_callbacks(execute=False) as sent:
        response = staff.get(reverse("activities:export"), {"year": "2022", "page": "3", "junk": "x"})
    job = ReportExport.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.query, job.college_id, job.requested_by, job.state) == ("year=2022", None, users["staff"], "pending")

    waiting = staff.get(job.get_absolute_url()).content.decode()
    assert reverse("activities:export_job_status", args=[job.pk]) in waiting and "排队中" in waiting
    assert staff.get(reverse("activities:export_job_status", args=[job.pk])).json()["url"] is None
    assert staff.get(reverse("activities:export_job_file", args=[job.pk])).status_code == 404

    for callback in sent:
        callback()  # the eager task builds it
    job.refresh_from_db()
    assert (job.state, job.progress, job.attempts) == (JobState.DONE, 100, 1)
    status = staff.get(reverse("activities:export_job_status", args=[job.pk])).json()
    assert status["url"] == job.file_url and status["state"] == "done"
    assert job.file_url in staff.get(job.get_absolute_url()).content.decode()

    built = rows_of(file_of(staff.get(job.file_url)))
    direct = rows_of(staff.get(reverse("activities:export"), {"year": "2023"}).content)  # nothing: answered directly
    assert len(direct) == 1
    assert built[0] == direct[0] and [row[1] for row in built[1:]] == ["控制的宣讲", "机械的调研", "机械的宣讲"]


def test_the_background_file_equals_the_direct_download_of_the_same_filter(
    users, two_reports, settings, as_user, django_capture_on_commit_callbacks
):
    query = {"college": str(membership_of(users["sec1"]).college_id), "year": "2022"}
    direct = rows_of(as_user("staff").get(reverse("activities:export"), query).content)
    settings.GKW_EXPORT_DIRECT_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        as_user("staff").get(reverse("activities:export"), query)
    job = ReportExport.objects.get()
    assert rows_of(file_of(as_user("staff").get(job.file_url))) == direct
    assert len(direct) == 1 + 2


def test_a_secretarys_export_stays_in_their_college_and_only_they_and_staff_see_it(
    users, college_a, two_reports, small_limit, as_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("sec1").get(reverse("activities:export"))
    job = ReportExport.objects.get()
    assert response["Location"] == job.get_absolute_url() and job.college == college_a
    assert [row[0] for row in rows_of(file_of(as_user("sec1").get(job.file_url)))[1:]] == [college_a.name] * 2

    urls = [job.get_absolute_url(), reverse("activities:export_job_status", args=[job.pk]), job.file_url]
    for persona, expected in [("sec1", 200), ("staff", 200), ("admin", 200), ("sec2", 404), ("office", 404)]:
        assert [as_user(persona).get(url).status_code for url in urls] == [expected] * 3, persona
    assert as_user("norole").get(urls[0]).status_code == 403


def test_asking_again_while_it_builds_finds_the_same_build(users, two_reports, small_limit, as_user, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks, "enqueue", sent.append)
    first = as_user("office").get(reverse("activities:export"), {"status": ""})
    second = as_user("office").get(reverse("activities:export"), {"status": ""})
    assert first["Location"] == second["Location"] and ReportExport.objects.count() == 1 and len(sent) == 1


def test_two_people_asking_the_same_filter_each_get_a_build_they_may_open(
    users, two_reports, small_limit, as_user, monkeypatch
):
    """What an export holds is what its asker may see, and only they (and staff) may open it: a second person of the
    same college asking the same filter must not be sent to the first one's build (a 404 for them)."""
    from colleges.models import Role
    from tests.conftest import client_for, make_user

    other = client_for(make_user("sec1b", Role.SECRETARY, college=membership_of(users["sec1"]).college))
    monkeypatch.setattr(tasks, "enqueue", lambda job_id: None)
    first = as_user("sec1").get(reverse("activities:export"), {"status": ""})
    second = other.get(reverse("activities:export"), {"status": ""})
    assert first["Location"] != second["Location"] and ReportExport.objects.count() == 2
    assert other.get(second["Location"]).status_code == 200


@pytest.fixture
def long_ago(settings):
    return timezone.now() - datetime.timedelta(seconds=settings.GKW_STALE_CLAIM_SECONDS + 60)


def dead_build(users, heartbeat_at, *, attempts=1):
    """What a killed worker leaves behind: a build at 10 %, claimed, that nobody is working on."""
    return ReportExport.objects.create(
        requested_by=users["staff"],
        state=JobState.RUNNING,
        progress=10,
        attempts=attempts,
        started_at=timezone.now(),
        heartbeat_at=heartbeat_at,
    )


def test_the_sweep_takes_over_a_build_whose_worker_died(users, two_reports, long_ago):
    job = dead_build(users, long_ago)
    live = dead_build(users, timezone.now())

    assert resend_waiting_report_exports.apply().result == 1

    job.refresh_from_db()
    live.refresh_from_db()
    assert (job.state, job.progress, job.attempts) == (JobState.DONE, 100, 2)
    assert (live.state, live.attempts) == (JobState.RUNNING, 1)
    assert len(rows_of(job.file.read())) == 1 + 3


def test_a_new_request_sends_a_dead_build_again(
    users, two_reports, small_limit, long_ago, as_user, django_capture_on_commit_callbacks
):
    job = dead_build(users, long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("staff").get(reverse("activities:export"))
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.DONE, 2)


def test_a_build_that_kills_its_worker_every_time_is_failed(users, long_ago, as_user):
    job = dead_build(users, long_ago, attempts=MAX_ATTEMPTS)
    assert resend_waiting_report_exports.apply().result == 0
    job.refresh_from_db()
    assert job.state == JobState.FAILED and f"中断了 {MAX_ATTEMPTS} 次" in job.error
    assert "中断了" in as_user("staff").get(job.get_absolute_url()).content.decode()


def test_a_slow_worker_that_was_taken_over_writes_nothing(users, two_reports, long_ago, monkeypatch):
    job = ReportExport.objects.create(requested_by=users["staff"])

    def slow_build(job_row, progress):
        progress(10)
        ReportExport.objects.filter(pk=job.pk).update(heartbeat_at=long_ago)
        assert claims.claim(job.pk) == 2  # meanwhile another worker takes it over
        progress(50)
        pytest.fail("the first worker went on after losing its claim")

    monkeypatch.setattr(tasks, "_build", slow_build)
    build_report_export.apply(args=(job.pk,))
    job.refresh_from_db()
    assert (job.state, job.attempts, job.progress, job.file.name) == (JobState.RUNNING, 2, 0, "")


def test_nothing_is_lost_while_the_broker_is_down(users, two_reports, small_limit, as_user, monkeypatch):
    monkeypatch.setattr(tasks, "enqueue", lambda job_id: None)  # the message never arrives
    as_user("staff").get(reverse("activities:export"))
    job = ReportExport.objects.get()
    assert job.state == JobState.PENDING

    assert resend_waiting_report_exports.apply().result == 1
    job.refresh_from_db()
    assert job.state == JobState.DONE


@pytest.mark.parametrize(
    "query",
    [
        "year=abc",
        "year=99999999999999999999",
        "college=%00",
        "q=%00",
        "q=" + "长" * 500,
        "date_from=9999-99-99&date_to=0000-00-00",
        "kind=1%27--&work_point=-1",
        "status=%3Cscript%3E&page=-1",
        "college=1&college=2&year=2022&year=2023",
        "%00=%00",
    ],
)
def test_hostile_query_strings_never_fail(users, two_reports, small_limit, as_user, query, monkeypatch):
    monkeypatch.setattr(tasks, "enqueue", lambda job_id: None)
    for persona in ["staff", "sec1", "office"]:
        response = as_user(persona).get(reverse("activities:export") + "?" + query)
        assert response.status_code in (200, 302), (persona, query)
    for job in ReportExport.objects.all():
        assert tasks.reports_of_export(job).count() >= 2


def test_the_builds_queries_do_not_grow_with_the_rows(users, college_a):
    kind = ActivityKind.objects.get(code="lecturer-lecture")
    members = [CommitteeMember.objects.create(college=college_a, name=f"委员{n}") for n in range(2)]

    def add_reports(count):
        reports = ActivityReport.objects.bulk_create(
            ActivityReport(
                college=college_a,
                kind=kind,
                title=f"活动{n}",
                starts_on=datetime.date(2022, 5, 4),
                ends_on=datetime.date(2022, 5, 4),
                year=2022,
                created_by=users["sec1"],
            )
            for n in range(count)
        )
        links = ActivityReport.members.through
        links.objects.bulk_create(
            links(activityreport_id=report.pk, committeemember_id=member.pk)
            for report in reports
            for member in members
        )

    def queries_of_a_build():
        job = ReportExport.objects.create(requested_by=users["staff"])
        with CaptureQueriesContext(connection) as captured:
            build_report_export.apply(args=(job.pk,))
        job.refresh_from_db()
        assert job.state == JobState.DONE
        return len(captured), rows_of(job.file.read())

    add_reports(50)
    few, rows = queries_of_a_build()
    assert len(rows) == 1 + 50 and rows[1][10] == "委员0、委员1"
    add_reports(450)
    many, rows = queries_of_a_build()
    assert len(rows) == 1 + 500
    assert few == many


def test_the_printed_summary_lists_a_bounded_number_of_activities_per_college(users, college_a):
    for number in range(3):
        make_report(college_a, users["sec1"], title=f"活动{number}", status=Status.APPROVED)
    [group] = narrative.approved_by_college(2022, limit=2)
    assert [a["title"] for a in group["activities"]] == ["活动0", "活动1"]
    assert (group["total"], group["more"]) == (3, 1)
    [group] = narrative.approved_by_college(2022)
    assert (len(group["activities"]), group["more"]) == (3, 0)


def test_a_province_of_colleges_gets_its_totals_only_in_the_printed_summary(users, college_a, college_b, monkeypatch):
    for number in range(3):
        make_report(college_a, users["sec1"], title=f"活动{number}", status=Status.APPROVED)
    make_report(college_b, users["sec2"], title="乙院活动", status=Status.APPROVED)
    monkeypatch.setattr(narrative, "PDF_ACTIVITIES_IN_ALL", 2)  # one activity for each of two colleges
    assert [(g["college"], len(g["activities"]), g["more"]) for g in narrative.approved_by_college(2022)] == [
        (college_a.name, 1, 2),
        (college_b.name, 1, 0),
    ]
    monkeypatch.setattr(narrative, "PDF_ACTIVITIES_IN_ALL", 1)  # fewer than one each: the totals alone
    assert [(g["college"], g["activities"], g["total"]) for g in narrative.approved_by_college(2022)] == [
        (college_a.name, [], 3),
        (college_b.name, [], 1),
    ]
