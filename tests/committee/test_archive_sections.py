"""The committee's meeting minutes and notices go into the year's archive (built by the publicity app)."""

import io
import json
import zipfile

from django.urls import reverse
from django.utils import timezone

from committee.models import Meeting, Notice
from publicity import archive

from .conftest import pdf_upload


def test_the_years_minutes_and_notices_with_their_replies_are_in_the_archive(users, college_a, college_b, as_user):
    staff = as_user("staff")
    staff.post(
        reverse("committee:meeting_create"),
        {
            "title": "第一次全体会议",
            "held_on": "2022-03-10",
            "minutes": "会议通过了年度工作要点。",
            "colleges_present": [college_a.pk],
        },
    )
    staff.post(
        reverse("committee:meeting_create"),
        {"title": "另一年的会议", "held_on": "2021-12-20", "minutes": "去年的纪要。"},
    )
    assert Meeting.objects.count() == 2
    first = Meeting.objects.get(title="第一次全体会议")
    staff.post(reverse("committee:meeting_files", args=[first.pk]), {"files": [pdf_upload("会议/纪要.pdf")]})
    assert first.attachments.count() == 1
    staff.post(
        reverse("committee:notice_create"),
        {
            "title": "关于报送总结的通知",
            "body": "请报送年度总结。",
            "audience": "chosen",
            "recipients": [f"college-{college_a.pk}"],
            "reply": "text",
        },
    )
    notice = Notice.objects.get()
    Notice.objects.filter(pk=notice.pk).update(published_at=notice.published_at.replace(year=2022))
    as_user("sec1").get(notice.get_absolute_url())  # read on opening
    notice.receipts.update(reply_text="已报送。", replied_at=timezone.now(), read_at=timezone.now())

    data, _count = archive.build(2022)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    [meeting_json] = [n for n in names if n.startswith("minutes/") and n.endswith("meeting.json")]
    assert "2022-03-10" in meeting_json
    content = json.loads(zipfile.ZipFile(io.BytesIO(data)).read(meeting_json))
    assert content["minutes"] == "会议通过了年度工作要点。" and content["colleges_present"] == [college_a.name]
    [attachment] = [n for n in names if n.startswith("minutes/") and "/attachments/" in n]
    assert attachment.endswith("-纪要.pdf") and attachment.count("/") == 3  # minutes/<meeting>/attachments/<file>
    assert zipfile.ZipFile(io.BytesIO(data)).read(attachment).startswith(b"%PDF")
    [notice_json] = [n for n in names if n.startswith("notices/") and n.endswith("notice.json")]
    content = json.loads(zipfile.ZipFile(io.BytesIO(data)).read(notice_json))
    assert content["title"] == "关于报送总结的通知"
    assert [r["recipient"] for r in content["recipients"]] == [college_a.name]
    assert content["recipients"][0]["read_at"] is not None and content["recipients"][0]["reply"] == "已报送。"
    assert archive.verify(io.BytesIO(data)) == len(names) - 2  # both manifests list every other file
