"""Every write to an activity report: creation, edits, workflow transitions and evidence.

Each write checks the report's version and status in the same UPDATE that claims the row, so that of two
people acting on the same version exactly one wins and the other is told, and each leaves a ReportEvent.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from colleges.access import access_for
from core.cache import figures_changed
from core.errors import Refused
from core.files import delete_after_commit, writing_files
from core.text import chinese_date, nest_quotes
from core.uploads import MAX_FILES_PER_REPORT, CheckedFile
from core.versions import claim, stale
from core.workflow import Workflow
from notifications.models import NoticeKind
from notifications.services import notify_college
from plans.models import WorkPoint

from . import rules, tallies
from .models import Action, ActivityKind, ActivityReport, Evidence, EvidenceKind, ReportEvent, Status
from .workflow import WORKFLOW, WorkflowError, can_delete


def work_point_for(kind: ActivityKind, year: int) -> WorkPoint | None:
    """The work point of that year's plan that this kind of activity serves."""
    if not kind.work_point_code:
        return None
    return WorkPoint.objects.of_year(year).filter(code=kind.work_point_code).first()


@transaction.atomic
def create_report(report: ActivityReport, user, members=()) -> ActivityReport:
    """File a new draft (`report` unsaved, its college and content set) naming the committee `members` involved."""
    report.created_by = user
    report.work_point = work_point_for(report.kind, report.starts_on.year)
    report.save()
    report.members.set(members)
    ReportEvent.objects.create(report=report, actor=user, action=Action.CREATE, to_status=report.status)
    return report


@transaction.atomic
def update_report(report: ActivityReport, user, expected_version: int, members=()) -> ActivityReport:
    """Save the edited `report` (its new content set, not yet saved) and the committee `members` involved."""
    WORKFLOW.require_editor(access_for(user), report.college_id, status=report.status)
    if not WORKFLOW.can_edit(report.status, access_for(user), report.college_id):
        raise WorkflowError(_("This report can no longer be edited in its current state."))
    claim(ActivityReport.objects.filter(status__in=WORKFLOW.editable_statuses), report.pk, expected_version)
    report.version = expected_version + 1
    report.work_point = work_point_for(report.kind, report.starts_on.year)
    report.save()
    report.members.set(members)
    ReportEvent.objects.create(
        report=report, actor=user, action=Action.EDIT, from_status=report.status, to_status=report.status
    )
    return report


@transaction.atomic
def transition(
    report: ActivityReport, user, action: str, comment: str, expected_version: int, *, workflow: Workflow = WORKFLOW
) -> ActivityReport:
    """Take `action` on the report at the version the user was shown. `workflow` is who may act: the report's own
    table, or the one of an app that files reports for its own people (the care board's month reports), with the
    same statuses."""
    access = access_for(user)
    comment = comment.strip()
    if action not in workflow:
        raise WorkflowError(_("This action is not available for this report."))
    workflow.require_role(action, access, report.college_id)
    if report.version != expected_version:
        # The user acted on a page older than the report: say so, rather than judge a state they never saw.
        raise stale(ActivityReport, report.pk)
    workflow.require_role(action, access, report.college_id, status=report.status)
    if not workflow.can(action, report.status, access, report.college_id):
        raise WorkflowError(
            _("This report is “%(status)s”; that cannot be done in this state.")
            % {"status": report.get_status_display()}
        )
    if WORKFLOW.needs_comment(action) and not comment:
        raise WorkflowError(_("Please give a reason, so that the college knows what to correct."))
    if action == Action.SUBMIT:
        _require_evidence(report)
    rule = workflow[action]
    from_statuses, to_status = rule.sources, rule.target
    now = timezone.now()
    changes = {"status": to_status, "updated_at": now}
    if action == Action.SUBMIT:
        changes["submitted_at"] = now
    elif action == Action.WITHDRAW:
        changes["submitted_at"] = None  # a draft again: it leaves the review queue
    else:
        changes.update(reviewed_at=now, reviewed_by=user)
    if action in (Action.RETURN, Action.REOPEN):
        changes["return_reason"] = comment
    history = ReportEvent(
        report=report, actor=user, action=action, from_status=report.status, to_status=to_status, comment=comment
    )
    claim(
        ActivityReport.objects.filter(status__in=from_statuses),
        report.pk,
        expected_version,
        history=history,
        **changes,
    )
    # The status changed through update(), which sends no signal.
    tallies.refresh_report(report)
    figures_changed()
    _tell_the_college(report, action, comment)
    return ActivityReport.objects.get(pk=report.pk)


def create_report_with_evidence(
    report: ActivityReport, user, members, files: list[CheckedFile]
) -> tuple[ActivityReport, list[Evidence]]:
    """File a new draft and store the files chosen on its form, all in one: a refused file leaves no report."""
    with transaction.atomic():
        report = create_report(report, user, members)
        return report, add_evidence(report, user, files) if files else []


def update_report_with_evidence(
    report: ActivityReport, user, expected_version: int, members, files: list[CheckedFile]
) -> tuple[ActivityReport, list[Evidence]]:
    """Save the edited report and store the files chosen on its form, all in one: a refused file saves nothing."""
    with transaction.atomic():
        report = update_report(report, user, expected_version, members)
        return report, add_evidence(report, user, files) if files else []


def _require_evidence(report: ActivityReport) -> None:
    """A report goes to review only with the evidence its kind asks for; the message names every gap."""
    counts = dict(report.evidence.order_by().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    missing = rules.missing_evidence(
        report.kind.min_photos,
        report.kind.requires_document,
        counts.get(EvidenceKind.PHOTO, 0),
        counts.get(EvidenceKind.DOCUMENT, 0),
    )
    if missing:
        raise WorkflowError(_("The report cannot be submitted yet: %(missing)s") % {"missing": " ".join(missing)})


def _tell_the_college(report: ActivityReport, action: str, comment: str) -> None:
    """The college hears of every review of its reports, with the reason when one was returned."""
    facts = [
        (pgettext("field", "College"), report.college.name),
        (_("Report"), report.title),
        (_("Activity date"), chinese_date(report.starts_on)),
    ]
    if action == Action.APPROVE:
        notify_college(
            report.college,
            _("Your report “%(title)s” was approved") % {"title": nest_quotes(report.title)},
            "",
            report.get_absolute_url(),
            kind=NoticeKind.REPORTS,
            facts=facts,
        )
    elif action in (Action.RETURN, Action.REOPEN):
        title = _("Your report “%(title)s” was returned for correction") % {"title": nest_quotes(report.title)}
        notify_college(
            report.college,
            title,
            pgettext("return reason", "Reason: %(reason)s") % {"reason": comment},
            report.get_absolute_url(),
            kind=NoticeKind.REPORTS,
            facts=facts,
        )


def _lock_editable(report: ActivityReport, user, workflow: Workflow) -> ActivityReport:
    workflow.require_editor(access_for(user), report.college_id)
    locked = ActivityReport.objects.select_for_update().filter(pk=report.pk).first()
    if locked is None:
        raise WorkflowError(_("This report no longer exists."))
    workflow.require_editor(access_for(user), locked.college_id, status=locked.status)
    if not workflow.can_edit(locked.status, access_for(user), locked.college_id):
        raise WorkflowError(_("Evidence can only be changed while the report is a draft or has been returned."))
    return locked


def add_evidence(
    report: ActivityReport, user, files: list[CheckedFile], *, workflow: Workflow = WORKFLOW
) -> list[Evidence]:
    """Store checked files on the report, all or none (`workflow`: who may, as for `transition`)."""
    with writing_files() as writer:
        locked = _lock_editable(report, user, workflow)
        if locked.evidence.count() + len(files) > MAX_FILES_PER_REPORT:
            raise WorkflowError(
                _("A report holds at most %(max)d files; remove some before adding more.")
                % {"max": MAX_FILES_PER_REPORT}
            )
        stored = [writer.save(Evidence(report=locked, kind=checked.kind), checked, user) for checked in files]
        ActivityReport.objects.filter(pk=locked.pk).update(version=F("version") + 1, updated_at=timezone.now())
        ReportEvent.objects.create(
            report=locked,
            actor=user,
            action=Action.ADD_EVIDENCE,
            from_status=locked.status,
            to_status=locked.status,
            comment="、".join(e.original_name for e in stored),
        )
        return stored


@transaction.atomic
def delete_draft(report: ActivityReport, user, expected_version: int) -> None:
    """A draft disappears with its files; nobody has reviewed it, so no trace is owed.

    The delete claims the version it was asked on, like every other write: a report submitted (or given a file)
    a moment before is not deleted, and the secretary is told why."""
    WORKFLOW.require_editor(access_for(user), report.college_id)
    if not can_delete(report.status, access_for(user), report.college_id):
        raise WorkflowError(_("Only a draft can be deleted."))
    claim(ActivityReport.objects.filter(status=Status.DRAFT), report.pk, expected_version)
    delete_after_commit(list(report.evidence.all()))
    report.delete()


@transaction.atomic
def remove_evidence(evidence: Evidence, user, *, workflow: Workflow = WORKFLOW) -> None:
    locked = _lock_editable(evidence.report, user, workflow)
    name = evidence.original_name
    delete_after_commit([evidence])
    evidence.delete()
    ActivityReport.objects.filter(pk=locked.pk).update(version=F("version") + 1, updated_at=timezone.now())
    ReportEvent.objects.create(
        report=locked,
        actor=user,
        action=Action.REMOVE_EVIDENCE,
        from_status=locked.status,
        to_status=locked.status,
        comment=name,
    )


def approve_many(user, versions: dict[int, int]) -> tuple[list[ActivityReport], list[ActivityReport]]:
    """Approve each report at the version the reviewer was shown: (approved, already done by someone else).

    Each report claims its own version in its own savepoint, so that of two reviewers approving overlapping
    selections each report is approved once, and the one who came second is told which were already done."""
    reports = ActivityReport.objects.select_related("college").in_bulk(list(versions))
    approved, already_done = [], []
    for pk, version in versions.items():
        report = reports.get(pk)
        if report is None:
            continue
        try:
            with transaction.atomic():
                approved.append(transition(report, user, Action.APPROVE, "", version))
        except Refused:
            already_done.append(report)
    return approved, already_done
