"""The plan's retirees target (section 6.4): the share of the year's retired teachers serving on a college
committee, counted live from the committee members' records over the year's retirements staff enter."""

from decimal import Decimal

import pytest
from django.urls import reverse

from colleges import services
from colleges.models import CommitteeMember, ElderKind, Position, YearRetirements
from colleges.progress import RETIREE_SHARE, retiree_share
from core.errors import Refused
from core.versions import StaleWrite
from plans.progress import progress_for_plan

pytestmark = pytest.mark.django_db


def retire(college, name, year=2022, active=True):
    return CommitteeMember.objects.create(
        college=college,
        name=name,
        position=Position.MEMBER,
        elder_kind=ElderKind.TEACHER,
        retired_year=year,
        active=active,
    )


def test_the_share_counts_active_members_retired_in_the_year_over_the_entered_base(users, college_a, college_b):
    retire(college_a, "丁老师")
    retire(college_b, "戊老师")
    retire(college_b, "己老师", active=False)  # left the committee: not serving
    retire(college_b, "庚老师", year=2021)  # another year's retiree
    value, detail = retiree_share(2022)
    assert value == Decimal(0) and "尚未填写" in detail  # nothing to divide by yet, and the page says so

    services.set_retirements(users["staff"], 2022, 8, 0)
    value, detail = retiree_share(2022)
    assert value == Decimal("25.0")
    assert detail == "2022 年退休的 8 名教师中，2 名已加入二级学院关工委"


def test_the_target_shows_its_progress_and_links_staff_to_its_base(plan, users, as_user, college_a):
    retire(college_a, "丁老师")
    services.set_retirements(users["staff"], 2022, 4, 0)
    progress = {p.target.metric: p for p in progress_for_plan(plan)}[RETIREE_SHARE]
    assert progress.value == Decimal("25.0") and progress.reached_goal  # the demo plan's goal is 20 %
    assert progress.base_url == reverse("colleges:retirements", args=[2022])

    page = as_user("staff").get(reverse("plans:detail", args=[2022])).content.decode()
    assert "当年退休教师参与二级学院关工委工作的比例" in page and progress.base_url in page
    office_page = as_user("office").get(reverse("plans:detail", args=[2022])).content.decode()
    assert progress.base_url not in office_page  # only who may keep it is sent there


def test_staff_keep_the_base_through_the_page_with_a_version_claim(users, as_user, college_a):
    retire(college_a, "丁老师")
    url = reverse("colleges:retirements", args=[2022])
    client = as_user("staff")
    page = client.get(url).content.decode()
    assert "丁老师" in page  # the members counted are listed
    assert client.post(url, {"teachers": "10", "version": "0"}).status_code == 302
    row = YearRetirements.objects.get(year=2022)
    assert row.teachers == 10

    # A page shown before that save is refused rather than overwriting it.
    response = client.post(url, {"teachers": "12", "version": "0"})
    assert response.status_code == 200 and "他人刚刚修改了该记录" in response.content.decode()
    assert YearRetirements.objects.get(year=2022).teachers == 10
    assert client.post(url, {"teachers": "-1", "version": str(row.version)}).status_code == 200
    assert YearRetirements.objects.get(year=2022).teachers == 10


def test_only_staff_keep_the_base(users):
    with pytest.raises(Refused):
        services.set_retirements(users["sec1"], 2022, 10, 0)
    with pytest.raises(Refused):
        services.set_retirements(users["office"], 2022, 10, 0)
    services.set_retirements(users["staff"], 2022, 10, 0)
    with pytest.raises(StaleWrite):
        services.set_retirements(users["staff"], 2022, 11, 0)
    assert not YearRetirements.objects.exclude(teachers=10).exists()
