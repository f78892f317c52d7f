"""Login throttling, CSRF on every form, and the security headers."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from activities.models import ActivityReport
from colleges.models import CommitteeMember

from ..conftest import PASSWORD


def login(client, username, password, address):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def test_repeated_failures_lock_that_name_from_that_address(throttled, users, client):
    for _ in range(3):
        login(client, "sec1", "wrong", "10.0.0.9")
    response = login(client, "sec1", PASSWORD, "10.0.0.9")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_an_attacker_elsewhere_cannot_lock_the_secretary_out(throttled, users):
    attacker, secretary = Client(), Client()
    for _ in range(5):
        login(attacker, "sec1", "guess", "203.0.113.7")
    response = login(secretary, "sec1", PASSWORD, "10.1.2.3")
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_a_success_clears_the_failures(throttled, users, client):
    for _ in range(2):
        login(client, "sec1", "wrong", "10.0.0.9")
    assert login(client, "sec1", PASSWORD, "10.0.0.9").status_code == 302
    client.post(reverse("logout"))
    for _ in range(2):
        login(client, "sec1", "wrong", "10.0.0.9")
    assert login(client, "sec1", PASSWORD, "10.0.0.9").status_code == 302


def test_the_client_address_behind_a_trusted_proxy(settings, rf):
    from gkw_portal.security import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.1.2.3", REMOTE_ADDR="127.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"  # no proxy trusted: the header is the visitor's to forge
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.1.2.3"


def csrf_client(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_every_form_is_refused_without_its_csrf_token(plan, users, college_a, report_a):
    client = csrf_client(users["staff"])
    member = CommitteeMember.objects.filter(college=college_a).first()
    posts = [
        reverse("colleges:member_create", args=["aa"]),
        reverse("colleges:member_delete", args=["aa", member.pk]),
        reverse("plans:work_point_edit", args=[2022, "3.1"]),
        reverse("activities:create") + "?college=aa",
        reverse("activities:transition", args=[report_a.pk]),
        reverse("activities:delete", args=[report_a.pk]),
        reverse("notifications:read_all"),
        reverse("dashboard:downloads", args=[2022]),
        reverse("logout"),
    ]
    for url in posts:
        assert client.post(url, {"name": "x", "action": "submit", "version": 1}).status_code == 403, url
    assert ActivityReport.objects.filter(pk=report_a.pk).exists()
    assert CommitteeMember.objects.filter(pk=member.pk).exists()


def test_a_form_with_its_token_goes_through(plan, users, college_a):
    client = csrf_client(users["sec1"])
    page = client.get(reverse("colleges:member_create", args=["aa"])).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        reverse("colleges:member_create", args=["aa"]),
        {"csrfmiddlewaretoken": token, "name": "戊老师", "position": "member", "active": "on"},
    )
    assert response.status_code == 302
    assert CommitteeMember.objects.filter(name="戊老师").exists()


def test_pages_carry_the_security_headers(users, as_user):
    response = as_user("staff").get(reverse("home"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
