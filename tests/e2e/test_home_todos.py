"""Issue 24, point 5 walked as the people who met it, on the demo: staff's home lists what waits in every app and
the work points show their progress from the approved reports; a unit contact, an elder's college's counsellor and
a correspondent land on their own list; at a phone's width nothing scrolls sideways."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from .conftest import shot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DEMO_PASSWORD = "gkw-demo-2022"
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def demo(plan, kinds):
    # A browser test's flush empties the rows data migrations made (the committee's rating levels): put them back.
    importlib.import_module("committee.migrations.0002_rating_levels").create_levels(apps, None)
    call_command("load_demo", stdout=io.StringIO())


def log_in(browser, base_url, username, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return context, page


def test_staff_find_every_apps_work_on_their_home_and_the_points_moving(demo, browser, live_server):
    context, page = log_in(browser, live_server.url, "staff", 1366)
    todos = page.locator("[data-todos]")
    assert todos.locator("h2").inner_text() == "待办事项"
    waiting = ("待审核的活动报告", "待发布的新闻稿", "待评定的成员单位履职自评", "待决定的评优推荐", "待确认的结对")
    for label in waiting:
        assert todos.locator(f"a:has-text('{label}')").count() == 1, label
    # The work points with approved reports of the year are no longer all 未开始.
    summary = page.locator("text=尚未完成的工作要点").locator("..")
    assert summary.locator(".badge:has-text('进行中')").count() >= 2
    assert page.evaluate(SIDEWAYS) <= 0
    shot(page, "home-todos-01-staff")
    todos.locator("a:has-text('待发布的新闻稿')").click()
    page.wait_for_load_state()
    assert page.url.endswith("/publicity/news/?status=submitted")
    assert page.locator("[data-todos]").count() == 0  # the news list is not staff's home
    context.close()


def test_every_other_role_lands_on_their_own_list_at_a_phones_width(demo, browser, live_server):
    for username in ("unit-xg", "counsellor1", "corr1", "reviewer1", "elder1"):
        context, page = log_in(browser, live_server.url, username, 390)
        todos = page.locator("[data-todos]")
        assert todos.count() == 1 and todos.locator("h2").inner_text() == "待办事项", username
        assert todos.locator("[data-todo]").count() + todos.locator("[data-todos-empty]").count() >= 1, username
        assert page.evaluate(SIDEWAYS) <= 0, username
        shot(page, f"home-todos-02-{username}-390")
        context.close()
