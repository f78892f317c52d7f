"""The portal's publicity pages: news items from approved reports, public notices, talks, award nominations and the
year's archive. The public site itself is in public_views.py."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.edit import CreateView, UpdateView

from activities.models import ActivityReport, Evidence, EvidenceKind
from activities.models import Status as ReportStatus
from colleges.access import ManagerRequiredMixin, ScopedViewMixin, require, reviews, visible_colleges
from colleges.models import College
from core.files import serve
from core.forms import VersionForm
from core.text import nest_quotes
from core.views import FormPageMixin, JobStatusView

from . import services, tasks, workflow
from .access import PUBLICITY_ROLES, proposes_for, reads_news, scope_news, writes_news
from .forms import DecisionForm, NewsForm, NewsTransitionForm, NominationForm, NoticeForm, TalkForm
from .models import (
    ArchiveState,
    AwardKind,
    NewsItem,
    NewsStatus,
    Nomination,
    NominationStatus,
    PublicNotice,
    Talk,
    YearArchive,
)


class PublicityMixin(ScopedViewMixin):
    roles = PUBLICITY_ROLES


# News items ----------------------------------------------------------------------------------------------------


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
            statuses=NewsStatus.choices,
            current_status=self.request.GET.get("status", ""),
            can_write=self.access.manages_everything or self.access.role == "correspondent",
            manages=reviews(self.access),
            **kwargs,
        )


class ChooseReportView(PublicityMixin, ListView):
    """The approved reports a writer may turn into news: a correspondent's own college's, or every college's."""

    template_name = "publicity/choose_report.html"
    context_object_name = "reports"
    paginate_by = 25

    def has_permission(self):
        return self.access.manages_everything or self.access.role == "correspondent"

    def get_queryset(self):
        reports = scope_news(ActivityReport.objects.approved(), self.access)
        return reports.select_related("college", "kind").order_by("-starts_on", "-pk")


class NewsCreateView(PublicityMixin, FormPageMixin, CreateView):
    form_class = NewsForm
    template_name = "publicity/news_form.html"
    page_title = gettext_lazy("New news item")

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

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            news = services.create_news(
                self.report, self.request.user, data["title"], data["text"], data["photos"], data["consented"]
            )
        except services.PublicityError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The news item has been saved as a draft."))
        return redirect(news)


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
            actions=workflow.available_actions(news.status, access, news.college_id),
            can_edit=workflow.can_edit(news.status, access, news.college_id),
            **kwargs,
        )


class NewsUpdateView(NewsMixin, FormPageMixin, UpdateView):
    form_class = NewsForm
    template_name = "publicity/news_form.html"
    page_title = gettext_lazy("Edit news item")

    def has_permission(self):
        return workflow.may_ever("submit", self.access, self.news.college_id) or reviews(self.access)

    def state_problem(self):
        if not workflow.can_edit(self.news.status, self.access, self.news.college_id):
            return _("This news item is “%(status)s” and cannot be changed by you now.") % {
                "status": self.news.get_status_display()
            }
        return None

    def get_object(self, queryset=None):
        return self.news

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "report": self.news.report}

    def get_cancel_url(self):
        return self.news.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.news.report, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.update_news(
                self.news,
                self.request.user,
                data.get("version") or 0,
                data["title"],
                data["text"],
                data["photos"],
                data["consented"],
            )
        except services.PublicityError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The news item has been saved."))
        return redirect(self.news)


NEWS_DONE = {
    "submit": gettext_lazy("“%(title)s” has been submitted to the committee."),
    "publish": gettext_lazy("“%(title)s” is now on the public site."),
    "return": gettext_lazy("“%(title)s” has been returned to the correspondent with your reason."),
    "retract": gettext_lazy("“%(title)s” has been taken off the public site."),
}


class NewsTransitionView(NewsMixin, View):
    http_method_names = ["post"]

    def has_permission(self):
        return writes_news(self.access, self.news.college_id)

    def post(self, request, *args, **kwargs):
        form = NewsTransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The request was incomplete; nothing was changed. Please try again."))
            return redirect(self.news)
        action = form.cleaned_data["action"]
        require(workflow.may_ever(action, self.access, self.news.college_id))
        try:
            news = services.transition_news(
                self.news, request.user, action, form.cleaned_data["comment"], form.cleaned_data["version"]
            )
        except services.PublicityError as error:
            messages.error(request, error.message)
            return redirect(self.news)
        messages.success(request, NEWS_DONE[action] % {"title": nest_quotes(news.title)})
        return redirect(news)


class ReportPhotoView(PublicityMixin, View):
    """A thumbnail of an approved report's photo, for those who write or read its college's news."""

    @cached_property
    def evidence(self):
        photos = Evidence.objects.filter(kind=EvidenceKind.PHOTO, report__status=ReportStatus.APPROVED)
        return get_object_or_404(scope_news(photos, self.access, "report__college"), pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.evidence

    def has_permission(self):
        return reads_news(self.access, self.evidence.report.college_id)

    def get(self, request, *args, **kwargs):
        evidence = self.evidence
        if evidence.thumbnail:
            return serve(evidence.thumbnail, filename=evidence.original_name, content_type="image/jpeg", inline=True)
        return evidence.serve(inline=True)


# Public notices and talks (staff) -------------------------------------------------------------------------------


class NoticeListView(PublicityMixin, ListView):
    template_name = "publicity/notice_list.html"
    context_object_name = "notices"
    paginate_by = 25
    queryset = PublicNotice.objects.all()

    def has_permission(self):
        return self.access.sees_every_college

    def get_context_data(self, **kwargs):
        return super().get_context_data(manages=reviews(self.access), **kwargs)


class NoticeCreateView(ManagerRequiredMixin, FormPageMixin, CreateView):
    form_class = NoticeForm
    page_title = gettext_lazy("New public notice")

    def get_cancel_url(self):
        return reverse("publicity:notices")

    def form_valid(self, form):
        services.save_notice(form.save(commit=False), self.request.user)
        messages.success(self.request, _("The notice has been saved; publish it to show it on the public site."))
        return redirect("publicity:notices")


class NoticeUpdateView(ManagerRequiredMixin, FormPageMixin, UpdateView):
    form_class = NoticeForm
    page_title = gettext_lazy("Edit public notice")
    model = PublicNotice

    def get_cancel_url(self):
        return reverse("publicity:notices")

    def form_valid(self, form):
        try:
            services.save_notice(form.save(commit=False), self.request.user, form.cleaned_data.get("version") or 0)
        except services.PublicityError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The public notice has been saved."))
        return redirect("publicity:notices")


class NoticePublishView(ManagerRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        notice = get_object_or_404(PublicNotice, pk=kwargs["pk"])
        form = VersionForm(request.POST)
        publish = request.POST.get("publish") == "on"
        if not form.is_valid():
            messages.error(request, _("The request was incomplete; nothing was changed. Please try again."))
            return redirect("publicity:notices")
        try:
            services.set_notice_published(notice, request.user, publish, form.cleaned_data["version"])
        except services.PublicityError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The notice is now on the public site.") if publish else _("The notice is no longer public."),
            )
        return redirect("publicity:notices")


class TalkListView(PublicityMixin, ListView):
    template_name = "publicity/talk_list.html"
    context_object_name = "talks"
    paginate_by = 25
    queryset = Talk.objects.select_related("college")

    def has_permission(self):
        return self.access.sees_every_college

    def get_context_data(self, **kwargs):
        return super().get_context_data(manages=reviews(self.access), **kwargs)


class TalkCreateView(ManagerRequiredMixin, FormPageMixin, CreateView):
    form_class = TalkForm
    page_title = gettext_lazy("New lecturer group talk")

    def get_cancel_url(self):
        return reverse("publicity:talks")

    def form_valid(self, form):
        services.save_talk(form.save(commit=False), self.request.user)
        messages.success(self.request, _("The talk has been saved."))
        return redirect("publicity:talks")


class TalkUpdateView(ManagerRequiredMixin, FormPageMixin, UpdateView):
    form_class = TalkForm
    page_title = gettext_lazy("Edit lecturer group talk")
    model = Talk

    def get_cancel_url(self):
        return reverse("publicity:talks")

    def form_valid(self, form):
        try:
            services.save_talk(form.save(commit=False), self.request.user, form.cleaned_data.get("version") or 0)
        except services.PublicityError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The talk has been saved."))
        return redirect("publicity:talks")


# Awards ---------------------------------------------------------------------------------------------------------


class NominationListView(ScopedViewMixin, TemplateView):
    """The year's nominations the user may see (a secretary: their college's), and the committee's decisions."""

    template_name = "publicity/nomination_list.html"

    def get_context_data(self, **kwargs):
        year = self.kwargs["year"]
        colleges = visible_colleges(self.request.user)
        nominations = (
            Nomination.objects.filter(year=year, college__in=colleges)
            .select_related("college", "decided_by")
            .order_by("kind", "college__order", "pk")
        )
        kwargs["year"] = year
        return super().get_context_data(
            nominations=nominations,
            kinds=AwardKind.choices,
            can_propose=proposes_for(self.access, self.access.college_id),
            decides=reviews(self.access),
            **kwargs,
        )


class NominationCreateView(ScopedViewMixin, FormPageMixin, CreateView):
    form_class = NominationForm
    page_title = gettext_lazy("New award nomination")

    def has_permission(self):
        return proposes_for(self.access, self.access.college_id)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        colleges = visible_colleges(self.request.user).filter(active=True)
        kwargs["colleges"] = colleges
        return kwargs

    def get_cancel_url(self):
        return reverse("publicity:nominations", args=[self.kwargs["year"]])

    def form_valid(self, form):
        nomination = form.save(commit=False)
        nomination.year = self.kwargs["year"]
        try:
            services.propose(nomination, self.request.user)
        except services.PublicityError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The nomination has been filed for the committee's decision."))
        return redirect("publicity:nominations", nomination.year)


class NominationMixin(ScopedViewMixin):
    @cached_property
    def nomination(self):
        colleges = visible_colleges(self.request.user)
        return get_object_or_404(
            Nomination.objects.filter(college__in=colleges).select_related("college"), pk=self.kwargs["pk"]
        )

    def get_scoped_object(self):
        return self.nomination


class NominationUpdateView(NominationMixin, FormPageMixin, UpdateView):
    form_class = NominationForm
    page_title = gettext_lazy("Edit award nomination")

    def has_permission(self):
        return proposes_for(self.access, self.nomination.college_id)

    def state_problem(self):
        if self.nomination.status != NominationStatus.PROPOSED:
            return _("The committee has decided on this nomination; it can no longer be changed.")
        return None

    def get_object(self, queryset=None):
        return self.nomination

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "colleges": College.objects.filter(pk=self.nomination.college_id)}

    def get_cancel_url(self):
        return reverse("publicity:nominations", args=[self.nomination.year])

    def form_valid(self, form):
        try:
            services.update_nomination(
                form.save(commit=False), self.request.user, form.cleaned_data.get("version") or 0
            )
        except services.PublicityError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The nomination has been saved."))
        return redirect("publicity:nominations", self.nomination.year)


class NominationDecideView(NominationMixin, View):
    http_method_names = ["post"]

    def has_permission(self):
        return reviews(self.access)

    def post(self, request, *args, **kwargs):
        form = DecisionForm(request.POST)
        nomination = self.nomination
        if not form.is_valid():
            messages.error(request, _("The request was incomplete; nothing was changed. Please try again."))
            return redirect("publicity:nominations", nomination.year)
        try:
            decided = services.decide(
                nomination,
                request.user,
                form.cleaned_data["decision"],
                form.cleaned_data["note"],
                form.cleaned_data["version"],
            )
        except services.PublicityError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The decision on “%(name)s” has been recorded: %(decision)s.")
                % {"name": decided.display_name, "decision": decided.get_status_display()},
            )
        return redirect("publicity:nominations", nomination.year)


# The year's archive ---------------------------------------------------------------------------------------------


class ArchiveView(PublicityMixin, View):
    """Build the year's archive (in the background) and download the finished builds."""

    def has_permission(self):
        return self.access.sees_every_college

    def get(self, request, *args, **kwargs):
        year = kwargs["year"]
        from . import archive

        return render(
            request,
            "publicity/archive.html",
            {
                "year": year,
                "builds": YearArchive.objects.filter(year=year).select_related("requested_by")[:20],
                "sections": list(archive.SECTIONS.values()),
            },
        )

    def post(self, request, *args, **kwargs):
        year = kwargs["year"]
        _row, outcome = tasks.request_archive(year, request.user)
        if outcome == "building":
            messages.info(request, _("This archive is already being built; it will appear below when ready."))
        elif outcome == "restarted":
            messages.info(request, _("The earlier build had stopped; it is being built again."))
        else:
            messages.success(request, _("The archive is being built; this page shows its progress."))
        return redirect("publicity:archive", year)


class ArchiveBuildMixin(PublicityMixin):
    def has_permission(self):
        return self.access.sees_every_college

    @cached_property
    def build(self):
        return get_object_or_404(YearArchive, pk=self.kwargs["pk"])


class ArchiveStatusView(ArchiveBuildMixin, JobStatusView):
    def get_job(self):
        return self.build


class ArchiveFileView(ArchiveBuildMixin, View):
    def get(self, request, *args, **kwargs):
        build = self.build
        if build.state != ArchiveState.DONE or not build.file:
            raise Http404
        try:
            handle = build.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=build.filename, content_type="application/zip")
