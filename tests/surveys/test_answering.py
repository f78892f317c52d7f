"""Answering a survey on the school's public site, without an account: everything is checked on the server, an
invitation code answers once, a client is throttled, a draft is not public and a closed survey shows no form."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from colleges.models import College
from surveys import guard
from surveys.errors import SurveyRefused
from surveys.models import Answer, Invitation, Response, Survey
from surveys.services import answering

from .public_survey import good_answers, good_post, invite, open_survey, questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(college_a):
    return open_survey(college_a)


def url_of(survey, **query):
    url = reverse("public:survey", args=[survey.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_a_complete_answer_is_stored_to_the_day_with_the_college_and_group(survey, college_a):
    response = answering.submit(survey, college_a, "2022级", good_answers(survey))
    q = questions(survey)
    assert (response.college, response.group, response.student_number) == (college_a, "2022级", "")
    assert response.answered_on == answering.today()
    stored = {answer.question_id: answer for answer in Answer.objects.filter(response=response)}
    assert stored[q["single"].pk].chosen == [1] and stored[q["multiple"].pk].chosen == [0, 2]
    assert stored[q["scale"].pk].point == 4 and stored[q["short"].pk].text == "充实"


def test_an_optional_question_left_empty_stores_no_answer(survey, college_a):
    answers = good_answers(survey)
    answers[questions(survey)["long"].pk] = "  "
    response = answering.submit(survey, college_a, "2022级", answers)
    assert Answer.objects.filter(response=response).count() == 4


@pytest.mark.parametrize(
    "kind, value, words",
    [
        ("single", None, "必答"),
        ("single", 3, "选项"),
        ("single", [0, 1], "只能选一项"),
        ("single", "1", "选项"),
        ("multiple", [0, 9], "选项"),
        ("multiple", [-1], "选项"),
        ("multiple", [], "必答"),
        ("scale", 0, "1到5"),
        ("scale", 6, "1到5"),
        ("scale", True, "1到5"),
        ("scale", None, "必答"),
        ("short", "", "必答"),
        ("short", "字" * 201, "200"),
        ("long", "字" * 2001, "2000"),
        ("short", 5, "文字"),
        ("short", "我室友的电话 138 0013 8000", "电话号码"),
        ("long", "身份证 110101199003074514，想反映情况", "身份证号"),
    ],
)
def test_every_answer_is_checked_on_the_server(survey, college_a, kind, value, words):
    answers = {**good_answers(survey), questions(survey)[kind].pk: value}
    with pytest.raises(SurveyRefused) as refused:
        answering.submit(survey, college_a, "2022级", answers)
    assert words in refused.value.message
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_the_college_and_group_are_among_those_asked(survey, college_a, college_b):
    for college, group in [(college_b, "2022级"), (None, "2022级"), (college_a, "2019级"), (college_a, "")]:
        with pytest.raises(SurveyRefused):
            answering.submit(survey, college, group, good_answers(survey))
    assert Response.objects.count() == 0


def test_a_student_number_only_on_a_named_survey_and_required_there(survey, college_a):
    with pytest.raises(SurveyRefused, match="匿名"):
        answering.submit(survey, college_a, "2022级", good_answers(survey), student_number="20220101")
    named = open_survey(college_a, named=True)
    for typed in ["", "12", "2022-0101", "x" * 21]:
        with pytest.raises(SurveyRefused, match="学号"):
            answering.submit(named, college_a, "2022级", good_answers(named), student_number=typed)
    stored = answering.submit(named, college_a, "2022级", good_answers(named), student_number="２０２２ab01")
    assert stored.student_number == "2022AB01"


def test_a_survey_outside_its_period_or_closed_takes_no_answer(survey, college_a):
    for change in [{"status": Survey.Status.CLOSED}, {"status": Survey.Status.DRAFT}]:
        Survey.objects.filter(pk=survey.pk).update(**change)
        survey.refresh_from_db()
        with pytest.raises(SurveyRefused):
            answering.submit(survey, college_a, "2022级", good_answers(survey))
    today = answering.today()
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.OPEN, closes_on=today.replace(year=today.year - 1))
    survey.refresh_from_db()
    with pytest.raises(SurveyRefused, match="截至"):
        answering.submit(survey, college_a, "2022级", good_answers(survey))


def test_an_invitation_code_answers_once_however_it_is_typed(college_a):
    survey = open_survey(college_a, uses_tokens=True)
    code = invite(survey)[0]
    with pytest.raises(SurveyRefused, match="邀请码"):
        answering.submit(survey, college_a, "2022级", good_answers(survey))
    with pytest.raises(SurveyRefused, match="邀请码"):
        answering.submit(survey, college_a, "2022级", good_answers(survey), code="ABCD-EFGH-JKMN")
    answering.submit(survey, college_a, "2022级", good_answers(survey), code=code.lower().replace("-", " "))
    assert Invitation.objects.filter(used_on=answering.today()).count() == 1
    with pytest.raises(SurveyRefused, match="已使用"):
        answering.submit(survey, college_a, "2022级", good_answers(survey), code=code)
    assert Response.objects.count() == 1
    other = open_survey(college_a, uses_tokens=True)
    with pytest.raises(SurveyRefused, match="邀请码"):  # a code answers only its own survey
        answering.submit(other, college_a, "2022级", good_answers(other), code=invite(survey, 1)[0])


def test_a_refused_answer_leaves_the_code_unused(college_a):
    survey = open_survey(college_a, uses_tokens=True)
    code = invite(survey, 1)[0]
    answers = {**good_answers(survey), questions(survey)["scale"].pk: 9}
    with pytest.raises(SurveyRefused):
        answering.submit(survey, college_a, "2022级", answers, code=code)
    assert Invitation.objects.get().used_on is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_posts_of_one_code_make_one_response(college_a):
    survey = open_survey(college_a, uses_tokens=True)
    code = invite(survey, 1)[0]
    data = good_post(survey, college_a, code=code)
    clients = [Client(REMOTE_ADDR=f"10.0.0.{n}") for n in range(6)]
    barrier, answers = threading.Barrier(len(clients)), []

    def send(client):
        try:
            barrier.wait(timeout=10)
            answers.append(client.post(url_of(survey), data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(answers) == [200] * 5 + [302]
    assert Response.objects.count() == 1 and Invitation.objects.get().used_on is not None


def test_the_page_answers_and_thanks_without_echoing_anything(survey, college_a):
    client = Client()
    page = client.get(url_of(survey)).content.decode()
    assert 'data-privacy="anonymous"' in page and page.index("data-privacy") < page.index("你最常参加的课外活动是")
    sent = client.post(url_of(survey), good_post(survey, college_a))
    assert sent.status_code == 302 and sent.url == reverse("public:survey_thanks", args=[survey.pk])
    thanks = client.get(sent.url).content.decode()
    assert "感谢" in thanks and "充实" not in thanks and "机械技术学院" not in thanks
    assert Response.objects.count() == 1
    again = client.get(url_of(survey)).content.decode()  # the browser's cookie says it answered
    assert "data-answered" in again and 'name="college"' not in again
    assert client.post(url_of(survey), good_post(survey, college_a)).status_code == 200
    assert Response.objects.count() == 1


def test_a_mistake_is_shown_beside_the_question_and_the_answers_are_kept(survey, college_a):
    q = questions(survey)
    data = good_post(survey, college_a)
    del data[f"q{q['single'].pk}"]
    response = Client().post(url_of(survey), data)
    form = response.context["form"]
    assert response.status_code == 200 and form.errors[f"q{q['single'].pk}"]
    assert form[f"q{q['short'].pk}"].value() == "充实" and Response.objects.count() == 0


def test_a_named_survey_says_so_and_asks_the_student_number(college_a):
    survey = open_survey(college_a, named=True)
    page = Client().get(url_of(survey)).content.decode()
    assert 'data-privacy="named"' in page and 'name="student_number"' in page
    assert Client().post(url_of(survey), good_post(survey, college_a)).status_code == 200
    assert Client().post(url_of(survey), good_post(survey, college_a, student_number="20220101")).status_code == 302
    assert Response.objects.get().student_number == "20220101"


def test_the_code_comes_from_the_link_and_a_used_code_is_refused(college_a):
    survey = open_survey(college_a, uses_tokens=True)
    code = invite(survey, 1)[0]
    page = Client().get(url_of(survey, code=code)).content.decode()
    assert f'value="{code}"' in page
    client = Client()
    assert client.post(url_of(survey), good_post(survey, college_a, code=code)).status_code == 302
    refused = client.post(url_of(survey), good_post(survey, college_a, code=code))  # no cookie blocks a code
    assert "已使用" in refused.content.decode() and Response.objects.count() == 1


def test_a_draft_is_not_public_and_a_closed_survey_shows_no_form(college_a):
    draft = open_survey(college_a, status=Survey.Status.DRAFT)
    assert Client().get(url_of(draft)).status_code == 404
    assert Client().post(url_of(draft), good_post(draft, college_a)).status_code == 404
    assert Client().get(reverse("public:survey_thanks", args=[draft.pk])).status_code == 404
    closed = open_survey(college_a, status=Survey.Status.CLOSED)
    page = Client().get(url_of(closed)).content.decode()
    assert "data-closed" in page and "已结束" in page and 'name="college"' not in page
    assert Client().post(url_of(closed), good_post(closed, college_a)).status_code == 200
    today = answering.today()
    later = open_survey(college_a)
    Survey.objects.filter(pk=later.pk).update(opens_on=today.replace(year=today.year + 1))
    assert 'name="college"' not in Client().get(url_of(later)).content.decode()
    assert Response.objects.count() == 0
    assert Client().put(url_of(closed)).status_code == 405


def test_answers_are_throttled_per_client_and_survey_and_day(survey, college_a):
    for _ in range(guard.ANSWERS_PER_DAY):
        assert Client(REMOTE_ADDR="10.4.4.4").post(url_of(survey), good_post(survey, college_a)).status_code == 302
    refused = Client(REMOTE_ADDR="10.4.4.4").post(url_of(survey), good_post(survey, college_a))
    assert refused.status_code == 200 and "次数过多" in refused.content.decode()
    assert Client(REMOTE_ADDR="10.5.5.5").post(url_of(survey), good_post(survey, college_a)).status_code == 302
    assert Response.objects.count() == guard.ANSWERS_PER_DAY + 1
    assert not any("10.4.4.4" in key for key in cache._cache)


def test_wrong_codes_are_throttled_per_client_within_a_window(college_a):
    survey = open_survey(college_a, uses_tokens=True)
    code = invite(survey, 1)[0]
    client = Client(REMOTE_ADDR="10.6.6.6")
    for n in range(guard.CODE_TRIES):
        client.post(url_of(survey), good_post(survey, college_a, code=f"WRONG{n}"))
    held = client.post(url_of(survey), good_post(survey, college_a, code=code))
    assert "次数过多" in held.content.decode() and Response.objects.count() == 0  # even the right code waits
    assert (
        Client(REMOTE_ADDR="10.7.7.7").post(url_of(survey), good_post(survey, college_a, code=code)).status_code == 302
    )


@pytest.mark.parametrize("persona", [None, "staff", "office", "sec1", "sec2", "admin", "norole"])
def test_the_public_page_answers_everyone(persona, users, survey, as_user):
    client = as_user(persona)
    assert client.get(url_of(survey)).status_code == 200
    assert client.get(reverse("public:survey", args=[survey.pk + 999])).status_code == 404


def test_answers_to_many_surveys_are_throttled_per_client_within_a_window(college_a):
    surveys = [open_survey(college_a) for _ in range(guard.ANSWERS_PER_WINDOW + 1)]
    for survey in surveys[:-1]:
        assert Client(REMOTE_ADDR="10.8.8.8").post(url_of(survey), good_post(survey, college_a)).status_code == 302
    last = surveys[-1]
    assert Client(REMOTE_ADDR="10.8.8.8").post(url_of(last), good_post(last, college_a)).status_code == 200
    assert Response.objects.count() == guard.ANSWERS_PER_WINDOW


def test_a_survey_is_answered_only_on_its_own_schools_site(users, survey, college_a):
    from core.scoping import school_scope
    from tests.institutions.two_schools import build_school_b

    school_b = build_school_b()
    path = f"survey/{survey.pk}/"
    assert Client().get(f"/s/th/{path}").status_code == 404
    assert Client().post(f"/s/th/{path}", good_post(survey, college_a)).status_code == 404
    with school_scope(school_b.school):
        college_b_there = College.objects.get(code="aa")
        theirs = open_survey(college_b_there)
        data = good_post(theirs, college_b_there)
    assert Client().get(f"/survey/{theirs.pk}/").status_code == 404
    sent = Client().post(f"/s/th/survey/{theirs.pk}/", data)
    assert sent.status_code == 302 and sent.url == f"/s/th/survey/{theirs.pk}/thanks/"
    assert Response.objects.count() == 0  # the home school's scope, as the test runs in
    with school_scope(school_b.school):
        assert Response.objects.get().college == college_b_there
