"""The pages of 整改: the list (a secretary's own items, every college's for staff and the office), an item with
its plan, progress and history, the plan and progress forms (the college's secretary), the workflow's buttons,
staff's choice of indicators from a final assessment, an evidence file, and the year's list as a workbook."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from colleges.access import ScopedViewMixin, visible_colleges
from core.views import ActionView, ConfirmFirst, FormPage, restore_typing
from scoring.models import Assessment

from . import access, export, services
from .forms import ChooseIndicatorsForm, FilterForm, NoteForm, PlanForm, TransitionForm
from .models import ItemStatus, NoteFile, RectificationItem
from .workflow import ACCEPT, PLAN, PROGRESS, RETURN, SUBMIT, WORKFLOW


class ItemListView(ScopedViewMixin, ListView):
    template_name = "rectification/item_list.html"
    context_object_name = "items"
    paginate_by = 50

    def has_permission(self):
        return access.lists_items(self.access)

    @cached_property
    def filters(self):
        scoped = access.scope_items(RectificationItem.objects.all(), self.request.user)
        years = sorted(set(scoped.order_by().values_list("year", flat=True)), reverse=True)
        colleges = visible_colleges(self.request.user) if access.reads_every_item(self.access) else None
        return FilterForm(self.request.GET or None, years=years, colleges=colleges)

    def get_queryset(self):
        items = access.scope_items(RectificationItem.objects.select_related("college", "indicator"), self.request.user)
        form = self.filters
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if data.get("year"):
                items = items.filter(year=data["year"])
            if data.get("college"):
                items = items.filter(college__code=data["college"])
            if data.get("status"):
                items = items.filter(status=data["status"])
            if data.get("overdue"):
                items = items.overdue(timezone.localdate())
        return items

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        context = super().get_context_data(filters=self.filters, today=today, **kwargs)
        context["rows"] = [(item, item.is_overdue(today)) for item in context["items"]]
        return context


class ItemMixin(ScopedViewMixin):
    @cached_property
    def item(self):
        items = access.scope_items(
            RectificationItem.objects.select_related("college", "indicator", "assessment__scheme"), self.request.user
        )
        return get_object_or_404(items, pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.item


class ItemView(ItemMixin, TemplateView):
    template_name = "rectification/item.html"

    def has_permission(self):
        return access.reads_items(self.access, self.item.college_id)

    def get_context_data(self, **kwargs):
        item = self.item
        notes = item.notes.select_related("author").prefetch_related("reports", "files")
        events = item.events.select_related("actor")
        subject = (self.access, item.college_id)
        return super().get_context_data(
            item=item,
            overdue=item.is_overdue(timezone.localdate()),
            notes=notes,
            events=events,
            may_plan=WORKFLOW.can_edit(item.status, *subject),
            may_note=WORKFLOW.can(PROGRESS, item.status, *subject),
            actions=WORKFLOW.available(item.status, *subject),
            # A return refused (the item moved on meanwhile) brings its reason back here.
            transition_form=restore_typing(
                self.request,
                TransitionForm(initial={"version": item.version}),
                reverse("rectification:act", args=[item.pk]),
            ),
            plan_first=WORKFLOW.can(PLAN, item.status, *subject),
            **kwargs,
        )


class PlanView(ItemMixin, FormPage):
    form_class = PlanForm
    page_title = gettext_lazy("Rectification plan")
    success_message = gettext_lazy("The plan has been saved.")
    creates = False

    def has_permission(self):
        return WORKFLOW.edits_ever(self.access, self.item.college_id)

    def state_problem(self):
        if not WORKFLOW.can_edit(self.item.status, self.access, self.item.college_id):
            return _("The item has been handed in for acceptance; its plan can no longer change.")
        return None

    def get_page_title(self):
        return f"{self.page_title} · {self.item.indicator.code} {self.item.indicator.name}"

    def get_instance(self):
        return self.item

    def get_initial(self):
        return {"version": self.item.version}

    def perform(self, form):
        data = form.cleaned_data
        return services.save_plan(
            self.item,
            self.request.user,
            measures=data["measures"],
            owner=data["owner"],
            deadline=data["deadline"],
            expected_version=data["version"],
        )


class NoteView(ItemMixin, FormPage):
    form_class = NoteForm
    page_title = pgettext_lazy("rectification", "Note progress")
    success_message = gettext_lazy("The progress note has been saved.")

    def has_permission(self):
        return WORKFLOW.may_ever(PROGRESS, self.access, self.item.college_id)

    def state_problem(self):
        if self.item.status not in WORKFLOW[PROGRESS].sources:
            return _("Progress is noted once the plan is written and until the item is handed in.")
        return None

    def get_page_title(self):
        return f"{self.page_title} · {self.item.indicator.code} {self.item.indicator.name}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "reports": services.note_reports(self.item)}

    def get_initial(self):
        return {"version": self.item.version}

    def get_cancel_url(self):
        return self.item.get_absolute_url()

    def perform(self, form):
        data = form.cleaned_data
        services.add_note(
            self.item,
            self.request.user,
            text=data["text"],
            on=data["on"],
            reports=data["reports"],
            files=data["files"],
            expected_version=data["version"],
        )
        return self.item


class TransitionView(ConfirmFirst, ItemMixin, ActionView):
    form_class = TransitionForm
    # Neither can be taken back by the one who takes it; a return can (the college submits again).
    QUESTIONS = {
        SUBMIT: gettext_lazy("Submit this rectification for acceptance?"),
        ACCEPT: gettext_lazy("Accept this rectification?"),
    }
    LABELS = {SUBMIT: gettext_lazy("Submit for acceptance"), ACCEPT: pgettext_lazy("button", "Accept")}

    def get_confirm_question(self, form) -> str:
        return str(self.QUESTIONS.get(form.cleaned_data["action"], ""))

    def get_confirm_label(self, form) -> str:
        return str(self.LABELS.get(form.cleaned_data["action"], self.confirm_label))

    def get_confirm_cancel_url(self) -> str:
        return self.item.get_absolute_url()

    def has_permission(self):
        subject = (self.access, self.item.college_id)
        return any(WORKFLOW.may_ever(action, *subject) for action in (SUBMIT, ACCEPT, RETURN))

    def perform(self, form):
        data = form.cleaned_data
        return services.transition(
            self.item, self.request.user, data["action"], data["comment"], expected_version=data["version"]
        )

    def get_success_message(self):
        return {
            ItemStatus.SUBMITTED: _("Submitted for acceptance; committee staff have been told."),
            ItemStatus.ACCEPTED: _("The rectification has been accepted."),
            ItemStatus.IN_PROGRESS: _("Returned to the college with your reason."),
        }.get(self.result.status, "")


class ChooseView(ScopedViewMixin, FormPage):
    """Staff choose indicators below full marks of a final assessment for rectification."""

    form_class = ChooseIndicatorsForm
    page_title = gettext_lazy("Choose indicators to rectify")
    subtitle = gettext_lazy(
        "Every indicator below full marks of the final assessment, with its gap; an item is made for each one "
        "chosen that has none yet."
    )
    who_may = access.creates_items.who

    @cached_property
    def assessment(self):
        assessments = Assessment.objects.visible_to(self.request.user).select_related("scheme", "college")
        return get_object_or_404(assessments, scheme__year=self.kwargs["year"], college__code=self.kwargs["code"])

    def get_scoped_object(self):
        return self.assessment

    def has_permission(self):
        return access.creates_items(self.access)

    def state_problem(self):
        if not self.assessment.is_final:
            return _("Rectification items are made from a final assessment only.")
        return None

    def get_page_title(self):
        return f"{self.page_title} · {self.assessment.college.name} · {self.assessment.scheme.year}"

    def get_form_kwargs(self):
        taken = set(self.assessment.rectifications.values_list("indicator_id", flat=True))
        return {**super().get_form_kwargs(), "scores": services.candidate_scores(self.assessment), "taken": taken}

    def get_cancel_url(self):
        return self.assessment.get_absolute_url()

    def perform(self, form):
        return services.create_items(self.assessment, self.request.user, form.cleaned_data["indicators"])

    def get_success_message(self):
        return _("%(count)d rectification items made.") % {"count": len(self.result)}

    def get_success_url(self):
        college = self.assessment.college.code
        return reverse("rectification:list") + f"?year={self.assessment.scheme.year}&college={college}"


class FileView(ItemMixin, View):
    def has_permission(self):
        return access.reads_items(self.access, self.item.college_id)

    def get(self, request, *args, **kwargs):
        files = NoteFile.objects.filter(note__item=self.item)
        stored = get_object_or_404(files, pk=self.kwargs["file_pk"])
        return stored.serve(inline=False)


class ExportView(ScopedViewMixin, View):
    def has_permission(self):
        return access.reads_every_item(self.access)

    def get(self, request, *args, **kwargs):
        year = self.kwargs["year"]
        if not 2000 <= year <= 2100:
            raise Http404
        return export.workbook_response(year)
