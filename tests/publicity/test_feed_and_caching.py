"""The Atom feed as RFC 4287 asks, and the public site's answers to conditional requests (ETag, Last-Modified).

RFC 4287 §4.1.1: a feed has exactly one id, title and updated, an author unless every entry has one, and should
link to itself; §4.1.2: each entry has exactly one id, title and updated, an author, an alternate link (it has no
content) and a summary; dates are RFC 3339 date-times (§3.3) and ids absolute IRIs (§4.2.6).
"""

import datetime
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils.http import http_date

from publicity import services
from publicity.models import NewsItem, PublicNotice
from publicity.public_feed import html_summary

from .conftest import photos_of
from .test_public_site import publish

ATOM = "{http://www.w3.org/2005/Atom}"
TWO_PARAGRAPHS = "重阳节，学生看望老同志。\n\n老同志讲述奋斗故事，\n学生认真聆听。"


@pytest.fixture
def published(approved, correspondent, users):
    first, _second = photos_of(approved)
    news = services.create_news(approved, correspondent, "重阳节看望老同志", TWO_PARAGRAPHS, [first], [first])
    return publish(news, correspondent, users["staff"])


def feed_root(client):
    response = client.get(reverse("public:feed"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)  # noqa: S314 -- the portal's own output


def rfc3339(text: str) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(text)
    assert moment.tzinfo is not None, text
    return moment


def exactly_one(element, name: str):
    found = element.findall(f"{ATOM}{name}")
    assert len(found) == 1, f"{element.tag} has {len(found)} <{name}>"
    return found[0]


def is_absolute(iri: str) -> bool:
    parts = urlsplit(iri)
    return bool(parts.scheme and (parts.netloc or parts.scheme in {"urn", "tag"}))


def links(element) -> dict[str, str]:
    return {link.get("rel", "alternate"): link.get("href") for link in element.findall(f"{ATOM}link")}


class Paragraphs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_the_feed_and_each_entry_have_every_element_rfc_4287_requires(published, client):
    feed = feed_root(client)
    assert feed.tag == f"{ATOM}feed"
    assert is_absolute(exactly_one(feed, "id").text)
    assert exactly_one(feed, "title").text
    feed_updated = rfc3339(exactly_one(feed, "updated").text)
    assert exactly_one(exactly_one(feed, "author"), "name").text
    feed_links = links(feed)
    assert feed_links["self"].endswith(reverse("public:feed")) and is_absolute(feed_links["self"])
    assert feed_links["alternate"].endswith(reverse("public:news_list"))

    [entry] = feed.findall(f"{ATOM}entry")
    assert is_absolute(exactly_one(entry, "id").text)
    assert exactly_one(entry, "title").text == "重阳节看望老同志"
    updated = rfc3339(exactly_one(entry, "updated").text)
    published_at = rfc3339(exactly_one(entry, "published").text)
    assert published_at <= updated <= feed_updated
    assert exactly_one(exactly_one(entry, "author"), "name").text == published.college.name
    assert links(entry)["alternate"].endswith(published.get_public_url())
    summary = exactly_one(entry, "summary")
    assert summary.get("type") == "html"


def test_the_summary_is_html_that_keeps_paragraphs_and_line_breaks(published, client):
    [entry] = feed_root(client).findall(f"{ATOM}entry")
    reader = Paragraphs()
    reader.feed(entry.find(f"{ATOM}summary").text)
    assert reader.tags == ["p", "p", "br"]
    assert "".join(reader.text).replace("\n", "") == TWO_PARAGRAPHS.replace("\n", "")


def test_a_long_text_is_cut_at_a_character_with_an_ellipsis():
    summary = html_summary("关" * 600, limit=500)
    assert summary == "<p>" + "关" * 499 + "…</p>"
    assert html_summary("<b>&</b>") == "<p>&lt;b&gt;&amp;&lt;/b&gt;</p>"
    assert html_summary("铃\x07声") == "<p>铃声</p>"  # XML 1.0 cannot carry the bell


def test_public_pages_carry_an_etag_and_answer_a_repeated_request_with_304(published, client):
    for url in [reverse("public:news_list"), published.get_public_url(), "/", reverse("public:awards")]:
        first = client.get(url)
        assert first.status_code == 200 and first["ETag"].startswith('"'), url
        assert first["Cache-Control"] == "public, max-age=60"
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304 and again.content == b"", url
        assert again["ETag"] == first["ETag"] and again["Cache-Control"] == "public, max-age=60"
        assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_a_changed_page_gets_a_new_etag(published, users, client):
    url = reverse("public:notices")
    before = client.get(url)["ETag"]
    notice = services.save_notice(PublicNotice(title="新的公告", text="正文"), users["staff"])
    services.set_notice_published(notice, users["staff"], True, notice.version)
    after = client.get(url, headers={"If-None-Match": before})
    assert after.status_code == 200 and "新的公告" in after.content.decode()
    assert after["ETag"] != before


def test_the_feed_answers_if_modified_since_and_if_none_match_with_304(published, client):
    url = reverse("public:feed")
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=60"
    assert first["ETag"] and first["Last-Modified"]
    since = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304 and since["Last-Modified"] == first["Last-Modified"]
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    earlier = http_date(published.published_at.timestamp() - 3600)
    assert client.get(url, headers={"If-Modified-Since": earlier}).status_code == 200


def test_a_public_photo_answers_its_etag_with_304(published, client):
    photo = published.photos.get(consented=True)
    url = reverse("public:news_photo", args=[published.pk, photo.pk])
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] == f'"{photo.evidence.sha256}"'
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again["Cache-Control"] == "public, max-age=60"


def test_a_logged_in_visitor_is_not_served_from_the_public_cache(published, as_user):
    response = as_user("staff").get(reverse("public:news_list"))
    assert response.status_code == 200 and "ETag" not in response and "Cache-Control" not in response


def test_times_on_the_public_pages_have_no_fractions_of_a_second(published, client):
    published.__class__.objects.filter(pk=published.pk).update(
        published_at=datetime.datetime(2022, 10, 4, 2, 30, 15, 123456, tzinfo=datetime.UTC)
    )
    for url in ["/", reverse("public:news_list"), published.get_public_url()]:
        assert '<time datetime="2022-10-04T10:30:15+08:00">' in client.get(url).content.decode(), url


def test_taking_the_newest_item_off_the_site_makes_the_feed_newer_not_older(
    published, approved, correspondent, users, client
):
    older = publish(services.create_news(approved, correspondent, "较早的新闻", "正文"), correspondent, users["staff"])
    hour, days = datetime.timedelta(hours=1), datetime.timedelta(days=3)
    NewsItem.objects.update(published_at=F("published_at") - hour, updated_at=F("updated_at") - hour)
    NewsItem.objects.filter(pk=older.pk).update(
        published_at=F("published_at") - days, updated_at=F("updated_at") - days
    )
    url = reverse("public:feed")
    before = client.get(url)["Last-Modified"]  # an hour ago: the newest item's last change
    published.refresh_from_db()
    services.transition_news(published, users["staff"], "retract", "撤下", published.version)
    after = client.get(url, headers={"If-Modified-Since": before})
    assert after.status_code == 200 and "重阳节看望老同志" not in after.content.decode()
