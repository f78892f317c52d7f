"""Issue 10: photos and PDFs show in the page, sandboxed; a report's evidence downloads as one zip."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities import services
from activities.evidence_zip import member_names
from core.archives import safe_member_name
from core.uploads import check_upload

from ..conftest import make_report
from ..helpers import photo_upload

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def add(report, user, *uploads):
    return services.add_evidence(report, user, [check_upload(item) for item in uploads])


def csp(response):
    return [part.strip() for part in response["Content-Security-Policy"].split(";")]


def test_a_pdf_shows_inline_in_a_sandbox_without_scripts(users, report_a, as_user):
    (pdf,) = add(report_a, users["sec1"], SimpleUploadedFile("签到表.pdf", PDF))
    response = as_user("staff").get(reverse("activities:evidence", args=[report_a.pk, pdf.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    policy = csp(response)
    assert "sandbox" in policy  # no allow-scripts, no allow-same-origin: nothing in the file runs
    assert not any(part.startswith("sandbox ") for part in policy)
    assert "default-src 'none'" in policy and not any(part.startswith("script-src") for part in policy)
    assert "frame-ancestors 'self'" in policy and response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_a_pdf_still_downloads_on_request_and_word_files_always_download(users, report_a, as_user):
    (pdf,) = add(report_a, users["sec1"], SimpleUploadedFile("签到表.pdf", PDF))
    url = reverse("activities:evidence", args=[report_a.pk, pdf.pk])
    response = as_user("staff").get(url + "?download=1")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E7%AD%BE%E5%88%B0%E8%A1%A8.pdf" in response["Content-Disposition"]


def test_photos_and_thumbnails_are_sandboxed_too(users, report_a, as_user):
    (photo,) = add(report_a, users["sec1"], photo_upload())
    for name in ["activities:evidence", "activities:evidence_thumbnail"]:
        response = as_user("sec1").get(reverse(name, args=[report_a.pk, photo.pk]))
        assert response["Content-Disposition"].startswith("inline;")
        assert "sandbox" in csp(response)


def test_the_report_and_review_pages_preview_pdfs_and_offer_the_zip(users, college_a, as_user):
    report = make_report(college_a, users["sec1"])
    add(report, users["sec1"], photo_upload("合影.jpg"), SimpleUploadedFile("签到表.pdf", PDF))
    report.refresh_from_db()
    services.transition(report, users["sec1"], "submit", "", report.version)
    pdf = report.evidence.get(original_name="签到表.pdf")
    pdf_url = reverse("activities:evidence", args=[report.pk, pdf.pk])
    for persona, url in [
        ("sec1", reverse("activities:detail", args=[report.pk])),
        ("staff", reverse("activities:review_report", args=[report.pk])),
    ]:
        page = as_user(persona).get(url).content.decode()
        assert f'<iframe class="gkw-pdf-preview mt-2" src="{pdf_url}" title="预览：签到表.pdf"' in page
        assert f'href="{pdf_url}?download=1"' in page
        assert reverse("activities:evidence_zip", args=[report.pk]) in page
        assert page.count("data-lightbox><img") == 1  # the photo opens in the gallery


def test_the_zip_holds_every_file_under_a_safe_numbered_name(users, report_a, as_user):
    add(
        report_a,
        users["sec1"],
        photo_upload("合影.jpg"),
        photo_upload("合影.jpg"),
        SimpleUploadedFile("签到表.pdf", PDF),
    )
    response = as_user("staff").get(reverse("activities:evidence_zip", args=[report_a.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "%E4%BD%90%E8%AF%81%E6%9D%90%E6%96%99.zip" in response["Content-Disposition"]  # 佐证材料.zip
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == ["01-签到表.pdf", "02-合影.jpg", "03-合影.jpg"]
    assert archive.read("01-签到表.pdf") == PDF
    assert archive.read("02-合影.jpg")[:3] == b"\xff\xd8\xff"


def test_the_zip_is_scoped_like_the_report(users, report_a, as_user):
    add(report_a, users["sec1"], photo_upload())
    url = reverse("activities:evidence_zip", args=[report_a.pk])
    assert as_user("sec2").get(url).status_code == 404  # another college's secretary
    assert as_user("sec1").get(url).status_code == 200
    assert as_user("office").get(url).status_code == 200
    assert as_user("norole").get(url).status_code == 403
    assert as_user(None).get(url).status_code == 302


def test_member_names_cannot_leave_the_archive_folder():
    assert safe_member_name("../../etc/passwd") == "_.._etc_passwd"
    assert safe_member_name("..\\..\\boot.ini") == "_.._boot.ini"
    assert safe_member_name("a\x00b\u202egpj.exe") == "abgpj.exe"
    assert safe_member_name("...") == "file"
    long = safe_member_name("长" * 200 + ".pdf")
    assert len(long) <= 80 and long.endswith(".pdf")

    class Item:
        def __init__(self, name):
            self.original_name = name

    assert member_names([Item("x.jpg")] * 12)[-1] == "12-x.jpg"
