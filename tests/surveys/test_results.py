"""A survey's results: the counts are right, a cut under SMALL_GROUP shows no figure (the whole result under a
filter, a college or a group counted apart), a secretary reading the school's survey sees their college only, the
written answers follow the same rules, and the page costs the same few queries however many answers."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from surveys import results
from surveys.models import Question

from .results_helpers import a_survey, answer

pytestmark = pytest.mark.django_db

SUPPRESSED = "少于5份答卷，不单独显示，以免识别个人"


@pytest.fixture
def school_survey(users, college_a, college_b):
    survey = a_survey(None, colleges=[college_a, college_b])
    answer(survey, college_a, "2021级", 4, single=0, multiple=(0,), point=5)
    answer(survey, college_a, "2022级", 5, single=1, multiple=(0, 2), point=3, text="")
    answer(survey, college_b, "2022级", 6, single=2, multiple=(1,), point=4)
    return survey


def test_counts_shares_and_the_scale_mean_are_right(school_survey):
    tallied = results.tally(school_survey, results.responses_of(school_survey))
    assert tallied.responses == 15 and not tallied.suppressed
    single, multiple, scale, text = tallied.questions
    assert [(bar.label, bar.count, bar.share) for bar in single.bars] == [
        ("运动", 4, 27),
        ("阅读", 5, 33),
        ("志愿服务", 6, 40),
    ]
    # Several choices a respondent: shares of those who answered.
    assert [(bar.count, bar.share) for bar in multiple.bars] == [(9, 60), (6, 40), (5, 33)]
    assert scale.mean == round((4 * 5 + 5 * 3 + 6 * 4) / 15, 2)
    assert [bar.count for bar in scale.bars] == [0, 0, 5, 6, 4]
    assert text.texts == 10 and text.bars == []


def test_a_group_of_four_is_suppressed_and_five_is_shown(school_survey, as_user):
    url = reverse("surveys:results", args=[school_survey.pk])
    college_a = school_survey.colleges.get(code="aa")
    four = as_user("staff").get(url, {"college": college_a.pk, "group": "2021级"})
    assert SUPPRESSED in four.content.decode()
    assert four.context["results"].suppressed and four.context["results"].questions[0].bars == []
    five = as_user("staff").get(url, {"college": college_a.pk, "group": "2022级"})
    assert SUPPRESSED not in five.content.decode()
    assert five.context["results"].responses == 5
    assert [bar.count for bar in five.context["results"].questions[0].bars] == [0, 5, 0]


def test_the_college_and_group_tables_show_small_counts_as_under_five(users, college_a, college_b, as_user):
    survey = a_survey(None, colleges=[college_a, college_b])
    answer(survey, college_a, "2021级", 7)
    answer(survey, college_b, "2021级", 3)
    page = as_user("office").get(reverse("surveys:results", args=[survey.pk]))
    by_college = {row.label: row for row in page.context["colleges"]}
    assert by_college["控制技术学院"].small and not by_college["机械技术学院"].small
    html = page.content.decode()
    assert '<td class="text-end">&lt;5</td>' in html and '<td class="text-end">3</td>' not in html
    by_group = {row.label: row.count for row in page.context["groups"]}
    assert by_group == {"2021级": 10, "2022级": 0}


def test_a_secretary_reads_only_their_college_of_the_schools_survey(school_survey, as_user):
    page = as_user("sec1").get(reverse("surveys:results", args=[school_survey.pk]))
    assert page.status_code == 200
    assert page.context["results"].responses == 9  # college A's 4 + 5, never college B's 6
    assert [row.label for row in page.context["colleges"]] == ["机械技术学院"]
    assert "college" not in page.context["form"].fields
    # Their college under a filter falls under the threshold the same way.
    small = as_user("sec1").get(reverse("surveys:results", args=[school_survey.pk]), {"group": "2021级"})
    assert small.context["results"].suppressed and SUPPRESSED in small.content.decode()
    # College B's secretary reads college B's six.
    other = as_user("sec2").get(reverse("surveys:results", args=[school_survey.pk]))
    assert other.context["results"].responses == 6


def test_another_colleges_survey_is_a_404(users, college_a, as_user):
    survey = a_survey(college_a)
    assert as_user("sec2").get(reverse("surveys:results", args=[survey.pk])).status_code == 404
    assert as_user("sec2").get(reverse("surveys:free_text", args=[survey.pk])).status_code == 404


def test_the_results_page_costs_the_same_queries_whatever_the_answers(
    users, college_a, college_b, as_user, django_assert_max_num_queries
):
    survey = a_survey(None, colleges=[college_a, college_b])
    for _ in range(4):
        Question.objects.create(survey=survey, kind="single", text="又一题", choices="是\n否", order=9)
    answer(survey, college_a, "2021级", 40)
    answer(survey, college_b, "2022级", 40)
    client = as_user("staff")
    url = reverse("surveys:results", args=[survey.pk])
    client.get(url)  # the session and the user's roles, once
    with django_assert_max_num_queries(14):
        page = client.get(url, {"college": college_a.pk})
    assert page.context["results"].responses == 40


def test_the_written_answers_are_paginated_and_suppressed(users, college_a, as_user):
    survey = a_survey(college_a)
    answer(survey, college_a, "2021级", 4, text="想多参加社会实践")
    answer(survey, college_a, "2022级", 25, text="希望多办讲座")
    url = reverse("surveys:free_text", args=[survey.pk])
    page = as_user("sec1").get(url)
    assert page.context["page_obj"].paginator.count == 29
    assert len(page.context["page_obj"]) == 20
    small = as_user("sec1").get(url, {"group": "2021级"})
    assert SUPPRESSED in small.content.decode() and "想多参加社会实践" not in small.content.decode()
    assert as_user("office").get(url).status_code == 403


def test_the_answers_workbook_is_inert_and_readable(users, college_a, as_user):
    survey = a_survey(college_a, named=True)
    answer(survey, college_a, "2022级", 5, multiple=(0, 2), text='=HYPERLINK("http://x.example","点我")')
    response = as_user("staff").get(reverse("surveys:export", args=[survey.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("学院", "群体", "作答日期", "学号")
    assert len(rows) == 6
    assert rows[1][0] == "机械技术学院" and rows[1][1] == "2022级"
    assert rows[1][5] == "历史；艺术"  # multiple choices as their text, joined
    formula = [cell for cell in sheet[2] if isinstance(cell.value, str) and cell.value.startswith("=")]
    assert formula and all(cell.data_type == "s" for cell in formula)
    # The student number is staff's only: the college's secretary gets no such column.
    mine = load_workbook(io.BytesIO(as_user("sec1").get(reverse("surveys:export", args=[survey.pk])).content))
    assert "学号" not in next(mine.active.iter_rows(values_only=True))


def test_a_secretary_gets_no_workbook_of_fewer_than_five(users, college_a, as_user):
    survey = a_survey(college_a)
    answer(survey, college_a, "2022级", 4)
    response = as_user("sec1").get(reverse("surveys:export", args=[survey.pk]), follow=True)
    assert SUPPRESSED in response.content.decode()
    assert not response["Content-Type"].startswith("application/vnd")
    assert as_user("staff").get(reverse("surveys:export", args=[survey.pk])).status_code == 200
