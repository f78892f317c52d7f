"""The 调研报告 (drafted from the results, edited by the designer, as PDF), the survey's section of the year's
archive, the figures per college, and the demo."""

import datetime
import io
import json
import zipfile

import pytest
from django.urls import reverse

from publicity import archive
from surveys import figures, report
from surveys.demo import TITLE, load_demo_surveys
from surveys.models import SMALL_GROUP, Invitation, Response, Survey

from .results_helpers import a_survey, answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(users, college_a, college_b):
    survey = a_survey(None, colleges=[college_a, college_b], uses_tokens=True)
    Invitation.objects.bulk_create([Invitation(survey=survey, code_hash=f"h{n}") for n in range(20)])
    answer(survey, college_a, "2021级", 6, single=2, point=5, text="多办户外活动")
    answer(survey, college_b, "2022级", 4, single=0, point=3, text="希望多一些讲座")
    return survey


def test_the_draft_says_what_the_results_say(survey):
    text = report.draft(survey)
    outline = report.outline(text)
    assert outline.title == "2022年兴趣爱好调研报告"
    assert [block.text for block in outline.blocks if block.heading] == [
        "一、调研概况",
        "二、主要发现",
        "三、意见和建议",
        "四、下一步工作",
    ]
    assert "2022年5月1日至2022年5月31日" in text and "机械技术学院、控制技术学院" in text
    assert "共收回答卷10份" in text and "答卷率50%" in text
    assert "选择最多的是“志愿服务”，占作答人数（10人）的60%" in text
    assert "平均4.20分（满分5分" in text
    assert "共收到文字意见和建议10条" in text
    # Quotes are staff's draft only.
    assert "多办户外活动" not in text and "多办户外活动" in report.draft(survey, quotes=True)
    assert "待" not in text and len(text) <= Survey._meta.get_field("report").max_length


def test_a_draft_of_fewer_than_five_answers_reports_no_figure(users, college_a):
    small = a_survey(college_a)
    answer(small, college_a, "2022级", SMALL_GROUP - 1)
    text = report.draft(small, quotes=True)
    assert "不报告各题结果" in text and "选择最多" not in text and "希望多组织户外活动" not in text


def test_the_designer_edits_the_report_and_downloads_it(survey, as_user):
    url = reverse("surveys:report", args=[survey.pk])
    page = as_user("staff").get(url)
    assert page.context["form"].initial["text"].startswith("2022年兴趣爱好调研报告")
    response = as_user("staff").post(url, {"text": "本次调研报告\n一、调研概况\n很好。", "version": survey.version})
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.report.startswith("本次调研报告") and survey.report_saved_at is not None and survey.version == 2
    # A stale version is refused, nothing changes.
    stale = as_user("staff").post(url, {"text": "另一份", "version": 1})
    assert stale.status_code == 200 and Survey.objects.get(pk=survey.pk).report.startswith("本次调研报告")
    # An ID number is refused.
    refused = as_user("staff").post(url, {"text": "报告\n联系13912345678", "version": 2})
    assert refused.status_code == 200 and "13912345678" not in Survey.objects.get(pk=survey.pk).report
    pdf = as_user("staff").get(reverse("surveys:report_pdf", args=[survey.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # The office reads the results, never writes the report.
    assert as_user("office").get(url).status_code == 403
    assert as_user("office").get(reverse("surveys:results", args=[survey.pk])).status_code == 200


def test_the_archive_holds_each_closed_surveys_report_and_suppressed_results(survey, college_a):
    open_survey = a_survey(college_a, title="还在进行的调研", status=Survey.Status.OPEN)
    answer(open_survey, college_a, "2022级", 5)
    files = dict(archive.SECTIONS["surveys"].build(2022))
    folder = f"{survey.pk}-2022年兴趣爱好调研"
    assert set(files) == {f"{folder}/report.txt", f"{folder}/results.json", f"{folder}/report.pdf"}
    data = json.loads(files[f"{folder}/results.json"])
    assert data["responses"] == 10
    # College B's four answers are counted in the whole, never shown apart.
    assert {row["college"]: row["responses"] for row in data["by_college"]} == {
        "机械技术学院": 6,
        "控制技术学院": None,
    }
    assert "希望多一些讲座" not in files[f"{folder}/results.json"].decode()
    content, _count = archive.build(2022)
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert f"surveys/{folder}/report.txt" in names or any(name.endswith(f"{folder}/report.txt") for name in names)


def test_the_figures_count_surveys_and_answers_per_college(survey, college_a, college_b):
    own = a_survey(college_a, title="学院自己的调研", status=Survey.Status.OPEN)
    answer(own, college_a, "2022级", 2)
    a_survey(college_b, title="草稿", status=Survey.Status.DRAFT)
    summary = figures.summary(2022)
    rows = {row["college"]: (row["surveys"], row["answers"]) for row in summary["rows"]}
    assert rows == {"机械技术学院": (2, 8), "控制技术学院": (1, 4)}
    assert summary["total"] == {"surveys": 2, "answers": 12}
    assert figures.college_summary(2022, college_a.pk)["surveys"] == 2
    assert figures.summary(2022, {college_b.pk})["rows"] == [
        {"college_id": college_b.pk, "college": "控制技术学院", "surveys": 1, "answers": 4}
    ]


def test_the_figures_are_on_the_dashboard_and_the_care_overview(survey, as_user):
    dashboard = as_user("staff").get(reverse("dashboard:year", args=[2022]))
    assert "data-survey-figures" in dashboard.content.decode()
    overview = as_user("sec1").get(reverse("care:overview"), {"year": 2022})
    html = overview.content.decode()
    assert "data-survey-figures" in html and "控制技术学院" not in html.split("data-survey-figures")[1]


def test_the_demo_has_a_closed_survey_with_suppressed_cuts_and_an_open_one(
    users, college_a, college_b, django_assert_max_num_queries
):
    # No query per row: the rows go in batches (about 3,300 answers), the draft report counts in a few queries.
    with django_assert_max_num_queries(60):
        assert load_demo_surveys() == 2
    assert load_demo_surveys() == 0
    survey = Survey.objects.get(title=TITLE)
    assert survey.status == Survey.Status.CLOSED and survey.report and survey.report_saved_at
    responses = Response.objects.filter(survey=survey)
    assert responses.count() == 300
    days = set(responses.values_list("answered_on", flat=True))
    assert min(days) >= survey.opens_on and max(days) <= survey.closes_on and len(days) > 10
    assert Survey.objects.filter(status=Survey.Status.OPEN, college__isnull=False).count() == 1
    assert survey.questions.values("kind").distinct().count() == 5
    assert min(days).year == 2022 and isinstance(min(days), datetime.date)
