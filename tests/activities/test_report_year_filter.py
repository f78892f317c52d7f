"""The report list filters by year; 全部 (empty) shows every year, and a year that is not a choice is refused."""

import datetime

from django.urls import reverse

from ..conftest import make_report


def test_the_list_filters_by_year(users, college_a, as_user):
    make_report(college_a, users["sec1"], title="二〇二二年的宣讲")
    make_report(
        college_a,
        users["sec1"],
        title="二〇二三年的宣讲",
        starts_on=datetime.date(2023, 4, 1),
        ends_on=datetime.date(2023, 4, 1),
    )
    client = as_user("sec1")

    def titles(**query):
        response = client.get(reverse("activities:list"), query)
        assert response.status_code == 200
        return {r.title for r in response.context["reports"]}

    assert titles(year="2023") == {"二〇二三年的宣讲"}
    assert titles(year="2022") == {"二〇二二年的宣讲"}
    assert titles(year="") == {"二〇二二年的宣讲", "二〇二三年的宣讲"}
    assert titles(year="1999") == set()  # not a year with reports: the filter is invalid, nothing is shown
    assert titles(year="abc") == set()
    page = client.get(reverse("activities:list")).content.decode()
    year_select = page.split('name="year"')[1].split("</select>")[0]
    assert '<option value="" selected>全部</option>' in year_select
    assert year_select.index("2023") < year_select.index("2022")
