import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.uploads import check_upload
from core.versions import StaleWrite
from notifications.models import Notification
from rectification import services
from rectification.models import ItemAction, ItemStatus, RectificationItem
from rectification.workflow import ACCEPT, RETURN, SUBMIT, RectificationError
from tests.conftest import make_report

TODAY = timezone.localdate()


def plan(item, user, **changes):
    fields = {"measures": "逐项整改。", "owner": "王老师", "deadline": TODAY + datetime.timedelta(days=30)}
    return services.save_plan(item, user, **(fields | changes), expected_version=item.version)


def note(item, user, **changes):
    fields = {"text": "已召开专题会议。", "on": TODAY}
    services.add_note(item, user, **(fields | changes), expected_version=item.version)
    return RectificationItem.objects.get(pk=item.pk)


def test_the_college_plans_notes_submits_and_staff_accept(users, item):
    item = plan(item, users["sec1"])
    assert item.status == ItemStatus.PLANNED
    item = plan(item, users["sec1"], owner="李老师")  # the plan changes until it is handed in
    assert (item.status, item.owner) == (ItemStatus.PLANNED, "李老师")
    report = make_report(item.college, users["sec1"], status="approved")
    pdf = check_upload(SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4\n%%EOF\n"))
    item = note(item, users["sec1"], reports=[report], files=[pdf])
    assert item.status == ItemStatus.IN_PROGRESS
    saved = item.notes.get()
    assert list(saved.reports.all()) == [report] and saved.files.get().original_name == "会议纪要.pdf"
    item = services.transition(item, users["sec1"], SUBMIT, expected_version=item.version)
    assert item.status == ItemStatus.SUBMITTED
    assert Notification.objects.filter(user=users["staff"], title__contains="待验收").exists()
    item = services.transition(item, users["staff"], ACCEPT, expected_version=item.version)
    assert item.status == ItemStatus.ACCEPTED and item.accepted_at is not None
    assert [e.action for e in item.events.all()] == [
        ItemAction.CREATE,
        ItemAction.PLAN,
        ItemAction.EDIT_PLAN,
        ItemAction.PROGRESS,
        ItemAction.SUBMIT,
        ItemAction.ACCEPT,
    ]


def test_staff_return_with_a_reason_and_the_college_is_told(users, item):
    item = note(plan(item, users["sec1"]), users["sec1"])
    item = services.transition(item, users["sec1"], SUBMIT, expected_version=item.version)
    with pytest.raises(RectificationError, match="退回理由"):
        services.transition(item, users["staff"], RETURN, " ", expected_version=item.version)
    item = services.transition(item, users["staff"], RETURN, "缺少活动照片。", expected_version=item.version)
    assert (item.status, item.return_reason) == (ItemStatus.IN_PROGRESS, "缺少活动照片。")
    told = Notification.objects.get(user=users["sec1"], title__contains="退回")
    assert "缺少活动照片" in told.body
    item = plan(item, users["sec1"], measures="补充材料。")  # back in the college's hands
    assert item.status == ItemStatus.IN_PROGRESS


def test_refusals_say_why_in_chinese(users, item):
    with pytest.raises(RectificationError, match="只有本学院的关工委秘书可以"):
        plan(item, users["staff"])
    with pytest.raises(RectificationError, match="只有本学院的关工委秘书可以"):
        plan(item, users["office"])
    with pytest.raises(RectificationError, match="制定整改方案后"):
        note(item, users["sec1"])
    with pytest.raises(RectificationError, match="不能进行此操作"):
        services.transition(item, users["sec1"], SUBMIT, expected_version=item.version)
    item = plan(item, users["sec1"])
    item = note(item, users["sec1"])
    with pytest.raises(RectificationError, match="校关工委工作人员"):
        services.transition(item, users["sec1"], ACCEPT, expected_version=item.version)
    with pytest.raises(StaleWrite):
        services.transition(item, users["sec1"], SUBMIT, expected_version=item.version - 1)
    item = services.transition(item, users["sec1"], SUBMIT, expected_version=item.version)
    with pytest.raises(RectificationError, match="已提交验收"):
        plan(item, users["sec1"])


def test_submitting_needs_a_progress_note(users, item):
    item = plan(item, users["sec1"])
    RectificationItem.objects.filter(pk=item.pk).update(status=ItemStatus.IN_PROGRESS)
    item.refresh_from_db()
    with pytest.raises(RectificationError, match="提交验收前"):
        services.transition(item, users["sec1"], SUBMIT, expected_version=item.version)


def test_only_the_colleges_own_reports_are_evidence(users, item, college_b):
    other = make_report(college_b, users["sec2"], status="approved")
    with pytest.raises(RectificationError, match="本学院"):
        note(plan(item, users["sec1"]), users["sec1"], reports=[other])


def test_an_item_past_its_deadline_is_overdue_until_handed_in(users, item):
    item = plan(item, users["sec1"], deadline=TODAY + datetime.timedelta(days=1))
    RectificationItem.objects.filter(pk=item.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    item.refresh_from_db()
    assert item.is_overdue(TODAY)
    assert list(RectificationItem.objects.overdue(TODAY)) == [item]
    item = note(item, users["sec1"])
    item = services.transition(item, users["sec1"], SUBMIT, expected_version=item.version)
    assert not item.is_overdue(TODAY) and not RectificationItem.objects.overdue(TODAY).exists()
