import pytest
from django.core import signing
from django.urls import reverse

from care import services as care_services
from colleges.models import Role
from talkroom import guard

from ..conftest import make_user


@pytest.fixture
def categories(db):
    care_services.ensure_default_categories()


@pytest.fixture
def counsellor_a(users, college_a):
    return make_user("counsellor_a", Role.COUNSELLOR, college_a)


@pytest.fixture
def counsellor_b(users, college_b):
    return make_user("counsellor_b", Role.COUNSELLOR, college_b)


def answer_of(token: str) -> str:
    data = signing.loads(token, salt=guard.CHALLENGE_SALT)
    return str(data["a"] + data["b"])


def challenge_of(response) -> str:
    return response.context["form"]["challenge"].value()


def send(client, college, text="最近压力很大，想找人聊聊。", **fields):
    """Open the college's form, answer its question and send; the response of the POST."""
    url = reverse("public:talk_write", args=[college.code])
    token = challenge_of(client.get(url))
    data = {"text": text, "anonymous": "on", "challenge": token, "answer": answer_of(token), **fields}
    return client.post(url, data)


def open_with(client, code):
    url = reverse("public:talk_open")
    token = challenge_of(client.get(url))
    return client.post(url, {"code": code, "challenge": token, "answer": answer_of(token)})
