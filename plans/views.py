from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from colleges.access import ManagerRequiredMixin, RoleRequiredMixin, can_manage_everything, scope_to_colleges
from colleges.models import MemberUnit
from core.views import FormPage

from .forms import CopyPlanForm, SectionForm, TargetForm, WorkPlanForm, WorkPointForm
from .models import Section, Target, WorkPlan, WorkPoint
from .progress import progress_for_plan
from .services import copy_plan


class PlanListView(RoleRequiredMixin, ListView):
    template_name = "plans/plan_list.html"
    context_object_name = "plans"

    def get_queryset(self):
        return WorkPlan.objects.annotate(point_count=Count("sections__work_points"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_edit=can_manage_everything(self.request.user), **kwargs)


class PlanYearMixin:
    @cached_property
    def plan(self):
        return get_object_or_404(WorkPlan, year=self.kwargs["year"])

    def get_plan(self):
        return self.plan


class PlanDetailView(RoleRequiredMixin, PlanYearMixin, DetailView):
    template_name = "plans/plan_detail.html"
    context_object_name = "plan"

    def get_object(self, queryset=None):
        return self.get_plan()

    def get_context_data(self, **kwargs):
        plan = self.object
        sections = plan.sections.prefetch_related(
            Prefetch(
                "work_points",
                queryset=WorkPoint.objects.with_progress().prefetch_related(
                    Prefetch("units", queryset=MemberUnit.objects.only("name"))
                ),
            )
        )
        progress = progress_for_plan(plan)
        return super().get_context_data(
            sections=sections,
            progress=progress,
            status_summary=WorkPoint.objects.filter(section__plan=plan).status_summary(),
            can_edit=can_manage_everything(self.request.user),
            **kwargs,
        )


class WorkPointMixin(PlanYearMixin):
    @cached_property
    def point(self):
        return get_object_or_404(
            WorkPoint.objects.with_progress().select_related("section__plan"),
            section__plan__year=self.kwargs["year"],
            code=self.kwargs["code"],
        )

    def get_object(self, queryset=None):
        return self.point


class WorkPointDetailView(RoleRequiredMixin, WorkPointMixin, DetailView):
    template_name = "plans/work_point_detail.html"
    context_object_name = "point"

    def get_context_data(self, **kwargs):
        point = self.object
        plan = point.section.plan
        targets = [p for p in progress_for_plan(plan) if p.target.work_point_id == point.pk]
        return super().get_context_data(
            plan=plan,
            units=point.units.all(),
            target_progress=targets,
            # Reports are counted by the activities app; the reverse relation keeps plans free of its import.
            approved_reports=scope_to_colleges(point.reports.approved(), self.request.user)
            .select_related("college")
            .order_by("-starts_on"),
            can_edit=can_manage_everything(self.request.user),
            **kwargs,
        )


class WorkPointUpdateView(ManagerRequiredMixin, WorkPointMixin, FormPage):
    form_class = WorkPointForm
    page_title = gettext_lazy("Edit work point")
    success_message = gettext_lazy("The work point has been saved.")

    def get_instance(self):
        return self.point

    def perform(self, form):
        return form.save()


class PlanUpdateView(ManagerRequiredMixin, PlanYearMixin, FormPage):
    form_class = WorkPlanForm
    page_title = gettext_lazy("Edit the plan's header")
    success_message = gettext_lazy("The plan has been saved.")

    def get_instance(self):
        return self.plan

    def perform(self, form):
        return form.save()


class SectionUpdateView(ManagerRequiredMixin, FormPage):
    form_class = SectionForm
    page_title = gettext_lazy("Edit section")
    success_message = gettext_lazy("The section has been saved.")

    @cached_property
    def section(self):
        return get_object_or_404(
            Section.objects.select_related("plan"), plan__year=self.kwargs["year"], number=self.kwargs["number"]
        )

    def get_instance(self):
        return self.section

    def perform(self, form):
        return form.save()

    def get_success_url(self):
        return f"{self.section.plan.get_absolute_url()}#section-{self.section.number}"

    def get_cancel_url(self):
        return self.get_success_url()


class TargetUpdateView(ManagerRequiredMixin, FormPage):
    form_class = TargetForm
    page_title = gettext_lazy("Edit target")
    success_message = gettext_lazy("The target has been saved.")

    @cached_property
    def target(self):
        return get_object_or_404(
            Target.objects.select_related("plan"), plan__year=self.kwargs["year"], code=self.kwargs["code"]
        )

    def get_instance(self):
        return self.target

    def perform(self, form):
        return form.save()

    def get_success_url(self):
        return f"{self.target.plan.get_absolute_url()}#targets"

    def get_cancel_url(self):
        return self.get_success_url()


class PlanCopyView(ManagerRequiredMixin, PlanYearMixin, FormPage):
    """Start next year's plan from this one: same sections, work points and targets; statuses reset."""

    form_class = CopyPlanForm
    page_title = gettext_lazy("Start a new year's plan from this one")

    def get_initial(self):
        return {"year": self.kwargs["year"] + 1}

    def get_cancel_url(self):
        return self.plan.get_absolute_url()

    def perform(self, form):
        return copy_plan(self.plan, form.cleaned_data["year"])

    def get_success_message(self):
        return _("The %(year)d plan has been started from this one. Edit its text and targets before use.") % {
            "year": self.result.year
        }
