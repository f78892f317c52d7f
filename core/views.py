"""The shapes of every page that changes something, a form page and a button's action, and the status of a file
built in the background (the JSON that static/js/job-poller.js follows).

A view parses the request, calls one service and renders; the service decides, and refuses with a
`core.errors.Refused` whose message the page shows (as a form error on a form page, as a message after an
action). Permission and scoping come first, from the app's `ScopedViewMixin` subclass, which every page takes
before one of these:

    class NoticeCreateView(ManagerView, FormPage):
        form_class = NoticeForm
        page_title = gettext_lazy("New notice")
        success_message = gettext_lazy("The notice has been published.")

        def perform(self, form):
            return services.publish_notice(form.save(commit=False), self.request.user, …)

The result of `perform` is where the page goes next unless `get_success_url` says otherwise.
"""

from __future__ import annotations

import time

from crispy_forms.layout import Layout
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import FormView

from . import submissions
from .errors import Refused
from .forms import VersionForm
from .jobs import BackgroundJob, JobState

INCOMPLETE = gettext_lazy("The request was incomplete; nothing was changed. Please try again.")

# Where a button's refused form keeps what was typed until its page is shown again (see `restore_typing`).
KEPT_TYPING = "kept_typing"
# At most this many characters of a field and choices of a multiple choice are kept for the page.
KEPT_CHARS = 10_000
KEPT_CHOICES = 500
KEPT_FOR_SECONDS = 3600


def file_labels(*forms_) -> list[str]:
    """The labels of the file fields of `forms_` (None skipped), each once: what a person must choose again when a
    form comes back, since a browser never fills a file input again. A form whose page draws file inputs of its own
    (not fields) names them in `extra_file_labels`."""
    labels = []
    for form in forms_:
        if form is None:
            continue
        found = [field.label for field in form.fields.values() if isinstance(field, forms.FileField)]
        for label in [*found, *getattr(form, "extra_file_labels", ())]:
            if str(label) not in labels:
                labels.append(str(label))
    return labels


def choose_again_note(labels) -> str:
    return _("Chosen files are not kept when a form comes back: choose them again (%(fields)s).") % {
        "fields": "、".join(labels)
    }


def typed_values(form: forms.BaseForm, data) -> dict[str, list[str]]:
    """What a person typed or chose in `form`'s visible fields (not its files nor its hidden version)."""
    typed = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField) or field.widget.is_hidden:
            continue
        # Bounded: what a refused (perhaps hostile, over-long) post leaves in the session is at most a page's text.
        values = [value[:KEPT_CHARS] for value in data.getlist(form.add_prefix(name))[:KEPT_CHOICES] if value.strip()]
        if values:
            typed[name] = values
    return typed


def restore_typing(request, form: forms.BaseForm, action: str) -> forms.BaseForm:
    """`form`, unbound, showing again what was typed into it when its button (an `ActionView` posting to `action`)
    sent it back: the page that shows a button's form with text passes it through here."""
    kept = request.session.get(KEPT_TYPING)
    if not kept or kept.get("action") != action:
        return form
    del request.session[KEPT_TYPING]
    if time.time() - kept.get("at", 0) > KEPT_FOR_SECONDS:
        return form
    for name, values in kept["values"].items():
        field = form.fields.get(name)
        if field is not None:
            many = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
            form.initial[name] = values if many else values[0]
    return form


# The field an irreversible step's form carries (templates/includes/confirm_field.html): empty until the person
# confirms, in the dialog of static/js/a11y.js or, without JavaScript, on the page `ask_first` shows.
CONFIRMED = "confirmed"
NOT_REPOSTED = frozenset({"csrfmiddlewaretoken", CONFIRMED})


def ask_first(request, question: str, confirm_label: str, cancel_url: str):
    """The confirmation page of an irreversible step posted unconfirmed: the question, and the same post again
    (every field as it came, confirmed) behind the step's own button. Nothing is written before the second post."""
    reposted = [(name, value) for name, values in request.POST.lists() if name not in NOT_REPOSTED for value in values]
    return render(
        request,
        "confirm_page.html",
        {
            "question": question,
            "confirm_label": confirm_label,
            "reposted": reposted,
            "action": request.path,
            "cancel_url": cancel_url,
        },
    )


class ConfirmFirst:
    """An irreversible step (submitting, publishing, closing) asks once before it is taken: `get_confirm_question`
    says what cannot be undone (empty: nothing to ask for this post), `confirm_label` names the step's button."""

    confirm_question = ""
    confirm_label = pgettext_lazy("button", "Confirm")

    def get_confirm_question(self, form) -> str:
        return str(self.confirm_question)

    def get_confirm_label(self, form) -> str:
        return str(self.confirm_label)

    def unconfirmed(self, form):
        """The confirmation page when this post must ask first and did not, else None."""
        question = self.get_confirm_question(form)
        if not question or self.request.POST.get(CONFIRMED) == "yes":
            return None
        return ask_first(self.request, question, self.get_confirm_label(form), self.get_confirm_cancel_url())

    def get_confirm_cancel_url(self) -> str:
        return self.request.path


class FormPage(FormView):
    """A page that validates a form and calls one service in `perform(form)`; a refusal becomes a form error and
    nothing is saved. It renders the shared templates/form_page.html, which `page_title` (or `get_page_title()`)
    and `subtitle` describe; `success_message` follows a save; `get_instance()` gives a model form the row it
    edits, and its page is where Cancel goes."""

    template_name = "form_page.html"
    page_title = ""
    subtitle = ""
    success_message = ""
    result = None

    def get_page_title(self):
        return self.page_title

    def get_context_data(self, **kwargs):
        kwargs.setdefault("page_title", self.get_page_title())
        kwargs.setdefault("subtitle", self.subtitle)
        kwargs.setdefault("cancel_url", self.get_cancel_url())
        return super().get_context_data(**kwargs)

    def get_instance(self):
        return None

    @property
    def creates(self) -> bool:
        """Whether the page creates a row (no instance, or an unsaved one): such a form is sent once."""
        instance = self.get_instance()
        return instance is None or instance.pk is None

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.creates:
            form.fields[submissions.FIELD] = submissions.token_field()
            helper = getattr(form, "helper", None)
            if helper is not None and helper.layout is not None:
                # Crispy draws only the fields its layout names. A new Layout, never an append: a form class's
                # `layout` is shared by every instance, and appending would add the token once per request.
                helper.layout = Layout(*helper.layout.fields, submissions.FIELD)
        return form

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        instance = self.get_instance()
        if instance is not None:
            kwargs["instance"] = instance
        return kwargs

    def perform(self, form):
        raise NotImplementedError

    def get_success_message(self) -> str:
        return self.success_message

    def get_success_url(self):
        return resolve_url(self.result)

    def get_cancel_url(self):
        instance = self.get_instance()
        return resolve_url(instance) if instance is not None and instance.pk else ""

    def form_valid(self, form):
        asking = self.unconfirmed(form) if isinstance(self, ConfirmFirst) else None
        if asking is not None:
            return asking
        token = form.cleaned_data.get(submissions.FIELD)
        try:
            if token is None:
                self.result = self.perform(form)
            else:
                with transaction.atomic():
                    submissions.claim(token, self.request.user)
                    self.result = self.perform(form)
                    submissions.record_result(token, self.get_success_url())
        except submissions.AlreadySent as sent:
            messages.info(self.request, _("This form had already been sent; it was saved once."))
            return redirect(sent.result_url or self.get_cancel_url() or "home")
        except Refused as refusal:
            form.add_error(None, refusal.message)
            return self.form_invalid(form)
        message = self.get_success_message()
        if message:
            messages.success(self.request, message)
        return redirect(self.get_success_url())


class ActionView(View):
    """A button: POST only, a small form (the row's version by default), one service in `perform(form)`, then
    back to `get_success_url()` with a message saying what happened or why it was refused."""

    http_method_names = ["post"]
    form_class = VersionForm
    success_message = ""

    def get_form(self):
        return self.form_class(self.request.POST, self.request.FILES)

    def perform(self, form):
        raise NotImplementedError

    def get_success_message(self) -> str:
        return self.success_message

    def get_success_url(self):
        return resolve_url(self.scoped_object)

    def keep_typing(self, form) -> None:
        """A refused form's typed text waits in the session for its page (`restore_typing`), and the person is told
        which files to choose again."""
        typed = typed_values(form, self.request.POST)
        if typed:
            self.request.session[KEPT_TYPING] = {"action": self.request.path, "values": typed, "at": time.time()}
        labels = file_labels(form)
        if labels and (typed or self.request.FILES):
            messages.warning(self.request, choose_again_note(labels))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            # A missing or tampered version is an incomplete request; the other fields' errors say themselves.
            shown = [error for name, errors in form.errors.items() if name != "version" for error in errors]
            for error in shown or [INCOMPLETE]:
                messages.error(request, error)
            self.keep_typing(form)
            return redirect(self.get_success_url())
        asking = self.unconfirmed(form) if isinstance(self, ConfirmFirst) else None
        if asking is not None:
            return asking
        try:
            self.result = self.perform(form)
        except Refused as refusal:
            messages.error(request, refusal.message)
            self.keep_typing(form)
        else:
            message = self.get_success_message()
            if message:
                messages.success(request, message)
        return redirect(self.get_success_url())


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
