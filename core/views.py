"""The shared form page (templates/form_page.html, for every create and edit page) and the status of a file
built in the background (the JSON that static/js/job-poller.js follows)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.views import View

from .jobs import BackgroundJob, JobState


class FormPageMixin:
    """Renders the shared form page; `page_title` and `cancel_url` describe it, `success_message` follows a save."""

    template_name = "form_page.html"
    page_title = ""
    success_message = ""

    def get_cancel_url(self):
        return self.get_success_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=self.page_title, cancel_url=self.get_cancel_url(), **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return response


def page_of(request, items, per_page: int):
    """One page of a bounded list (a few thousand colleges at most), by ?page=, and the query string of the
    other parameters for the page links. A page number that is not one is the first or the last page, never an
    error."""
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(items, per_page).get_page(request.GET.get("page")), query.urlencode()


class JobStatusView(View):
    """How far a background build is, as JSON: its state and that state's label, progress, the file's address once
    it is ready, and the error. The app's subclass finds the job in `get_job()` through its own scoped mixin (an
    outsider gets that mixin's 404 or 403), and names the file's address in `download_url()` when it is not the
    job's own."""

    def get_job(self) -> BackgroundJob:
        raise NotImplementedError

    def download_url(self, job: BackgroundJob) -> str:
        return job.get_absolute_url()

    def get(self, request, *args, **kwargs):
        job = self.get_job()
        return JsonResponse(
            {
                "state": job.state,
                "label": job.get_state_display(),
                "progress": job.progress,
                "url": self.download_url(job) if job.state == JobState.DONE else None,
                "error": job.error,
            }
        )
