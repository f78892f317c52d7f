"""My settings: each person's name, address, mobile number and e-mail choices; e-mails worth reading."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from activities import services as report_services
from activities.models import Status
from notifications.models import ContactDetails, Email, EmailChoice, EmailPreference, NoticeKind, Notification
from notifications.services import notify
from notifications.tasks import send_daily_digests

from ..conftest import make_report


@pytest.fixture
def addresses(users):
    for name, user in users.items():
        user.email = f"{name}@gkw.example"
        user.save()
    return users


def settings_form(client, **changes):
    """The form as the page fills it, with `changes`."""
    page = client.get(reverse("notifications:settings")).content.decode()
    data = {
        "name": re.search(r'name="name"\s+type="text"\s+value="([^"]*)"', page).group(1),
        "email": re.search(r'name="email"\s+type="email"\s+value="([^"]*)"', page).group(1),
        "mobile": re.search(r'name="mobile"\s+type="tel"\s+value="([^"]*)"', page).group(1),
        "version": re.search(r'name="version" value="(\d+)"', page).group(1),
    }
    for kind in NoticeKind.values:
        data[f"email_{kind}"] = re.search(rf'name="email_{kind}" value="(\w+)"[^>]*checked', page).group(1)
    return {**data, **changes}


def test_a_secretary_saves_name_mobile_and_choices(addresses, as_user):
    client = as_user("sec1")
    data = settings_form(client, name="王老师", mobile="138 0013 8000", email_reports=EmailChoice.DIGEST)
    response = client.post(reverse("notifications:settings"), data, follow=True)
    assert "设置已保存" in response.content.decode()
    user = get_user_model().objects.get(username="sec1")
    assert user.get_full_name() == "王老师"
    assert ContactDetails.objects.get(user=user).mobile == "13800138000"
    assert EmailPreference.objects.get(user=user, kind=NoticeKind.REPORTS).choice == EmailChoice.DIGEST
    page = response.content.decode()
    assert "138****8000" in page and "13800138000" not in page  # shown masked, never in full


@pytest.mark.parametrize("mobile", ["12345", "1380013800x", "23800138000", "138001380001"])
def test_a_wrong_mobile_number_is_refused_with_a_message_and_nothing_changes(addresses, as_user, mobile):
    client = as_user("sec1")
    response = client.post(reverse("notifications:settings"), settings_form(client, name="新名字", mobile=mobile))
    assert response.status_code == 200
    assert "请填写以 1 开头的 11 位大陆手机号码" in response.content.decode()
    assert get_user_model().objects.get(username="sec1").first_name != "新名字"


def test_a_page_from_before_another_save_changes_nothing(addresses, as_user):
    client = as_user("sec1")
    stale = settings_form(client, name="旧窗口")
    client.post(reverse("notifications:settings"), settings_form(client, name="新窗口"))
    response = client.post(reverse("notifications:settings"), stale, follow=True)
    assert "已在另一个窗口中修改" in response.content.decode()
    assert get_user_model().objects.get(username="sec1").first_name == "新窗口"


def test_a_new_address_takes_effect_only_once_confirmed_by_its_owner(
    addresses, as_user, django_capture_on_commit_callbacks
):
    client = as_user("sec1")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("notifications:settings"), settings_form(client, name="王老师", email="new@gkw.example")
        )
    assert get_user_model().objects.get(username="sec1").email == "sec1@gkw.example"  # not yet
    [message] = mail.outbox
    assert message.to == ["new@gkw.example"]
    link = re.search(r"http://127\.0\.0\.1:8000(/notifications/settings/confirm/[^/\s]+/)", message.body).group(1)
    assert as_user("sec2").post(link).status_code == 404  # somebody else's link does nothing
    assert get_user_model().objects.get(username="sec1").email == "sec1@gkw.example"
    assert client.get(link).status_code == 200
    response = client.post(link, follow=True)
    assert "您的邮箱已改为 new@gkw.example" in response.content.decode()
    assert get_user_model().objects.get(username="sec1").email == "new@gkw.example"
    assert client.post(link).status_code == 404  # used once; the address it was issued for is gone


def test_each_kind_is_mailed_as_the_person_chose(addresses, django_capture_on_commit_callbacks):
    sec1 = addresses["sec1"]
    EmailPreference.objects.create(user=sec1, kind=NoticeKind.REMINDERS, choice=EmailChoice.NEVER)
    EmailPreference.objects.create(user=sec1, kind=NoticeKind.NOTICES, choice=EmailChoice.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        notify([sec1], "提醒一", kind=NoticeKind.REMINDERS)
        notify([sec1], "通知一", kind=NoticeKind.NOTICES)
        notify([sec1], "通知二", "正文二", "/plans/", kind=NoticeKind.NOTICES)
        notify([sec1], "结果", kind=NoticeKind.ASSESSMENT)
    assert Notification.objects.filter(user=sec1).count() == 4  # the portal always tells
    assert [m.subject for m in mail.outbox] == ["结果"]
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests.apply().result == 1
        assert send_daily_digests.apply().result == 0  # a second run sends nothing twice
    digest = mail.outbox[-1]
    assert digest.subject == "关工委工作平台：今日 2 条通知"
    assert "通知一" in digest.body and "通知二" in digest.body and "提醒一" not in digest.body
    assert "http://127.0.0.1:8000/plans/" in digest.body
    assert not Notification.objects.filter(in_next_digest=True).exists()


def test_an_email_greets_says_what_happened_gives_the_facts_and_why(
    addresses, college_a, django_capture_on_commit_callbacks
):
    sec1 = addresses["sec1"]
    sec1.first_name = "王老师"
    sec1.save()
    report = make_report(college_a, sec1, status=Status.SUBMITTED, title="五老宣讲")
    with django_capture_on_commit_callbacks(execute=True):
        report_services.transition(report, addresses["staff"], "return", "缺少签到表", report.version)
    [message] = mail.outbox
    body = message.body
    assert body.startswith("王老师，您好：")
    assert "您的活动报告“五老宣讲”被退回修改" in body
    assert "学院：机械技术学院" in body and "报告：五老宣讲" in body and "2022年5月4日" in body
    assert "缺少签到表" in body
    assert f"http://127.0.0.1:8000{report.get_absolute_url()}" in body
    assert "机械技术学院的二级学院关工委秘书" in body and "/notifications/settings/" in body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html" and "王老师，您好：" in html and "在平台中查看" in html


def test_user_text_in_the_html_part_is_inert(addresses, college_a, django_capture_on_commit_callbacks):
    report = make_report(college_a, addresses["sec1"], status=Status.SUBMITTED, title="<img src=x onerror=alert(1)>")
    report_services.transition(report, addresses["staff"], "approve", "", report.version)
    html = Email.objects.get().html_body
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_staff_read_every_email_written_on_the_sent_mail_page(addresses, college_a, as_user):
    report = make_report(college_a, addresses["sec1"], status=Status.SUBMITTED, title="五老宣讲")
    report_services.transition(report, addresses["staff"], "approve", "", report.version)
    email = Email.objects.get()
    assert "五老宣讲" in as_user("staff").get(reverse("notifications:outbox")).content.decode()
    assert (
        "sec1@gkw.example"
        in as_user("staff").get(reverse("notifications:outbox_email", args=[email.pk])).content.decode()
    )
    html = as_user("staff").get(reverse("notifications:outbox_email_html", args=[email.pk]))
    assert html["Content-Security-Policy"].startswith("sandbox")
    assert as_user("sec1").get(reverse("notifications:outbox")).status_code == 403


def test_opening_the_settings_page_writes_nothing(addresses, as_user):
    assert as_user("sec1").get(reverse("notifications:settings")).status_code == 200
    assert not ContactDetails.objects.exists()
