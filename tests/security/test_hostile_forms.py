"""A crawler that posts hostile values into every form of every page of the permission matrix.

For each page a persona may open, it reads the page's POST forms (their fields and where they post), then posts
each hostile value into every field at once, and each field alone with the others as the page filled them. No
answer may be a server error: bad input is a message on the page, never a 500. The test client re-raises any
exception a view lets through, so a crash fails the test with its traceback.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models import Q

from core.forms import EARLIEST_DATE, LATEST_DATE
from tests.test_permissions import url_cases

HOSTILE = [
    "",
    "   ",
    "<script>alert(1)</script>",
    "x" * 20_000,
    "-1",
    "99999999999999999999",
    "1e309",
    "NaN",
    "１２３",
    "😀",
    "a\x00b",
    "'; DROP TABLE colleges_college; --",
    '{"a": [1, 2]}',
    "2022-13-45",
    "0001-01-01",
    "9999-12-31T23:59",
]
# The values that break most parsers, posted into one field at a time.
SINGLE_FIELD = ["99999999999999999999", "a\x00b", "1e309"]
# Possible but extreme values for the browser's own date pickers, posted into each such field alone: the edges of
# what Python and the databases hold, the shift to UTC across year 1 and 9999, and the Shanghai summer-time switch of
# 1991 (02:00–03:00 on 14 April did not exist).
EXTREME_DATES = {
    "date": ["0001-01-01", "9999-12-31", "1900-02-28", "2101-01-01"],
    "datetime-local": ["0001-01-01T00:00", "9999-12-31T23:59", "1991-04-14T02:30", "2100-12-31T23:59"],
    "month": ["0001-01", "9999-12"],
}
# Forms that end the session or whose purpose is to leave the page: they are posted last, if at all.
SKIPPED_ACTIONS = {"/accounts/logout/"}
# Who posts the forms: a secretary (their own college's forms) and staff (everything else).
POSTERS = ["sec1", "staff"]


class FormReader(HTMLParser):
    """The POST forms of a page: [(action, {field name: [values the page gives it]}, {file field names})], and the
    type of each date input by name (`date_inputs`)."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url = page_url
        self.forms = []
        self.date_inputs = {}
        self.text_fields = set()  # the names of text inputs and text areas, where a person types
        self._current = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            action = urljoin(self.page_url, attrs.get("action") or self.page_url)
            self._current = (action, {}, set())
            self.forms.append(self._current)
        if self._current is None:
            return
        _action, fields, files = self._current
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = (attrs.get("type") or "text").lower()
            if kind in EXTREME_DATES:
                self.date_inputs[name] = kind
            if kind == "file":
                files.add(name)
            elif kind in {"checkbox", "radio"}:
                fields.setdefault(name, [])
                if "checked" in attrs:
                    fields[name].append(attrs.get("value", "on"))
            elif kind not in {"submit", "button", "reset", "image"}:
                fields.setdefault(name, []).append(attrs.get("value", ""))
                if kind in {"text", "search"}:
                    self.text_fields.add(name)
        elif tag == "textarea" and name:
            fields.setdefault(name, []).append("")
            self.text_fields.add(name)
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            fields[self._select].append(attrs.get("value", ""))
        elif tag == "button" and name:
            fields.setdefault(name, []).append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None


def read_forms(client, url) -> FormReader | None:
    response = client.get(url)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return None
    reader = FormReader(url)
    reader.feed(response.content.decode())
    reader.forms = [form for form in reader.forms if form[0].split("?")[0] not in SKIPPED_ACTIONS]
    return reader


def one_of_each_shape(names):
    """One field of each kind: score_12 and score_13, or form-0-code and form-1-code, are the same field."""
    shapes = {}
    for name in names:
        shapes.setdefault(re.sub(r"\d+", "N", name), name)
    return list(shapes.values())


def hostile_file():
    return SimpleUploadedFile("../../照片\x00.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")


def post(client, action, data, files):
    payload = dict(data)
    for name in files:
        payload[name] = hostile_file()
    response = client.post(action, payload)
    assert response.status_code < 500, (action, {k: str(v)[:40] for k, v in data.items()})
    return response


def crawl(client, pages) -> int:
    """Post hostile values into every form of `pages` as `client`: all fields at once, then one field of each shape
    with a single bad value or, in a date input, the extreme dates. Returns how many posts were made; `post` fails
    on any server error."""
    posted, seen = 0, set()
    for page in sorted(pages):
        reader = read_forms(client, page)
        for action, fields, files in reader.forms if reader else []:
            if (action, tuple(sorted(fields))) in seen:
                continue  # the same form on another page (the navigation bar's, say)
            seen.add((action, tuple(sorted(fields))))
            page_values = {name: values or [""] for name, values in fields.items()}
            for value in HOSTILE:
                post(client, action, dict.fromkeys(fields, value), files)
                posted += 1
            for name in one_of_each_shape(fields):
                for value in SINGLE_FIELD + EXTREME_DATES.get(reader.date_inputs.get(name), []):
                    post(client, action, {**page_values, name: value}, set())
                    posted += 1
    return posted


@pytest.mark.parametrize("persona", POSTERS)
def test_hostile_values_in_every_form_never_cause_a_server_error(
    persona, plan, users, college_a, report, assessment, export, as_user
):
    client = as_user(persona)
    pages = {url for _name, url, expected, _write in url_cases(plan, college_a, report, assessment, export)}
    posted = crawl(client, pages)
    # The crawler proves something only if it found the forms: the report, assessment, plan and college pages.
    assert posted > 300
    assert stored_dates_outside(EARLIEST_DATE, LATEST_DATE) == []


def test_hostile_values_in_the_public_forms_never_cause_a_server_error(users, college_a, client):
    """The public site's forms (the 谈心屋's), posted by the anonymous visitor: no account, no role to pass."""
    from tests import matrix

    assert crawl(client, matrix.public_pages(client, college_a)) > 50


def stored_dates_outside(earliest, latest) -> list[str]:
    """Every stored date or datetime of every model outside [earliest, latest]: none may get past a form."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateField):  # a DateTimeField is one too
                low = {
                    f"{field.name}__date__lt"
                    if isinstance(field, models.DateTimeField)
                    else f"{field.name}__lt": earliest
                }
                high = {
                    f"{field.name}__date__gt"
                    if isinstance(field, models.DateTimeField)
                    else f"{field.name}__gt": latest
                }
                if model._default_manager.filter(Q(**low) | Q(**high)).exists():
                    found.append(f"{model._meta.label}.{field.name}")
    return found
