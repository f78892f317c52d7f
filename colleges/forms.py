from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import PlainForm, PortalForm

from .models import BrandProject, College, CommitteeMember, MemberUnit

# Path segments under /colleges/ that are pages, not college codes.
RESERVED_CODES = {"new", "units"}


class CollegeForm(PortalForm):
    layout = Layout(
        Row(Column("name"), Column("short_name")), Row(Column("code"), Column("campus")), "order", "active"
    )

    class Meta:
        model = College
        fields = ["name", "short_name", "code", "campus", "order", "active"]

    def clean_code(self):
        code = self.cleaned_data["code"].lower()
        if code in RESERVED_CODES:
            raise forms.ValidationError(_("This code is reserved by the portal; please choose another."))
        return code


class CommitteeMemberForm(PortalForm):
    layout = Layout(
        Row(Column("name"), Column("position")),
        "title",
        Row(Column("elder_kind"), Column("retired_year")),
        "contact",
        "active",
    )

    class Meta:
        model = CommitteeMember
        fields = ["name", "position", "title", "elder_kind", "retired_year", "contact", "active"]

    def clean_retired_year(self):
        year = self.cleaned_data["retired_year"]
        this_year = timezone.localdate().year
        if year is not None and not 1950 <= year <= this_year:
            raise forms.ValidationError(_("Enter a year between 1950 and %(year)d.") % {"year": this_year})
        return year


class BrandProjectForm(PortalForm):
    layout = Layout("title", "summary", Row(Column("lead"), Column("status")))

    class Meta:
        model = BrandProject
        fields = ["title", "summary", "lead", "status"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}


class MemberUnitForm(PortalForm):
    layout = Layout(Row(Column("name"), Column("full_name")), "duties", "order")

    class Meta:
        model = MemberUnit
        fields = ["name", "full_name", "duties", "order"]
        widgets = {"duties": forms.Textarea(attrs={"rows": 4})}


class CollegeSearchForm(PlainForm):
    """Narrows a long list of colleges (a province has thousands) by name, short name or code."""

    q = forms.CharField(label=_("Find a college by name or code"), required=False, max_length=100)

    def filter(self, queryset, college: str = ""):
        """`queryset` narrowed to the colleges matching the search; `college` is the path to the college from
        the queryset's model ("" for colleges themselves, "college__" for their assessments)."""
        if not self.is_valid():
            return queryset.none()
        term = self.cleaned_data["q"].strip()
        if not term:
            return queryset
        return queryset.filter(
            Q(**{f"{college}name__icontains": term})
            | Q(**{f"{college}short_name__icontains": term})
            | Q(**{f"{college}code__icontains": term})
        )
