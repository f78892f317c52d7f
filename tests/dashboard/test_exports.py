"""The annual summary as the party office receives it: a workbook in Chinese whose figures are the dashboard's,
built in a fixed number of queries, and a printable PDF with the Chinese fonts embedded."""

import datetime
import re
import zlib
from decimal import Decimal as D
from io import BytesIO

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from activities.export import reports_workbook_response
from activities.models import ActivityReport, Status
from colleges.models import CommitteeMember
from core.pdf import PdfUnavailable
from dashboard import exports, figures
from scoring import assessments, schemes

from ..conftest import make_report

pytestmark = pytest.mark.django_db

SHEETS = [
    "学院与结论",
    "指标得分",
    "审核通过的活动",
    "其他报告（草稿、待审核、已退回）",
    "量化目标",
    "参与情况",
    "关爱需求",
    "关爱帮扶与结对培养",
    "谈心屋",
    "调研",
]


@pytest.fixture
def scheme(db):
    return schemes.load_scheme_file()[0]


@pytest.fixture
def school(plan, scheme, users, college_a, college_b):
    """College A finalised at full marks with two approved lectures; college B not assessed, one report waiting."""
    staff = users["staff"]
    assessment = assessments.find_assessment(college_a, scheme)
    assessments.save_scores(
        assessment,
        staff,
        "final_score",
        {s.pk: assessments.ScoreInput(s.indicator.max_points, "材料齐全") for s in assessments.scores_of(assessment)},
    )
    assessments.transition(assessment, staff, "finalise")
    first = make_report(college_a, users["sec1"], status=Status.APPROVED)
    first.members.add(CommitteeMember.objects.get(name="乙老师"))
    autumn = datetime.date(2022, 9, 15)
    make_report(college_a, users["sec1"], status=Status.APPROVED, title="开学第一课", starts_on=autumn, ends_on=autumn)
    make_report(college_b, users["sec2"], status=Status.SUBMITTED, title="控制学院座谈会")
    last_year = datetime.date(2021, 6, 1)
    make_report(college_b, users["sec2"], title="去年的活动", starts_on=last_year, ends_on=last_year)
    return {"scheme": scheme, "assessment": assessment}


def open_workbook(content):
    return load_workbook(BytesIO(content))


def rows_of(sheet):
    return list(sheet.iter_rows(values_only=True))


def test_the_workbook_has_its_sheets_with_chinese_names_and_headers(school):
    workbook = open_workbook(exports.build_workbook(2022))
    assert workbook.sheetnames == SHEETS
    headers = {name: rows_of(workbook[name])[0] for name in SHEETS}
    assert headers["学院与结论"] == (
        "学院代码",
        "学院",
        "考核状态",
        "复评总分",
        "关键指标达标",
        "结论",
        "已提交报告",
        "已通过报告",
        "“一院一品”项目",
        "最近通过的活动",
    )
    assert headers["指标得分"] == (
        "学院代码",
        "学院",
        "指标代码",
        "指标",
        "关键指标",
        "满分",
        "自评得分",
        "复评得分",
        "复评意见",
    )
    assert headers["量化目标"] == (
        "目标",
        "工作要点",
        "当前值",
        "目标值",
        "挑战目标",
        "计量单位",
        "目标完成率",
        "是否达到目标",
        "说明",
    )
    assert headers["审核通过的活动"][:3] == ("学院", "标题", "类型")


def test_the_colleges_sheet_shows_the_dashboards_figures(school):
    rows = rows_of(open_workbook(exports.build_workbook(2022))["学院与结论"])
    figure_rows = figures.college_rows(2022)
    assert [row[0] for row in rows[1:3]] == [row["code"] for row in figure_rows] == ["aa", "bb"]
    a, b = figure_rows
    assert (a["total"], a["balanced"], a["submitted"], a["approved"]) == (D(100), True, 2, 2)
    assert rows[1] == (
        "aa",
        "机械技术学院",
        "已完成考核",
        100,
        "3/3",
        "均衡发展",
        2,
        2,
        "工匠精神进课堂",
        datetime.datetime(2022, 9, 15),
    )
    # Assessments exist from the moment a college and the year's scheme do: B is in its self-assessment.
    assert rows[2] == ("bb", "控制技术学院", "自评", None, None, "未完成考核", 1, 0, None, None)
    assert rows[3] == (None,) * 10
    share = figures.balanced(2022)
    assert (share.balanced, share.colleges) == (1, 2)
    assert rows[4][:5] == ("均衡发展比例", "2 个学院中 1 个达到均衡发展", 0.5, "目标：90 %", "挑战目标：100 %")
    assert len(rows) == 5


def test_the_indicator_sheet_has_a_row_per_college_and_scored_indicator(school):
    rows = rows_of(open_workbook(exports.build_workbook(2022))["指标得分"])[1:]
    indicators = schemes.scored_indicators(school["scheme"])
    assert len(indicators) == 14
    assert len(rows) == 2 * 14
    assert [row[2] for row in rows[:14]] == [i.code for i in indicators]
    college_a, college_b = rows[:14], rows[14:]
    assert {row[0] for row in college_a} == {"aa"} and {row[0] for row in college_b} == {"bb"}
    assert all(row[7] == row[5] and row[8] == "材料齐全" for row in college_a)
    assert sum(row[7] for row in college_a) == 100
    assert all(row[6] is None and row[7] is None for row in college_b)
    assert {row[2] for row in college_a if row[4] == "是"} == {"A2", "B1", "D1"}


def test_the_indicator_sheet_is_only_its_header_without_a_scheme(plan, users, college_a):
    rows = rows_of(open_workbook(exports.build_workbook(2022))["指标得分"])
    assert len(rows) == 1 and rows[0][0] == "学院代码"


def test_the_reports_sheets_put_approved_activities_apart_like_the_report_download(school):
    workbook = open_workbook(exports.build_workbook(2022))
    rows = rows_of(workbook["审核通过的活动"])
    others = rows_of(workbook["其他报告（草稿、待审核、已退回）"])
    assert sorted(row[1] for row in rows[1:]) == sorted(["讲师团宣讲：百年党史", "开学第一课"])
    assert {row[1]: row[11] for row in others[1:]} == {"控制学院座谈会": "已提交"}
    statuses = {row[1]: row[11] for row in rows[1:]}
    assert statuses == {"讲师团宣讲：百年党史": "已通过", "开学第一课": "已通过"}
    lecture = next(row for row in rows[1:] if row[1] == "讲师团宣讲：百年党史")
    assert lecture[10] == "乙老师"
    reviewed = ActivityReport.objects.get(title="讲师团宣讲：百年党史").reviewed_at
    # Beijing time, without a time zone, as openpyxl requires.
    shown = lecture[13]
    expected = reviewed.astimezone(datetime.timezone(datetime.timedelta(hours=8))).replace(tzinfo=None)
    assert abs(shown - expected) < datetime.timedelta(seconds=1)

    download = reports_workbook_response(ActivityReport.objects.of_year(2022).for_list().prefetch_related("members"))
    assert rows[0] == rows_of(open_workbook(download.content)["活动报告"])[0]


def test_the_targets_sheet_has_the_plans_four_targets(school):
    rows = rows_of(open_workbook(exports.build_workbook(2022))["量化目标"])[1:]
    assert [row[0] for row in rows] == [t["name"] for t in figures.targets(2022)]
    assert len(rows) == 4
    balanced_share = next(row for row in rows if row[1] == "3.1")
    assert balanced_share[2:8] == (50, 90, 100, "%", 0.55, "否")
    lectures = next(row for row in rows if row[1] == "4.2")
    assert lectures[2:6] == (2, 25, None, "场")
    retirees = next(row for row in rows if row[1] == "6.4")
    assert retirees[2:6] == (0, 20, None, "%")  # no base entered in this school: nothing to divide by


def test_the_workbook_takes_the_same_queries_however_many_reports(school, users, college_a):
    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            exports.build_workbook(2022)
        return len(captured)

    before = queries()
    member = CommitteeMember.objects.get(name="甲主任")
    for n in range(30):
        day = datetime.date(2022, 1 + n % 12, 1 + n % 28)
        report = make_report(
            college_a, users["sec1"], status=Status.APPROVED, title=f"活动 {n}", starts_on=day, ends_on=day
        )
        report.members.add(member)
    assert queries() == before
    assert len(rows_of(open_workbook(exports.build_workbook(2022))["审核通过的活动"])) == 1 + 2 + 30


def test_the_progress_callback_ends_at_100(school):
    seen = []
    exports.build_workbook(2022, progress=seen.append)
    assert seen[-1] == 100 and seen == sorted(seen) and len(seen) >= 3


def inflated(pdf):
    """The PDF with its streams decompressed: WeasyPrint packs page and font objects into compressed streams."""
    parts = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue  # an image or font program under another filter: nothing to look for in it
    return b"\n".join(parts)


def build_pdf_or_skip(*args, **kwargs):
    try:
        return exports.build_pdf(*args, **kwargs)
    except PdfUnavailable as missing:
        pytest.skip(str(missing))


def test_the_pdf_is_a_pdf_with_pages_and_the_chinese_font_embedded(school):
    seen = []
    pdf = build_pdf_or_skip(2022, progress=seen.append)
    assert pdf.startswith(b"%PDF")
    objects = inflated(pdf)
    assert len(re.findall(rb"/Type\s*/Page\b", objects)) >= 1
    fonts = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([^\s/<>\[\]]+)", objects))
    assert any(name.startswith(b"Noto-Sans-CJK-SC") for name in fonts), fonts
    assert seen[-1] == 100


def test_the_pdf_is_made_for_a_year_without_plan_scheme_or_reports(db):
    assert build_pdf_or_skip(2031).startswith(b"%PDF")


def test_a_missing_weasyprint_is_reported_with_what_to_install(school, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    with pytest.raises(PdfUnavailable) as raised:
        exports.build_pdf(2022)
    assert "fonts-noto-cjk" in str(raised.value) and "Pango" in str(raised.value)


def test_the_pdf_tells_the_year_from_its_data(school, users, college_b):
    """A cover, an account of each plan section, the target drawn as a line at its value, each college's
    verdict with its reasons, and every approved activity grouped by college."""
    scheme = school["scheme"]
    short = assessments.find_assessment(college_b, scheme)
    values = {s.pk: assessments.ScoreInput(s.indicator.max_points) for s in assessments.scores_of(short)}
    d1 = next(s for s in assessments.scores_of(short) if s.indicator.code == "D1")
    values[d1.pk] = assessments.ScoreInput(d1.indicator.max_points - 1)
    assessments.save_scores(short, users["staff"], "final_score", values)
    assessments.transition(short, users["staff"], "finalise")

    html = exports.pdf_html(2022)
    assert 'class="cover"' in html
    assert "按工作要点各部分的年度情况" in html and "相关已通过活动" in html
    # The balanced-development share against its goal of 90 and stretch of 100: one bar, two lines.
    assert html.count("<line ") >= 2 and "目标 90%" in html and "挑战 100%" in html
    assert "各学院考核结论及原因" in html
    assert "控制技术学院</strong>：未达均衡发展" in html and "关键指标 D1" in html
    assert "全部已通过活动（按学院）" in html
    assert (
        "机械技术学院（2）" in html
        and "开学第一课" in html
        and "控制学院座谈会" not in html.split("全部已通过活动")[1]
    )


def test_chart_labels_are_inert_text(school):
    from dashboard import svg

    chart = svg.columns([("<script>alert(1)</script>", 3)])
    assert "<script>" not in chart and "&lt;script&gt;" in chart


def test_the_students_voice_sheets_count_the_surveys_and_the_talk_room(plan, users, college_a, college_b):
    from care import services as care_services
    from talkroom import services as talk_services
    from tests.surveys.results_helpers import a_survey, answer

    survey = a_survey(colleges=[college_a, college_b])
    answer(survey, college_a, "2022级", 6)
    care_services.ensure_default_categories()
    thread, _code = talk_services.open_thread(college_b, "最近压力很大，想找人聊聊。", "", elder_consent=False)
    type(thread).objects.filter(pk=thread.pk).update(created_at=datetime.datetime(2022, 5, 10, tzinfo=datetime.UTC))
    cache.clear()
    workbook = open_workbook(exports.build_workbook(2022))
    surveys = rows_of(workbook["调研"])
    assert surveys[1:] == [("机械技术学院", 1, 6), ("控制技术学院", 1, 0), ("全校合计", 1, 6)]
    talk = rows_of(workbook["谈心屋"])
    assert talk[1][:4] == ("控制技术学院", 1, 1, 0) and talk[-1][:4] == ("全校合计", 1, 1, 0)
