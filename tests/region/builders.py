"""A small region for the tests and the permission matrix: a lead school and four member schools, the demo
scheme, a contact per school, a reviewer from three schools, and applications moved the way people would."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from colleges.models import Membership, Role
from core.scoping import current_school_id
from core.uploads import check_upload
from institutions.models import Institution
from region import services
from region.models import Action, Affiliation, Application, Meeting, Region

from ..helpers import photo_upload

PASSWORD = "pw-for-tests-only"


def person(username, role, school=None):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    Membership.objects.create(user=user, role=role)
    if school is not None:
        Affiliation.objects.create(user=user, institution=school)
    return user


@dataclass
class World:
    region: Region
    lead: object
    schools: dict
    contacts: dict
    reviewers: dict
    province: object
    apps: dict = field(default_factory=dict)
    round: object = None
    meeting: object = None
    post: object = None
    visit: object = None
    summary: object = None
    next_year: object = None


def full_scores(application, **overrides):
    scores = {
        row.indicator.code: str(row.indicator.max_points) for row in application.scores.select_related("indicator")
    }
    scores.update({code: str(value) for code, value in overrides.items()})
    return scores


def fill(world, code, **overrides):
    application = Application.objects.get(region=world.region, institution=world.schools[code])
    return services.save_application(
        application,
        world.contacts[code],
        application.version,
        report="我校关工委工作扎实。",
        party_agreed_on=datetime.date(2022, 10, 1),
        scores=full_scores(application, **overrides),
    )


def submit(world, code, **overrides):
    application = fill(world, code, **overrides)
    return services.transition(application, world.contacts[code], Action.SUBMIT, "", application.version)


def build_world(lead) -> World:
    # The lead is the school whose committee (the staff of tests/conftest.py) leads the region: the school of the
    # scope in force (the home school's, unless a test of another school's people builds it in theirs).
    lead_school = Institution.objects.get(pk=current_school_id())
    lead_school.code, lead_school.name, lead_school.short_name = "lead", "牵头校（测试）", "牵头校"
    lead_school.save(update_fields=["code", "name", "short_name"])
    schools = {"lead": lead_school} | {
        code: Institution.objects.create(code=code, name=f"{name}（测试）", short_name=name)
        for code, name in [("s1", "甲校"), ("s2", "乙校"), ("s3", "丙校"), ("s4", "丁校")]
    }
    region = Region.objects.create(code="t10", name="第十片", year=2022, lead=schools["lead"])
    region.members.set(schools.values())
    services.load_scheme(region)
    services.open_applications(region, lead)
    contacts = {code: person(f"contact-{code}", Role.REGION_CONTACT, school) for code, school in schools.items()}
    reviewers = {code: person(f"reviewer-{code}", Role.REGION_REVIEWER, schools[code]) for code in ("s1", "s2", "s3")}
    province = person("province", Role.PROVINCE)
    return World(region, lead, schools, contacts, reviewers, province)


def build_reviewed_world(lead) -> World:
    """s1 under review (both reviews submitted), s2 under review (reviews pending), s3 returned, s4 draft,
    lead school's application submitted; the round open with the three reviewers."""
    world = build_world(lead)
    for code in ("s1", "s2", "s3"):
        application = fill(world, code)
        if code == "s2":  # evidence for the reviewers to open
            pdf = SimpleUploadedFile("党委会议纪要.pdf", b"%PDF-1.4\n%%EOF\n")
            services.add_files(application, world.contacts[code], [check_upload(pdf)])
            application.refresh_from_db()
        services.transition(application, world.contacts[code], Action.SUBMIT, "", application.version)
    s3 = Application.objects.get(region=world.region, institution=world.schools["s3"])
    services.transition(s3, lead, Action.RETURN, "请补充材料", s3.version)
    world.round = services.open_round(
        world.region, lead, deadline=datetime.date(2022, 12, 1), panel=list(world.reviewers.values())
    )
    submit(world, "lead")
    fill(world, "s4")
    s1 = Application.objects.get(region=world.region, institution=world.schools["s1"])
    for assignment in s1.assignments.select_related("reviewer"):
        services.save_review(assignment, assignment.reviewer, assignment.version, full_scores(s1), {}, submit=True)
    world.apps = {
        code: Application.objects.get(region=world.region, institution=s) for code, s in world.schools.items()
    }
    return world


def with_files(world):
    """An evidence file on s4's draft, a meeting with an attachment, a post with a photo, and a built summary."""
    s4 = world.apps["s4"]
    services.add_files(s4, world.contacts["s4"], [check_upload(SimpleUploadedFile("材料.pdf", b"%PDF-1.4\n%%EOF\n"))])
    meeting = services.save_meeting(
        Meeting(
            region=world.region,
            title="片区工作会议",
            starts_at=datetime.datetime(2022, 4, 1, 9, tzinfo=datetime.UTC),
            host=world.schools["s1"],
        ),
        world.lead,
    )
    services.add_meeting_files(meeting, world.lead, [check_upload(photo_upload())])
    post = services.create_post(
        world.region, world.contacts["s1"], "经验交流", "我校的做法。", [check_upload(photo_upload())]
    )
    world.meeting, world.post = meeting, post
    return world
