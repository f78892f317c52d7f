"""Reviewed scores of many colleges from a sheet, and the sheet to fill in."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from colleges.access import ManagerRequiredMixin
from colleges.models import College
from core.files import attach
from core.xlsx import XLSX_CONTENT_TYPE

from .. import imports, schemes
from ..forms import ImportForm
from ..importer import ScoreImportError
from ..sheets import write_template
from ..workflow import ScoringError
from .school import SchemeMixin

MAX_ERRORS_SHOWN = 200


class ImportView(ManagerRequiredMixin, SchemeMixin, View):
    template_name = "scoring/import.html"

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, {"scheme": self.scheme, "form": ImportForm()})

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        errors = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = imports.import_review_scores(
                    self.scheme,
                    upload.name,
                    upload.read(),
                    request.user,
                    finalise=form.cleaned_data["finalise"],
                    reopen_final=form.cleaned_data["reopen_final"],
                )
            except ScoreImportError as error:
                errors = error.errors[:MAX_ERRORS_SHOWN]
                if len(error.errors) > MAX_ERRORS_SHOWN:
                    errors.append(
                        _("… and %(count)d more problems.") % {"count": len(error.errors) - MAX_ERRORS_SHOWN}
                    )
            except ScoringError as error:
                errors = [error.message]
            else:
                messages.success(
                    request,
                    _("%(scores)d scores of %(colleges)d colleges imported; %(final)d assessments finalised.")
                    % {"scores": result.scores, "colleges": result.colleges, "final": result.finalised},
                )
                return redirect("scoring:school", self.scheme.year)
        context = {"scheme": self.scheme, "form": form, "errors": errors}
        return render(request, self.template_name, context)


class ImportTemplateView(ManagerRequiredMixin, SchemeMixin, View):
    """The score sheet to fill in: every active college × scored indicator, codes and names prefilled."""

    def get(self, request, *args, **kwargs):
        indicators = schemes.scored_indicators(self.scheme)
        colleges = College.objects.active().order_by("order", "code").only("code", "name")
        rows = [(c.code, c.name, i.code, i.name, i.max_points) for c in colleges for i in indicators]
        response = HttpResponse(write_template(self.scheme.year, rows), content_type=XLSX_CONTENT_TYPE)
        filename = _("reviewed-scores-%(year)d.xlsx") % {"year": self.scheme.year}
        return attach(response, filename)
