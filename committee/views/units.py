"""Member units' duties, self-reports and ratings: the table of every unit, one unit's year, its self-report's
writing, evidence, submission, return and rating."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import TemplateView

from colleges.models import MemberUnit
from core.errors import Refused
from core.text import nest_quotes
from core.views import INCOMPLETE, ActionView, FormPage, restore_typing

from .. import duties, lists
from ..access import authors_unit, manages, reads_ratings, reads_unit, visible_units
from ..export import ratings_workbook_response
from ..forms import ButtonForm, FilesForm, RatingForm, UnitReportForm, UnitTransitionForm
from ..models import RatingLevel, UnitReport
from ..services import units as services
from ..workflow import WORKFLOW, status_of
from .base import AddFilesView, CommitteeView


def year_or_404(year) -> int:
    if not 2000 <= year <= 2100:
        raise Http404
    return year


class RatingsView(CommitteeView, TemplateView):
    """How each member unit did in the year: for the party office, the quality office and staff."""

    template_name = "committee/unit_table.html"

    def has_permission(self):
        return reads_ratings(self.access)

    def get_context_data(self, **kwargs):
        year = year_or_404(self.kwargs["year"])
        rows = duties.ratings_table(year, timezone.localdate())
        kwargs.update(year=year, rows=rows, levels=RatingLevel.objects.all())
        return super().get_context_data(**kwargs)


class RatingsExportView(RatingsView):
    def get(self, request, *args, **kwargs):
        year = year_or_404(self.kwargs["year"])
        return ratings_workbook_response(year, duties.ratings_table(year, timezone.localdate()))


@dataclass(frozen=True)
class UnitYear:
    """A member unit's year: the object of the unit's pages, where a refused state sends the user back to."""

    unit: MemberUnit
    year: int

    def get_absolute_url(self):
        return reverse("committee:unit", args=[self.year, self.unit.pk])


class UnitMixin(CommitteeView):
    """Pages about one member unit's year: its contact sees only their own unit (another's is a 404; a secretary,
    who has no business here, is refused: 403). Every page goes back to the unit's year."""

    @cached_property
    def unit(self):
        return get_object_or_404(visible_units(self.access), pk=self.kwargs["unit"])

    @cached_property
    def year(self):
        return year_or_404(self.kwargs["year"])

    @cached_property
    def report(self):
        return UnitReport.objects.filter(unit=self.unit, year=self.year).select_related("rating", "rated_by").first()

    def get_scoped_object(self):
        return UnitYear(self.unit, self.year)

    def has_permission(self):
        return reads_unit(self.access, self.unit.pk)

    def get_cancel_url(self):
        return self.scoped_object.get_absolute_url()

    def get_success_url(self):
        return self.scoped_object.get_absolute_url()

    @property
    def subtitle(self):
        return f"{self.year} {self.unit.full_name or self.unit.name}"


class UnitDetailView(UnitMixin, TemplateView):
    template_name = "committee/unit_detail.html"

    def get_context_data(self, **kwargs):
        access, unit, report = self.access, self.unit, self.report
        kwargs.update(
            unit=unit,
            year=self.year,
            report=report,
            duties=duties.duties_of(unit.pk, self.year),
            files=report.files.all() if report else [],
            tasks=lists.unit_tasks(unit),
            today=timezone.localdate(),
            can_edit=WORKFLOW.can_edit(status_of(report), access, unit.pk),
            actions=WORKFLOW.available(report.status, access, unit.pk) if report else [],
            can_rate=report is not None and WORKFLOW.can("rate", report.status, access, unit.pk),
            # A return refused (the report moved on meanwhile) brings its reason back here.
            transition_form=restore_typing(
                self.request,
                UnitTransitionForm(initial={"version": report.version}),
                reverse("committee:unit_transition", args=[self.year, unit.pk]),
            )
            if report
            else None,
            files_form=FilesForm(),
        )
        return super().get_context_data(**kwargs)


class UnitReportEditView(UnitMixin, FormPage):
    form_class = UnitReportForm
    page_title = pgettext_lazy("page", "Self-report")
    success_message = gettext_lazy("The self-report has been saved. Add evidence, then submit it.")

    def has_permission(self):
        return authors_unit(self.access, self.unit.pk)

    def state_problem(self):
        if not WORKFLOW.can_edit(status_of(self.report), self.access, self.unit.pk):
            return _("This self-report is “%(status)s” and cannot be changed now.") % {
                "status": self.report.get_status_display()
            }
        return None

    def get_instance(self):
        return self.report or UnitReport(unit=self.unit, year=self.year)

    def get_initial(self):
        return {"version": self.report.version if self.report else 0}

    def perform(self, form):
        data = form.cleaned_data
        return services.save_unit_report(
            self.unit, self.year, self.request.user, data["text"], data.get("version") or 0
        )


class UnitTransitionView(UnitMixin, ActionView):
    form_class = UnitTransitionForm
    success_messages = {
        "submit": gettext_lazy("The self-report has been submitted."),
        "return": gettext_lazy("The self-report was returned."),
    }

    def has_permission(self):
        # An action the user may never take (a contact returning their own report) is refused outright.
        action = self.request.POST.get("action")
        allowed = action not in WORKFLOW or WORKFLOW.may_ever(action, self.access, self.unit.pk)
        return authors_unit(self.access, self.unit.pk) and allowed

    def perform(self, form):
        if self.report is None:
            raise Refused(INCOMPLETE)
        data = form.cleaned_data
        self.action = data["action"]
        return services.transition_unit_report(
            self.report, self.request.user, self.action, data["comment"], data["version"]
        )

    def get_success_message(self) -> str:
        return self.success_messages[self.action]


class UnitRateView(UnitMixin, FormPage):
    form_class = RatingForm
    page_title = gettext_lazy("Rate the member unit")
    success_message = gettext_lazy("The rating has been saved.")

    def has_permission(self):
        return manages(self.access)

    def state_problem(self):
        if self.report is None or not WORKFLOW.can("rate", self.report.status, self.access, self.unit.pk):
            return _("Only a submitted self-report can be rated.")
        return None

    def get_initial(self):
        return {"version": self.report.version, "rating": self.report.rating_id, "comment": self.report.rating_comment}

    def perform(self, form):
        data = form.cleaned_data
        return services.rate_unit_report(
            self.report, self.request.user, data["rating"], data["comment"], data["version"]
        )


class UnitFilesView(UnitMixin, AddFilesView):
    def has_permission(self):
        return authors_unit(self.access, self.unit.pk)

    def add_files(self, files):
        services.add_unit_files(self.report, self.request.user, files)


class UnitFileMixin(UnitMixin):
    @cached_property
    def stored(self):
        if self.report is None:
            raise Http404
        return get_object_or_404(self.report.files, pk=self.kwargs["file_pk"])


class UnitFileView(UnitFileMixin, View):
    def get(self, request, *args, **kwargs):
        return self.stored.serve()


class UnitFileDeleteView(UnitFileMixin, ActionView):
    form_class = ButtonForm

    def has_permission(self):
        return authors_unit(self.access, self.unit.pk)

    def perform(self, form):
        return services.remove_unit_file(self.stored, self.request.user)

    def get_success_message(self) -> str:
        return _("“%(name)s” has been removed.") % {"name": nest_quotes(self.stored.original_name)}
