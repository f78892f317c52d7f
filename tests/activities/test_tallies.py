"""The dashboard's tallies (activities/tallies.py) kept on write equal a count from scratch, whatever the writes.

Runs on SQLite in `make test` and on PostgreSQL in CI (DATABASE_URL)."""

import contextlib
import datetime
import random

import pytest

from activities import services, tallies
from activities.models import (
    Action,
    ActivityKind,
    ActivityReport,
    CollegeTally,
    ElderTally,
    MonthKindTally,
    Status,
)
from colleges.models import College, CommitteeMember, ElderKind, Position, Role
from core.errors import Refused
from tests.conftest import make_user

from ..helpers import scoped_thread

STEPS = 200


def snapshot() -> dict:
    """Every tally row that counts something (a refreshed cell keeps its emptied rows as lock anchors)."""
    return {
        "colleges": sorted(
            CollegeTally.objects.filter(reports__gt=0).values_list(
                "year", "college", "status", "reports", "students", "teachers", "latest"
            )
        ),
        "months": sorted(
            MonthKindTally.objects.filter(reports__gt=0).values_list(
                "year", "month", "kind", "reports", "students", "teachers"
            )
        ),
        "elders": sorted(ElderTally.objects.filter(times__gt=0).values_list("year", "college", "member", "times")),
    }


def direct_count() -> dict:
    """The oracle: the same figures counted report by report in Python."""
    colleges, months, elders = {}, {}, {}
    for r in ActivityReport.objects.prefetch_related("members"):
        row = colleges.setdefault((r.year, r.college_id, r.status), [0, 0, 0, None])
        row[0] += 1
        row[1] += r.student_count
        row[2] += r.teacher_count
        row[3] = max(row[3] or r.starts_on, r.starts_on)
        if r.status == Status.APPROVED:
            cell = months.setdefault((r.year, r.starts_on.month, r.kind_id), [0, 0, 0])
            cell[0] += 1
            cell[1] += r.student_count
            cell[2] += r.teacher_count
            for member in r.members.all():
                elders[(r.year, r.college_id, member.pk)] = elders.get((r.year, r.college_id, member.pk), 0) + 1
    return {
        "colleges": sorted((*key, *value) for key, value in colleges.items()),
        "months": sorted((*key, *value) for key, value in months.items()),
        "elders": sorted((*key, times) for key, times in elders.items()),
    }


@pytest.fixture
def school(users, college_a, college_b):
    # Evidence plays no part in the tallies: let every kind go to review without files.
    ActivityKind.objects.update(min_photos=0, requires_document=False)
    college_c = College.objects.create(code="cc", name="信息技术学院", short_name="信息", campus="taihu", order=3)
    for college in (college_b, college_c):
        CommitteeMember.objects.create(
            college=college, name=f"{college.code}老师", position=Position.MEMBER, elder_kind=ElderKind.TEACHER
        )
    secretaries = {college_a.pk: users["sec1"], college_b.pk: users["sec2"]}
    secretaries[college_c.pk] = make_user("sec3", Role.SECRETARY, college_c)
    return {"colleges": [college_a, college_b, college_c], "secretaries": secretaries, "staff": users["staff"]}


def random_date(rng) -> datetime.date:
    return datetime.date(rng.choice([2021, 2022]), rng.randint(1, 12), rng.randint(1, 28))


def members_of(rng, college) -> list[CommitteeMember]:
    members = list(CommitteeMember.objects.filter(college=college))
    return rng.sample(members, k=rng.randint(0, len(members)))


def test_tallies_kept_on_every_write_equal_a_rebuild_from_scratch(school):
    rng = random.Random(16)  # noqa: S311 -- a reproducible sequence of writes, not security
    colleges, secretaries, staff = school["colleges"], school["secretaries"], school["staff"]
    kinds = list(ActivityKind.objects.all())

    def create():
        college = rng.choice(colleges)
        day = random_date(rng)
        report = ActivityReport(
            college=college,
            kind=rng.choice(kinds),
            title="活动",
            starts_on=day,
            ends_on=day,
            place="报告厅",
            summary="内容",
            student_count=rng.randint(0, 90),
            teacher_count=rng.randint(0, 9),
        )
        services.create_report(report, secretaries[college.pk], members_of(rng, college))

    def pick(*statuses):
        reports = list(ActivityReport.objects.filter(status__in=statuses).order_by("pk"))
        return rng.choice(reports) if reports else None

    def edit():
        report = pick(Status.DRAFT, Status.RETURNED)
        if report is None:
            return
        report.kind = rng.choice(kinds)
        report.starts_on = report.ends_on = random_date(rng)
        report.student_count, report.teacher_count = rng.randint(0, 90), rng.randint(0, 9)
        services.update_report(report, secretaries[report.college_id], report.version, members_of(rng, report.college))

    def act(action, *statuses):
        def step():
            report = pick(*statuses)
            if report is None:
                return
            user = (
                staff if action in (Action.APPROVE, Action.RETURN, Action.REOPEN) else secretaries[report.college_id]
            )
            services.transition(report, user, action, "请补充", report.version)

        return step

    def delete_draft():
        report = pick(Status.DRAFT)
        if report is not None:
            services.delete_draft(report, secretaries[report.college_id], report.version)

    def batch_approve():
        waiting = ActivityReport.objects.filter(status=Status.SUBMITTED).order_by("pk")[:3]
        services.approve_many(staff, {r.pk: r.version for r in waiting})

    def move_by_save():
        """What the admin does: any field of any report, saved whole, even an approved one to another college."""
        report = pick(*Status.values)
        if report is None:
            return
        report.college = rng.choice(colleges)
        report.starts_on = report.ends_on = random_date(rng)
        report.kind = rng.choice(kinds)
        report.status = rng.choice(Status.values)
        report.student_count = rng.randint(0, 90)
        report.save()

    def delete_by_admin():
        report = pick(*Status.values)
        if report is not None:
            report.delete()

    def members_from_the_member_side():
        member = rng.choice(list(CommitteeMember.objects.all()))
        report = pick(Status.APPROVED)
        if rng.random() < 0.3:
            member.reports.clear()
        elif report is not None:
            (member.reports.add if rng.random() < 0.7 else member.reports.remove)(report)

    def members_from_the_report_side():
        report = pick(Status.APPROVED, Status.SUBMITTED)
        if report is not None:
            report.members.set(members_of(rng, rng.choice(colleges)))

    steps = [
        (create, 6),
        (edit, 3),
        (act(Action.SUBMIT, Status.DRAFT, Status.RETURNED), 5),
        (act(Action.APPROVE, Status.SUBMITTED), 4),
        (act(Action.RETURN, Status.SUBMITTED), 1),
        (act(Action.REOPEN, Status.APPROVED), 1),
        (act(Action.WITHDRAW, Status.SUBMITTED), 1),
        (delete_draft, 1),
        (batch_approve, 1),
        (move_by_save, 1),
        (delete_by_admin, 1),
        (members_from_the_member_side, 1),
        (members_from_the_report_side, 1),
    ]
    functions, weights = zip(*steps, strict=True)
    for _ in range(STEPS):
        # A step the rules refuse changes nothing, which the comparison below also checks.
        with contextlib.suppress(Refused):
            rng.choices(functions, weights)[0]()

    assert ActivityReport.objects.filter(status=Status.APPROVED).count() > 10
    assert ElderTally.objects.filter(times__gt=0).exists()
    kept = snapshot()
    assert kept == direct_count()
    tallies.rebuild()
    assert snapshot() == kept


def test_a_rebuild_counts_reports_loaded_in_bulk(school):
    college = school["colleges"][0]
    kind = ActivityKind.objects.get(code="lecturer-lecture")
    day = datetime.date(2022, 3, 8)
    ActivityReport.objects.bulk_create(
        ActivityReport(
            college=college,
            kind=kind,
            title=f"批量{n}",
            starts_on=day,
            ends_on=day,
            year=2022,
            place="礼堂",
            summary="内容",
            status=Status.APPROVED,
            student_count=10,
            created_by=school["staff"],
        )
        for n in range(4)
    )
    assert not CollegeTally.objects.exists()  # bulk_create sends no signal
    tallies.rebuild()
    assert CollegeTally.objects.get(year=2022, college=college, status=Status.APPROVED).students == 40
    assert MonthKindTally.objects.get(year=2022, month=3, kind=kind).reports == 4
    assert snapshot() == direct_count()


def test_changing_a_members_elder_kind_needs_no_refresh(school):
    """The elder rows keep every linked member; the dashboard keeps the elders when it reads them."""
    from dashboard import figures

    college = school["colleges"][1]
    member = CommitteeMember.objects.get(college=college, elder_kind=ElderKind.TEACHER)
    day = datetime.date(2022, 6, 1)
    report = ActivityReport(
        college=college,
        kind=ActivityKind.objects.first(),
        title="活动",
        starts_on=day,
        ends_on=day,
        place="报告厅",
        summary="内容",
    )
    services.create_report(report, school["secretaries"][college.pk], [member])
    services.transition(report, school["secretaries"][college.pk], Action.SUBMIT, "", report.version)
    report.refresh_from_db()
    services.transition(report, school["staff"], Action.APPROVE, "", report.version)
    assert figures.participation(2022)["elder_times"] == 1
    CommitteeMember.objects.filter(pk=member.pk).update(elder_kind="")
    from django.core.cache import cache

    cache.clear()
    assert figures.participation(2022)["elder_times"] == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reviewers_approving_in_the_same_cells_at_once_leave_exact_tallies(users, college_a):
    """Four reviewers approve reports of one college, month and kind at the same moment, into cells whose rows do
    not exist yet: the rows are created once, each recount waits for the one before, and none is lost."""
    import threading

    from django.db import connection

    from tests.conftest import make_report

    ActivityKind.objects.update(min_photos=0, requires_document=False)
    reports = [make_report(college_a, users["sec1"], status=Status.SUBMITTED, title=f"报告{n}") for n in range(8)]
    CollegeTally.objects.all().delete()
    MonthKindTally.objects.all().delete()
    barrier = threading.Barrier(4)
    errors = []

    def approve(batch):
        try:
            barrier.wait(timeout=10)
            services.approve_many(users["staff"], {r.pk: r.version for r in batch})
        except Exception as error:  # noqa: BLE001 -- reported by the assertion below, with its message
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [scoped_thread(approve, reports[n::4]) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert ActivityReport.objects.filter(status=Status.APPROVED).count() == 8
    assert snapshot() == direct_count()
