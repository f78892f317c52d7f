"""The canary crawler: every page of the permission matrix, opened as every role of every college and unit.

The matrix's objects (tests/test_permissions.py url_cases) are college A's and the first two member units'. Beside
them the crawler gives college B and both units rows of their own on the same shared parents — a follow-up task on
the matrix's meeting, a reply to the matrix's notice, attendance at the matrix's training session, care work with
an elder's own page, reports, published and unpublished news, nominations — so that a page about a shared parent
has children of several owners to show. Every free-text field of every owned row then holds a unique marker
(tests/security/canary.py). Each viewer opens every page, and the anonymous visitor the public site too; a page (or
a workbook or archive it serves) fails when it holds a marker of an owner the viewer may not see. A status code
cannot catch this: the page is rightly 200, it only shows too much.
"""

import datetime
import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from colleges.models import CommitteeMember, ElderKind, MemberUnit, Role
from core.uploads import check_upload
from tests.conftest import client_for, make_report, make_user
from tests.test_permissions import url_cases

from . import canary

PUBLIC_LISTS = ["home", "news_list", "feed", "notices", "brand_projects", "talks", "plan", "awards"]
# Rows shown on a page inside another owner's parent, which the crawler must see rendered to whoever may see them.
NESTED_ROWS = {
    ("committee.FollowUpTask", "done_note"),
    ("committee.Receipt", "reply_text"),
    ("committee.ReplyFile", "original_name"),
    ("committee.UnitReport", "text"),
    ("committee.UnitReportFile", "original_name"),
    ("care.CareSession", "note"),
    ("care.Need", "notes"),
    ("colleges.CommitteeMember", "name"),
}


def pdf(name="材料.pdf"):
    return check_upload(SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n"))


def owner_key(row):
    return ("college", row.college_id) if row.college_id else ("unit", row.unit_id)


def committee_rows(staff, colleges, units, people):
    """Every owner's follow-up task (done, with a note) on the matrix's meeting, every owner's reply to the matrix's
    notice, and college B's member at the matrix's training session."""
    from committee.models import Meeting, Notice, Receipt, TrainingSession
    from committee.services import meetings, notices, training
    from tests.matrix.committee import TITLE

    meeting = Meeting.objects.get(title=TITLE)
    decision = meetings.add_decision(meeting, staff, "各单位落实。", colleges, units, datetime.date(2022, 5, 1))
    for task in decision.tasks.all():
        meetings.complete_task(task, people[owner_key(task)], "已完成。", task.version)
    notice = Notice.objects.get(title=TITLE)
    for owner in [colleges[1], *units]:
        Receipt.objects.create(notice=notice, **{"college" if owner in colleges else "unit": owner})
    for receipt in notice.receipts.exclude(college=colleges[0]):
        notices.reply(receipt, people[owner_key(receipt)], "已报送。", [pdf()], receipt.version)
    session = TrainingSession.objects.get(training__title=TITLE)
    attendees = CommitteeMember.objects.filter(college__in=colleges)
    training.record_attendance(session, staff, list(attendees), session.version)


def care_rows(staff, college_b, sec2, elder):
    """College B's elder (with a portal account) matched with a sensitive need of college B whose notes were read,
    a session, a programme with a mentorship and its meeting, and material help."""
    from care import services, workflow
    from care.models import CareSession, MaterialHelp, MentorMeeting, Mentorship, Need, NeedCategory, Offer, Programme

    categories = list(NeedCategory.objects.order_by("-sensitive", "pk"))  # a sensitive need: its notes are logged
    member = CommitteeMember.objects.create(college=college_b, name="丁老师", elder_kind=ElderKind.EXPERT)
    offer = services.save_offer(Offer(member=member, capacity=3, user=elder), staff, categories)
    need = services.post_need(
        Need(college=college_b, category=categories[0], person_code="KZ-01", description="谈心", notes="备注"), sec2
    )
    pair = services.propose(need, offer, sec2, need.version)
    pair = services.transition_pair(pair, sec2, workflow.CONFIRM, pair.version)
    services.log_session(CareSession(pair=pair, held_on=datetime.date(2022, 5, 4), minutes=30, kind="talk"), sec2)
    programme = services.save_programme(Programme(kind="qinglan", year=2022, college=college_b, title="青蓝"), sec2)
    mentorship = services.add_mentorship(
        Mentorship(programme=programme, offer=offer, mentees="李老师", goals="成长"), sec2
    )
    services.log_meeting(MentorMeeting(mentorship=mentorship, held_on=datetime.date(2022, 5, 6), topic="备课"), sec2)
    services.read_notes(need, sec2)
    given = MaterialHelp(college=college_b, given_on=datetime.date(2022, 5, 4), what="助学金", people=1, value=100)
    services.record_material_help(given, sec2)


def publicity_rows(staff, college_b, sec2):
    """College B's approved report with a published news item (so that the public site has a page of one), a
    nomination waiting for the decision, an unpublished talk, and a draft report."""
    from publicity import services
    from publicity.models import Nomination, Talk

    approved = make_report(college_b, sec2, status="approved", title="控制学院的报告")
    news = services.create_news(approved, staff, "新闻", "正文", [approved.evidence.first()], [])
    news = services.transition_news(news, staff, "submit", "", news.version)
    news = services.transition_news(news, staff, "publish", "", news.version)
    services.propose(Nomination(year=2022, kind="collective", college=college_b, reasons="理由"), sec2)
    services.save_talk(Talk(title="宣讲", speaker="王老师", given_on="2022-05-04", college=college_b), staff)
    make_report(college_b, sec2, title="控制学院的草稿")
    return news


def rectification_rows(staff, college_b, sec2):
    """College B's 2021 assessment finalised short of balance: its item, with a plan and a progress note."""
    from rectification import services
    from rectification.models import RectificationItem
    from tests.rectification.helpers import finalised

    item = RectificationItem.objects.get(assessment=finalised(college_b, staff))
    item = services.save_plan(
        item,
        sec2,
        measures="整改措施",
        owner="李老师",
        deadline=datetime.date(2100, 1, 1),
        expected_version=item.version,
    )
    services.add_note(
        item, sec2, text="进展", on=datetime.date(2022, 5, 4), files=[pdf()], expected_version=item.version
    )


def public_pages(news):
    """The public site's pages (public by design, outside the matrix): the anonymous visitor opens them too."""
    pages = [(name, reverse(f"public:{name}")) for name in PUBLIC_LISTS]
    return pages + [("news_detail", reverse("public:news_detail", args=[news.pk]))]


def viewers(users, college_a, college_b, units):
    """Every persona of the matrix and every role the apps add, of college A and B and of two member units (and the
    quality office, which reads every unit's rating), with the region's contact, reviewer and province."""
    world = {name: users[name] for name in ["sec1", "sec2", "norole"]}
    for college in (college_a, college_b):
        for role in (Role.COUNSELLOR, Role.CORRESPONDENT):
            world[f"{role}-{college.code}"] = make_user(f"{role}-{college.code}", role, college)
    for unit in units:
        world[f"unit-{unit.pk}"] = make_user(f"unit-{unit.pk}", Role.UNIT_CONTACT, member_unit=unit)
    quality = MemberUnit.objects.filter(name="质控").first()
    if quality is not None and quality not in units:
        world["unit-quality"] = make_user("unit-quality", Role.UNIT_CONTACT, member_unit=quality)
    world["elder"] = make_user("elder-b", Role.ELDER)
    for name in ["staff", "office", "admin"]:
        world[name] = users[name]  # they see every owner: their pages show which markers are shown at all
    User = get_user_model()
    for name in ["contact-s1", "reviewer-s1", "province"]:
        world[name] = User.objects.get(username=name)
    world["anonymous"] = None
    return world


@pytest.fixture
def canary_world(plan, users, college_a, college_b, report, assessment, export):
    cases = url_cases(plan, college_a, report, assessment, export)
    staff = users["staff"]
    units = list(MemberUnit.objects.order_by("order")[:2])
    people = viewers(users, college_a, college_b, units)
    owners = {("college", college_a.pk): users["sec1"], ("college", college_b.pk): users["sec2"]}
    owners.update({("unit", unit.pk): people[f"unit-{unit.pk}"] for unit in units})
    committee_rows(staff, [college_a, college_b], units, owners)
    care_rows(staff, college_b, users["sec2"], people["elder"])
    news = publicity_rows(staff, college_b, users["sec2"])
    rectification_rows(staff, college_b, users["sec2"])
    pages = [(name, url) for name, url, _expected, _write in cases]
    markers = canary.plant_markers()
    return pages + [(f"public:{name}", url) for name, url in public_pages(news)], people, markers


def contents(response) -> list[str]:
    """What a response shows: its body, and a workbook's or an archive's member names and members (markers are
    ASCII, so a byte-for-byte reading finds them in any encoding but a compressed one)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    found = [body.decode("latin-1")]
    if zipfile.is_zipfile(io.BytesIO(body)):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            found += archive.namelist()
            found += [archive.read(name).decode("latin-1") for name in archive.namelist()]
    return found


def crawl(pages, people, markers):
    """Each viewer opens each page: the leaks (viewer, page, marker), the markers some page showed, and how many
    were shown beyond their owner on purpose (canary.SHARED)."""
    opened, leaks, shown, shared = 0, [], set(), 0
    for viewer, user in people.items():
        client, sight = client_for(user), canary.Sight(user)
        for page, url in pages:
            response = client.get(url)
            opened += 1
            for marker in canary.markers_in("\n".join(contents(response)), markers):
                shown.add(marker.number)
                if not sight.may_see(marker):
                    leaks.append((viewer, page, marker))
                elif not sight.owns(marker):
                    shared += 1
    return opened, leaks, shown, shared


def test_no_page_shows_a_row_its_viewer_may_not_see(canary_world):
    pages, people, markers = canary_world
    opened, leaks, shown, shared = crawl(pages, people, markers)
    fields = {(m.model, m.field) for m in markers.values()}
    print(
        f"\ncanary: {len(pages)} pages x {len(people)} users = {opened} requests; {len(markers)} markers in "
        f"{len(fields)} fields of {len({m.model for m in markers.values()})} models; {len(shown)} shown somewhere; "
        f"{shared} shown beyond their owner on purpose; {len(leaks)} leaks"
    )
    if leaks:
        lines = [f"{viewer} on {page}: {marker.text}" for viewer, page, marker in leaks]
        pytest.fail(f"{len(leaks)} markers shown to a viewer who may not see them:\n" + "\n".join(lines))
    # Every kind of row a college or a unit owns is in the world, so a new one gets canary data here first.
    planted = {m.model for m in markers.values()}
    assert [model._meta.label for model in canary.owned_text_models() if model._meta.label not in planted] == []
    # The crawl is not blind: the nested rows the crawler was built for are shown to those who may see them.
    shown_fields = {(markers[n].model, markers[n].field) for n in shown}
    assert shown_fields >= NESTED_ROWS, NESTED_ROWS - shown_fields


def test_a_row_belongs_to_the_college_or_unit_its_foreign_keys_lead_to(db):
    from care.models import CareSession, Pair
    from committee.models import Decision, FollowUpTask, ReplyFile
    from region.models import ReviewScore

    assert canary.owner_paths(FollowUpTask) == ["college", "unit"]
    assert canary.owner_paths(ReplyFile) == ["receipt__college", "receipt__unit"]
    # A pair is its need's: the need's college comes before the elder's.
    assert canary.owner_paths(Pair)[0] == "need__college"
    assert canary.owner_paths(CareSession)[0] == "pair__need__college"
    assert canary.owner_paths(MemberUnit) == ["pk"]
    # The committee's own rows and the region's belong to no college or unit.
    assert canary.owner_paths(Decision) == [] and canary.owner_paths(ReviewScore) == []


def test_a_row_is_its_first_parents_even_when_another_leads_to_a_college(users, college_a):
    """A mentorship of a school-wide programme is the school's, although its elder is college A's."""
    from care import services
    from care.models import Mentorship, Offer, Programme

    elder = CommitteeMember.objects.filter(college=college_a).exclude(elder_kind="").get()
    offer = services.save_offer(Offer(member=elder, capacity=2), users["staff"], [])
    owned = {}
    for college in (None, college_a):
        programme = services.save_programme(
            Programme(kind="qinglan", year=2022, college=college, title="青蓝"), users["staff"]
        )
        pair = Mentorship(programme=programme, offer=offer, mentees="王")
        owned[college] = services.add_mentorship(pair, users["staff"]).pk
    assert canary.owners_of(Mentorship) == {owned[college_a]: canary.Owner("college", college_a.pk)}


def test_a_marker_fits_its_field_and_is_found_in_a_page(users, college_a):
    from colleges.models import BrandProject

    markers = canary.plant_markers()
    member = CommitteeMember.objects.filter(college=college_a).first()
    found = canary.markers_in(f"<td>{member.name}</td><td>{BrandProject.objects.get().title}</td>", markers)
    assert [(m.model, m.field, m.owner) for m in found] == [
        ("colleges.CommitteeMember", "name", canary.Owner("college", college_a.pk)),
        ("colleges.BrandProject", "title", canary.Owner("college", college_a.pk)),
    ]
    assert len(member.name) <= 50 and member.name.startswith("CANARY-")
