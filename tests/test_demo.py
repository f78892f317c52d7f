from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from colleges.access import visible_colleges
from colleges.models import BrandProject, College, CommitteeMember, Membership, Position, Role


def counts():
    return [model.objects.count() for model in (College, CommitteeMember, BrandProject, Membership)]


def test_load_demo_twice_creates_no_duplicates(db):
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first


def test_demo_accounts_have_their_roles_and_the_documented_password(db):
    call_command("load_demo")
    roles = {}
    for username in ["staff", "office", "sec1", "sec2"]:
        user = authenticate(username=username, password="gkw-demo-2022")
        assert user is not None, username
        roles[username] = user.membership.role
    assert roles == {"staff": Role.STAFF, "office": Role.OFFICE, "sec1": Role.SECRETARY, "sec2": Role.SECRETARY}
    sec1, sec2 = (authenticate(username=u, password="gkw-demo-2022") for u in ["sec1", "sec2"])
    assert visible_colleges(sec1).get() != visible_colleges(sec2).get()


def test_every_demo_college_has_a_full_committee_and_a_brand_project(db):
    call_command("load_demo")
    colleges = College.objects.prefetch_related("members")
    assert colleges.count() >= 8
    for college in colleges:
        positions = [m.position for m in college.members.all()]
        assert positions.count(Position.DIRECTOR) == 1, college
        assert positions.count(Position.EXECUTIVE_DEPUTY) == 1, college
        assert positions.count(Position.SECRETARY) == 1, college
        assert sum(1 for m in college.members.all() if m.elder_kind) >= 3, college
        assert any(m.retired_in(2022) for m in college.members.all()), college
        assert BrandProject.objects.filter(college=college, year=2022).exists(), college


def test_a_password_changed_after_loading_survives_a_reload(db, django_user_model):
    call_command("load_demo")
    user = django_user_model.objects.get(username="staff")
    user.set_password("a-new-secret-2026")
    user.save()
    call_command("load_demo")
    assert authenticate(username="staff", password="a-new-secret-2026") is not None


def test_demo_accounts_have_addresses_at_a_reserved_domain(db):
    call_command("load_demo")
    for username in ["staff", "office", "sec1", "sec2", "admin"]:
        assert get_user_model().objects.get(username=username).email == f"{username}@gkw.example"
