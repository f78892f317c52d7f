"""Evidence through the pages: what is refused says why and changes nothing; files leave only through a check."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities import services
from activities.models import Action, Evidence, Status
from core.uploads import MAX_FILE_BYTES, check_upload

from ..conftest import make_report
from ..helpers import photo_upload


def upload(client, report, *files):
    return client.post(reverse("activities:evidence_upload", args=[report.pk]), {"files": list(files)}, follow=True)


def page_text(response):
    return response.content.decode()


def test_a_photo_is_reencoded_thumbnailed_and_served_only_through_the_check(report_a, as_user):
    response = upload(as_user("sec1"), report_a, photo_upload("../../etc/合影.png", image_format="PNG"))
    assert "已添加 1 个文件" in page_text(response)
    evidence = report_a.evidence.get()
    assert evidence.original_name == "合影.jpg"
    school = evidence.report.college.institution_id
    assert evidence.file.name.startswith(f"schools/{school}/evidence/2022/") and "合影" not in evidence.file.name
    assert evidence.content_type == "image/jpeg" and evidence.thumbnail

    for persona in ["sec1", "staff", "office"]:
        response = as_user(persona).get(reverse("activities:evidence", args=[report_a.pk, evidence.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
    for url_name in ["activities:evidence", "activities:evidence_thumbnail"]:
        assert as_user("sec2").get(reverse(url_name, args=[report_a.pk, evidence.pk])).status_code == 404


def test_a_file_is_not_reachable_through_another_reports_address(users, college_a, report_a, as_user):
    other = make_report(college_a, users["sec1"], title="另一份")
    services.add_evidence(report_a, users["sec1"], [check_upload(photo_upload())])
    evidence = report_a.evidence.get()
    assert as_user("staff").get(reverse("activities:evidence", args=[other.pk, evidence.pk])).status_code == 404


def test_there_is_no_public_media_address(report_a, users, client):
    services.add_evidence(report_a, users["sec1"], [check_upload(photo_upload())])
    evidence = report_a.evidence.get()
    client.force_login(users["staff"])
    assert client.get(f"/media/{evidence.file.name}").status_code == 404


def test_documents_download_as_attachments_with_their_name(report_a, as_user):
    from .test_evidence import DOCX_TYPE, docx_bytes

    upload(as_user("sec1"), report_a, SimpleUploadedFile("活动方案.docx", docx_bytes()))
    evidence = report_a.evidence.get()
    response = as_user("office").get(reverse("activities:evidence", args=[report_a.pk, evidence.pk]))
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E6%B4%BB%E5%8A%A8%E6%96%B9%E6%A1%88.docx" in response["Content-Disposition"]
    # A PDF shows in the page instead (tests/activities/test_evidence_preview_and_zip.py).


def test_hostile_files_are_refused_one_message_each_and_nothing_is_kept(report_a, as_user):
    html_as_png = SimpleUploadedFile("照片.png", b"<html><script>alert(1)</script></html>")
    pdf_as_jpg = SimpleUploadedFile("照片.jpg", b"%PDF-1.4\n%%EOF\n")
    good = photo_upload("好的照片.jpg")
    response = upload(as_user("sec1"), report_a, good, html_as_png, pdf_as_jpg)
    text = page_text(response)
    assert "“照片.png”的文件类型不被接受" in text
    assert "“照片.jpg”的扩展名与内容（PDF）不符" in text
    assert "未保存任何内容" in text
    assert not Evidence.objects.exists()
    assert not report_a.events.filter(action=Action.ADD_EVIDENCE).exists()


def test_an_oversized_file_is_refused(report_a, as_user):
    big = SimpleUploadedFile("大照片.jpg", b"\xff\xd8\xff" + b"\0" * MAX_FILE_BYTES)
    response = upload(as_user("sec1"), report_a, big)
    assert "“大照片.jpg”超过 20 MB" in page_text(response)
    assert not Evidence.objects.exists()


def test_a_decompression_bomb_is_refused(report_a, as_user):
    bomb = photo_upload("炸弹.png", size=(8000, 6000), colour=(0, 0, 0), image_format="PNG")
    response = upload(as_user("sec1"), report_a, bomb)
    assert "像素过多" in page_text(response)
    assert not Evidence.objects.exists()


def test_names_with_nul_bytes_or_300_characters_are_made_safe(report_a, as_user):
    long_name = "活" * 300 + ".jpg"
    upload(as_user("sec1"), report_a, photo_upload("a\x00b.jpg"), photo_upload(long_name))
    names = sorted(report_a.evidence.values_list("original_name", flat=True), key=len)
    assert names[0] == "ab.jpg"
    assert len(names[1]) <= 100 and names[1].endswith(".jpg")


def test_at_most_twenty_files_per_report(report_a, users, as_user):
    services.add_evidence(report_a, users["sec1"], [check_upload(photo_upload(f"{n}.jpg")) for n in range(19)])
    response = upload(as_user("sec1"), report_a, photo_upload("20.jpg"), photo_upload("21.jpg"))
    assert "每份报告最多 20 个文件" in page_text(response)
    assert report_a.evidence.count() == 19
    upload(as_user("sec1"), report_a, photo_upload("20.jpg"))
    assert report_a.evidence.count() == 20


def test_no_file_chosen_says_so(report_a, as_user):
    response = as_user("sec1").post(reverse("activities:evidence_upload", args=[report_a.pk]), {}, follow=True)
    assert "请至少选择一个文件" in page_text(response)


def test_evidence_of_a_submitted_report_cannot_change(users, college_a, as_user):
    report = make_report(college_a, users["sec1"])
    services.add_evidence(report, users["sec1"], [check_upload(photo_upload())])
    report.refresh_from_db()
    report = services.transition(report, users["sec1"], "submit", "", report.version)
    assert report.status == Status.SUBMITTED
    response = upload(as_user("sec1"), report, photo_upload("晚到的.jpg"))
    assert "不能修改" in page_text(response)
    evidence = report.evidence.get()
    url = reverse("activities:evidence_delete", args=[report.pk, evidence.pk])
    as_user("sec1").post(url, follow=True)
    assert report.evidence.count() == 1


def test_removing_a_file_deletes_it_from_storage(report_a, users, as_user, django_capture_on_commit_callbacks):
    [evidence] = services.add_evidence(report_a, users["sec1"], [check_upload(photo_upload())])
    storage, name = evidence.file.storage, evidence.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("sec1").post(
            reverse("activities:evidence_delete", args=[report_a.pk, evidence.pk]), follow=True
        )
    assert "已删除" in page_text(response)
    assert not Evidence.objects.exists()
    assert not storage.exists(name)


def test_a_failed_save_leaves_no_orphan_files(report_a, users, monkeypatch, settings):
    from pathlib import Path

    def explode(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("activities.services.ReportEvent.objects.create", explode)
    with pytest.raises(RuntimeError):
        services.add_evidence(report_a, users["sec1"], [check_upload(photo_upload())])
    media = Path(settings.MEDIA_ROOT)
    assert not [p for p in media.rglob("*") if p.is_file()]
    assert not Evidence.objects.exists()
