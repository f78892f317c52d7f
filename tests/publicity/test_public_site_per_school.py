"""Each school's public site (网上关工委) at its own address (issue 27, item 6): the home school's at the root as
before, another school's under `/s/<code>/`; each shows its own school's name and rows only, its links stay under
its address, and its feed lists its own news only (item 5: the public feed never crosses schools)."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from activities.models import ActivityKind, ActivityReport, Status
from colleges.models import BrandProject, College, Membership, Role
from core.scoping import school_scope
from gkw_portal.school_urls import school_reverse
from institutions.models import Institution, home
from plans.services import DATA_DIR, load_workplan_file
from publicity.models import NewsItem, NewsStatus, PublicNotice, Talk

from ..conftest import client_for, ensure_default_kinds
from .test_feed_and_caching import ATOM, exactly_one, is_absolute, links

pytestmark = pytest.mark.django_db

OTHER = "d-th"
# Addresses a school's public page may link to outside its own site: the portal's login and the static files.
NOT_THE_SITES = ("/accounts/login/", "/static/", "/media/")


def school_site(label: str, author) -> dict:
    """One published row of each kind the public site shows, in the school whose scope is in force, every text
    marked with `label` so that a page shows whose rows it has."""
    college = College.objects.create(code=f"c-{label}", name=f"{label}学院", short_name=label, order=1)
    ensure_default_kinds()
    report = ActivityReport.objects.create(
        college=college,
        kind=ActivityKind.objects.get(code="lecturer-lecture"),
        title=f"{label}的活动",
        starts_on=datetime.date(2022, 5, 4),
        ends_on=datetime.date(2022, 5, 4),
        place="报告厅",
        summary="正文",
        status=Status.APPROVED,
        created_by=author,
    )
    now = timezone.now()
    news = NewsItem.objects.create(
        college=college,
        report=report,
        title=f"{label}的新闻",
        text="正文",
        status=NewsStatus.PUBLISHED,
        published_at=now,
        created_by=author,
    )
    notice = PublicNotice.objects.create(
        title=f"{label}的公告", text="正文", published=True, published_at=now, created_by=author
    )
    BrandProject.objects.create(college=college, year=2022, title=f"{label}的品牌项目", status="in_progress")
    Talk.objects.create(
        title=f"{label}的宣讲", speaker="王老师", given_on=datetime.date(2022, 5, 4), place="礼堂", published=True
    )
    return {"news": news, "notice": notice, "label": label}


@pytest.fixture
def author():
    return get_user_model().objects.create_user("writer")


@pytest.fixture
def other_school():
    return Institution.objects.create(
        code=OTHER, name="太湖理工学院（测试）", short_name="太湖理工", site_url="https://www.taihu.example.edu.cn/"
    )


@pytest.fixture
def sites(plan, author, other_school):
    """Each school with its plan (the brand projects shown are of its latest plan's year) and its published rows."""
    ours = school_site("本校", author)
    with school_scope(other_school):
        load_workplan_file(DATA_DIR / "workplan_2022.json")
        theirs = school_site("他校", author)
    return ours, theirs


def test_a_schools_news_page_shows_its_own_news_and_name_only(sites, other_school, client):
    ours, theirs = sites
    page = client.get(f"/s/{OTHER}/news/").content.decode()
    assert "他校的新闻" in page and "本校的新闻" not in page
    assert "太湖理工学院（测试）" in page and home().name not in page
    assert "<title>新闻动态 · 太湖理工网上关工委</title>" in page
    page = client.get("/news/").content.decode()
    assert "本校的新闻" in page and "他校的新闻" not in page
    assert home().name in page and "太湖理工" not in page


def test_each_page_of_a_school_shows_its_own_rows(sites, client):
    ours, theirs = sites
    for name in ["home", "news_list", "notices", "brand_projects", "talks", "plan"]:
        page = client.get(f"/s/{OTHER}{reverse(f'public:{name}')}".replace("/site/", "/")).content.decode()
        assert ("他校" in page or name == "plan") and "本校" not in page, name
        page = client.get(reverse(f"public:{name}")).content.decode()
        assert ("本校" in page or name == "plan") and "他校" not in page and "太湖理工" not in page, name


def test_another_schools_news_and_notice_are_not_found_under_a_schools_address(sites, client):
    ours, theirs = sites
    assert client.get(f"/s/{OTHER}/news/{theirs['news'].pk}/").status_code == 200
    assert client.get(f"/s/{OTHER}/news/{ours['news'].pk}/").status_code == 404
    assert client.get(f"/s/{OTHER}/notices/{ours['notice'].pk}/").status_code == 404
    assert client.get(f"/news/{theirs['news'].pk}/").status_code == 404
    assert client.get(f"/notices/{theirs['notice'].pk}/").status_code == 404


def test_an_unknown_school_is_not_found(sites, client):
    assert client.get("/s/no-such-school/news/").status_code == 404
    assert client.get("/s/no-such-school/").status_code == 404
    assert client.get(f"/s/{OTHER}/no-such-page/").status_code == 404


def test_the_portal_is_not_under_a_schools_address(sites, client):
    assert client.get(f"/s/{OTHER}/accounts/login/").status_code == 404
    assert client.get(f"/s/{OTHER}/plans/").status_code == 404


def test_the_home_schools_prefix_redirects_to_its_root_addresses(sites, client):
    code = home().code
    response = client.get(f"/s/{code}/news/?page=1")
    assert response.status_code == 302 and response["Location"] == "/news/?page=1"
    assert client.get(f"/s/{code}/")["Location"] == "/"


def feed_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)  # noqa: S314 -- the portal's own output


@pytest.mark.parametrize("school", ["home", "other"])
def test_each_feed_lists_its_schools_news_under_its_address(school, sites, other_school, client):
    ours, theirs = sites
    institution, own, foreign = (home(), ours, theirs) if school == "home" else (other_school, theirs, ours)
    prefix = "/" if school == "home" else f"/s/{OTHER}/"
    feed = feed_of(client, school_reverse(institution, "public:feed"))
    assert exactly_one(feed, "title").text == f"{institution.short_name}关工委新闻"
    assert institution.name in exactly_one(exactly_one(feed, "author"), "name").text
    assert is_absolute(exactly_one(feed, "id").text)
    feed_links = links(feed)
    assert feed_links["self"].endswith(f"{prefix}news/feed/") and is_absolute(feed_links["self"])
    assert feed_links["alternate"].endswith(f"{prefix}news/")
    [entry] = feed.findall(f"{ATOM}entry")
    assert exactly_one(entry, "title").text == own["news"].title
    assert links(entry)["alternate"].endswith(f"{prefix}news/{own['news'].pk}/")
    assert is_absolute(exactly_one(entry, "id").text)
    assert foreign["news"].title not in ET.tostring(feed, encoding="unicode")


def test_the_two_feeds_are_cached_apart(sites, client):
    """One host, two schools: the cached feed of one never answers for the other."""
    assert "本校的新闻" in client.get("/news/feed/").content.decode()
    assert "他校的新闻" in client.get(f"/s/{OTHER}/news/feed/").content.decode()
    assert "本校的新闻" in client.get("/news/feed/").content.decode()


def hrefs(page: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/[^"]*)"', page)


def test_the_links_on_a_schools_pages_stay_on_its_site(sites, other_school, client):
    ours, theirs = sites
    pages = [
        "public:home",
        "public:news_list",
        "public:notices",
        "public:brand_projects",
        "public:talks",
        "public:awards",
        "public:plan",
        ("public:news_detail", theirs["news"].pk),
        ("public:notice_detail", theirs["notice"].pk),
    ]
    for name in pages:
        name, *args = (name,) if isinstance(name, str) else name
        url = school_reverse(other_school, name, args=args)
        assert url.startswith(f"/s/{OTHER}/")
        response = client.get(url)
        assert response.status_code == 200, url
        found = hrefs(response.content.decode())
        assert any(link.startswith(f"/s/{OTHER}/news/") for link in found), url
        strays = [link for link in found if not link.startswith((f"/s/{OTHER}/", *NOT_THE_SITES))]
        assert strays == [], url
        assert 'href="https://www.taihu.example.edu.cn/"' in response.content.decode()


def test_a_schools_pages_and_feed_are_cached_apart_from_the_home_schools(sites, client):
    for url in ["/s/d-th/", "/s/d-th/news/"]:
        first = client.get(url)
        assert "他校" in first.content.decode() and first["Cache-Control"] == "public, max-age=60"
        assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    assert "他校" not in client.get("/news/").content.decode()


def test_a_signed_in_person_of_another_school_reads_the_root_site_as_the_home_schools(sites, other_school, client):
    with school_scope(other_school):
        college = College.objects.get(code="c-他校")
    person = get_user_model().objects.create_user("th-sec")
    Membership.objects.create(user=person, role=Role.SECRETARY, college=college, institution=other_school)
    as_person = client_for(person)
    page = as_person.get("/news/").content.decode()
    assert "本校的新闻" in page and "他校的新闻" not in page
    assert as_person.get("/news/feed/").content.decode().count("他校") == 0
    # On the portal, the links to the public site are their own school's.
    page = as_person.get(reverse("publicity:news_list")).content.decode()
    assert f'href="/s/{OTHER}/"' in page and 'href="/site/"' not in page
