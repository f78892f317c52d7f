"""The report list's keyset pages and bounded count: every report once, in order, forward and back, with the
filters kept in every link; a broken cursor is the first page; "more than 1,000" instead of counting the world."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import ActivityReport, Status
from activities.views.reports import NEWEST_ACTIVITY
from core.keyset import BoundedCount, Key, bounded_count, bounded_counts

from ..conftest import make_report

LIST = reverse("activities:list")


def copies(template, count, *, college=None, days=None):
    """`count` reports like `template` (of `college`), bulk-created, starting on the given days in turn."""
    fields = {
        f.attname: getattr(template, f.attname) for f in ActivityReport._meta.concrete_fields if f.attname != "id"
    }
    if college is not None:
        fields["college_id"] = college.pk
    made = []
    for n in range(count):
        day = days[n % len(days)] if days else template.starts_on
        made.append(ActivityReport(**{**fields, "title": f"报告 {n}", "starts_on": day, "ends_on": day, "year": 2022}))
    return ActivityReport.objects.bulk_create(made)


def link(page, label) -> str | None:
    found = re.search(rf'<a class="page-link"[^>]*href="([^"]+)">{label}</a>', page)
    return html.unescape(found.group(1)) if found else None


def listed_ids(response) -> list[int]:
    return [report.pk for report in response.context["reports"]]


def test_paging_older_then_newer_visits_every_report_once_in_order_with_the_filters_kept(
    users, college_a, college_b, as_user
):
    template = make_report(college_a, users["sec1"], status=Status.APPROVED)
    days = [datetime.date(2022, 3, 1) + datetime.timedelta(days=n) for n in range(7)]  # many share a day
    copies(template, 60, days=days)
    copies(template, 30, college=college_b, days=days)  # filtered out
    expected = list(
        ActivityReport.objects.filter(college=college_a, status=Status.APPROVED)
        .order_by("-starts_on", "-pk")
        .values_list("pk", flat=True)
    )
    assert len(expected) == 61
    staff = as_user("staff")

    response = staff.get(LIST, {"college": college_a.pk, "status": "approved"})
    pages, seen = [], []
    while True:
        assert response.status_code == 200
        page = response.content.decode()
        pages.append(listed_ids(response))
        seen += pages[-1]
        older = link(page, "较早")
        if older is None:
            break
        assert f"college={college_a.pk}" in older and "status=approved" in older
        response = staff.get(older)
    assert seen == expected
    assert [len(ids) for ids in pages] == [25, 25, 11]
    assert link(page, "第一页") is not None

    back = []
    for _ in range(len(pages) - 1):
        newer = link(response.content.decode(), "较新")
        assert f"college={college_a.pk}" in newer and "status=approved" in newer
        response = staff.get(newer)
        back.append(listed_ids(response))
    assert back == pages[-2::-1]
    assert link(response.content.decode(), "较新") is None  # back on the first page
    assert link(response.content.decode(), "第一页") is None


def test_the_first_page_link_goes_back_to_the_filtered_first_page(users, college_a, as_user):
    copies(make_report(college_a, users["sec1"]), 30, days=[datetime.date(2022, 4, 1)])
    staff = as_user("staff")
    first = staff.get(LIST, {"kind": "", "q": ""})
    second = staff.get(link(first.content.decode(), "较早"))
    back = link(second.content.decode(), "第一页")
    assert back == f"{LIST}?kind=&q="
    assert listed_ids(staff.get(back)) == listed_ids(first)


@pytest.mark.parametrize(
    "cursor",
    ["x", "-1-5", "1-", "99999999999999999-1", "0-99999999999999999999", "3652060-1", "1e309", "%00", "1-1-1"],
)
def test_a_broken_cursor_is_the_first_page(users, college_a, as_user, cursor):
    report = make_report(college_a, users["sec1"])
    staff = as_user("staff")
    for side in ("older", "newer"):
        response = staff.get(LIST, {side: cursor, "college": college_a.pk})
        assert response.status_code == 200
        assert listed_ids(response) == [report.pk]


def test_a_cursor_beyond_the_list_is_an_empty_page_not_an_error(users, college_a, as_user):
    make_report(college_a, users["sec1"])
    response = as_user("staff").get(LIST, {"older": NEWEST_ACTIVITY.encode(Key(datetime.date(1990, 1, 1), 1))})
    assert response.status_code == 200
    assert listed_ids(response) == []
    assert "没有符合条件的报告" in response.content.decode()


def test_a_day_cursor_round_trips():
    key = Key(datetime.date(2022, 5, 4), 42)
    assert NEWEST_ACTIVITY.decode(NEWEST_ACTIVITY.encode(key)) == key


def test_the_count_is_exact_up_to_a_thousand_and_bounded_beyond(users, college_a, as_user):
    template = make_report(college_a, users["sec1"])
    copies(template, 999)
    staff = as_user("staff")
    assert "共 1000 份报告" in staff.get(LIST).content.decode()
    copies(template, 1)
    page = staff.get(LIST).content.decode()
    assert "超过 1,000 份报告" in page
    assert "共 1001" not in page


def test_a_bounded_count_stops_at_its_limit(users, college_a):
    copies(make_report(college_a, users["sec1"]), 9)
    reports = ActivityReport.objects.all()
    assert bounded_count(reports, limit=20) == BoundedCount(10, 20)
    assert bounded_count(reports, limit=10).is_exact
    beyond = bounded_count(reports, limit=4)
    assert (beyond.value, beyond.is_exact, int(beyond)) == (5, False, 4)
    assert str(beyond) == "超过 4"
    assert bounded_count(reports.none()) == BoundedCount(0)
    counts = bounded_counts(4, all=reports, drafts=reports.filter(status=Status.DRAFT), none=reports.filter(pk=-1))
    assert {name: count.value for name, count in counts.items()} == {"all": 5, "drafts": 5, "none": 0}
    assert str(BoundedCount(3, 4) + BoundedCount(2, 4)) == "超过 4"
    assert (BoundedCount(1, 4) + BoundedCount(2, 4)).value == 3


def test_the_count_reads_at_most_the_bound_and_the_evidence_subquery_only_the_page(users, college_a, as_user):
    copies(make_report(college_a, users["sec1"]), 40)
    with CaptureQueriesContext(connection) as captured:
        response = as_user("staff").get(LIST)
    assert len(response.context["reports"]) == 25
    sql = [query["sql"] for query in captured]
    assert any("LIMIT 1001" in text and "COUNT(*)" in text for text in sql)
    paged = [text for text in sql if "evidence" in text.lower() and "activities_activityreport" in text.lower()]
    assert paged and all("LIMIT 26" in text for text in paged)
    assert not any("OFFSET" in text for text in sql)


def test_the_review_queue_and_the_staff_to_do_count_up_to_a_bound(users, college_a, as_user):
    from django.utils import timezone

    from activities.todos import review_todos

    waiting = make_report(college_a, users["sec1"], status=Status.SUBMITTED)
    copies(waiting, 1000)  # submitted together with the first, so all in today's bucket
    oldest = ActivityReport.objects.order_by("submitted_at").first().submitted_at
    response = as_user("staff").get(reverse("activities:review"))
    assert (response.context["count"].value, response.context["oldest"]) == (1001, oldest)
    assert "超过 1,000 份报告符合条件。" in response.content.decode()
    [queue, *_] = review_todos(timezone.localdate())
    assert [item.note for item in queue.items] == ["超过 1,000", "0", "0", "0"]
    assert str(queue.count) == "超过 1,000"
