"""The round without dead ends (issue 31, item 1): an application submitted or resubmitted while the round is open
is assigned at once by the same rule as the round's opening; the lead changes the panel and an application's
reviewers among the eligible ones only; every recorded result is published at once; and each irreversible step
asks first, on a page of its own when there is no script."""

import datetime
from collections import Counter

import pytest
from django.urls import reverse

from core.errors import Refused
from notifications.models import Notification
from region import services
from region.forms import ReassignForm
from region.models import Action, Application, ApplicationEvent, Assignment, AssignmentStatus, RoundStatus, Status
from tests.conftest import client_for

from .builders import fill, full_scores, submit


def app_of(world, code):
    return Application.objects.get(region=world.region, institution=world.schools[code])


def reviewers_of(application):
    return set(Assignment.objects.filter(application=application).values_list("reviewer__username", flat=True))


def resubmit(world, code):
    application = app_of(world, code)
    return services.transition(application, world.contacts[code], Action.SUBMIT, "", application.version)


# ── assigned on arrival ──


def test_a_resubmitted_application_goes_under_review_at_once_to_other_schools_reviewers(reviewed):
    resubmitted = resubmit(reviewed, "s3")
    assert resubmitted.status == Status.UNDER_REVIEW
    assert reviewers_of(resubmitted) == {"reviewer-s1", "reviewer-s2"}  # never s3's own reviewer
    assert list(resubmitted.events.values_list("action", flat=True))[-2:] == [Action.RESUBMIT, Action.START_REVIEW]
    for assignment in Assignment.objects.filter(application=resubmitted):
        assert assignment.scores.count() == 9  # a blank sheet, as at the round's opening
        assert Notification.objects.filter(user=assignment.reviewer, link=assignment.get_absolute_url()).exists()
    assert Notification.objects.filter(user=reviewed.contacts["s3"], title__contains="集体评议").exists()


def test_a_late_application_takes_the_least_loaded_reviewers_of_the_round(reviewed):
    resubmit(reviewed, "s3")
    before = Counter(Assignment.objects.filter(round=reviewed.round).values_list("reviewer__username", flat=True))
    fill(reviewed, "s4")
    late = submit(reviewed, "s4")
    least = min(before.values())
    assert {name for name, load in before.items() if load == least} <= reviewers_of(late)
    after = Counter(Assignment.objects.filter(round=reviewed.round).values_list("reviewer__username", flat=True))
    assert max(after.values()) - min(after.values()) <= 1


def test_with_nobody_eligible_the_application_waits_with_its_reason_and_the_lead_is_told(world):
    submit(world, "s2")
    round_ = services.open_round(
        world.region, world.lead, deadline=datetime.date(2022, 12, 1), panel=[world.reviewers["s1"]]
    )
    waiting = submit(world, "s1")  # the panel's only reviewer is s1's own
    assert waiting.status == Status.SUBMITTED
    assert services.waiting_applications(round_) == [waiting]
    page = client_for(world.lead).get(reverse("region:round", args=[world.region.pk])).content.decode()
    assert "等待分配评议专家" in page and "评议专家组的专家都来自本校" in page
    assert Notification.objects.filter(user=world.lead, title__contains="甲校").exists()

    # A reviewer of another school joins the panel: the waiting application is assigned then.
    round_.refresh_from_db()
    assert services.add_to_panel(round_, world.lead, world.reviewers["s3"], round_.version) == 1
    waiting.refresh_from_db()
    assert waiting.status == Status.UNDER_REVIEW and reviewers_of(waiting) == {"reviewer-s3"}
    assert services.waiting_applications(round_) == []


def test_no_assignment_once_the_round_is_closed(reviewed):
    services.close_round(reviewed.round, reviewed.lead, reviewed.round.version)
    assert resubmit(reviewed, "s3").status == Status.SUBMITTED
    assert reviewers_of(app_of(reviewed, "s3")) == set()


# ── the panel ──


def test_a_reviewer_with_submitted_scores_stays_on_the_panel_with_the_reason(reviewed):
    done = Assignment.objects.filter(application=reviewed.apps["s1"], status=AssignmentStatus.SUBMITTED).first()
    with pytest.raises(Refused) as refused:
        services.remove_from_panel(reviewed.round, reviewed.lead, done.reviewer, reviewed.round.version)
    assert "已提交" in refused.value.message and done.reviewer.username in refused.value.message
    assert reviewed.round.panel.filter(pk=done.reviewer.pk).exists()


def test_removing_a_reviewer_gives_their_pending_reviews_to_the_others(reviewed):
    leaving = reviewed.reviewers["s1"]  # s1's reviewer holds only pending reviews (s2's and the lead school's)
    assert not Assignment.objects.filter(reviewer=leaving, status=AssignmentStatus.SUBMITTED).exists()
    services.remove_from_panel(reviewed.round, reviewed.lead, leaving, reviewed.round.version)
    assert not reviewed.round.panel.filter(pk=leaving.pk).exists()
    assert not Assignment.objects.filter(reviewer=leaving).exists()
    assert reviewers_of(reviewed.apps["lead"]) == {"reviewer-s2", "reviewer-s3"}
    assert reviewers_of(reviewed.apps["s2"]) == {"reviewer-s3"}  # s2's own reviewer never takes it


def test_only_the_lead_changes_the_panel_and_on_the_version_shown(reviewed):
    with pytest.raises(Refused):
        services.remove_from_panel(reviewed.round, reviewed.contacts["s1"], reviewed.reviewers["s1"], 1)
    with pytest.raises(Refused):
        services.remove_from_panel(reviewed.round, reviewed.lead, reviewed.reviewers["s1"], reviewed.round.version + 1)
    assert reviewed.round.panel.count() == 3


# ── one application's reviewers ──


def test_an_applications_reviewers_change_among_the_eligible_only(reviewed):
    s2 = reviewed.apps["s2"]
    assert reviewers_of(s2) == {"reviewer-s1", "reviewer-s3"}
    for reviewer in (reviewed.reviewers["s2"], reviewed.reviewers["s1"]):  # its own school's; already on it
        with pytest.raises(Refused):
            services.add_reviewer(s2, reviewed.lead, reviewer, s2.version)
    taken = Assignment.objects.select_related("round", "reviewer", "application").get(
        application=s2, reviewer=reviewed.reviewers["s1"]
    )
    services.remove_reviewer(taken, reviewed.lead, taken.version)
    s2.refresh_from_db()
    assert reviewers_of(s2) == {"reviewer-s3"}
    services.add_reviewer(s2, reviewed.lead, reviewed.reviewers["s1"], s2.version)
    assert reviewers_of(s2) == {"reviewer-s1", "reviewer-s3"}


def test_a_submitted_review_is_not_taken_back(reviewed):
    done = Assignment.objects.select_related("round", "reviewer").filter(application=reviewed.apps["s1"]).first()
    with pytest.raises(Refused) as refused:
        services.remove_reviewer(done, reviewed.lead, done.version)
    assert "已提交" in refused.value.message
    assert Assignment.objects.filter(pk=done.pk).exists()


def test_the_reassign_picker_offers_the_eligible_by_name_under_their_school(reviewed):
    spare = reviewed.reviewers["s3"]
    spare.first_name = "丙校专家"
    spare.save()
    lead_school = reviewed.apps["lead"]
    assert reviewers_of(lead_school) == {"reviewer-s1", "reviewer-s2"}
    assignment = Assignment.objects.select_related("round", "application").get(
        application=lead_school, reviewer=reviewed.reviewers["s2"]
    )
    form = ReassignForm(assignment=assignment, initial={"version": assignment.version})
    # Not the reviewer it has, nor the other one already on it: the one who may take it.
    assert list(form.fields["reviewer"].queryset) == [spare]
    html = str(form["reviewer"])
    assert '<optgroup label="丙校（测试）">' in html and "丙校专家" in html and "reviewer-s3" not in html
    moved = services.reassign(assignment, reviewed.lead, spare, assignment.version)
    assert moved.reviewer == spare


# ── publishing every recorded result ──


def record(world, code):
    application = app_of(world, code)
    return services.record_result(application, world.lead, application.version, full_scores(application), "好")


def test_publish_all_publishes_every_recorded_result_at_once(reviewed):
    s1, s2 = record(reviewed, "s1"), record(reviewed, "s2")
    published = services.publish_all(reviewed.region, reviewed.lead, {s1.pk: s1.version, s2.pk: s2.version})
    assert {a.pk for a in published} == {s1.pk, s2.pk}
    assert set(Application.objects.filter(pk__in=[s1.pk, s2.pk]).values_list("status", flat=True)) == {
        Status.PUBLISHED
    }
    assert Notification.objects.filter(user=reviewed.contacts["s2"], link=s2.get_absolute_url()).exists()


def test_publish_all_publishes_nothing_when_one_result_changed_meanwhile(reviewed):
    s1, s2 = record(reviewed, "s1"), record(reviewed, "s2")
    shown = {s1.pk: s1.version, s2.pk: s2.version}
    record(reviewed, "s2")  # recorded again after the lead's page was drawn
    with pytest.raises(Refused):
        services.publish_all(reviewed.region, reviewed.lead, shown)
    assert not Application.objects.filter(status=Status.PUBLISHED).exists()
    assert not ApplicationEvent.objects.filter(action=Action.PUBLISH).exists()


# ── asking first ──


def test_submitting_through_the_page_asks_first_and_then_assigns(reviewed):
    application = app_of(reviewed, "s3")
    client = client_for(reviewed.contacts["s3"])
    url = reverse("region:application_action", args=[application.pk])
    data = {"version": application.version, "action": Action.SUBMIT, "confirmed": ""}
    asked = client.post(url, data)
    page = asked.content.decode()
    assert asked.status_code == 200 and "确定提交申报吗" in page and 'value="submit"' in page
    assert app_of(reviewed, "s3").status == Status.RETURNED
    assert client.post(url, data | {"confirmed": "yes"}).status_code == 302
    assert app_of(reviewed, "s3").status == Status.UNDER_REVIEW


def test_the_lead_publishes_all_and_closes_the_round_after_confirming(reviewed):
    s1 = record(reviewed, "s1")
    client = client_for(reviewed.lead)
    round_page = client.get(reverse("region:round", args=[reviewed.region.pk])).content.decode()
    assert "发布全部已评结果" in round_page and f'value="{s1.pk}:{s1.version}"' in round_page
    publish = reverse("region:publish_all", args=[reviewed.region.pk])
    asked = client.post(publish, {"versions": f"{s1.pk}:{s1.version}"}).content.decode()
    assert "甲校" in asked and "不能撤回" in asked
    assert app_of(reviewed, "s1").status == Status.REVIEWED
    client.post(publish, {"versions": f"{s1.pk}:{s1.version}", "confirmed": "yes"})
    assert app_of(reviewed, "s1").status == Status.PUBLISHED

    close = reverse("region:round_close", args=[reviewed.region.pk])
    version = reviewed.round.version
    assert "结束本轮评议" in client.post(close, {"version": version}).content.decode()
    reviewed.round.refresh_from_db()
    assert reviewed.round.status == RoundStatus.OPEN
    client.post(close, {"version": version, "confirmed": "yes"})
    reviewed.round.refresh_from_db()
    assert reviewed.round.status == RoundStatus.CLOSED


def test_a_hostile_list_of_versions_is_an_incomplete_request(reviewed):
    client = client_for(reviewed.lead)
    publish = reverse("region:publish_all", args=[reviewed.region.pk])
    for versions in ("１:2", "1:²", "99999999999:1", "x", ""):
        response = client.post(publish, {"versions": versions, "confirmed": "yes"})
        assert response.status_code == 302
    assert not Application.objects.filter(status=Status.PUBLISHED).exists()


def test_the_lead_assigns_what_waits_once_someone_may_review_it(world):
    submit(world, "s2")
    round_ = services.open_round(
        world.region, world.lead, deadline=datetime.date(2022, 12, 1), panel=[world.reviewers["s1"]]
    )
    waiting = submit(world, "s1")
    round_.refresh_from_db()
    with pytest.raises(Refused) as refused:  # still nobody: the reason, and nothing changes
        services.assign_waiting(round_, world.lead, round_.version)
    assert "来自本校" in refused.value.message
    round_.panel.add(world.reviewers["s2"])  # a panel as older data left it, without the assignment
    round_.refresh_from_db()
    assert services.assign_waiting(round_, world.lead, round_.version) == 1
    waiting.refresh_from_db()
    assert waiting.status == Status.UNDER_REVIEW and reviewers_of(waiting) == {"reviewer-s2"}
    round_.refresh_from_db()
    with pytest.raises(Refused):
        services.assign_waiting(round_, world.lead, round_.version)


def test_the_lead_changes_an_applications_reviewers_through_its_page(reviewed):
    spare = reviewed.reviewers["s3"]
    spare.first_name = "丙校专家"
    spare.save()
    lead_school = reviewed.apps["lead"]
    client = client_for(reviewed.lead)
    page = client.get(reverse("region:reviewers", args=[lead_school.pk])).content.decode()
    assert '<optgroup label="丙校（测试）">' in page and "丙校专家" in page
    client.post(
        reverse("region:reviewer_add", args=[lead_school.pk]), {"version": lead_school.version, "reviewer": spare.pk}
    )
    assert reviewers_of(lead_school) == {"reviewer-s1", "reviewer-s2", "reviewer-s3"}
    taken = Assignment.objects.get(application=lead_school, reviewer=reviewed.reviewers["s1"])
    answer = client.post(reverse("region:review_remove", args=[taken.pk]), {"version": taken.version}, follow=True)
    assert "不再评议该申报" in answer.content.decode()
    assert reviewers_of(lead_school) == {"reviewer-s2", "reviewer-s3"}
    # Its own school's reviewer is not offered, and posted anyway it is refused.
    s2 = reviewed.apps["s2"]
    answer = client.post(
        reverse("region:reviewer_add", args=[s2.pk]),
        {"version": s2.version, "reviewer": reviewed.reviewers["s2"].pk},
        follow=True,
    )
    assert "请选择来自其他高校的评议专家" in answer.content.decode()
    assert reviewers_of(s2) == {"reviewer-s1", "reviewer-s3"}


def test_the_lead_takes_a_reviewer_off_the_panel_through_the_round_page(reviewed):
    client = client_for(reviewed.lead)
    url = reverse("region:round", args=[reviewed.region.pk])
    page = client.get(url).content.decode()
    assert "移出评议专家组" in page and "已提交评分：留在评议专家组" in page
    done = Assignment.objects.filter(application=reviewed.apps["s1"]).first().reviewer
    remove = reverse("region:panel_remove", args=[reviewed.region.pk, done.pk])
    answer = client.post(remove, {"version": reviewed.round.version}, follow=True).content.decode()
    assert "不能移出评议专家组" in answer
    leaving = reviewed.reviewers["s1"]
    remove = reverse("region:panel_remove", args=[reviewed.region.pk, leaving.pk])
    client.post(remove, {"version": reviewed.round.version})
    assert not reviewed.round.panel.filter(pk=leaving.pk).exists()


def test_once_a_result_is_recorded_its_reviewers_no_longer_change(reviewed):
    s2 = record(reviewed, "s2")  # recorded while one review is still pending
    pending = Assignment.objects.select_related("round", "application", "reviewer").filter(application=s2).first()
    assert pending.status == AssignmentStatus.PENDING
    for change in (
        lambda: services.remove_reviewer(pending, reviewed.lead, pending.version),
        lambda: services.reassign(pending, reviewed.lead, reviewed.reviewers["s3"], pending.version),
        lambda: services.add_reviewer(s2, reviewed.lead, reviewed.reviewers["s3"], s2.version),
    ):
        with pytest.raises(Refused):
            change()
    assert reviewers_of(s2) == {"reviewer-s1", "reviewer-s3"}
    page = client_for(reviewed.lead).get(reverse("region:reviewers", args=[s2.pk])).content.decode()
    assert "收回评议" not in page and "尚未记录集体评议结果" in page
