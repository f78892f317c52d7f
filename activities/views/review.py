"""The reviewers' pages: the queue of submitted reports (filtered, paged, approved in batches) and the
side-by-side review of one report with next and previous in the queue's order."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from colleges.access import ManagerRequiredMixin, reviews, visible_colleges
from core.views import ActionView, restore_typing

from .. import queue, services
from ..forms import REVIEW_ACTIONS, ReviewForm
from ..models import Status
from .reports import DONE_MESSAGES, ReportMixin, report_content


def _titles(reports) -> str:
    return "、".join(f"“{report.title}”" for report in reports)


class QueueFiltersMixin:
    """The queue as the reviewer filtered it: the filters travel in the query string from page to page."""

    @cached_property
    def filter_form(self):
        data = self.request.GET.copy()
        for cursor in ("older", "newer"):
            data.pop(cursor, None)
        return queue.QueueFilterForm(data, colleges=visible_colleges(self.request.user))

    @cached_property
    def filters(self) -> str:
        """The query string of the filters alone, without a page cursor."""
        data = self.request.GET.copy()
        for cursor in ("older", "newer"):
            data.pop(cursor, None)
        return data.urlencode()

    def filtered_queue(self):
        return self.filter_form.filter(queue.waiting_reports(self.request.user), timezone.localdate())

    def with_filters(self, url: str) -> str:
        return f"{url}?{self.filters}" if self.filters else url


class ReviewQueueView(QueueFiltersMixin, ManagerRequiredMixin, TemplateView):
    """Submitted reports waiting for staff, a page at a time, oldest submission first unless asked otherwise."""

    template_name = "activities/review_queue.html"

    def get_context_data(self, **kwargs):
        reports = self.filtered_queue()
        order = self.filter_form.chosen_order
        older = queue.SUBMISSION.decode(self.request.GET.get("older"))
        newer = queue.SUBMISSION.decode(self.request.GET.get("newer")) if older is None else None
        page = queue.queue_page(reports, order, older=older, newer=newer)
        summary = queue.queue_summary(reports)
        return super().get_context_data(
            filter_form=self.filter_form,
            page=page,
            count=summary["count"],
            oldest=summary["oldest"],
            filters=self.filters,
            review_url=reverse("activities:review"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        """Batch approval: every ticked report at the version it was shown with."""
        form = queue.BatchApprovalForm(request.POST)
        if not form.is_valid():
            for error in form.non_field_errors() or [_("The selection was not valid; nothing was approved.")]:
                messages.error(request, error)
            return redirect(self.with_filters(reverse("activities:review")))
        approved, already_done = services.approve_many(request.user, form.versions())
        if approved:
            messages.success(
                request,
                _("Approved %(count)d reports: %(titles)s.") % {"count": len(approved), "titles": _titles(approved)},
            )
        if already_done:
            messages.warning(
                request,
                _("Already handled by someone else, so not approved again: %(titles)s.")
                % {"titles": _titles(already_done)},
            )
        return redirect(self.with_filters(reverse("activities:review")))


class ReviewReportView(QueueFiltersMixin, ReportMixin, ActionView, TemplateView):
    """One report beside its review form, with the previous and next report of the queue as filtered; after
    approving or returning it, the reviewer moves on to the next one."""

    template_name = "activities/review_report.html"
    http_method_names = ["get", "post"]
    form_class = ReviewForm
    result = None

    def has_permission(self):
        return reviews(self.access, self.report.college_id)

    @cached_property
    def neighbours(self) -> tuple[int | None, int | None]:
        key = queue.SUBMISSION.key_of(self.report)
        return queue.neighbours(self.filtered_queue(), key, self.filter_form.chosen_order)

    def review_url(self, pk: int | None) -> str | None:
        return self.with_filters(reverse("activities:review_report", args=[pk])) if pk else None

    def get_context_data(self, **kwargs):
        report = self.report
        previous, following = self.neighbours
        waiting = report.status == Status.SUBMITTED
        return super().get_context_data(
            report=report,
            **report_content(report),
            waiting=waiting,
            actions=REVIEW_ACTIONS if waiting else [],
            previous_url=self.review_url(previous),
            next_url=self.review_url(following),
            queue_url=self.with_filters(reverse("activities:review")),
            here_url=self.review_url(report.pk),
            # The page takes its own buttons: a refused return brings its reason back here.
            transition_form=restore_typing(self.request, ReviewForm(), self.request.path),
            **kwargs,
        )

    def perform(self, form):
        self.action = form.cleaned_data["action"]
        return services.transition(
            self.report, self.request.user, self.action, form.cleaned_data["comment"], form.cleaned_data["version"]
        )

    def get_success_message(self):
        return DONE_MESSAGES[self.action] % {"title": self.result.title}

    def get_success_url(self):
        if self.result is None:
            return self.review_url(self.report.pk)
        return self.review_url(self.neighbours[1]) or self.with_filters(reverse("activities:review"))
