"""The self-assessment (the college's scores, notes, linked reports and documents) and the review (staff's
reviewed scores), on one form page each."""

from django.utils.translation import gettext as _

from colleges.access import reviews
from core.views import FormPage

from .. import assessments
from ..forms import ScoresForm
from ..models import ScoreField
from ..workflow import WORKFLOW
from .assessment import AssessmentMixin
from .school import deadline_context


class ScoresEditView(AssessmentMixin, FormPage):
    """The self-assessment (the college's scores) or the review (staff's reviewed scores)."""

    creates = False  # it edits the assessment's scores, whose version stops a second sending

    field = ScoreField.SELF
    template_name = "scoring/scores_form.html"

    @property
    def is_review(self) -> bool:
        return self.field == ScoreField.FINAL

    def has_permission(self):
        return reviews(self.access) if self.is_review else self.may_author()

    def state_problem(self):
        if not self.is_review and not WORKFLOW.can_edit(self.assessment.status, self.access, self.college.pk):
            return _("The self-assessment has been submitted and can no longer be changed.")
        if self.is_review and self.assessment.is_final:
            return _("This assessment is final; reopen it before changing a score.")
        return None

    @property
    def adopts_self_scores(self) -> bool:
        return self.is_review and self.request.GET.get("adopt") == "1"

    def get_form(self, form_class=None):
        data = (self.request.POST, self.request.FILES) if self.request.method == "POST" else ()
        scores = assessments.scores_of(self.assessment)
        initial = {"version": self.assessment.version}
        if self.is_review:
            return ScoresForm(
                *data,
                scores=scores,
                score_attr="final_score",
                note_attr="review_note",
                adopt_attr="self_score" if self.adopts_self_scores else None,
                initial=initial,
            )
        return ScoresForm(
            *data,
            scores=scores,
            score_attr="self_score",
            note_attr="self_note",
            reports=assessments.approved_reports_of(self.assessment),
            initial=initial,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            scheme=self.scheme,
            college=self.college,
            assessment=self.assessment,
            is_review=self.is_review,
            adopted=self.adopts_self_scores,
            **deadline_context(self.scheme),
            **kwargs,
        )

    def perform(self, form):
        self.added = sum(len(checked) for checked in form.documents.values())
        return assessments.save_score_sheet(
            self.assessment,
            self.request.user,
            self.field,
            form.score_inputs(),
            links=None if self.is_review else form.report_links(),
            documents=form.documents,
            expected_version=form.cleaned_data["version"],
        )

    def get_success_message(self):
        if self.added:
            return _("The scores have been saved with %(count)d new documents.") % {"count": self.added}
        return _("The scores have been saved.")
