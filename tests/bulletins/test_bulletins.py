"""The monthly work bulletin (issue 29 item 5): drafted from the month's data, edited by staff, published to the
party office and the colleges (portal, e-mail, the groups' robots), printable, in the year's archive."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import ActivityReport, Status
from bulletins import archive, draft, services
from bulletins.models import Bulletin
from committee.models import FollowUpTask, Meeting, Notice
from core.errors import Refused
from core.versions import StaleWrite
from notifications.models import Notification
from publicity import archive as year_archive
from tests.conftest import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def april(plan, users, college_a):
    """April 2022: two approved reports (one under work point 4.2), one submitted, a notice and a meeting."""
    for title, day in [("讲师团宣讲：百年党史", 12), ("清明祭英烈", 3)]:
        make_report(
            college_a,
            users["sec1"],
            status=Status.APPROVED,
            title=title,
            starts_on=datetime.date(2022, 4, day),
            ends_on=datetime.date(2022, 4, day),
        )
    waiting = make_report(
        college_a, users["sec1"], status=Status.SUBMITTED, title="待审报告", starts_on=datetime.date(2022, 4, 20)
    )
    submitted = timezone.make_aware(datetime.datetime(2022, 4, 21, 10))
    ActivityReport.objects.filter(pk=waiting.pk).update(submitted_at=submitted)
    Notice.objects.create(
        title="关于开展读书活动的通知",
        body="正文",
        created_by=users["staff"],
        published_at=timezone.make_aware(datetime.datetime(2022, 4, 6, 9)),
    )
    Meeting.objects.create(title="二季度工作例会", held_on=datetime.date(2022, 4, 15), created_by=users["staff"])
    return users


def test_the_draft_reports_the_months_data(april):
    text = draft.draft_text(2022, 4, 1)
    assert text.splitlines()[0] == "关工委工作简报 2022年第1期（2022年4月）"
    assert "本月审核通过活动报告 2 份" in text
    assert "机械：讲师团宣讲：百年党史（4月12日）" in text and "待审报告" not in text
    assert any(line.startswith("（一）") for line in text.splitlines())
    assert "通知：关于开展读书活动的通知" in text and "会议：二季度工作例会（2022年4月15日）" in text
    assert "待审核活动报告 1 份" in text  # what is to follow up at the month's end
    assert [line for line in text.splitlines() if line[:2] in {"一、", "二、", "三、", "四、", "五、"}] == [
        "一、本月工作概况",
        "二、各板块工作开展情况",
        "三、关爱帮扶与结对培养",
        "四、通知、会议与培训",
        "五、需跟进的事项",
    ]


def test_overdue_is_counted_at_the_months_end(april, college_a):
    meeting = Meeting.objects.get()
    decision = meeting.decisions.create(text="落实读书活动")
    FollowUpTask.objects.create(decision=decision, college=college_a, due_on=datetime.date(2022, 4, 20))
    assert "会议议定事项逾期未办结 1 项" in draft.draft_text(2022, 4, 1)
    assert "会议议定事项逾期未办结 0 项" in draft.draft_text(2022, 3, 1)  # not yet due at March's end


def test_staff_draft_edit_and_publish_and_the_readers_are_told(april, as_user):
    staff = april["staff"]
    client = as_user("staff")
    response = client.post(reverse("bulletins:list"), {"month": "2022-04"})
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302 and response["Location"] == bulletin.get_absolute_url()
    assert (bulletin.number, bulletin.status) == (1, Bulletin.Status.DRAFT)
    # A second draft of the month is refused with a message; a month to come too.
    assert "本月简报已存在" in client.post(reverse("bulletins:list"), {"month": "2022-04"}).content.decode()
    future = timezone.localdate() + datetime.timedelta(days=40)
    assert "尚未开始" in client.post(reverse("bulletins:list"), {"month": f"{future:%Y-%m}"}).content.decode()

    # Nobody but staff sees the draft.
    assert as_user("office").get(bulletin.get_absolute_url()).status_code == 404
    assert as_user("sec1").get(reverse("bulletins:list")).content.decode().count(bulletin.get_absolute_url()) == 0

    edited = bulletin.text + "\n六、下一步工作\n组织开展“读懂中国”征文。"
    assert (
        client.post(
            reverse("bulletins:edit", args=[bulletin.pk]), {"text": edited, "version": bulletin.version}
        ).status_code
        == 302
    )
    bulletin.refresh_from_db()
    assert bulletin.text == edited
    with pytest.raises(StaleWrite):
        services.save(bulletin, staff, "旧版本", bulletin.version - 1)

    url = reverse("bulletins:publish", args=[bulletin.pk])
    asked = client.post(url, {"version": bulletin.version})
    assert asked.status_code == 200 and Bulletin.objects.get().status == Bulletin.Status.DRAFT  # asks first
    client.post(url, {"version": bulletin.version, "confirmed": "yes"})
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.PUBLISHED and bulletin.published_by == staff
    told = set(Notification.objects.filter(link=bulletin.get_absolute_url()).values_list("user__username", flat=True))
    assert told == {"office", "sec1", "sec2"}
    assert "本月审核通过活动报告 2 份" in Notification.objects.filter(user__username="office").get().body

    # Published: every school role reads it, nobody changes it.
    page = as_user("sec2").get(bulletin.get_absolute_url()).content.decode()
    assert "下一步工作" in page and "读懂中国" in page
    assert client.get(reverse("bulletins:edit", args=[bulletin.pk])).status_code == 302
    with pytest.raises(Refused):
        services.save(bulletin, staff, "改", bulletin.version)


def test_only_staff_write(april):
    with pytest.raises(Refused):
        services.start(april["office"], 2022, 4)
    with pytest.raises(Refused):
        services.start(april["sec1"], 2022, 4)
    assert not Bulletin.objects.exists()


def test_redraft_replaces_the_text_from_the_data_after_asking(april, as_user):
    bulletin = services.start(april["staff"], 2022, 4)
    services.save(bulletin, april["staff"], "改过的标题", bulletin.version)
    bulletin.refresh_from_db()
    client = as_user("staff")
    url = reverse("bulletins:redraft", args=[bulletin.pk])
    client.post(url, {"version": bulletin.version})
    assert Bulletin.objects.get().text == "改过的标题"
    client.post(url, {"version": bulletin.version, "confirmed": "yes"})
    assert Bulletin.objects.get().text.startswith("关工委工作简报 2022年第1期")


def test_the_pdf_and_the_archive(april, as_user):
    bulletin = services.start(april["staff"], 2022, 4)
    services.save(bulletin, april["staff"], bulletin.text + "\n<script>alert(1)</script>", bulletin.version)
    bulletin.refresh_from_db()
    services.publish(bulletin, april["staff"], bulletin.version)
    response = as_user("sec1").get(reverse("bulletins:pdf", args=[bulletin.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "filename*=utf-8''%E5%B7%A5%E4%BD%9C%E7%AE%80%E6%8A%A5-2022-01.pdf" in response["Content-Disposition"]

    files = dict(archive.bulletin_files(2022))
    assert set(files) == {"01-2022-04.txt", "01-2022-04.pdf"}
    assert files["01-2022-04.txt"].decode().startswith("关工委工作简报")
    content, _size = year_archive.build(2022)
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert "bulletins/01-2022-04.pdf" in names
