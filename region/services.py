"""Every write of the region: schemes, applications, the review round, results, meetings and the board.

Each state change claims the row's version in the UPDATE that writes it (`… WHERE pk = … AND version = n`), so
that of two people acting on the same version exactly one wins and the other is told in Chinese what happened;
each step of an application leaves an ApplicationEvent.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from colleges.access import access_for
from colleges.models import Role
from core.files import delete_after_commit, writing_files
from core.text import nest_quotes
from core.uploads import CheckedFile
from notifications.models import NoticeKind
from notifications.services import notify
from scoring import rules as scoring_rules

from . import access, rules, workflow
from .models import (
    Action,
    Affiliation,
    Application,
    ApplicationEvent,
    ApplicationFile,
    ApplicationScore,
    ApplicationScoreChange,
    Assignment,
    AssignmentStatus,
    Attendance,
    Comment,
    Meeting,
    MeetingFile,
    Post,
    PostFile,
    Region,
    ReviewRound,
    ReviewScore,
    RoundStatus,
    SchoolIndicator,
    SchoolScheme,
    ScoreField,
    Status,
    WorkReport,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_FILES = 20
ASSESSMENT = NoticeKind.ASSESSMENT


class RegionError(Exception):
    """The action was refused; the message says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _require(allowed: bool) -> None:
    if not allowed:
        raise RegionError(_("Your role may not change this."))


def _stale(what: str) -> RegionError:
    return RegionError(
        _(
            "Someone else changed this %(what)s a moment ago. Your change was not applied; the page shows it "
            "as it is now."
        )
        % {"what": what}
    )


def _stale_application(pk: int) -> RegionError:
    status = Application.objects.filter(pk=pk).values_list("status", flat=True).first()
    if status is None:
        return RegionError(_("This application no longer exists."))
    return RegionError(
        _(
            "Someone else changed this application a moment ago (it is now “%(status)s”). Your action was not "
            "applied; the page shows the application as it is now."
        )
        % {"status": Status(status).label}
    )


def people_of(institution_id: int, role: str):
    return get_user_model().objects.filter(
        is_active=True, membership__role=role, affiliation__institution_id=institution_id
    )


def lead_people():
    return get_user_model().objects.filter(is_active=True, membership__role__in=[Role.STAFF, Role.ADMIN])


def region_people(region: Region):
    """Everyone of the region's member schools (contacts and reviewers)."""
    return get_user_model().objects.filter(
        is_active=True,
        membership__role__in=[Role.REGION_CONTACT, Role.REGION_REVIEWER],
        affiliation__institution__in=region.members.all(),
    )


# ── the scheme ──────────────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def load_scheme(region: Region, path: Path | None = None) -> SchoolScheme:
    """Load the school-level scheme of a region from a data file (the demo scheme by default); idempotent."""
    data = json.loads((path or DATA_DIR / "school_scheme_demo.json").read_text(encoding="utf-8"))
    scheme, _created = SchoolScheme.objects.get_or_create(
        region=region,
        defaults={"title": data["title"], "threshold": Decimal(data["threshold"]), "is_demo": data.get("demo", False)},
    )
    for order, row in enumerate(data["indicators"], start=1):
        SchoolIndicator.objects.get_or_create(
            scheme=scheme,
            code=row["code"],
            defaults={
                "group": row.get("group", ""),
                "name": row["name"],
                "points_text": row.get("points", ""),
                "max_points": Decimal(row["max"]),
                "is_key": row.get("key", False),
                "mode": row.get("mode", scoring_rules.POINTS),
                "order": order,
            },
        )
    return scheme


def scheme_is_locked(scheme: SchoolScheme) -> bool:
    """Once the review has begun, changing the yardstick would change what reviewers scored."""
    return ReviewRound.objects.filter(region_id=scheme.region_id).exists()


@transaction.atomic
def update_indicator(indicator: SchoolIndicator, user, expected_version: int) -> SchoolIndicator:
    """Save the lead's edit of one indicator (its new values set, not yet saved), claiming the scheme's version."""
    _require(access.leads(access_for(user)))
    scheme = indicator.scheme
    if scheme_is_locked(scheme):
        raise RegionError(_("The review round has been opened: the scheme can no longer change."))
    if not SchoolScheme.objects.filter(pk=scheme.pk, version=expected_version).update(version=F("version") + 1):
        raise _stale(_("scheme"))
    indicator.save()
    return indicator


@transaction.atomic
def update_scheme(scheme: SchoolScheme, user, expected_version: int) -> SchoolScheme:
    """Save the lead's edit of the scheme's title and threshold (set on `scheme`, not yet saved)."""
    _require(access.leads(access_for(user)))
    if scheme_is_locked(scheme):
        raise RegionError(_("The review round has been opened: the scheme can no longer change."))
    if not SchoolScheme.objects.filter(pk=scheme.pk, version=expected_version).update(version=F("version") + 1):
        raise _stale(_("scheme"))
    scheme.version = expected_version + 1
    scheme.save()
    return scheme


@transaction.atomic
def update_region(region: Region, user) -> Region:
    _require(access.leads(access_for(user)))
    region.save(update_fields=["name", "application_deadline"])
    return region


# ── applications ────────────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def open_applications(region: Region, user) -> int:
    """A draft application, with an empty score sheet, for every member school that has none yet."""
    _require(access.leads(access_for(user)))
    indicators = list(SchoolIndicator.objects.filter(scheme__region=region))
    created = 0
    for institution in region.members.all():
        application, was_created = Application.objects.get_or_create(region=region, institution=institution)
        if was_created:
            created += 1
            ApplicationEvent.objects.create(
                application=application, actor=user, action=Action.CREATE, to_status=Status.DRAFT
            )
        ApplicationScore.objects.bulk_create(
            [ApplicationScore(application=application, indicator=i) for i in indicators], ignore_conflicts=True
        )
    return created


def _check_scores(application: Application, entries: dict[str, tuple]) -> dict[str, Decimal | None]:
    """The posted scores as Decimals, or RegionError naming every bad one."""
    specs = {i.code: i.spec() for i in SchoolIndicator.objects.filter(scheme__region_id=application.region_id)}
    values, problems = {}, []
    for code, raw in entries.items():
        if code not in specs:
            continue
        if raw is None or str(raw).strip() == "":
            values[code] = None
            continue
        try:
            value = scoring_rules.parse_score(raw)
        except ValueError:
            problems.append(_("%(code)s: not a number") % {"code": code})
            continue
        problem = scoring_rules.score_problem(value, specs[code])
        if problem:
            problems.append(f"{code}: {problem}")
        else:
            values[code] = value
    if problems:
        raise RegionError(_("Some scores cannot be saved: %(problems)s") % {"problems": "；".join(problems)})
    return values


@transaction.atomic
def save_application(
    application: Application,
    user,
    expected_version: int,
    *,
    report: str,
    party_agreed_on: datetime.date | None,
    scores: dict[str, str | None],
    notes: dict[str, str] | None = None,
) -> Application:
    """The school's contact saves the report, the party committee's date and the self-assessed score sheet."""
    if not workflow.can_edit(user, application):
        raise RegionError(_("This application can no longer be edited in its current state."))
    report = rules.normalise_text(report)
    if rules.report_too_long(report):
        raise RegionError(
            _("The written report has %(count)d characters; at most %(max)d are allowed.")
            % {"count": rules.char_count(report), "max": rules.REPORT_MAX_CHARS}
        )
    values = _check_scores(application, scores)
    claimed = Application.objects.filter(
        pk=application.pk, version=expected_version, status__in=workflow.EDITABLE_STATUSES
    ).update(version=F("version") + 1, report=report, party_agreed_on=party_agreed_on, updated_at=timezone.now())
    if not claimed:
        raise _stale_application(application.pk)
    notes = notes or {}
    rows = list(application.scores.select_related("indicator"))
    for row in rows:
        code = row.indicator.code
        changed = []
        if code in values and values[code] != row.self_score:
            ApplicationScoreChange.objects.create(
                score=row, field=ScoreField.SELF, old_value=row.self_score, new_value=values[code], changed_by=user
            )
            row.self_score = values[code]
            changed.append("self_score")
        if code in notes and notes[code] != row.self_note:
            row.self_note = notes[code][:1000]
            changed.append("self_note")
        if changed:
            row.save(update_fields=changed)
    total = sum((row.self_score for row in rows if row.self_score is not None), Decimal(0))
    Application.objects.filter(pk=application.pk).update(self_total=total)
    ApplicationEvent.objects.create(
        application=application,
        actor=user,
        action=Action.EDIT,
        from_status=application.status,
        to_status=application.status,
    )
    return Application.objects.get(pk=application.pk)


def submission_gaps(application: Application) -> list[str]:
    """What an application still lacks before it can be submitted."""
    gaps = []
    if not application.report.strip():
        gaps.append(_("the written report is empty"))
    if application.party_agreed_on is None:
        gaps.append(_("the date the party committee agreed is missing"))
    missing = application.scores.filter(self_score__isnull=True).count()
    if missing:
        gaps.append(_("%(count)d indicators have no self score") % {"count": missing})
    if not application.scores.exists():
        gaps.append(_("the score sheet is empty"))
    return gaps


@transaction.atomic
def transition(application: Application, user, action: str, comment: str, expected_version: int) -> Application:
    comment = (comment or "").strip()
    if application.version != expected_version:
        raise _stale_application(application.pk)
    if not workflow.can_transition(action, application.status, user, application):
        raise RegionError(_("This action is not available for this application."))
    rule = workflow.TRANSITIONS[action]
    if rule.needs_comment and not comment:
        raise RegionError(_("Please give a reason, so that the school knows what to complete."))
    if action == Action.SUBMIT:
        gaps = submission_gaps(application)
        if gaps:
            raise RegionError(_("The application cannot be submitted yet: %(gaps)s.") % {"gaps": "；".join(gaps)})
    if action == Action.PUBLISH and application.collective_total is None:
        raise RegionError(_("Record the collective score and opinion before publishing."))
    now = timezone.now()
    changes = {"status": rule.target, "version": F("version") + 1, "updated_at": now}
    if action == Action.SUBMIT:
        changes["submitted_at"] = now
    if action == Action.RETURN:
        changes["return_reason"] = comment
    if action == Action.PUBLISH:
        changes["published_at"] = now
    claimed = Application.objects.filter(pk=application.pk, version=expected_version, status__in=rule.sources).update(
        **changes
    )
    if not claimed:
        raise _stale_application(application.pk)
    logged = Action.RESUBMIT if action == Action.SUBMIT and application.status == Status.RETURNED else action
    ApplicationEvent.objects.create(
        application=application,
        actor=user,
        action=logged,
        from_status=application.status,
        to_status=rule.target,
        comment=comment,
    )
    _tell_the_school(application, action, comment)
    return Application.objects.select_related("region", "institution").get(pk=application.pk)


def _tell_the_school(application: Application, action: str, comment: str) -> None:
    contacts = people_of(application.institution_id, Role.REGION_CONTACT)
    link = application.get_absolute_url()
    if action == Action.RETURN:
        notify(contacts, _("Your region application was returned for completion"), comment, link, kind=ASSESSMENT)
    elif action == Action.PUBLISH:
        notify(contacts, _("The review result of your region application is published"), "", link, kind=ASSESSMENT)
    elif action == Action.SUBMIT:
        notify(
            lead_people(),
            _("%(school)s submitted its region application") % {"school": application.institution.short_name},
            "",
            link,
            email=False,
        )


def _lock_editable(application: Application, user) -> Application:
    locked = Application.objects.select_for_update().filter(pk=application.pk).first()
    if locked is None:
        raise RegionError(_("This application no longer exists."))
    if not workflow.can_edit(user, locked):
        raise RegionError(_("Files can only be changed while the application is a draft or has been returned."))
    return locked


def add_files(application: Application, user, files: list[CheckedFile]) -> list[ApplicationFile]:
    """Store checked evidence files on the application, all or none."""
    with writing_files() as writer:
        locked = _lock_editable(application, user)
        if locked.files.count() + len(files) > MAX_FILES:
            raise RegionError(_("An application holds at most %(max)d files.") % {"max": MAX_FILES})
        stored = [writer.save(ApplicationFile(application=locked), checked, user) for checked in files]
        Application.objects.filter(pk=locked.pk).update(version=F("version") + 1, updated_at=timezone.now())
        ApplicationEvent.objects.create(
            application=locked,
            actor=user,
            action=Action.ADD_FILE,
            from_status=locked.status,
            to_status=locked.status,
            comment="、".join(f.original_name for f in stored),
        )
        return stored


@transaction.atomic
def remove_file(file: ApplicationFile, user) -> None:
    locked = _lock_editable(file.application, user)
    name = file.original_name
    delete_after_commit([file])
    file.delete()
    Application.objects.filter(pk=locked.pk).update(version=F("version") + 1, updated_at=timezone.now())
    ApplicationEvent.objects.create(
        application=locked,
        actor=user,
        action=Action.REMOVE_FILE,
        from_status=locked.status,
        to_status=locked.status,
        comment=name,
    )


# ── the review round ────────────────────────────────────────────────────────────────────────────────────────────


def _candidates(applications, reviewers) -> tuple[list[rules.Candidate], list[rules.Candidate]]:
    schools = dict(Affiliation.objects.filter(user__in=reviewers).values_list("user_id", "institution_id"))
    apps = [rules.Candidate(a.pk, a.institution_id) for a in applications]
    people = [rules.Candidate(r.pk, schools[r.pk]) for r in reviewers if r.pk in schools]
    return apps, people


@transaction.atomic
def open_round(
    region: Region,
    user,
    *,
    deadline: datetime.date,
    panel: list,
    disagreement_points: Decimal = Decimal(2),
    reviewers_per_application: int = 2,
) -> ReviewRound:
    """Open the region-year's review: every submitted application goes under review, assigned automatically so
    that nobody reviews their own school and the load is even. The panel and the schools are told."""
    _require(access.leads(access_for(user)))
    if ReviewRound.objects.filter(region=region).exists():
        raise RegionError(_("This region's review round has already been opened."))
    panel = [u for u in panel if getattr(getattr(u, "membership", None), "role", None) == Role.REGION_REVIEWER]
    schools = set(Affiliation.objects.filter(user__in=panel).values_list("institution_id", flat=True))
    if not panel or not schools <= set(region.members.values_list("pk", flat=True)):
        raise RegionError(_("The panel must be reviewers of the region's member schools."))
    applications = list(Application.objects.filter(region=region, status=Status.SUBMITTED).select_for_update())
    if not applications:
        raise RegionError(_("No application has been submitted yet: there is nothing to review."))
    round_ = ReviewRound.objects.create(
        region=region,
        deadline=deadline,
        disagreement_points=disagreement_points,
        reviewers_per_application=reviewers_per_application,
        opened_by=user,
    )
    round_.panel.set(panel)
    apps, people = _candidates(applications, panel)
    try:
        plan = rules.assign_reviewers(apps, people, reviewers_per_application)
    except rules.AssignmentProblem as problem:
        names = Application.objects.filter(pk__in=problem.application_ids).values_list(
            "institution__short_name", flat=True
        )
        raise RegionError(
            _("No reviewer from another school is on the panel for: %(schools)s.") % {"schools": "、".join(names)}
        ) from None
    indicators = list(SchoolIndicator.objects.filter(scheme__region=region))
    for application in applications:
        for reviewer_id in plan[application.pk]:
            assignment = Assignment.objects.create(round=round_, application=application, reviewer_id=reviewer_id)
            ReviewScore.objects.bulk_create([ReviewScore(assignment=assignment, indicator=i) for i in indicators])
        transition(application, user, Action.START_REVIEW, "", application.version)
    notify(
        panel,
        _("The %(region)s review round is open; reviews are due on %(deadline)s")
        % {"region": str(region), "deadline": deadline.isoformat()},
        "",
        reverse("region:home"),
        kind=ASSESSMENT,
    )
    notify(
        region_people(region).filter(membership__role=Role.REGION_CONTACT),
        _("The %(region)s collective review has begun") % {"region": str(region)},
        "",
        region.get_absolute_url(),
        email=False,
    )
    return round_


@transaction.atomic
def reassign(assignment: Assignment, user, reviewer, expected_version: int) -> Assignment:
    """The lead gives a review that nobody has submitted yet to another reviewer of the panel."""
    _require(access.leads(access_for(user)))
    if assignment.status != AssignmentStatus.PENDING:
        raise RegionError(_("A submitted review stays with its reviewer."))
    school = Affiliation.objects.filter(user=reviewer).values_list("institution_id", flat=True).first()
    if not assignment.round.panel.filter(pk=reviewer.pk).exists():
        raise RegionError(_("The reviewer is not on the round's panel."))
    if school == assignment.application.institution_id:
        raise RegionError(_("Nobody reviews their own school."))
    if Assignment.objects.filter(application=assignment.application, reviewer=reviewer).exists():
        raise RegionError(_("This reviewer already reviews this application."))
    claimed = Assignment.objects.filter(
        pk=assignment.pk, version=expected_version, status=AssignmentStatus.PENDING
    ).update(reviewer=reviewer, version=F("version") + 1)
    if not claimed:
        raise _stale(_("review"))
    ReviewScore.objects.filter(assignment=assignment).update(score=None, comment="")
    notify(
        [reviewer],
        _("A region application was assigned to you for review"),
        "",
        assignment.get_absolute_url(),
        kind=ASSESSMENT,
    )
    return Assignment.objects.get(pk=assignment.pk)


@transaction.atomic
def save_review(
    assignment: Assignment,
    user,
    expected_version: int,
    scores: dict[str, str | None],
    comments: dict[str, str],
    *,
    submit: bool,
) -> Assignment:
    """A reviewer saves (and, when `submit`, hands in) their scores of one application; once handed in they stay."""
    _require(access.scores_assignment(user, assignment))
    if assignment.round.status != RoundStatus.OPEN:
        raise RegionError(_("The review round is closed."))
    values = _check_scores(assignment.application, scores)
    rows = list(assignment.scores.select_related("indicator"))
    if submit:
        missing = [r.indicator.code for r in rows if values.get(r.indicator.code) is None]
        if missing:
            raise RegionError(
                _("Score every indicator before submitting; missing: %(codes)s") % {"codes": "、".join(missing)}
            )
    changes = {"version": F("version") + 1}
    if submit:
        changes.update(status=AssignmentStatus.SUBMITTED, submitted_at=timezone.now())
    claimed = Assignment.objects.filter(
        pk=assignment.pk, version=expected_version, status=AssignmentStatus.PENDING
    ).update(**changes)
    if not claimed:
        raise _stale(_("review"))
    for row in rows:
        row.score = values.get(row.indicator.code)
        row.comment = (comments.get(row.indicator.code) or "")[:1000]
    ReviewScore.objects.bulk_update(rows, ["score", "comment"])
    return Assignment.objects.get(pk=assignment.pk)


def review_sheets(application: Application) -> list[dict[str, Decimal | None]]:
    """The submitted reviewers' score sheets of one application (code → score)."""
    sheets: dict[int, dict] = {}
    submitted = ReviewScore.objects.filter(
        assignment__application=application, assignment__status=AssignmentStatus.SUBMITTED
    ).values_list("assignment_id", "indicator__code", "score")
    for assignment_id, code, score in submitted:
        sheets.setdefault(assignment_id, {})[code] = score
    return list(sheets.values())


@transaction.atomic
def record_result(
    application: Application, user, expected_version: int, scores: dict[str, str | None], opinion: str
) -> Application:
    """The lead records the collective score per indicator agreed at the review meeting, and the opinion (评议意见);
    the verdict follows from the colleges' rule, with its reasons."""
    _require(access.leads(access_for(user)))
    if application.status not in {Status.UNDER_REVIEW, Status.REVIEWED}:
        raise RegionError(_("A result is recorded only for an application under review."))
    opinion = rules.normalise_text(opinion).strip()
    if not opinion:
        raise RegionError(_("Please write the review opinion."))
    values = _check_scores(application, scores)
    scheme = SchoolScheme.objects.get(region_id=application.region_id)
    specs = scheme.specs()
    missing = [s.code for s in specs if values.get(s.code) is None]
    if missing:
        raise RegionError(
            _("Give every indicator a collective score; missing: %(codes)s") % {"codes": "、".join(missing)}
        )
    verdict = rules.verdict(values, specs, scheme.threshold)
    from_status = application.status
    claimed = Application.objects.filter(
        pk=application.pk, version=expected_version, status__in={Status.UNDER_REVIEW, Status.REVIEWED}
    ).update(
        status=Status.REVIEWED,
        version=F("version") + 1,
        collective_total=verdict.total,
        balanced=verdict.balanced,
        reasons=list(verdict.reasons),
        opinion=opinion,
        updated_at=timezone.now(),
    )
    if not claimed:
        raise _stale_application(application.pk)
    for row in application.scores.select_related("indicator"):
        value = values[row.indicator.code]
        if value != row.collective_score:
            ApplicationScoreChange.objects.create(
                score=row,
                field=ScoreField.COLLECTIVE,
                old_value=row.collective_score,
                new_value=value,
                changed_by=user,
            )
            row.collective_score = value
            row.save(update_fields=["collective_score"])
    ApplicationEvent.objects.create(
        application=application,
        actor=user,
        action=Action.RECORD_RESULT,
        from_status=from_status,
        to_status=Status.REVIEWED,
        comment=opinion,
    )
    return Application.objects.get(pk=application.pk)


@transaction.atomic
def close_round(round_: ReviewRound, user, expected_version: int) -> ReviewRound:
    _require(access.leads(access_for(user)))
    if not ReviewRound.objects.filter(pk=round_.pk, version=expected_version, status=RoundStatus.OPEN).update(
        status=RoundStatus.CLOSED, version=F("version") + 1
    ):
        raise _stale(_("review round"))
    return ReviewRound.objects.get(pk=round_.pk)


# ── the work report ─────────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def save_work_report(region: Region, user, text: str, expected_version: int | None) -> WorkReport:
    _require(access.leads(access_for(user)))
    text = rules.normalise_text(text)
    existing = WorkReport.objects.filter(region=region).first()
    if existing is None:
        return WorkReport.objects.create(region=region, text=text, updated_by=user)
    if not WorkReport.objects.filter(pk=existing.pk, version=expected_version).update(
        text=text, updated_by=user, version=F("version") + 1, updated_at=timezone.now()
    ):
        raise _stale(_("work report"))
    return WorkReport.objects.get(pk=existing.pk)


# ── meetings ────────────────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def save_meeting(meeting: Meeting, user, expected_version: int | None = None) -> Meeting:
    """Create (pk None) or update a meeting; the region's people are told of a new one."""
    _require(access.leads(access_for(user)))
    if meeting.host_id and not meeting.region.members.filter(pk=meeting.host_id).exists():
        raise RegionError(_("The host must be one of the region's member schools."))
    if meeting.pk is None:
        meeting.save()
        Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, institution=i) for i in meeting.region.members.all()]
        )
        notify(
            region_people(meeting.region),
            _("Region meeting: %(title)s on %(day)s")
            % {"title": nest_quotes(meeting.title), "day": timezone.localtime(meeting.starts_at).date().isoformat()},
            "",
            meeting.get_absolute_url(),
            email=False,
        )
        return meeting
    if not Meeting.objects.filter(pk=meeting.pk, version=expected_version).update(version=F("version") + 1):
        raise _stale(_("meeting"))
    meeting.version = expected_version + 1
    meeting.save()
    return meeting


@transaction.atomic
def save_attendance(meeting: Meeting, user, expected_version: int, rows: dict[int, tuple[bool, str]]) -> None:
    """Attendance per member school: {institution id: (attended, who came)}."""
    _require(access.leads(access_for(user)))
    if not Meeting.objects.filter(pk=meeting.pk, version=expected_version).update(version=F("version") + 1):
        raise _stale(_("meeting"))
    for row in meeting.attendance.all():
        if row.institution_id in rows:
            row.attended, row.attendees = rows[row.institution_id][0], rows[row.institution_id][1][:200]
            row.save(update_fields=["attended", "attendees"])


def add_meeting_files(meeting: Meeting, user, files: list[CheckedFile]) -> list[MeetingFile]:
    _require(access.leads(access_for(user)))
    with writing_files() as writer:
        if meeting.files.count() + len(files) > MAX_FILES:
            raise RegionError(_("A meeting holds at most %(max)d files.") % {"max": MAX_FILES})
        return [writer.save(MeetingFile(meeting=meeting), checked, user) for checked in files]


# ── the exchange board ──────────────────────────────────────────────────────────────────────────────────────────


def create_post(region: Region, user, title: str, body: str, files: list[CheckedFile]) -> Post:
    _require(access.posts_on(user, region))
    with writing_files() as writer:
        post = Post.objects.create(
            region=region,
            author=user,
            institution_id=access.member_school(user),
            title=title,
            body=rules.normalise_text(body),
        )
        for checked in files[:MAX_FILES]:
            writer.save(PostFile(post=post), checked, user)
        readers = region_people(region).exclude(pk=user.pk).union(lead_people().exclude(pk=user.pk))
        notify(
            list(readers),
            _("New on the region board: %(title)s") % {"title": nest_quotes(title)},
            "",
            post.get_absolute_url(),
            email=False,
        )
        return post


@transaction.atomic
def add_comment(post: Post, user, body: str) -> Comment:
    _require(access.posts_on(user, post.region))
    if post.removed:
        raise RegionError(_("This post has been removed."))
    body = rules.normalise_text(body).strip()
    if not body:
        raise RegionError(_("The comment is empty."))
    comment = Comment.objects.create(post=post, author=user, institution_id=access.member_school(user), body=body)
    if post.author_id != user.pk:
        notify(
            [post.author],
            _("New comment on “%(title)s”") % {"title": nest_quotes(post.title)},
            "",
            post.get_absolute_url(),
            email=False,
        )
    return comment


@transaction.atomic
def moderate(
    post: Post, user, expected_version: int, *, pinned: bool | None = None, removed: bool | None = None
) -> Post:
    """The lead pins, unpins, removes or restores a post, claiming its version."""
    _require(access.leads(access_for(user)))
    changes = {"version": F("version") + 1}
    if pinned is not None:
        changes["pinned"] = pinned
    if removed is not None:
        changes["removed"] = removed
    if not Post.objects.filter(pk=post.pk, version=expected_version).update(**changes):
        raise _stale(_("post"))
    return Post.objects.get(pk=post.pk)
