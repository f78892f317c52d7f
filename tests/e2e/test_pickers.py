"""The picker in a real browser: staff record a training session's attendance by typing into the filter and picking
across two colleges' groups, the count following each pick."""

import datetime
from decimal import Decimal

import pytest

from committee.models import TrainingClass, TrainingSession
from committee.services import training

from ..conftest import PASSWORD
from .conftest import shot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_staff_filter_the_attendance_and_pick_across_colleges(users, college_a, college_b, open_page, live_server):
    course = training.save_training(TrainingClass(title="关工委骨干培训班", year=2022), users["staff"])
    session = training.add_session(
        course,
        users["staff"],
        TrainingSession(held_on=datetime.date(2022, 5, 10), topic="五老工作方法", hours=Decimal(2)),
    )
    staff = open_page("staff", PASSWORD)
    staff.goto(f"{live_server.url}/committee/training/sessions/{session.pk}/attendance/")
    count = staff.locator("[data-picker-count]")
    assert count.inner_text() == "已选 0"

    # The college's short name finds its whole group; "select all" ticks what is in view.
    staff.fill("#id_attendees_filter", "控制")
    assert staff.locator("legend:has-text('机械技术学院')").is_hidden()
    staff.click("button:has-text('全选'):visible")
    assert count.inner_text() == "已选 1"

    # A person's name finds them in another group.
    staff.fill("#id_attendees_filter", "乙")
    assert staff.locator("label:has-text('甲主任')").is_hidden()
    staff.check("label:has-text('乙老师')")
    assert count.inner_text() == "已选 2"
    staff.fill("#id_attendees_filter", "没有这个人")
    assert staff.locator("[data-picker-empty]").is_visible()
    shot(staff, "picker-01-attendance")

    staff.fill("#id_attendees_filter", "")
    staff.click("button:has-text('保存')")
    assert "出席情况已保存" in staff.content()
    assert sorted(m.name for m in session.attendees.all()) == ["丙主任", "乙老师"]
