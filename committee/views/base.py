"""What every committee page shares.

Every view takes colleges.access.ScopedViewMixin through `CommitteeView`: the object is found among what the user
may see (404 otherwise), then the action is allowed or refused (403), as the rest of the portal does.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from colleges.access import ScopedViewMixin, reviews
from core.views import ActionView
from plans.models import default_year

from ..access import COMMITTEE_ROLES, manages
from ..forms import FilesForm


class CommitteeView(ScopedViewMixin):
    roles = COMMITTEE_ROLES

    def get_context_data(self, **kwargs):
        kwargs.setdefault("committee_year", default_year())
        return super().get_context_data(**kwargs)


class ManagerView(CommitteeView):
    who_may = reviews.who

    def has_permission(self):
        return manages(self.access)


class AddFilesView(ActionView):
    """The "Add files" button under a notice, a meeting or a self-report: the files (checked by the form) go to
    `add_files(files)`, one service."""

    form_class = FilesForm

    def add_files(self, files) -> None:
        raise NotImplementedError

    def perform(self, form):
        files = form.cleaned_data["files"]
        self.add_files(files)
        return files

    def get_success_message(self) -> str:
        return _("%(count)d files added.") % {"count": len(self.result)}
