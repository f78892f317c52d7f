"""The 谈心屋's public pages, on each school's public site (publicity.public_urls), for anyone and without an
account: the colleges' rooms, a college's form, the page that shows the code once, the code's page and the thread.

Nothing here is cached for the public (each page carries a form and its challenge) and the page showing the code is
`no-store`. The thread a code opened is remembered in the visitor's session (its key changed when it is opened),
for this school only; a code opens its own thread and nothing else."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from care.services import settings_of as care_settings
from colleges.models import College
from core.errors import Refused

from . import guard, services
from .forms import CodeForm, MessageForm, ReplyForm
from .models import Message, Thread

SESSION_KEY = "talkroom_thread"


def _page(request, template, context, status=200):
    return render(request, template, {**context, "school": request.school}, status=status)


def _only(request, methods):
    if request.method not in methods:
        return HttpResponse(status=405, headers={"Allow": ", ".join(methods)})
    return None


def _throttled(request, kind, form):
    if guard.throttled(request, kind):
        form.add_error(None, _("Too many tries from this device. Please wait ten minutes and try again."))
        return True
    return False


@login_not_required
@never_cache
def index(request):
    if refused := _only(request, ["GET", "HEAD"]):
        return refused
    settings = services.settings_of_school()
    colleges = College.objects.filter(active=True).order_by("order", "code")
    rooms = [(college, services.closed_problem(settings, college)) for college in colleges]
    return _page(request, "talkroom/public/index.html", {"rooms": rooms, "help_lines": settings.lines()})


@login_not_required
@never_cache
def write(request, code):
    if refused := _only(request, ["GET", "HEAD", "POST"]):
        return refused
    college = get_object_or_404(College.objects.filter(active=True), code=code)
    settings = services.settings_of_school()
    closed = services.closed_problem(settings, college)
    form = MessageForm(request.POST if request.method == "POST" and not closed else None)
    if form.is_bound and not _throttled(request, "send", form) and form.is_valid():
        data = form.cleaned_data
        try:
            thread, private_code = services.open_thread(
                college, data["text"], "" if data["anonymous"] else data["contact"], data["elder_consent"]
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            guard.count(request, "send")
            _remember(request, thread)
            context = {"college": college, "code": private_code, "thread": thread, "help_lines": settings.lines()}
            return _page(request, "talkroom/public/sent.html", context)
    if form.is_bound:
        form.fresh_challenge()
    context = {
        "college": college,
        "form": form,
        "closed": closed,
        "help_lines": settings.lines(),
        "retention_years": care_settings(timezone.localdate().year).retention_years,
    }
    return _page(request, "talkroom/public/write.html", context)


@login_not_required
@never_cache
def open_code(request):
    if refused := _only(request, ["GET", "HEAD", "POST"]):
        return refused
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and not _throttled(request, "code", form):
        guard.count(request, "code")
        if form.is_valid():
            thread = services.thread_by_code(form.cleaned_data["code"])
            if thread is not None:
                _remember(request, thread)
                return redirect("public:talk_thread")
            form.add_error("code", _("This code opens no conversation. Check it and try again."))
    if form.is_bound:
        form.fresh_challenge()
    return _page(request, "talkroom/public/open.html", {"form": form})


@login_not_required
@never_cache
def thread(request):
    if refused := _only(request, ["GET", "HEAD", "POST"]):
        return refused
    found = _remembered(request)
    if found is None:
        return redirect("public:talk_open")
    if request.method == "POST" and "leave" in request.POST:
        request.session.pop(SESSION_KEY, None)
        return redirect("public:talk")
    settings = services.settings_of_school()
    form = ReplyForm(request.POST if request.method == "POST" else None)
    if form.is_bound and not _throttled(request, "send", form) and form.is_valid():
        try:
            services.student_reply(found, form.cleaned_data["text"])
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            guard.count(request, "send")
            return redirect("public:talk_thread")
    found.refresh_from_db()
    context = {
        "thread": found,
        "college": found.college,
        "thread_messages": Message.objects.filter(thread=found).select_related("author"),
        "form": form,
        "closed": services.closed_problem(settings, found.college),
        "help_lines": settings.lines(),
    }
    return _page(request, "talkroom/public/thread.html", context)


def _remember(request, found: Thread) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"school": request.school.pk, "thread": found.pk}


def _remembered(request) -> Thread | None:
    kept = request.session.get(SESSION_KEY)
    if not isinstance(kept, dict) or kept.get("school") != request.school.pk:
        return None
    try:
        return Thread.objects.select_related("college").get(pk=int(kept["thread"]), purged_at=None)
    except (Thread.DoesNotExist, KeyError, TypeError, ValueError, ValidationError):
        return None
