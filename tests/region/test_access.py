"""The region's predicates the pages ask (region.access): whose home lists what, the buttons of an application
and of a review, the history a school sees, and blind review's other scores."""

from region import access, services
from region.models import Action, Assignment, AssignmentStatus

from .builders import full_scores


def test_a_contacts_home_lists_their_own_schools_application_only(reviewed):
    assert list(access.own_applications(reviewed.contacts["s1"])) == [reviewed.apps["s1"]]
    assert not access.own_applications(reviewed.reviewers["s1"]).exists()
    assert not access.own_applications(reviewed.lead).exists()


def test_a_reviewers_home_lists_their_own_reviews_only(reviewed):
    reviewer = reviewed.reviewers["s1"]
    reviews = list(access.own_reviews(reviewer))
    assert reviews and all(a.reviewer == reviewer for a in reviews)
    assert not access.own_reviews(reviewed.contacts["s1"]).exists()
    assert not access.own_reviews(reviewed.lead).exists()


def test_the_application_buttons_are_the_schools_contact_and_the_leads(reviewed):
    s4 = reviewed.apps["s4"]
    assert access.acts_on_application(reviewed.contacts["s4"], s4)
    assert access.acts_on_application(reviewed.lead, s4)
    assert not access.acts_on_application(reviewed.contacts["s1"], s4)
    assert not access.acts_on_application(reviewed.province, s4)


def test_only_the_reviewer_scores_a_pending_review_and_only_the_lead_reassigns_it(reviewed):
    pending = Assignment.objects.filter(application=reviewed.apps["s2"]).select_related("round").first()
    submitted = Assignment.objects.filter(application=reviewed.apps["s1"]).first()
    assert submitted.status == AssignmentStatus.SUBMITTED and pending.status == AssignmentStatus.PENDING
    assert access.scores_now(pending.reviewer, pending)
    assert not access.scores_now(submitted.reviewer, submitted)
    assert not access.scores_now(reviewed.lead, pending)
    assert access.reassigns(reviewed.lead, pending)
    assert not access.reassigns(reviewed.lead, submitted)
    assert not access.reassigns(pending.reviewer, pending)


def test_the_school_sees_the_reviews_steps_only_once_published(reviewed):
    s1 = reviewed.apps["s1"]
    services.record_result(s1, reviewed.lead, s1.version, full_scores(s1), "意见")
    s1.refresh_from_db()
    contact = reviewed.contacts["s1"]
    assert not access.visible_events(contact, s1).filter(action=Action.RECORD_RESULT).exists()
    assert access.visible_events(reviewed.lead, s1).filter(action=Action.RECORD_RESULT).exists()
    services.transition(s1, reviewed.lead, Action.PUBLISH, "", s1.version)
    s1.refresh_from_db()
    assert access.visible_events(contact, s1).filter(action=Action.RECORD_RESULT).exists()


def test_a_reviewer_sees_the_others_scores_only_after_submitting(reviewed):
    pending = Assignment.objects.filter(application=reviewed.apps["s2"]).first()
    submitted = list(Assignment.objects.filter(application=reviewed.apps["s1"]))
    assert not access.visible_other_scores(pending.reviewer, pending).exists()
    others = access.visible_other_scores(submitted[0].reviewer, submitted[0])
    assert others.exists() and not others.filter(assignment=submitted[0]).exists()
    assert access.visible_other_scores(reviewed.lead, submitted[0]).exists()
    assert not access.visible_other_scores(reviewed.lead, pending).exists()  # nobody has submitted s2's yet
