"""A robot's address: the form and every message run the same check (notifications.webhooks.robot_address), and
no address, key, token, timestamp or signature ever reaches an error text, a log, a page or a stored field."""

from __future__ import annotations

import http.client
import importlib
import logging

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from notifications import failures
from notifications.forms import GroupWebhookForm
from notifications.models import EmailState, GroupMessage, GroupWebhook, TaskFailure
from notifications.secrets import conceal
from notifications.services import post_to_groups, save_webhook
from notifications.tasks import deliver_group_message

from ..core.test_outbound import HOSTILE
from .robot_api import DINGTALK, WECOM, dingtalk_url, wecom_url

TOKEN = "c0ffee0123456789c0ffee0123456789c0ffee0123456789c0ffee0123456789"
KEY = "693a91f6-7f9c-4bc4-97a0-0ec2feedface"
SECRET = "SECa1b2c3d4e5f60718293a4b5c6d7e8f90"

PLATFORM_MISMATCH = {
    "a WeCom address for DingTalk": ("dingtalk", wecom_url(KEY)),
    "a DingTalk address for WeCom": ("wecom", dingtalk_url(TOKEN)),
    "another path": ("dingtalk", f"https://{DINGTALK}/other?access_token={TOKEN}"),
    "no token": ("dingtalk", f"https://{DINGTALK}/robot/send"),
    "an empty token": ("dingtalk", f"https://{DINGTALK}/robot/send?access_token="),
    "a second parameter": ("wecom", wecom_url(KEY) + "&debug=1"),
    "an encoded token": ("wecom", f"https://{WECOM}/cgi-bin/webhook/send?key=%2e%2e"),
}
CASES = {**{name: (platform, url) for name, url in HOSTILE.items() for platform in ["wecom"]}, **PLATFORM_MISMATCH}


@pytest.mark.parametrize(("platform", "url"), CASES.values(), ids=CASES.keys())
def test_the_form_refuses_what_the_client_refuses(db, platform, url):
    form = GroupWebhookForm(data={"platform": platform, "url": url, "active": "on"})
    assert not form.is_valid() and "url" in form.errors


def test_the_form_saves_the_address_in_its_normal_form(users, college_a, as_user):
    as_user("staff").post(
        reverse("notifications:group_create"),
        {
            "college": college_a.pk,
            "platform": "wecom",
            "url": f"  HTTPS://QYAPI.weixin.qq.com:443/cgi-bin/webhook/send?key={KEY}\n",
        },
    )
    from notifications.secrets import reveal

    assert reveal(GroupWebhook.objects.get().encrypted_url) == wecom_url(KEY)


def robot(college, platform, url, secret=""):
    return save_webhook(GroupWebhook(college=college, platform=platform), url=url, secret=secret, version=None)


def text_columns():
    """(model, field name) of every text column of the notifications app."""
    return [
        (model, field.name)
        for model in apps.get_app_config("notifications").get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
    ]


def test_no_credential_is_stored_logged_or_shown_after_failures(
    robot_api, users, college_a, college_b, as_user, caplog
):
    caplog.set_level(logging.DEBUG)
    robot_api.dingtalk_tokens = {TOKEN: SECRET}
    robot_api.wecom_keys = {KEY}
    # An address saved before the check existed: a space inside its token (http.client quoted the whole request
    # line, with timestamp and signature, in its error).
    malformed = GroupWebhook.objects.create(
        college=None,
        platform="dingtalk",
        encrypted_url=conceal(dingtalk_url(TOKEN[:30] + " " + TOKEN[30:])),
        encrypted_secret=conceal(SECRET),
        hint="oapi.dingtalk.com",
    )
    redirected = robot(college_a, "dingtalk", dingtalk_url(TOKEN), SECRET)
    refusing = robot(college_b, "wecom", wecom_url(KEY))
    for college in (None, college_a, college_b):
        post_to_groups(college, "提醒", "请提交。", "/")
    robot_api.script = [
        (302, {}, {"Location": f"http://localhost:{robot_api.port}/internal-secret?access_token={TOKEN}"}),
        (200, {"errcode": 93000, "errmsg": f"invalid webhook url /cgi-bin/webhook/send?key={KEY}, hint: [x]"}, {}),
    ]
    states = {
        webhook: deliver_group_message(GroupMessage.objects.get(webhook=webhook).pk)
        for webhook in (malformed, redirected, refusing)
    }
    assert set(states.values()) == {EmailState.FAILED}
    assert [r["path"] for r in robot_api.received] == ["/robot/send", "/cgi-bin/webhook/send"]  # no redirect followed
    reasons = dict(GroupMessage.objects.values_list("webhook", "error_detail"))
    assert "AddressRefused" in reasons[malformed.pk] and "HTTP 302" in reasons[redirected.pk]
    assert "93000" in reasons[refusing.pk]
    # A task that failed for good with the address in its exception (Celery's task_failure signal).
    failures.record_final_failure(
        sender="notifications.tasks.send_pending_group_messages",
        task_id="t1",
        exception=http.client.InvalidURL(f"URL can't contain control characters. '/robot/send?access_token={TOKEN}'"),
        args=(dingtalk_url(TOKEN),),
        kwargs={},
    )
    assert TaskFailure.objects.exists()

    signed = robot_api.received[0]["query"]
    credentials = [TOKEN, TOKEN[:30], TOKEN[30:], KEY, SECRET, signed["timestamp"][0], signed["sign"][0]]
    stored = [
        (model.__name__, name, value)
        for model, name in text_columns()
        for value in model.objects.values_list(name, flat=True)
        if any(credential in value for credential in credentials)
    ]
    assert stored == []
    logged = [credential for credential in credentials if credential in caplog.text]
    assert logged == [] and caplog.text.count("cannot be sent") == 3
    for page in ("notifications:system", "notifications:groups"):
        html = as_user("admin").get(reverse(page)).content.decode()  # with the administrators' details
        assert [credential for credential in credentials if credential in html] == [], page


def test_stored_errors_are_redacted_by_the_migration(db):
    leaked = f"InvalidURL: URL can't contain control characters. '/robot/send?access_token={TOKEN}&sign=abc' (x)"
    failure = TaskFailure.objects.create(task="t", error=leaked, arguments=repr((dingtalk_url(TOKEN),)))
    migration = importlib.import_module("notifications.migrations.0004_redact_stored_errors")
    migration.redact_stored_errors(apps, None)
    failure.refresh_from_db()
    assert TOKEN not in failure.error + failure.arguments and "InvalidURL" in failure.error


def test_changing_the_platform_asks_for_the_new_platforms_address(db):
    webhook = robot(None, "wecom", wecom_url(KEY))
    data = {"platform": "dingtalk", "url": "", "active": "on", "version": webhook.version}
    form = GroupWebhookForm(data=data, instance=webhook)
    assert not form.is_valid() and "url" in form.errors
    form = GroupWebhookForm(data={**data, "url": dingtalk_url(TOKEN)}, instance=webhook)
    assert form.is_valid(), form.errors
