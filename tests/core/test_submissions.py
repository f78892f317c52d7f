"""A create form is sent once: its token makes a double click, a retry or eight parallel posts create one row and
one round of mail (core/submissions.py), and every page that creates carries the token."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from committee.models import Notice
from core.views import FormPage
from notifications.models import Notification
from tests.test_permissions import url_cases

TOKEN = re.compile(r'name="submission" value="([0-9a-f-]{36})"')


def notice_data(token):
    return {
        "title": "关于报送材料的通知",
        "body": "请各学院报送。",
        "audience": "chosen",
        "reply": "none",
        "submission": token,
    }


def rendered_token(client) -> str:
    page = client.get(reverse("committee:notice_create")).content.decode()
    return TOKEN.search(page).group(1)


def test_a_form_sent_twice_creates_once_and_goes_where_the_first_went(users, college_a, as_user):
    staff = as_user("staff")
    token = rendered_token(staff)
    data = {**notice_data(token), "recipients": [f"college-{college_a.pk}"]}
    first = staff.post(reverse("committee:notice_create"), data)
    notice = Notice.objects.get()
    assert first.status_code == 302 and first.url == notice.get_absolute_url()
    mails = Notification.objects.count()
    assert mails > 0
    second = staff.post(reverse("committee:notice_create"), data, follow=True)
    assert second.redirect_chain[0][0] == notice.get_absolute_url()
    assert "这份表单已经提交过，只保存了一次。" in second.content.decode()
    assert Notice.objects.count() == 1 and Notification.objects.count() == mails
    # A new rendering is a new form: it creates again.
    staff.post(reverse("committee:notice_create"), {**data, "submission": rendered_token(staff)})
    assert Notice.objects.count() == 2


def test_a_refused_form_can_be_corrected_and_sent_with_the_same_token(users, college_a, as_user):
    staff = as_user("staff")
    token = rendered_token(staff)
    refused = staff.post(reverse("committee:notice_create"), {**notice_data(token), "title": ""})
    assert refused.status_code == 200 and Notice.objects.count() == 0
    assert token in refused.content.decode()  # the page sent back keeps the form's token
    staff.post(reverse("committee:notice_create"), {**notice_data(token), "recipients": [f"college-{college_a.pk}"]})
    assert Notice.objects.count() == 1


def test_a_form_without_a_token_or_with_a_forged_one_still_saves(users, college_a, as_user):
    staff = as_user("staff")
    for token in ["", "not-a-uuid", "x" * 5000]:
        response = staff.post(
            reverse("committee:notice_create"), {**notice_data(token), "recipients": [f"college-{college_a.pk}"]}
        )
        assert response.status_code == 302
    assert Notice.objects.count() == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_eight_parallel_posts_of_one_form_make_one_notice_and_one_round_of_mail(users, college_a):
    clients = [Client() for _ in range(8)]
    for client in clients:
        client.force_login(users["staff"])
    token = rendered_token(clients[0])
    data = {**notice_data(token), "recipients": [f"college-{college_a.pk}"]}
    barrier, answers = threading.Barrier(len(clients)), []

    def send(client):
        try:
            barrier.wait(timeout=10)
            answers.append(client.post(reverse("committee:notice_create"), data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert answers == [302] * 8
    notice = Notice.objects.get()
    assert Notification.objects.filter(link__contains=notice.get_absolute_url()).count() == 1


def test_every_page_that_creates_carries_the_token(plan, users, college_a, report, assessment, export, as_user):
    pages = sorted({url for _name, url, _expected, _write in url_cases(plan, college_a, report, assessment, export)})
    missing, creating = [], 0
    for persona in ("staff", "sec1"):
        client = as_user(persona)
        for page in pages:
            response = client.get(page)
            view = (response.context or {}).get("view") if response.status_code == 200 else None
            if isinstance(view, FormPage) and view.creates:
                creating += 1
                if not TOKEN.search(response.content.decode()):
                    missing.append(f"{page} ({persona})")
    assert missing == [], "\n".join(missing)
    assert creating > 10
