"""A news item in a real browser, from an approved report to the public page: the correspondent writes it with one
consented photo and one without, staff publish it, and an anonymous visitor reads it on the public site, where only
the consented photo appears."""

import pytest

from activities import services as report_services
from colleges.models import Role
from core.uploads import check_upload
from publicity.models import NewsItem

from ..conftest import PASSWORD, make_report, make_user
from ..helpers import photo_upload
from .a11y import STILL, axe_violations, describe, failing, install_axe
from .conftest import shot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_news_item_from_report_to_public_page(plan, users, college_a, open_page, browser, live_server):
    make_user("corr1", Role.CORRESPONDENT, college_a)
    report = make_report(college_a, users["sec1"], title="重阳敬老活动")
    report_services.add_evidence(
        report, users["sec1"], [check_upload(photo_upload("同意.jpg")), check_upload(photo_upload("未同意.jpg"))]
    )
    report.refresh_from_db()
    report = report_services.transition(report, users["sec1"], "submit", "", report.version)
    report_services.transition(report, users["staff"], "approve", "", report.version)
    consented, refused = list(report.evidence.order_by("pk"))

    corr = open_page("corr1", PASSWORD)
    assert corr.url.endswith("/publicity/news/")
    corr.click("text=根据报告撰写新闻")
    corr.click("a:has-text('撰写新闻')")
    corr.fill("#id_title", "重阳节，学生走进老同志家中")
    corr.fill("#id_text", "机械技术学院组织学生看望老同志，听他们讲述奋斗故事。")
    corr.check(f"input[name='photos'][value='{consented.pk}']")
    corr.check(f"input[name='photos'][value='{refused.pk}']")
    corr.check(f"input[name='consented'][value='{consented.pk}']")
    corr.click("button:has-text('保存')")
    assert "新闻已保存为草稿" in corr.content()
    corr.click("button:has-text('提交关工委')")
    shot(corr, "news-01-submitted")
    news = NewsItem.objects.get()
    assert news.status == "submitted"

    staff = open_page("staff", PASSWORD)
    staff.goto(f"{live_server.url}/publicity/news/{news.pk}/")
    staff.click("button:has-text('在网上关工委发布')")
    assert "已在网上关工委发布" in staff.content()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", **STILL)
    install_axe(phone)
    visitor = phone.new_page()
    try:
        visitor.goto(f"{live_server.url}/")
        assert "重阳节，学生走进老同志家中" in visitor.content()
        visitor.click("text=重阳节，学生走进老同志家中")
        visitor.wait_for_load_state()
        assert visitor.title().startswith("重阳节，学生走进老同志家中")
        images = visitor.locator("article img")
        assert images.count() == 1
        assert visitor.evaluate("document.querySelector('article img').naturalWidth") > 0
        shot(visitor, "news-02-public-page-phone")
        # The public news page as the correspondent wrote it (the accessibility walk reads one too: public_school).
        assert describe("anonymous 390px public news", failing(axe_violations(visitor))) == []
        assert visitor.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    finally:
        visitor.context.close()
