"""News items: a correspondent turns an approved report into a news item; staff edit, publish or return it."""

import pytest
from django.urls import reverse

from activities import services as report_services
from core.versions import StaleWrite
from publicity import services
from publicity.models import NewsEvent, NewsItem
from tests.conftest import make_report

from .conftest import photos_of


def post_news(client, report, **extra):
    first, second = photos_of(report)
    data = {
        "title": "重阳节敬老",
        "text": "学院组织学生看望老同志。",
        "photos": [first.pk, second.pk],
        "consented": [first.pk],
    }
    return client.post(reverse("publicity:news_create", args=[report.pk]), {**data, **extra})


def test_correspondent_writes_news_from_an_approved_report_and_staff_publish_it(approved, as_correspondent, as_user):
    response = post_news(as_correspondent, approved)
    news = NewsItem.objects.get()
    assert response.status_code == 302 and response["Location"] == news.get_absolute_url()
    assert news.status == "draft" and news.college_id == approved.college_id
    first, second = photos_of(approved)
    assert {(p.evidence_id, p.consented) for p in news.photos.all()} == {(first.pk, True), (second.pk, False)}

    as_correspondent.post(
        reverse("publicity:news_transition", args=[news.pk]), {"action": "submit", "version": news.version}
    )
    news.refresh_from_db()
    assert news.status == "submitted"
    # The correspondent may no longer change it; staff may, and publish it.
    assert as_correspondent.get(reverse("publicity:news_edit", args=[news.pk])).status_code == 302
    staff = as_user("staff")
    staff.post(
        reverse("publicity:news_edit", args=[news.pk]),
        {
            "title": "重阳节敬老（编辑）",
            "text": "改过的正文",
            "photos": [first.pk],
            "consented": [first.pk],
            "version": news.version,
        },
    )
    news.refresh_from_db()
    assert news.title == "重阳节敬老（编辑）" and news.photos.count() == 1
    staff.post(reverse("publicity:news_transition", args=[news.pk]), {"action": "publish", "version": news.version})
    news.refresh_from_db()
    assert news.status == "published" and news.published_at is not None
    assert list(NewsEvent.objects.filter(news=news).values_list("action", flat=True)) == [
        "create",
        "submit",
        "edit",
        "publish",
    ]


def test_only_an_approved_report_becomes_news(users, college_a, as_correspondent, correspondent):
    draft = make_report(college_a, users["sec1"], title="草稿")
    assert as_correspondent.get(reverse("publicity:news_create", args=[draft.pk])).status_code == 404
    with pytest.raises(services.PublicityError):
        services.create_news(draft, correspondent, "标题", "正文")
    assert not NewsItem.objects.exists()


def test_another_colleges_correspondent_sees_nothing_of_college_a(approved, college_b, correspondent):
    from colleges.models import Role
    from tests.conftest import client_for, make_user

    other = client_for(make_user("corr2", Role.CORRESPONDENT, college_b))
    assert other.get(reverse("publicity:news_create", args=[approved.pk])).status_code == 404
    news = services.create_news(approved, correspondent, "标题", "正文")
    assert other.get(reverse("publicity:news_detail", args=[news.pk])).status_code == 404
    assert other.get(reverse("publicity:report_photo", args=[photos_of(approved)[0].pk])).status_code == 404
    assert "标题" not in other.get(reverse("publicity:news_list")).content.decode()


def test_photos_must_come_from_the_report_and_consent_only_for_chosen_photos(
    approved, users, college_a, correspondent, as_correspondent
):
    other = make_report(college_a, users["sec1"], status="approved", title="另一个报告")
    foreign = other.evidence.first()
    with pytest.raises(services.PublicityError):
        services.create_news(approved, correspondent, "标题", "正文", [foreign], [])
    first, second = photos_of(approved)
    with pytest.raises(services.PublicityError):
        services.create_news(approved, correspondent, "标题", "正文", [first], [second])
    response = post_news(as_correspondent, approved, photos=[first.pk], consented=[second.pk])
    assert response.status_code == 200 and "consented" in response.context["form"].errors
    assert not NewsItem.objects.exists()


def test_a_stale_version_loses_and_is_told(approved, correspondent, users):
    news = services.create_news(approved, correspondent, "标题", "正文")
    services.update_news(news, correspondent, news.version, "新标题", "正文")
    with pytest.raises(StaleWrite) as refused:
        services.transition_news(news, correspondent, "submit", "", news.version)
    # The refusal names the item's status now (core.versions.stale).
    assert NewsItem.objects.get().get_status_display() in refused.value.message
    assert NewsItem.objects.get().status == "draft"


def test_return_and_retract_need_a_reason(approved, correspondent, users):
    staff = users["staff"]
    news = services.create_news(approved, correspondent, "标题", "正文")
    news = services.transition_news(news, correspondent, "submit", "", news.version)
    with pytest.raises(services.PublicityError):
        services.transition_news(news, staff, "return", "  ", news.version)
    news = services.transition_news(news, staff, "return", "请补充活动意义", news.version)
    assert news.status == "returned" and news.return_reason == "请补充活动意义"
    news = services.transition_news(news, correspondent, "submit", "", news.version)
    news = services.transition_news(news, staff, "publish", "", news.version)
    with pytest.raises(services.PublicityError):
        services.transition_news(news, staff, "retract", "", news.version)
    news = services.transition_news(news, staff, "retract", "照片需替换", news.version)
    assert news.status == "returned"


def test_the_correspondent_cannot_publish(approved, correspondent, as_correspondent):
    news = services.create_news(approved, correspondent, "标题", "正文")
    news = services.transition_news(news, correspondent, "submit", "", news.version)
    response = as_correspondent.post(
        reverse("publicity:news_transition", args=[news.pk]), {"action": "publish", "version": news.version}
    )
    assert response.status_code == 403
    assert NewsItem.objects.get().status == "submitted"


def test_a_report_reopened_after_approval_cannot_be_published(approved, correspondent, users):
    news = services.create_news(approved, correspondent, "标题", "正文")
    news = services.transition_news(news, correspondent, "submit", "", news.version)
    report_services.transition(approved, users["staff"], "reopen", "数据有误", approved.version)
    with pytest.raises(services.PublicityError):
        services.transition_news(news, users["staff"], "publish", "", news.version)
    assert NewsItem.objects.get().status == "submitted"


def test_a_report_deleted_as_a_draft_later_takes_its_news_along(approved, correspondent, users):
    news = services.create_news(approved, correspondent, "标题", "正文", photos_of(approved), [])
    sec1, staff = users["sec1"], users["staff"]
    report = report_services.transition(approved, staff, "reopen", "重做", approved.version)
    report = report_services.transition(report, sec1, "submit", "", report.version)
    report = report_services.transition(report, sec1, "withdraw", "", report.version)
    report_services.delete_draft(report, sec1, report.version)
    assert not NewsItem.objects.filter(pk=news.pk).exists()


def test_staff_hear_of_a_submitted_item_and_the_correspondent_of_a_return(approved, correspondent, users):
    from notifications.models import Notification

    news = services.create_news(approved, correspondent, "“阳光屋”新闻", "正文")
    news = services.transition_news(news, correspondent, "submit", "", news.version)
    assert Notification.objects.filter(user=users["staff"], title="新闻稿“‘阳光屋’新闻”等待发布").exists()
    services.transition_news(news, users["staff"], "return", "请补充照片", news.version)
    told = Notification.objects.get(user=correspondent)
    assert told.title == "您的新闻稿“‘阳光屋’新闻”被退回" and "请补充照片" in told.body
    assert told.link == news.get_absolute_url()
