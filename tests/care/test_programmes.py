"""Mentoring programmes: per year, pairs with goals, meetings and one year-end evaluation."""

import pytest
from django.urls import reverse

from care import services
from care.models import MentorMeeting, Mentorship, Programme


def test_staff_make_a_school_wide_programme_and_a_college_its_own(users, as_user, college_a):
    data = {"kind": "qinglan", "year": "2022", "title": "青蓝工程", "summary": "结对"}
    assert as_user("staff").post(reverse("care:programme_create"), data).status_code == 302
    assert as_user("sec1").post(reverse("care:programme_create"), {**data, "kind": "qingma"}).status_code == 302
    assert dict(Programme.objects.values_list("kind", "college")) == {"qinglan": None, "qingma": college_a.pk}
    bad = as_user("sec1").post(reverse("care:programme_create"), {**data, "year": "1900"})
    assert bad.status_code == 200 and Programme.objects.count() == 2


def test_a_pair_meets_and_is_evaluated_once(users, college_a, offer_a, as_user):
    programme = services.save_programme(
        Programme(kind="professor", year=2022, college=college_a, title="导师制"), users["sec1"]
    )
    client = as_user("sec1")
    client.post(
        reverse("care:mentorship_create", args=[programme.pk]),
        {"offer": offer_a.pk, "mentees": "王老师", "mentee_count": "1", "goals": "完成课程设计"},
    )
    mentorship = Mentorship.objects.get()
    client.post(
        reverse("care:meeting_create", args=[mentorship.pk]),
        {"held_on": "2022-04-15", "minutes": "90", "topic": "听课评课", "note": ""},
    )
    assert MentorMeeting.objects.filter(mentorship=mentorship).count() == 1
    client.post(
        reverse("care:evaluate", args=[mentorship.pk]),
        {"grade": "excellent", "evaluation": "进步明显", "version": Mentorship.objects.get().version},
    )
    mentorship.refresh_from_db()
    assert mentorship.grade == "excellent" and mentorship.evaluated_at
    with pytest.raises(services.CareError):
        services.evaluate(mentorship, users["sec1"], "good", "", mentorship.version)
    with pytest.raises(services.CareError):  # an evaluated pair takes no more meetings
        services.log_meeting(MentorMeeting(mentorship=mentorship, held_on="2022-12-01", topic="x"), users["sec1"])
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "王老师" in page and ("优秀" in page or "Excellent" in page)


def test_a_school_wide_programme_is_read_by_colleges_and_kept_by_staff(users, offer_a, as_user):
    programme = services.save_programme(Programme(kind="qinglan", year=2022, title="青蓝工程"), users["staff"])
    assert as_user("sec2").get(programme.get_absolute_url()).status_code == 200
    assert as_user("sec2").get(reverse("care:programme_edit", args=[programme.pk])).status_code == 403
    with pytest.raises(services.CareError):
        services.add_mentorship(Mentorship(programme=programme, offer=offer_a, mentees="x", goals="y"), users["sec1"])


def test_another_colleges_programme_is_not_found(users, college_a, as_user):
    programme = services.save_programme(
        Programme(kind="qingma", year=2022, college=college_a, title="机械学院学员导师"), users["sec1"]
    )
    assert as_user("sec2").get(programme.get_absolute_url()).status_code == 404
    assert "机械学院学员导师" not in as_user("sec2").get(reverse("care:programmes")).content.decode()
