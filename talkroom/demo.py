"""The 谈心屋's demo: the school's settings with its own help line beside the national one, and a few threads in
the first colleges, one of them answered. Their codes are printed nowhere: a demo thread is read from the portal."""

from __future__ import annotations

import datetime

from django.utils import timezone

from care.demo import DEMO_MARK
from care.models import Need
from colleges.demo import school_secretaries
from colleges.models import College

from . import services
from .models import Message, TalkSettings, Thread

SCHOOL_LINE = "学校心理健康教育中心 0510-81838000"

THREADS = [
    (
        "最近总是睡不着，担心专业课挂科，不知道该找谁说说。",
        "同学你好，学院的辅导员老师周三下午在学生活动中心，随时欢迎你来聊聊；也可以在这里继续写。",
    ),
    ("想和一位老教师聊聊以后的职业方向，可以安排吗？", ""),
    ("和室友的关系有点紧张，想听听别人的建议。", ""),
]


def load_demo_talkroom(year: int = 2022) -> int:
    """Create the demo threads once; returns how many were created (0 when they exist already)."""
    settings = TalkSettings.objects.first()
    if settings is None:
        settings = services.default_settings()
        settings.help_lines = f"{services.NATIONAL_HELP_LINE}\n{SCHOOL_LINE}"
        settings.save()
    if Thread.objects.exists():
        return 0
    secretaries = school_secretaries()
    created = 0
    for index, college in enumerate(College.objects.active().order_by("order", "code")[:2]):
        for n, (text, reply) in enumerate(THREADS[index:], start=0):
            if n > 1:
                break
            thread, _code = services.open_thread(college, text, "", elder_consent=n == 1)
            posted = timezone.make_aware(datetime.datetime(year, 10, 8 + n + index, 20, 15))
            Thread.objects.filter(pk=thread.pk).update(created_at=posted)
            Message.objects.filter(thread=thread).update(at=posted)
            # Marked as the care board's demo needs are (care.demo), which its loader and tests know them by.
            description = f"{thread.need.description}{DEMO_MARK}"
            Need.objects.filter(pk=thread.need_id).update(created_at=posted, year=year, description=description)
            secretary = secretaries.get(college.pk)
            if reply and secretary is not None:
                answered = posted + datetime.timedelta(hours=14)
                Message.objects.create(thread=thread, text=reply, author=secretary, at=answered)
                Thread.objects.filter(pk=thread.pk).update(first_answered_at=answered)
            created += 1
    return created
