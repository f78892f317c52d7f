"""The 调研报告 (survey report): its first draft from the results, its outline, and its PDF.

The report is one plain text the designer edits in one field (Survey.report), written as core.outline reads it: the
first line is the title and a line such as "一、调研概况" a heading. The draft says what the results say and no more:
the survey (period, colleges, groups, answers and, where invitations give the base, the answer rate), each choice
question's leading choice and its share, each scale's mean, how many answers were written in the respondents' words
— with a few short ones quoted only in committee staff's draft — and the next steps. Small groups stay suppressed:
a survey with fewer than SMALL_GROUP answers reports no figure of any question."""

from __future__ import annotations

from django.db.models.functions import Length
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.outline import compose, outline
from core.pdf import render_pdf
from core.text import chinese_date

from .models import SMALL_GROUP, Answer, Invitation, Question, Survey
from .results import responses_of, tally

QUOTES_PER_QUESTION = 5  # short answers quoted in staff's draft, per text question
QUOTE_MAX = 60  # characters: a longer answer is not quoted
MAX_LENGTH = Survey._meta.get_field("report").max_length


def _period(survey: Survey) -> str:
    if survey.opens_on and survey.closes_on:
        return _("from %(start)s to %(end)s") % {
            "start": chinese_date(survey.opens_on),
            "end": chinese_date(survey.closes_on),
        }
    if survey.opens_on:
        return _("from %(start)s") % {"start": chinese_date(survey.opens_on)}
    return _("in %(year)s") % {"year": survey.year}


def _overview(survey: Survey, responses: int) -> list[str]:
    colleges = [college.name for college in survey.colleges.all()]
    if survey.college_id is not None:
        organiser = survey.college.name
        colleges = colleges or [survey.college.name]
    else:
        organiser = _("the committee")
    line = _("The survey “%(title)s” was organised by %(organiser)s %(period)s, asking %(colleges)s.") % {
        "title": survey.title,
        "organiser": organiser,
        "period": _period(survey),
        "colleges": "、".join(colleges) if colleges else _("every student who had the link"),
    }
    groups = survey.group_list()
    if groups:
        line += _("Groups asked: %(groups)s.") % {"groups": "、".join(groups)}
    answered = _("%(n)d answers were received.") % {"n": responses}
    invited = Invitation.objects.filter(survey=survey).count() if survey.uses_tokens else 0
    if invited:
        answered += _("%(invited)d invitations were sent: an answer rate of %(rate)d%%.") % {
            "invited": invited,
            "rate": round(responses * 100 / invited),
        }
    return [line, answered]


def _findings(results) -> list[str]:
    if results.suppressed or results.responses < SMALL_GROUP:
        return [
            _(
                "Fewer than %(n)d answers were received: no question's figures are reported, "
                "so that no one is identified."
            )
            % {"n": SMALL_GROUP}
        ]
    lines = []
    for item in results.questions:
        if not item.answered:
            continue
        if item.is_choice and item.bars:
            leading = max(item.bars, key=lambda bar: bar.count)
            lines.append(
                _("%(n)d. %(question)s: the most chosen answer is “%(choice)s”, %(share)d%% of %(answered)d.")
                % {
                    "n": len(lines) + 1,
                    "question": item.question.text,
                    "choice": leading.label,
                    "share": leading.share,
                    "answered": item.answered,
                }
            )
        elif item.is_scale and item.mean is not None:
            lines.append(
                _("%(n)d. %(question)s: a mean of %(mean)s out of %(max)d (%(answered)d answers).")
                % {
                    "n": len(lines) + 1,
                    "question": item.question.text,
                    "mean": f"{item.mean:.2f}",
                    "max": item.question.scale_max,
                    "answered": item.answered,
                }
            )
    return lines or [_("No choice or scale question was answered.")]


def _quotes(survey: Survey) -> dict[int, list[str]]:
    """Up to QUOTES_PER_QUESTION short answers of each text question, in one query."""
    quotes: dict[int, list[str]] = {}
    rows = (
        Answer.objects.filter(response__survey=survey, question__kind__in=Question.TEXT_KINDS)
        .annotate(length=Length("text"))
        .filter(length__gt=0, length__lte=QUOTE_MAX)
        .order_by("question_id", "pk")
        .values_list("question_id", "text")
    )
    for question_id, text in rows:
        chosen, quote = quotes.setdefault(question_id, []), " ".join(text.split())
        if len(chosen) < QUOTES_PER_QUESTION and quote not in chosen:
            chosen.append(quote)
    return quotes


def _opinions(survey: Survey, results, quotes: bool) -> list[str]:
    texts = [item for item in results.questions if item.is_text]
    if not texts:
        return [_("The survey asked no question to be answered in the respondents' own words.")]
    if results.suppressed or results.responses < SMALL_GROUP:
        return [_("Too few answers were received to report the written answers.")]
    lines = [_("%(n)d answers were written in the respondents' own words.") % {"n": sum(item.texts for item in texts)}]
    quoted = _quotes(survey) if quotes else {}
    for item in texts:
        line = _("“%(question)s”: %(n)d written answers.") % {"question": item.question.text, "n": item.texts}
        if quoted.get(item.question.pk):
            line += _("Among them: %(quotes)s.") % {"quotes": "；".join(f"“{q}”" for q in quoted[item.question.pk])}
        lines.append(line)
    return lines


def _next_steps() -> list[str]:
    return [
        _(
            "The committee and the colleges will discuss these findings at their next meeting and fold them into "
            "the year's work plan: activities where students' interests lie, talks where their values call for them."
        ),
        _("The colleges will tell their students what the survey found and what is done about it."),
    ]


def draft(survey: Survey, *, quotes: bool = False) -> str:
    """The report's first draft from the survey's results (every college's, small groups suppressed). `quotes`:
    quote a few short written answers (committee staff's draft only)."""
    results = tally(survey, responses_of(survey))
    sections = [
        (_("Overview of the survey"), _overview(survey, results.responses)),
        (_("Main findings"), _findings(results)),
        (_("Opinions and suggestions"), _opinions(survey, results, quotes)),
        (_("Next steps"), _next_steps()),
    ]
    # "…调研" + "调研报告" would say 调研 twice: the report of "2022年…调研" is "2022年…调研报告".
    text = compose(_("%(title)s: survey report") % {"title": survey.title.removesuffix("调研")}, sections)
    return (text + "\n" + _("Drafted on %(day)s.") % {"day": chinese_date(timezone.localdate())})[:MAX_LENGTH]


def current_text(survey: Survey, *, quotes: bool = False) -> str:
    """The saved report, or the draft while none is saved."""
    return survey.report or draft(survey, quotes=quotes)


def filename(survey: Survey, extension: str) -> str:
    return _("survey-%(pk)s-report-%(year)s") % {"pk": survey.pk, "year": survey.year} + f".{extension}"


def pdf_html(survey: Survey, *, quotes: bool = False) -> str:
    return render_to_string(
        "surveys/results/report_pdf.html",
        {"survey": survey, "outline": outline(current_text(survey, quotes=quotes)), "made_on": timezone.localdate()},
    )


def build_pdf(survey: Survey, *, quotes: bool = False) -> bytes:
    return render_pdf(pdf_html(survey, quotes=quotes))
