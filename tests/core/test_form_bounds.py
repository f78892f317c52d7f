"""Every form is bounded in one place (core.forms.bound_fields), and a row that holds a date outside the bounds
still shows on every page.

The bounds: a date or datetime between EARLIEST_DATE and LATEST_DATE, one-line text without bidirectional
controls. The hostile-form crawler (tests/security/test_hostile_forms.py) posts the extreme values into every
picker of the matrix; here the classes themselves are checked, and the pages are opened over rows set to the
extremes of what Python and the databases hold, as a row saved before the bounds (or by a script) may be.
"""

import datetime
import importlib
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models

from core.forms import DATE_INPUT, DATETIME_INPUT, PlainForm, PortalForm
from tests.conftest import client_for
from tests.test_permissions import url_cases

ROOT = Path(settings.BASE_DIR)
SKIPPED_MODULES = {"migrations", "tests", "management", "urls"}  # urls need the project's converters first


def project_apps():
    return [config for config in apps.get_app_configs() if Path(config.path).is_relative_to(ROOT)]


def import_project_modules():
    for config in project_apps():
        for info in pkgutil.walk_packages([config.path], prefix=f"{config.name}."):
            if not SKIPPED_MODULES & set(info.name.split(".")):
                importlib.import_module(info.name)


def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)


def test_every_form_of_the_portal_extends_a_bounded_base():
    import_project_modules()
    names = {config.name for config in project_apps()}
    ours = {form for form in subclasses(forms.BaseForm) if form.__module__.split(".")[0] in names}
    assert len(ours) > 40
    unbounded = sorted(
        f"{form.__module__}.{form.__qualname__}" for form in ours if not issubclass(form, PortalForm | PlainForm)
    )
    assert unbounded == []


class Sample(PlainForm):
    day = forms.DateField(required=False, widget=DATE_INPUT)
    moment = forms.DateTimeField(required=False, widget=DATETIME_INPUT)
    title = forms.CharField(required=False)
    body = forms.CharField(required=False, widget=forms.Textarea)


@pytest.mark.parametrize(
    ("field", "value", "valid"),
    [
        ("day", "0001-01-01", False),
        ("day", "9999-12-31", False),
        ("day", "1999-12-31", False),
        ("day", "2101-01-01", False),
        ("day", "2000-01-01", True),
        ("day", "2100-12-31", True),
        ("moment", "0001-01-01T00:00", False),
        ("moment", "9999-12-31T23:59", False),
        ("moment", "1991-04-14T02:30", False),  # Shanghai's last summer-time switch: an hour that did not exist
        ("moment", "2100-12-31T23:59", True),
        ("moment", "2022-10-20T14:30", True),
    ],
)
def test_dates_are_bounded(field, value, valid):
    form = Sample({field: value})
    assert form.is_valid() is valid
    if not valid and value[:4] != "1991":  # Django itself refuses an hour that did not exist
        assert form.errors[field] == ["请输入 2000-01-01 至 2100-12-31 之间的日期。"]


def test_bidi_controls_leave_one_line_text_only():
    form = Sample({"title": "通知\u202etxt.exe\u2066x\u2069", "body": "第一行\u200f\n第二行"})
    assert form.is_valid()
    assert form.cleaned_data["title"] == "通知txt.exex"
    assert form.cleaned_data["body"] == "第一行\u200f\n第二行"


def test_the_date_pickers_offer_only_the_bounds():
    html = str(Sample()["day"]) + str(Sample()["moment"])
    assert 'min="2000-01-01"' in html and 'max="2100-12-31"' in html
    assert 'min="2000-01-01T00:00"' in html and 'max="2100-12-31T23:59"' in html


UTC = datetime.UTC
# The extremes a row can hold that Python still reads in Shanghai's time (UTC+8) without leaving years 1 … 9999.
EXTREMES = {
    "low": (datetime.date(1, 1, 1), datetime.datetime(1, 1, 1, 0, 0, tzinfo=UTC)),
    "high": (datetime.date(9999, 12, 31), datetime.datetime(9999, 12, 31, 15, 59, tzinfo=UTC)),
}


def set_every_date(day, moment) -> int:
    """Every date and datetime of every row of the portal's own models set to `day` / `moment`; the count."""
    changed = 0
    for config in project_apps():
        for model in config.get_models():
            # All of a row's dates at once, so that its own constraints (an end after its start) still hold.
            values = {
                field.attname: moment if isinstance(field, models.DateTimeField) else day
                for field in model._meta.concrete_fields
                if isinstance(field, models.DateField)
            }
            if values:
                changed += model._default_manager.update(**values)
    return changed


@pytest.mark.parametrize("edge", EXTREMES)
def test_a_row_outside_the_bounds_never_breaks_a_page(edge, plan, users, college_a, report, assessment, export):
    pages = sorted({url for _name, url, _expected, _write in url_cases(plan, college_a, report, assessment, export)})
    others = get_user_model().objects.filter(membership__isnull=False).exclude(username__in=users).order_by("pk")
    readers = [users[name] for name in ("staff", "sec1")] + list(others)
    assert set_every_date(*EXTREMES[edge]) > 20
    opened, broken = set(), []
    for user in readers:
        client = client_for(user)
        for page in pages:
            if page in opened:
                continue
            response = client.get(page)
            if response.status_code == 200:
                opened.add(page)
            elif response.status_code >= 500:
                broken.append(f"{page} ({user.username}): {response.status_code}")
    assert broken == []
    assert len(opened) > 100
