"""A common search term's page is read through the list's own order (a window of its newest rows), a rare one's
through the bigram index; both give exactly the rows of the plain substring search, in the list's order."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import ActivityReport
from core import keyset

from ..conftest import make_report

TERM = "工匠精神"


@pytest.fixture
def reports(users, college_a):
    start = datetime.date(2022, 1, 3)
    for n in range(60):
        day = start + datetime.timedelta(days=n % 20)  # several reports share a day: the id breaks ties
        title = f"{TERM}宣讲第{n}场" if n % 3 else f"百年党史第{n}场"
        make_report(college_a, users["sec1"], title=title, starts_on=day, ends_on=day)


def expected_ids(term):
    found = ActivityReport.objects.filter(title__icontains=term).order_by("-starts_on", "-pk")
    return list(found.values_list("pk", flat=True))


def listed(client, **query):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("activities:list"), query)
    page_queries = [q["sql"] for q in captured if "LIMIT 26" in q["sql"]]
    return response, page_queries


def uses_index(sql):
    return "activities_report_fts" in sql or "to_tsvector" in sql


@pytest.mark.parametrize("window", [2000, 10, 1])
def test_every_page_of_a_search_is_the_substring_search_in_order(reports, as_user, monkeypatch, window):
    monkeypatch.setattr(keyset, "PROBE_WINDOW", window)
    client = as_user("staff")
    seen, query = [], {"q": TERM}
    while True:
        response, _queries = listed(client, **query)
        seen += [report.pk for report in response.context["reports"]]
        cursor = response.context["page"].older
        if not cursor:
            break
        query = {"q": TERM, "older": cursor}
    assert seen == expected_ids(TERM) and len(seen) == 40


def test_a_common_term_is_read_in_the_lists_order_and_a_rare_one_through_the_index(reports, as_user):
    client = as_user("staff")
    response, page_queries = listed(client, q=TERM)
    assert len(response.context["reports"]) == 25
    assert page_queries and not any(uses_index(sql) for sql in page_queries)
    response, page_queries = listed(client, q="第7场")  # one report: too few in the window for a page
    assert [r.pk for r in response.context["reports"]] == expected_ids("第7场")
    assert any(uses_index(sql) for sql in page_queries)


def count_queries(client, **query):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("activities:list"), query)
    return response, [q["sql"] for q in captured if "LIMIT 1001" in q["sql"]]


@pytest.mark.parametrize("window", [2000, 1])
def test_a_common_terms_count_reads_the_rows_by_the_substring_alone_and_a_rare_ones_through_the_index(
    reports, as_user, monkeypatch, window
):
    # Through the index a common term's count fetches a large share of the table (and for a school of a few
    # colleges once per college); by the substring alone it stops after 1,001 matches. The count is the same.
    monkeypatch.setattr(keyset, "PROBE_WINDOW", window)
    client = as_user("staff")
    response, counts = count_queries(client, q=TERM)
    assert int(response.context["count"]) == 40
    assert counts and all(uses_index(sql) == (window == 1) for sql in counts)
    response, counts = count_queries(client, q="第7场")
    assert int(response.context["count"]) == 1
    assert counts and all(uses_index(sql) for sql in counts)
