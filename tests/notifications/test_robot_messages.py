"""Every kind of message the portal posts to the chat groups reaches both robots, whatever people typed: within each
API's size limit (shortened with "…", the link to the full page kept last), in each robot's markdown with no
backslash escapes, and no link, heading, list, quote or mention made by the user's text.

The robots are the local imitation of both APIs (robot_api.py): it refuses what the real ones refuse."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from activities import services as report_services
from activities.models import ActivityReport, Status
from bulletins import services as bulletin_services
from colleges.models import Role
from committee.models import Notice
from committee.services import notices as notice_services
from dashboard import reminders
from notifications.models import EmailState, GroupMessage, GroupWebhook
from notifications.robot_markdown import fit, group_markdown, inert
from notifications.services import post_to_groups, save_webhook, send_test_message
from notifications.tasks import deliver_group_message, send_pending_group_messages
from publicity import services as news_services
from scoring import assessments, schemes
from scoring.models import Scheme

from ..conftest import make_report, make_user
from ..rectification.helpers import finalised
from .robot_api import DINGTALK_BODY_BYTES, WECOM_MARKDOWN_BYTES, dingtalk_url, wecom_url

SECRET = "SECf00dcafe0123456789abcdef"
# What people type, with every markdown-active character of either robot's subset.
PAYLOAD = (
    '# 标题 [点我](http://evil.example) ![图](http://evil.example/x.png) **粗** *斜* `代码` <font color="info">绿'
    "</font> <@all> \\(测试\\) \\#1\n> 引用\n- 列表\n+ 加号\n1. 序号\n=====\n    缩进代码\nwww.evil.example 说明文字。"
)
# 2,000 characters, as a return reason may hold: more than WeCom's 4,096 bytes, less than DingTalk's 20,000.
LONG_TEXT = ((PAYLOAD + "\n" + "老同志讲述党史故事，同学们认真聆听并提问。" * 20 + "\n") * 10)[:2000]
LONG_TITLE = (PAYLOAD.replace("\n", " ") * 3)[:120]
LINK = re.compile(r"\[[^\]\n]*\]\(")
OWN_LINK = re.compile(r"\n\n\[在平台中查看\]\(http://127\.0\.0\.1:8000/[^\s)]*\)\Z")


@pytest.fixture
def robots(robot_api, users, college_a):
    """A WeCom and a signed DingTalk robot for the committee office and for college A."""
    for number, college in enumerate([None, college_a]):
        key, token = f"key-{number}", f"token{number}"
        robot_api.wecom_keys.add(key)
        robot_api.dingtalk_tokens[token] = SECRET
        for platform, url, secret in [("wecom", wecom_url(key), ""), ("dingtalk", dingtalk_url(token), SECRET)]:
            save_webhook(GroupWebhook(college=college, platform=platform), url=url, secret=secret, version=None)
    return robot_api


def return_a_report(users, college_a):
    report = make_report(college_a, users["sec1"], status=Status.SUBMITTED)
    report_services.transition(report, users["staff"], "return", LONG_TEXT, report.version)


def reopen_a_report(users, college_a):
    report = make_report(college_a, users["sec1"], status=Status.APPROVED)
    report_services.transition(report, users["staff"], "reopen", LONG_TEXT, report.version)


def approve_a_report(users, college_a):
    report = make_report(college_a, users["sec1"], status=Status.SUBMITTED, title=LONG_TITLE)
    report_services.transition(report, users["staff"], "approve", "", report.version)


def submitted_assessment(users, college_a):
    scheme = schemes.load_scheme_file()[0]
    assessment = assessments.find_assessment(college_a, scheme)
    rows = {
        s.pk: assessments.ScoreInput(s.indicator.max_points)
        for s in assessments.scores_of(assessment)
        if s.indicator.max_points is not None
    }
    assessments.save_scores(assessment, users["sec1"], "self_score", rows)
    return assessments.transition(assessment, users["sec1"], "submit"), rows


def return_an_assessment(users, college_a):
    assessment, _rows = submitted_assessment(users, college_a)
    assessments.transition(assessment, users["staff"], "return", LONG_TEXT)


def finalise_an_assessment(users, college_a):
    assessment, rows = submitted_assessment(users, college_a)
    assessments.save_scores(assessment, users["staff"], "final_score", rows)
    assessments.transition(assessment, users["staff"], "finalise")


def daily_digest(users, college_a):
    for number in range(15):
        make_report(
            college_a, users["sec1"], title=f"{number}# [点我](http://evil.example) {'老同志讲述党史' * 20}"[:120]
        )
    yesterday = timezone.make_aware(datetime.datetime(2022, 5, 4, 9))
    ActivityReport.objects.update(submitted_at=yesterday)
    assert reminders.daily_submission_digest("2022-05-05")


def monthly_reminder(users, college_a):
    assert reminders.monthly_reporting_reminder("2022-06-01")


def deadline_reminder(users, college_a):
    scheme = schemes.load_scheme_file()[0]
    assessments.ensure_assessments(scheme)
    Scheme.objects.filter(pk=scheme.pk).update(self_assessment_deadline=datetime.date(2022, 6, 8))
    assert reminders.self_assessment_deadline_reminder("2022-06-01")


def news_waiting(users, college_a):
    correspondent = make_user("corr1", Role.CORRESPONDENT, college_a)
    report = make_report(college_a, users["sec1"], status=Status.APPROVED)
    news = news_services.create_news(report, correspondent, LONG_TITLE, LONG_TEXT)
    news_services.transition_news(news, correspondent, "submit", "", news.version)


def committee_notice(users, college_a):
    notice = Notice(title=LONG_TITLE, body=LONG_TEXT, audience="chosen", reply="none")
    notice_services.publish_notice(notice, users["staff"], colleges=[college_a])


def rectification_items(users, college_a):
    finalised(college_a, users["staff"])  # not balanced: its items are made and the college is told


def publish_a_bulletin(users, college_a):
    bulletin = bulletin_services.start(users["staff"], 2022, 4)
    bulletin_services.publish(bulletin, users["staff"], bulletin.version)


def send_test_messages(users, college_a):
    send_test_message(GroupWebhook.objects.get(college=college_a, platform="wecom"))
    send_test_message(GroupWebhook.objects.get(college=college_a, platform="dingtalk"))


# Every way the portal posts to a group, by the module that does it (the guard below finds a new one).
KINDS = {
    "activities/services.py": [return_a_report, reopen_a_report, approve_a_report],
    "scoring/assessments.py": [return_an_assessment, finalise_an_assessment],
    "dashboard/reminders.py": [daily_digest, monthly_reminder, deadline_reminder],
    "publicity/services.py": [news_waiting],
    "committee/services/notices.py": [committee_notice],
    "rectification/services.py": [rectification_items],
    "bulletins/services.py": [publish_a_bulletin],
    "notifications/views.py": [send_test_messages],
}
ALL_KINDS = [kind for kinds in KINDS.values() for kind in kinds]
SHORTENED_FOR_WECOM = {return_a_report, reopen_a_report, return_an_assessment, daily_digest}
WHOLE_FOR_DINGTALK = {return_a_report, reopen_a_report, return_an_assessment}


def test_every_module_that_posts_to_groups_has_its_messages_tested():
    root = Path(settings.BASE_DIR)
    posting = re.compile(r"\b(notify_college|notify_role|post_to_groups|post_to_colleges|send_test_message)\(")
    modules = {
        path.relative_to(root).as_posix()
        for path in root.glob("*/**/*.py")
        if path.parts[len(root.parts)] not in {"tests", "notifications"} and posting.search(path.read_text("utf-8"))
    }
    assert modules | {"notifications/views.py"} == set(KINDS)


def readable(text: str) -> None:
    """The markdown a person sees: no backslash escapes, and the user's text made no markup of its own."""
    assert "\\" not in text
    assert "<" not in text and "`" not in text
    assert len(LINK.findall(text)) <= 1 and (not LINK.search(text) or OWN_LINK.search(text))
    for line in text.split("\n")[1:]:
        assert not re.match(r"\s*[#>*+=`-]", line), line
    assert "http://evil" not in text and "www.evil" not in text


@pytest.mark.parametrize("kind", ALL_KINDS, ids=[kind.__name__ for kind in ALL_KINDS])
def test_every_kind_of_message_reaches_both_robots_within_their_limits(kind, robots, users, college_a):
    kind(users, college_a)
    assert GroupMessage.objects.exists()
    send_pending_group_messages.apply()
    assert set(GroupMessage.objects.values_list("state", flat=True)) == {EmailState.SENT}
    assert len(robots.received) == len(robots.accepted) == GroupMessage.objects.count()
    for received in robots.accepted:
        body = received["body"]["markdown"]
        text = body.get("content") or body["text"]
        readable(text)
        assert OWN_LINK.search(text), text[-200:]
        if "content" in body:
            assert len(text.encode()) <= WECOM_MARKDOWN_BYTES
        else:
            assert len(received["raw"]) <= DINGTALK_BODY_BYTES
    wecom = [r["body"]["markdown"]["content"] for r in robots.accepted if "content" in r["body"]["markdown"]]
    dingtalk = [r["body"]["markdown"]["text"] for r in robots.accepted if "text" in r["body"]["markdown"]]
    assert wecom and dingtalk
    if kind in SHORTENED_FOR_WECOM:  # cut at 4,096 bytes, with "…" before the link
        assert any("…\n\n[在平台中查看](" in text and len(text.encode()) > WECOM_MARKDOWN_BYTES - 40 for text in wecom)
    if kind in WHOLE_FOR_DINGTALK:  # 20,000 bytes hold people's 2,000 characters
        assert any(inert(LONG_TEXT)[100:1900] in text and "…" not in text for text in dingtalk)


def test_a_message_beyond_dingtalks_limit_is_shortened_not_refused(robots, college_a):
    post_to_groups(college_a, "截止提醒", "长" * 10_000, "/scoring/")
    send_pending_group_messages.apply()
    assert set(GroupMessage.objects.values_list("state", flat=True)) == {EmailState.SENT}
    for received in robots.accepted:
        text = received["body"]["markdown"].get("content") or received["body"]["markdown"]["text"]
        assert text.startswith("**截止提醒**\n\n长") and text.endswith(
            "…\n\n[在平台中查看](http://127.0.0.1:8000/scoring/)"
        )


def test_a_rate_limited_message_is_delivered_exactly_once_on_the_retry(robots, college_a):
    post_to_groups(college_a, "提醒", "请提交。", "/")
    dingtalk = GroupMessage.objects.get(webhook__platform="dingtalk")
    robots.rate_limit_next = 1
    assert deliver_group_message(dingtalk.pk) == EmailState.PENDING  # 130101: wait and try again
    assert deliver_group_message(dingtalk.pk) == "skipped"  # not before its time
    GroupMessage.objects.filter(pk=dingtalk.pk).update(retry_after=None)  # a minute later
    assert deliver_group_message(dingtalk.pk) == EmailState.SENT
    assert send_pending_group_messages.apply().result == 1  # the WeCom one; nothing is sent twice
    assert [r["answer"]["errcode"] for r in robots.received if r["path"] == "/robot/send"] == [130101, 0]


def test_a_stored_message_too_long_for_wecom_is_shortened_when_sent_again(robots, college_a):
    """A message that failed before the limit was kept (6,104 bytes) goes out shortened on 重新发送."""
    webhook = GroupWebhook.objects.get(college=college_a, platform="wecom")
    text = group_markdown("您的活动报告被退回", "理由：" + "缺" * 1990, "/reports/1/")
    GroupMessage.objects.create(webhook=webhook, title="退回", text=text, state=EmailState.PENDING)
    assert len(text.encode()) > 6000
    send_pending_group_messages.apply()
    [received] = robots.accepted
    assert received["body"]["markdown"]["content"].endswith("缺…\n\n[在平台中查看](http://127.0.0.1:8000/reports/1/)")


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("[点我](http://evil.example)", "［点我］(http：//evil.example)"),
        ("![图](x)", "!［图］(x)"),
        ("# 标题\n## 二级", "＃ 标题\n＃# 二级"),
        ("  - 列表\n+ 加\n= 等\n1. 序号", "－ 列表\n＋ 加\n＝ 等\n1. 序号"),
        ("**粗** *斜* `码`", "＊＊粗＊＊ ＊斜＊ ｀码｀"),
        ('<font color="info">绿</font> <@all> > 引', '＜font color="info"＞绿＜/font＞ ＜@all＞ ＞ 引'),
        ("(测试) #1 a-b 1+1=2 under_score", "(测试) #1 a-b 1+1=2 under_score"),
        ("见 www.example.com 或 https://x.example", "见 www．example.com 或 https：//x.example"),
    ],
)
def test_user_text_is_shown_literally_without_backslashes(typed, shown):
    assert inert(typed) == shown


@pytest.mark.parametrize("json_escaped", [False, True])
def test_shortening_keeps_the_link_and_cuts_between_characters(json_escaped):
    link = "\n\n[在平台中查看](http://127.0.0.1:8000/x/)"
    text = "**标题**\n\n" + '家👨‍👩‍👧"\n' * 500 + link
    for limit in range(200, 260):
        fitted = fit(text, limit, json_escaped=json_escaped)
        measured = (
            fitted.encode()
            if not json_escaped
            else __import__("json").dumps(fitted, ensure_ascii=False)[1:-1].encode()
        )
        assert len(measured) <= limit and fitted.endswith("…" + link)
        assert not fitted[: -len(link) - 1].endswith("\u200d")
    assert fit("短", 10) == "短"
