"""Chat-group robots: a college's 企业微信 / 钉钉 group hears its events through the outbox, exactly once.

A local server imitates both robots' APIs (robot_api.py): it checks each message's format, size and DingTalk's
signature, and can answer with an error."""

import base64
import datetime
import hashlib
import hmac
import socket

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import services as report_services
from activities.models import Status
from notifications.models import EmailState, GroupMessage, GroupWebhook
from notifications.secrets import reveal
from notifications.services import post_to_groups, save_webhook
from notifications.tasks import backoff, deliver_group_message, send_pending_group_messages
from notifications.webhooks import build_request, dingtalk_signature

from ..conftest import make_report
from .robot_api import WECOM, dingtalk_url, wecom_url

SECRET = "SECtest0123456789abcdef"


def add_robot(college, platform, url, secret=""):
    return save_webhook(GroupWebhook(college=college, platform=platform), url=url, secret=secret, version=None)


def test_a_returned_report_reaches_the_colleges_dingtalk_group_signed(
    robot_api, users, college_a, college_b, django_capture_on_commit_callbacks
):
    robot_api.dingtalk_tokens["aaa"], robot_api.wecom_keys = SECRET, {"bbb"}
    add_robot(college_a, "dingtalk", dingtalk_url("aaa"), SECRET)
    add_robot(college_b, "wecom", wecom_url("bbb"))
    report = make_report(college_a, users["sec1"], status=Status.SUBMITTED, title="五老宣讲 [点我](http://x)")
    with django_capture_on_commit_callbacks(execute=True):
        report_services.transition(report, users["staff"], "return", "缺少签到表", report.version)
    [received] = robot_api.accepted  # college B's group hears nothing of college A
    assert received["query"]["access_token"] == ["aaa"]
    timestamp = received["query"]["timestamp"][0]
    expected = base64.b64encode(
        hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    ).decode()
    assert received["query"]["sign"] == [expected]
    assert received["body"]["msgtype"] == "markdown"
    text = received["body"]["markdown"]["text"]
    assert received["body"]["markdown"]["title"].startswith("您的活动报告")
    assert "缺少签到表" in text and f"(http://127.0.0.1:8000{report.get_absolute_url()})" in text
    # The user's text cannot make a link of its own, and shows no backslashes.
    assert "［点我］(http：//x)" in text and "[点我]" not in text and "\\" not in text
    assert GroupMessage.objects.get().state == EmailState.SENT


def test_wecom_gets_its_own_format(robot_api, users, college_a, django_capture_on_commit_callbacks):
    robot_api.wecom_keys = {"kkk"}
    add_robot(college_a, "wecom", wecom_url("kkk"))
    with django_capture_on_commit_callbacks(execute=True):
        post_to_groups(college_a, "截止提醒", "请在周五前提交自评。", "/scoring/")
    [received] = robot_api.accepted
    assert received["query"] == {"key": ["kkk"]}
    assert received["body"] == {
        "msgtype": "markdown",
        "markdown": {
            "content": "**截止提醒**\n\n请在周五前提交自评。\n\n[在平台中查看](http://127.0.0.1:8000/scoring/)"
        },
    }


def test_a_message_is_posted_once_however_often_it_is_delivered_or_reported(robot_api, college_a):
    robot_api.wecom_keys = {"kkk"}
    add_robot(college_a, "wecom", wecom_url("kkk"))
    assert post_to_groups(college_a, "提醒", dedupe_key="quiet:2022-05") == 1
    assert post_to_groups(college_a, "提醒", dedupe_key="quiet:2022-05") == 0  # the job ran twice
    message = GroupMessage.objects.get()
    assert deliver_group_message(message.pk) == EmailState.SENT
    assert deliver_group_message(message.pk) == "skipped"  # a redelivered task
    assert send_pending_group_messages.apply().result == 0
    assert len(robot_api.received) == 1


def test_a_server_error_waits_for_the_next_sweep_and_a_refusal_fails_visibly(
    robot_api, college_a, as_user, django_capture_on_commit_callbacks
):
    robot_api.wecom_keys = {"kkk"}
    add_robot(college_a, "wecom", wecom_url("kkk"))
    post_to_groups(college_a, "提醒")
    message = GroupMessage.objects.get()
    robot_api.script.append((502, {}, {}))
    assert deliver_group_message(message.pk) == EmailState.PENDING
    message.refresh_from_db()
    waits = message.retry_after - timezone.now()
    assert datetime.timedelta(seconds=50) < waits <= datetime.timedelta(minutes=1)
    assert deliver_group_message(message.pk) == "skipped"  # not before its time
    GroupMessage.objects.update(retry_after=None)  # a minute later
    robot_api.script.append((200, {"errcode": 45009, "errmsg": "api freq out of limit"}, {}))
    assert deliver_group_message(message.pk) == EmailState.PENDING  # rate-limited: try again later
    message.refresh_from_db()
    assert message.retry_after - timezone.now() > datetime.timedelta(seconds=110)  # the wait doubles
    GroupMessage.objects.update(retry_after=None)
    robot_api.wecom_keys = set()  # the robot was removed from the group
    assert deliver_group_message(message.pk) == EmailState.FAILED
    message.refresh_from_db()
    assert "93000" in message.error_detail and "93000" not in message.last_error and message.attempts == 3
    staff_page = as_user("staff").get(reverse("notifications:system")).content.decode()
    assert message.last_error in staff_page and "93000" not in staff_page
    assert "93000" in as_user("admin").get(reverse("notifications:system")).content.decode()  # its details
    robot_api.wecom_keys = {"kkk"}
    with django_capture_on_commit_callbacks(execute=True):
        as_user("staff").post(reverse("notifications:system"))  # send failed messages again
    message.refresh_from_db()
    assert message.state == EmailState.SENT


def test_the_wait_doubles_up_to_an_hour():
    assert [backoff(n).total_seconds() / 60 for n in [1, 2, 3, 4, 7, 20]] == [1, 2, 4, 8, 60, 60]


def test_a_stopped_network_leaves_the_message_waiting(settings, college_a):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        settings.OUTBOUND_TEST_HOSTS = {WECOM: probe.getsockname()[1]}  # nothing listens there
    add_robot(college_a, "wecom", wecom_url("kkk"))
    post_to_groups(college_a, "提醒")
    assert deliver_group_message(GroupMessage.objects.get().pk) == EmailState.PENDING


def test_an_address_elsewhere_is_never_posted_to(settings, college_a):
    webhook = add_robot(college_a, "wecom", "https://example.com/cgi-bin/webhook/send?key=kkk")
    post_to_groups(college_a, "提醒")
    assert deliver_group_message(GroupMessage.objects.get(webhook=webhook).pk) == EmailState.FAILED


def test_the_address_and_secret_are_stored_encrypted_and_never_shown_again(users, college_a, as_user):
    client = as_user("staff")
    url = "https://oapi.dingtalk.com/robot/send?access_token=abcdef123456"
    response = client.post(
        reverse("notifications:group_create"),
        {"college": college_a.pk, "platform": "dingtalk", "url": url, "secret": SECRET, "active": "on"},
    )
    assert response.status_code == 302
    webhook = GroupWebhook.objects.get()
    assert "abcdef123456" not in webhook.encrypted_url and SECRET not in webhook.encrypted_secret
    assert reveal(webhook.encrypted_url) == url and reveal(webhook.encrypted_secret) == SECRET
    for page in [reverse("notifications:groups"), reverse("notifications:group_edit", args=[webhook.pk])]:
        html = client.get(page).content.decode()
        assert "abcdef123456" not in html and SECRET not in html and "…3456" in html
    # Saving the page again with the fields left empty keeps both.
    client.post(
        reverse("notifications:group_edit", args=[webhook.pk]),
        {"college": college_a.pk, "platform": "dingtalk", "url": "", "secret": "", "version": webhook.version},
    )
    webhook.refresh_from_db()
    assert reveal(webhook.encrypted_url) == url and reveal(webhook.encrypted_secret) == SECRET
    assert not webhook.active


@pytest.mark.parametrize(
    "url",
    [
        "http://oapi.dingtalk.com/robot/send?access_token=x",
        "https://evil.example/robot/send?access_token=x",
        "https://oapi.dingtalk.com/other?access_token=x",
        "https://oapi.dingtalk.com/robot/send",
        "javascript:alert(1)",
    ],
)
def test_an_address_that_is_not_the_platforms_robot_is_refused(users, college_a, as_user, url):
    response = as_user("staff").post(
        reverse("notifications:group_create"), {"college": college_a.pk, "platform": "dingtalk", "url": url}
    )
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not GroupWebhook.objects.exists()


def test_removing_a_robot_claims_its_version(users, college_a, as_user):
    webhook = add_robot(college_a, "wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")
    client = as_user("staff")
    action = reverse("notifications:group_action", args=[webhook.pk, "delete"])
    client.post(action, {"version": webhook.version + 1})
    assert GroupWebhook.objects.filter(pk=webhook.pk).exists()
    client.post(action, {"version": webhook.version})
    assert not GroupWebhook.objects.exists()


def test_the_dingtalk_signature_is_the_documented_one():
    # DingTalk's documentation: sign = urlencode(base64(HmacSHA256(secret, timestamp + "\n" + secret))).
    assert (
        dingtalk_signature("SEC000", 1600000000000)
        == base64.b64encode(hmac.new(b"SEC000", b"1600000000000\nSEC000", hashlib.sha256).digest()).decode()
    )
    request = build_request("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=t", "SEC000", "T", "x", 1)
    assert "&timestamp=1&sign=" in request.url


def test_a_committee_notice_reaches_the_chosen_colleges_groups_once(
    robot_api, users, college_a, college_b, as_user, django_capture_on_commit_callbacks
):
    robot_api.wecom_keys = {"aaa", "bbb"}
    add_robot(college_a, "wecom", wecom_url("aaa"))
    add_robot(college_b, "wecom", wecom_url("bbb"))
    with django_capture_on_commit_callbacks(execute=True):
        as_user("staff").post(
            reverse("committee:notice_create"),
            {
                "title": "关于报送总结的通知",
                "body": "请报送。",
                "audience": "chosen",
                "recipients": [f"college-{college_a.pk}"],
                "reply": "none",
            },
        )
    [received] = robot_api.accepted  # only the chosen college's group
    assert received["query"] == {"key": ["aaa"]}
    assert "关于报送总结的通知" in received["body"]["markdown"]["content"]


def test_the_robots_page_shows_30_robots_a_page_in_the_colleges_order(users, as_user):
    from colleges.models import College

    College.objects.bulk_create(
        College(code=f"r{n:02}", name=f"第{n:02}学院", short_name=f"院{n:02}", order=n + 1) for n in range(35)
    )
    for college in College.objects.filter(code__startswith="r"):
        GroupWebhook.objects.create(college=college, platform="wecom", encrypted_url="x", hint=college.code)
    staff = as_user("staff")
    first = staff.get(reverse("notifications:groups"))
    second = staff.get(reverse("notifications:groups"), {"page": 2})
    hints = [w.hint for w in first.context["webhooks"]] + [w.hint for w in second.context["webhooks"]]
    assert hints == [f"r{n:02}" for n in range(35)]
    assert len(first.context["webhooks"]) == 30
    assert staff.get(reverse("notifications:groups"), {"page": "x"}).status_code == 200
