"""Every write of a survey's design: the survey itself, its sections and questions (added, changed, removed, moved),
opening and closing it, and its invitation codes. Each claims the survey's version (core.versions.claim), so that of
two designers at once one wins and the other is told; each asks, in order, the person's role, the version, and then
the survey's state (questions change only while it is a draft without answers)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from colleges.access import access_for
from core.cache import figures_changed
from core.errors import Refused, RoleRefused
from core.versions import claim

from .. import access, invitations, rules
from ..models import Invitation, Question, Response, Section, Survey

UP, DOWN = "up", "down"


class SurveyError(Refused):
    """A survey's action was refused; the message says why."""


class SurveyRoleRefused(RoleRefused, SurveyError):
    pass


def today():
    """The school's day (Asia/Shanghai, the project's time zone)."""
    return timezone.localdate()


def accepting(survey: Survey) -> bool:
    """Whether the survey takes answers today (rules.accepting_answers on the school's day)."""
    return rules.accepting_answers(survey, today())


def require_designer(user, college_id: int | None) -> None:
    SurveyRoleRefused.unless(access.designs(access_for(user), college_id), access.designs)


def require_named_allowed(user) -> None:
    if not access.makes_named(access_for(user)):
        raise SurveyRoleRefused(_("Only committee staff may make a survey named; the survey was not saved."))


def has_answers(survey: Survey) -> bool:
    return Response.objects.filter(survey=survey).exists()


def questions_problem(survey: Survey) -> str | None:
    """Why the survey's sections and questions may not change now, or None."""
    if survey.status != Survey.Status.DRAFT:
        return _("Questions can change only while the survey is a draft; return it to draft first.")
    if has_answers(survey):
        return _("The survey has answers; its questions can no longer change.")
    return None


def _check_period(survey: Survey) -> None:
    if problem := rules.period_problem(survey.opens_on, survey.closes_on):
        raise SurveyError(problem)


def _asked(survey: Survey, colleges) -> list:
    """The colleges a survey asks: a college's survey asks its own college only."""
    if survey.college_id is not None:
        return [survey.college_id]
    return list(colleges)


# The survey.


@transaction.atomic
def create_survey(survey: Survey, user, colleges) -> Survey:
    """A new draft survey of the school (`survey.college` empty) or of a college."""
    require_designer(user, survey.college_id)
    if survey.named:
        require_named_allowed(user)
    _check_period(survey)
    survey.status = Survey.Status.DRAFT
    survey.created_by = user
    survey.save()
    survey.colleges.set(_asked(survey, colleges))
    return survey


@transaction.atomic
def update_survey(survey: Survey, user, colleges, expected_version: int) -> Survey:
    """Save the survey's settings (`survey` holds the edited values; its college is never changed here)."""
    current = Survey.objects.get(pk=survey.pk)
    require_designer(user, current.college_id)
    if survey.named != current.named:
        require_named_allowed(user)
    claim(
        Survey,
        survey.pk,
        expected_version,
        title=survey.title,
        intro=survey.intro,
        year=survey.year,
        named=survey.named,
        uses_tokens=survey.uses_tokens,
        groups=survey.groups,
        opens_on=survey.opens_on,
        closes_on=survey.closes_on,
    )
    changes_promise = survey.named != current.named or survey.uses_tokens != current.uses_tokens
    if changes_promise and has_answers(current):
        raise SurveyError(
            _("The survey has answers: whether it is named or answered by invitation can no longer change.")
        )
    _check_period(survey)
    survey.colleges.set(_asked(current, colleges))
    figures_changed()
    return Survey.objects.get(pk=survey.pk)


def _claim_for_questions(survey: Survey, user, expected_version: int) -> None:
    """The role, the survey's version, then its state: the order every question write asks in."""
    require_designer(user, survey.college_id)
    claim(Survey, survey.pk, expected_version)
    if problem := questions_problem(Survey.objects.get(pk=survey.pk)):
        raise SurveyError(problem)


# Sections.


@transaction.atomic
def save_section(section: Section, user, expected_version: int) -> Section:
    _claim_for_questions(section.survey, user, expected_version)
    if section.pk is None:
        last = Section.objects.filter(survey=section.survey).aggregate(last=Max("order"))["last"]
        section.order = 0 if last is None else last + 1
    section.save()
    return section


@transaction.atomic
def delete_section(section: Section, user, expected_version: int) -> None:
    _claim_for_questions(section.survey, user, expected_version)
    if Question.objects.filter(section=section).exists():
        raise SurveyError(_("The section still has questions: move them to another section or delete them first."))
    section.delete()


@transaction.atomic
def move_section(section: Section, user, direction: str, expected_version: int) -> None:
    _claim_for_questions(section.survey, user, expected_version)
    _swap(list(Section.objects.filter(survey_id=section.survey_id)), section, direction)


# Questions.


def check_question(question: Question) -> None:
    if problem := rules.question_problem(question.kind, question.choices, question.scale_max):
        raise SurveyError(problem)
    if question.section_id is not None and question.section.survey_id != question.survey_id:
        raise SurveyError(_("Choose a section of this survey."))


@transaction.atomic
def save_question(question: Question, user, expected_version: int) -> Question:
    """A new or changed question; choices are kept one a line, trimmed, for the choice kinds only."""
    _claim_for_questions(question.survey, user, expected_version)
    check_question(question)
    if question.kind in Question.CHOICE_KINDS:
        question.choices = "\n".join(rules.split_lines(question.choices))
    else:
        question.choices = ""
    if question.kind != Question.Kind.SCALE:
        question.scale_low = question.scale_high = ""
    moved = (
        question.pk is not None
        and Question.objects.filter(pk=question.pk).values_list("section_id", flat=True).first() != question.section_id
    )
    if question.pk is None or moved:
        last = Question.objects.filter(survey_id=question.survey_id, section_id=question.section_id).aggregate(
            last=Max("order")
        )["last"]
        question.order = 0 if last is None else last + 1
    question.save()
    return question


@transaction.atomic
def delete_question(question: Question, user, expected_version: int) -> None:
    _claim_for_questions(question.survey, user, expected_version)
    question.delete()


@transaction.atomic
def move_question(question: Question, user, direction: str, expected_version: int) -> None:
    """Up or down among the questions of its section (or of no section)."""
    _claim_for_questions(question.survey, user, expected_version)
    siblings = list(Question.objects.filter(survey_id=question.survey_id, section_id=question.section_id))
    _swap(siblings, question, direction)


def _swap(rows: list, row, direction: str) -> None:
    """Number `rows` (in their order) from 0 and swap `row` with its neighbour; at an end nothing moves."""
    if direction not in {UP, DOWN}:
        raise SurveyError(_("Choose up or down."))
    index = next(i for i, each in enumerate(rows) if each.pk == row.pk)
    other = index - 1 if direction == UP else index + 1
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    for order, each in enumerate(rows):
        each.order = order
    type(row).objects.bulk_update(rows, ["order"])


# Opening and closing.


@transaction.atomic
def open_survey(survey: Survey, user, expected_version: int) -> Survey:
    """Open a draft for its period, or reopen a closed survey until its closing day."""
    require_designer(user, survey.college_id)
    claim(Survey, survey.pk, expected_version)
    current = Survey.objects.get(pk=survey.pk)
    if current.status == Survey.Status.OPEN:
        raise SurveyError(_("The survey is already open."))
    problem = rules.opening_problem(
        current, today(), Question.objects.filter(survey=current).count(), current.colleges.count()
    )
    if problem:
        raise SurveyError(problem)
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.OPEN)
    figures_changed()
    return current


@transaction.atomic
def close_survey(survey: Survey, user, expected_version: int) -> Survey:
    """Close an open survey before its closing day (it can be reopened until then)."""
    require_designer(user, survey.college_id)
    claim(Survey, survey.pk, expected_version)
    if Survey.objects.get(pk=survey.pk).status != Survey.Status.OPEN:
        raise SurveyError(_("Only an open survey can be closed."))
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    figures_changed()
    return survey


@transaction.atomic
def return_to_draft(survey: Survey, user, expected_version: int) -> Survey:
    """Back to a draft, to change its questions: only while nobody has answered."""
    require_designer(user, survey.college_id)
    claim(Survey, survey.pk, expected_version)
    if Survey.objects.get(pk=survey.pk).status == Survey.Status.DRAFT:
        raise SurveyError(_("The survey is already a draft."))
    if has_answers(survey):
        raise SurveyError(_("The survey has answers; it can no longer return to draft."))
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.DRAFT)
    figures_changed()
    return survey


# Invitation codes.


@transaction.atomic
def make_invitations(survey: Survey, user, count: int, expected_version: int) -> list[str]:
    """`count` new codes of a survey answered by invitation only, returned once: only their hashes are kept. The
    limit is counted under the survey's claim."""
    require_designer(user, survey.college_id)
    claim(Survey, survey.pk, expected_version)
    if not Survey.objects.get(pk=survey.pk).uses_tokens:
        raise SurveyError(_("This survey is answered without invitation codes; make it answered by invitation first."))
    if not 1 <= count <= invitations.BATCH_MAX:
        raise SurveyError(_("Make from 1 to %(max)d codes at once.") % {"max": invitations.BATCH_MAX})
    if Invitation.objects.filter(survey=survey).count() + count > invitations.SURVEY_MAX:
        raise SurveyError(_("A survey has at most %(max)d invitation codes.") % {"max": invitations.SURVEY_MAX})
    codes: dict[str, str] = {}
    while len(codes) < count:
        code = invitations.new_code()
        codes.setdefault(invitations.code_hash(code), code)
    taken = set(Invitation.objects.filter(code_hash__in=list(codes)).values_list("code_hash", flat=True))
    fresh = {digest: code for digest, code in codes.items() if digest not in taken}
    Invitation.objects.bulk_create([Invitation(survey=survey, code_hash=digest) for digest in fresh], batch_size=500)
    return list(fresh.values())


def unused_codes_of(survey: Survey, user, codes: list[str]) -> list[str]:
    """The posted codes back, for their sheet, only if each is an unused invitation of the survey: the sheet can
    print no other text."""
    require_designer(user, survey.college_id)
    if not codes or len(codes) > invitations.BATCH_MAX:
        raise SurveyError(_("The codes were not found; make new ones."))
    hashes = {invitations.code_hash(code) for code in codes}
    found = Invitation.objects.filter(survey=survey, used_on=None, code_hash__in=list(hashes)).count()
    if found != len(hashes):
        raise SurveyError(_("The codes were not found; make new ones."))
    return codes


def invitation_counts(survey: Survey) -> dict[str, int]:
    rows = Invitation.objects.filter(survey=survey)
    total = rows.count()
    used = rows.exclude(used_on=None).count()
    return {"total": total, "used": used, "unused": total - used}
