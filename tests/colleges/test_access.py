import pytest

from colleges.access import access_for, can_author, can_manage_everything, visible_colleges
from colleges.models import College, Membership, Role


def test_staff_office_and_admin_see_every_college(users, college_a, college_b):
    for persona in ["staff", "office", "admin"]:
        assert set(visible_colleges(users[persona])) == {college_a, college_b}


def test_a_secretary_sees_only_their_college(users, college_a, college_b):
    assert list(visible_colleges(users["sec1"])) == [college_a]
    assert list(visible_colleges(users["sec2"])) == [college_b]


def test_a_user_without_a_role_sees_nothing(users):
    assert not visible_colleges(users["norole"]).exists()
    assert not access_for(users["norole"]).has_role


def test_who_may_manage_a_college(users, college_a):
    assert can_author(users["staff"], college_a)
    assert can_author(users["admin"], college_a)
    assert can_author(users["sec1"], college_a)
    assert not can_author(users["sec2"], college_a)
    assert not can_author(users["office"], college_a)


def test_only_staff_and_admin_manage_the_plan_and_the_college_list(users):
    assert [p for p in users if can_manage_everything(users[p])] == ["staff", "admin"]


def test_a_superuser_without_membership_is_an_administrator(db, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="x")
    assert access_for(root).role == Role.ADMIN


def test_an_inactive_user_has_no_access(users):
    user = users["staff"]
    user.is_active = False
    assert not access_for(user).has_role


def test_a_secretary_needs_exactly_one_college(users, college_a):
    import pytest
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(user=users["sec1"]).update(college=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(user=users["staff"]).update(college=College.objects.first())


def test_a_role_outside_the_school_opens_none_of_the_annual_loops_pages(users, college_a, plan):
    """An elder, a region's reviewer or a member unit's contact has a role, but not the school's pages."""
    from django.db import IntegrityError, transaction
    from django.urls import reverse

    from colleges.models import MemberUnit

    from ..conftest import client_for, make_user

    elder = make_user("elder", Role.ELDER)
    assert access_for(elder).has_role and not access_for(elder).in_school
    client = client_for(elder)
    for url in [reverse("plans:list"), reverse("activities:list"), reverse("colleges:detail", args=["aa"])]:
        assert client.get(url).status_code == 403, url
    # Their home is their own app's page (dashboard.views.ROLE_HOMES): the elder's is their care pairs.
    assert client.get(reverse("home"))["Location"] == reverse("care:mine")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_user("nounit", Role.UNIT_CONTACT)
    unit = MemberUnit.objects.create(name="测试单位")
    contact = make_user("unit", Role.UNIT_CONTACT, member_unit=unit)
    assert access_for(contact).member_unit_id == unit.pk
