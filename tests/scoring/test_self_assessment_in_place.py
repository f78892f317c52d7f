"""Issue 10: the self-assessment links reports through a searchable checklist per indicator, takes documents beside
each indicator with the same Save, shows the year's deadline, and reopening a final assessment asks first."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from activities.models import Status
from scoring import assessments
from scoring.models import AssessmentDocument, AssessmentStatus

from ..conftest import make_report
from .conftest import score_form

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(name, code="aa"):
    return reverse(f"scoring:{name}", args=[2022, code])


def test_reports_are_a_checklist_with_a_search_box_per_indicator(scheme, users, college_a, as_user):
    lecture = make_report(college_a, users["sec1"], status=Status.APPROVED, title="本院宣讲")
    assessment = assessments.find_assessment(college_a, scheme)
    c2 = assessment.scores.get(indicator__code="C2")
    page = as_user("sec1").get(url("self_assess")).content.decode()
    assert "<select" not in page.split("reports_")[1][:200]  # no multi-select box to Ctrl-click
    assert f'type="checkbox" name="reports_{c2.pk}" value="{lecture.pk}"' in page
    assert page.count("data-checklist-search") == len(assessments.scores_of(assessment))
    assert 'aria-label="搜索 C2 的活动报告"' in page and "js/checklist.js" in page


def test_documents_are_added_beside_their_indicator_with_the_save(scheme, full_marks, users, college_a, as_user):
    assessment = assessments.find_assessment(college_a, scheme)
    a1 = assessment.scores.get(indicator__code="A1")
    page = as_user("sec1").get(url("self_assess")).content.decode()
    assert 'enctype="multipart/form-data"' in page and f'name="documents_{a1.pk}"' in page
    data = score_form(assessment, full_marks)
    data[f"documents_{a1.pk}"] = [SimpleUploadedFile("制度.pdf", PDF), SimpleUploadedFile("会议记录.pdf", PDF)]
    response = as_user("sec1").post(url("self_assess"), data, follow=True)
    assert "新增 2 份佐证文件" in response.content.decode()
    assert sorted(a1.documents.values_list("original_name", flat=True)) == ["会议记录.pdf", "制度.pdf"]
    assert a1.assessment.scores.get(indicator__code="A1").self_score == full_marks["A1"]


def test_a_refused_document_saves_nothing(scheme, full_marks, users, college_a, as_user):
    assessment = assessments.find_assessment(college_a, scheme)
    a1 = assessment.scores.get(indicator__code="A1")
    data = score_form(assessment, full_marks)
    data[f"documents_{a1.pk}"] = [SimpleUploadedFile("制度.jpg", PDF)]
    response = as_user("sec1").post(url("self_assess"), data)
    assert response.status_code == 200
    assert "扩展名与内容（PDF）不符" in response.content.decode()
    assert not AssessmentDocument.objects.exists()
    assert assessment.scores.get(indicator__code="A1").self_score is None


def test_the_deadline_shows_with_the_days_left_where_the_college_needs_it(scheme, users, college_a, as_user):
    scheme.self_assessment_deadline = timezone.localdate() + datetime.timedelta(days=4)
    scheme.save()
    assessments.find_assessment(college_a, scheme)
    for name in ["self_assess", "assessment"]:
        page = as_user("sec1").get(url(name)).content.decode()
        assert f"截止日期：{scheme.self_assessment_deadline:%Y-%m-%d}" in page and 'data-days-left="4"' in page
    school = as_user("staff").get(reverse("scoring:school", args=[2022])).content.decode()
    assert 'data-days-left="4"' in school  # staff see how long the colleges have left
    scheme.self_assessment_deadline = timezone.localdate() - datetime.timedelta(days=1)
    scheme.save()
    page = as_user("sec1").get(url("self_assess")).content.decode()
    assert "已截止" in page and "alert-danger" in page


def test_without_a_deadline_nothing_is_shown(scheme, users, college_a, as_user):
    scheme.self_assessment_deadline = None
    scheme.save()
    assessments.find_assessment(college_a, scheme)
    assert "data-deadline" not in as_user("sec1").get(url("self_assess")).content.decode()


def test_reopening_a_final_assessment_asks_first(scheme, full_marks, users, college_a, as_user):
    assessment = assessments.find_assessment(college_a, scheme)
    assessments.save_scores(
        assessment,
        users["sec1"],
        "self_score",
        {s.pk: assessments.ScoreInput(full_marks[s.indicator.code]) for s in assessments.scores_of(assessment)},
    )
    assessments.transition(assessment, users["sec1"], "submit")
    assessment.refresh_from_db()
    assessments.save_scores(
        assessment,
        users["staff"],
        "final_score",
        {s.pk: assessments.ScoreInput(full_marks[s.indicator.code]) for s in assessments.scores_of(assessment)},
    )
    assessments.transition(assessment, users["staff"], "finalise")
    assert assessment.__class__.objects.get(pk=assessment.pk).status == AssessmentStatus.FINALISED
    page = as_user("staff").get(url("assessment")).content.decode()
    reopen = page[page.index('value="reopen"') :]
    assert 'data-confirm="重新打开这份已完成的考核' in reopen[: reopen.index("</form>")]


def test_a_pdf_document_previews_in_a_sandbox_and_downloads_on_request(scheme, full_marks, users, college_a, as_user):
    assessment = assessments.find_assessment(college_a, scheme)
    a1 = assessment.scores.get(indicator__code="A1")
    data = score_form(assessment, full_marks)
    data[f"documents_{a1.pk}"] = [SimpleUploadedFile("制度.pdf", PDF)]
    as_user("sec1").post(url("self_assess"), data)
    document = a1.documents.get()
    address = reverse("scoring:document", args=[2022, "aa", document.pk])
    response = as_user("staff").get(address)
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Content-Security-Policy"].startswith("sandbox;") and response["X-Frame-Options"] == "SAMEORIGIN"
    assert as_user("staff").get(address + "?download=1")["Content-Disposition"].startswith("attachment;")
    assert as_user("sec2").get(address).status_code == 404


def action_button(page, action):
    form = page[page.index(f'value="{action}"') :]
    return form[: form.index("</form>")]


def test_submitting_and_finalising_ask_once(scheme, full_marks, users, college_a, as_user):
    assessment = assessments.find_assessment(college_a, scheme)
    every = {s.pk: assessments.ScoreInput(full_marks[s.indicator.code]) for s in assessments.scores_of(assessment)}
    assessments.save_scores(assessment, users["sec1"], "self_score", every)
    page = as_user("sec1").get(url("assessment")).content.decode()
    assert 'data-confirm="' in action_button(page, "submit")
    assessments.transition(assessment, users["sec1"], "submit")
    assessment.refresh_from_db()
    assessments.save_scores(assessment, users["staff"], "final_score", every)
    page = as_user("staff").get(url("assessment")).content.decode()
    assert 'data-confirm="' in action_button(page, "finalise")


def test_the_review_queue_approves_a_batch_after_one_confirmation(users, college_a, as_user):
    make_report(college_a, users["sec1"], status=Status.SUBMITTED)
    page = as_user("staff").get(reverse("activities:review")).content.decode()
    assert page.count("data-confirm=") == 1 and "data-select-all" in page and "js/select_all.js" in page
