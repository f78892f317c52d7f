"""The care board's own roles: the elder sees one page of their own pairs and nothing else; the counsellor works
the board for their college and stays out of the school's annual loop."""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from care import services, workflow
from care.models import CareSession, Need, Offer
from colleges.models import CommitteeMember, ElderKind, Role

from .. import matrix
from ..conftest import client_for, make_user
from ..test_permissions import core_url_cases

COUNSELLOR_STATUS = {"staff": "sec1", "office": "sec1"}


@pytest.fixture
def elder_pairs(users, college_a, categories, offer_a):
    need = services.post_need(
        Need(college=college_a, category=categories["motivation"], person_code="JX-MINE", description="学习动力"),
        users["sec1"],
    )
    pair = services.propose(need, offer_a, users["sec1"], need.version)
    pair = services.transition_pair(pair, users["sec1"], workflow.CONFIRM, pair.version)
    services.log_session(CareSession(pair=pair, held_on="2022-05-04", minutes=75, kind="talk"), users["sec1"])
    # Another elder's pair, which the elder must not see.
    other_member = CommitteeMember.objects.create(college=college_a, name="戊老师", elder_kind=ElderKind.VETERAN)
    other = services.save_offer(Offer(member=other_member, capacity=2), users["staff"], categories.values())
    other_need = services.post_need(
        Need(college=college_a, category=categories["career"], person_code="JX-OTHER", description="就业"),
        users["sec1"],
    )
    services.propose(other_need, other, users["sec1"], other_need.version)
    return pair


def test_the_elder_sees_only_their_own_pairs_and_sessions(elder_user, elder_pairs):
    page = client_for(elder_user).get(reverse("care:mine")).content.decode()
    assert "JX-MINE" in page and "75" in page and "JX-OTHER" not in page


def test_an_elder_without_an_offer_is_told_so(users):
    elder = make_user("lonely_elder", Role.ELDER)
    response = client_for(elder).get(reverse("care:mine"))
    with translation.override("zh-hans"):
        told = translation.gettext(
            "Your account is not linked to an offer of help yet. Please ask your college's committee secretary."
        )
    assert response.status_code == 200 and response.context["offer"] is None
    assert told in html.unescape(response.content.decode())


def test_the_elders_home_is_their_page(elder_user):
    response = client_for(elder_user).get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("care:mine")


# Every role reads its own notifications (an elder is told of their pairs there).
OWN_NOTIFICATIONS = {"notifications:list", "notifications:read", "notifications:read_all"}


def test_the_elder_gets_403_on_every_other_page(plan, users, college_a, report, assessment, export, elder_user):
    client = client_for(elder_user)
    for name, url, expected, _write in core_url_cases(plan, college_a, report, assessment, export) + matrix.cases(
        plan, college_a, report, assessment, export
    ):
        if name in {"care:mine", "home"} or expected["norole"] != 403 or name in OWN_NOTIFICATIONS:
            continue  # their own page, each person's own account pages and their own notifications
        if name.startswith("care:elder_"):
            # The matrix's pairs and records are another elder's: not found among this elder's own.
            assert client.get(url).status_code == 404, name
            continue
        assert client.get(url).status_code == 403, name


def test_the_counsellor_works_like_their_secretary_on_the_board_and_not_beyond(
    plan, users, college_a, report, assessment, export, counsellor
):
    client = client_for(counsellor)
    for name, url, expected, _write in matrix.cases(plan, college_a, report, assessment, export):
        if not name.startswith("care:"):
            continue  # the other apps' pages are not the counsellor's
        if name == "care:mine":
            assert client.get(url).status_code == 403
            continue
        wanted = expected["sec1"]
        if name == "care:offer_edit":
            wanted = 200  # their own college's elder
        if name == "care:link_evidence":
            wanted = 403  # the self-assessment is the secretary's: counsellors file the month's report only
        assert client.get(url).status_code == wanted, name
    for name, url, _expected, _write in core_url_cases(plan, college_a, report, assessment, export):
        if name.startswith(("activities:", "scoring:", "plans:", "dashboard:")):
            assert client.get(url).status_code == 403, name
    assert client.get(reverse("home"))["Location"] == reverse("care:overview")
