"""Publicity's pages in the permission matrix: news items, public notices, talks, awards and the year's archive.

The public site's pages (namespace `public`) are public by design: PUBLIC_URLS, tested as the anonymous visitor in
tests/publicity/test_public_site.py. The correspondent, a role of this app, is tested in tests/publicity/test_roles.py.
"""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from publicity import services
from publicity.models import NewsEvent, NewsItem, NewsPhoto, Nomination, PublicNotice, Talk, YearArchive

MODELS = [NewsItem, NewsPhoto, NewsEvent, PublicNotice, Talk, Nomination, YearArchive]
PUBLIC_URLS = {
    "public:home",
    "public:news_list",
    "public:news_detail",
    "public:news_photo",
    "public:feed",
    "public:notices",
    "public:notice_detail",
    "public:brand_projects",
    "public:talks",
    "public:plan",
    "public:awards",
}

PUBLICITY_READERS = {"staff": 200, "office": 200, "sec1": 200, "sec2": 200, "admin": 200, "norole": 403}
WRITERS_ONLY = {"staff": 200, "office": 403, "sec1": 403, "sec2": 403, "admin": 200, "norole": 403}
OWN_COLLEGE_READ = {"staff": 200, "office": 200, "sec1": 200, "sec2": 404, "admin": 200, "norole": 403}
COLLEGE_MANAGERS_ONLY = {"staff": 200, "office": 403, "sec1": 403, "sec2": 404, "admin": 200, "norole": 403}
COLLEGE_MANAGERS_POST_ONLY = {"staff": 405, "office": 403, "sec1": 403, "sec2": 404, "admin": 405, "norole": 403}
OWN_COLLEGE_WRITE = {"staff": 200, "office": 403, "sec1": 200, "sec2": 404, "admin": 200, "norole": 403}
EVERY_COLLEGE = {"staff": 200, "office": 200, "sec1": 403, "sec2": 403, "admin": 200, "norole": 403}
MANAGERS_ONLY = {"staff": 200, "office": 403, "sec1": 403, "sec2": 403, "admin": 200, "norole": 403}
MANAGERS_POST_ONLY = {"staff": 405, "office": 403, "sec1": 403, "sec2": 403, "admin": 405, "norole": 403}
# Checking an uploaded archive reads it and stores nothing: whoever opens the archive page may.
EVERY_COLLEGE_POST_ONLY = {"staff": 405, "office": 405, "sec1": 403, "sec2": 403, "admin": 405, "norole": 403}
AUTHORS_ONLY = {"staff": 200, "office": 403, "sec1": 200, "sec2": 200, "admin": 200, "norole": 403}


def make_publicity(college_a):
    """College A's approved report with a photo, a submitted news item from it, a notice, a talk, a proposed
    nomination and a finished archive build."""
    from tests.conftest import make_report

    user_model = get_user_model()
    staff = user_model.objects.get(username="staff")
    sec1 = user_model.objects.get(username="sec1")
    report = make_report(college_a, sec1, status="approved", title="已审核的宣讲报告")
    photo = report.evidence.first()
    news = services.create_news(report, staff, "新闻标题", "新闻正文", [photo], [photo])
    news = services.transition_news(news, staff, "submit", "", news.version)
    notice = services.save_notice(PublicNotice(title="公告", text="正文"), staff)
    talk = services.save_talk(
        Talk(title="宣讲", speaker="张老师", given_on="2022-05-04", place="礼堂", published=True), staff
    )
    nomination = services.propose(Nomination(year=2022, kind="collective", college=college_a, reasons="理由"), sec1)
    build = YearArchive.objects.create(year=2022, requested_by=staff, state="done")
    build.file.save("archive.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=True)
    return report, photo, news, notice, talk, nomination, build


def publish_public_site(college_a):
    """Something in every list of the public site: a published news item of two paragraphs with a consented photo,
    a published notice, a published talk with its summary and an approved nomination. Returns the anonymous
    pages of one object each, as (name, url)."""
    from tests.conftest import make_report

    user_model = get_user_model()
    staff = user_model.objects.get(username="staff")
    sec1 = user_model.objects.get(username="sec1")
    report = make_report(college_a, sec1, status="approved", title="重阳敬老活动")
    photo = report.evidence.first()
    news = services.create_news(
        report, staff, "重阳节，学生走进老同志家中", "学生看望老同志。\n\n老同志讲述奋斗故事。", [photo], [photo]
    )
    news = services.transition_news(news, staff, "submit", "", news.version)
    news = services.transition_news(news, staff, "publish", "", news.version)
    notice = PublicNotice(title="关于开展重阳节活动的通知", text="各学院：\n\n请报送活动安排。")
    notice = services.save_notice(notice, staff)
    notice = services.set_notice_published(notice, staff, True, notice.version)
    services.save_talk(
        Talk(
            title="百年党史宣讲",
            speaker="李老师",
            given_on="2022-06-01",
            place="图书馆报告厅",
            audience="2022级新生",
            summary="讲述党史故事。",
            college=college_a,
            published=True,
        ),
        staff,
    )
    nomination = services.propose(
        Nomination(year=2022, kind="individual", college=college_a, nominee="王老师", reasons="长期关心学生成长"), sec1
    )
    services.decide(nomination, staff, "approved", "", nomination.version)
    return [
        ("public:news_detail", reverse("public:news_detail", args=[news.pk])),
        ("public:notice_detail", reverse("public:notice_detail", args=[notice.pk])),
    ]


def cases(plan, college_a, report, assessment=None, export=None):
    approved, photo, news, notice, talk, nomination, build = make_publicity(college_a)
    return [
        ("publicity:news_list", reverse("publicity:news_list"), PUBLICITY_READERS, False),
        ("publicity:choose_report", reverse("publicity:choose_report"), WRITERS_ONLY, False),
        ("publicity:news_create", reverse("publicity:news_create", args=[approved.pk]), COLLEGE_MANAGERS_ONLY, True),
        ("publicity:report_photo", reverse("publicity:report_photo", args=[photo.pk]), OWN_COLLEGE_READ, False),
        ("publicity:news_detail", reverse("publicity:news_detail", args=[news.pk]), OWN_COLLEGE_READ, False),
        ("publicity:news_edit", reverse("publicity:news_edit", args=[news.pk]), COLLEGE_MANAGERS_ONLY, True),
        (
            "publicity:news_transition",
            reverse("publicity:news_transition", args=[news.pk]),
            COLLEGE_MANAGERS_POST_ONLY,
            True,
        ),
        ("publicity:notices", reverse("publicity:notices"), EVERY_COLLEGE, False),
        ("publicity:notice_create", reverse("publicity:notice_create"), MANAGERS_ONLY, True),
        ("publicity:notice_edit", reverse("publicity:notice_edit", args=[notice.pk]), MANAGERS_ONLY, True),
        ("publicity:notice_publish", reverse("publicity:notice_publish", args=[notice.pk]), MANAGERS_POST_ONLY, True),
        ("publicity:talks", reverse("publicity:talks"), EVERY_COLLEGE, False),
        ("publicity:talk_create", reverse("publicity:talk_create"), MANAGERS_ONLY, True),
        ("publicity:talk_edit", reverse("publicity:talk_edit", args=[talk.pk]), MANAGERS_ONLY, True),
        ("publicity:nominations", reverse("publicity:nominations", args=[2022]), PUBLICITY_READERS, False),
        ("publicity:nomination_create", reverse("publicity:nomination_create", args=[2022]), AUTHORS_ONLY, True),
        (
            "publicity:nomination_edit",
            reverse("publicity:nomination_edit", args=[nomination.pk]),
            OWN_COLLEGE_WRITE,
            True,
        ),
        (
            "publicity:nomination_decide",
            reverse("publicity:nomination_decide", args=[nomination.pk]),
            COLLEGE_MANAGERS_POST_ONLY,
            True,
        ),
        # Building the archive changes no portal data: the read-only office may ask for one, as for the summary.
        ("publicity:archive", reverse("publicity:archive", args=[2022]), EVERY_COLLEGE, True),
        ("publicity:archive_check", reverse("publicity:archive_check", args=[2022]), EVERY_COLLEGE_POST_ONLY, True),
        ("publicity:archive_status", reverse("publicity:archive_status", args=[build.pk]), EVERY_COLLEGE, False),
        ("publicity:archive_file", reverse("publicity:archive_file", args=[build.pk]), EVERY_COLLEGE, False),
    ]
