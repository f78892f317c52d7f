"""News items: the list, choosing an approved report, writing and editing an item, its workflow's buttons, and the
report photos a writer chooses from."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView

from activities.models import ActivityReport
from colleges.access import require
from core.files import serve
from core.text import nest_quotes
from core.views import ActionView, FormPage, restore_typing

from .. import services
from ..access import reads_news, scope_news, visible_report_photos, writes_news, writes_some_news
from ..forms import NewsForm, NewsTransitionForm
from ..models import NewsItem, NewsStatus
from ..workflow import WORKFLOW
from .base import PublicityMixin


class NewsListView(PublicityMixin, ListView):
    """The news items the user may see; a correspondent's home."""

    template_name = "publicity/news_list.html"
    context_object_name = "items"
    paginate_by = 25

    def get_queryset(self):
        items = scope_news(NewsItem.objects.select_related("college", "report"), self.access)
        status = self.request.GET.get("status")
        if status in NewsStatus.values:
            items = items.filter(status=status)
        return items.order_by("-updated_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statuses=NewsStatus.choices, current_status=self.request.GET.get("status", ""), **kwargs
        )


class ChooseReportView(PublicityMixin, ListView):
    """The approved reports a writer may turn into news: a correspondent's own college's, or every college's."""

    template_name = "publicity/choose_report.html"
    context_object_name = "reports"
    paginate_by = 25

    def has_permission(self):
        return writes_some_news(self.access)

    def get_queryset(self):
        reports = scope_news(ActivityReport.objects.approved(), self.access)
        return reports.select_related("college", "kind").order_by("-starts_on", "-pk")


class NewsCreateView(PublicityMixin, FormPage):
    form_class = NewsForm
    template_name = "publicity/news_form.html"
    page_title = gettext_lazy("New news item")
    success_message = gettext_lazy("The news item has been saved as a draft.")

    @cached_property
    def report(self):
        return get_object_or_404(
            # Only an approved report becomes news: any other is not there to choose (404).
            scope_news(ActivityReport.objects.approved().select_related("college"), self.access),
            pk=self.kwargs["report_pk"],
        )

    def get_scoped_object(self):
        return self.report

    def has_permission(self):
        return writes_news(self.access, self.report.college_id)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "report": self.report}

    def get_cancel_url(self):
        return reverse("publicity:choose_report")

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.report, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return services.create_news(
            self.report, self.request.user, data["title"], data["text"], data["photos"], data["consented"]
        )


class NewsMixin(PublicityMixin):
    @cached_property
    def news(self):
        return get_object_or_404(
            scope_news(NewsItem.objects.select_related("college", "report"), self.access), pk=self.kwargs["pk"]
        )

    def get_scoped_object(self):
        return self.news

    def has_permission(self):
        return reads_news(self.access, self.news.college_id)


class NewsDetailView(NewsMixin, DetailView):
    template_name = "publicity/news_detail.html"
    context_object_name = "news"

    def get_object(self, queryset=None):
        return self.news

    def get_context_data(self, **kwargs):
        news, access = self.news, self.access
        return super().get_context_data(
            photos=news.photos.select_related("evidence"),
            events=news.events.select_related("actor"),
            actions=WORKFLOW.available(news.status, access, news.college_id),
            can_edit=WORKFLOW.can_edit(news.status, access, news.college_id),
            # A return or retraction refused (the item moved on meanwhile) brings its reason back here.
            transition_form=restore_typing(
                self.request, NewsTransitionForm(), reverse("publicity:news_transition", args=[news.pk])
            ),
            **kwargs,
        )


class NewsUpdateView(NewsMixin, FormPage):
    form_class = NewsForm
    template_name = "publicity/news_form.html"
    page_title = gettext_lazy("Edit news item")
    success_message = gettext_lazy("The news item has been saved.")

    def has_permission(self):
        # Whoever edits the item in some status: its writers (staff among them, who edit while it waits).
        return writes_news(self.access, self.news.college_id)

    def state_problem(self):
        if not WORKFLOW.can_edit(self.news.status, self.access, self.news.college_id):
            return _("This news item is “%(status)s” and cannot be changed by you now.") % {
                "status": self.news.get_status_display()
            }
        return None

    def get_instance(self):
        return self.news

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "report": self.news.report}

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.news.report, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return services.update_news(
            self.news,
            self.request.user,
            data.get("version") or 0,
            data["title"],
            data["text"],
            data["photos"],
            data["consented"],
        )


NEWS_DONE = {
    "submit": gettext_lazy("“%(title)s” has been submitted to the committee."),
    "publish": gettext_lazy("“%(title)s” is now on the public site."),
    "return": gettext_lazy("“%(title)s” has been returned to the correspondent with your reason."),
    "retract": gettext_lazy("“%(title)s” has been taken off the public site."),
}


class NewsTransitionView(NewsMixin, ActionView):
    """A news item's workflow button: submit, publish, return or retract."""

    form_class = NewsTransitionForm

    def has_permission(self):
        return writes_news(self.access, self.news.college_id)

    def perform(self, form):
        action = form.cleaned_data["action"]
        require(WORKFLOW.may_ever(action, self.access, self.news.college_id))
        return services.transition_news(
            self.news, self.request.user, action, form.cleaned_data["comment"], form.cleaned_data["version"]
        )

    def get_success_message(self):
        return NEWS_DONE[self.request.POST["action"]] % {"title": nest_quotes(self.result.title)}


class ReportPhotoView(PublicityMixin, View):
    """A thumbnail of an approved report's photo, for those who write or read its college's news."""

    @cached_property
    def evidence(self):
        return get_object_or_404(visible_report_photos(self.access), pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.evidence

    def has_permission(self):
        return reads_news(self.access, self.evidence.report.college_id)

    def get(self, request, *args, **kwargs):
        evidence = self.evidence
        if evidence.thumbnail:
            return serve(evidence.thumbnail, filename=evidence.original_name, content_type="image/jpeg", inline=True)
        return evidence.serve(inline=True)
