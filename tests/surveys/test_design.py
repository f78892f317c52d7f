"""Designing a survey: who may, the version every write claims, the refusals (named for staff only, questions fixed
once answered), opening and closing, and the pages that show it."""

import datetime

import pytest
from django.urls import reverse

from core.versions import StaleWrite
from surveys.models import Question, Response, Section, Survey
from surveys.services import design as services
from surveys.services.design import SurveyError, SurveyRoleRefused

from .conftest import TODAY, add_question, add_section, fresh

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def school_day(monkeypatch):
    monkeypatch.setattr(services, "today", lambda: TODAY)


def answered(survey):
    return Response.objects.create(survey=survey, answered_on=TODAY)


def survey_post(**changes):
    data = {
        "title": "青年教师发展需求调研",
        "intro": "占用您五分钟。",
        "year": "2022",
        "groups": "青年教师\n2022级",
        "opens_on": "2022-05-10",
        "closes_on": "2022-05-31",
        "version": "",
    }
    return {**data, **changes}


# Creating and editing the survey.


def test_staff_create_a_school_survey_and_a_secretary_their_colleges(users, college_a, college_b, as_user):
    response = as_user("staff").post(
        reverse("surveys:create"), survey_post(named="on", colleges=[college_a.pk, college_b.pk])
    )
    school = Survey.objects.get(college=None)
    assert response.status_code == 302 and response["Location"] == reverse("surveys:detail", args=[school.pk])
    assert school.named and school.status == Survey.Status.DRAFT and school.created_by == users["staff"]
    assert set(school.colleges.all()) == {college_a, college_b}
    assert school.group_list() == ["青年教师", "2022级"]

    as_user("sec1").post(reverse("surveys:create"), survey_post(title="本院调研", colleges=[college_b.pk]))
    own = Survey.objects.get(title="本院调研")
    assert own.college == college_a and list(own.colleges.all()) == [college_a]  # a college asks only itself


def test_a_secretary_may_not_make_a_survey_named(users, college_a, college_survey, as_user):
    client = as_user("sec1")
    response = client.post(reverse("surveys:create"), survey_post(named="on"))
    assert response.status_code == 200 and "只有校关工委工作人员可以把调研设为实名" in response.content.decode()
    assert not Survey.objects.filter(title="青年教师发展需求调研").exists()

    edit = reverse("surveys:edit", args=[college_survey.pk])
    assert 'name="named"' not in client.get(edit).content.decode()  # not offered
    response = client.post(edit, survey_post(named="on", version=str(college_survey.version)))
    assert response.status_code == 200 and "只有校关工委工作人员" in response.content.decode()
    survey = fresh(college_survey)
    assert not survey.named and survey.title == "学院学习情况调研" and survey.version == 1

    with pytest.raises(SurveyRoleRefused):
        services.create_survey(Survey(year=2022, college=college_a, title="实名", named=True), users["sec1"], [])


def test_a_secretary_designs_no_school_survey_and_sees_no_other_colleges(users, school_survey, college_b, as_user):
    with pytest.raises(SurveyRoleRefused):
        services.create_survey(Survey(year=2022, title="全校"), users["sec1"], [])
    # The school's survey that asked college A: sec1 reads it, changes nothing; sec2 does not see it.
    assert as_user("sec1").get(reverse("surveys:detail", args=[school_survey.pk])).status_code == 200
    assert as_user("sec1").get(reverse("surveys:edit", args=[school_survey.pk])).status_code == 403
    assert as_user("sec2").get(reverse("surveys:detail", args=[school_survey.pk])).status_code == 404
    other = Survey.objects.create(year=2022, college=college_b, title="控制学院调研")
    assert as_user("sec1").get(reverse("surveys:detail", args=[other.pk])).status_code == 404


def test_the_office_reads_the_list_and_changes_nothing(users, school_survey, as_user):
    client = as_user("office")
    page = client.get(reverse("surveys:list"))
    assert page.status_code == 200 and "全校学生价值取向调研" in page.content.decode()
    assert "新建" not in page.content.decode()
    edit = reverse("surveys:edit", args=[school_survey.pk])
    assert client.post(edit, survey_post(version="1")).status_code == 403
    assert (
        client.post(reverse("surveys:status", args=[school_survey.pk]), {"version": 1, "action": "open"}).status_code
        == 403
    )
    assert fresh(school_survey).version == 1 and fresh(school_survey).title == "全校学生价值取向调研"


def test_the_list_shows_each_years_surveys_with_their_answers(users, school_survey, college_survey, as_user):
    answered(school_survey)
    answered(school_survey)
    page = as_user("sec1").get(reverse("surveys:list")).content.decode()
    assert "全校学生价值取向调研" in page and "学院学习情况调研" in page and "2022 年" in page
    assert "新建本院调研" in page
    assert "新建全校调研" in as_user("staff").get(reverse("surveys:list")).content.decode()


def test_an_edit_claims_the_surveys_version(users, school_survey, college_a):
    school_survey.title = "新标题"
    saved = services.update_survey(school_survey, users["staff"], [college_a.pk], expected_version=1)
    assert saved.title == "新标题" and saved.version == 2
    school_survey.title = "晚到的标题"
    with pytest.raises(StaleWrite):
        services.update_survey(school_survey, users["staff"], [college_a.pk], expected_version=1)
    assert fresh(school_survey).title == "新标题"


def test_named_and_invitation_only_are_fixed_once_answered(users, school_survey, college_a):
    answered(school_survey)
    school_survey.named = True
    with pytest.raises(SurveyError):
        services.update_survey(school_survey, users["staff"], [college_a.pk], expected_version=1)
    assert not fresh(school_survey).named and fresh(school_survey).version == 1


def test_a_survey_cannot_close_before_it_opens(users, as_user, college_a):
    response = as_user("staff").post(
        reverse("surveys:create"), survey_post(opens_on="2022-06-01", closes_on="2022-05-01", colleges=[college_a.pk])
    )
    assert response.status_code == 200 and "结束日期不能早于开始日期" in response.content.decode()
    assert not Survey.objects.exists()


# The questions.


def test_questions_are_added_edited_moved_and_deleted_each_claiming_the_version(users, school_survey, as_user):
    client = as_user("staff")
    base = [school_survey.pk]
    client.post(reverse("surveys:section_create", args=base), {"title": "兴趣爱好", "version": 1})
    section = Section.objects.get(survey=school_survey)
    for text, version in [("第一题", 2), ("第二题", 3)]:
        client.post(
            reverse("surveys:question_create", args=base),
            {
                "kind": "single",
                "text": text,
                "required": "on",
                "choices": "是\n否",
                "scale_max": 5,
                "version": version,
            },
        )
    first, second = Question.objects.filter(survey=school_survey).order_by("order")
    assert [first.text, second.text] == ["第一题", "第二题"] and fresh(school_survey).version == 4

    client.post(reverse("surveys:question_move", args=[*base, second.pk]), {"version": 4, "direction": "up"})
    assert list(Question.objects.filter(survey=school_survey).values_list("text", flat=True)) == ["第二题", "第一题"]
    # A move posted from an older page is refused and moves nothing.
    client.post(reverse("surveys:question_move", args=[*base, second.pk]), {"version": 4, "direction": "down"})
    assert list(Question.objects.filter(survey=school_survey).values_list("text", flat=True)) == ["第二题", "第一题"]

    client.post(
        reverse("surveys:question_edit", args=[*base, first.pk]),
        {
            "kind": "scale",
            "text": "满意度",
            "scale_max": 7,
            "scale_low": "很不满意",
            "scale_high": "很满意",
            "section": section.pk,
            "version": 5,
        },
    )
    first = fresh(first)
    assert (first.kind, first.scale_max, first.section, first.choices) == ("scale", 7, section, "")
    client.post(reverse("surveys:question_delete", args=[*base, second.pk]), {"version": 6, "confirmed": "yes"})
    assert not Question.objects.filter(pk=second.pk).exists() and fresh(school_survey).version == 7

    with pytest.raises(StaleWrite):
        services.delete_question(first, users["staff"], expected_version=6)


@pytest.mark.parametrize(
    ("choices", "said"),
    [
        ("只有一个", "至少需要 2 个选项"),
        ("是\n是", "有两个选项相同"),
        ("\n".join(map(str, range(31))), "最多 30 个选项"),
    ],
)
def test_choice_questions_are_checked(users, school_survey, as_user, choices, said):
    response = as_user("staff").post(
        reverse("surveys:question_create", args=[school_survey.pk]),
        {"kind": "multiple", "text": "你的爱好", "choices": choices, "version": 1},
    )
    assert response.status_code == 200 and said in response.content.decode()
    assert not Question.objects.exists() and fresh(school_survey).version == 1
    with pytest.raises(SurveyError):
        services.save_question(
            Question(survey=school_survey, kind="single", text="x", choices=choices), users["staff"], 1
        )


def test_questions_are_fixed_once_answered_or_open(users, school_survey, as_user):
    question = add_question(school_survey)
    answered(school_survey)
    with pytest.raises(SurveyError, match="已有答卷"):
        services.save_question(Question(survey=school_survey, kind="short", text="新题"), users["staff"], 1)
    with pytest.raises(SurveyError):
        services.delete_question(question, users["staff"], 1)
    assert fresh(school_survey).version == 1 and Question.objects.count() == 1  # the claim was rolled back
    page = as_user("staff").get(reverse("surveys:question_edit", args=[school_survey.pk, question.pk]))
    assert page.status_code == 302  # the page says why and goes back to the survey

    Response.objects.all().delete()
    Survey.objects.filter(pk=school_survey.pk).update(status=Survey.Status.OPEN)
    with pytest.raises(SurveyError, match="草稿"):
        services.move_question(question, users["staff"], "up", 1)


def test_a_section_with_questions_is_not_deleted(users, school_survey):
    section = add_section(school_survey)
    add_question(school_survey, section=section)
    with pytest.raises(SurveyError):
        services.delete_section(section, users["staff"], 1)
    assert Section.objects.filter(pk=section.pk).exists()


# Opening and closing.


def test_opening_needs_a_question_and_a_college_and_a_period_not_past(users, school_survey):
    staff = users["staff"]
    with pytest.raises(SurveyError, match="至少添加一道题"):
        services.open_survey(school_survey, staff, 1)
    add_question(school_survey)
    school_survey.colleges.clear()
    with pytest.raises(SurveyError, match="学院"):
        services.open_survey(school_survey, staff, 1)
    assert fresh(school_survey).status == Survey.Status.DRAFT and fresh(school_survey).version == 1


def test_open_close_reopen_and_back_to_draft(users, school_survey, monkeypatch):
    staff = users["staff"]
    add_question(school_survey)
    services.open_survey(school_survey, staff, 1)
    assert fresh(school_survey).status == Survey.Status.OPEN and services.accepting(fresh(school_survey))
    services.close_survey(school_survey, staff, 2)
    assert fresh(school_survey).status == Survey.Status.CLOSED and not services.accepting(fresh(school_survey))
    services.open_survey(school_survey, staff, 3)  # reopened before its closing day
    assert fresh(school_survey).status == Survey.Status.OPEN
    services.close_survey(school_survey, staff, 4)
    monkeypatch.setattr(services, "today", lambda: TODAY + datetime.timedelta(days=30))
    with pytest.raises(SurveyError, match="结束日期已过"):
        services.open_survey(school_survey, staff, 5)
    answered(school_survey)
    with pytest.raises(SurveyError):
        services.return_to_draft(school_survey, staff, 5)
    assert fresh(school_survey).status == Survey.Status.CLOSED


def test_the_status_buttons(users, college_survey, as_user):
    add_question(college_survey)
    client = as_user("sec1")
    status = reverse("surveys:status", args=[college_survey.pk])
    client.post(status, {"version": 1, "action": "open"})
    assert fresh(college_survey).status == Survey.Status.OPEN
    client.post(status, {"version": 2, "action": "draft"})
    assert fresh(college_survey).status == Survey.Status.DRAFT


# Preview.


def test_the_preview_shows_the_questionnaire_read_only_and_says_anonymous_or_named(users, school_survey, as_user):
    section = add_section(school_survey, "兴趣爱好")
    add_question(school_survey, "你最常用的学习方式？")
    add_question(school_survey, "你的爱好", kind=Question.Kind.MULTIPLE, section=section, required=False)
    add_question(school_survey, "对学校的满意度", kind=Question.Kind.SCALE, scale_max=5, scale_low="很不满意")
    add_question(school_survey, "还想说的话", kind=Question.Kind.LONG)
    page = as_user("staff").get(reverse("surveys:preview", args=[school_survey.pk])).content.decode()
    assert page.index("本问卷为匿名问卷") < page.index("你最常用的学习方式？") < page.index("兴趣爱好")
    assert 'type="radio"' in page and 'type="checkbox"' in page and "<textarea" in page
    assert "1（很不满意）" in page and "disabled" in page and 'type="submit"' not in page.split("<main")[-1]
    assert "student_number" not in page and 'name="college"' in page  # who they are, as the public page asks it
    Survey.objects.filter(pk=school_survey.pk).update(named=True)
    page = as_user("staff").get(reverse("surveys:preview", args=[school_survey.pk])).content.decode()
    assert page.index("本问卷为实名问卷") < page.index("学号") < page.index("你最常用的学习方式？")


def test_the_list_and_a_surveys_page_take_the_same_queries_for_ten_times_the_rows(users, school_survey, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user("sec1")

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add_question(school_survey)
    add_section(school_survey)
    answered(school_survey)
    small = (queries(reverse("surveys:list")), queries(reverse("surveys:detail", args=[school_survey.pk])))
    for number in range(10):
        other = Survey.objects.create(year=2021 + number % 2, title=f"调研{number}")
        other.colleges.set([school_survey.colleges.first()])
        section = add_section(school_survey, f"部分{number}")
        add_question(school_survey, f"题{number}", section=section)
        answered(other)
    large = (queries(reverse("surveys:list")), queries(reverse("surveys:detail", args=[school_survey.pk])))
    assert large == small
