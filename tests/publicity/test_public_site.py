"""The public site as the anonymous visitor sees it: every page answers without a login, and nothing reaches it
unless published (a draft, a submitted or returned item, a photo without consent, an unapproved report's photo,
an unpublished notice or talk, an undecided or declined nomination never appear)."""

import pytest
from django.test import Client
from django.urls import reverse

from activities import services as report_services
from colleges.models import BrandProject
from publicity import services
from publicity.models import Nomination, PublicNotice, Talk
from tests.matrix.publicity import PUBLIC_URLS

from ..conftest import client_for
from ..helpers import run_commit_hooks
from .conftest import photos_of


def publish(news, correspondent, staff):
    news = services.transition_news(news, correspondent, "submit", "", news.version)
    return services.transition_news(news, staff, "publish", "", news.version)


@pytest.fixture
def published(approved, correspondent, users):
    first, second = photos_of(approved)
    news = services.create_news(
        approved, correspondent, "公开的新闻", "敬老活动的正文。" * 30, [first, second], [first]
    )
    return publish(news, correspondent, users["staff"])


def public_urls(news, notice):
    photo = news.photos.get(consented=True)
    return {
        "public:home": reverse("public:home"),
        "public:news_list": reverse("public:news_list"),
        "public:news_detail": reverse("public:news_detail", args=[news.pk]),
        "public:news_photo": reverse("public:news_photo", args=[news.pk, photo.pk]),
        "public:feed": reverse("public:feed"),
        "public:notices": reverse("public:notices"),
        "public:notice_detail": reverse("public:notice_detail", args=[notice.pk]),
        "public:brand_projects": reverse("public:brand_projects"),
        "public:talks": reverse("public:talks"),
        "public:plan": reverse("public:plan"),
        "public:awards": reverse("public:awards"),
    }


def test_every_public_url_answers_the_anonymous_visitor(plan, published, users, client):
    notice = services.set_notice_published(
        services.save_notice(PublicNotice(title="公告", text="正文"), users["staff"]), users["staff"], True, 1
    )
    urls = public_urls(published, notice)
    assert set(urls) == PUBLIC_URLS
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        if name not in {"public:feed", "public:news_photo"}:
            page = response.content.decode()
            assert "<title>" in page and '<meta name="description" content="' in page, name
    assert client.get("/").status_code == 200
    # Logged in, the same pages answer too (the root stays the portal's home: the test below).
    staff = client_for(users["staff"])
    for name, url in urls.items():
        assert staff.get(url).status_code == 200, name


def test_the_root_is_the_public_home_for_visitors_and_the_portal_home_for_users(
    plan, published, users, client, as_user
):
    page = client.get("/").content.decode()
    assert "公开的新闻" in page and reverse("login") in page
    home = as_user("staff").get("/")
    assert home.status_code == 200 and "dashboard/home_overview.html" in [t.name for t in home.templates]


def test_news_detail_has_its_title_and_description(published, client):
    page = client.get(reverse("public:news_detail", args=[published.pk])).content.decode()
    assert "<title>公开的新闻 · " in page
    assert '<meta name="description" content="敬老活动的正文。' in page


def test_nothing_unpublished_reaches_the_public_site(approved, correspondent, users, client):
    staff = users["staff"]
    first, second = photos_of(approved)
    draft = services.create_news(approved, correspondent, "草稿新闻", "正文", [first], [first])
    submitted = services.create_news(approved, correspondent, "待发布新闻", "正文", [first], [first])
    submitted = services.transition_news(submitted, correspondent, "submit", "", submitted.version)
    returned = services.create_news(approved, correspondent, "退回新闻", "正文", [first], [first])
    returned = services.transition_news(returned, correspondent, "submit", "", returned.version)
    returned = services.transition_news(returned, staff, "return", "改", returned.version)
    services.save_notice(PublicNotice(title="未发布公告", text="正文"), staff)
    services.save_talk(Talk(title="未公开宣讲", speaker="某", given_on="2022-05-01", place="某地"), staff)
    for status, name in [("proposed", "待定集体"), ("declined", "未通过个人")]:
        Nomination.objects.create(
            year=2022,
            kind="individual",
            college=approved.college,
            nominee=name,
            reasons="理由",
            status=status,
            proposed_by=staff,
        )
    pages = [
        reverse(n)
        for n in ["public:home", "public:news_list", "public:notices", "public:talks", "public:awards", "public:feed"]
    ]
    text = "".join(client.get(url).content.decode() for url in pages)
    for secret in ["草稿新闻", "待发布新闻", "退回新闻", "未发布公告", "未公开宣讲", "待定集体", "未通过个人"]:
        assert secret not in text, secret
    for news in [draft, submitted, returned]:
        assert client.get(reverse("public:news_detail", args=[news.pk])).status_code == 404
        photo = news.photos.get()
        assert client.get(reverse("public:news_photo", args=[news.pk, photo.pk])).status_code == 404
    notice = PublicNotice.objects.get()
    assert client.get(reverse("public:notice_detail", args=[notice.pk])).status_code == 404


def test_a_photo_without_consent_never_appears(published, client):
    refused = published.photos.get(consented=False)
    page = client.get(reverse("public:news_detail", args=[published.pk])).content.decode()
    assert reverse("public:news_photo", args=[published.pk, refused.pk]) not in page
    assert client.get(reverse("public:news_photo", args=[published.pk, refused.pk])).status_code == 404
    shown = published.photos.get(consented=True)
    assert reverse("public:news_photo", args=[published.pk, shown.pk]) in page
    response = client.get(reverse("public:news_photo", args=[published.pk, shown.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_a_reports_photos_leave_the_site_when_it_is_no_longer_approved(published, approved, users, client):
    shown = published.photos.get(consented=True)
    url = reverse("public:news_photo", args=[published.pk, shown.pk])
    assert client.get(url).status_code == 200
    report_services.transition(approved, users["staff"], "reopen", "照片有误", approved.version)
    assert client.get(url).status_code == 404
    assert url not in client.get(reverse("public:news_detail", args=[published.pk])).content.decode()


def test_publishing_and_retracting_show_at_once_despite_the_cache(approved, correspondent, users, client):
    news = services.create_news(approved, correspondent, "缓存测试新闻", "正文")
    assert "缓存测试新闻" not in client.get(reverse("public:news_list")).content.decode()  # now cached
    news = publish(news, correspondent, users["staff"])
    assert "缓存测试新闻" in client.get(reverse("public:news_list")).content.decode()
    services.transition_news(news, users["staff"], "retract", "撤下", news.version)
    assert "缓存测试新闻" not in client.get(reverse("public:news_list")).content.decode()
    assert client.get(reverse("public:news_detail", args=[news.pk])).status_code == 404


def test_anonymous_pages_are_cached_and_marked_public(published, client, django_assert_max_num_queries):
    url = reverse("public:news_list")
    run_commit_hooks()  # the published news, committed: a reader's cache is for committed figures
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=60"
    with django_assert_max_num_queries(0):
        assert client.get(url).content == first.content


def test_the_feed_is_atom_with_published_items_only(published, client):
    response = client.get(reverse("public:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "公开的新闻" in body and published.get_public_url() in body


def test_brand_projects_plan_and_awards(plan, college_a, users, client):
    assert "工匠精神进课堂" in client.get(reverse("public:brand_projects")).content.decode()
    assert plan.title in client.get(reverse("public:plan")).content.decode()
    nomination = services.propose(
        Nomination(year=2022, kind="individual", college=college_a, nominee="王老师", reasons="长期关心学生"),
        users["sec1"],
    )
    assert "王老师" not in client.get(reverse("public:awards")).content.decode()
    services.decide(nomination, users["staff"], "approved", "", nomination.version)
    assert "王老师" in client.get(reverse("public:awards")).content.decode()
    BrandProject.objects.filter(college=college_a).update(title="改名的品牌")
    # an update() sends no signal: the page may show the older title until the cache turns over; a save retires it
    project = BrandProject.objects.get(college=college_a)
    project.save()
    assert "改名的品牌" in client.get(reverse("public:brand_projects")).content.decode()


def test_hostile_public_addresses_are_404_not_500(published, client):
    for url in [
        "/news/?page=abc",
        "/news/?page=999999",
        "/news/99999999999999999999/",
        f"/news/{published.pk}/photos/99999999999999999999/",
        "/notices/?page=-1",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("public:news_list")).status_code == 405


def test_a_committee_notice_marked_public_shows_on_the_public_site_and_leaves_when_unmarked(users, college_a, as_user):
    from committee.models import Notice

    staff = as_user("staff")
    for title, public in [("公开的通知", "on"), ("内部通知", "")]:
        data = {
            "title": title,
            "body": "正文",
            "audience": "chosen",
            "recipients": [f"college-{college_a.pk}"],
            "reply": "none",
        }
        staff.post(reverse("committee:notice_create"), {**data, "public": public} if public else data)
    page = Client().get(reverse("public:notices")).content.decode()
    assert "公开的通知" in page and "内部通知" not in page
    notice = Notice.objects.get(title="公开的通知")
    notice.public = False
    notice.save()
    assert "公开的通知" not in Client().get(reverse("public:notices")).content.decode()


def test_an_inactive_colleges_brand_project_is_on_neither_the_home_page_nor_the_brand_page(
    plan, college_a, college_b, client
):
    BrandProject.objects.create(college=college_b, year=2022, title="停办学院的品牌")
    college_b.active = False
    college_b.save()
    for name in ["public:home", "public:brand_projects"]:
        page = client.get(reverse(name)).content.decode()
        assert "工匠精神进课堂" in page and "停办学院的品牌" not in page, name


def test_saving_a_public_committee_notice_unchanged_leaves_its_copy_and_the_cache_alone(
    users, django_assert_num_queries
):
    from committee.models import Notice
    from core.cache import generation

    notice = Notice.objects.create(title="公开的通知", body="正文", public=True, created_by=users["staff"])
    copy = PublicNotice.objects.get(source_notice=notice)
    run_commit_hooks()  # the creation, committed
    before = generation()
    # the notice's UPDATE; mirror_notice's savepoint, its SELECT of the copy, and the savepoint's release
    with django_assert_num_queries(4):
        notice.save()
    run_commit_hooks()
    assert generation() == before
    assert PublicNotice.objects.get(pk=copy.pk).version == copy.version
    notice.title = "改过的通知"
    notice.save()
    copy.refresh_from_db()
    assert copy.title == "改过的通知" and copy.published and copy.version == 2
    run_commit_hooks()
    assert generation() != before


def test_headings_on_the_public_pages_go_down_one_level_at_a_time(plan, published, users, client):
    """A screen reader's list of headings has no gaps (the news list once went from h1 straight to h3)."""
    import re

    notice = services.set_notice_published(
        services.save_notice(PublicNotice(title="公告", text="正文"), users["staff"]), users["staff"], True, 1
    )
    for name, url in public_urls(published, notice).items():
        if name in {"public:feed", "public:news_photo"}:
            continue
        levels = [int(level) for level in re.findall(r"<h([1-6])\b", client.get(url).content.decode())]
        assert levels and levels[0] == 1, name
        jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert jumps == [], f"{name}: {levels}"
