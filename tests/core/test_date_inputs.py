"""Every date and date-and-time input shows its value in the ISO form the browser's picker reads.

A value in any other form (the Chinese locale's 2022/10/20) shows as an empty picker, and saving the form clears
it. The walk opens every page of the permission matrix (tests/test_permissions.py: url_cases), as the core personas
and as each user the apps add (a region's school contact, a member unit's contact …), whose edit forms show saved
rows; every `type="date"`, `datetime-local` and `month` input must hold an ISO value, empty only when its field's
value is empty, and every date field of those forms must be drawn by the shared widgets of core/forms.py (a
datetime field by DATETIME_INPUT, a month by MONTH_INPUT, any other by DATE_INPUT).
"""

import re
from html.parser import HTMLParser
from pathlib import Path

from django import forms
from django.contrib.auth import get_user_model

from core.forms import DATE_INPUT, DATETIME_INPUT, MONTH_INPUT
from tests.conftest import client_for
from tests.test_permissions import url_cases

ISO = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "datetime-local": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
}
ROOT = Path(__file__).resolve().parent.parent.parent


class DateInputs(HTMLParser):
    """[(type, name, value)] of a page's date, datetime-local and month inputs."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        kind = (attrs.get("type") or "").lower()
        if tag == "input" and kind in ISO and attrs.get("name"):
            self.found.append((kind, attrs["name"], attrs.get("value") or ""))


def forms_in(response):
    """The forms a page was rendered with (formsets' forms too), whatever their context names."""
    found, seen = [], set()
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else context.values():
            candidates = [value]
            if isinstance(value, forms.BaseFormSet):
                candidates = list(value)
            for form in candidates:
                if isinstance(form, forms.BaseForm) and id(form) not in seen:
                    seen.add(id(form))
                    found.append(form)
    return found


def expected_values(page_forms):
    """{input name: the value its field holds} for every date field of the page's forms."""
    values = {}
    for form in page_forms:
        for name, field in form.fields.items():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                values[form.add_prefix(name)] = form[name].value()
    return values


def test_every_date_input_shows_its_value_in_iso_form(plan, users, college_a, report, assessment, export):
    pages = [url for _name, url, _expected, _write in url_cases(plan, college_a, report, assessment, export)]
    core = [users[name] for name in ("staff", "sec1", "admin")]
    # The users the apps add open the pages none of the core personas may: their own edit forms.
    others = get_user_model().objects.filter(membership__isnull=False).exclude(username__in=users).order_by("pk")
    problems, shown, opened = [], [], set()
    for user in [*core, *others]:
        client = client_for(user)
        for page in pages:
            if user not in core and page in opened:
                continue
            response = client.get(page)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            opened.add(page)
            page_forms = forms_in(response)
            for form in page_forms:
                for name, field in form.fields.items():
                    if isinstance(field, forms.DateField | forms.DateTimeField):
                        shared = {"datetime-local": DATETIME_INPUT, "month": MONTH_INPUT}.get(
                            field.widget.input_type, DATE_INPUT
                        )
                        if (field.widget.input_type, field.widget.format) != (shared.input_type, shared.format):
                            problems.append(f"{page} ({user.username}): {name} is not drawn by core.forms' widget")
            values = expected_values(page_forms)
            reader = DateInputs()
            reader.feed(response.content.decode())
            for kind, name, value in reader.found:
                if value:
                    shown.append((kind, name, value))
                    if not ISO[kind].match(value):
                        problems.append(f"{page} ({user.username}): {name} shows {value!r}, not ISO")
                elif values.get(name) not in (None, ""):
                    problems.append(f"{page} ({user.username}): {name} is empty although it holds {values[name]!r}")
    assert not problems, "\n".join(sorted(set(problems)))
    # The walk proves something only if it met saved values: the region application's agreement date (its school's
    # contact), the notice's deadline and the region meeting's start.
    assert ("date", "party_agreed_on", "2022-10-01") in shown, sorted(set(shown))
    assert ("date", "deadline", "2022-06-30") in shown, sorted(set(shown))
    assert any(kind == "datetime-local" for kind, _name, _value in shown), sorted(set(shown))


def test_no_form_builds_its_own_date_picker():
    """The pickers are the two widgets of core/forms.py: a form that builds its own forgets the ISO format."""
    own = re.compile(r"Date(?:Time)?Input\(")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in ROOT.glob("*/**/*.py")
        if path.parts[len(ROOT.parts)] not in {"tests", ".venv", "node_modules"} and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if own.search(line) and path.relative_to(ROOT) != Path("core/forms.py")
    ]
    assert not found, found
