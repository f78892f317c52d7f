"""The 谈心屋's pages in the permission matrix.

The portal's pages (a thread is its need's confidential notes: staff and the college's own secretary and
counsellors; the office is refused, another college's thread is a 404; the settings are staff's). The public pages
(namespace `public`, on each school's site) are public by design: PUBLIC_URLS, opened as every persona and the
anonymous visitor in tests/talkroom/test_guard.py, and crawled with hostile values as the anonymous visitor
(`public_pages`, tests/security/test_hostile_forms.py)."""

from django.urls import reverse

from care import services as care_services
from talkroom import services
from talkroom.models import Message, TalkSettings, Thread

MODELS = [Thread, Message, TalkSettings]
PUBLIC_URLS = {"public:talk", "public:talk_write", "public:talk_open", "public:talk_thread"}

THREAD_READERS = {"staff": 200, "office": 403, "sec1": 200, "sec2": 404, "admin": 200, "norole": 403}
LIST_READERS = {"staff": 200, "office": 403, "sec1": 200, "sec2": 200, "admin": 200, "norole": 403}
STAFF_ONLY = {"staff": 200, "office": 403, "sec1": 403, "sec2": 403, "admin": 200, "norole": 403}


def a_thread(college):
    care_services.ensure_default_categories()
    return services.open_thread(college, "最近压力很大，想找人聊聊。", "", elder_consent=False)


def cases(plan, college_a, report, assessment=None, export=None):
    thread, _code = a_thread(college_a)
    return [
        ("talkroom:threads", reverse("talkroom:threads"), LIST_READERS, False),
        ("talkroom:thread", reverse("talkroom:thread", args=[thread.pk]), THREAD_READERS, True),
        ("talkroom:settings", reverse("talkroom:settings"), STAFF_ONLY, True),
    ]


def public_pages(client, college_a) -> list[str]:
    """The public pages with their forms, the thread's page opened in `client`'s session with a code."""
    from tests.talkroom.conftest import open_with

    _thread, code = a_thread(college_a)
    open_with(client, code)
    return [
        reverse("public:talk"),
        reverse("public:talk_write", args=[college_a.code]),
        reverse("public:talk_open"),
        reverse("public:talk_thread"),
    ]
