"""Text people type leaves the portal as text, in every format it leaves in (issue 25, item 3).

For each payload of tests/security/channels.py (HTML and script tags, attribute breakouts, markdown, a formula,
a mail header after a line break, control characters, bidi and zero-width characters): the school of the
permission matrix with a published public site is built, the payload is written into every field of text people
type (tests/security/user_text.py), the events that send mail and group messages happen with the payload as
their reason, and then each channel's real output is read with a parser of its own format:

- HTML: every page of the matrix as staff and as a secretary, and the public site as the anonymous visitor;
- the Atom feed: its XML read, the html summary read as HTML;
- e-mail: each message as sent (subject, headers, plain part, HTML part);
- the group robots' markdown, as a CommonMark renderer with raw HTML on would show it;
- every workbook the portal writes (the matrix's downloads and the ones built in the background);
- the PDFs (the annual summary, the region's review summary, the work bulletin), through poppler's pdftotext.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from activities import export as report_export
from activities import services as report_services
from activities.models import ActivityReport, Status
from bulletins import document as bulletin_document
from bulletins.models import Bulletin
from colleges.models import Role
from committee.models import Notice
from committee.services.notices import publish_notice
from core.cache import figures_changed
from core.pdf import PdfUnavailable, weasyprint
from dashboard import exports as annual
from notifications.models import (
    Email,
    EmailChoice,
    EmailPreference,
    EmailState,
    GroupMessage,
    GroupWebhook,
    NoticeKind,
)
from notifications.services import save_webhook
from notifications.tasks import send_daily_digests, send_pending_emails
from publicity import services as publicity_services
from publicity.models import NewsItem, NewsStatus
from region import exports as region_exports
from region.models import Application

from ..conftest import client_for, make_user
from ..matrix.publicity import publish_public_site
from ..test_permissions import url_cases
from .channels import (
    PAYLOADS,
    Findings,
    email_problems,
    feed_problems,
    html_problems,
    markdown_problems,
    pdf_text,
    pdftotext_missing,
    reached,
    visible,
    workbook_problems,
)
from .user_text import NOT_USER_TEXT, USER_TEXT, plant, text_fields

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PUBLIC_PAGES = ["/", "/news/", "/notices/", "/talks/", "/awards/", "/brand-projects/", "/plan/"]
WALKERS = ["staff", "sec1"]


def test_every_text_field_is_sorted_into_typed_text_or_the_portals_own():
    """A new text field joins the payload test (USER_TEXT) or says why people cannot type into it."""
    fields = text_fields()
    unsorted = [
        f"{label}.{name}"
        for label, names in fields.items()
        for name in names
        if name not in USER_TEXT.get(label, []) and name not in NOT_USER_TEXT.get(label, {})
    ]
    listed = [(label, name) for table in (USER_TEXT, NOT_USER_TEXT) for label in table for name in table[label]]
    gone = [f"{label}.{name}" for label, name in listed if name not in fields.get(label, [])]
    both = [
        f"{label}.{name}"
        for label, name in listed
        if name in USER_TEXT.get(label, []) and name in NOT_USER_TEXT.get(label, {})
    ]
    assert (unsorted, gone, both) == ([], [], [])


@pytest.fixture
def school(plan, users, college_a, college_b, report, assessment, export):
    """The matrix's objects with the public site published, an e-mail address for everyone, a robot in college A's
    groups and one in the committee office's."""
    cases = url_cases(plan, college_a, report, assessment, export)
    public = publish_public_site(college_a)
    correspondent = make_user("corr1", Role.CORRESPONDENT, college_a)
    for user in [*users.values(), correspondent]:
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    for college, platform in [(college_a, "wecom"), (college_a, "dingtalk"), (None, "wecom")]:
        if GroupWebhook.objects.filter(college=college, platform=platform).exists():
            continue
        save_webhook(
            GroupWebhook(college=college, platform=platform),
            url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
            secret="",
            version=None,
        )
    # The secretary reads the committee's notices in the day's digest, so the digest is sent too.
    EmailPreference.objects.create(user=users["sec1"], kind=NoticeKind.NOTICES, choice=EmailChoice.DIGEST)
    return cases, public


def plant_and_tell(payload: str, users, college_a) -> None:
    """The payload in every typed field, then the events that mail people and post to groups, each with the
    payload as its reason: a report returned, a committee notice published, a news item returned."""
    plant(payload)
    figures_changed()
    cache.clear()
    # What the matrix left in the outbox was written before the text was planted: only the events below count.
    Email.objects.update(state=EmailState.SENT)
    mail.outbox.clear()
    GroupMessage.objects.all().delete()
    staff = users["staff"]
    waiting = ActivityReport.objects.filter(status=Status.SUBMITTED).first()
    report_services.transition(waiting, staff, "return", payload, waiting.version)
    notice = Notice(title=payload[:200], body=payload, audience="chosen", reply="none")
    publish_notice(notice, staff, colleges=[college_a])
    news = NewsItem.objects.filter(status=NewsStatus.SUBMITTED).first()
    publicity_services.transition_news(news, staff, "return", payload, news.version)
    send_daily_digests()
    send_pending_emails()


def check_pages(findings: Findings, client: Client, who: str, pages, payload: str, seen_required=()) -> None:
    for name, url in pages:
        response = client.get(url)
        if response.status_code != 200:
            continue
        kind = response.get("Content-Type", "")
        where = f"{who} {name} {url}"
        if kind.startswith("text/html"):
            html = response.content.decode()
            findings.add(where, html_problems(html, payload if url in seen_required else None))
            findings.seen += reached(payload, html_text(html))
        elif kind.startswith(XLSX) and not response.streaming:
            # A workbook built for this request. A stored file (streamed) was built before the text was planted;
            # its builders are called directly below.
            check_workbook(findings, where, response.content, payload)


def html_text(html: str) -> str:
    from .channels import read_html

    return read_html(html).text


def check_workbook(findings: Findings, where: str, content: bytes, payload: str) -> None:
    problems, found = workbook_problems(content, payload)
    findings.add(where, problems if found else [*problems, "the typed text is in no cell"])
    findings.seen += found


def pdf_skipped() -> str:
    """Why the PDFs cannot be read here ("" when they can)."""
    try:
        weasyprint()
    except PdfUnavailable as missing:
        return str(missing)
    return pdftotext_missing()


def channel_problems(payload: str, school, users, college_a) -> list[str]:
    """Plant `payload`, tell everyone, and read every channel's output: each problem, with where it was found."""
    cases, public = school
    plant_and_tell(payload, users, college_a)
    channels = {name: Findings() for name in ["html", "feed", "e-mail", "robots", "xlsx", "pdf"]}

    # HTML pages, and the workbooks the pages hand out.
    pages = [(name, url) for name, url, _expected, _write in cases]
    for who in WALKERS:
        check_pages(channels["html"], client_for(users[who]), who, pages, payload)
    visitor_pages = [(url, url) for url in PUBLIC_PAGES] + public
    check_pages(channels["html"], Client(), "anonymous", visitor_pages, payload, {url for _name, url in public})

    # The Atom feed.
    channels["feed"].add("feed", feed_problems(Client().get(reverse("public:feed")).content, payload))
    channels["feed"].seen = 1  # feed_problems fails when no entry carries the text

    # E-mail, as sent.
    for message in mail.outbox:
        channels["e-mail"].add(f"to {message.to[0]} «{message.subject[:40]}»", email_problems(message, payload))
    channels["e-mail"].seen = len(mail.outbox)

    # The group robots' markdown, as queued for them.
    for message in GroupMessage.objects.select_related("webhook"):
        problems = markdown_problems(message.text, settings.SITE_URL, payload)
        channels["robots"].add(f"robot {message.webhook.get_platform_display()}", problems)
    channels["robots"].seen = GroupMessage.objects.count()

    # Workbooks built in the background.
    region = Application.objects.select_related("region").first().region
    built = {
        "reports workbook": report_export.reports_workbook(ActivityReport.objects.for_list()),
        "annual workbook": annual.build_workbook(2022),
        "region workbook": region_exports.build_workbook(region, lambda percent: None),
    }
    for where, content in built.items():
        check_workbook(channels["xlsx"], where, content, payload)

    # PDFs, as poppler reads their text.
    if not pdf_skipped():
        built = {
            "annual summary PDF": annual.build_pdf(2022),
            "region review summary PDF": region_exports.build_pdf(region, lambda percent: None),
            "work bulletin PDF": bulletin_document.build_pdf(Bulletin.objects.filter(status="published").first()),
        }
        for where, content in built.items():
            text = pdf_text(content)
            found = visible(payload) in visible(text)
            channels["pdf"].add(where, [] if found else [f"the typed text is not in its text: {text[:300]!r}"])
            channels["pdf"].seen += found

    problems = [problem for findings in channels.values() for problem in findings.problems]
    read = [name for name in channels if name != "pdf" or not pdf_skipped()]
    unseen = [name for name in read if not channels[name].seen]
    return problems + [f"the typed text reached no output of the {name} channel" for name in unseen]


# Markup (HTML, attributes, markdown) and characters (a formula, a header after a line break, controls, bidi):
# two tests, each on one school, so that the slow build of the matrix's objects is paid twice, not seven times.
GROUPS = {
    "markup": ["html", "attribute", "markdown"],
    "characters": ["formula", "header", "controls", "invisible"],
}


@pytest.mark.parametrize("group", list(GROUPS))
def test_typed_text_leaves_every_channel_as_text(group, school, users, college_a):
    report = []
    for name in GROUPS[group]:
        # Each payload on the same school: its writes (the planting, the events, the outbox) are rolled back.
        with transaction.atomic():
            report += [f"[{name}] {problem}" for problem in channel_problems(PAYLOADS[name], school, users, college_a)]
            transaction.set_rollback(True)
    assert report == [], "\n" + "\n".join(report)
    if pdf_skipped():
        pytest.skip(f"the PDF channel was not read: {pdf_skipped()}")
