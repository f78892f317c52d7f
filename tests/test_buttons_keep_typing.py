"""A button's typed text comes back when the button is refused (issue 23's loose end, issue 24 item 6).

A button (core.views.ActionView) whose form has text — a reason to return a report, an assessment, a news item, an
application or a unit's self-report, a decision's note, an elder's record returned, a meeting's attendance — keeps
what was typed in the session when it is refused, and the page it goes back to passes its form through
core.views.restore_typing. Every such button form found on the pages of the permission matrix (and on a few pages
in the states that show the rest of them) is posted by the person who sees it, with text typed into every text
field and a version someone else has moved on (so that it is refused), and the page it comes back to must show the
form again with each text in its field. Every ActionView whose form has text must be among those posted. A form
page with a version (the rating's comment, a task's note, every edit form) refused the same way shows its form again
with the text.
"""

from django import forms
from django.contrib.messages import constants
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.views.generic.edit import FormMixin

from activities.models import ActivityReport
from committee.models import UnitReport
from core.views import ActionView
from rectification.models import ItemStatus, RectificationItem
from region.models import Application
from scoring.models import Assessment, AssessmentStatus
from tests.conftest import client_for
from tests.test_forms_keep_typing import forms_on, posters, typed
from tests.test_permissions import url_cases

# Buttons whose form is built per object (one text field per member school of the meeting): found by the walk, and
# named here because their form class alone has no text field.
BUILT_PER_OBJECT = {"region:meeting_attendance"}


def text_buttons() -> set[str]:
    """The URL names of every ActionView whose form has a visible text field."""
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    walk(pattern.url_patterns, f"{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                view = getattr(pattern.callback, "view_class", None)
                if view is not None and issubclass(view, ActionView) and has_text(view.form_class):
                    names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return names | BUILT_PER_OBJECT


def has_text(form_class) -> bool:
    try:
        form = form_class()
    except TypeError:  # a form built per object: named in BUILT_PER_OBJECT
        return False
    return any(
        isinstance(field, forms.CharField) and not field.widget.is_hidden and not isinstance(field, forms.FileField)
        for field in form.fields.values()
    )


def stale(data: dict) -> dict:
    """The form's data with a version someone else has moved on: the write is refused, whatever it was."""
    version = data.get("version")
    if version and version[0].isdigit():
        return data | {"version": str(int(version[0]) + 1000)}
    return data


def test_every_button_with_text_brings_the_text_back_when_refused(plan, users, college_a, report, assessment, export):
    pages = [url for _name, url, _expected, _write in url_cases(plan, college_a, report, assessment, export)]
    pages += more_states(users, college_a)
    wanted = text_buttons()
    seen, came_back, form_pages = set(), set(), set()
    for user in posters(users):
        client = client_for(user)
        for page in pages:
            response = client.get(page)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            for form in forms_on(response, page):
                match = resolve(form["action"])
                name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
                which = (name, tuple(form["others"].get("action", [])))
                if not form["text"] or which in seen:
                    continue
                if name not in wanted:
                    if edits_a_row(form) and is_form_page(form["action"]):
                        seen.add(which)
                        form_page_keeps_typing(client, user, name, form)
                        form_pages.add(name)
                    continue
                seen.add(which)
                text = typed(form["text"])
                data = stale({key: values for key, values in form["others"].items() if values}) | text
                answer = client.post(form["action"], data, follow=True)
                assert answer.status_code == 200 and answer.redirect_chain, f"{name}: not a button's redirect"
                levels = [message.level for message in answer.context["messages"]]
                assert constants.ERROR in levels, f"{name} ({user.username}) was not refused by a stale version"
                final_url = answer.redirect_chain[-1][0]
                again = [
                    f
                    for f in forms_on(answer, final_url)
                    if f["action"] == form["action"] and f["others"].get("action") == form["others"].get("action")
                ]
                assert again, f"{name} ({user.username}): the page it came back to ({final_url}) has no such form"
                shown = {field: value.strip() for field, value in again[0]["text"].items()}
                lost = {field: value for field, value in text.items() if shown.get(field) != value}
                assert not lost, f"{name} ({user.username}) lost what was typed into {sorted(lost)} on {final_url}"
                came_back.add(name)
    assert wanted - came_back == set(), "a button with text whose refused text was not shown again (or not reached)"
    # The rating's comment and a task's note are form pages of their own: refused, the page shows the form again.
    assert {"committee:unit_rate", "committee:task_done"} <= form_pages, sorted(form_pages)


def edits_a_row(form) -> bool:
    """The form edits a row: its address names one, and it carries the row's version (a new row's form may carry a
    version it ignores)."""
    version = (form["others"].get("version") or [""])[0]
    return bool(resolve(form["action"]).kwargs) and version.isdigit() and int(version) > 0


def is_form_page(path: str) -> bool:
    view = getattr(resolve(path).func, "view_class", None)
    return view is not None and issubclass(view, FormMixin)


def form_page_keeps_typing(client, user, name, form) -> None:
    """A form page refused by a stale version shows its form again, each text in its field."""
    text = typed(form["text"])
    data = stale({key: values for key, values in form["others"].items() if values}) | text
    answer = client.post(form["action"], data)
    assert answer.status_code == 200, f"{name} ({user.username}) was saved over a version someone else moved on"
    again = [f for f in forms_on(answer, form["action"]) if f["action"] == form["action"]]
    shown = {field: value.strip() for field, value in again[0]["text"].items()} if again else {}
    lost = {field: value for field, value in text.items() if shown.get(field) != value}
    assert not lost, f"{name} ({user.username}) lost what was typed into {sorted(lost)}"


def more_states(users, college_a) -> list[str]:
    """Pages in the states that show the text buttons the matrix's own objects do not: the report waiting for review
    (its return from the report's own page), college A's assessment submitted (its return), the member unit's
    self-report submitted (its return), the region's application submitted (its return) and college A's
    rectification item submitted for acceptance (its return)."""
    waiting = ActivityReport.objects.filter(college=college_a, status="submitted").first()
    assessment = Assessment.objects.get(college=college_a, scheme__year=2022)  # the rectification matrix makes 2021
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.SUBMITTED)  # as if every score were in
    unit_report = UnitReport.objects.filter(year=2022, status="submitted").first()
    application = Application.objects.filter(status="submitted").first()
    item = RectificationItem.objects.filter(college=college_a).first()
    RectificationItem.objects.filter(pk=item.pk).update(status=ItemStatus.SUBMITTED)  # staff may return it
    return [
        waiting.get_absolute_url(),
        reverse("scoring:assessment", args=[assessment.scheme.year, college_a.code]),
        reverse("committee:unit", args=[2022, unit_report.unit_id]),
        reverse("region:application", args=[application.pk]),
        reverse("rectification:item", args=[item.pk]),
    ]
