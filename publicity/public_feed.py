"""The public news as an Atom feed (RFC 4287), for feed readers.

Each school has its feed, at its site's address (`/news/feed/` for the home school, `/s/<code>/news/feed/` for
another): the school's news only, under the school's addresses.

What RFC 4287 asks and where it comes from: the feed's id, title, updated and author (the school's committee), its
alternate link to the school's news page and its self link; each entry's id, title, updated (the later of its last
change and its publication), author (the college), alternate link to the public page, and a summary.

The summary is `type="html"`: its text is HTML that the feed's XML escapes once more, so the news text is
HTML-escaped here first (a feed reader decodes the XML and renders the HTML: a `<img onerror=…>` typed into a news
item must arrive as text). Its paragraphs are kept as `<p>` and line breaks as `<br>`. Control characters that
XML 1.0 cannot carry (a bell or form feed pasted into a title) are dropped, or Django would refuse the whole feed.

Like the public pages, the feed is built once per generation of the figures cache and answers conditional requests
(ETag, Last-Modified) with 304.
"""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language, gettext, pgettext

from core.cache import cached

from .models import NewsItem
from .public_views import only_get, public_news, public_response, text_etag

ENTRIES = 20
SUMMARY_LENGTH = 500
# What XML 1.0 cannot hold: C0 controls other than tab, line feed and carriage return, and U+FFFE/U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return NOT_XML.sub("", text)


def html_summary(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """The start of `text` as escaped HTML paragraphs, cut at a character with "…" when longer than `limit`."""
    text = xml_text(text).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return linebreaks(text, autoescape=True)


class NewsFeed(Feed):
    """The news of the school whose site it is (`request.school`): its title and author name the school, its links
    and entries are under the school's address (the request's URL configuration: gkw_portal.school_urls)."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return request.school

    def title(self, school):
        return xml_text(pgettext("page", "%(school)s GKW news") % {"school": school.short_name})

    def subtitle(self, school):
        text = gettext("News of the Caring-for-the-Next-Generation Work Committee of %(school)s")
        return xml_text(text % {"school": school.name})

    def author_name(self, school):
        text = gettext("Caring-for-the-Next-Generation Work Committee of %(school)s")
        return xml_text(text % {"school": school.name})

    def link(self):
        return reverse("public:news_list")

    def feed_url(self):
        return reverse("public:feed")

    def items(self, school):
        return public_news()[:ENTRIES]

    def item_title(self, item):
        return xml_text(item.title)  # an Atom title without a type is text: the XML's own escaping is all it needs

    def item_description(self, item):
        return html_summary(item.text)

    def item_link(self, item):
        return item.get_public_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at or item.updated_at)

    def item_author_name(self, item):
        return xml_text(item.college.name)


def _build(request) -> tuple[bytes, str, float | None]:
    response = NewsFeed()(request)
    newest_entry = parse_http_date_safe(response.get("Last-Modified", ""))
    # A news item taken off the site leaves the feed older-looking than before: the feed changed when any item
    # that was ever published last changed, or a reader asking If-Modified-Since would keep the retracted entry.
    changed = NewsItem.objects.filter(published_at__isnull=False).aggregate(latest=Max("updated_at"))["latest"]
    last_modified = max(filter(None, [newest_entry, changed and int(changed.timestamp())]), default=None)
    return response.content, text_etag(response.content), last_modified


@login_not_required
def feed(request):
    if refused := only_get(request):
        return refused
    # Its links are absolute, made from the address the reader used: one copy per school, host and scheme.
    key = f"public-feed:{get_language()}:{request.school.pk}:{request.scheme}:{request.get_host()}"
    body, etag, last_modified = cached(key, lambda: _build(request))
    response = HttpResponse(body, content_type=NewsFeed.feed_type.content_type)
    return public_response(request, response, etag=etag, last_modified=last_modified)
