"""A survey's results in the portal: the counts and bars per question (filtered by college and group, small groups
suppressed), the free text, the answers' workbook, and the 调研报告 (its edit and its PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from colleges.access import ScopedViewMixin
from core.files import attach
from core.pdf import PdfUnavailable
from core.views import FormPage, page_of

from .. import access, exports, report, results
from ..models import SMALL_GROUP, Answer, Question, Survey
from ..results_forms import FreeTextFilterForm, ReportForm, ResultsFilterForm
from ..services import reports as report_services

TEXTS_PER_PAGE = 20


def suppressed_note() -> str:
    return gettext("Fewer than %(n)d answers: not shown apart, so that no one is identified.") % {"n": SMALL_GROUP}


class SurveyMixin(ScopedViewMixin):
    """A page of one survey among those the reader sees (access.scope_surveys): another college's is a 404."""

    roles = access.SURVEY_ROLES

    @cached_property
    def survey(self) -> Survey:
        surveys = access.scope_surveys(
            Survey.objects.select_related("college").prefetch_related("colleges"), self.request.user
        )
        return get_object_or_404(surveys, pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.survey

    @cached_property
    def fixed_college(self) -> int | None:
        """The one college whose answers the reader sees, or None for every college."""
        return access.results_college(self.access, self.survey)

    def survey_links(self) -> dict:
        survey = self.survey
        return {
            "survey": survey,
            "reads_text": access.reads_free_text(self.access, survey),
            "edits_report": access.designs(self.access, survey.college_id),
            "suppressed_note": suppressed_note(),
            "small_group": SMALL_GROUP,
        }


class ResultsView(SurveyMixin, TemplateView):
    template_name = "surveys/results/results.html"

    def has_permission(self):
        return access.reads_results(self.access, self.survey)

    def get_context_data(self, **kwargs):
        survey = self.survey
        colleges = results.by_college(survey, self.fixed_college)
        form = ResultsFilterForm(self.request.GET, survey=survey, colleges=colleges, fixed_college=self.fixed_college)
        college, group = form.cut()
        if self.fixed_college is not None:
            college = self.fixed_college
        tallied = results.tally(survey, results.responses_of(survey, college, group))
        return super().get_context_data(
            form=form,
            results=tallied,
            colleges=colleges,
            groups=results.by_group(survey, college),
            filtered=bool(group or (college and self.fixed_college is None)),
            query=self.request.GET.urlencode(),
            **self.survey_links(),
            **kwargs,
        )


class FreeTextView(SurveyMixin, TemplateView):
    """The answers written in the respondents' words, a question at a time, paginated; a cut under SMALL_GROUP
    shows none."""

    template_name = "surveys/results/free_text.html"

    def has_permission(self):
        return access.reads_free_text(self.access, self.survey)

    def get_context_data(self, **kwargs):
        survey = self.survey
        questions = [q for q in results.questions_of(survey) if q.kind in Question.TEXT_KINDS]
        colleges = results.by_college(survey, self.fixed_college)
        form = FreeTextFilterForm(
            self.request.GET,
            survey=survey,
            colleges=colleges,
            fixed_college=self.fixed_college,
            questions=questions,
        )
        college, group = form.cut()
        if self.fixed_college is not None:
            college = self.fixed_college
        chosen = form.cleaned_data.get("question") if form.is_valid() else None
        question = next((q for q in questions if q.pk == chosen), questions[0] if questions else None)
        responses = results.responses_of(survey, college, group)
        count = responses.count()
        small = results.is_small(count)
        texts = Answer.objects.none()
        if question is not None and not small:
            texts = (
                Answer.objects.filter(question=question, response__in=responses.values("pk"))
                .exclude(text="")
                .order_by("pk")
                .values_list("text", flat=True)
            )
        page, querystring = page_of(self.request, texts, TEXTS_PER_PAGE)
        return super().get_context_data(
            form=form,
            question=question,
            responses=count,
            small=small,
            page_obj=page,
            querystring=querystring,
            **self.survey_links(),
            **kwargs,
        )


class ExportView(SurveyMixin, View):
    """The answers as a workbook, one row per response: for the readers of the free text (it holds text)."""

    def has_permission(self):
        return access.reads_free_text(self.access, self.survey)

    def get(self, request, *args, **kwargs):
        survey = self.survey
        responses = results.responses_of(survey, self.fixed_college)
        staff = self.access.manages_everything
        if not staff and responses.count() < SMALL_GROUP:
            messages.error(request, suppressed_note())
            return redirect("surveys:results", survey.pk)
        content = exports.answers_workbook(survey, responses, with_numbers=staff and survey.named)
        response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
        return attach(response, exports.filename(survey))


class ReportView(SurveyMixin, FormPage):
    """The 调研报告: drafted from the results until the designer saves their own text."""

    form_class = ReportForm
    template_name = "surveys/results/report_form.html"
    page_title = pgettext_lazy("page", "Survey report")
    subtitle = _(
        "Drafted from the results; edit it and save. Saved, it goes into the year's archive once the survey closes."
    )
    success_message = _("The survey report has been saved.")
    creates = False

    def has_permission(self):
        return access.designs(self.access, self.survey.college_id)

    def get_initial(self):
        survey = self.survey
        text = survey.report or report.draft(survey, quotes=self.access.manages_everything)
        return {"text": text, "version": survey.version}

    def get_cancel_url(self):
        return reverse("surveys:results", args=[self.survey.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.survey_links(), **kwargs)

    def perform(self, form):
        return report_services.save_report(
            self.survey, self.request.user, form.cleaned_data["text"], form.cleaned_data["version"]
        )

    def get_success_url(self):
        return reverse("surveys:report", args=[self.survey.pk])


class ReportPdfView(SurveyMixin, View):
    def has_permission(self):
        return access.designs(self.access, self.survey.college_id)

    def get(self, request, *args, **kwargs):
        survey = self.survey
        try:
            content = report.build_pdf(survey, quotes=self.access.manages_everything)
        except PdfUnavailable as refusal:
            messages.error(request, str(refusal))
            return redirect("surveys:report", survey.pk)
        return attach(HttpResponse(content, content_type="application/pdf"), report.filename(survey, "pdf"))
