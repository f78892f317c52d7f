"""The review queue: keyset pages, filters and search, the side-by-side review page, and batch approval."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities import queue, services
from activities.models import Action, ActivityKind, ActivityReport, ReportEvent, Status
from colleges.models import Role
from core.keyset import Key
from core.uploads import check_upload
from plans.models import WorkPoint

from ..conftest import make_report, make_user
from ..helpers import photo_upload

QUEUE = reverse("activities:review")
NOW = timezone.now()


def waiting(college, author, title, *, hours_ago=1.0, kind="lecturer-lecture", place="报告厅", submitted_at=None):
    """A submitted report, as if it had been submitted `hours_ago` (or at `submitted_at`)."""
    report = make_report(college, author, status=Status.SUBMITTED, title=title, kind=kind)
    submitted_at = submitted_at or NOW - datetime.timedelta(hours=hours_ago)
    report.place = place
    report.fill_search_tokens()  # update() skips save(), which fills it
    ActivityReport.objects.filter(pk=report.pk).update(
        submitted_at=submitted_at, place=place, search_tokens=report.search_tokens
    )
    report.refresh_from_db()
    return report


def many_waiting(college, author, count, *, start_hours_ago=1000):
    """`count` submitted reports in one insert, one a minute apart, pairs of them submitted at the same instant."""
    kind = ActivityKind.objects.get(code="lecturer-lecture")
    day = datetime.date(2022, 5, 4)
    base = NOW - datetime.timedelta(hours=start_hours_ago)
    ActivityReport.objects.bulk_create(
        ActivityReport(
            college=college,
            kind=kind,
            title=f"批量报告{n:03d}",
            starts_on=day,
            ends_on=day,
            year=day.year,
            place="报告厅",
            summary="内容",
            status=Status.SUBMITTED,
            created_by=author,
            submitted_at=base + datetime.timedelta(minutes=n // 2),
        )
        for n in range(count)
    )
    return list(ActivityReport.objects.filter(status=Status.SUBMITTED).order_by("submitted_at", "pk"))


def titles(response):
    return [report.title for report in response.context["page"].rows]


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# Keyset pages


def test_pages_follow_the_submission_order_and_come_back_the_same(users, college_a, as_user):
    reports = many_waiting(college_a, users["sec1"], 60)
    staff = as_user("staff")
    first = staff.get(QUEUE)
    assert titles(first) == [r.title for r in reports[:25]]
    assert first.context["page"].older is None
    second = staff.get(QUEUE, {"newer": first.context["page"].newer})
    assert titles(second) == [r.title for r in reports[25:50]]
    third = staff.get(QUEUE, {"newer": second.context["page"].newer})
    assert titles(third) == [r.title for r in reports[50:]]
    assert third.context["page"].newer is None
    back = staff.get(QUEUE, {"older": third.context["page"].older})
    assert titles(back) == titles(second)
    assert titles(staff.get(QUEUE, {"older": back.context["page"].older})) == titles(first)
    assert first.context["count"].value == 60
    assert first.context["oldest"] == reports[0].submitted_at


def test_newest_first_reads_the_queue_backwards(users, college_a, as_user):
    reports = many_waiting(college_a, users["sec1"], 30)
    staff = as_user("staff")
    first = staff.get(QUEUE, {"order": "newest"})
    assert titles(first) == [r.title for r in reversed(reports[5:])]
    assert first.context["page"].newer is None
    second = staff.get(QUEUE, {"order": "newest", "older": first.context["page"].older})
    assert titles(second) == [r.title for r in reversed(reports[:5])]
    assert second.context["page"].older is None
    assert "order=newest&amp;newer=" in second.content.decode()


def test_approving_reports_while_paging_neither_skips_nor_repeats_one(users, college_a, as_user):
    reports = many_waiting(college_a, users["sec1"], 60)
    staff = as_user("staff")
    first = staff.get(QUEUE)
    for report in reports[:10]:
        services.transition(report, users["staff"], Action.APPROVE, "", report.version)
    second = staff.get(QUEUE, {"newer": first.context["page"].newer})
    assert titles(second) == [r.title for r in reports[25:50]]


def test_a_resubmitted_report_is_at_the_newest_end(users, college_a, as_user):
    old = waiting(college_a, users["sec1"], "早先的", hours_ago=50)
    resubmitted = waiting(college_a, users["sec1"], "退回后重交", hours_ago=100)
    resubmitted = services.transition(resubmitted, users["staff"], Action.RETURN, "补材料", resubmitted.version)
    services.transition(resubmitted, users["sec1"], Action.SUBMIT, "", resubmitted.version)
    assert titles(as_user("staff").get(QUEUE)) == [old.title, resubmitted.title]
    assert titles(as_user("staff").get(QUEUE, {"order": "newest"})) == [resubmitted.title, old.title]


@pytest.mark.parametrize("cursor", ["x", "-1-5", "99999999999999999999-1", "1-99999999999999999999", "1e309"])
def test_a_broken_cursor_is_the_first_page(users, college_a, as_user, cursor):
    report = waiting(college_a, users["sec1"], "唯一")
    for side in ("older", "newer"):
        assert titles(as_user("staff").get(QUEUE, {side: cursor})) == [report.title]


def test_a_cursor_round_trips_to_the_microsecond():
    key = Key(datetime.datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=datetime.UTC), 42)
    assert queue.SUBMISSION.decode(queue.SUBMISSION.encode(key)) == key


# Filters and search


def test_the_queue_filters_by_college_kind_work_point_and_age(plan, users, college_a, college_b, as_user):
    midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    day = datetime.timedelta(days=1)
    lecture_a = waiting(college_a, users["sec1"], "机械的宣讲", submitted_at=midnight + datetime.timedelta(minutes=1))
    research_a = waiting(college_a, users["sec1"], "机械的帮扶", kind="care-help", submitted_at=midnight - 5 * day)
    lecture_b = waiting(college_b, users["sec2"], "控制的宣讲", submitted_at=midnight - 10 * day)
    recent_b = waiting(college_b, users["sec2"], "控制的帮扶", kind="care-help", submitted_at=midnight - 2 * day)
    staff = as_user("staff")
    lecture = ActivityKind.objects.get(code="lecturer-lecture")
    point = WorkPoint.objects.of_year(2022).get(code="4.2")

    assert titles(staff.get(QUEUE, {"college": college_b.pk})) == [lecture_b.title, recent_b.title]
    assert titles(staff.get(QUEUE, {"kind": lecture.pk})) == [lecture_b.title, lecture_a.title]
    assert titles(staff.get(QUEUE, {"work_point": point.pk})) == [lecture_b.title, lecture_a.title]
    assert titles(staff.get(QUEUE, {"age": "today"})) == [lecture_a.title]
    assert titles(staff.get(QUEUE, {"age": "1-3"})) == [recent_b.title]
    assert titles(staff.get(QUEUE, {"age": "4-7"})) == [research_a.title]
    assert titles(staff.get(QUEUE, {"age": "older"})) == [lecture_b.title]
    both = staff.get(QUEUE, {"college": college_a.pk, "kind": lecture.pk})
    assert titles(both) == [lecture_a.title]
    assert both.context["count"].value == 1


def test_the_queue_searches_title_and_place(users, college_a, as_user):
    by_title = waiting(college_a, users["sec1"], "工匠精神讲座")
    by_place = waiting(college_a, users["sec1"], "座谈会", place="图书馆工匠厅")
    waiting(college_a, users["sec1"], "其他")
    assert titles(as_user("staff").get(QUEUE, {"q": "工匠"})) == [by_title.title, by_place.title]


@pytest.mark.parametrize(
    "query", [{"college": "99999999999999999999"}, {"kind": "abc"}, {"age": "forever"}, {"order": "random"}]
)
def test_a_bad_filter_says_so_rather_than_fail(users, college_a, as_user, query):
    waiting(college_a, users["sec1"], "报告")
    response = as_user("staff").get(QUEUE, query)
    assert response.status_code == 200
    assert titles(response) == []
    assert "筛选条件" in response.content.decode()


def test_age_buckets_are_counted_in_local_calendar_days():
    today = datetime.date(2026, 11, 30)
    midnight = timezone.make_aware(datetime.datetime(2026, 11, 30))
    day = datetime.timedelta(days=1)
    assert queue.age_bounds("today", today) == (midnight, None)
    assert queue.age_bounds("1-3", today) == (midnight - 3 * day, midnight)
    assert queue.age_bounds("4-7", today) == (midnight - 7 * day, midnight - 3 * day)
    assert queue.age_bounds("older", today) == (None, midnight - 7 * day)
    assert queue.age_bounds("", today) == (None, None)


def test_a_card_shows_the_first_photo_as_a_thumbnail(users, college_a, as_user):
    report = make_report(college_a, users["sec1"], title="有照片")
    services.add_evidence(report, users["sec1"], [check_upload(photo_upload())])
    report.refresh_from_db()
    services.transition(report, users["sec1"], Action.SUBMIT, "", report.version)
    photo = report.evidence.get()
    page = as_user("staff").get(QUEUE).content.decode()
    assert reverse("activities:evidence_thumbnail", args=[report.pk, photo.pk]) in page


# Who may review


@pytest.mark.parametrize("persona", ["office", "sec1", "sec2"])
def test_only_reviewers_open_or_post_to_the_queue(users, college_a, as_user, persona):
    report = waiting(college_a, users["sec1"], "报告")
    client = as_user(persona)
    assert client.get(QUEUE).status_code == 403
    assert client.post(QUEUE, {f"report-{report.pk}": report.version}).status_code == 403
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_only_reviewers_open_or_post_to_the_review_page(users, college_a, as_user):
    report = waiting(college_a, users["sec1"], "报告")
    url = reverse("activities:review_report", args=[report.pk])
    data = {"action": "approve", "version": report.version}
    for persona, status in [("office", 403), ("sec1", 403), ("sec2", 404)]:
        assert as_user(persona).get(url).status_code == status
        assert as_user(persona).post(url, data).status_code == status
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


# The side-by-side review page


def test_the_review_page_steps_through_the_filtered_queue_and_moves_on_after_approving(
    users, college_a, college_b, as_user
):
    first = waiting(college_a, users["sec1"], "第一", hours_ago=30)
    waiting(college_b, users["sec2"], "别的学院", hours_ago=20)
    second = waiting(college_a, users["sec1"], "第二", hours_ago=10)
    third = waiting(college_a, users["sec1"], "第三", hours_ago=5)
    staff = as_user("staff")
    filters = f"college={college_a.pk}"
    url = reverse("activities:review_report", args=[second.pk])
    page = staff.get(f"{url}?{filters}")
    assert page.context["previous_url"] == reverse("activities:review_report", args=[first.pk]) + f"?{filters}"
    assert page.context["next_url"] == reverse("activities:review_report", args=[third.pk]) + f"?{filters}"
    newest = staff.get(f"{url}?{filters}&order=newest")
    assert newest.context["next_url"].startswith(reverse("activities:review_report", args=[first.pk]))

    response = staff.post(f"{url}?{filters}", {"action": "approve", "version": second.version})
    assert response.status_code == 302
    assert response.url == reverse("activities:review_report", args=[third.pk]) + f"?{filters}"
    second.refresh_from_db()
    assert second.status == Status.APPROVED

    # The last one returns to the queue, with the filters.
    last = staff.post(
        reverse("activities:review_report", args=[third.pk]) + f"?{filters}",
        {"action": "return", "comment": "请补充照片", "version": third.version},
    )
    assert last.url == f"{QUEUE}?{filters}"
    third.refresh_from_db()
    assert (third.status, third.return_reason) == (Status.RETURNED, "请补充照片")


def test_the_review_page_refuses_a_stale_version_and_stays(users, college_a, as_user):
    report = waiting(college_a, users["sec1"], "报告")
    url = reverse("activities:review_report", args=[report.pk])
    services.transition(report, users["staff"], Action.APPROVE, "", report.version)
    response = as_user("admin").post(url, {"action": "approve", "version": report.version})
    assert response.url == url
    assert len(message_texts(response)) == 1
    assert ReportEvent.objects.filter(report=report, action=Action.APPROVE).count() == 1


def test_the_review_page_takes_only_review_actions(users, college_a, as_user):
    report = make_report(college_a, users["sec1"], title="草稿")
    url = reverse("activities:review_report", args=[report.pk])
    page = as_user("staff").get(url)
    assert page.status_code == 200 and not page.context["actions"]
    as_user("staff").post(url, {"action": "submit", "version": report.version})
    report.refresh_from_db()
    assert report.status == Status.DRAFT


# Batch approval


def test_batch_approval_approves_the_selected_reports_only(users, college_a, as_user):
    chosen = [waiting(college_a, users["sec1"], f"选中{n}") for n in range(3)]
    left = waiting(college_a, users["sec1"], "未选")
    response = as_user("staff").post(
        f"{QUEUE}?order=newest", {f"report-{r.pk}": r.version for r in chosen}, follow=False
    )
    assert response.url == f"{QUEUE}?order=newest"
    statuses = dict(ActivityReport.objects.values_list("title", "status"))
    assert [statuses[r.title] for r in chosen] == [Status.APPROVED] * 3
    assert statuses[left.title] == Status.SUBMITTED
    assert any("选中0" in text and "3" in text for text in message_texts(response))


def test_two_reviewers_batch_approving_overlapping_sets_approve_each_report_once(users, college_a, as_user):
    reports = [waiting(college_a, users["sec1"], f"报告{n}") for n in range(4)]
    other = make_user("staff2", Role.STAFF)
    # Both reviewers open the queue at the same versions; the other approves reports 0 and 1 first.
    shown = {f"report-{r.pk}": r.version for r in reports}
    approved, done = services.approve_many(
        other, {reports[0].pk: reports[0].version, reports[1].pk: reports[1].version}
    )
    assert ([r.title for r in approved], done) == (["报告0", "报告1"], [])

    response = as_user("staff").post(QUEUE, shown)
    texts = message_texts(response)
    assert any("报告2" in t and "报告3" in t and "报告0" not in t for t in texts)
    assert any("报告0" in t and "报告1" in t and "报告2" not in t for t in texts)
    for report in reports:
        assert ReportEvent.objects.filter(report=report, action=Action.APPROVE).count() == 1
    assert set(ActivityReport.objects.values_list("status", flat=True)) == {Status.APPROVED}


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"report-abc": "1"},
        {"report-1": "x"},
        {"report-1": "99999999999999999999"},
        {"report-99999999999999999999": "1"},
        {"report-1": "-1"},
    ],
)
def test_a_bad_batch_is_refused_with_a_message(users, college_a, as_user, data):
    report = waiting(college_a, users["sec1"], "报告")
    response = as_user("staff").post(QUEUE, data)
    assert response.status_code == 302
    assert message_texts(response)
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_a_batch_is_capped(users, college_a, as_user):
    report = waiting(college_a, users["sec1"], "报告")
    data = {f"report-{n}": "1" for n in range(100_000, 100_000 + queue.MAX_BATCH)}
    data[f"report-{report.pk}"] = report.version
    response = as_user("staff").post(QUEUE, data)
    assert any("200" in text for text in message_texts(response))
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


# Cost


def queries_for_the_queue(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(QUEUE).status_code == 200
    return len(captured)


def test_the_queue_page_costs_the_same_with_10_or_200_reports(users, college_a, as_user):
    staff = as_user("staff")
    many_waiting(college_a, users["sec1"], 10)
    with_ten = queries_for_the_queue(staff)
    many_waiting(college_a, users["sec1"], 190, start_hours_ago=500)
    assert ActivityReport.objects.filter(status=Status.SUBMITTED).count() == 200
    assert queries_for_the_queue(staff) == with_ten
