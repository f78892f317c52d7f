"""The year's scheme: its indicators as read by everyone, edited whole by staff, copied to another year."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from colleges.access import ManagerRequiredMixin, reviews
from core.views import FormPage

from .. import schemes
from ..forms import CopySchemeForm, IndicatorFormSet, SchemeForm
from .school import SchemeMixin


class SchemeView(SchemeMixin, TemplateView):
    template_name = "scoring/scheme.html"

    def get_context_data(self, **kwargs):
        indicators = list(self.scheme.indicators.select_related("parent"))
        groups = [i for i in indicators if i.parent_id is None]
        children = {g.pk: [i for i in indicators if i.parent_id == g.pk] for g in groups}
        return super().get_context_data(
            scheme=self.scheme,
            groups=[(g, children[g.pk]) for g in groups],
            key_count=sum(1 for i in schemes.scored_indicators(self.scheme) if i.is_key),
            problems=schemes.scheme_problems(self.scheme, indicators),
            locked=self.scheme.is_locked,
            can_edit=reviews(self.access),
            **kwargs,
        )


class SchemeEditView(ManagerRequiredMixin, SchemeMixin, View):
    """The scheme header and every indicator on one page; saved only if the whole scheme still adds up."""

    template_name = "scoring/scheme_edit.html"

    def state_problem(self):
        if self.scheme.is_locked:
            return _("Assessments of this year are final, so its scheme can no longer change.")
        return None

    def forms(self, data=None):
        form = SchemeForm(data, instance=self.scheme)
        groups = list(self.scheme.indicators.filter(parent__isnull=True).order_by("order", "code"))
        formset = IndicatorFormSet(
            data,
            queryset=self.scheme.indicators.order_by("order", "code"),
            form_kwargs={"scheme": self.scheme, "groups": groups},
        )
        return form, formset

    def get(self, request, *args, **kwargs):
        form, formset = self.forms()
        return render(request, self.template_name, {"scheme": self.scheme, "form": form, "formset": formset})

    def post(self, request, *args, **kwargs):
        form, formset = self.forms(request.POST)
        problems = []
        if form.is_valid() and formset.is_valid():
            problems = schemes.edit_scheme(self.scheme, lambda: (form.save(), formset.save()))
            if not problems:
                messages.success(request, _("The scheme has been saved."))
                return redirect("scoring:scheme", self.scheme.year)
        context = {"scheme": self.scheme, "form": form, "formset": formset, "problems": problems}
        return render(request, self.template_name, context)


class SchemeCopyView(ManagerRequiredMixin, SchemeMixin, FormPage):
    template_name = "scoring/scheme_copy.html"
    form_class = CopySchemeForm

    def get_initial(self):
        return {"year": self.scheme.year + 1}

    def get_context_data(self, **kwargs):
        return super().get_context_data(scheme=self.scheme, **kwargs)

    def perform(self, form):
        return schemes.copy_scheme(self.scheme, form.cleaned_data["year"])

    def get_success_message(self):
        return _("The %(year)d scheme has been created from this one.") % {"year": self.result.year}

    def get_success_url(self):
        return reverse("scoring:scheme", args=[self.result.year])

    def get_cancel_url(self):
        return reverse("scoring:scheme", args=[self.scheme.year])
