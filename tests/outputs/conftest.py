"""The workbooks of tests/outputs/workbooks.py, built once per test session from the demo data.

The demo is loaded in a transaction that is rolled back once the workbooks are built, so no other test sees it;
its files go to a folder of their own."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from colleges.models import College
from core.scoping import every_school, school_scope
from institutions.models import ensure_home

from .workbooks import build_all, load_demo


@pytest.fixture(scope="session")
def demo_outputs(django_db_setup, django_db_blocker, tmp_path_factory):
    """(the workbooks by name, the demo colleges' short names that differ from their full names)."""
    media = tmp_path_factory.mktemp("workbook-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        translation.override("zh-hans"),
        transaction.atomic(),
    ):
        with every_school():
            home = ensure_home()
        with school_scope(home):
            load_demo()
            books = build_all()
            shortened = {
                short: full for full, short in College.objects.values_list("name", "short_name") if short != full
            }
        transaction.set_rollback(True)
    cache.clear()  # figures of the rolled-back demo
    return books, shortened


@pytest.fixture(scope="session")
def workbooks(demo_outputs) -> dict[str, bytes]:
    return demo_outputs[0]


@pytest.fixture(scope="session")
def shortened_college_names(demo_outputs) -> dict[str, str]:
    return demo_outputs[1]
