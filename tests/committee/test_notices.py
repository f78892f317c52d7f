"""Notices: publishing to colleges or member units, reading, replying, the receipts staff see, one-click reminders."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from colleges.models import College
from committee.models import Event, Notice, Receipt, ReplyFile
from committee.services import notices as notice_services
from core.versions import StaleWrite
from notifications.models import Email, Notification
from tests.conftest import client_for

from .conftest import pdf_upload


def publish(as_user, **fields):
    data = {
        "title": "关于报送2022年工作总结的通知",
        "body": "请各学院于6月30日前报送。",
        "audience": "chosen",
        "reply": "file",
        "deadline": "2022-06-30",
        **fields,
    }
    return as_user("staff").post(reverse("committee:notice_create"), data)


@pytest.fixture
def emails(users):
    for name in ("sec1", "sec2"):
        users[name].email = f"{name}@example.edu.cn"
        users[name].save()


def test_a_notice_to_chosen_colleges_reaches_only_their_secretaries(users, college_a, college_b, emails, as_user):
    response = as_user("staff").post(
        reverse("committee:notice_create"),
        {
            "title": "关于报送材料的通知",
            "body": "请报送。",
            "audience": "chosen",
            "recipients": [f"college-{college_a.pk}"],
            "reply": "file",
            "deadline": "2022-06-30",
            "public": "on",
            "files": [pdf_upload("通知附件.pdf")],
        },
    )
    notice = Notice.objects.get()
    assert response.status_code == 302 and response["Location"] == notice.get_absolute_url()
    assert notice.public and notice.attachments.get().original_name == "通知附件.pdf"
    assert [r.college for r in notice.receipts.all()] == [college_a]
    assert Notification.objects.filter(user=users["sec1"], link=notice.get_absolute_url()).exists()
    assert Email.objects.filter(to="sec1@example.edu.cn").exists()
    assert not Notification.objects.filter(user=users["sec2"]).exists()
    assert as_user("sec2").get(notice.get_absolute_url()).status_code == 404
    assert "关于报送材料的通知" not in as_user("sec2").get(reverse("committee:notices")).content.decode()


def test_a_notice_to_all_colleges_has_a_receipt_per_active_college(users, college_a, college_b, as_user):
    College.objects.create(code="zz", name="已撤销学院", short_name="撤", active=False)
    publish(as_user, audience="all_colleges", reply="none", deadline="")
    notice = Notice.objects.get()
    assert {r.college for r in notice.receipts.all()} == {college_a, college_b}


def test_a_notice_to_member_units_reaches_their_contacts_not_the_colleges(users, unit1, student_affairs, as_user):
    publish(as_user, recipients=[f"unit-{student_affairs.pk}"], reply="text")
    notice = Notice.objects.get()
    assert [r.unit for r in notice.receipts.all()] == [student_affairs]
    assert Notification.objects.filter(user=unit1).exists()
    assert Email.objects.filter(to="unit1@example.edu.cn").exists()
    assert not Notification.objects.filter(user=users["sec1"]).exists()


def test_a_notice_to_colleges_and_member_units_at_once_reaches_both_inboxes(
    users, college_a, college_b, unit1, student_affairs, emails, as_user
):
    publish(as_user, recipients=[f"college-{college_a.pk}", f"unit-{student_affairs.pk}"], reply="text")
    notice = Notice.objects.get()
    assert notice.get_audience_display() == "选定的学院和委员单位"
    assert [(r.college, r.unit) for r in notice.receipts.all()] == [(college_a, None), (None, student_affairs)]
    for person in (users["sec1"], unit1):
        assert Notification.objects.filter(user=person, link=notice.get_absolute_url()).exists()
    assert {e.to for e in Email.objects.all()} >= {"sec1@example.edu.cn", "unit1@example.edu.cn"}
    assert not Notification.objects.filter(user=users["sec2"]).exists()
    # Each recipient finds it in their own inbox: their home's to-do and the notices list.
    for client in (as_user("sec1"), client_for(unit1)):
        assert notice.title in client.get(reverse("home"), follow=True).content.decode()
        assert notice.title in client.get(reverse("committee:notices")).content.decode()
        assert client.get(notice.get_absolute_url()).status_code == 200
        # The page records the reading once shown (a GET writes nothing): its own POST, as the browser sends it.
        client.post(reverse("committee:notice_read", args=[notice.pk]), headers={"X-Requested-With": "fetch"})
    assert Receipt.objects.get(college=college_a).read_at is not None
    assert Receipt.objects.get(unit=student_affairs).read_at is not None


def test_all_colleges_and_the_member_units_ticked_beside_them(users, college_a, college_b, student_affairs, as_user):
    publish(as_user, audience="all_colleges", recipients=[f"unit-{student_affairs.pk}"], reply="none", deadline="")
    notice = Notice.objects.get()
    assert {r.recipient for r in notice.receipts.all()} == {college_a, college_b, student_affairs}


def test_choosing_no_recipient_or_a_deadline_without_a_reply_is_refused(users, as_user):
    response = publish(as_user, audience="chosen")
    assert response.status_code == 200 and "请至少选择一个学院或委员单位" in response.content.decode()
    response = publish(as_user, audience="all_colleges", reply="none", deadline="2022-06-30")
    assert response.status_code == 200
    assert Notice.objects.count() == 0


def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_published(users, college_a, as_user):
    fake = SimpleUploadedFile("通知.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = publish(as_user, recipients=[f"college-{college_a.pk}"], files=[fake])
    assert response.status_code == 200
    assert Notice.objects.count() == 0 and Notification.objects.count() == 0


def test_opening_writes_nothing_the_page_records_the_read_once_and_the_home_lists_the_notice(
    users, college_a, as_user
):
    publish(as_user, recipients=[f"college-{college_a.pk}"])
    notice = Notice.objects.get()
    home = as_user("sec1").get(reverse("home")).content.decode()
    assert notice.title in home
    assert as_user("staff").get(notice.get_absolute_url()).status_code == 200
    # Opening the page (a GET a link from another site can make) records nothing; the page posts the reading.
    page = as_user("sec1").get(notice.get_absolute_url()).content.decode()
    assert Receipt.objects.get().read_at is None
    read_url = reverse("committee:notice_read", args=[notice.pk])
    assert f'action="{read_url}"' in page and "data-mark-read" in page and "标为已读" in page
    # Staff reading it is not the college reading it: they have no receipt to mark.
    assert as_user("staff").post(read_url).status_code == 403
    response = as_user("sec1").post(read_url, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 204
    receipt = Receipt.objects.get()
    assert receipt.read_by == users["sec1"] and receipt.read_at is not None
    first = receipt.read_at
    assert as_user("sec1").post(read_url).status_code == 302  # without JavaScript: the button, back to the notice
    assert Receipt.objects.get().read_at == first
    assert "已读于" in as_user("sec1").get(notice.get_absolute_url()).content.decode()
    assert Event.objects.filter(subject="receipt", action="read").count() == 1


def test_a_reply_with_a_file_is_recorded_and_staff_see_it(users, college_a, as_user):
    publish(as_user, recipients=[f"college-{college_a.pk}"])
    notice = Notice.objects.get()
    receipt = notice.receipts.get()
    url = reverse("committee:notice_reply", args=[notice.pk])
    # The notice asks for a file: text alone is refused, with a message, and changes nothing.
    response = as_user("sec1").post(url, {"text": "已收到", "version": receipt.version}, follow=True)
    assert "请附上文件" in response.content.decode()
    assert Receipt.objects.get().replied_at is None
    as_user("sec1").post(url, {"text": "已报送", "files": [pdf_upload("总结.pdf")], "version": receipt.version})
    receipt = Receipt.objects.get()
    assert receipt.replied_by == users["sec1"] and receipt.reply_text == "已报送" and receipt.read_at
    stored = ReplyFile.objects.get()
    page = as_user("staff").get(notice.get_absolute_url()).content.decode()
    assert "已报送" in page and "总结.pdf" in page
    file_url = reverse("committee:reply_file", args=[notice.pk, stored.pk])
    assert as_user("staff").get(file_url).status_code == 200
    assert as_user("sec1").get(file_url).status_code == 200
    assert as_user("sec2").get(file_url).status_code == 404


def test_a_reply_on_a_stale_page_is_refused(users, college_a, as_user):
    publish(as_user, recipients=[f"college-{college_a.pk}"], reply="text")
    receipt = Receipt.objects.get()
    notice_services.reply(receipt, users["sec1"], "第一次回复", [], receipt.version)
    with pytest.raises(StaleWrite):
        notice_services.reply(receipt, users["sec1"], "旧页面的回复", [], receipt.version)
    assert Receipt.objects.get().reply_text == "第一次回复"


def test_staff_remind_everyone_who_has_not_replied_in_one_action(users, college_a, college_b, as_user):
    publish(as_user, audience="all_colleges", reply="text")
    notice = Notice.objects.get()
    receipt_a = notice.receipts.get(college=college_a)
    notice_services.reply(receipt_a, users["sec1"], "已办", [], receipt_a.version)
    Notification.objects.all().delete()
    page = as_user("staff").get(notice.get_absolute_url()).content.decode()
    assert "1 of 2 replied" in page or "2 个中 1 个已回复" in page or "已回复" in page
    response = as_user("staff").post(reverse("committee:notice_remind", args=[notice.pk]), {"version": notice.version})
    assert response.status_code == 302
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["sec2"]
    assert notice.receipts.get(college=college_b).reminded_at is not None
    assert notice.receipts.get(college=college_a).reminded_at is None
    # The same page posted again (a double click) reminds nobody twice.
    as_user("staff").post(reverse("committee:notice_remind", args=[notice.pk]), {"version": notice.version})
    assert Notification.objects.count() == 1


def test_the_office_reads_receipts_but_may_not_remind(users, college_a, as_user):
    publish(as_user, recipients=[f"college-{college_a.pk}"])
    notice = Notice.objects.get()
    assert as_user("office").get(notice.get_absolute_url()).status_code == 200
    response = as_user("office").post(
        reverse("committee:notice_remind", args=[notice.pk]), {"version": notice.version}
    )
    assert response.status_code == 403
    assert not Notification.objects.filter(title__contains="提醒").exists()


def test_editing_keeps_the_recipients_and_claims_the_version(users, college_a, as_user):
    publish(as_user, recipients=[f"college-{college_a.pk}"])
    notice = Notice.objects.get()
    url = reverse("committee:notice_edit", args=[notice.pk])
    data = {"title": "新标题", "body": "正文", "reply": "file", "deadline": "2022-07-01", "version": notice.version}
    assert as_user("staff").post(url, data).status_code == 302
    notice.refresh_from_db()
    assert notice.title == "新标题" and notice.deadline == datetime.date(2022, 7, 1) and not notice.public
    response = as_user("staff").post(url, {**data, "title": "旧页面"})
    assert response.status_code == 200
    assert Notice.objects.get().title == "新标题" and notice.receipts.count() == 1


def test_a_notice_past_its_deadline_without_a_reply_is_shown_overdue(users, college_a, as_user):
    publish(as_user, recipients=[f"college-{college_a.pk}"], reply="text", deadline="2000-01-01")
    assert "已逾期" in as_user("sec1").get(reverse("committee:notices")).content.decode()
    assert "已逾期" in as_user("staff").get(reverse("committee:notices")).content.decode()
    receipt = Receipt.objects.get()
    notice_services.reply(receipt, users["sec1"], "已办", [], receipt.version)
    assert "已逾期" not in as_user("sec1").get(reverse("committee:notices")).content.decode()
    assert "已逾期" not in as_user("staff").get(reverse("committee:notices")).content.decode()


def test_staff_add_files_to_a_published_notice(users, college_a, as_user):
    publish(as_user, audience="all_colleges")
    notice = Notice.objects.get()
    url = reverse("committee:notice_files", args=[notice.pk])
    response = as_user("staff").post(url, {"files": [pdf_upload("补充.pdf"), pdf_upload("附表.pdf")]}, follow=True)
    assert "已添加 2 个文件。" in response.content.decode()
    assert sorted(f.original_name for f in notice.attachments.all()) == ["补充.pdf", "附表.pdf"]
