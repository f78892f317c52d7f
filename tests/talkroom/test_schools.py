"""Each school's 谈心屋 is on its own public site: a message goes to that school's college, and a code of one school
opens nothing on another's."""

import pytest
from django.test import Client

from core.scoping import school_scope
from talkroom.models import Thread
from tests.institutions.two_schools import build_school_b

from .conftest import answer_of, challenge_of

pytestmark = pytest.mark.django_db


def send_at(client, prefix, college_code, text):
    url = f"{prefix}talk/{college_code}/"
    token = challenge_of(client.get(url))
    return client.post(url, {"text": text, "anonymous": "on", "challenge": token, "answer": answer_of(token)})


def open_at(client, prefix, code):
    url = f"{prefix}talk/code/"
    token = challenge_of(client.get(url))
    return client.post(url, {"code": code, "challenge": token, "answer": answer_of(token)})


def test_a_schools_talk_room_is_its_own(users, college_a, college_b, categories):
    school_b = build_school_b()
    code_b = send_at(Client(), "/s/th/", "aa", "太湖的同学想聊聊。").context["code"]
    code_a = send_at(Client(), "/", "aa", "无锡的同学想聊聊。").context["code"]
    with school_scope(school_b.school):
        assert Thread.objects.get().college.name == "太湖智造学院"
    assert Thread.objects.get().college == college_a  # the home school's scope, as the test runs in
    assert open_at(Client(), "/s/th/", code_a).status_code == 200  # opens nothing there
    reader = Client()
    assert open_at(reader, "/s/th/", code_b).status_code == 302
    page = reader.get("/s/th/talk/thread/").content.decode()
    assert "太湖的同学想聊聊" in page and "无锡的同学" not in page
    # The thread remembered on school B's site is not opened on the home school's.
    assert reader.get("/talk/thread/").status_code == 302
