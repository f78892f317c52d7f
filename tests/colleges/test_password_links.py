"""No public password reset: staff make a one-time set-password link for a person and pass it on."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from ..conftest import PASSWORD

NEW_PASSWORD = "Gkw-new-Passw0rd-2022"


@pytest.mark.parametrize("url", ["/accounts/password_reset/", "/accounts/password_reset/done/"])
def test_the_self_service_reset_pages_are_gone(url, client, users):
    response = client.post(url, {"email": "sec1@example.edu.cn"})
    assert response.status_code in {302, 404}
    if response.status_code == 302:  # an unknown address behind the login wall
        assert response["Location"].startswith(reverse("login"))
    assert mail.outbox == []


def test_the_old_reset_page_is_404_for_a_logged_in_user(as_user):
    assert as_user("staff").get("/accounts/password_reset/").status_code == 404


def make_link(client, person) -> str:
    response = client.post(reverse("colleges:password_link", args=[person.pk]))
    assert response.status_code == 200
    [link] = re.findall(r'value="(http://[^"]+/accounts/reset/[^"]+)"', response.content.decode())
    return link.removeprefix("http://127.0.0.1:8000")


def test_staff_list_the_portal_users_with_role_and_college(as_user):
    page = as_user("staff").get(reverse("colleges:accounts")).content.decode()
    assert "sec1" in page and "二级学院关工委秘书" in page and "机械技术学院" in page
    assert "只有系统管理员" in page  # the administrator's row: staff may not make a link for it


def test_a_link_sets_the_password_once_and_is_then_invalid(users, as_user):
    link = make_link(as_user("staff"), users["sec1"])
    visitor = Client()

    form_page = visitor.get(link, follow=True)
    assert "设置新密码" in form_page.content.decode() and "sec1" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = visitor.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert "新密码已设置" in done.content.decode()

    users["sec1"].refresh_from_db()
    assert users["sec1"].check_password(NEW_PASSWORD) and not users["sec1"].check_password(PASSWORD)
    again = Client().get(link, follow=True)
    assert "链接无效" in again.content.decode()
    assert "new_password1" not in again.content.decode()


def test_a_forged_link_is_refused(users, client):
    response = client.get(reverse("password_reset_confirm", args=["Mg", "abc-123"]))
    assert response.status_code == 200 and "链接无效" in response.content.decode()


def test_staff_may_not_make_a_link_for_an_administrator_but_an_administrator_may(users, as_user):
    refused = as_user("staff").post(reverse("colleges:password_link", args=[users["admin"].pk]))
    assert refused.status_code == 403
    assert make_link(as_user("admin"), users["staff"]).startswith("/accounts/reset/")


@pytest.mark.parametrize("persona", ["office", "sec1", "sec2", "norole"])
def test_only_staff_make_links(persona, users, as_user):
    response = as_user(persona).post(reverse("colleges:password_link", args=[users["sec1"].pk]))
    assert response.status_code == 403
    assert as_user(persona).get(reverse("colleges:accounts")).status_code == 403


def test_a_link_for_an_unknown_or_inactive_user_is_404(users, as_user):
    users["sec2"].is_active = False
    users["sec2"].save()
    for pk in [users["sec2"].pk, 999_999]:
        assert as_user("staff").post(reverse("colleges:password_link", args=[pk])).status_code == 404
