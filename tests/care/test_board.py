"""The needs menu, matching and pairs: posting, suggestions with reasons, proposed → active → closed, sessions,
notifications, and the loser of a race told what happened."""

import datetime

import pytest
from django.urls import reverse

from care import services, workflow
from care.models import CareEvent, CareSession, Need, NeedStatus, Pair, PairStatus
from core.versions import StaleWrite, stale
from notifications.models import Notification


def post_need(client, categories, **overrides):
    data = {
        "category": categories["motivation"].pk,
        "scope": "person",
        "person_code": "JX-2022-07",
        "group_size": "1",
        "description": "希望有老教师交流学习方法",
        "urgency": "normal",
        "campus": "zhongqiao",
        "preferred_times": "周三下午",
        "notes": "",
        **overrides,
    }
    return client.post(reverse("care:need_create"), data)


def test_secretary_posts_a_need_for_their_own_college(categories, as_user, college_a):
    response = post_need(as_user("sec1"), categories)
    need = Need.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("care:match", args=[need.pk])
    assert need.college == college_a and need.status == NeedStatus.OPEN and need.person_code == "JX-2022-07"
    assert CareEvent.objects.filter(need=need, action="post").exists()


@pytest.mark.parametrize(
    "field,value",
    [
        ("description", "学生身份证 320402200001011234，需要帮扶"),
        ("description", "联系电话 13812345678"),
        ("person_code", "13812345678"),
        ("notes", "身份证号320402200001011234"),
        ("preferred_times", "打 0519-86881234 约"),
    ],
)
def test_the_form_refuses_an_id_or_phone_number_and_saves_nothing(categories, as_user, field, value):
    response = post_need(as_user("sec1"), categories, **{field: value})
    assert response.status_code == 200
    assert "请删去" in response.content.decode()  # the message names what to remove
    assert not Need.objects.exists()


def test_the_service_refuses_identifying_text_too(users, college_a, categories):
    with pytest.raises(services.CareError):
        services.post_need(
            Need(college=college_a, category=categories["motivation"], person_code="A1", description="13812345678"),
            users["sec1"],
        )


def test_one_person_needs_a_code_and_a_group_needs_none(categories, as_user):
    assert post_need(as_user("sec1"), categories, person_code="").status_code == 200
    assert not Need.objects.exists()
    post_need(as_user("sec1"), categories, scope="group", person_code="", group_size="15")
    need = Need.objects.get()
    assert need.person_code == "" and need.group_size == 15


def test_counsellor_posts_for_their_college_and_not_for_another(categories, counsellor, college_a, college_b):
    from tests.conftest import client_for

    client = client_for(counsellor)
    assert post_need(client, categories).status_code == 302
    assert Need.objects.get().college == college_a
    assert client.get(reverse("care:need_create") + "?college=bb").status_code == 404


def make_need(college, user, category, **fields):
    return services.post_need(
        Need(
            college=college, category=category, person_code=fields.pop("code", "C-1"), description="需要帮助", **fields
        ),
        user,
    )


def test_suggestions_rank_elders_with_reasons_on_the_match_page(
    users, college_a, categories, offer_a, offer_b, as_user
):
    need = make_need(college_a, users["sec1"], categories["motivation"], campus="zhongqiao")
    page = as_user("sec1").get(reverse("care:match", args=[need.pk])).content.decode()
    assert page.index(offer_a.name) < page.index(offer_b.name)  # same campus, own college, more room
    assert "同校区" in page or "same campus" in page
    ranked = services.suggestions(need)
    assert [s.offer_id for s in ranked] == [offer_a.pk, offer_b.pk]
    # An elder without the need's area is not suggested.
    other = make_need(college_a, users["sec1"], categories["career"], code="C-2")
    assert [s.offer_id for s in services.suggestions(other)] == [offer_a.pk]


def test_a_need_walks_from_posting_to_a_closed_pair(users, college_a, categories, offer_a, elder_user, as_user):
    client = as_user("sec1")
    need = make_need(college_a, users["sec1"], categories["motivation"])
    response = client.post(reverse("care:match", args=[need.pk]), {"offer": offer_a.pk, "version": need.version})
    pair = Pair.objects.get()
    assert response["Location"] == pair.get_absolute_url()
    assert pair.status == PairStatus.PROPOSED and pair.reason
    # The college confirms; the elder's college contact and the elder are told.
    client.post(reverse("care:pair_action", args=[pair.pk]), {"action": "confirm", "version": pair.version})
    pair.refresh_from_db()
    need.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE and need.status == NeedStatus.MATCHED and need.matched_at
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert {"sec1", "elder_a"} <= told
    assert "JX" not in "".join(Notification.objects.values_list("body", flat=True))
    # Sessions are logged for the active pair.
    response = client.post(
        reverse("care:session_create", args=[pair.pk]),
        {"held_on": "2022-05-04", "minutes": "60", "kind": "talk", "note": "交流学习方法", "follow_up": "下周再谈"},
    )
    assert response.status_code == 302 and CareSession.objects.filter(pair=pair).count() == 1
    pair.refresh_from_db()
    # Closing asks for an outcome; the need's feedback is kept.
    response = client.post(
        reverse("care:pair_close", args=[pair.pk]),
        {"outcome": "resolved", "feedback": "很有收获", "version": pair.version},
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    need.refresh_from_db()
    assert pair.status == PairStatus.CLOSED and pair.outcome == "resolved"
    assert need.status == NeedStatus.CLOSED and need.feedback == "很有收获" and need.closed_at
    assert list(need.events.values_list("action", flat=True)) == ["post", "propose", "confirm", "session", "close"]


def test_a_cancelled_proposal_opens_the_need_again(users, college_a, categories, offer_a):
    need = make_need(college_a, users["sec1"], categories["motivation"])
    pair = services.propose(need, offer_a, users["sec1"], need.version)
    services.transition_pair(pair, users["staff"], workflow.CANCEL, pair.version)
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN
    again = services.propose(need, offer_a, users["sec1"], need.version)
    assert again.status == PairStatus.PROPOSED


def test_the_loser_of_a_race_is_told_and_nothing_changes_twice(users, college_a, categories, offer_a):
    need = make_need(college_a, users["sec1"], categories["motivation"])
    pair = services.propose(need, offer_a, users["sec1"], need.version)
    services.transition_pair(pair, users["staff"], workflow.CONFIRM, pair.version)
    with pytest.raises(StaleWrite) as lost:
        services.transition_pair(pair, users["sec1"], workflow.CONFIRM, pair.version)
    # What happened, and the state now, in core's wording (core.versions.stale).
    assert lost.value.message == stale(Pair, pair.pk).message and "进行中" in lost.value.message
    assert CareEvent.objects.filter(action="confirm").count() == 1
    # Proposing on a stale need version is refused too.
    with pytest.raises(StaleWrite):
        services.propose(need, offer_a, users["sec1"], need.version)


def test_closing_needs_an_outcome(users, college_a, categories, offer_a):
    need = make_need(college_a, users["sec1"], categories["motivation"])
    pair = services.propose(need, offer_a, users["sec1"], need.version)
    pair = services.transition_pair(pair, users["sec1"], workflow.CONFIRM, pair.version)
    with pytest.raises(services.CareError):
        services.transition_pair(pair, users["sec1"], workflow.CLOSE, pair.version, outcome="")
    assert Pair.objects.get().status == PairStatus.ACTIVE


def test_another_college_may_not_confirm_and_the_office_never_acts(users, college_a, categories, offer_a, as_user):
    need = make_need(college_a, users["sec1"], categories["motivation"])
    pair = services.propose(need, offer_a, users["sec1"], need.version)
    url = reverse("care:pair_action", args=[pair.pk])
    assert as_user("sec2").post(url, {"action": "confirm", "version": pair.version}).status_code == 404
    assert as_user("office").post(url, {"action": "confirm", "version": pair.version}).status_code == 403
    with pytest.raises(services.CareError):
        services.transition_pair(pair, users["sec2"], workflow.CONFIRM, pair.version)
    assert Pair.objects.get().status == PairStatus.PROPOSED


def test_a_full_elder_is_not_suggested(users, college_a, categories, offer_b, college_b):
    first = make_need(college_b, users["sec2"], categories["motivation"], code="K-1")
    services.propose(first, offer_b, users["sec2"], first.version)
    second = make_need(college_b, users["sec2"], categories["motivation"], code="K-2")
    assert services.suggestions(second) == []  # capacity 1, one live pair


def test_sessions_only_for_an_active_pair_and_never_in_the_future(users, college_a, categories, offer_a, as_user):
    need = make_need(college_a, users["sec1"], categories["motivation"])
    pair = services.propose(need, offer_a, users["sec1"], need.version)
    with pytest.raises(services.CareError):
        services.log_session(CareSession(pair=pair, held_on=datetime.date(2022, 5, 1)), users["sec1"])
    pair = services.transition_pair(pair, users["sec1"], workflow.CONFIRM, pair.version)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    response = as_user("sec1").post(
        reverse("care:session_create", args=[pair.pk]), {"held_on": tomorrow, "minutes": "60", "kind": "talk"}
    )
    assert response.status_code == 200 and not CareSession.objects.exists()
