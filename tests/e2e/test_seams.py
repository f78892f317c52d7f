"""Issue 24's seams walked in Chromium on the demo, as the people who met them, for the points no other browser
test walks: the words of shared short messages (3), a failure told in Chinese (4), a notice reply that keeps its
typing when its file is missing (7), and the archive page that checks an upload itself (9). The others are walked
in test_care.py (1, the counsellor's month report), test_widths.py (2 and 6, navigation and tables at every width),
test_home_todos.py (5, every home a to-do list) and test_pickers.py (8, searchable pickers)."""

import datetime
import importlib
import io
import urllib.error

import pytest
from django.apps import apps
from django.core.management import call_command

from colleges.access import membership_of
from colleges.models import College
from committee.models import Notice
from committee.services import notices as notice_services
from notifications import problems
from notifications.models import Email, EmailState

from .conftest import shot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DEMO_PASSWORD = "gkw-demo-2022"


@pytest.fixture
def demo(plan, kinds):
    # A browser test's flush empties the rows data migrations made (the committee's rating levels): put them back.
    importlib.import_module("committee.migrations.0002_rating_levels").create_levels(apps, None)
    call_command("load_demo", stdout=io.StringIO())


def log_in(browser, base_url, username, width=1366):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return context, page


def shared_words_read_as_they_mean_where_they_stand(browser, live_server):
    context, page = log_in(browser, live_server.url, "staff")
    page.goto(f"{live_server.url}/care/needs/")
    assert page.locator(".badge:has-text('待匹配')").count() >= 1
    assert page.locator(".badge:has-text('查看')").count() == 0
    page.goto(f"{live_server.url}/committee/notices/new/")
    assert "发送对象" in page.content() and "新状态" not in page.content()
    page.goto(f"{live_server.url}/notifications/groups/new/")
    assert "启用" in page.content() and "在任" not in page.content()
    shot(page, "seams-03-robot-form")
    context.close()


def a_robot_that_cannot_be_reached_is_told_in_chinese(browser, live_server):
    error = urllib.error.URLError("[Errno -2] Name or service not known")
    Email.objects.create(
        to="sec1@gkw.example",
        subject="提醒",
        body="正文",
        state=EmailState.FAILED,
        last_error=problems.explain(error),
        error_detail=problems.technical(error),
    )
    context, page = log_in(browser, live_server.url, "admin")
    page.goto(f"{live_server.url}/notifications/system/")
    visible = page.locator("main").inner_text()
    assert "URLError" not in visible and "Errno" not in visible
    assert page.locator("details").count() >= 1  # the technical detail, for administrators, folded away
    shot(page, "seams-04-system")
    context.close()


def a_notice_reply_keeps_its_typing_when_its_file_is_missing(browser, live_server):
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.get(username="staff")
    college = membership_of(get_user_model().objects.get(username="sec1")).college
    notice = notice_services.publish_notice(
        Notice(
            title="关于报送工作总结的通知",
            body="请报送。",
            audience="chosen",
            reply="file",
            deadline=datetime.date(2022, 12, 20),
        ),
        staff,
        colleges=[College.objects.get(pk=college.pk)],
    )
    context, page = log_in(browser, live_server.url, "sec1", width=390)
    page.goto(f"{live_server.url}{notice.get_absolute_url()}")
    page.fill("#id_text", "已按要求整理，材料稍后补传。")
    page.click("button:has-text('回复')")
    page.wait_for_load_state()
    assert page.input_value("#id_text") == "已按要求整理，材料稍后补传。"
    assert "重新选择" in page.content()
    shot(page, "seams-07-reply-kept")
    context.close()


def the_archive_page_checks_an_uploaded_archive_itself(browser, live_server, tmp_path):
    context, page = log_in(browser, live_server.url, "staff")
    page.goto(f"{live_server.url}/publicity/archive/2022/")
    assert "manage.py" not in page.content()
    not_a_zip = tmp_path / "归档.zip"
    not_a_zip.write_bytes(b"this is not a zip file")
    page.set_input_files("input[type=file]", str(not_a_zip))
    page.locator("form:has(input[type=file]) button[type=submit]").click()
    page.wait_for_load_state()
    assert "Traceback" not in page.content()
    assert page.locator(".alert, .invalid-feedback, .errorlist").count() >= 1
    shot(page, "seams-09-archive-check")
    context.close()


def test_the_seams_people_met(demo, browser, live_server, tmp_path):
    """One demo for the four walks: loading it costs more than the walks."""
    shared_words_read_as_they_mean_where_they_stand(browser, live_server)
    a_robot_that_cannot_be_reached_is_told_in_chinese(browser, live_server)
    a_notice_reply_keeps_its_typing_when_its_file_is_missing(browser, live_server)
    the_archive_page_checks_an_uploaded_archive_itself(browser, live_server, tmp_path)
