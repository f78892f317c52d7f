"""A member school's application: opening them, the contact's edits, the workflow's steps and the evidence
files. Each step claims the application's version and leaves an ApplicationEvent."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from colleges.access import access_for
from core.files import delete_after_commit, writing_files
from core.uploads import CheckedFile
from core.versions import claim, stale
from notifications.services import notify

from .. import access, rules
from ..models import (
    Action,
    Application,
    ApplicationEvent,
    ApplicationFile,
    ApplicationScore,
    ApplicationScoreChange,
    Region,
    SchoolIndicator,
    ScoreField,
    Status,
)
from ..workflow import WORKFLOW
from .assignment import enter_open_round
from .common import ASSESSMENT, MAX_FILES, RegionError, check_scores, require

# ── applications ────────────────────────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def open_applications(region: Region, user) -> int:
    """A draft application, with an empty score sheet, for every member school that has none yet."""
    require(access.leads(access_for(user)), access.leads)
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
    WORKFLOW.require_editor(user, application)
    if not WORKFLOW.can_edit(application.status, user, application):
        raise RegionError(_("This application can no longer be edited in its current state."))
    report = rules.normalise_text(report)
    if rules.report_too_long(report):
        raise RegionError(
            _("The written report has %(count)d characters; at most %(max)d are allowed.")
            % {"count": rules.char_count(report), "max": rules.REPORT_MAX_CHARS}
        )
    values = check_scores(application, scores)
    claim(
        Application.objects.filter(status__in=WORKFLOW.editable_statuses),
        application.pk,
        expected_version,
        report=report,
        party_agreed_on=party_agreed_on,
        updated_at=timezone.now(),
    )
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
    if action not in WORKFLOW:
        raise RegionError(_("This action is not available for this application."))
    WORKFLOW.require_role(action, user, application)
    if application.version != expected_version:
        raise stale(Application, application.pk)
    if not WORKFLOW.can(action, application.status, user, application):
        raise RegionError(_("This action is not available for this application."))
    rule = WORKFLOW[action]
    if rule.needs_comment and not comment:
        raise RegionError(_("Please give a reason, so that the school knows what to complete."))
    if action == Action.SUBMIT:
        gaps = submission_gaps(application)
        if gaps:
            raise RegionError(_("The application cannot be submitted yet: %(gaps)s.") % {"gaps": "；".join(gaps)})
    if action == Action.PUBLISH and application.collective_total is None:
        raise RegionError(_("Record the collective score and opinion before publishing."))
    now = timezone.now()
    changes = {"status": rule.target, "updated_at": now}
    if action == Action.SUBMIT:
        changes["submitted_at"] = now
    if action == Action.RETURN:
        changes["return_reason"] = comment
    if action == Action.PUBLISH:
        changes["published_at"] = now
    logged = Action.RESUBMIT if action == Action.SUBMIT and application.status == Status.RETURNED else action
    history = ApplicationEvent(
        application=application,
        actor=user,
        action=logged,
        from_status=application.status,
        to_status=rule.target,
        comment=comment,
    )
    claim(
        Application.objects.filter(status__in=rule.sources),
        application.pk,
        expected_version,
        history=history,
        **changes,
    )
    _tell_the_school(application, action, comment)
    if action == Action.SUBMIT:
        enter_open_round(application, user)
    return Application.objects.select_related("region", "institution").get(pk=application.pk)


def _tell_the_school(application: Application, action: str, comment: str) -> None:
    contacts = access.contacts_of(application.institution_id)
    link = application.get_absolute_url()
    facts = [
        (pgettext("field", "School"), application.institution.name),
        (pgettext("field", "Region"), str(application.region)),
    ]
    if action == Action.RETURN:
        returned = _("Your region application was returned for completion")
        notify(contacts, returned, comment, link, kind=ASSESSMENT, facts=facts)
    elif action == Action.PUBLISH:
        published = _("The review result of your region application is published")
        notify(contacts, published, "", link, kind=ASSESSMENT, facts=facts)
    elif action == Action.SUBMIT:
        notify(
            access.lead_people(application.region),
            _("%(school)s submitted its region application") % {"school": application.institution.short_name},
            "",
            link,
            email=False,
        )


def _lock_editable(application: Application, user) -> Application:
    WORKFLOW.require_editor(user, application)
    locked = Application.objects.select_for_update().filter(pk=application.pk).first()
    if locked is None:
        raise RegionError(_("This application no longer exists."))
    if not WORKFLOW.can_edit(locked.status, user, locked):
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
