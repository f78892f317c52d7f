"""The public site (网上关工委): pages without a login, for anyone.

Only what is published reaches these pages, through the querysets below (`public_*`), which are the one place
that decides it: published news items, and of them only the photos whose people consented and whose report is
still approved; published notices and talks; approved nominations; the active colleges' brand projects and the plan.

Each school has its site (publicity.public_urls, gkw_portal.school_urls): the request runs in the school its address
names, so every query here reads that school's rows, and the pages name the school from `request.school`.

Pages are rendered once per generation of the figures cache (core.cache) for anonymous visitors: every write to a
model they show retires them (publicity's, colleges' and plans' models are hooked in their apps' ready()). Each
carries an ETag (a hash of its text, computed with it), so a browser or proxy asking again with If-None-Match gets
a 304 without the page; the Atom feed (publicity.public_feed) is served the same way.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.http import http_date
from django.utils.translation import get_language, gettext_lazy

from activities.models import Status as ReportStatus
from colleges.models import BrandProject
from core.cache import cached
from core.files import serve
from plans.models import WorkPlan

from .models import NewsItem, NewsPhoto, NewsStatus, Nomination, NominationStatus, PublicNotice, Talk

PAGE_SIZE = 12
PUBLIC_MAX_AGE = 60


# What is public: the one place that decides it.


def public_news():
    return NewsItem.objects.filter(status=NewsStatus.PUBLISHED).select_related("college")


def public_photos():
    return NewsPhoto.objects.filter(
        consented=True,
        news__status=NewsStatus.PUBLISHED,
        evidence__report__status=ReportStatus.APPROVED,
    ).select_related("evidence")


def public_notices():
    return PublicNotice.objects.filter(published=True)


def public_talks():
    return Talk.objects.filter(published=True).select_related("college")


def public_awards():
    return Nomination.objects.filter(status=NominationStatus.APPROVED).select_related("college")


def public_brand_projects(year: int | None):
    """The brand projects of the year's active colleges (none before any plan exists)."""
    if year is None:
        return BrandProject.objects.none()
    return BrandProject.objects.filter(year=year, college__active=True).select_related("college")


def latest_year() -> int | None:
    return WorkPlan.objects.values_list("year", flat=True).first()


def _page_number(request) -> int:
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or len(raw) > 5:
        raise Http404
    return int(raw)


def text_etag(text: str | bytes) -> str:
    """A strong ETag for a response body: the same text, the same tag, whoever asked and whenever."""
    data = text.encode() if isinstance(text, str) else text
    return quote_etag(hashlib.sha256(data).hexdigest()[:32])


def public_response(request, response: HttpResponse, *, etag: str, last_modified: float | None = None):
    """`response` as the public may cache it, or a 304 when the request's If-None-Match (or, without one,
    If-Modified-Since) shows the visitor already has it. The 304 keeps Cache-Control, ETag and Last-Modified."""
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)


def only_get(request) -> HttpResponse | None:
    if request.method not in {"GET", "HEAD"}:
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    return None


def public_page(view):
    """A public page: no login; for anonymous visitors rendered once per cache generation and page number, with
    its ETag, and answered 304 when the visitor's copy is current."""

    @login_not_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if refused := only_get(request):
            return refused
        if request.user.is_authenticated:
            return HttpResponse(view(request, *args, **kwargs))
        page = _page_number(request) if "page" in request.GET else 1
        # The school too, not only its address: a code an administrator gives to another school is a new site.
        key = f"public-page:{get_language()}:{request.school.pk}:{request.path}:{page}"

        def render():
            text = view(request, *args, **kwargs)
            return text, text_etag(text)

        text, etag = cached(key, render)
        return public_response(request, HttpResponse(text), etag=etag)

    return wrapper


def _render(request, template, context) -> str:
    """The page for the school whose site it is (`request.school`, which its address names: colleges.schools).

    Rendered without the request: an anonymous page carries nothing of the visitor (no form, no token), so the same
    text serves everyone, and a signed-in visitor's differs only by the link back to the portal. Without it no
    context processor runs either: they answer for the person's own school, which need not be this site's."""
    context = {**context, "school": request.school, "user": request.user}
    return render_to_string(template, context)


def _paginate(request, queryset):
    try:
        return Paginator(queryset, PAGE_SIZE).page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger):
        raise Http404 from None


def _with_cover(items) -> list:
    """Each news item with its first public photo (one query for the page, not one per item)."""
    items = list(items)
    covers = {}
    for photo in public_photos().filter(news__in=items).order_by("news", "order", "pk"):
        covers.setdefault(photo.news_id, photo)
    for item in items:
        item.cover = covers.get(item.pk)
    return items


@public_page
def home(request):
    year = latest_year()
    return _render(
        request,
        "public/home.html",
        {
            "news": _with_cover(public_news()[:6]),
            "notices": public_notices()[:5],
            "talks": public_talks()[:5],
            "brand_projects": public_brand_projects(year)[:6],
            "year": year,
        },
    )


@public_page
def news_list(request):
    page = _paginate(request, public_news())
    page.object_list = _with_cover(page.object_list)
    return _render(request, "public/news_list.html", {"page": page})


@public_page
def news_detail(request, pk):
    news = get_object_or_404(public_news(), pk=pk)
    photos = public_photos().filter(news=news).order_by("order", "pk")
    return _render(request, "public/news_detail.html", {"news": news, "photos": photos})


@login_not_required
def news_photo(request, pk, photo_pk):
    """A published item's photo whose people consented, from a report that is still approved; 404 otherwise."""
    photo = get_object_or_404(public_photos(), pk=photo_pk, news_id=pk)
    evidence = photo.evidence
    response = serve(
        evidence.file,
        filename=gettext_lazy("photo-%(number)s.jpg") % {"number": photo.pk},
        content_type=evidence.content_type,
        inline=True,
    )
    # The photo's checksum is its ETag: a stored photo never changes under the same row.
    answer = public_response(request, response, etag=quote_etag(evidence.sha256))
    if answer is not response:
        response.close()  # a 304: the opened file is not sent
    return answer


@public_page
def notice_list(request):
    return _render(request, "public/notice_list.html", {"page": _paginate(request, public_notices())})


@public_page
def notice_detail(request, pk):
    return _render(request, "public/notice_detail.html", {"notice": get_object_or_404(public_notices(), pk=pk)})


@public_page
def brand_projects(request):
    year = latest_year()
    return _render(request, "public/brand_projects.html", {"projects": public_brand_projects(year), "year": year})


@public_page
def talks(request):
    return _render(request, "public/talks.html", {"page": _paginate(request, public_talks())})


@public_page
def plan(request):
    plan = WorkPlan.objects.prefetch_related("sections").first()
    if plan is None:
        raise Http404
    return _render(request, "public/plan.html", {"plan": plan, "sections": plan.sections.all()})


@public_page
def awards(request):
    rows = public_awards().order_by("-year", "kind", "college__order", "pk")
    years = {}
    for nomination in rows:
        years.setdefault(nomination.year, []).append(nomination)
    return _render(request, "public/awards.html", {"years": sorted(years.items(), reverse=True)})
