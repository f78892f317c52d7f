"""The correspondent (a college's role of this app) over every page of the permission matrix: their publicity pages
as their college's writer of news, and 403 on the school's pages."""

import pytest
from django.urls import reverse

from colleges.models import Role
from tests.conftest import client_for, make_user
from tests.test_permissions import url_cases

# What the correspondent of college A (whose objects the matrix is built on) may open among publicity's pages.
CORRESPONDENT = {
    "publicity:news_list": 200,
    "publicity:choose_report": 200,
    "publicity:news_create": 200,
    "publicity:report_photo": 200,
    "publicity:news_detail": 200,
    # The matrix's item is submitted: it waits for staff, so the correspondent is told and sent back to it.
    "publicity:news_edit": 302,
    # A correspondent may submit, so the POST-only address answers a GET with 405.
    "publicity:news_transition": 405,
}
# Each person's own account pages, whatever their role.
PERSONAL = {
    "password_change": 200,
    "password_change_done": 200,
    "logout": 405,
    "colleges:large_text": 405,
    "colleges:switch": 405,
    # Each person's own notifications, whatever their role (a correspondent hears of returns and publications).
    "notifications:list": 200,
    "notifications:read_all": 405,
    "notifications:read": 405,  # POST only
    "notifications:settings": 200,  # each person's own settings
    "notifications:confirm_email": 404,  # a confirmation link with a made-up token
}


@pytest.fixture
def correspondent_client(users, college_a):
    return client_for(make_user("corr-matrix", Role.CORRESPONDENT, college_a))


def test_the_correspondent_over_every_page(plan, users, college_a, report, assessment, export, correspondent_client):
    seen = set()
    for name, url, _expected, _write in url_cases(plan, college_a, report, assessment, export):
        expected = CORRESPONDENT.get(name, PERSONAL.get(name, 403))
        if name == "home":
            expected = 302
        response = correspondent_client.get(url)
        assert response.status_code == expected, f"correspondent GET {name}"
        seen.add(name)
    assert set(CORRESPONDENT) <= seen


def test_the_correspondents_home_is_their_news(users, college_a, correspondent_client):
    response = correspondent_client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("publicity:news_list")
    assert correspondent_client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/plans/",
        "/reports/",
        "/colleges/",
        "/scoring/",
        "/dashboard/",
        "/publicity/notices/",
        "/publicity/talks/",
        "/publicity/archive/2022/",
        "/publicity/awards/2022/",
    ],
)
def test_the_correspondent_gets_403_on_the_schools_pages(url, users, college_a, correspondent_client):
    assert correspondent_client.get(url).status_code == 403


def test_a_refused_post_by_the_correspondent_changes_nothing(
    plan, users, college_a, report, assessment, export, correspondent_client
):
    from tests.test_permissions import snapshot

    cases = url_cases(plan, college_a, report, assessment, export)
    before = snapshot()
    for name, url, _expected, is_write in cases:
        if not is_write or name in CORRESPONDENT or name in PERSONAL:
            continue
        assert correspondent_client.post(url, {"title": "改", "text": "改", "version": "1"}).status_code in {
            403,
            404,
        }, name
    assert snapshot() == before


def test_the_correspondent_reads_their_own_notifications(approved, correspondent, as_correspondent, users):
    from notifications.models import Notification
    from publicity import services

    news = services.create_news(approved, correspondent, "标题", "正文")
    news = services.transition_news(news, correspondent, "submit", "", news.version)
    services.transition_news(news, users["staff"], "return", "请修改", news.version)
    page = as_correspondent.get(reverse("notifications:list")).content.decode()
    assert "您的新闻稿“标题”被退回" in page
    mine = Notification.objects.get(user=correspondent)
    response = as_correspondent.post(reverse("notifications:read", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == news.get_absolute_url()
    staffs = Notification.objects.filter(user=users["staff"]).first()
    assert as_correspondent.post(reverse("notifications:read", args=[staffs.pk])).status_code == 404
