"""Scoring pages: the school's standing, the scheme, each college's assessment, self-assessment and review.

Each view parses the request with a form, calls one service and renders; who may do what is decided by the
scoped-view hooks (colleges.access) and the workflow rule (scoring.workflow).
"""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import RedirectView, TemplateView

from colleges.access import (
    ManagerRequiredMixin,
    RoleRequiredMixin,
    ScopedViewMixin,
    authors,
    get_visible_college,
    reviews,
    visible_colleges,
)
from colleges.forms import CollegeSearchForm
from colleges.models import College
from core.files import sandboxed
from core.forms import check_uploads
from core.text import fmt
from core.views import page_of
from core.xlsx import XLSX_CONTENT_TYPE

from . import assessments, schemes, standing, workflow
from .forms import (
    AssessmentTransitionForm,
    CopySchemeForm,
    DocumentUploadForm,
    ImportForm,
    IndicatorFormSet,
    SchemeForm,
    ScoresForm,
)
from .importer import ScoreImportError, write_template
from .models import AssessmentDocument, Scheme, ScoreChange, ScoreField
from .progress import balanced_share_goal
from .workflow import ScoringError

COLLEGES_PER_PAGE = 30


class LatestView(RoleRequiredMixin, RedirectView):
    def get_redirect_url(self, *args, **kwargs):
        scheme = Scheme.objects.first()
        if scheme is None:
            raise Http404
        return reverse("scoring:school", args=[scheme.year])


class SchemeMixin(ScopedViewMixin):
    @cached_property
    def scheme(self):
        return get_object_or_404(Scheme, year=self.kwargs["year"])

    def get_scoped_object(self):
        return self.scheme


class SchoolView(SchemeMixin, TemplateView):
    """N of M colleges balanced against the year's target, and where each college falls short."""

    template_name = "scoring/school.html"

    def get(self, request, *args, **kwargs):
        if self.access.is_secretary:
            # A secretary's scoring page is their own college's assessment.
            return redirect("scoring:assessment", self.scheme.year, visible_colleges(request.user).get().code)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # The figures are one aggregate over the year; the table is a page of colleges (a province has
        # thousands), narrowed by the search.
        search = CollegeSearchForm(self.request.GET)
        assessments = search.filter(standing.school_assessments(self.scheme), college="college__")
        page, querystring = page_of(self.request, assessments, COLLEGES_PER_PAGE)
        return super().get_context_data(
            scheme=self.scheme,
            status=standing.school_figures(self.scheme),
            standings=standing.standings_of(self.scheme, page.object_list),
            page_obj=page,
            querystring=querystring,
            search=search,
            target=balanced_share_goal(self.scheme.year),
            can_manage=reviews(self.access),
            **deadline_context(self.scheme),
            **kwargs,
        )


class SchemeView(SchemeMixin, TemplateView):
    template_name = "scoring/scheme.html"

    def get_context_data(self, **kwargs):
        indicators = list(self.scheme.indicators.select_related("parent"))
        groups = [i for i in indicators if i.parent_id is None]
        children = {g.pk: [i for i in indicators if i.parent_id == g.pk] for g in groups}
        return super().get_context_data(
            scheme=self.scheme,
            groups=[(g, children[g.pk]) for g in groups],
            key_count=sum(1 for i in schemes.scored_indicators(self.scheme) if i.is_key),
            problems=schemes.scheme_problems(self.scheme, indicators),
            locked=self.scheme.is_locked,
            can_edit=reviews(self.access),
            **kwargs,
        )


class SchemeEditView(ManagerRequiredMixin, SchemeMixin, View):
    """The scheme header and every indicator on one page; saved only if the whole scheme still adds up."""

    template_name = "scoring/scheme_edit.html"

    def state_problem(self):
        if self.scheme.is_locked:
            return _("Assessments of this year are final, so its scheme can no longer change.")
        return None

    def forms(self, data=None):
        form = SchemeForm(data, instance=self.scheme)
        groups = list(self.scheme.indicators.filter(parent__isnull=True).order_by("order", "code"))
        formset = IndicatorFormSet(
            data,
            queryset=self.scheme.indicators.order_by("order", "code"),
            form_kwargs={"scheme": self.scheme, "groups": groups},
        )
        return form, formset

    def get(self, request, *args, **kwargs):
        form, formset = self.forms()
        return render(request, self.template_name, {"scheme": self.scheme, "form": form, "formset": formset})

    def post(self, request, *args, **kwargs):
        form, formset = self.forms(request.POST)
        problems = []
        if form.is_valid() and formset.is_valid():
            problems = schemes.edit_scheme(self.scheme, lambda: (form.save(), formset.save()))
            if not problems:
                messages.success(request, _("The scheme has been saved."))
                return redirect("scoring:scheme", self.scheme.year)
        context = {"scheme": self.scheme, "form": form, "formset": formset, "problems": problems}
        return render(request, self.template_name, context)


class SchemeCopyView(ManagerRequiredMixin, SchemeMixin, View):
    template_name = "scoring/scheme_copy.html"

    def get(self, request, *args, **kwargs):
        form = CopySchemeForm(initial={"year": self.scheme.year + 1})
        return render(request, self.template_name, {"scheme": self.scheme, "form": form})

    def post(self, request, *args, **kwargs):
        form = CopySchemeForm(request.POST)
        if form.is_valid():
            try:
                new = schemes.copy_scheme(self.scheme, form.cleaned_data["year"])
            except ScoringError as error:
                form.add_error("year", error.message)
            else:
                messages.success(
                    request, _("The %(year)d scheme has been created from this one.") % {"year": new.year}
                )
                return redirect("scoring:scheme", new.year)
        return render(request, self.template_name, {"scheme": self.scheme, "form": form})


class AssessmentMixin(SchemeMixin):
    """One college's assessment: another college is a 404 before anything else is weighed."""

    @cached_property
    def college(self):
        return get_visible_college(self.request.user, self.kwargs["code"])

    @cached_property
    def assessment(self):
        assessment = assessments.find_assessment(self.college, self.scheme)
        if assessment is None:
            raise Http404
        return assessment

    def get_scoped_object(self):
        return self.assessment

    def may_author(self) -> bool:
        return authors(self.access, self.college.pk)

    def result_visible(self) -> bool:
        return workflow.result_visible(self.assessment.status, self.access)


class AssessmentView(AssessmentMixin, TemplateView):
    template_name = "scoring/assessment.html"

    def get_context_data(self, **kwargs):
        assessment, access, college_id = self.assessment, self.access, self.college.pk
        scores = assessments.scores_of(assessment)
        return super().get_context_data(
            scheme=self.scheme,
            college=self.college,
            assessment=assessment,
            scores=scores,
            verdict=assessments.verdict_of(assessment, scores),
            state=standing.display_state(assessment),
            show_result=self.result_visible(),
            actions=workflow.available_actions(assessment.status, access, college_id),
            can_self_assess=workflow.can_self_assess(assessment.status, access, college_id),
            can_review=workflow.can_enter_review(assessment.status, access, college_id),
            can_what_if=self.may_author(),
            **deadline_context(self.scheme),
            changes=ScoreChange.objects.filter(score__assessment=assessment)
            .select_related("score__indicator", "changed_by")
            .order_by("-at", "-pk")[:50],
            events=assessment.events.select_related("actor"),
            **kwargs,
        )


def deadline_context(scheme) -> dict:
    """The year's self-assessment deadline and the whole days left until it (negative once passed)."""
    deadline = scheme.self_assessment_deadline
    return {"deadline": deadline, "days_left": (deadline - timezone.localdate()).days if deadline else None}


class ScoresEditView(AssessmentMixin, View):
    """The self-assessment (the college's scores) or the review (staff's reviewed scores)."""

    field = ScoreField.SELF
    template_name = "scoring/scores_form.html"

    @property
    def is_review(self) -> bool:
        return self.field == ScoreField.FINAL

    def has_permission(self):
        return reviews(self.access) if self.is_review else self.may_author()

    def state_problem(self):
        if not self.is_review and not workflow.can_self_assess(self.assessment.status, self.access, self.college.pk):
            return _("The self-assessment has been submitted and can no longer be changed.")
        if self.is_review and self.assessment.is_final:
            return _("This assessment is final; reopen it before changing a score.")
        return None

    @property
    def adopts_self_scores(self) -> bool:
        return self.is_review and self.request.GET.get("adopt") == "1"

    def make_form(self, data=None):
        scores = assessments.scores_of(self.assessment)
        initial = {"version": self.assessment.version}
        if self.is_review:
            return ScoresForm(
                data,
                scores=scores,
                score_attr="final_score",
                note_attr="review_note",
                adopt_attr="self_score" if self.adopts_self_scores else None,
                initial=initial,
            )
        return ScoresForm(
            data,
            scores=scores,
            score_attr="self_score",
            note_attr="self_note",
            reports=assessments.approved_reports_of(self.assessment),
            initial=initial,
        )

    def render_form(self, form):
        context = {
            "scheme": self.scheme,
            "college": self.college,
            "assessment": self.assessment,
            "form": form,
            "is_review": self.is_review,
            "adopted": self.adopts_self_scores,
            **deadline_context(self.scheme),
        }
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render_form(self.make_form())

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        documents = {} if self.is_review else self.checked_documents(form)
        if documents is None:
            return self.render_form(form)
        try:
            with transaction.atomic():
                assessments.save_score_sheet(
                    self.assessment,
                    request.user,
                    self.field,
                    form.score_inputs(),
                    links=None if self.is_review else form.report_links(),
                    expected_version=form.cleaned_data["version"],
                )
                for score, checked in documents.items():
                    assessments.add_documents(score, request.user, checked)
        except ScoringError as error:
            form.add_error(None, error.message)
            return self.render_form(form)
        added = sum(len(checked) for checked in documents.values())
        if added:
            messages.success(request, _("The scores have been saved with %(count)d new documents.") % {"count": added})
        else:
            messages.success(request, _("The scores have been saved."))
        return redirect(self.assessment)

    def checked_documents(self, form) -> dict | None:
        """The documents chosen beside each indicator, checked: {score: [checked file]}; None (errors on the
        form, nothing saved) if any is refused."""
        documents = {}
        for score in form.scores:
            uploads = self.request.FILES.getlist(f"documents_{score.pk}")[
                : assessments.MAX_DOCUMENTS_PER_INDICATOR + 1
            ]
            try:
                checked = check_uploads(uploads)
            except ValidationError as refused:
                for message in refused.messages:
                    form.add_error(None, message)
                return None
            if checked:
                documents[score] = checked
        return documents


class AssessmentTransitionView(AssessmentMixin, View):
    http_method_names = ["post"]

    def has_permission(self):
        return self.may_author()

    def post(self, request, *args, **kwargs):
        form = AssessmentTransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The request was incomplete; nothing was changed. Please try again."))
            return redirect(self.assessment)
        action = form.cleaned_data["action"]
        try:
            assessments.transition(
                self.assessment,
                request.user,
                action,
                form.cleaned_data["comment"],
                expected_version=form.cleaned_data["version"],
            )
        except ScoringError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, DONE[action])
        return redirect(self.assessment)


DONE = {
    workflow.SUBMIT: gettext_lazy("The self-assessment has been submitted for review."),
    workflow.RETURN: gettext_lazy("The self-assessment has been returned to the college."),
    workflow.FINALISE: gettext_lazy("The assessment is final; the college can now see its result."),
    workflow.REOPEN: gettext_lazy("The assessment has been reopened."),
}


class WhatIfView(AssessmentMixin, View):
    """Try other scores and see the verdict and school percentage they would give; nothing is saved."""

    template_name = "scoring/what_if.html"

    def has_permission(self):
        return self.may_author()

    def base_form(self, data=None):
        scores = assessments.scores_of(self.assessment)
        # Start from the reviewed scores where the user may see them, otherwise from the college's own.
        attr = (
            "final_score" if self.result_visible() and any(s.final_score is not None for s in scores) else "self_score"
        )
        return ScoresForm(
            data, scores=scores, score_attr=attr, note_attr="self_note", initial={"version": self.assessment.version}
        )

    def get(self, request, *args, **kwargs):
        return self.respond(self.base_form())

    def post(self, request, *args, **kwargs):
        return self.respond(self.base_form(request.POST))

    def respond(self, form):
        result = None
        if form.is_bound and form.is_valid():
            trial = {score.indicator.code: form.cleaned_data[f"score_{score.pk}"] for score in form.scores}
            verdict, percent_now, percent_then = standing.what_if(self.assessment, trial)
            result = {"verdict": verdict, "percent_now": percent_now, "percent_then": percent_then}
        context = {
            "scheme": self.scheme,
            "college": self.college,
            "assessment": self.assessment,
            "form": form,
            "result": result,
            "threshold": fmt(self.scheme.threshold),
        }
        return render(self.request, self.template_name, context)


MAX_ERRORS_SHOWN = 200


class ImportView(ManagerRequiredMixin, SchemeMixin, View):
    template_name = "scoring/import.html"

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, {"scheme": self.scheme, "form": ImportForm()})

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        errors = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = assessments.import_review_scores(
                    self.scheme,
                    upload.name,
                    upload.read(),
                    request.user,
                    finalise=form.cleaned_data["finalise"],
                    reopen_final=form.cleaned_data["reopen_final"],
                )
            except ScoreImportError as error:
                errors = error.errors[:MAX_ERRORS_SHOWN]
                if len(error.errors) > MAX_ERRORS_SHOWN:
                    errors.append(
                        _("… and %(count)d more problems.") % {"count": len(error.errors) - MAX_ERRORS_SHOWN}
                    )
            except ScoringError as error:
                errors = [error.message]
            else:
                messages.success(
                    request,
                    _("%(scores)d scores of %(colleges)d colleges imported; %(final)d assessments finalised.")
                    % {"scores": result.scores, "colleges": result.colleges, "final": result.finalised},
                )
                return redirect("scoring:school", self.scheme.year)
        context = {"scheme": self.scheme, "form": form, "errors": errors}
        return render(request, self.template_name, context)


class ImportTemplateView(ManagerRequiredMixin, SchemeMixin, View):
    """The score sheet to fill in: every active college × scored indicator, codes and names prefilled."""

    def get(self, request, *args, **kwargs):
        indicators = schemes.scored_indicators(self.scheme)
        colleges = College.objects.active().order_by("order", "code").only("code", "name")
        rows = [(c.code, c.name, i.code, i.name, i.max_points) for c in colleges for i in indicators]
        response = HttpResponse(write_template(rows), content_type=XLSX_CONTENT_TYPE)
        filename = _("reviewed-scores-%(year)d.xlsx") % {"year": self.scheme.year}
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response


class DocumentUploadView(AssessmentMixin, View):
    """Evidence documents for one indicator of the self-assessment, checked like report evidence."""

    http_method_names = ["post"]

    def has_permission(self):
        return self.may_author()

    def post(self, request, *args, **kwargs):
        form = DocumentUploadForm(request.POST, request.FILES, scores=assessments.scores_of(self.assessment))
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(self.assessment)
        try:
            assessments.add_documents(form.cleaned_data["score"], request.user, form.cleaned_data["files"])
        except ScoringError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(count)d files added.") % {"count": len(form.cleaned_data["files"])})
        return redirect(self.assessment)


class DocumentDownloadView(AssessmentMixin, View):
    def get(self, request, *args, **kwargs):
        document = get_object_or_404(
            AssessmentDocument, score__assessment=self.assessment, pk=self.kwargs["document_pk"]
        )
        # Photos and PDFs show in the browser, sandboxed like report evidence; `?download=1` saves them.
        inline = document.content_type.startswith("image/") or document.content_type == "application/pdf"
        return sandboxed(document.serve(inline=inline and not request.GET.get("download")))
