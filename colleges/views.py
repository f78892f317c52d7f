from django import forms
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import DetailView, ListView, TemplateView

from core.views import ActionView, FormPage

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
from .models import BrandProject, CommitteeMember, ElderKind, MemberUnit


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


class CollegeCreateView(ManagerRequiredMixin, FormPage):
    form_class = CollegeForm
    page_title = gettext_lazy("New secondary college")
    success_message = gettext_lazy("The college has been added.")

    def perform(self, form):
        return form.save()

    def get_cancel_url(self):
        return reverse("colleges:list")


class CollegeUpdateView(ManagerRequiredMixin, FormPage):
    form_class = CollegeForm
    page_title = pgettext_lazy("page", "Edit college")
    success_message = gettext_lazy("The college has been saved.")

    def get_scoped_object(self):
        return get_visible_college(self.request.user, self.kwargs["code"])

    def get_instance(self):
        return self.scoped_object

    def perform(self, form):
        return form.save()


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

    def get_cancel_url(self):
        return self.college.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(college=self.college, **kwargs)


class MemberCreateView(CollegeScopedMixin, FormPage):
    form_class = CommitteeMemberForm
    success_message = gettext_lazy("The member has been added.")

    def get_page_title(self):
        return _("Add a committee member to %(college)s") % {"college": self.college}

    def perform(self, form):
        form.instance.college = self.college
        return form.save()


class MemberObjectMixin(CollegeScopedMixin):
    @cached_property
    def member(self):
        return get_object_or_404(CommitteeMember, college=self.college, pk=self.kwargs["pk"])


class MemberUpdateView(MemberObjectMixin, FormPage):
    form_class = CommitteeMemberForm
    page_title = gettext_lazy("Edit committee member")
    success_message = gettext_lazy("The member has been saved.")

    def get_instance(self):
        return self.member

    def perform(self, form):
        return form.save()


class MemberDeleteView(MemberObjectMixin, ActionView):
    """The member's delete page asks first; its button removes the member (or marks them inactive)."""

    http_method_names = ["get", "post"]
    form_class = forms.Form

    def get(self, request, *args, **kwargs):
        return render(request, "colleges/member_confirm_delete.html", {"member": self.member, "college": self.college})

    def perform(self, form):
        return services.remove_member(self.member)

    def get_success_message(self):
        if self.result:
            return _("%(name)s has been removed from the committee.") % {"name": self.member.name}
        return _("%(name)s took part in activity reports, so the record is kept and marked inactive.") % {
            "name": self.member.name
        }


class BrandProjectEditView(CollegeScopedMixin, FormPage):
    """Create or edit the college's brand project of one year: there is at most one."""

    form_class = BrandProjectForm
    success_message = gettext_lazy("The brand project has been saved.")

    def get_page_title(self):
        return _("%(college)s · brand project %(year)d") % {"college": self.college, "year": self.kwargs["year"]}

    @cached_property
    def project(self):
        existing = BrandProject.objects.filter(college=self.college, year=self.kwargs["year"]).first()
        return existing or BrandProject(college=self.college, year=self.kwargs["year"])

    def get_instance(self):
        return self.project

    def perform(self, form):
        return services.save_brand_project(form.save(commit=False))


class MemberUnitListView(RoleRequiredMixin, TemplateView):
    template_name = "colleges/unit_list.html"

    def get_context_data(self, **kwargs):
        units = MemberUnit.objects.annotate(point_count=Count("work_points"))
        return super().get_context_data(units=units, can_edit=can_manage_everything(self.request.user), **kwargs)


class MemberUnitFormPage(ManagerRequiredMixin, FormPage):
    form_class = MemberUnitForm

    def perform(self, form):
        return form.save()

    def get_success_url(self):
        return reverse("colleges:units")

    def get_cancel_url(self):
        return reverse("colleges:units")


class MemberUnitCreateView(MemberUnitFormPage):
    page_title = gettext_lazy("New member unit")
    success_message = gettext_lazy("The member unit has been added.")


class MemberUnitUpdateView(MemberUnitFormPage):
    page_title = gettext_lazy("Edit member unit")
    success_message = gettext_lazy("The member unit has been saved.")

    @cached_property
    def unit(self):
        return get_object_or_404(MemberUnit, pk=self.kwargs["pk"])

    def get_instance(self):
        return self.unit
