from django.contrib import messages
from django.db import IntegrityError, transaction
from django.forms import modelformset_factory
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from activities.evidence import MAX_FILES_PER_REPORT, RejectedFile, check_upload
from colleges.access import (
    ManagerRequiredMixin,
    RoleRequiredMixin,
    access_for,
    can_manage_college,
    get_visible_college,
    require,
    visible_colleges,
)

from . import rules, services
from .forms import CopySchemeForm, ImportForm, IndicatorForm, SchemeForm, ScoresForm, approved_reports_of
from .importer import ScoreImportError
from .models import AssessmentDocument, AssessmentStatus, Indicator, Scheme, ScoreChange, ScoreField
from .progress import balanced_share_goal


def latest(request):
    require(access_for(request.user).has_role)
    scheme = Scheme.objects.first()
    if scheme is None:
        raise Http404
    return redirect("scoring:school", scheme.year)


class SchemeMixin(RoleRequiredMixin):
    @cached_property
    def scheme(self):
        return get_object_or_404(Scheme, year=self.kwargs["year"])


class SchoolView(SchemeMixin, TemplateView):
    """N of M colleges balanced against the 90 % target, and where each college falls short."""

    template_name = "scoring/school.html"

    def get(self, request, *args, **kwargs):
        access = access_for(request.user)
        if access.is_secretary:
            # A secretary's scoring page is their own college's assessment.
            return redirect("scoring:assessment", self.scheme.year, visible_colleges(request.user).get().code)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        status = services.school_status(self.scheme)
        return super().get_context_data(
            scheme=self.scheme,
            status=status,
            target=balanced_share_goal(self.scheme.year),
            can_manage=access_for(self.request.user).manages_everything,
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
            key_count=sum(1 for i in services.scored_indicators(self.scheme) if i.is_key),
            problems=services.scheme_problems(self.scheme, indicators),
            locked=self.scheme.is_locked,
            can_edit=access_for(self.request.user).manages_everything,
            **kwargs,
        )


IndicatorFormSet = modelformset_factory(Indicator, form=IndicatorForm, extra=2, can_delete=True)


class SchemeEditView(ManagerRequiredMixin, SchemeMixin, View):
    """The scheme header and every indicator on one page; saved only if the whole scheme still adds up."""

    template_name = "scoring/scheme_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if access_for(request.user).manages_everything and self.scheme.is_locked:
            messages.error(request, _("Assessments of this year are final, so its scheme can no longer change."))
            return redirect("scoring:scheme", self.scheme.year)
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        form = SchemeForm(data, instance=self.scheme)
        formset = IndicatorFormSet(
            data,
            queryset=self.scheme.indicators.order_by("order", "code"),
            form_kwargs={"scheme": self.scheme},
        )
        return form, formset

    def get(self, request, *args, **kwargs):
        form, formset = self.forms()
        return render(request, self.template_name, {"scheme": self.scheme, "form": form, "formset": formset})

    def post(self, request, *args, **kwargs):
        form, formset = self.forms(request.POST)
        problems = []
        if form.is_valid() and formset.is_valid():
            try:
                with transaction.atomic():
                    scheme = form.save()
                    formset.save()
                    services.refresh_group_maximums(scheme)
                    problems = services.scheme_problems(scheme)
                    if problems:
                        raise _Rollback
                    Scheme.objects.filter(pk=scheme.pk).update(revision=scheme.revision + 1)
                    services.ensure_assessments(scheme)
                    services.recompute_scheme(scheme)
            except _Rollback:
                pass
            except IntegrityError:
                # Two indicators with one code, e.g. when another editor saved at the same moment.
                problems = [_("Two indicators of the scheme have the same code; each code must be unique.")]
            if not problems:
                messages.success(request, _("The scheme has been saved."))
                return redirect("scoring:scheme", self.scheme.year)
        context = {"scheme": self.scheme, "form": form, "formset": formset, "problems": problems}
        return render(request, self.template_name, context)


class _Rollback(Exception):
    """Undo a scheme save whose result does not add up."""


class SchemeCopyView(ManagerRequiredMixin, SchemeMixin, View):
    def get(self, request, *args, **kwargs):
        form = CopySchemeForm(initial={"year": self.scheme.year + 1})
        return render(request, "scoring/scheme_copy.html", {"scheme": self.scheme, "form": form})

    def post(self, request, *args, **kwargs):
        form = CopySchemeForm(request.POST)
        if form.is_valid():
            try:
                new = services.copy_scheme(self.scheme, form.cleaned_data["year"])
            except services.ScoringError as error:
                form.add_error("year", error.message)
            else:
                messages.success(
                    request, _("The %(year)d scheme has been created from this one.") % {"year": new.year}
                )
                return redirect("scoring:scheme", new.year)
        return render(request, "scoring/scheme_copy.html", {"scheme": self.scheme, "form": form})


class AssessmentMixin(SchemeMixin):
    """One college's assessment: another college is a 404 before anything else is weighed."""

    @cached_property
    def college(self):
        return get_visible_college(self.request.user, self.kwargs["code"])

    @cached_property
    def assessment(self):
        return services.assessment_for(self.college, self.scheme)

    def dispatch(self, request, *args, **kwargs):
        if access_for(request.user).has_role:
            self.college  # noqa: B018 -- resolve (or 404) first
        return super().dispatch(request, *args, **kwargs)

    def result_visible(self) -> bool:
        return services.result_visible_to(self.request.user, self.assessment)


class AssessmentView(AssessmentMixin, TemplateView):
    template_name = "scoring/assessment.html"

    def get_context_data(self, **kwargs):
        assessment = self.assessment
        role = access_for(self.request.user).role
        scores = services.scores_of(assessment)
        return super().get_context_data(
            scheme=self.scheme,
            college=self.college,
            assessment=assessment,
            scores=scores,
            verdict=services.verdict_of(assessment, scores),
            show_result=self.result_visible(),
            actions=services.available_actions(assessment, role)
            if can_manage_college(self.request.user, self.college)
            else [],
            can_self_assess=assessment.status == AssessmentStatus.SELF
            and can_manage_college(self.request.user, self.college),
            can_review=access_for(self.request.user).manages_everything and not assessment.is_final,
            can_what_if=can_manage_college(self.request.user, self.college),
            changes=ScoreChange.objects.filter(score__assessment=assessment)
            .select_related("score__indicator", "changed_by")
            .order_by("-at", "-pk")[:50],
            events=assessment.events.select_related("actor"),
            **kwargs,
        )


class ScoresEditView(AssessmentMixin, View):
    """The self-assessment (the college's scores) or the review (staff's reviewed scores)."""

    field = ScoreField.SELF
    template_name = "scoring/scores_form.html"

    def dispatch(self, request, *args, **kwargs):
        if access_for(request.user).has_role:
            self.college  # noqa: B018
            if self.field == ScoreField.SELF:
                require(can_manage_college(request.user, self.college))
            else:
                require(access_for(request.user).manages_everything)
        return super().dispatch(request, *args, **kwargs)

    def make_form(self, data=None):
        scores = services.scores_of(self.assessment)
        if self.field == ScoreField.SELF:
            return ScoresForm(
                data,
                scores=scores,
                score_attr="self_score",
                note_attr="self_note",
                reports=approved_reports_of(self.assessment),
                initial={"version": self.assessment.version},
            )
        return ScoresForm(
            data,
            scores=scores,
            score_attr="final_score",
            note_attr="review_note",
            initial={"version": self.assessment.version},
        )

    def render_form(self, form):
        return render(
            self.request,
            self.template_name,
            {
                "scheme": self.scheme,
                "college": self.college,
                "assessment": self.assessment,
                "form": form,
                "is_review": self.field == ScoreField.FINAL,
            },
        )

    def get(self, request, *args, **kwargs):
        blocked = self.blocked()
        if blocked:
            messages.error(request, blocked)
            return redirect(self.assessment)
        return self.render_form(self.make_form())

    def blocked(self):
        if self.field == ScoreField.SELF and self.assessment.status != AssessmentStatus.SELF:
            return _("The self-assessment has been submitted and can no longer be changed.")
        if self.field == ScoreField.FINAL and self.assessment.is_final:
            return _("This assessment is final; reopen it before changing a score.")
        return None

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        values = {
            score.pk: services.ScoreInput(
                form.cleaned_data[f"score_{score.pk}"], form.cleaned_data[f"note_{score.pk}"]
            )
            for score in form.scores
        }
        try:
            with transaction.atomic():
                services.save_scores(
                    self.assessment, request.user, self.field, values, expected_version=form.cleaned_data["version"]
                )
                if self.field == ScoreField.SELF:
                    for score in form.scores:
                        # The field offers only the college's approved reports of the year: ids it accepted are those.
                        score.reports.set(form.cleaned_data[f"reports_{score.pk}"])
        except services.ScoringError as error:
            form.add_error(None, error.message)
            return self.render_form(form)
        messages.success(request, _("The scores have been saved."))
        return redirect(self.assessment)


class AssessmentTransitionView(AssessmentMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        require(can_manage_college(request.user, self.college))
        action = request.POST.get("action", "")
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        try:
            services.transition(
                self.assessment, request.user, action, request.POST.get("comment", ""), expected_version=version
            )
        except services.ScoringError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, DONE[action])
        return redirect("scoring:assessment", self.scheme.year, self.college.code)


DONE = {
    "submit": gettext_lazy("The self-assessment has been submitted for review."),
    "return": gettext_lazy("The self-assessment has been returned to the college."),
    "finalise": gettext_lazy("The assessment is final; the college can now see its result."),
    "reopen": gettext_lazy("The assessment has been reopened."),
}


class WhatIfView(AssessmentMixin, View):
    """Try other scores and see the verdict and school percentage they would give; nothing is saved."""

    template_name = "scoring/what_if.html"

    def dispatch(self, request, *args, **kwargs):
        if access_for(request.user).has_role:
            require(can_manage_college(request.user, self.college))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.respond(self.base_form())

    def base_form(self, data=None):
        scores = services.scores_of(self.assessment)
        # Start from the reviewed scores where the user may see them, otherwise from the college's own.
        attr = (
            "final_score" if self.result_visible() and any(s.final_score is not None for s in scores) else "self_score"
        )
        return ScoresForm(
            data, scores=scores, score_attr=attr, note_attr="self_note", initial={"version": self.assessment.version}
        )

    def post(self, request, *args, **kwargs):
        return self.respond(self.base_form(request.POST))

    def respond(self, form):
        result = None
        if form.is_bound and form.is_valid():
            trial = {score.indicator.code: form.cleaned_data[f"score_{score.pk}"] for score in form.scores}
            verdict, percent_now, percent_then = services.what_if(self.assessment, trial)
            result = {"verdict": verdict, "percent_now": percent_now, "percent_then": percent_then}
        context = {
            "scheme": self.scheme,
            "college": self.college,
            "assessment": self.assessment,
            "form": form,
            "result": result,
            "threshold": rules.fmt(self.scheme.threshold),
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
                result = services.import_review_scores(
                    self.scheme,
                    upload.name,
                    upload.read(),
                    request.user,
                    finalise=form.cleaned_data["finalise"],
                )
            except ScoreImportError as error:
                errors = error.errors[:MAX_ERRORS_SHOWN]
                if len(error.errors) > MAX_ERRORS_SHOWN:
                    errors.append(
                        _("… and %(count)d more problems.") % {"count": len(error.errors) - MAX_ERRORS_SHOWN}
                    )
            except services.ScoringError as error:
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


class DocumentUploadView(AssessmentMixin, View):
    """Evidence documents for one indicator of the self-assessment, checked like report evidence."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        require(can_manage_college(request.user, self.college))
        score = get_object_or_404(self.assessment.scores, pk=request.POST.get("score") or 0)
        files = request.FILES.getlist("files")
        if not files:
            messages.error(request, _("Choose at least one file."))
            return redirect(self.assessment)
        checked, rejected = [], []
        for upload in files[: MAX_FILES_PER_REPORT + 1]:
            try:
                checked.append(check_upload(upload))
            except RejectedFile as error:
                rejected.append(error.message)
        if rejected or len(files) > MAX_FILES_PER_REPORT:
            for message in rejected:
                messages.error(request, message)
            messages.warning(request, _("No file was added. Remove the rejected files and try again."))
            return redirect(self.assessment)
        try:
            services.add_documents(score, request.user, checked)
        except services.ScoringError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(count)d files added.") % {"count": len(checked)})
        return redirect(self.assessment)


class DocumentDownloadView(AssessmentMixin, View):
    def get(self, request, *args, **kwargs):
        document = get_object_or_404(
            AssessmentDocument, score__assessment=self.assessment, pk=self.kwargs["document_pk"]
        )
        try:
            handle = document.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle,
            as_attachment=not document.content_type.startswith("image/"),
            filename=document.original_name,
            content_type=document.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
