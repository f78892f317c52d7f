"""Every write of the care board and the mentoring programmes.

Each state change claims the row's version in the UPDATE that writes it (so of two people acting on the same
version exactly one wins and the other is told, in their language, what happened) and leaves a CareEvent. The
same predicates as the pages decide (care.access), so a command or a test is as strict as a page.
"""

from __future__ import annotations

import calendar
import datetime
from collections import Counter
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from activities import services as activity_services
from activities.models import ActivityKind, ActivityReport
from colleges.access import access_for
from colleges.models import College, CommitteeMember, Role
from core.cache import figures_changed
from notifications.services import notify, users_with_role

from . import rules, workflow
from .access import care_authors, keeps_offer, reads_notes
from .models import (
    DEFAULT_RETENTION_YEARS,
    CareAction,
    CareEvent,
    CareSession,
    CareYear,
    MaterialHelp,
    MentorMeeting,
    Mentorship,
    MonthlyCareReport,
    Need,
    NeedCategory,
    NeedStatus,
    Offer,
    Pair,
    Programme,
    SensitiveRead,
)


class CareError(Exception):
    """The action was refused; the message says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _require(allowed: bool) -> None:
    if not allowed:
        raise CareError(_("Your role may not change this."))


def ensure_default_categories() -> None:
    """The default categories (a migration creates them; tests that empty the tables put them back)."""
    import importlib

    defaults = importlib.import_module("care.migrations.0002_default_categories").DEFAULT_CATEGORIES
    for order, (code, name, sensitive, for_teachers) in enumerate(defaults, start=1):
        NeedCategory.objects.get_or_create(
            code=code, defaults={"name": name, "sensitive": sensitive, "for_teachers": for_teachers, "order": order}
        )


def settings_of(year: int) -> CareYear:
    """The year's care settings, or the defaults (unsaved) when staff have set none."""
    return CareYear.objects.filter(year=year).first() or CareYear(year=year)


def _event(actor, action, *, need=None, pair=None, mentorship=None, comment="") -> None:
    CareEvent.objects.create(
        actor=actor, action=action, need=need, pair=pair, mentorship=mentorship, comment=comment[:300]
    )


def _check_text(**texts: str) -> None:
    for text in texts.values():
        problem = rules.identifying_problem(text)
        if problem:
            raise CareError(problem)


def _stale(model, pk: int, noun: str) -> CareError:
    row = model.objects.filter(pk=pk).first()
    if row is None:
        return CareError(_("This %(noun)s no longer exists.") % {"noun": noun})
    status = row.get_status_display() if hasattr(row, "get_status_display") else ""
    return CareError(
        _(
            "Someone else changed this %(noun)s a moment ago (it is now “%(status)s”). Your action was not applied; "
            "the page shows it as it is now."
        )
        % {"noun": noun, "status": status}
    )


# ---- needs ---------------------------------------------------------------------------------------------------


@transaction.atomic
def post_need(need: Need, user) -> Need:
    """Post a new need (`need` unsaved, its college and content set)."""
    _require(care_authors(access_for(user), need.college_id))
    _check_text(code=need.person_code, description=need.description, times=need.preferred_times, notes=need.notes)
    now = timezone.now()
    need.created_by, need.created_at = user, now
    need.year = timezone.localdate(now).year
    need.save()
    _event(user, CareAction.POST, need=need)
    return need


@transaction.atomic
def update_need(need: Need, user, expected_version: int) -> Need:
    """Save an edited need (its new content set on `need`, not yet saved) while it is not closed."""
    _require(care_authors(access_for(user), need.college_id))
    _check_text(code=need.person_code, description=need.description, times=need.preferred_times, notes=need.notes)
    fields = ["category", "scope", "person_code", "group_size", "description", "urgency", "campus"]
    fields += ["preferred_times", "notes"]
    claimed = (
        Need.objects.filter(pk=need.pk, version=expected_version)
        .exclude(status=NeedStatus.CLOSED)
        .update(version=F("version") + 1, **{f: getattr(need, f) for f in fields})
    )
    if not claimed:
        raise _stale(Need, need.pk, _("need"))
    _event(user, CareAction.EDIT, need=need)
    figures_changed()
    return Need.objects.select_related("college", "category").get(pk=need.pk)


def read_notes(need: Need, user, what: str = "need notes") -> str:
    """The need's confidential notes, for a reader allowed to see them; a sensitive need's read is logged."""
    _require(reads_notes(access_for(user), need.college_id))
    if need.is_sensitive:
        SensitiveRead.objects.create(need=need, college_id=need.college_id, user=user, what=what)
    return need.notes


# ---- matching ----------------------------------------------------------------------------------------------


def offers_with_load():
    """Offers with their current load: live care pairs and this year's mentoring pairs."""
    year = timezone.localdate().year
    return Offer.objects.select_related("member", "college").annotate(
        pair_load=Count("pairs", filter=Q(pairs__status__in=workflow.LIVE_PAIR_STATUSES), distinct=True),
        mentoring_load=Count("mentorships", filter=Q(mentorships__programme__year=year), distinct=True),
    )


def suggestions(need: Need, limit: int = 10) -> list[rules.Suggestion]:
    offers = offers_with_load().filter(active=True, areas=need.category_id).prefetch_related("areas")
    facts = [
        rules.OfferFacts(
            pk=o.pk,
            name=o.name,
            area_ids=frozenset(a.pk for a in o.areas.all()),
            campus=o.campus,
            college_id=o.college_id,
            capacity=o.capacity,
            load=o.pair_load + o.mentoring_load,
        )
        for o in offers
    ]
    return rules.rank(rules.NeedFacts(need.category_id, need.campus, need.college_id), facts, limit)


@transaction.atomic
def propose(need: Need, offer: Offer, user, expected_version: int) -> Pair:
    """Propose a pair for an open need with the elder chosen (from the suggestions, or any active offer)."""
    access = access_for(user)
    _require(care_authors(access, need.college_id))
    if not offer.active:
        raise CareError(_("This elder is not offering help at the moment."))
    claimed = Need.objects.filter(pk=need.pk, version=expected_version, status=NeedStatus.OPEN).update(
        version=F("version") + 1
    )
    if not claimed:
        raise _stale(Need, need.pk, _("need"))
    ranked = {s.offer_id: s for s in suggestions(need, limit=1000)}
    reason = ranked[offer.pk].reason_text if offer.pk in ranked else _("chosen by hand")
    try:
        with transaction.atomic():
            pair = Pair.objects.create(
                need=need, offer=offer, reason=reason, proposed_by=user, proposed_at=timezone.now()
            )
    except IntegrityError:
        raise CareError(_("This need already has a proposed or active pair.")) from None
    _event(user, CareAction.PROPOSE, need=need, pair=pair, comment=offer.name)
    return pair


@transaction.atomic
def transition_pair(pair: Pair, user, action: str, expected_version: int, *, outcome: str = "", feedback: str = ""):
    """Confirm, cancel or close a pair, moving its need with it; a close needs an outcome."""
    access = access_for(user)
    pair = Pair.objects.select_related("need__college", "need__category", "offer__college", "offer__member").get(
        pk=pair.pk
    )
    need = pair.need
    if not workflow.may_ever(action, access, need.college_id):
        raise CareError(_("Your role may not change this."))
    if pair.version != expected_version or pair.status not in workflow.TRANSITIONS[action].sources:
        raise _stale(Pair, pair.pk, _("pair"))
    if action == workflow.CLOSE:
        if not outcome:
            raise CareError(_("Please give the outcome of the pair."))
        _check_text(feedback=feedback)
    now = timezone.now()
    changes = {"status": workflow.TRANSITIONS[action].target, "version": F("version") + 1}
    if action == workflow.CONFIRM:
        changes["confirmed_at"] = now
    elif action == workflow.CLOSE:
        changes.update(closed_at=now, outcome=outcome)
    claimed = Pair.objects.filter(
        pk=pair.pk, version=expected_version, status__in=workflow.TRANSITIONS[action].sources
    ).update(**changes)
    if not claimed:
        raise _stale(Pair, pair.pk, _("pair"))
    need_changes = {"status": workflow.NEED_AFTER[action], "version": F("version") + 1}
    if action == workflow.CONFIRM:
        need_changes["matched_at"] = now
    elif action == workflow.CANCEL:
        need_changes["matched_at"] = None
    elif action == workflow.CLOSE:
        need_changes.update(closed_at=now, feedback=feedback.strip())
    Need.objects.filter(pk=need.pk).update(**need_changes)
    label = {
        workflow.CONFIRM: CareAction.CONFIRM,
        workflow.CANCEL: CareAction.CANCEL,
        workflow.CLOSE: CareAction.CLOSE,
    }
    _event(user, label[action], need=need, pair=pair, comment=pair.offer.name)
    figures_changed()  # written through update(), which sends no signal
    if action == workflow.CONFIRM:
        _tell_of_confirmed_pair(pair)
    return Pair.objects.select_related("need__college", "need__category", "offer").get(pk=pair.pk)


def _tell_of_confirmed_pair(pair: Pair) -> None:
    """The elder's college contact (committee staff for a comrade from outside) and the elder, if they have an
    account, hear of a confirmed pair — by the need's code, never its notes."""
    offer, need = pair.offer, pair.need
    contacts = (
        users_with_role(Role.STAFF) if offer.college_id is None else users_with_role(Role.SECRETARY, offer.college)
    )
    title = _("A care pair was confirmed: %(elder)s and %(need)s (%(college)s)") % {
        "elder": offer.name,
        "need": need.label,
        "college": need.college.short_name,
    }
    notify(contacts, title, "", pair.get_absolute_url())
    if offer.user_id:
        from django.urls import reverse

        notify([offer.user], title, _("See your pairs in the portal."), reverse("care:mine"))


@transaction.atomic
def log_session(session: CareSession, user) -> CareSession:
    pair = session.pair
    if not workflow.can_log_session(pair.status, access_for(user), pair.need.college_id):
        raise CareError(_("Sessions are logged for an active pair, by its college or committee staff."))
    _check_text(note=session.note, follow_up=session.follow_up)
    session.created_by = user
    session.save()
    Pair.objects.filter(pk=pair.pk).update(version=F("version") + 1)
    _event(user, CareAction.SESSION, need=pair.need, pair=pair, comment=session.get_kind_display())
    return session


@transaction.atomic
def record_material_help(help_: MaterialHelp, user) -> MaterialHelp:
    _require(care_authors(access_for(user), help_.college_id))
    _check_text(what=help_.what)
    help_.created_by = user
    help_.save()
    return help_


# ---- offers ------------------------------------------------------------------------------------------------


@transaction.atomic
def save_offer(offer: Offer, user, areas, expected_version: int | None = None) -> Offer:
    """Create (no pk) or update an offer; a member's offer belongs to the member's college."""
    if offer.member_id:
        offer.college_id = CommitteeMember.objects.values_list("college_id", flat=True).get(pk=offer.member_id)
        offer.outside_name = ""
        offer.outside_affiliation = ""
    _require(keeps_offer(access_for(user), offer.college_id))
    if offer.pk is None:
        try:
            with transaction.atomic():
                offer.save()
        except IntegrityError:
            raise CareError(_("This member already has an offer; edit it instead.")) from None
    else:
        fields = ["member", "college", "outside_name", "outside_affiliation", "campus", "availability"]
        fields += ["capacity", "active", "user"]
        try:
            with transaction.atomic():
                claimed = Offer.objects.filter(pk=offer.pk, version=expected_version).update(
                    version=F("version") + 1, **{f: getattr(offer, f) for f in fields}
                )
        except IntegrityError:
            raise CareError(_("This member or account already has an offer.")) from None
        if not claimed:
            raise _stale(Offer, offer.pk, _("offer"))
    offer.areas.set(areas)
    return Offer.objects.get(pk=offer.pk)


# ---- the month's activity report and the indicator ----------------------------------------------------------


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


def month_figures(college: College, year: int, month: int) -> dict:
    """Counts of a college's care work in a month (never a note or a code): what a report may say."""
    first, last = month_bounds(year, month)
    sessions = CareSession.objects.filter(pair__need__college=college, held_on__range=(first, last))
    kinds = Counter(sessions.values_list("kind", flat=True))
    material = MaterialHelp.objects.filter(college=college, given_on__range=(first, last)).aggregate(
        rows=Count("pk"), people=Sum("people"), value=Sum("value")
    )
    meetings = MentorMeeting.objects.filter(mentorship__programme__college=college, held_on__range=(first, last))
    teacher_people = sessions.filter(pair__need__category__for_teachers=True).values("pair__need").distinct().count()
    needs_helped = sessions.values("pair__need").distinct().count()
    return {
        "sessions": sum(kinds.values()),
        "talks": kinds.get("talk", 0),
        "minutes": sessions.aggregate(m=Sum("minutes"))["m"] or 0,
        "needs": needs_helped,
        "teacher_needs": teacher_people,
        "elders": sessions.values("pair__offer").distinct().count(),
        "member_ids": list(
            sessions.exclude(pair__offer__member=None).values_list("pair__offer__member", flat=True).distinct()
        ),
        "material_rows": material["rows"],
        "material_people": material["people"] or 0,
        "material_value": material["value"] or Decimal(0),
        "meetings": meetings.count(),
    }


@transaction.atomic
def file_month_report(college: College, year: int, month: int, user) -> MonthlyCareReport:
    """Turn a month's care work into a draft activity report of the care kind, in one step. Counts only."""
    _require(care_authors(access_for(user), college.pk))
    if MonthlyCareReport.objects.filter(college=college, year=year, month=month).exists():
        raise CareError(_("This month's care work has already been filed as a report."))
    if datetime.date(year, month, 1) > timezone.localdate():
        raise CareError(_("A month can be filed once it has begun."))
    figures = month_figures(college, year, month)
    if not (figures["sessions"] or figures["material_rows"] or figures["meetings"]):
        raise CareError(_("No care work was recorded in this month, so there is nothing to report."))
    kind = ActivityKind.objects.filter(code=settings_of(year).activity_kind_code).first()
    if kind is None:
        raise CareError(_("The activity kind for care reports is missing; ask committee staff."))
    first, last = month_bounds(year, month)
    summary = _(
        "In %(year)d-%(month)02d the college's elders held %(sessions)d care sessions (%(talks)d heart-to-heart "
        "talks, %(minutes)d minutes in all) with %(needs)d students or young teachers, %(elders)d elders taking "
        "part; the 阳光屋 gave material help %(material_rows)d times to %(material_people)d people, worth "
        "%(material_value)s yuan; mentoring pairs met %(meetings)d times."
    ) % {"year": year, "month": month, **figures}
    report = ActivityReport(
        college=college,
        kind=kind,
        title=_("Care work of %(year)d-%(month)02d") % {"year": year, "month": month},
        starts_on=first,
        ends_on=last,
        place=_("Talk room and care supermarket"),
        organiser=college.name,
        student_count=max(figures["needs"] - figures["teacher_needs"], 0) + figures["material_people"],
        teacher_count=figures["teacher_needs"],
        summary=summary,
    )
    members = CommitteeMember.objects.filter(pk__in=figures["member_ids"], college=college)
    report = activity_services.create_report(report, user, members)
    return MonthlyCareReport.objects.create(college=college, year=year, month=month, report=report)


def link_as_evidence(monthly: MonthlyCareReport, user) -> None:
    """Link an approved month's report to the care indicator (关爱帮扶活动实效) of the college's self-assessment."""
    from scoring.assessments import link_reports
    from scoring.models import Assessment, IndicatorScore
    from scoring.workflow import ScoringError

    _require(care_authors(access_for(user), monthly.college_id))
    report = monthly.report
    if report.status != "approved":
        raise CareError(_("Only an approved report can be linked as evidence; submit it for review first."))
    assessment = Assessment.objects.filter(college_id=monthly.college_id, scheme__year=report.year).first()
    if assessment is None:
        raise CareError(_("There is no self-assessment for this year yet."))
    code = settings_of(report.year).indicator_code
    score = IndicatorScore.objects.filter(assessment=assessment, indicator__code=code).first()
    if score is None:
        raise CareError(_("The year's scheme has no indicator %(code)s.") % {"code": code})
    current = list(score.reports.values_list("pk", flat=True))
    if report.pk in current:
        raise CareError(_("This report is already linked as evidence."))
    try:
        link_reports(assessment, user, {score.pk: [*current, report.pk]})
    except ScoringError as error:
        raise CareError(str(error)) from None


# ---- programmes ---------------------------------------------------------------------------------------------


@transaction.atomic
def save_programme(programme: Programme, user, expected_version: int | None = None) -> Programme:
    _require(care_authors(access_for(user), programme.college_id))
    if programme.pk is None:
        programme.save()
        return programme
    claimed = Programme.objects.filter(pk=programme.pk, version=expected_version).update(
        version=F("version") + 1,
        kind=programme.kind,
        year=programme.year,
        title=programme.title,
        summary=programme.summary,
    )
    if not claimed:
        raise _stale(Programme, programme.pk, _("programme"))
    return Programme.objects.get(pk=programme.pk)


@transaction.atomic
def add_mentorship(mentorship: Mentorship, user) -> Mentorship:
    _require(care_authors(access_for(user), mentorship.programme.college_id))
    mentorship.created_by = user
    mentorship.save()
    _event(user, CareAction.POST, mentorship=mentorship, comment=mentorship.offer.name)
    return mentorship


@transaction.atomic
def log_meeting(meeting: MentorMeeting, user) -> MentorMeeting:
    mentorship = meeting.mentorship
    _require(care_authors(access_for(user), mentorship.programme.college_id))
    if mentorship.evaluated_at:
        raise CareError(_("This pair has been evaluated for the year; no more meetings are logged."))
    meeting.created_by = user
    meeting.save()
    Mentorship.objects.filter(pk=mentorship.pk).update(version=F("version") + 1)
    _event(user, CareAction.SESSION, mentorship=mentorship, comment=meeting.topic)
    return meeting


@transaction.atomic
def evaluate(mentorship: Mentorship, user, grade: str, evaluation: str, expected_version: int) -> Mentorship:
    """The year-end evaluation of a mentoring pair, once."""
    _require(care_authors(access_for(user), mentorship.programme.college_id))
    claimed = Mentorship.objects.filter(pk=mentorship.pk, version=expected_version, evaluated_at=None).update(
        version=F("version") + 1, grade=grade, evaluation=evaluation, evaluated_at=timezone.now()
    )
    if not claimed:
        raise CareError(_("Someone else evaluated this pair a moment ago, or changed it; nothing was saved."))
    _event(user, CareAction.EVALUATE, mentorship=mentorship, comment=grade)
    figures_changed()
    return Mentorship.objects.get(pk=mentorship.pk)


# ---- retention ----------------------------------------------------------------------------------------------


def _years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def purge_expired_notes(now: datetime.datetime | None = None) -> int:
    """Blank the notes of needs closed longer ago than their year's retention period (and their sessions' notes
    and follow-ups), keeping every row, so that the counts stay. Returns how many needs were purged."""
    now = now or timezone.now()
    retention = dict(CareYear.objects.values_list("year", "retention_years"))
    candidates = Need.objects.filter(status=NeedStatus.CLOSED, notes_purged_at=None).values_list(
        "pk", "year", "closed_at"
    )
    due = [
        pk
        for pk, year, closed_at in candidates
        if closed_at and closed_at <= _years_before(now, retention.get(year, DEFAULT_RETENTION_YEARS))
    ]
    purged = 0
    for start in range(0, len(due), 500):
        chunk = due[start : start + 500]
        with transaction.atomic():
            purged += Need.objects.filter(pk__in=chunk, notes_purged_at=None).update(
                notes="", notes_purged_at=now, version=F("version") + 1
            )
            CareSession.objects.filter(pair__need__in=chunk).update(note="", follow_up="")
            CareEvent.objects.bulk_create([CareEvent(need_id=pk, action=CareAction.PURGE, actor=None) for pk in chunk])
    return purged
