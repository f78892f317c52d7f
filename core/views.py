"""The shared form page: one template (templates/form_page.html) for every create and edit page."""

from django.contrib import messages
from django.core.paginator import Paginator


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
