"""Scoring that reads right: no verdict before the review is final, adopting the self scores, evidence beside each
indicator on the review form, the score template and the import's explicit finalise and reopen choices."""

import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Status
from core.uploads import check_upload
from scoring import assessments, imports, standing
from scoring.forms import ImportForm
from scoring.models import Assessment, AssessmentStatus, ScoreChange
from scoring.workflow import ScoringError
from tests.conftest import make_report

from .test_import_and_report import csv_bytes, sheet_rows


def url(name, code="aa"):
    return reverse(f"scoring:{name}", args=[2022, code])


def self_assess(assessment, user, values):
    rows = {s.pk: assessments.ScoreInput(values[s.indicator.code]) for s in assessments.scores_of(assessment)}
    return assessments.save_scores(assessment, user, "self_score", rows)


def finalise_with(assessment, user, values):
    rows = {s.pk: assessments.ScoreInput(values[s.indicator.code]) for s in assessments.scores_of(assessment)}
    assessment = assessments.save_scores(assessment, user, "final_score", rows)
    return assessments.transition(assessment, user, "finalise")


def school_row(page, college_name):
    """The college's row of the school's table (laptops)."""
    table = page[page.index("<table") :]
    start = table.index(college_name)
    return table[start : table.index("</tr>", start)]


def school_card(page, college_name):
    """The college's card of the school's list (phones)."""
    start = page.index(college_name)
    return page[start : page.index("</li>", start)]


# Pending verdicts


def test_the_display_state_is_the_stage_until_final(scheme, full_marks, users, college_a):
    assessment = assessments.find_assessment(college_a, scheme)
    assert standing.display_state(assessment) == standing.DisplayState.SELF
    assessment.status = AssessmentStatus.SUBMITTED
    assert standing.display_state(assessment) == standing.DisplayState.AWAITING_REVIEW
    assert not standing.display_state(assessment).is_final
    assessment.status, assessment.balanced = AssessmentStatus.FINALISED, False
    assert standing.display_state(assessment) == standing.DisplayState.NOT_BALANCED
    assessment.balanced = True
    assert standing.display_state(assessment) == standing.DisplayState.BALANCED


def test_a_pending_assessment_never_reads_as_not_balanced(scheme, full_marks, users, college_a, college_b, as_user):
    assessment = self_assess(assessments.find_assessment(college_a, scheme), users["sec1"], full_marks)
    assessments.transition(assessment, users["sec1"], "submit")
    finalise_with(assessments.find_assessment(college_b, scheme), users["staff"], {**full_marks, "A2": D(9)})

    page = as_user("staff").get(reverse("scoring:school", args=[2022])).content.decode()
    pending = school_row(page, college_a.name)
    assert "待复评" in pending and "自评总分" in pending and "100" in pending
    assert "未达" not in pending and "关键指标未满分" not in pending and "差 " not in pending
    final = school_row(page, college_b.name)
    assert "未达均衡发展" in final and "关键指标未满分" in final and "A2" in final
    pending_card, final_card = school_card(page, college_a.name), school_card(page, college_b.name)
    assert "待复评" in pending_card and "自评总分" in pending_card and "未达" not in pending_card
    assert "未达均衡发展" in final_card and "A2" in final_card

    college_page = as_user("staff").get(url("assessment")).content.decode()
    assert "待复评" in college_page and "自评总分 100" in college_page
    assert "未达" not in college_page and "未评分" not in college_page and "alert-danger" not in college_page


def test_a_college_in_self_assessment_shows_as_such(scheme, users, college_a, as_user):
    page = as_user("staff").get(reverse("scoring:school", args=[2022])).content.decode()
    row = school_row(page, college_a.name)
    assert "自评中" in row and "未达" not in row


# Adopting the self-assessed scores


def test_adopting_fills_only_empty_reviewed_scores_and_saves_nothing(scheme, full_marks, users, college_a, as_user):
    assessment = self_assess(assessments.find_assessment(college_a, scheme), users["sec1"], full_marks)
    assessment = assessments.transition(assessment, users["sec1"], "submit")
    a3 = assessment.scores.get(indicator__code="A3")
    assessment = assessments.save_scores(
        assessment, users["staff"], "final_score", {a3.pk: assessments.ScoreInput(D(5))}
    )
    staff = as_user("staff")

    blank = staff.get(url("review")).context["form"]
    assert blank.initial[f"score_{a3.pk}"] == "5"
    a2 = assessment.scores.get(indicator__code="A2")
    assert blank.initial[f"score_{a2.pk}"] is None

    adopted = staff.get(url("review") + "?adopt=1")
    form = adopted.context["form"]
    assert form.initial[f"score_{a2.pk}"] == "10" and form.initial[f"score_{a3.pk}"] == "5"  # a reviewed one stays
    assert ScoreChange.objects.filter(field="final_score").count() == 1  # a GET writes nothing

    data = {"version": assessment.version}
    for score in form.scores:
        data[f"score_{score.pk}"] = form.initial[f"score_{score.pk}"] or ""
        data[f"note_{score.pk}"] = ""
    assert staff.post(url("review"), data).status_code == 302
    assessment.refresh_from_db()
    assert assessment.final_total == D(100) - full_marks["A3"] + D(5)
    assert ScoreChange.objects.filter(field="final_score").count() == len(full_marks)


# Evidence beside each indicator


def add_evidence(assessment, user, report, scores):
    for score in scores:
        score.reports.add(report)
        pdf = SimpleUploadedFile(f"{score.indicator.code}制度.pdf", b"%PDF-1.4\n%%EOF\n")
        assessments.add_documents(score, user, [check_upload(pdf)])


def review_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("review"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_review_form_shows_the_evidence_in_fixed_queries(scheme, users, college_a, as_user):
    assessment = assessments.find_assessment(college_a, scheme)
    report = make_report(college_a, users["sec1"], status=Status.APPROVED, title="关工委工作例会")
    scores = assessments.scores_of(assessment)
    add_evidence(assessment, users["sec1"], report, scores[:1])
    staff = as_user("staff")
    few, page = review_queries(staff)
    assert f'href="{report.get_absolute_url()}"' in page and "关工委工作例会" in page
    document = scores[0].documents.get()
    assert reverse("scoring:document", args=[2022, "aa", document.pk]) in page
    assert "无佐证材料" in page

    add_evidence(assessment, users["sec1"], report, scores[1:])
    many, page = review_queries(staff)
    assert many == few
    assert page.count("关工委工作例会") == len(scores) and "无佐证材料" not in page


# The score template


def test_the_template_round_trip(scheme, full_marks, users, college_a, college_b, as_user):
    staff = as_user("staff")
    response = staff.get(reverse("scoring:import_template", args=[2022]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("学院代码", "学院名称", "指标代码", "指标名称", "满分", "复评分数", "评语")
    assert len(rows) - 1 == 2 * len(full_marks)
    assert rows[1 + list(full_marks).index("A2")][:3] == ("aa", "机械技术学院", "A2")

    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "aa":
            row[5].value = float(row[4].value)
            row[6].value = "好" if row[2].value == "A2" else None
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("复评分数模板.xlsx", buffer.getvalue())
    page = staff.post(reverse("scoring:import", args=[2022]), {"file": upload}, follow=True).content.decode()
    assert "已导入 1 个学院的 14 项得分；0 个学院完成考核" in page

    a, b = (Assessment.objects.get(college=c) for c in (college_a, college_b))
    assert a.final_total == D(100) and a.status == AssessmentStatus.SELF  # finalising was not asked for
    assert a.scores.get(indicator__code="A2").review_note == "好"
    assert not b.scores.exclude(final_score=None).exists()


def test_the_import_page_offers_the_template_and_finalises_only_when_asked(scheme, users, as_user):
    page = as_user("staff").get(reverse("scoring:import", args=[2022])).content.decode()
    assert reverse("scoring:import_template", args=[2022]) in page
    assert ImportForm().fields["finalise"].initial is False
    assert 'name="finalise"' in page and "checked" not in page
    assert "重新打开已完成的学院" in page


# Final colleges are not reopened unless asked


def test_a_final_college_is_not_reopened_unless_asked(scheme, full_marks, users, college_a, as_user):
    finalise_with(assessments.find_assessment(college_a, scheme), users["staff"], full_marks)
    staff = as_user("staff")
    upload = SimpleUploadedFile("复评.csv", csv_bytes(sheet_rows("aa", {"A2": 9})))
    page = staff.post(reverse("scoring:import", args=[2022]), {"file": upload, "finalise": "on"}).content.decode()
    assert "未导入任何内容" in page and "机械技术学院" in page and "重新打开已完成的学院" in page
    assessment = Assessment.objects.get(college=college_a)
    assert assessment.is_final and assessment.balanced
    assert list(assessment.events.values_list("action", flat=True)) == ["finalise"]

    upload = SimpleUploadedFile("复评.csv", csv_bytes(sheet_rows("aa", {"A2": 9})))
    staff.post(reverse("scoring:import", args=[2022]), {"file": upload, "reopen_final": "on"})
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED and assessment.key_short == ["A2"]
    assert list(assessment.events.values_list("action", flat=True)) == ["finalise", "reopen"]


def test_the_service_refuses_a_final_college_by_default(scheme, full_marks, users, college_a):
    finalise_with(assessments.find_assessment(college_a, scheme), users["staff"], full_marks)
    with pytest.raises(ScoringError, match="机械技术学院"):
        imports.import_review_scores(scheme, "s.csv", csv_bytes(sheet_rows("aa", {"A2": 9})), users["staff"])
    # A sheet that repeats the final scores changes nothing, so it is not refused.
    result = imports.import_review_scores(scheme, "s.csv", csv_bytes(sheet_rows("aa", full_marks)), users["staff"])
    assert result.colleges == 0


def test_the_college_dashboard_shows_no_verdict_before_final(scheme, full_marks, users, college_a, as_user):
    assessment = self_assess(assessments.find_assessment(college_a, scheme), users["sec1"], full_marks)
    assessments.transition(assessment, users["sec1"], "submit")
    page = as_user("staff").get(reverse("dashboard:college", args=[2022, "aa"])).content.decode()
    assert "自评总分" in page and "复评中" in page
    assert "未达均衡发展" not in page and "关键指标未满分" not in page
