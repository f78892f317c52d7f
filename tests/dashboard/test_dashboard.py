"""Every dashboard figure against a small hand-made school, its cache, its drill-downs and its downloads."""

import datetime
import io
import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import ActivityReport, Status
from colleges.models import BrandProject
from core.pdf import PdfUnavailable
from dashboard import figures
from dashboard.models import AnnualExport, ExportState
from scoring import assessments, schemes

from ..conftest import make_report


@pytest.fixture
def school(plan, users, college_a, college_b):
    """College A: balanced, 3 reports (2 approved lectures in May and June, 1 submitted). College B: final but
    short on a key indicator, 1 approved report in June, 1 draft."""
    scheme, _ = schemes.load_scheme_file()
    full = {i.code: i.max_points for i in schemes.scored_indicators(scheme)}
    for college, values in [(college_a, full), (college_b, {**full, "D1": D(8)})]:
        assessment = assessments.find_assessment(college, scheme)
        rows = {s.pk: assessments.ScoreInput(values[s.indicator.code]) for s in assessments.scores_of(assessment)}
        assessments.save_scores(assessment, users["staff"], "final_score", rows)
        assessments.transition(assessment, users["staff"], "finalise")
    may, june = datetime.date(2022, 5, 4), datetime.date(2022, 6, 10)
    make_report(college_a, users["sec1"], status=Status.APPROVED, starts_on=may, ends_on=may, title="五月宣讲")
    make_report(college_a, users["sec1"], status=Status.APPROVED, starts_on=june, ends_on=june, title="六月宣讲")
    make_report(college_a, users["sec1"], status=Status.SUBMITTED, title="待审")
    make_report(
        college_b,
        users["sec2"],
        status=Status.APPROVED,
        kind="research",
        starts_on=june,
        ends_on=june,
        title="控制调研",
    )
    make_report(college_b, users["sec2"], title="草稿")
    BrandProject.objects.create(college=college_b, year=2022, title="控制品牌")
    return scheme


def test_the_balanced_share_counts_finalised_balanced_colleges(school):
    share = figures.balanced(2022)
    assert (share.balanced, share.colleges, share.percent) == (1, 2, D(50))
    assert not share.reached_goal


def test_the_college_rows(school):
    rows = {row["code"]: row for row in figures.college_rows(2022)}
    a, b = rows["aa"], rows["bb"]
    assert (a["total"], a["keys_met"], a["keys"], a["balanced"]) == (D(100), 3, 3, True)
    assert (b["total"], b["keys_met"], b["balanced"]) == (D(98), 2, False)
    assert (a["submitted"], a["approved"], a["latest"]) == (3, 2, datetime.date(2022, 6, 10))
    assert (b["submitted"], b["approved"]) == (1, 1)
    assert (a["brand"], b["brand"]) == ("工匠精神进课堂", "控制品牌")


def test_the_charts_and_targets(school):
    months = dict(figures.by_month(2022))
    assert (months[5], months[6], sum(months.values())) == (1, 2, 3)
    assert [(name, n) for _, name, n in figures.by_kind(2022)] == [("讲师团宣讲", 2), ("调研", 1)]
    assert figures.by_college(2022) == [("aa", "机械", 2), ("bb", "控制", 1)]
    targets = {t["name"]: t for t in figures.targets(2022)}
    assert targets["讲师团宣讲场次"]["value"] == D(2)
    assert targets["二级学院关工委达到“均衡发展”要求的比例"]["value"] == D(50)
    assert targets["“一院一品”特色工作覆盖的二级学院"]["value"] == D(100)
    latest = figures.latest_activities(2022)
    assert [a["title"] for a in latest] == ["控制调研", "六月宣讲", "五月宣讲"]  # same day: the newer first


def test_the_page_shows_the_figures_and_drills_down(school, as_user):
    page = as_user("office").get(reverse("dashboard:year", args=[2022])).content.decode()
    assert "50%" in page and "2 个学院中 1 个达到均衡发展" in page
    assert reverse("dashboard:college", args=[2022, "aa"]) in page
    assert reverse("scoring:school", args=[2022]) in page
    assert "status=approved&amp;date_from=2022-06-01&amp;date_to=2022-06-30" in page
    college = as_user("office").get(reverse("dashboard:college", args=[2022, "bb"])).content.decode()
    assert "控制调研" in college and "D1" in college


def test_a_secretary_is_sent_to_their_own_college(school, as_user):
    response = as_user("sec2").get(reverse("dashboard:year", args=[2022]))
    assert response["Location"] == reverse("dashboard:college", args=[2022, "bb"])
    assert as_user("sec2").get(reverse("dashboard:college", args=[2022, "aa"])).status_code == 404


def test_the_cached_figures_follow_an_approval(school, users, college_b, as_user):
    client = as_user("office")
    assert "控制调研" in client.get(reverse("dashboard:year", args=[2022])).content.decode()
    report = make_report(college_b, users["sec2"], status=Status.SUBMITTED, title="新近通过的活动")
    assert "新近通过的活动" not in client.get(reverse("dashboard:year", args=[2022])).content.decode()
    from activities import services as report_services

    report_services.transition(report, users["staff"], "approve", "", report.version)
    assert "新近通过的活动" in client.get(reverse("dashboard:year", args=[2022])).content.decode()


def test_query_count_is_the_same_for_10_and_1000_reports(school, users, college_a, as_user):
    from django.core.cache import cache

    client = as_user("office")

    def count(url):
        cache.clear()  # measure the figures themselves, not the cache
        client.get(url)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = [reverse("dashboard:year", args=[2022]), reverse("dashboard:college", args=[2022, "aa"])]
    template = ActivityReport.objects.filter(status=Status.APPROVED).first()
    fields = {
        f.attname: getattr(template, f.attname) for f in ActivityReport._meta.concrete_fields if f.attname != "id"
    }
    ActivityReport.objects.bulk_create([ActivityReport(**fields) for _ in range(5)])
    at_ten = [count(url) for url in urls]
    ActivityReport.objects.bulk_create([ActivityReport(**fields) for _ in range(990)])
    assert ActivityReport.objects.count() == 1000
    assert [count(url) for url in urls] == at_ten


def test_the_office_builds_and_downloads_the_workbook(school, as_user, django_capture_on_commit_callbacks):
    client = as_user("office")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dashboard:downloads", args=[2022]), {"format": "xlsx"}, follow=True)
    assert "正在生成年度总结" in response.content.decode()
    export = AnnualExport.objects.get()
    assert (export.state, export.progress) == (ExportState.DONE, 100)
    status = client.get(reverse("dashboard:export_status", args=[export.pk])).json()
    assert status["state"] == "done" and status["url"] == reverse("dashboard:export_file", args=[export.pk])
    download = client.get(status["url"])
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert "学院与结论" in workbook.sheetnames
    assert as_user("sec1").get(status["url"]).status_code == 403


def test_a_second_request_while_building_is_not_duplicated(school, users, as_user):
    AnnualExport.objects.create(year=2022, format="pdf", requested_by=users["office"], state=ExportState.RUNNING)
    response = as_user("office").post(reverse("dashboard:downloads", args=[2022]), {"format": "pdf"}, follow=True)
    assert "正在生成" in response.content.decode()
    assert AnnualExport.objects.count() == 1


def test_a_bad_format_is_refused_with_a_message(school, as_user):
    response = as_user("office").post(reverse("dashboard:downloads", args=[2022]), {"format": "exe"}, follow=True)
    assert "请选择 Excel 工作簿或 PDF" in response.content.decode()
    assert not AnnualExport.objects.exists()


def test_the_build_task_is_safe_to_run_twice(school, users):
    from dashboard.tasks import build_annual_export

    export = AnnualExport.objects.create(year=2022, format="xlsx", requested_by=users["office"])
    build_annual_export.apply(args=(export.pk,))
    export.refresh_from_db()
    first_file = export.file.name
    build_annual_export.apply(args=(export.pk,))
    export.refresh_from_db()
    assert export.state == ExportState.DONE and export.file.name == first_file and export.attempts == 1


def test_a_failed_build_is_recorded_for_staff(school, users, monkeypatch):
    from dashboard import exports
    from dashboard.tasks import build_annual_export

    def broken(year, progress=None):
        raise PdfUnavailable("缺少 Pango")

    monkeypatch.setattr(exports, "build_pdf", broken)
    export = AnnualExport.objects.create(year=2022, format="pdf", requested_by=users["office"])
    build_annual_export.apply(args=(export.pk,))
    export.refresh_from_db()
    assert export.state == ExportState.FAILED and "缺少 Pango" in export.error


def test_the_dashboard_survives_an_unreachable_cache(school, as_user, monkeypatch):
    from redis.exceptions import ConnectionError as RedisDown

    from core import cache as figures_cache

    def down(*args, **kwargs):
        raise RedisDown("cache is away")

    for method in ("get_many", "get_or_set", "add", "incr", "set"):
        monkeypatch.setattr(figures_cache.cache, method, down)
    response = as_user("office").get(reverse("dashboard:year", args=[2022]))
    assert response.status_code == 200 and "50%" in response.content.decode()


def test_the_year_menu_offers_every_year_with_a_plan_or_reports(plan, users, college_a, as_user):
    long_ago = datetime.date(2019, 9, 10)
    make_report(college_a, users["sec1"], status=Status.APPROVED, starts_on=long_ago, ends_on=long_ago)
    make_report(
        college_a,
        users["sec1"],
        status=Status.DRAFT,
        starts_on=datetime.date(2021, 3, 1),
        ends_on=datetime.date(2021, 3, 1),
    )

    assert figures.available_years() == [2022, 2021, 2019]
    page = as_user("office").get(reverse("dashboard:year", args=[2022])).content.decode()
    assert re.findall(r'<option value="(\d+)"', page) == ["2022", "2021", "2019"]
    older = as_user("office").get(reverse("dashboard:year", args=[2019])).content.decode()
    assert '<option value="2019" selected>' in older
