from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.edit import CreateView, DeleteView, UpdateView

from core.views import FormPageMixin

from . import services
from .access import (
    ManagerRequiredMixin,
    RoleRequiredMixin,
    ScopedViewMixin,
    authors,
    can_author,
    can_manage_everything,
    get_visible_college,
    visible_colleges,
)
from .forms import BrandProjectForm, CollegeForm, CollegeSearchForm, CommitteeMemberForm, MemberUnitForm
from .models import BrandProject, College, CommitteeMember, ElderKind, MemberUnit


class CollegeListView(RoleRequiredMixin, ListView):
    """The colleges the user may see, 30 to a page with a search by name or code (a province has thousands)."""

    template_name = "colleges/college_list.html"
    context_object_name = "colleges"
    paginate_by = 30

    @cached_property
    def search(self):
        return CollegeSearchForm(self.request.GET)

    def get_queryset(self):
        return (
            self.search.filter(visible_colleges(self.request.user))
            .annotate(
                member_count=Count("members", filter=Q(members__active=True), distinct=True),
                elder_count=Count(
                    "members", filter=Q(members__active=True) & ~Q(members__elder_kind=""), distinct=True
                ),
            )
            .prefetch_related(Prefetch("brand_projects", queryset=BrandProject.objects.order_by("-year")))
            .order_by("order", "code")
        )

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            can_add=can_manage_everything(self.request.user),
            search=self.search,
            querystring=query.urlencode(),
            **kwargs,
        )

    def paginate_queryset(self, queryset, page_size):
        """A page number that is not one is the first or the last page, never a 404."""
        page = self.get_paginator(queryset, page_size).get_page(self.request.GET.get("page"))
        return page.paginator, page, page.object_list, page.has_other_pages()


class CollegeDetailView(ScopedViewMixin, DetailView):
    template_name = "colleges/college_detail.html"
    context_object_name = "college"

    def get_scoped_object(self):
        return get_visible_college(self.request.user, self.kwargs["code"])

    def get_object(self, queryset=None):
        return self.scoped_object

    def get_context_data(self, **kwargs):
        college = self.object
        members = sorted(college.members.all(), key=lambda m: (not m.active, m.position_rank, m.name))
        active = [m for m in members if m.active]
        elders_by_kind = [(label, sum(1 for m in active if m.elder_kind == kind)) for kind, label in ElderKind.choices]
        brand_projects = list(college.brand_projects.order_by("-year"))
        this_year = timezone.localdate().year
        retired_years = sorted({m.retired_year for m in active if m.retired_year}, reverse=True)[:3]
        return super().get_context_data(
            members=members,
            active_count=len(active),
            elders_by_kind=elders_by_kind,
            elder_total=sum(count for _, count in elders_by_kind),
            recent_retirements=[(y, sum(1 for m in active if m.retired_year == y)) for y in retired_years],
            executive_deputies=[m for m in active if m.position == "executive_deputy"],
            brand_projects=brand_projects,
            this_year=this_year,
            has_this_years_project=any(p.year == this_year for p in brand_projects),
            can_manage=can_author(self.request.user, college),
            can_edit_college=can_manage_everything(self.request.user),
            **kwargs,
        )


class CollegeCreateView(ManagerRequiredMixin, FormPageMixin, CreateView):
    model = College
    form_class = CollegeForm
    page_title = gettext_lazy("New secondary college")
    success_message = gettext_lazy("The college has been added.")

    def get_cancel_url(self):
        return reverse("colleges:list")


class CollegeUpdateView(ManagerRequiredMixin, FormPageMixin, UpdateView):
    form_class = CollegeForm
    page_title = gettext_lazy("Edit college")
    success_message = gettext_lazy("The college has been saved.")

    def get_scoped_object(self):
        return get_visible_college(self.request.user, self.kwargs["code"])

    def get_object(self, queryset=None):
        return self.scoped_object


class CollegeScopedMixin(ScopedViewMixin):
    """Views about one college's committee: 404 outside the user's colleges, 403 for read-only roles."""

    @cached_property
    def college(self):
        return get_visible_college(self.request.user, self.kwargs["code"])

    def get_scoped_object(self):
        return self.college

    def has_permission(self):
        return authors(self.access, self.college.pk)

    def get_success_url(self):
        return self.college.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(college=self.college, **kwargs)


class MemberCreateView(CollegeScopedMixin, FormPageMixin, CreateView):
    form_class = CommitteeMemberForm
    success_message = gettext_lazy("The member has been added.")

    @property
    def page_title(self):
        return _("Add a committee member to %(college)s") % {"college": self.college}

    def form_valid(self, form):
        form.instance.college = self.college
        return super().form_valid(form)


class MemberObjectMixin(CollegeScopedMixin):
    def get_object(self, queryset=None):
        return get_object_or_404(CommitteeMember, college=self.college, pk=self.kwargs["pk"])


class MemberUpdateView(MemberObjectMixin, FormPageMixin, UpdateView):
    form_class = CommitteeMemberForm
    page_title = gettext_lazy("Edit committee member")
    success_message = gettext_lazy("The member has been saved.")


class MemberDeleteView(MemberObjectMixin, DeleteView):
    template_name = "colleges/member_confirm_delete.html"
    context_object_name = "member"

    def form_valid(self, form):
        name = self.object.name
        if services.remove_member(self.object):
            messages.success(self.request, _("%(name)s has been removed from the committee.") % {"name": name})
        else:
            messages.success(
                self.request,
                _("%(name)s took part in activity reports, so the record is kept and marked inactive.")
                % {"name": name},
            )
        return redirect(self.get_success_url())


class BrandProjectEditView(CollegeScopedMixin, FormPageMixin, UpdateView):
    """Create or edit the college's brand project of one year: there is at most one."""

    form_class = BrandProjectForm
    success_message = gettext_lazy("The brand project has been saved.")

    @property
    def page_title(self):
        return _("%(college)s · brand project %(year)d") % {"college": self.college, "year": self.kwargs["year"]}

    def get_object(self, queryset=None):
        existing = BrandProject.objects.filter(college=self.college, year=self.kwargs["year"]).first()
        return existing or BrandProject(college=self.college, year=self.kwargs["year"])

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except IntegrityError:
            # Someone else created this year's project between our read and our write.
            form.add_error(None, _("Someone has just created this year's brand project. Reload the page to edit it."))
            return self.form_invalid(form)


class MemberUnitListView(RoleRequiredMixin, TemplateView):
    template_name = "colleges/unit_list.html"

    def get_context_data(self, **kwargs):
        units = MemberUnit.objects.annotate(point_count=Count("work_points"))
        return super().get_context_data(units=units, can_edit=can_manage_everything(self.request.user), **kwargs)


class MemberUnitCreateView(ManagerRequiredMixin, FormPageMixin, CreateView):
    model = MemberUnit
    form_class = MemberUnitForm
    page_title = gettext_lazy("New member unit")
    success_message = gettext_lazy("The member unit has been added.")

    def get_success_url(self):
        return reverse("colleges:units")


class MemberUnitUpdateView(ManagerRequiredMixin, FormPageMixin, UpdateView):
    model = MemberUnit
    form_class = MemberUnitForm
    page_title = gettext_lazy("Edit member unit")
    success_message = gettext_lazy("The member unit has been saved.")

    def get_success_url(self):
        return reverse("colleges:units")
