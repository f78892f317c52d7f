"""A person who holds roles in two schools (or a school's role and the region's) switches between them in the user
menu; the choice is theirs only, and remembered for their next sign-in (colleges/schools.py)."""

import pytest
from django.urls import reverse

from colleges.models import College, Membership, Preference, Role
from core.scoping import school_scope
from institutions.models import Institution

from ..conftest import PASSWORD, client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_school():
    school = Institution.objects.create(code="thlg", name="太湖理工学院（测试）", short_name="太湖理工")
    with school_scope(school):
        College.objects.create(code="jd", name="机电工程学院", short_name="机电")
    return school


@pytest.fixture
def two_school_staff(users, other_school):
    person = users["staff"]
    with school_scope(other_school):
        Membership.objects.create(user=person, role=Role.STAFF, institution=other_school)
    return person


def colleges_page(client) -> str:
    return client.get(reverse("colleges:list")).content.decode()


def test_a_person_acts_in_their_first_school_until_they_switch(two_school_staff, other_school, college_a):
    client = client_for(two_school_staff)
    page = colleges_page(client)
    assert college_a.name in page and "机电工程学院" not in page
    theirs = Membership.objects.get(user=two_school_staff, institution=other_school)
    response = client.post(reverse("colleges:switch"), {"acting_as": f"role:{theirs.pk}"}, follow=True)
    assert "已切换为" in response.content.decode()
    page = colleges_page(client)
    assert "机电工程学院" in page and college_a.name not in page
    assert Preference.objects.get(user=two_school_staff).acting_as == f"role:{theirs.pk}"


def test_the_choice_is_remembered_at_the_next_sign_in(two_school_staff, other_school):
    theirs = Membership.objects.get(user=two_school_staff, institution=other_school)
    Preference.objects.create(user=two_school_staff, acting_as=f"role:{theirs.pk}")
    client = client_for(None)
    client.post(reverse("login"), {"username": "staff", "password": PASSWORD})
    assert "机电工程学院" in colleges_page(client)


def test_a_role_of_someone_else_or_a_school_one_may_not_read_changes_nothing(two_school_staff, users, other_school):
    sec1_role = Membership.objects.get(user=users["sec1"])
    client = client_for(two_school_staff)
    for value in (f"role:{sec1_role.pk}", f"school:{other_school.pk}", "nonsense"):
        response = client.post(reverse("colleges:switch"), {"acting_as": value}, follow=True)
        assert "这不是您的身份或学校" in response.content.decode()
    assert not Preference.objects.filter(user=two_school_staff).exclude(acting_as="").exists()
    assert "机电工程学院" not in colleges_page(client)


def test_the_user_menu_offers_the_switch_only_to_those_with_a_choice(two_school_staff, users):
    assert 'id="acting-as"' in client_for(two_school_staff).get(reverse("home"), follow=True).content.decode()
    assert 'id="acting-as"' not in client_for(users["sec1"]).get(reverse("home"), follow=True).content.decode()


def test_the_schools_staff_who_also_reviews_for_the_region_switches_to_the_reviewer(users):
    staff = users["staff"]
    reviewer = Membership.objects.create(user=staff, role=Role.REGION_REVIEWER)
    client = client_for(staff)
    client.post(reverse("colleges:switch"), {"acting_as": f"role:{reviewer.pk}"})
    assert client.get(reverse("colleges:list")).status_code == 403  # a reviewer keeps no colleges
    staff_role = Membership.objects.get(user=staff, role=Role.STAFF)
    client.post(reverse("colleges:switch"), {"acting_as": f"role:{staff_role.pk}"})
    assert client.get(reverse("colleges:list")).status_code == 200


def test_the_installations_administrator_reads_any_school(other_school):
    admin = make_user("root", is_superuser=True, is_staff=True)
    client = client_for(admin)
    client.post(reverse("colleges:switch"), {"acting_as": f"school:{other_school.pk}"})
    assert "机电工程学院" in colleges_page(client)


def test_with_many_schools_the_menu_links_to_the_chooser_which_searches_and_switches(
    other_school, django_assert_max_num_queries
):
    """A province's 168 schools are not a select on every page: beyond MENU_SCHOOLS the menu names the school being
    read and links to the chooser, whose list searches by name or code and switches by the same POST."""
    from colleges.schools import MENU_SCHOOLS

    province = make_user("prov", Role.PROVINCE)
    client = client_for(province)
    assert (
        "acting-as" in client.get(reverse("colleges:choose_school")).content.decode()
    )  # few schools: all in the menu
    Institution.objects.bulk_create(
        Institution(code=f"s{n:03}", name=f"江苏第{n}学院", short_name=f"第{n}") for n in range(MENU_SCHOOLS + 1)
    )
    from django.core.cache import cache

    cache.clear()  # bulk_create sends no save signal: the cached list of names is forgotten by hand here
    page = client.get(reverse("colleges:choose_school")).content.decode()
    menu = page.split('id="user-menu"', 1)[1].split("</ul>", 1)[0]
    assert "江苏第3学院" not in menu and reverse("colleges:choose_school") in menu
    assert page.count('name="acting_as" value="school:') == Institution.objects.count()  # none is read yet
    found = client.get(reverse("colleges:choose_school"), {"q": "太湖"}).content.decode()
    assert "太湖理工学院（测试）" in found and "江苏第3学院" not in found
    client.post(reverse("colleges:switch"), {"acting_as": f"school:{other_school.pk}"})
    page = client.get(reverse("colleges:choose_school")).content.decode()
    menu = page.split('id="user-menu"', 1)[1].split("</ul>", 1)[0]
    assert "太湖理工学院（测试）" in menu and "正在查阅" in page
    with django_assert_max_num_queries(12):
        client.get(reverse("colleges:choose_school"), {"q": "第1"})


def test_the_chooser_is_refused_to_those_who_read_one_school(users):
    for name in ("staff", "office", "sec1"):
        assert client_for(users[name]).get(reverse("colleges:choose_school")).status_code == 403
    assert client_for(None).get(reverse("colleges:choose_school")).status_code == 302
