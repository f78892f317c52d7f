"""The college reads and answers from the care board: who may, each read logged, the elder only with consent,
the self-harm notice, the purge with the care retention, and the figures."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from care import services as care_services
from care.models import CareYear, Need, NeedStatus, SensitiveRead
from core.errors import Refused
from notifications.models import Email, Notification
from talkroom import figures, services
from talkroom.models import Message, Thread

from ..conftest import client_for
from .conftest import open_with, send


def login(username):
    from django.contrib.auth import get_user_model

    return client_for(get_user_model().objects.get(username=username))


pytestmark = pytest.mark.django_db


@pytest.fixture
def thread_a(users, college_a, categories):
    thread, _code = services.open_thread(college_a, "最近很迷茫，不知道该怎么办。", "", elder_consent=False)
    return thread


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("staff", 200),
        ("admin", 200),
        ("sec1", 200),
        ("counsellor_a", 200),
        ("office", 403),
        ("sec2", 404),
        ("counsellor_b", 404),
        ("norole", 403),
    ],
)
def test_who_reads_a_thread(persona, status, thread_a, counsellor_a, counsellor_b, as_user):
    before = SensitiveRead.objects.count()
    response = login(persona).get(reverse("talkroom:thread", args=[thread_a.pk]))
    assert response.status_code == status
    if status == 200:
        assert "最近很迷茫" in response.content.decode()
        read = SensitiveRead.objects.latest("pk")
        assert read.user.username == persona and read.need == thread_a.need
    else:
        assert "最近很迷茫" not in response.content.decode()
        assert SensitiveRead.objects.count() == before


def test_a_counsellor_of_another_college_may_not_answer(thread_a, counsellor_b, as_user):
    response = login("counsellor_b").post(
        reverse("talkroom:thread", args=[thread_a.pk]), {"text": "你好，我是别的学院的。", "version": 1}
    )
    assert response.status_code == 404 and Message.objects.count() == 1
    with pytest.raises(Refused):
        services.answer(thread_a, counsellor_b, "你好，我是别的学院的。", thread_a.version)


def test_answering_records_who_and_when(thread_a, counsellor_a, as_user):
    response = login("counsellor_a").post(
        reverse("talkroom:thread", args=[thread_a.pk]), {"text": "同学你好，我们聊聊吧。", "version": 1}
    )
    assert response.status_code == 302
    answer = Message.objects.get(author__isnull=False)
    assert answer.author == counsellor_a and answer.at
    assert Thread.objects.get().first_answered_at == answer.at


def test_an_elder_is_matched_only_with_consent(thread_a, users, college_a, as_user):
    from care.models import Offer
    from colleges.models import CommitteeMember, ElderKind

    member = CommitteeMember.objects.create(college=college_a, name="周老师", elder_kind=ElderKind.TEACHER)
    offer = care_services.save_offer(Offer(member=member, capacity=2), users["staff"], [thread_a.need.category])
    need = Need.objects.get(pk=thread_a.need_id)
    with pytest.raises(Refused, match="不同意"):
        care_services.propose(need, offer, users["staff"], need.version)
    assert as_user("staff").get(reverse("care:match", args=[need.pk])).status_code == 302
    consenting, _code = services.open_thread(college_a, "想和老教师聊聊职业方向。", "", elder_consent=True)
    need = consenting.need
    assert care_services.propose(need, offer, users["staff"], need.version).pk


def test_a_message_of_self_harm_shows_the_help_lines_and_tells_staff_and_the_college_at_once(
    users, college_a, categories, counsellor_a
):
    settings = services.default_settings()
    settings.help_lines = "全国心理援助热线 12356\n学校心理中心 0510-81838000"
    services.save_settings(settings, users["staff"], [], 0)
    client = Client()
    response = send(client, college_a, text="我真的不想活了，觉得好累。")
    page = response.content.decode()
    assert "data-help-lines" in page and "12356" in page and "0510-81838000" in page
    thread = Thread.objects.get()
    assert thread.speaks_of_harm and thread.need.urgency == "high"
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert {"staff", "sec1", "counsellor_a"} <= told and "sec2" not in told and "office" not in told
    assert Email.objects.filter(to=users["staff"].email).exists() or not users["staff"].email
    assert not any("不想活" in n.title + n.body for n in Notification.objects.all())
    # The help lines stay on the student's thread page.
    open_with(Client(), response.context["code"])


def test_a_calm_message_shows_no_help_lines(users, college_a, categories):
    page = send(Client(), college_a, text="想问问入党的流程。").content.decode()
    assert "data-help-lines" not in page


def test_a_reply_that_speaks_of_harm_raises_the_notice(thread_a, users):
    Notification.objects.all().delete()
    services.student_reply(thread_a, "有时候想伤害自己。")
    assert Thread.objects.get().speaks_of_harm
    assert Notification.objects.filter(user=users["staff"]).exists()


def test_threads_are_purged_with_their_needs_notes(thread_a, users, college_a):
    services.answer(thread_a, users["sec1"], "我们聊聊吧。", thread_a.version)
    Thread.objects.filter(pk=thread_a.pk).update(contact="QQ 12345")
    keep, _code = services.open_thread(college_a, "另一条留言。", "", elder_consent=False)
    CareYear.objects.create(year=thread_a.need.year, retention_years=1)
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Need.objects.filter(pk=thread_a.need_id).update(status=NeedStatus.CLOSED, closed_at=long_ago)
    from care.tasks import purge_expired_notes
    from talkroom.tasks import purge_expired_threads

    assert services.purge_expired_threads() == 0  # the need's notes are not purged yet
    purge_expired_notes()
    assert purge_expired_threads() == 1
    purged = Thread.objects.get(pk=thread_a.pk)
    assert purged.purged_at and purged.contact == ""
    assert set(Message.objects.filter(thread=purged).values_list("text", flat=True)) == {""}
    assert Message.objects.filter(thread=purged).count() == 2  # the counts stay
    assert Message.objects.get(thread=keep).text == "另一条留言。"
    assert services.thread_by_code(f"purged-{purged.pk}") is None


def test_the_figures_count_per_college_in_a_fixed_number_of_queries(
    users, college_a, college_b, categories, django_assert_max_num_queries
):
    def make(college, n, answered_after=None):
        for _ in range(n):
            thread, _code = services.open_thread(college, "想找人聊聊。", "", elder_consent=False)
            if answered_after is not None:
                services.answer(thread, users["staff"], "你好。", thread.version)
                Thread.objects.filter(pk=thread.pk).update(
                    first_answered_at=thread.created_at + datetime.timedelta(hours=answered_after)
                )

    make(college_a, 2, answered_after=4)
    make(college_b, 1)
    with django_assert_max_num_queries(3):
        small = figures.summary(Thread.objects.all())
    make(college_a, 3, answered_after=10)
    make(college_b, 4, answered_after=2)
    with django_assert_max_num_queries(3):
        large = figures.summary(Thread.objects.all())
    assert [(r["college"], r["threads"], r["received"], r["answered"]) for r in small["rows"]] == [
        ("机械技术学院", 2, 2, 2),
        ("控制技术学院", 1, 1, 0),
    ]
    assert small["rows"][0]["median_hours"] == 4.0 and small["rows"][1]["median_hours"] is None
    assert large["total"] == {"threads": 10, "received": 10, "answered": 9, "median_hours": 4.0}


def test_the_figures_are_on_the_care_overview_and_the_dashboard(thread_a, users, plan, as_user):
    page = as_user("staff").get(reverse("care:overview")).content.decode()
    assert "data-talk-figures" in page and "最近很迷茫" not in page
    dashboard = as_user("staff").get(reverse("dashboard:year", args=[2022])).content.decode()
    assert "data-talk-figures" in dashboard and "最近很迷茫" not in dashboard
    from talkroom.figures import school_summary

    assert school_summary(thread_a.created_at.year)["total"]["threads"] == 1
