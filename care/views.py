"""The care board's pages. Every view takes colleges.access.ScopedViewMixin with the care roles; the object is
found among what the user may see (404), the action is decided by care.access (403), and every write is a
service of care.services."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.validators import slug_re
from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.edit import CreateView, FormView, UpdateView

from colleges.access import ScopedViewMixin
from colleges.forms import CollegeSearchForm
from colleges.models import Role
from core.views import FormPageMixin, page_of

from . import access as care_access
from . import figures, services, workflow
from .access import (
    CARE_ROLES,
    ELDER_ROLES,
    care_authors,
    care_colleges,
    keeps_offer,
    may_post,
    reads_log,
    reads_notes,
)
from .forms import (
    CloseForm,
    EvaluationForm,
    MaterialHelpForm,
    MeetingForm,
    MentorshipForm,
    MonthReportForm,
    NeedFilterForm,
    NeedForm,
    OfferForm,
    PairActionForm,
    ProgrammeFilterForm,
    ProgrammeForm,
    ProposeForm,
    SessionForm,
    members_for,
)
from .models import (
    CareSession,
    MaterialHelp,
    MentorMeeting,
    Mentorship,
    MonthlyCareReport,
    Need,
    NeedStatus,
    Offer,
    Pair,
    Programme,
    SensitiveRead,
)

CHOOSE_PER_PAGE = 30


class CareViewMixin(ScopedViewMixin):
    roles = CARE_ROLES


class CollegeChoiceMixin(CareViewMixin):
    """A page that writes for one college: the user's own, or the one staff chose (`?college=`); staff who have
    not chosen yet are asked which."""

    choose_url_name = ""

    def get_scoped_object(self):
        code = self.request.GET.get("college")
        if code:
            # Codes arrive in query strings, where anything may be typed; another college is a 404.
            if not slug_re.fullmatch(code):
                raise Http404
            return get_object_or_404(care_colleges(self.request.user), code=code)
        colleges = list(care_colleges(self.request.user)[:2])
        return colleges[0] if len(colleges) == 1 else None

    @property
    def college(self):
        return self.scoped_object

    def has_permission(self):
        if self.college is None:
            return self.access.manages_everything
        return care_authors(self.access, self.college.pk)

    def get(self, request, *args, **kwargs):
        if self.college is None:
            # A page of colleges with a search by name or code: a province has thousands.
            search = CollegeSearchForm(request.GET)
            page, querystring = page_of(
                request, search.filter(care_colleges(request.user).order_by("order", "code")), CHOOSE_PER_PAGE
            )
            context = {"colleges": page.object_list, "page_obj": page, "querystring": querystring, "search": search}
            return render(request, "care/choose_college.html", {**context, "next_url": reverse(self.choose_url_name)})
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.college is None:
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)


# ---- the overview ----------------------------------------------------------------------------------------------


def _year_or_none(value) -> int | None:
    try:
        year = int(value or "")
    except ValueError:
        return None
    return year if 2000 <= year <= 2100 else None


def _year_from(request) -> int:
    return _year_or_none(request.GET.get("year")) or timezone.localdate().year


class OverviewView(CareViewMixin, TemplateView):
    """The care board's figures for the reader's colleges, each linked to the list of what it counts."""

    template_name = "care/overview.html"

    def get_context_data(self, **kwargs):
        user, year = self.request.user, _year_from(self.request)
        needs = care_access.scope(Need.objects.filter(year=year), user)
        programmes = care_access.scope_programmes(Programme.objects.filter(year=year), user)
        college_id = None if self.access.sees_every_college else self.access.college_id
        return super().get_context_data(
            year=year,
            years=range(timezone.localdate().year, 2021, -1),
            totals=figures.totals(needs),
            rows=figures.needs_by_college_and_category(needs),
            median_days=figures.median_days_to_match(needs),
            elders=figures.elders_engaged(year, college_id),
            programme_rows=figures.programmes_by_kind(programmes),
            can_post=may_post(self.access),
            **kwargs,
        )


# ---- needs ------------------------------------------------------------------------------------------------------


class NeedListView(CareViewMixin, ListView):
    template_name = "care/need_list.html"
    context_object_name = "needs"
    paginate_by = 25

    @cached_property
    def filter_form(self):
        return NeedFilterForm(self.request.GET or None, colleges=care_colleges(self.request.user))

    def get_queryset(self):
        needs = care_access.scope(Need.objects.select_related("college", "category"), self.request.user)
        needs = needs.annotate(
            live_pairs=Count("pairs", filter=Q(pairs__status__in=workflow.LIVE_PAIR_STATUSES))
        ).order_by("-created_at", "-pk")
        return self.filter_form.filter(needs) if self.filter_form.is_bound else needs

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=self.filter_form,
            querystring=query.urlencode(),
            can_post=may_post(self.access),
            **kwargs,
        )


class NeedCreateView(CollegeChoiceMixin, FormPageMixin, CreateView):
    form_class = NeedForm
    page_title = gettext_lazy("Post a need")
    choose_url_name = "care:need_create"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "college": self.college}

    def get_cancel_url(self):
        return reverse("care:needs")

    def form_valid(self, form):
        try:
            need = services.post_need(form.save(commit=False), self.request.user)
        except services.CareError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The need has been posted. Choose an elder from the suggestions."))
        return redirect("care:match", need.pk)


class NeedMixin(CareViewMixin):
    @cached_property
    def need(self):
        return get_object_or_404(
            care_access.scope(Need.objects.select_related("college", "category"), self.request.user),
            pk=self.kwargs["pk"],
        )

    def get_scoped_object(self):
        return self.need


class NeedDetailView(NeedMixin, DetailView):
    template_name = "care/need_detail.html"
    context_object_name = "need"

    def get_object(self, queryset=None):
        return self.need

    def get_context_data(self, **kwargs):
        need = self.need
        return super().get_context_data(
            pairs=need.pairs.select_related("offer__member").annotate(session_count=Count("sessions")),
            events=need.events.select_related("actor"),
            can_edit=care_authors(self.access, need.college_id) and need.status != NeedStatus.CLOSED,
            can_match=workflow.can_propose(need.status, self.access, need.college_id)
            and not need.pairs.filter(status__in=workflow.LIVE_PAIR_STATUSES).exists(),
            can_read_notes=reads_notes(self.access, need.college_id),
            **kwargs,
        )


class NeedUpdateView(NeedMixin, FormPageMixin, UpdateView):
    form_class = NeedForm
    page_title = gettext_lazy("Edit need")

    def has_permission(self):
        return care_authors(self.access, self.need.college_id)

    def state_problem(self):
        if self.need.status == NeedStatus.CLOSED:
            return _("This need is closed and can no longer be changed.")
        return None

    def get_object(self, queryset=None):
        return self.need

    def get(self, request, *args, **kwargs):
        if self.need.notes:
            services.read_notes(self.need, request.user, "need notes (edit)")  # the form shows them: a logged read
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        return {"version": self.need.version}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "college": self.need.college}

    def get_cancel_url(self):
        return self.need.get_absolute_url()

    def form_valid(self, form):
        try:
            need = services.update_need(form.save(commit=False), self.request.user, form.cleaned_data["version"] or 0)
        except services.CareError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The need has been saved."))
        return redirect(need)


class NeedNotesView(NeedMixin, TemplateView):
    """The confidential notes, opened on purpose: a sensitive need's read is logged each time."""

    template_name = "care/need_notes.html"

    def has_permission(self):
        return reads_notes(self.access, self.need.college_id)

    def get_context_data(self, **kwargs):
        need = self.need
        notes = services.read_notes(need, self.request.user)
        sessions = CareSession.objects.filter(pair__need=need).select_related("pair__offer__member")
        return super().get_context_data(need=need, notes=notes, sessions=sessions, **kwargs)


class MatchView(NeedMixin, TemplateView):
    """Elders suggested for an open need, best first with the reasons; proposing one makes a proposed pair."""

    template_name = "care/match.html"

    def has_permission(self):
        return care_authors(self.access, self.need.college_id)

    def state_problem(self):
        if self.need.status != NeedStatus.OPEN:
            return _("This need is no longer open for matching.")
        if self.need.pairs.filter(status__in=workflow.LIVE_PAIR_STATUSES).exists():
            return _("This need already has a proposed or active pair.")
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(need=self.need, suggestions=services.suggestions(self.need), **kwargs)

    def post(self, request, *args, **kwargs):
        form = ProposeForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The request was incomplete; nothing was changed. Please try again."))
            return redirect("care:match", self.need.pk)
        try:
            pair = services.propose(self.need, form.cleaned_data["offer"], request.user, form.cleaned_data["version"])
        except services.CareError as error:
            messages.error(request, error.message)
            return redirect(self.need)
        messages.success(request, _("The pair has been proposed. Confirm it once the elder has agreed."))
        return redirect(pair)


# ---- pairs -------------------------------------------------------------------------------------------------------


class PairMixin(CareViewMixin):
    @cached_property
    def pair(self):
        pairs = Pair.objects.select_related("need__college", "need__category", "offer__member", "offer__college")
        return get_object_or_404(care_access.scope(pairs, self.request.user, "need__college"), pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.pair


class PairDetailView(PairMixin, DetailView):
    template_name = "care/pair_detail.html"
    context_object_name = "pair"

    def get_object(self, queryset=None):
        return self.pair

    def get_context_data(self, **kwargs):
        pair, college_id = self.pair, self.pair.need.college_id
        show_notes = not pair.need.is_sensitive
        return super().get_context_data(
            need=pair.need,
            sessions=pair.sessions.all(),
            show_notes=show_notes,
            actions=workflow.available_actions(pair.status, self.access, college_id),
            can_log=workflow.can_log_session(pair.status, self.access, college_id),
            action_form=PairActionForm(initial={"version": pair.version}),
            **kwargs,
        )


class PairActionView(PairMixin, View):
    http_method_names = ["post"]

    def has_permission(self):
        return care_authors(self.access, self.pair.need.college_id)

    def post(self, request, *args, **kwargs):
        form = PairActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The request was incomplete; nothing was changed. Please try again."))
            return redirect(self.pair)
        try:
            services.transition_pair(
                self.pair, request.user, form.cleaned_data["action"], form.cleaned_data["version"]
            )
        except services.CareError as error:
            messages.error(request, error.message)
            return redirect(self.pair)
        done = {
            "confirm": _("The pair has been confirmed; the elder's college contact has been told."),
            "cancel": _("The pair has been cancelled; the need is open again."),
        }
        messages.success(request, done[form.cleaned_data["action"]])
        return redirect(self.pair)


class PairCloseView(PairMixin, FormView):
    template_name = "form_page.html"
    form_class = CloseForm

    def has_permission(self):
        return care_authors(self.access, self.pair.need.college_id)

    def state_problem(self):
        if self.pair.status != "active":
            return _("Only an active pair can be closed.")
        return None

    def get_initial(self):
        return {"version": self.pair.version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Close the pair"), cancel_url=self.pair.get_absolute_url(), **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.transition_pair(
                self.pair,
                self.request.user,
                workflow.CLOSE,
                data["version"],
                outcome=data["outcome"],
                feedback=data["feedback"],
            )
        except services.CareError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The pair has been closed with its outcome."))
        return redirect(self.pair)


class SessionCreateView(PairMixin, FormPageMixin, CreateView):
    form_class = SessionForm
    page_title = gettext_lazy("Log a talk or help session")

    def has_permission(self):
        return care_authors(self.access, self.pair.need.college_id)

    def state_problem(self):
        if self.pair.status != "active":
            return _("Sessions are logged for an active pair.")
        return None

    def get_cancel_url(self):
        return self.pair.get_absolute_url()

    def form_valid(self, form):
        session = form.save(commit=False)
        session.pair = self.pair
        try:
            services.log_session(session, self.request.user)
        except services.CareError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The session has been logged."))
        return redirect(self.pair)


# ---- offers ---------------------------------------------------------------------------------------------------


class OfferListView(CareViewMixin, ListView):
    """The resources menu: every elder's offer (a college may be matched with any elder)."""

    template_name = "care/offer_list.html"
    context_object_name = "offers"
    paginate_by = 50

    def get_queryset(self):
        offers = services.offers_with_load().prefetch_related("areas").order_by("college__order", "pk")
        if self.access.college_id and self.request.GET.get("mine"):
            offers = offers.filter(college_id=self.access.college_id)
        engaged = _year_or_none(self.request.GET.get("engaged"))
        if engaged:
            # What the overview's "elders engaged" counts: committee elders who took part in the year.
            offers = offers.filter(
                pk__in=Offer.objects.filter(figures.engaged_in(engaged), member__active=True)
                .exclude(member__elder_kind="")
                .values("pk")
            )
            if not self.access.sees_every_college:
                offers = offers.filter(college_id=self.access.college_id)
        return care_access.scope_offers(offers, self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for offer in context["offers"]:
            offer.may_edit = keeps_offer(self.access, offer.college_id)
        context["can_add"] = may_post(self.access)
        return context


class OfferFormMixin(FormPageMixin):
    form_class = OfferForm

    def get_form_kwargs(self):
        from django.contrib.auth import get_user_model

        staff = self.access.manages_everything
        elders = get_user_model().objects.filter(membership__role=Role.ELDER, is_active=True)
        taken = Offer.objects.exclude(user=None)
        if getattr(self, "object", None) and self.object.pk:
            taken = taken.exclude(pk=self.object.pk)
        return {
            **super().get_form_kwargs(),
            "members": members_for(None if staff else self.access.college_id),
            "may_keep_outside": staff,
            "elder_users": elders.exclude(pk__in=taken.values("user")),
        }

    def get_cancel_url(self):
        return reverse("care:offers")

    def form_valid(self, form):
        try:
            services.save_offer(
                form.save(commit=False),
                self.request.user,
                form.cleaned_data["areas"],
                form.cleaned_data.get("version"),
            )
        except services.CareError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The offer has been saved."))
        return redirect("care:offers")


class OfferCreateView(CareViewMixin, OfferFormMixin, CreateView):
    page_title = gettext_lazy("New offer of help")

    def has_permission(self):
        return may_post(self.access)


class OfferUpdateView(CareViewMixin, OfferFormMixin, UpdateView):
    page_title = gettext_lazy("Edit offer of help")

    @cached_property
    def offer(self):
        return get_object_or_404(
            care_access.scope_offers(Offer.objects.all(), self.request.user), pk=self.kwargs["pk"]
        )

    def get_scoped_object(self):
        return self.offer

    def has_permission(self):
        return keeps_offer(self.access, self.offer.college_id)

    def get_object(self, queryset=None):
        return self.offer

    def get_initial(self):
        return {"version": self.offer.version}


# ---- material help and the month's report ----------------------------------------------------------------


class MaterialListView(CareViewMixin, ListView):
    template_name = "care/material_list.html"
    context_object_name = "rows"
    paginate_by = 50

    def get_queryset(self):
        return care_access.scope(MaterialHelp.objects.select_related("college"), self.request.user)

    def get_context_data(self, **kwargs):
        rows = self.get_queryset()
        return super().get_context_data(
            totals=rows.aggregate(people=Sum("people"), value=Sum("value")),
            can_add=may_post(self.access),
            **kwargs,
        )


class MaterialCreateView(CollegeChoiceMixin, FormPageMixin, CreateView):
    form_class = MaterialHelpForm
    page_title = gettext_lazy("Record material help (阳光屋)")
    choose_url_name = "care:material_create"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "college": self.college}

    def get_cancel_url(self):
        return reverse("care:material")

    def form_valid(self, form):
        services.record_material_help(form.save(commit=False), self.request.user)
        messages.success(self.request, _("The material help has been recorded."))
        return redirect("care:material")


class MonthReportView(CollegeChoiceMixin, FormView):
    """A month's care work becomes a draft activity report in one step; once approved, it is linked as evidence of
    the care indicator of the college's self-assessment."""

    template_name = "care/month_reports.html"
    form_class = MonthReportForm
    choose_url_name = "care:month_report"

    def get_context_data(self, **kwargs):
        filed = MonthlyCareReport.objects.filter(college=self.college).select_related("report")
        filed = filed.prefetch_related("report__indicator_scores")
        return super().get_context_data(college=self.college, filed=filed, **kwargs)

    def get_initial(self):
        return {"month": timezone.localdate().replace(day=1)}

    def form_valid(self, form):
        month: datetime.date = form.cleaned_data["month"]
        try:
            monthly = services.file_month_report(self.college, month.year, month.month, self.request.user)
        except services.CareError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The month's care work is now a draft activity report. Add a photo and submit it for review."),
        )
        return redirect(monthly.report)


class LinkEvidenceView(CareViewMixin, View):
    http_method_names = ["post"]

    @cached_property
    def monthly(self):
        rows = MonthlyCareReport.objects.select_related("report", "college")
        return get_object_or_404(care_access.scope(rows, self.request.user), pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.monthly

    def has_permission(self):
        return care_authors(self.access, self.monthly.college_id)

    def post(self, request, *args, **kwargs):
        back = f"{reverse('care:month_report')}?college={self.monthly.college.code}"
        try:
            services.link_as_evidence(self.monthly, request.user)
        except services.CareError as error:
            messages.error(request, error.message)
            return redirect(back)
        messages.success(request, _("The report is now evidence of the care indicator in the self-assessment."))
        return redirect(back)


# ---- programmes ----------------------------------------------------------------------------------------------


class ProgrammeListView(CareViewMixin, ListView):
    template_name = "care/programme_list.html"
    context_object_name = "programmes"

    @cached_property
    def filter_form(self):
        return ProgrammeFilterForm(self.request.GET or None)

    def get_queryset(self):
        programmes = care_access.scope_programmes(Programme.objects.select_related("college"), self.request.user)
        programmes = programmes.annotate(
            pair_count=Count("mentorships", distinct=True), meeting_count=Count("mentorships__meetings")
        )
        if self.filter_form.is_bound:
            if not self.filter_form.is_valid():
                return programmes.none()
            data = self.filter_form.cleaned_data
            if data["kind"]:
                programmes = programmes.filter(kind=data["kind"])
            if data["year"]:
                programmes = programmes.filter(year=data["year"])
        return programmes

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filter_form,
            can_add=may_post(self.access),
            **kwargs,
        )


class ProgrammeCreateView(CollegeChoiceMixin, FormPageMixin, CreateView):
    """Staff make school-wide programmes (no college chosen); a college makes its own."""

    form_class = ProgrammeForm
    page_title = gettext_lazy("New mentoring programme")
    choose_url_name = "care:programme_create"

    def get(self, request, *args, **kwargs):
        return CreateView.get(self, request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return CreateView.post(self, request, *args, **kwargs)

    def get_initial(self):
        return {"year": timezone.localdate().year}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "college": self.college}

    def get_cancel_url(self):
        return reverse("care:programmes")

    def form_valid(self, form):
        programme = services.save_programme(form.save(commit=False), self.request.user)
        messages.success(self.request, _("The programme has been saved."))
        return redirect(programme)


class ProgrammeMixin(CareViewMixin):
    @cached_property
    def programme(self):
        programmes = care_access.scope_programmes(Programme.objects.select_related("college"), self.request.user)
        return get_object_or_404(programmes, pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.programme


class ProgrammeDetailView(ProgrammeMixin, DetailView):
    template_name = "care/programme_detail.html"
    context_object_name = "programme"

    def get_object(self, queryset=None):
        return self.programme

    def get_context_data(self, **kwargs):
        mentorships = self.programme.mentorships.select_related("offer__member").annotate(
            meeting_count=Count("meetings"), meeting_minutes=Sum("meetings__minutes")
        )
        return super().get_context_data(
            mentorships=mentorships, can_edit=care_authors(self.access, self.programme.college_id), **kwargs
        )


class ProgrammeUpdateView(ProgrammeMixin, FormPageMixin, UpdateView):
    form_class = ProgrammeForm
    page_title = gettext_lazy("Edit mentoring programme")

    def has_permission(self):
        return care_authors(self.access, self.programme.college_id)

    def get_object(self, queryset=None):
        return self.programme

    def get_initial(self):
        return {"version": self.programme.version}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "college": self.programme.college}

    def get_cancel_url(self):
        return self.programme.get_absolute_url()

    def form_valid(self, form):
        try:
            programme = services.save_programme(
                form.save(commit=False), self.request.user, form.cleaned_data.get("version") or 0
            )
        except services.CareError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The programme has been saved."))
        return redirect(programme)


class MentorshipCreateView(ProgrammeMixin, FormPageMixin, CreateView):
    form_class = MentorshipForm
    page_title = gettext_lazy("New mentoring pair")

    def has_permission(self):
        return care_authors(self.access, self.programme.college_id)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.programme}

    def get_cancel_url(self):
        return self.programme.get_absolute_url()

    def form_valid(self, form):
        mentorship = services.add_mentorship(form.save(commit=False), self.request.user)
        messages.success(self.request, _("The mentoring pair has been added."))
        return redirect(mentorship)


class MentorshipMixin(CareViewMixin):
    @cached_property
    def mentorship(self):
        programmes = care_access.scope_programmes(Programme.objects.all(), self.request.user)
        rows = Mentorship.objects.select_related("programme__college", "offer__member").filter(
            programme__in=programmes
        )
        return get_object_or_404(rows, pk=self.kwargs["pk"])

    def get_scoped_object(self):
        return self.mentorship

    def may_write(self):
        return care_authors(self.access, self.mentorship.programme.college_id)


class MentorshipDetailView(MentorshipMixin, DetailView):
    template_name = "care/mentorship_detail.html"
    context_object_name = "mentorship"

    def get_object(self, queryset=None):
        return self.mentorship

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meetings=self.mentorship.meetings.all(),
            can_edit=self.may_write() and not self.mentorship.evaluated_at,
            **kwargs,
        )


class MeetingCreateView(MentorshipMixin, FormPageMixin, CreateView):
    form_class = MeetingForm
    page_title = gettext_lazy("Log a mentoring meeting")

    def has_permission(self):
        return self.may_write()

    def state_problem(self):
        if self.mentorship.evaluated_at:
            return _("This pair has been evaluated for the year; no more meetings are logged.")
        return None

    def get_cancel_url(self):
        return self.mentorship.get_absolute_url()

    def form_valid(self, form):
        meeting = form.save(commit=False)
        meeting.mentorship = self.mentorship
        try:
            services.log_meeting(meeting, self.request.user)
        except services.CareError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The meeting has been logged."))
        return redirect(self.mentorship)


class EvaluateView(MentorshipMixin, FormView):
    template_name = "form_page.html"
    form_class = EvaluationForm

    def has_permission(self):
        return self.may_write()

    def state_problem(self):
        if self.mentorship.evaluated_at:
            return _("This pair has already been evaluated for the year.")
        return None

    def get_initial(self):
        return {"version": self.mentorship.version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Year-end evaluation"), cancel_url=self.mentorship.get_absolute_url(), **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.evaluate(self.mentorship, self.request.user, data["grade"], data["evaluation"], data["version"])
        except services.CareError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The evaluation has been saved."))
        return redirect(self.mentorship)


# ---- privacy: the read log -------------------------------------------------------------------------------------


class ReadLogView(CareViewMixin, ListView):
    """Every read of a sensitive need's confidential notes: who, when, which need. Staff only."""

    template_name = "care/read_log.html"
    context_object_name = "reads"
    paginate_by = 50

    def has_permission(self):
        return reads_log(self.access)

    def get_queryset(self):
        return SensitiveRead.objects.select_related("user", "college", "need__category")


# ---- the elder's own page ------------------------------------------------------------------------------------


class ElderHomeView(ScopedViewMixin, TemplateView):
    """An elder's one page: their own pairs and sessions, and their mentoring pairs; nothing else."""

    roles = ELDER_ROLES
    template_name = "care/mine.html"

    def get_context_data(self, **kwargs):
        offer = Offer.objects.filter(user=self.request.user).first()
        pairs = mentorships = []
        if offer is not None:
            pairs = (
                offer.pairs.exclude(status="cancelled")
                .select_related("need__category", "need__college")
                .prefetch_related(Prefetch("sessions", queryset=CareSession.objects.order_by("-held_on")))
            )
            mentorships = offer.mentorships.select_related("programme").prefetch_related(
                Prefetch("meetings", queryset=MentorMeeting.objects.order_by("-held_on"))
            )
        return super().get_context_data(offer=offer, pairs=pairs, mentorships=mentorships, **kwargs)


# ---- export: counts only --------------------------------------------------------------------------------------


class ExportView(CareViewMixin, View):
    """The figures as a workbook: counts by college and category, never a code, a note or a name."""

    def get(self, request, *args, **kwargs):
        from io import BytesIO

        from openpyxl import Workbook

        from core.xlsx import XLSX_CONTENT_TYPE

        from .export import needs_sheet

        year = _year_from(request)
        workbook = Workbook(write_only=True)
        needs_sheet(workbook, care_access.scope(Need.objects.filter(year=year), request.user))
        buffer = BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="care-{year}.xlsx"'
        return response
