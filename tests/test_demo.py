from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from colleges.access import membership_of, visible_colleges
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
        roles[username] = membership_of(user).role
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


def test_every_demo_account_has_its_address_and_the_loader_lists_all(plan):
    import io

    from core.portal import demo_usernames

    output = io.StringIO()
    call_command("load_demo", stdout=output)
    names = demo_usernames()
    assert len(names) == 22 and len(set(names)) == 22
    for extra in ["unit-xg", "unit-zk", "region_contact", "reviewer1", "counsellor1", "corr1", "elder1", "province"]:
        assert extra in names
    for extra in ["sec_ty", "sec_gj"]:  # the secretaries of the demo's colleges that rectify
        assert extra in names
    for extra in ["staff2", "office2", "sec21", "sec22", "sec23"]:  # the second demo school's
        assert extra in names
    last = output.getvalue().strip().splitlines()[-1]
    assert all(name in last.split("Demo accounts: ")[1].split(" (")[0].split(", ") for name in names), last
    users = get_user_model().objects.filter(username__in=names)
    assert {user.username: user.email for user in users} == {name: f"{name}@gkw.example" for name in names}
    # An address someone changed is kept; a removed one comes back on the next load.
    get_user_model().objects.filter(username="elder1").update(email="elder@school.example")
    get_user_model().objects.filter(username="corr1").update(email="")
    call_command("load_demo", stdout=io.StringIO())
    emails = dict(get_user_model().objects.filter(username__in=["elder1", "corr1"]).values_list("username", "email"))
    assert emails == {"elder1": "elder@school.example", "corr1": "corr1@gkw.example"}


def test_make_run_points_links_in_e_mails_at_its_port():
    import os
    import shutil
    import subprocess

    from django.conf import settings

    dry = subprocess.run(
        [shutil.which("make"), "-n", "run", "PORT=8123"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    [line] = [line for line in dry.splitlines() if "runserver" in line]
    assignment = line.split(" ")[0]  # SITE_URL="${SITE_URL:-http://127.0.0.1:8123}"
    environment = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    said = subprocess.run(
        [shutil.which("sh"), "-c", f"{assignment}; echo $SITE_URL"], env=environment, capture_output=True, text=True
    )
    assert said.stdout.strip() == "http://127.0.0.1:8123" and "127.0.0.1:8123" in line
    chosen = subprocess.run(
        [shutil.which("sh"), "-c", f"{assignment}; echo $SITE_URL"],
        env={**environment, "SITE_URL": "https://gkw.school.example"},
        capture_output=True,
        text=True,
    )
    assert chosen.stdout.strip() == "https://gkw.school.example"
