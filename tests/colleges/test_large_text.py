"""大字模式: each user's large-text preference is kept on the server and shown on every page."""

from django.urls import reverse

from colleges.models import Preference
from colleges.preferences import COOKIE

LARGE = 'class="large-text"'


def switch(client, state, next_url="/reports/"):
    return client.post(reverse("colleges:large_text"), {"large_text": state, "next": next_url})


def test_pages_are_in_normal_text_by_default(users, as_user):
    page = as_user("sec1").get(reverse("activities:list")).content.decode()
    assert LARGE not in page
    assert 'id="large-text-toggle" aria-pressed="false"' in page


def test_a_secretary_switches_large_text_on_and_it_follows_them_to_another_device(users, as_user):
    phone = as_user("sec1")
    response = switch(phone, "on")
    assert response.status_code == 302 and response["Location"] == "/reports/"
    assert Preference.objects.get(user=users["sec1"]).large_text
    page = phone.get("/reports/").content.decode()
    assert LARGE in page and 'aria-pressed="true"' in page

    laptop = as_user("sec1")  # a new log-in, a new session
    assert LARGE in laptop.get("/reports/").content.decode()
    assert LARGE not in as_user("sec2").get("/reports/").content.decode()  # only theirs

    switch(laptop, "off")
    assert not Preference.objects.get(user=users["sec1"]).large_text
    assert LARGE not in laptop.get("/reports/").content.decode()


def test_the_log_in_page_remembers_large_text_on_the_device(users, as_user, client):
    response = switch(as_user("sec1"), "on")
    assert response.cookies[COOKIE].value == "1" and response.cookies[COOKIE]["httponly"]
    client.cookies[COOKIE] = "1"
    assert LARGE in client.get(reverse("login")).content.decode()


def test_a_user_without_a_role_may_switch_it_too(users, as_user):
    assert switch(as_user("norole"), "on").status_code == 302
    assert Preference.objects.get(user=users["norole"]).large_text


def test_it_never_sends_anyone_to_another_site(users, as_user):
    response = switch(as_user("sec1"), "on", next_url="https://evil.example.com/")
    assert response["Location"] == reverse("home")


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = switch(client, "on")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Preference.objects.exists()


def test_a_next_address_that_is_not_a_path_sends_them_home(users, as_user):
    for next_url in ("-1", "home", "javascript:alert(1)", "//evil.example.com/"):
        response = switch(as_user("sec1"), "on", next_url=next_url)
        assert response.status_code == 302 and response["Location"] == reverse("home")
