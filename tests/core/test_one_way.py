"""The shared shapes every app is written in: the form page, the action view, the version claim, the workflow
table, the checked upload field and the app registry (core.views, core.versions, core.workflow, core.forms,
core.portal)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from activities.models import ActivityReport, ReportEvent
from core import portal
from core.errors import Refused
from core.forms import MultipleFileField
from core.text import fmt
from core.versions import StaleWrite, claim
from core.views import ActionView, FormPage
from core.workflow import Transition, Workflow

from ..helpers import photo_upload


def _request(method: str, data=None, files=None):
    factory = RequestFactory()
    request = factory.post("/", data or {}) if method == "post" else factory.get("/")
    if files:
        request.FILES.update(files)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


class NameForm(forms.Form):
    name = forms.CharField(max_length=10)


class SavingPage(FormPage):
    form_class = NameForm
    page_title = "新建"
    success_message = "已保存"
    saved: list[str] = []

    def perform(self, form):
        if form.cleaned_data["name"] == "拒绝":
            raise Refused("不能用这个名字")
        self.saved.append(form.cleaned_data["name"])
        return "/done/"


def test_the_form_page_calls_its_service_and_says_so():
    SavingPage.saved = []
    request = _request("post", {"name": "甲"})
    response = SavingPage.as_view()(request)
    assert (response.status_code, response.url) == (302, "/done/")
    assert SavingPage.saved == ["甲"]
    assert [m.message for m in get_messages(request)] == ["已保存"]


def test_a_refusal_is_a_form_error_and_nothing_is_said_or_saved():
    SavingPage.saved = []
    request = _request("post", {"name": "拒绝"})
    response = SavingPage.as_view()(request)
    assert response.status_code == 200
    assert response.context_data["form"].non_field_errors() == ["不能用这个名字"]
    assert response.context_data["page_title"] == "新建"
    assert SavingPage.saved == [] and list(get_messages(request)) == []


def test_an_invalid_form_never_reaches_the_service():
    SavingPage.saved = []
    response = SavingPage.as_view()(_request("post", {"name": "x" * 11}))
    assert response.status_code == 200 and SavingPage.saved == []


class Press(ActionView):
    scoped_object = None
    pressed: list[int] = []

    def get_success_url(self):
        return "/back/"

    def perform(self, form):
        if form.cleaned_data["version"] == 9:
            raise Refused("已被他人修改")
        self.pressed.append(form.cleaned_data["version"])

    success_message = "已完成"


@pytest.mark.parametrize(
    ("data", "pressed", "said"),
    [
        ({"version": "3"}, [3], ["已完成"]),
        ({"version": "9"}, [], ["已被他人修改"]),
        ({"version": "x"}, [], ["请求不完整，未做任何修改，请重试。"]),
        ({}, [], ["请求不完整，未做任何修改，请重试。"]),
    ],
)
def test_an_action_runs_once_and_always_goes_back_with_a_message(data, pressed, said, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    Press.pressed = []
    request = _request("post", data)
    response = Press.as_view()(request)
    assert (response.status_code, response.url) == (302, "/back/")
    assert Press.pressed == pressed
    assert [str(m.message) for m in get_messages(request)] == said


def test_an_action_refuses_get():
    assert Press.as_view()(_request("get")).status_code == 405


@pytest.mark.django_db
def test_the_claim_takes_a_version_once_and_names_what_happened(report_a, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    version = report_a.version
    claim(ActivityReport, report_a.pk, version, title="改过的标题")
    report_a.refresh_from_db()
    assert (report_a.title, report_a.version) == ("改过的标题", version + 1)
    with pytest.raises(StaleWrite) as stale:
        claim(ActivityReport, report_a.pk, version, title="再改")
    assert "草稿" in stale.value.message  # the status it is in now
    with pytest.raises(StaleWrite):  # a queryset narrows the statuses the row may be claimed in
        claim(ActivityReport.objects.filter(status="approved"), report_a.pk, report_a.version, title="再改")
    report_a.refresh_from_db()
    assert report_a.title == "改过的标题" and isinstance(stale.value, Refused)
    line = ReportEvent(report=report_a, actor=report_a.created_by, action="edit", comment="只在认领成功时写入")
    with pytest.raises(StaleWrite):
        claim(ActivityReport, report_a.pk, version, history=line)
    assert not ReportEvent.objects.filter(comment="只在认领成功时写入").exists()
    claim(ActivityReport, report_a.pk, report_a.version, history=line)
    assert ReportEvent.objects.filter(comment="只在认领成功时写入").count() == 1
    pk = report_a.pk
    ActivityReport.objects.filter(pk=pk).delete()
    with pytest.raises(StaleWrite) as gone:
        claim(ActivityReport, pk, report_a.version)
    assert gone.value.message == "该记录已不存在。"


def _yes(access, college_id):
    return access == "staff"


def _author(access, college_id):
    return access in {"staff", "sec"}


FLOW = Workflow(
    {
        "submit": Transition(frozenset({"draft"}), "submitted", _author, False, by_editors=True),
        "return": Transition(frozenset({"submitted"}), "returned", _yes, True),
        "approve": Transition(frozenset({"submitted"}), "approved", _yes, False),
    },
    editors={"draft": _author},
    buttons=["submit", "return"],
)


def test_the_workflow_table_answers_every_question_from_one_table():
    assert FLOW.can("submit", "draft", "sec", 1)
    assert not FLOW.can("submit", "submitted", "sec", 1)
    assert not FLOW.can("return", "submitted", "sec", 1)
    assert FLOW.may_ever("approve", "staff", 1) and not FLOW.may_ever("approve", "sec", 1)
    assert not FLOW.may_ever("burn", "staff", 1) and not FLOW.can("burn", "draft", "staff", 1)
    assert FLOW.available("submitted", "staff", 1) == ["return"]  # approve is not a button here
    assert FLOW.available("draft", "sec", 1) == ["submit"]
    assert FLOW.target("return") == "returned" and FLOW.needs_comment("return")
    assert FLOW.editable_statuses == frozenset({"draft"}) and FLOW.can_edit("draft", "sec", 1)
    assert not FLOW.can_edit("submitted", "staff", 1)
    assert "approve" in FLOW and FLOW["approve"].target == "approved"


class UploadForm(forms.Form):
    files = MultipleFileField(max_files=2)


def test_the_upload_field_yields_checked_files_and_refuses_with_every_reason(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    form = UploadForm(data={}, files={"files": photo_upload()})
    assert form.is_valid(), form.errors
    [checked] = form.cleaned_data["files"]
    assert (checked.kind, checked.extension) == ("photo", ".jpg")

    fake = SimpleUploadedFile("假.pdf", b"<script>", content_type="application/pdf")
    form = UploadForm(data={}, files={"files": fake})
    assert not form.is_valid()
    assert "假.pdf" in form.errors["files"][0] and len(form.errors["files"]) == 2

    from django.utils.datastructures import MultiValueDict

    form = UploadForm(data={}, files=MultiValueDict({"files": [photo_upload(), photo_upload(), photo_upload()]}))
    assert not form.is_valid()


def test_numbers_are_written_as_people_write_them():
    assert [fmt(Decimal("89.50")), fmt(Decimal("90.00")), fmt(None), fmt(12.5), fmt(3)] == [
        "89.5",
        "90",
        "—",
        "12.5",
        "3",
    ]


def test_every_app_declares_what_it_adds_and_the_registry_reads_it():
    labels = {config.label for config in portal.portal_apps()}
    assert {"colleges", "activities", "scoring", "committee", "care", "region", "publicity"} <= labels
    assert portal.home_page("counsellor") == "care:overview"
    assert portal.home_page("correspondent") == "publicity:news_list"
    assert portal.home_page("staff") is None
    loaders = [c for c in portal.portal_apps() if c.demo_loader]
    orders = {c.label: c.demo_order for c in loaders}
    assert orders["colleges"] < orders["activities"] < orders["publicity"]


@pytest.mark.django_db
def test_templates_ask_named_predicates_through_can(users):
    staff, office, sec1 = (portal.Permissions(users[name]) for name in ("staff", "office", "sec1"))
    assert staff.manage_school and not office.manage_school and not sec1.manage_school
    assert office.read_every_college and not sec1.read_every_college
    assert sec1.act_for_own_college and sec1["have_role"]
    with pytest.raises(AttributeError):
        staff.no_such_predicate  # noqa: B018 -- a typo in a template must not read as "allowed"


def _declared_template_permissions() -> set[str]:
    """Every name the apps' `template_permissions` answer, asked of a user with no role (the keys do not
    depend on the user)."""
    from django.contrib.auth.models import AnonymousUser
    from django.utils.module_loading import import_string

    names: set[str] = set()
    for config in portal.portal_apps():
        if config.template_permissions:
            names |= set(import_string(config.template_permissions)(AnonymousUser()))
    return names


def test_every_can_a_template_asks_is_declared_and_every_declaration_is_asked():
    """A misspelt `can.<name>` would read as "not allowed" without a word (Django's templates swallow the
    AttributeError): every name in a template must be one an app declares, and a declaration no template asks
    is dead."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    asked = {
        name
        for path in root.rglob("*.html")
        if ".venv" not in path.parts and "test-artifacts" not in path.parts
        for name in re.findall(r"\bcan\.(\w+)", path.read_text(encoding="utf-8"))
    }
    declared = _declared_template_permissions()
    assert asked - declared == set(), "templates ask names no app declares"
    assert declared - asked == set(), "declared but asked by no template"


class NoteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(max_length=20)


class Note(Press):
    form_class = NoteForm


def test_a_refused_button_keeps_its_typing_for_its_page_but_never_more_than_a_page():
    from core.views import KEPT_CHARS, KEPT_TYPING, restore_typing

    request = _request("post", {"version": "1", "note": "写了很长的一段话" * 5000})
    Note.as_view()(request)
    kept = request.session[KEPT_TYPING]
    assert len(kept["values"]["note"][0]) == KEPT_CHARS and "version" not in kept["values"]
    form = restore_typing(request, NoteForm(), request.path)
    assert form.initial["note"].startswith("写了很长的一段话")
    assert KEPT_TYPING not in request.session  # shown once
