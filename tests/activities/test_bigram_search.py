"""Report search through the bigram index finds exactly what the plain substring search finds, on either database,
and the index follows every way a report is written."""

import datetime
import random
from functools import reduce
from operator import or_

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.urls import reverse

from activities.models import ActivityKind, ActivityReport, Status
from activities.search_index import SQLITE_TRIGGERS, ensure_sqlite_triggers
from core.scoping import every_school
from core.search import query_tokens

from ..conftest import make_report
from ..test_search import HOSTILE_TERMS

FIELD_SETS = [("title", "summary", "place"), ("title", "place")]


def plain(term, fields):
    return set(
        ActivityReport.objects.filter(reduce(or_, (Q(**{f"{f}__icontains": term}) for f in fields))).values_list(
            "pk", flat=True
        )
    )


def indexed(term, fields=FIELD_SETS[0]):
    return set(ActivityReport.objects.matching(term, fields=fields).values_list("pk", flat=True))


def terms_from(reports, rng):
    """Substrings of 1 to 6 characters of the reports' own text, some with their case changed, and some that match
    nothing."""
    terms = set()
    for report in reports:
        for text in (report.title, report.summary, report.place):
            for length in (1, 2, 2, 3, 4, 6):
                start = rng.randrange(max(len(text) - length, 0) + 1)
                term = text[start : start + length]
                terms |= {term, term.swapcase()}
    return sorted(terms) + ["工匠精神", "精工", "nothing-like-this", "PPT", "ppt", "Ppt", "无此词语无此词语"]


def test_search_finds_exactly_what_the_substring_search_finds_in_the_demo(db):
    call_command("load_workplan", verbosity=0)
    call_command("load_scheme", verbosity=0)
    call_command("load_demo", verbosity=0)
    reports = list(ActivityReport.objects.all())
    assert len(reports) > 20
    rng = random.Random(4)  # noqa: S311 -- a fixed seed picks the terms, no secret
    terms = terms_from(rng.sample(reports, 20), rng) + HOSTILE_TERMS
    found_any = 0
    for term in terms:
        for fields in FIELD_SETS:
            expected = plain(term, fields)
            assert indexed(term, fields) == expected, (term, fields)
            found_any += bool(expected)
    assert found_any > 100


def test_the_column_follows_a_title_change(users, college_a):
    report = make_report(college_a, users["sec1"], title="工匠精神进校园")
    assert indexed("工匠") == {report.pk}
    report.title = "红色家风故事会"
    report.save()
    assert indexed("工匠") == set()
    assert indexed("家风") == {report.pk}
    report.title = "工匠"
    report.save(update_fields=["title"])
    assert indexed("工匠") == {report.pk}
    report.delete()
    assert indexed("工匠") == set()


def test_bulk_created_reports_are_found_once_their_column_is_filled(users, college_a, kinds):
    day = datetime.date(2022, 5, 4)
    batch = [
        ActivityReport(
            college=college_a,
            kind=ActivityKind.objects.get(code="lecturer-lecture"),
            title=f"批量{n}号：工匠精神",
            starts_on=day,
            ends_on=day,
            year=day.year,
            place="报告厅",
            summary="内容",
            status=Status.SUBMITTED,
            created_by=users["sec1"],
        )
        for n in range(5)
    ]
    for report in batch:
        report.fill_search_tokens()
    ActivityReport.objects.bulk_create(batch)
    assert indexed("工匠") == {r.pk for r in batch} == plain("工匠", FIELD_SETS[0])
    assert indexed("3号") == {batch[3].pk}


def test_the_index_decides_the_candidates(users, college_a):
    """Emptying a row's column by a raw update takes it out of the results although its title still matches: the
    query reads the index (kept in step by the update on SQLite), not just the recheck."""
    report = make_report(college_a, users["sec1"], title="工匠精神进校园")
    ActivityReport.objects.filter(pk=report.pk).update(search_tokens="")
    assert plain("工匠", FIELD_SETS[0]) == {report.pk}
    assert indexed("工匠") == set()
    ActivityReport.objects.filter(pk=report.pk).update(search_tokens=" ".join(query_tokens("工匠")))
    assert indexed("工匠") == {report.pk}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's triggers")
def test_sqlite_triggers_dropped_by_a_table_rebuild_are_put_back(users, college_a):
    report = make_report(college_a, users["sec1"], title="工匠精神进校园")
    with connection.cursor() as cursor:
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    report.title = "红色家风故事会"
    report.save()
    assert indexed("家风") == set()  # the index missed the edit
    assert ensure_sqlite_triggers(connection.alias) is True
    assert indexed("家风") == {report.pk}
    assert ensure_sqlite_triggers(connection.alias) is False


def plan_of(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row) for row in cursor.fetchall())


def test_the_search_reads_the_full_text_index(users, college_a):
    make_report(college_a, users["sec1"], title="工匠精神进校园")
    # The search's own condition, without the school's filter: on a table of one college the planner would start
    # from that college instead (make bench measures the search at 168 schools, docs/performance.md).
    with every_school():
        plan = plan_of(ActivityReport.objects.matching("工匠").order_by().values("pk"))
    if connection.vendor == "postgresql":
        assert "activities_report_search_gin" in plan, plan
    else:
        assert "VIRTUAL TABLE INDEX" in plan and "activities_report_fts" in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's text-search parser")
def test_postgresql_keeps_every_token_whole(users, college_a):
    report = make_report(college_a, users["sec1"], title="".join(HOSTILE_TERMS)[:200])
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(to_tsvector('simple', %s))", [report.search_tokens])
        (lexemes,) = cursor.fetchone()
    assert set(lexemes) == set(report.search_tokens.split())


@pytest.mark.parametrize("term", [*HOSTILE_TERMS[:-1], "工匠" * 50])
def test_a_hostile_search_never_fails(users, college_a, as_user, term):
    report = make_report(college_a, users["sec1"], status=Status.SUBMITTED, title=f"前{term}后"[:200])
    staff = as_user("staff")
    listed = staff.get(reverse("activities:list"), {"q": term})
    queued = staff.get(reverse("activities:review"), {"q": term})
    assert listed.status_code == queued.status_code == 200
    if len(term) <= 100:  # longer is a form error: nothing is listed
        assert report in listed.context["reports"]
        assert report in queued.context["page"].rows
