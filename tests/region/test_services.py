"""The region's writes: the application's path with its history, the 2,000-character limit, the review round's
assignment and blind scoring, version claims, the collective result and its verdict, notifications."""

import datetime
from decimal import Decimal

import pytest

from core.errors import Refused
from notifications.models import Notification
from region import services, tasks
from region.models import (
    Action,
    Application,
    ApplicationEvent,
    ApplicationScoreChange,
    Assignment,
    AssignmentStatus,
    Post,
    ReviewScore,
    Status,
)

from .builders import fill, full_scores, submit


def app_of(world, code):
    return Application.objects.get(region=world.region, institution=world.schools[code])


# ── the application ──


def test_one_application_walks_from_draft_to_published_with_a_history_row_per_step(world):
    lead = world.lead
    application = submit(world, "s1")
    application = services.transition(application, lead, Action.RETURN, "缺党委会议纪要", application.version)
    assert application.status == Status.RETURNED and application.return_reason == "缺党委会议纪要"
    application = services.transition(application, world.contacts["s1"], Action.SUBMIT, "", application.version)
    services.open_round(world.region, lead, deadline=datetime.date(2022, 12, 1), panel=list(world.reviewers.values()))
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW
    for assignment in application.assignments.select_related("reviewer"):
        services.save_review(
            assignment, assignment.reviewer, assignment.version, full_scores(application), {}, submit=True
        )
    application = services.record_result(application, lead, application.version, full_scores(application), "工作扎实")
    assert application.status == Status.REVIEWED and application.balanced
    application = services.transition(application, lead, Action.PUBLISH, "", application.version)
    assert application.status == Status.PUBLISHED and application.published_at
    steps = list(
        ApplicationEvent.objects.filter(application=application).values_list("action", "from_status", "to_status")
    )
    assert [s for s in steps if s[0] != Action.EDIT] == [
        (Action.CREATE, "", Status.DRAFT),
        (Action.SUBMIT, Status.DRAFT, Status.SUBMITTED),
        (Action.RETURN, Status.SUBMITTED, Status.RETURNED),
        (Action.RESUBMIT, Status.RETURNED, Status.SUBMITTED),
        (Action.START_REVIEW, Status.SUBMITTED, Status.UNDER_REVIEW),
        (Action.RECORD_RESULT, Status.UNDER_REVIEW, Status.REVIEWED),
        (Action.PUBLISH, Status.REVIEWED, Status.PUBLISHED),
    ]


def test_a_report_of_2000_chinese_characters_is_accepted_and_2001_refused(world):
    application = app_of(world, "s1")
    saved = services.save_application(
        application, world.contacts["s1"], application.version, report="关" * 2000, party_agreed_on=None, scores={}
    )
    assert saved.report_length == 2000
    with pytest.raises(Refused) as refused:
        services.save_application(
            saved, world.contacts["s1"], saved.version, report="工" * 2001, party_agreed_on=None, scores={}
        )
    assert "2001" in refused.value.message and "2000" in refused.value.message
    saved.refresh_from_db()
    assert saved.report == "关" * 2000


def test_crlf_line_breaks_count_once(world):
    application = app_of(world, "s1")
    saved = services.save_application(
        application,
        world.contacts["s1"],
        application.version,
        report="关" * 1000 + "\r\n" + "工" * 999,
        party_agreed_on=None,
        scores={},
    )
    assert saved.report_length == 2000


def test_scores_are_checked_by_the_scoring_engines_rule_and_nothing_is_saved_on_a_bad_one(world):
    application = app_of(world, "s1")
    with pytest.raises(Refused) as refused:
        services.save_application(
            application,
            world.contacts["s1"],
            application.version,
            report="新报告",
            party_agreed_on=None,
            scores={"A1": "5", "A2": "11", "B1": "abc"},
        )
    message = refused.value.message
    assert "A1" in message and "A2" in message and "B1" in message
    application.refresh_from_db()
    assert application.report == "" and application.version == 1


def test_self_scores_keep_an_audit_trail_and_a_total(world):
    application = fill(world, "s1")
    assert application.self_total == Decimal(100)
    application = services.save_application(
        application, world.contacts["s1"], application.version, report="x", party_agreed_on=None, scores={"C2": "10"}
    )
    assert application.self_total == Decimal(95)
    change = ApplicationScoreChange.objects.filter(score__indicator__code="C2").first()
    assert (change.old_value, change.new_value, change.changed_by) == (Decimal(15), Decimal(10), world.contacts["s1"])


def test_submission_names_what_is_missing(world):
    application = app_of(world, "s1")
    with pytest.raises(Refused) as refused:
        services.transition(application, world.contacts["s1"], Action.SUBMIT, "", application.version)
    assert "written report" in refused.value.message or "书面" in refused.value.message
    assert app_of(world, "s1").status == Status.DRAFT


def test_only_the_schools_own_contact_writes_and_submits(world):
    application = fill(world, "s1")
    for intruder in (world.contacts["s2"], world.lead, world.reviewers["s1"], world.province):
        with pytest.raises(Refused):
            services.save_application(
                application, intruder, application.version, report="篡改", party_agreed_on=None, scores={}
            )
        with pytest.raises(Refused):
            services.transition(application, intruder, Action.SUBMIT, "", application.version)
    assert app_of(world, "s1").status == Status.DRAFT


def test_a_return_needs_a_reason_and_the_lead(world):
    application = submit(world, "s1")
    with pytest.raises(Refused):
        services.transition(application, world.lead, Action.RETURN, "  ", application.version)
    with pytest.raises(Refused):
        services.transition(application, world.contacts["s1"], Action.RETURN, "自己退回", application.version)
    assert app_of(world, "s1").status == Status.SUBMITTED


def test_two_saves_on_one_version_one_wins(world):
    application = fill(world, "s1")
    stale = Application.objects.get(pk=application.pk)
    services.save_application(
        application, world.contacts["s1"], application.version, report="甲", party_agreed_on=None, scores={}
    )
    with pytest.raises(Refused) as lost:
        services.save_application(
            stale, world.contacts["s1"], stale.version, report="乙", party_agreed_on=None, scores={}
        )
    assert "Someone else" in lost.value.message or "刚刚" in lost.value.message or "moment" in lost.value.message
    assert app_of(world, "s1").report == "甲"


# ── the round ──


def test_opening_the_round_assigns_nobody_to_their_own_school_and_evenly(reviewed):
    assignments = list(Assignment.objects.filter(round=reviewed.round).select_related("reviewer__affiliation"))
    assert assignments
    for assignment in assignments:
        assert assignment.reviewer.affiliation.institution_id != assignment.application.institution_id
    loads = {}
    for assignment in assignments:
        loads[assignment.reviewer_id] = loads.get(assignment.reviewer_id, 0) + 1
    assert max(loads.values()) - min(loads.values()) <= 1
    under_review = set(
        Assignment.objects.filter(round=reviewed.round).values_list("application__institution__code", flat=True)
    )
    # s3 was returned before the round opened; the lead school's, submitted after it opened, was assigned at once
    assert under_review == {"s1", "s2", "lead"}
    assert reviewed.apps["s3"].status == Status.RETURNED


def test_the_round_opens_once(reviewed):
    with pytest.raises(Refused):
        services.open_round(
            reviewed.region,
            reviewed.lead,
            deadline=datetime.date(2022, 12, 1),
            panel=list(reviewed.reviewers.values()),
        )


def test_a_panel_that_leaves_a_school_only_its_own_reviewers_is_refused(world):
    submit(world, "s1")
    with pytest.raises(Refused) as refused:
        services.open_round(
            world.region, world.lead, deadline=datetime.date(2022, 12, 1), panel=[world.reviewers["s1"]]
        )
    assert "甲校" in refused.value.message
    assert app_of(world, "s1").status == Status.SUBMITTED


def test_the_lead_adjusts_but_never_to_the_schools_own_reviewer(reviewed):
    assignment = (
        Assignment.objects.filter(application=reviewed.apps["s2"], status=AssignmentStatus.PENDING)
        .select_related("application", "round")
        .first()
    )
    with pytest.raises(Refused):
        services.reassign(assignment, reviewed.lead, reviewed.reviewers["s2"], assignment.version)
    other = next(r for code, r in reviewed.reviewers.items() if code != "s2" and r != assignment.reviewer)
    if Assignment.objects.filter(application=assignment.application, reviewer=other).exists():
        with pytest.raises(Refused):
            services.reassign(assignment, reviewed.lead, other, assignment.version)
    else:
        moved = services.reassign(assignment, reviewed.lead, other, assignment.version)
        assert moved.reviewer == other


def test_reassigning_a_submitted_review_is_refused(reviewed):
    done = Assignment.objects.filter(application=reviewed.apps["s1"]).select_related("application", "round").first()
    assert done.status == AssignmentStatus.SUBMITTED
    spare = reviewed.reviewers["s3"] if done.reviewer == reviewed.reviewers["s2"] else reviewed.reviewers["s2"]
    ReviewScore.objects.filter(assignment=done).update(comment="保留")
    with pytest.raises(Refused) as refused:
        services.reassign(done, reviewed.lead, spare, done.version)
    assert "submitted review" in refused.value.message or "已提交" in refused.value.message
    done.refresh_from_db()
    assert done.status == AssignmentStatus.SUBMITTED
    assert ReviewScore.objects.filter(assignment=done, comment="保留").count() == 9


def test_a_reviewer_scores_only_their_own_assignment(reviewed):
    assignment = Assignment.objects.filter(application=reviewed.apps["s2"]).first()
    outsider = next(r for r in reviewed.reviewers.values() if r != assignment.reviewer)
    with pytest.raises(Refused):
        services.save_review(
            assignment, outsider, assignment.version, full_scores(reviewed.apps["s2"]), {}, submit=True
        )
    with pytest.raises(Refused):
        services.save_review(
            assignment, reviewed.lead, assignment.version, full_scores(reviewed.apps["s2"]), {}, submit=True
        )


def test_concurrent_submissions_of_one_review_claim_a_version(reviewed):
    assignment = (
        Assignment.objects.filter(application=reviewed.apps["s2"]).select_related("round", "application").first()
    )
    first = Assignment.objects.select_related("round", "application").get(pk=assignment.pk)
    second = Assignment.objects.select_related("round", "application").get(pk=assignment.pk)
    scores = full_scores(reviewed.apps["s2"])
    services.save_review(first, first.reviewer, first.version, scores, {"A1": "第一次"}, submit=True)
    lower = dict(scores, C2="1")
    with pytest.raises(Refused):
        services.save_review(second, second.reviewer, second.version, lower, {"A1": "第二次"}, submit=True)
    assert ReviewScore.objects.get(assignment=assignment, indicator__code="C2").score == Decimal(15)
    assert ReviewScore.objects.get(assignment=assignment, indicator__code="A1").comment == "第一次"


def test_a_submitted_review_cannot_change(reviewed):
    assignment = Assignment.objects.filter(application=reviewed.apps["s1"]).first()
    with pytest.raises(Refused):
        services.save_review(
            assignment, assignment.reviewer, assignment.version, full_scores(reviewed.apps["s1"]), {}, submit=False
        )


def test_a_review_is_submitted_only_complete(reviewed):
    assignment = Assignment.objects.filter(application=reviewed.apps["s2"]).first()
    services.save_review(assignment, assignment.reviewer, assignment.version, {"A1": "10"}, {}, submit=False)
    assignment.refresh_from_db()
    with pytest.raises(Refused) as refused:
        services.save_review(assignment, assignment.reviewer, assignment.version, {"A1": "10"}, {}, submit=True)
    assert "A2" in refused.value.message
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.PENDING


# ── the collective result ──


@pytest.mark.parametrize(
    ("overrides", "balanced", "total"),
    [
        ({}, True, Decimal(100)),
        ({"C2": "5"}, True, Decimal(90)),  # exactly the threshold
        ({"C2": "4.99"}, False, Decimal("89.99")),  # a cent below
        ({"A2": "9.5"}, False, Decimal("99.5")),  # a key indicator short: high total is not enough
        ({"A1": "0"}, False, Decimal(90)),  # a yes/no key at zero
    ],
)
def test_the_collective_verdict_follows_the_colleges_rule(reviewed, overrides, balanced, total):
    application = reviewed.apps["s1"]
    result = services.record_result(
        application, reviewed.lead, application.version, full_scores(application, **overrides), "意见"
    )
    assert (result.balanced, result.collective_total) == (balanced, total)
    assert bool(result.reasons) == (not balanced)


def test_a_result_needs_every_indicator_an_opinion_and_the_lead(reviewed):
    application = reviewed.apps["s1"]
    scores = full_scores(application)
    with pytest.raises(Refused):
        services.record_result(application, reviewed.lead, application.version, dict(scores, B2=""), "意见")
    with pytest.raises(Refused):
        services.record_result(application, reviewed.lead, application.version, scores, "   ")
    with pytest.raises(Refused):
        services.record_result(application, reviewed.reviewers["s2"], application.version, scores, "意见")
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW and application.collective_total is None


def test_publishing_needs_a_result(reviewed):
    application = reviewed.apps["s1"]
    with pytest.raises(Refused):
        services.transition(application, reviewed.lead, Action.PUBLISH, "", application.version)


# ── notifications ──


def test_opening_the_round_tells_the_panel_and_publishing_tells_the_school(reviewed):
    assert Notification.objects.filter(user=reviewed.reviewers["s1"], title__contains="2022").exists()
    application = reviewed.apps["s1"]
    application = services.record_result(
        application, reviewed.lead, application.version, full_scores(application), "好"
    )
    services.transition(application, reviewed.lead, Action.PUBLISH, "", application.version)
    assert Notification.objects.filter(user=reviewed.contacts["s1"], link=application.get_absolute_url()).exists()
    assert not Notification.objects.filter(user=reviewed.contacts["s2"], link=application.get_absolute_url()).exists()


def test_deadline_reminders_a_week_and_a_day_before_once(reviewed):
    deadline = reviewed.round.deadline
    pending = set(Assignment.objects.filter(status=AssignmentStatus.PENDING).values_list("reviewer_id", flat=True))
    assert tasks.review_deadline_reminder((deadline - datetime.timedelta(days=7)).isoformat()) == len(pending)
    assert tasks.review_deadline_reminder((deadline - datetime.timedelta(days=7)).isoformat()) == 0
    assert tasks.review_deadline_reminder((deadline - datetime.timedelta(days=3)).isoformat()) == 0
    assert tasks.review_deadline_reminder((deadline - datetime.timedelta(days=1)).isoformat()) == len(pending)


def test_a_new_post_tells_the_region_and_the_lead_moderates_with_a_version(world):
    post = services.create_post(world.region, world.contacts["s1"], "交流", "内容", [])
    assert Notification.objects.filter(user=world.contacts["s2"], link=post.get_absolute_url()).exists()
    assert not Notification.objects.filter(user=world.contacts["s1"], link=post.get_absolute_url()).exists()
    with pytest.raises(Refused):
        services.moderate(post, world.contacts["s2"], post.version, removed=True)
    pinned = services.moderate(post, world.lead, post.version, pinned=True)
    with pytest.raises(Refused):
        services.moderate(post, world.lead, post.version, removed=True)  # the page was older than the pin
    services.moderate(pinned, world.lead, pinned.version, removed=True)
    assert Post.objects.get(pk=post.pk).removed
    with pytest.raises(Refused):
        services.add_comment(Post.objects.get(pk=post.pk), world.contacts["s2"], "还在吗")


def test_the_read_only_roles_do_not_post(world):
    for user in (world.province,):
        with pytest.raises(Refused):
            services.create_post(world.region, user, "标题", "内容", [])


def test_the_scheme_changes_until_the_round_opens_claiming_its_version(world):
    scheme = world.region.scheme
    scheme.threshold = Decimal(85)
    services.update_scheme(scheme, world.lead, 1)
    stale = world.region.scheme.__class__.objects.get(pk=scheme.pk)
    stale.threshold = Decimal(80)
    with pytest.raises(Refused):
        services.update_scheme(stale, world.lead, 1)
    with pytest.raises(Refused):
        services.update_scheme(stale, world.contacts["s1"], 2)
    assert world.region.scheme.__class__.objects.get(pk=scheme.pk).threshold == Decimal(85)
    submit(world, "s1")
    services.open_round(
        world.region, world.lead, deadline=datetime.date(2022, 12, 1), panel=list(world.reviewers.values())
    )
    indicator = scheme.indicators.first()
    indicator.max_points = Decimal(99)
    with pytest.raises(Refused):
        services.update_indicator(indicator, world.lead, 2)
    fresh = world.region.scheme.__class__.objects.get(pk=scheme.pk)
    with pytest.raises(Refused):
        services.update_scheme(fresh, world.lead, fresh.version)


def test_the_verdict_uses_the_schemes_threshold_as_edited(reviewed):
    scheme = reviewed.region.scheme
    application = reviewed.apps["s1"]
    verdict = services.record_result(
        application, reviewed.lead, application.version, full_scores(application, C2="4"), "意见"
    )
    assert not verdict.balanced  # 89 < 90
    scheme.__class__.objects.filter(pk=scheme.pk).update(threshold=Decimal(89))  # the lead lowered it earlier
    verdict = services.record_result(verdict, reviewed.lead, verdict.version, full_scores(application, C2="4"), "意见")
    assert verdict.balanced


def test_schools_are_reminded_of_the_application_deadline_a_week_and_a_day_before(world):
    submit(world, "s1")
    world.region.application_deadline = datetime.date(2022, 11, 30)
    world.region.save()
    waiting = {"lead", "s2", "s3", "s4"}
    assert tasks.application_deadline_reminder("2022-11-23") == len(waiting)
    assert tasks.application_deadline_reminder("2022-11-23") == 0
    assert tasks.application_deadline_reminder("2022-11-25") == 0
    assert tasks.application_deadline_reminder("2022-11-29") == len(waiting)
    told = set(Notification.objects.filter(title__contains="2022年11月30日").values_list("user__username", flat=True))
    assert told == {f"contact-{code}" for code in waiting}


def test_the_result_form_is_prefilled_with_the_reviewers_mean_then_the_recorded_score(reviewed):
    s1 = reviewed.apps["s1"]
    offered, means = services.collective_prefill(s1)
    maxima = {row.indicator.code: row.indicator.max_points for row in s1.scores.select_related("indicator")}
    assert offered == maxima  # both reviewers gave full marks
    assert {code: c.mean for code, c in means.items()} == maxima
    services.record_result(s1, reviewed.lead, s1.version, full_scores(s1, A2="9"), "意见")
    s1.refresh_from_db()
    offered, _means = services.collective_prefill(s1)
    assert offered["A2"] == Decimal(9) and offered["A1"] == maxima["A1"]


def test_an_application_without_submitted_reviews_is_prefilled_blank(reviewed):
    offered, means = services.collective_prefill(reviewed.apps["s2"])
    assert set(offered.values()) == {None}
    assert all(c.mean is None for c in means.values())
