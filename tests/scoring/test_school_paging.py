"""The school view at province scale: a page of 30 colleges in the school's order, a search by name or code, and
header figures from one aggregate that agree with the whole list."""

import re

from django.urls import reverse

from colleges.models import College
from scoring import standing
from scoring.models import Assessment, AssessmentStatus

SCHOOL = reverse("scoring:school", args=[2022])


def many_colleges(count):
    for n in range(count):  # each new college gets its assessment as it is created
        College.objects.create(code=f"c{n:03}", name=f"第{n:03}学院", short_name=f"院{n:03}", order=n + 1)


def listed(response) -> list[str]:
    return [s.college.code for s in response.context["standings"]]


def test_the_school_view_pages_every_college_once_in_the_schools_order(scheme, users, as_user):
    many_colleges(65)
    expected = list(
        Assessment.objects.filter(scheme=scheme, college__active=True)
        .order_by("college__order", "college__code")
        .values_list("college__code", flat=True)
    )
    staff = as_user("staff")
    seen, response, pages = [], staff.get(SCHOOL), 0
    while True:
        pages += 1
        seen += listed(response)
        following = re.search(r'href="\?([^"]*page=\d+)">下一页</a>', response.content.decode())
        if not following:
            break
        response = staff.get(f"{SCHOOL}?{following.group(1).replace('&amp;', '&')}")
    assert seen == expected
    assert pages == 3 and len(expected) == 67


def test_the_school_view_searches_by_name_or_code_and_keeps_the_search_in_the_links(scheme, users, as_user):
    many_colleges(65)
    staff = as_user("staff")
    assert listed(staff.get(SCHOOL, {"q": "c007"})) == ["c007"]
    assert listed(staff.get(SCHOOL, {"q": "第012学院"})) == ["c012"]
    by_prefix = staff.get(SCHOOL, {"q": "第0"})
    assert len(listed(by_prefix)) == 30
    assert 'href="?q=%E7%AC%AC0&amp;page=2"' in by_prefix.content.decode()
    nothing = staff.get(SCHOOL, {"q": "没有这个学院"}).content.decode()
    assert "没有符合搜索条件的学院。" in nothing
    assert staff.get(SCHOOL, {"q": "x" * 500, "page": "abc"}).status_code == 200


def test_the_figures_come_from_one_aggregate_and_agree_with_the_whole_list(scheme, users, as_user):
    many_colleges(40)
    codes = [f"c{n:03}" for n in range(12)]
    Assessment.objects.filter(college__code__in=codes[:7]).update(status=AssessmentStatus.FINALISED, balanced=True)
    Assessment.objects.filter(college__code__in=codes[7:]).update(status=AssessmentStatus.FINALISED, balanced=False)
    College.objects.filter(code="c000").update(active=False)  # an inactive college counts for nothing

    figures = standing.school_figures(scheme)
    everyone = standing.school_status(scheme)
    assert (figures.balanced, figures.finalised, figures.colleges) == (6, 11, 41)
    assert (everyone.balanced, everyone.finalised, everyone.colleges) == (6, 11, 41)
    assert sum(1 for s in everyone.standings if s.state == "balanced") == 6
    assert len(everyone.standings) == 41
    page = as_user("staff").get(SCHOOL).content.decode()
    assert "41 个学院中 6 个达到均衡发展" in page and "已完成考核 11 个" in page
