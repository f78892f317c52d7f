"""A survey's public page, on each school's public site (publicity.public_urls), for anyone with its link and
without an account: it says first whether the survey is anonymous or named, then asks the college, the group, a
named survey's student number and an invitation code where it uses them, then the questions; and the thank-you
page after an answer, which repeats nothing of it.

A draft is not public yet (404); a closed survey, or one outside its period, says so and shows no form. Nothing
here is cached, nothing is kept in the session, and the client is known only by the keyed hash of its address in
the cache (surveys.guard)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import guard
from .errors import CodeRefused, SurveyRefused
from .models import Survey
from .public_form import AnswerForm
from .rules import closed_problem
from .services import answering


def _page(request, template, context, status=200):
    return render(request, template, {**context, "school": request.school}, status=status)


def _only(request, methods):
    if request.method not in methods:
        return HttpResponse(status=405, headers={"Allow": ", ".join(methods)})
    return None


def _public(pk) -> Survey:
    return get_object_or_404(Survey.objects.exclude(status=Survey.Status.DRAFT).select_related("college"), pk=pk)


@login_not_required
@never_cache
def answer(request, pk):
    if refused := _only(request, ["GET", "HEAD", "POST"]):
        return refused
    survey = _public(pk)
    day = answering.today()
    closed = closed_problem(survey, day)
    answered = not survey.uses_tokens and guard.answered_here(request, survey.pk)
    form = None
    if not closed and not answered:
        posted = request.POST if request.method == "POST" else None
        form = AnswerForm(survey, posted, code=request.GET.get("code", ""))
        if form.is_bound and _send(request, survey, form):
            response = redirect("public:survey_thanks", pk=survey.pk)
            if not survey.uses_tokens:
                guard.mark_answered(request, response, survey.pk)
            guard.count_answer(request, survey.pk, day)
            return response
    context = {"survey": survey, "closed": closed, "answered": answered, "form": form}
    return _page(request, "surveys/public/answer.html", context)


def _send(request, survey: Survey, form: AnswerForm) -> bool:
    """Whether the posted answers were stored; else the form says why."""
    if not guard.may_answer(request, survey.pk, answering.today()):
        form.add_error(None, _("Too many answers from this device. Please try again later."))
        return False
    if survey.uses_tokens and not guard.may_try_codes(request):
        form.add_error(None, _("Too many wrong invitation codes from this device. Please wait ten minutes."))
        return False
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        answering.submit(
            survey,
            data["college"],
            data.get("group", ""),
            form.answers(),
            student_number=data.get("student_number", ""),
            code=data.get("code", ""),
        )
    except SurveyRefused as refusal:
        if isinstance(refusal, CodeRefused):
            guard.count_code_refused(request)
        form.add_error(None, refusal.message)
        return False
    return True


@login_not_required
@never_cache
def thanks(request, pk):
    if refused := _only(request, ["GET", "HEAD"]):
        return refused
    return _page(request, "surveys/public/thanks.html", {"survey": _public(pk)})
