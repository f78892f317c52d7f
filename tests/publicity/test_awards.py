"""Year-end awards: colleges nominate (a secretary for their own college), the committee decides."""

import pytest
from django.urls import reverse

from core.versions import StaleWrite
from publicity import services
from publicity.models import Nomination


def test_a_secretary_nominates_for_their_college_and_staff_decide(plan, users, college_a, as_user):
    sec1 = as_user("sec1")
    response = sec1.post(
        reverse("publicity:nomination_create", args=[2022]),
        {"kind": "individual", "college": college_a.pk, "nominee": "乙老师", "reasons": "十年如一日关心学生"},
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert (nomination.year, nomination.status, nomination.proposed_by.username) == (2022, "proposed", "sec1")
    staff = as_user("staff")
    staff.post(
        reverse("publicity:nomination_decide", args=[nomination.pk]),
        {"decision": "approved", "note": "委员会会议通过", "version": nomination.version},
    )
    nomination.refresh_from_db()
    assert nomination.status == "approved" and nomination.decided_by.username == "staff"
    # Decided: the college can no longer change it.
    assert sec1.get(reverse("publicity:nomination_edit", args=[nomination.pk])).status_code == 302
    assert "乙老师" in sec1.get(reverse("publicity:nominations", args=[2022])).content.decode()


def test_a_secretary_cannot_nominate_for_another_college(plan, users, college_a, college_b, as_user):
    response = as_user("sec1").post(
        reverse("publicity:nomination_create", args=[2022]),
        {"kind": "collective", "college": college_b.pk, "reasons": "理由"},
    )
    assert response.status_code == 200 and "college" in response.context["form"].errors
    with pytest.raises(services.PublicityError):
        services.propose(Nomination(year=2022, kind="collective", college=college_b, reasons="理由"), users["sec1"])
    assert not Nomination.objects.exists()


def test_an_individual_needs_a_name_and_only_staff_decide(plan, users, college_a, as_user):
    response = as_user("sec1").post(
        reverse("publicity:nomination_create", args=[2022]),
        {"kind": "individual", "college": college_a.pk, "nominee": "", "reasons": "理由"},
    )
    assert "nominee" in response.context["form"].errors
    nomination = services.propose(
        Nomination(year=2022, kind="collective", college=college_a, reasons="理由"), users["sec1"]
    )
    for persona in ["sec1", "office"]:
        response = as_user(persona).post(
            reverse("publicity:nomination_decide", args=[nomination.pk]),
            {"decision": "approved", "version": nomination.version},
        )
        assert response.status_code == 403
    assert (
        as_user("sec2")
        .post(reverse("publicity:nomination_decide", args=[nomination.pk]), {"decision": "approved", "version": 1})
        .status_code
        == 404
    )
    with pytest.raises(services.PublicityError):
        services.decide(nomination, users["office"], "approved", "", nomination.version)
    assert Nomination.objects.get().status == "proposed"


def test_a_stale_decision_is_refused(plan, users, college_a):
    nomination = services.propose(
        Nomination(year=2022, kind="collective", college=college_a, reasons="理由"), users["sec1"]
    )
    services.decide(nomination, users["staff"], "approved", "", nomination.version)
    with pytest.raises(StaleWrite):
        services.decide(nomination, users["admin"], "declined", "", nomination.version)
    assert Nomination.objects.get().status == "approved"
