"""A notice in a real browser: staff publish it to two colleges, college A's secretary finds it on their home,
reads it and replies with a file; staff see who read and replied and remind the other college in one click.
Screenshots go to test-artifacts/e2e/."""

import pytest

from committee.models import Notice, Receipt
from notifications.models import Notification

from ..conftest import PASSWORD
from .conftest import shot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def reply_file(tmp_path):
    path = tmp_path / "上半年总结.pdf"
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    return path


def test_a_notice_is_read_replied_to_and_the_rest_reminded(
    plan, users, college_a, college_b, open_page, live_server, reply_file
):
    staff = open_page("staff", PASSWORD)
    sec1 = open_page("sec1", PASSWORD)

    # Staff publish a notice to both colleges asking for a file by a deadline.
    staff.goto(f"{live_server.url}/committee/notices/new/")
    staff.fill("#id_title", "关于报送上半年工作总结的通知")
    staff.fill("#id_body", "请于7月10日前报送上半年工作总结。")
    staff.select_option("#id_audience", "chosen")
    staff.check(f"input[name=recipients][value='college-{college_a.pk}']")
    staff.check(f"input[name=recipients][value='college-{college_b.pk}']")
    staff.select_option("#id_reply", "file")
    staff.fill("#id_deadline", "2022-07-10")
    staff.click("button:has-text('保存')")
    assert "通知已发布" in staff.content()
    notice = Notice.objects.get()
    assert notice.receipts.count() == 2

    # The secretary finds it on their home page, unread, and opens it: the page records the reading.
    sec1.goto(f"{live_server.url}/")
    assert sec1.locator("[data-todo='committee.notices']").is_visible()
    shot(sec1, "committee-01-home-notice")
    sec1.click("a:has-text('关于报送上半年工作总结的通知')")
    sec1.wait_for_selector("text=已标记为已读")
    assert Receipt.objects.get(college=college_a).read_at is not None

    staff.goto(f"{live_server.url}{notice.get_absolute_url()}")
    assert "2 个中 1 个已读" in staff.content()

    # The secretary replies with a file.
    sec1.fill("#id_text", "已按要求报送。")
    sec1.set_input_files("#id_files", str(reply_file))
    sec1.click("button:has-text('发送回复')")
    assert "回复已发送" in sec1.content()
    shot(sec1, "committee-02-replied")
    receipt = Receipt.objects.get(college=college_a)
    assert receipt.replied_at is not None and receipt.files.get().original_name == "上半年总结.pdf"

    # Staff see the reply and remind the college that has not replied.
    staff.reload()
    assert "2 个中 1 个已回复" in staff.content() and "上半年总结.pdf" in staff.content()
    Notification.objects.all().delete()
    staff.click("button:has-text('提醒')")
    assert "已提醒 1 个接收方" in staff.content()
    shot(staff, "committee-03-receipts")
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["sec2"]
