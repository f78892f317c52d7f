"""A student writes to their college without an account, gets a code once, and comes back with it."""

import pytest
from django.test import Client
from django.urls import reverse

from care.models import Need, SensitiveRead
from talkroom import guard, services
from talkroom.models import Message, Thread

from .conftest import open_with, send

pytestmark = pytest.mark.django_db


def test_the_page_says_who_reads_and_how_long_before_the_first_field(users, college_a, categories):
    page = Client().get(reverse("public:talk_write", args=["aa"])).content.decode()
    assert "data-who-reads" in page and "保存多久" in page and "辅导员" in page
    assert page.index("data-who-reads") < page.index('name="text"')


def test_sending_saves_a_thread_a_sensitive_need_and_shows_the_code_once(users, college_a, categories):
    client = Client()
    response = send(client, college_a, text="最近总是失眠，想找人说说。")
    assert response.status_code == 200
    code = response.context["code"]
    assert code in response.content.decode()
    assert response["Cache-Control"].count("no-store")
    thread = Thread.objects.get()
    assert thread.code_hash == guard.code_hash(code) and code not in thread.code_hash
    assert len(guard.normal_code(code)) == 24
    need = thread.need
    assert need.college == college_a and need.category.sensitive and need.created_by is None
    assert need.notes == "最近总是失眠，想找人说说。" and "失眠" not in need.description
    assert need.elder_consent is False
    assert [m.text for m in Message.objects.all()] == ["最近总是失眠，想找人说说。"]
    # The college's secretary is told, without a word of the message.
    from notifications.models import Notification

    told = Notification.objects.get(user=users["sec1"])
    assert "失眠" not in told.title + told.body


def test_codes_are_never_alike(users, college_a, categories):
    assert len({guard.new_code() for _ in range(200)}) == 200


def test_a_code_opens_its_own_thread_and_no_other(users, college_a, college_b, categories):
    first = send(Client(), college_a, text="第一位同学的心事。").context["code"]
    second = send(Client(), college_b, text="第二位同学的心事。").context["code"]
    reader = Client()
    assert open_with(reader, first).status_code == 302
    page = reader.get(reverse("public:talk_thread")).content.decode()
    assert "第一位同学的心事" in page and "第二位同学的心事" not in page
    other = Client()
    open_with(other, second.lower().replace("-", " "))  # case, spaces and dashes do not matter
    page = other.get(reverse("public:talk_thread")).content.decode()
    assert "第二位同学的心事" in page and "第一位同学的心事" not in page


def test_a_wrong_code_says_so_without_telling_whether_a_thread_exists(users, college_a, categories):
    send(Client(), college_a)
    client = Client()
    response = open_with(client, guard.new_code())
    assert response.status_code == 200
    assert "这个代码打不开任何对话" in response.content.decode()
    assert client.get(reverse("public:talk_thread")).status_code == 302  # back to the code's page


def test_the_student_replies_and_reads_the_answer(users, college_a, categories):
    client = Client()
    code = send(client, college_a).context["code"]
    thread = Thread.objects.get()
    services.answer(thread, users["sec1"], "同学你好，欢迎周三来聊。", thread.version)
    assert SensitiveRead.objects.count() == 0  # answering is not a read; opening the page is
    open_with(client, code)
    page = client.get(reverse("public:talk_thread")).content.decode()
    assert "欢迎周三来聊" in page and "sec1" not in page  # the college answers, not a named person
    client.post(reverse("public:talk_thread"), {"text": "谢谢老师，我周三过去。"})
    assert [m.from_student for m in Message.objects.order_by("pk")] == [True, False, True]


def test_a_contact_may_be_the_students_phone_but_never_an_id_number(users, college_a, categories):
    response = send(Client(), college_a, anonymous="", contact="手机 13812345678")
    assert response.status_code == 200 and "code" in response.context
    assert Thread.objects.get().contact == "手机 13812345678"
    refused = send(Client(), college_a, anonymous="", contact="11010519491231002X")
    assert "code" not in refused.context and Thread.objects.count() == 1


@pytest.mark.parametrize("text", ["我同学的电话是13812345678，请联系他。", "他的身份证号11010519491231002X。"])
def test_a_number_in_the_message_is_refused_and_nothing_saved(users, college_a, categories, text):
    response = send(Client(), college_a, text=text)
    assert "code" not in response.context
    assert response.context["form"].errors["text"]
    assert Thread.objects.count() == Need.objects.count() == 0


def test_anonymous_with_a_contact_is_refused(users, college_a, categories):
    response = send(Client(), college_a, contact="QQ 123456")
    assert response.context["form"].errors["contact"] and Thread.objects.count() == 0


def test_a_message_too_long_is_refused(users, college_a, categories):
    response = send(Client(), college_a, text="字" * 2001)
    assert response.context["form"].errors["text"] and Thread.objects.count() == 0
