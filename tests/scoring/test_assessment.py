"""An assessment as its users live it: the college self-assesses, staff review and finalise, the verdict counts."""

from decimal import Decimal as D

from django.urls import reverse

from activities.models import Status
from scoring import assessments
from scoring.models import Assessment, AssessmentStatus, IndicatorScore, ScoreChange

from ..conftest import make_report
from .conftest import score_form


def url(name, code="aa"):
    return reverse(f"scoring:{name}", args=[2022, code])


def test_the_whole_cycle_changes_the_verdict_and_the_plans_progress(
    plan, scheme, full_marks, users, college_a, college_b, as_user
):
    sec1, staff = as_user("sec1"), as_user("staff")
    lecture = make_report(college_a, users["sec1"], status=Status.APPROVED)
    assessment = assessments.find_assessment(college_a, scheme)

    data = score_form(assessment, full_marks, notes={"C2": "讲师团宣讲 1 场"})
    c2 = assessment.scores.get(indicator__code="C2")
    data[f"reports_{c2.pk}"] = [lecture.pk]
    assert sec1.post(url("self_assess"), data).status_code == 302
    assert list(c2.reports.all()) == [lecture]

    assessment.refresh_from_db()
    sec1.post(url("transition"), {"action": "submit", "version": assessment.version})
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED and assessment.self_total == D(100)

    # Before the review is final the college does not see reviewed scores or a verdict.
    pending = sec1.get(url("assessment")).content.decode()
    assert "待复评" in pending and "未达" not in pending and "达到“均衡发展”要求" not in pending

    reviewed = {**full_marks, "C1": D("6.5"), "A3": D(9)}
    assert staff.post(url("review"), score_form(assessment, reviewed)).status_code == 302
    assessment.refresh_from_db()
    staff.post(url("transition"), {"action": "finalise", "version": assessment.version})
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.FINALISED
    assert (assessment.final_total, assessment.balanced) == (D("97.5"), True)

    page = sec1.get(url("assessment")).content.decode()
    assert "达到“均衡发展”要求" in page and "97.5" in page
    school = staff.get(reverse("scoring:school", args=[2022])).content.decode()
    assert "2 个学院中 1 个达到均衡发展" in school
    plan_page = as_user("office").get(reverse("plans:detail", args=[2022])).content.decode()
    assert "2 个学院中 1 个达到均衡发展" in plan_page and 'style="width: 55%"' in plan_page  # 50 % of a 90 % goal


def test_a_key_indicator_short_is_explained_on_the_page(scheme, full_marks, users, college_a, as_user):
    assessment = assessments.find_assessment(college_a, scheme)
    assessments.save_scores(
        assessment,
        users["staff"],
        "final_score",
        {
            s.pk: assessments.ScoreInput(D(8) if s.indicator.code == "D1" else full_marks[s.indicator.code])
            for s in assessments.scores_of(assessment)
        },
    )
    assessments.transition(assessment, users["staff"], "finalise")
    page = as_user("sec1").get(url("assessment")).content.decode()
    assert "关键指标 D1 得分 8/10，未满分" in page


def test_every_score_change_is_recorded(scheme, users, college_a):
    assessment = assessments.find_assessment(college_a, scheme)
    a2 = assessment.scores.get(indicator__code="A2")
    assessments.save_scores(assessment, users["sec1"], "self_score", {a2.pk: assessments.ScoreInput(D(9))})
    assessments.save_scores(assessment, users["sec1"], "self_score", {a2.pk: assessments.ScoreInput(D(10))})
    assessments.save_scores(assessment, users["staff"], "final_score", {a2.pk: assessments.ScoreInput(D("9.5"))})
    trail = list(
        ScoreChange.objects.order_by("pk").values_list("field", "old_value", "new_value", "changed_by__username")
    )
    assert trail == [
        ("self_score", None, D(9), "sec1"),
        ("self_score", D(9), D(10), "sec1"),
        ("final_score", None, D("9.5"), "staff"),
    ]


def test_a_secretary_cannot_write_reviewed_scores_even_with_extra_fields(
    scheme, full_marks, users, college_a, as_user
):
    assessment = assessments.find_assessment(college_a, scheme)
    client = as_user("sec1")
    assert client.post(url("review"), score_form(assessment, full_marks)).status_code == 403
    data = score_form(assessment, {"A2": 10})
    for score in assessment.scores.all():
        data[f"final_score_{score.pk}"] = "10"
        data["final_score"] = "10"
        data["status"] = "finalised"
    assert client.post(url("self_assess"), data).status_code == 302
    assert not IndicatorScore.objects.exclude(final_score=None).exists()
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SELF
    assert client.post(url("transition"), {"action": "finalise", "version": assessment.version}).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SELF


def test_a_secretary_cannot_see_another_colleges_assessment(scheme, users, college_a, college_b, as_user):
    client = as_user("sec2")
    for name in ["assessment", "self_assess", "what_if"]:
        assert client.get(url(name, "aa")).status_code == 404
    assert client.get(reverse("scoring:school", args=[2022])).status_code == 302
    assert client.get(reverse("scoring:school", args=[2022]), follow=True).redirect_chain[-1][0] == url(
        "assessment", "bb"
    )


def test_bad_scores_are_refused_in_chinese_and_nothing_changes(scheme, users, college_a, as_user):
    assessment = assessments.find_assessment(college_a, scheme)
    response = as_user("sec1").post(url("self_assess"), score_form(assessment, {"A3": "11", "B2": "5", "C1": "abc"}))
    text = response.content.decode()
    assert response.status_code == 200
    assert "未保存任何内容" in text
    assert "确保该值小于或等于10" in text  # A3 above its maximum
    assert "选择一个有效的选项" in text  # B2 is graded: 5 is not one of its grades
    assert not IndicatorScore.objects.exclude(self_score=None).exists()


def test_submitting_needs_every_indicator_scored(scheme, users, college_a, as_user):
    assessment = assessments.find_assessment(college_a, scheme)
    response = as_user("sec1").post(
        url("transition"), {"action": "submit", "version": assessment.version}, follow=True
    )
    assert "请为每项指标自评后再提交" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SELF


def test_a_stale_form_is_refused(scheme, full_marks, users, college_a, as_user):
    assessment = assessments.find_assessment(college_a, scheme)
    stale = score_form(assessment, {"A2": 9})
    assessments.save_scores(
        assessment,
        users["staff"],
        "self_score",
        {assessment.scores.get(indicator__code="A2").pk: assessments.ScoreInput(D(10))},
    )
    response = as_user("sec1").post(url("self_assess"), stale)
    assert "他人刚刚修改了该记录" in response.content.decode()
    assert assessment.scores.get(indicator__code="A2").self_score == D(10)


def test_what_if_shows_the_verdict_and_school_share_and_saves_nothing(
    scheme, full_marks, users, college_a, college_b, as_user
):
    assessment = assessments.find_assessment(college_a, scheme)
    before = list(IndicatorScore.objects.values_list("self_score", "final_score"))
    response = as_user("sec1").post(url("what_if"), score_form(assessment, full_marks))
    text = response.content.decode()
    assert "达到“均衡发展”要求" in text and "0% → <strong>50%</strong>" in text
    response = as_user("staff").post(url("what_if"), score_form(assessment, {**full_marks, "B1": 9}))
    assert "关键指标 B1 得分 9/10，未满分" in response.content.decode()
    assert list(IndicatorScore.objects.values_list("self_score", "final_score")) == before
    assert as_user("office").get(url("what_if")).status_code == 403


def test_staff_return_and_reopen_with_a_reason(scheme, full_marks, users, college_a):
    assessment = assessments.find_assessment(college_a, scheme)
    rows = {s.pk: assessments.ScoreInput(full_marks[s.indicator.code]) for s in assessments.scores_of(assessment)}
    assessments.save_scores(assessment, users["sec1"], "self_score", rows)
    assessment = assessments.transition(assessment, users["sec1"], "submit")
    assessment = assessments.transition(assessment, users["staff"], "return", "请补充佐证材料")
    assert assessment.status == AssessmentStatus.SELF
    assessment = assessments.transition(assessment, users["sec1"], "submit")
    assessments.save_scores(assessment, users["staff"], "final_score", rows)
    assessment = assessments.transition(assessment, users["staff"], "finalise")
    assessment = assessments.transition(assessment, users["staff"], "reopen", "复核")
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert list(assessment.events.values_list("action", flat=True)) == [
        "submit",
        "return",
        "submit",
        "finalise",
        "reopen",
    ]


def test_query_count_of_the_school_view_does_not_grow_with_colleges(scheme, users, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from colleges.models import College

    client = as_user("staff")

    def count():
        client.get(reverse("scoring:school", args=[2022]))  # warms the session and the cached figures
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("scoring:school", args=[2022])).status_code == 200
        return len(captured)

    few = count()
    for n in range(40):  # each new college gets its assessment as it is created
        College.objects.create(code=f"c{n}", name=f"学院{n}", short_name=f"院{n}")
    assert count() == few
    assert Assessment.objects.count() == 42


def test_only_the_colleges_own_approved_reports_can_be_linked(scheme, users, college_a, college_b, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    own = make_report(college_a, users["sec1"], status=Status.APPROVED, title="本院宣讲")
    other = make_report(college_b, users["sec2"], status=Status.APPROVED, title="他院宣讲")
    assessment = assessments.find_assessment(college_a, scheme)
    client = as_user("sec1")
    with CaptureQueriesContext(connection) as few:
        page = client.get(url("self_assess")).content.decode()
    assert "本院宣讲" in page and "他院宣讲" not in page
    for n in range(5):
        make_report(college_a, users["sec1"], status=Status.APPROVED, title=f"宣讲{n}")
    with CaptureQueriesContext(connection) as more:
        client.get(url("self_assess"))
    assert len(more) == len(few)
    # The choices are read once for the page, not once for each of the 14 indicators that offer them.
    choice_reads = [q for q in few.captured_queries if q["sql"].startswith('SELECT "activities_activityreport"."id"')]
    assert len(choice_reads) == 1

    c2 = assessment.scores.get(indicator__code="C2")
    data = score_form(assessment, {})
    data[f"reports_{c2.pk}"] = [other.pk]
    response = client.post(url("self_assess"), data)
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    data[f"reports_{c2.pk}"] = [own.pk]
    assert client.post(url("self_assess"), data).status_code == 302
    assert list(c2.reports.all()) == [own]
