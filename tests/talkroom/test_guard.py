"""Abuse resistance without an outside service: the challenge, throttling per client, the closed channel."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from talkroom import guard, services
from talkroom.models import TalkSettings, Thread

from .conftest import answer_of, challenge_of, open_with, send

pytestmark = pytest.mark.django_db


def test_the_challenge_is_a_sum_in_chinese_answered_once():
    question, token = guard.new_challenge()
    assert question.endswith("等于几？") and not any(char.isdigit() for char in question)
    assert guard.check_answer(token, "999") == "wrong"
    assert guard.check_answer(token, answer_of(token)) is None
    assert guard.check_answer(token, answer_of(token)) == "used"
    assert guard.check_answer("forged", "3") == "expired"


def test_the_answer_may_be_written_in_chinese():
    _question, token = guard.new_challenge()
    assert guard.check_answer(token, guard.chinese_number(int(answer_of(token)))) is None
    assert [guard.chinese_number(n) for n in (7, 10, 13, 18)] == ["七", "十", "十三", "十八"]


def test_an_expired_challenge_is_refused(users, college_a, categories, settings, monkeypatch):
    monkeypatch.setattr(guard, "CHALLENGE_MAX_AGE", -1)
    response = send(Client(), college_a)
    assert response.context["form"].errors["answer"] and Thread.objects.count() == 0


def test_a_wrong_answer_sends_nothing_and_asks_a_new_question(users, college_a, categories):
    client = Client()
    url = reverse("public:talk_write", args=["aa"])
    token = challenge_of(client.get(url))
    response = client.post(
        url, {"text": "想找人聊聊学习的事。", "anonymous": "on", "challenge": token, "answer": "99"}
    )
    assert response.context["form"].errors["answer"] and Thread.objects.count() == 0
    assert challenge_of(response) != token
    assert response.context["form"]["text"].value() == "想找人聊聊学习的事。"  # what they wrote is kept


def test_the_same_form_sent_twice_creates_once(users, college_a, categories):
    client = Client()
    url = reverse("public:talk_write", args=["aa"])
    token = challenge_of(client.get(url))
    data = {"text": "想找人聊聊。", "anonymous": "on", "challenge": token, "answer": answer_of(token)}
    assert "code" in client.post(url, data).context
    again = client.post(url, data)
    assert "code" not in again.context and Thread.objects.count() == 1


def test_sending_is_throttled_per_client_and_the_address_is_kept_nowhere(users, college_a, categories):
    for _ in range(guard.LIMITS["send"]):
        assert "code" in send(Client(REMOTE_ADDR="10.1.2.3"), college_a).context
    refused = send(Client(REMOTE_ADDR="10.1.2.3"), college_a)
    assert "code" not in refused.context and "请等十分钟" in refused.content.decode()
    assert "code" in send(Client(REMOTE_ADDR="10.9.9.9"), college_a).context  # another client is not held back
    keys = list(cache._cache.keys())
    assert keys and not any("10.1.2.3" in key for key in keys)
    assert Thread.objects.count() == guard.LIMITS["send"] + 1


def test_code_attempts_are_throttled(users, college_a, categories):
    code = send(Client(), college_a).context["code"]
    client = Client(REMOTE_ADDR="10.7.7.7")
    for _ in range(guard.LIMITS["code"]):
        open_with(client, guard.new_code())
    assert open_with(client, code).status_code == 200  # even the right code waits for the window
    assert open_with(Client(REMOTE_ADDR="10.8.8.8"), code).status_code == 302


def test_staff_close_the_channel_for_the_school_and_for_one_college(users, college_a, college_b, categories):
    settings = services.default_settings()
    settings.open = False
    settings.closed_message = "谈心屋暂停使用，请拨打热线。"
    services.save_settings(settings, users["staff"], [], 0)
    page = Client().get(reverse("public:talk_write", args=["aa"])).content.decode()
    assert "谈心屋暂停使用" in page and 'name="text"' not in page
    assert "code" not in send(Client(), college_a).context and Thread.objects.count() == 0
    settings = TalkSettings.objects.get()
    settings.open = True
    services.save_settings(settings, users["staff"], [college_b], settings.version)
    assert "code" in send(Client(), college_a).context
    assert 'name="text"' not in Client().get(reverse("public:talk_write", args=["bb"])).content.decode()


def test_only_staff_keep_the_settings(users, categories):
    from core.errors import Refused

    with pytest.raises(Refused):
        services.save_settings(services.default_settings(), users["sec1"], [], 0)
    assert TalkSettings.objects.count() == 0


@pytest.mark.parametrize("persona", [None, "staff", "office", "sec1", "sec2", "admin", "norole"])
def test_the_public_pages_answer_everyone(persona, users, college_a, categories, as_user):
    client = as_user(persona)
    for name, args in [("public:talk", []), ("public:talk_write", ["aa"]), ("public:talk_open", [])]:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    assert client.get(reverse("public:talk_thread")).status_code == 302  # no code opened yet
    assert client.get(reverse("public:talk_write", args=["zz"])).status_code == 404
    assert client.put(reverse("public:talk")).status_code == 405
