"""A report goes to review only with the evidence its kind asks for (issue 10: no more empty submissions)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities import rules, services
from activities.models import ActivityKind, Status
from core.uploads import check_upload

from ..conftest import make_report
from ..helpers import photo_upload

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def sign_in_sheet():
    return check_upload(SimpleUploadedFile("签到表.pdf", PDF, content_type="application/pdf"))


@pytest.mark.parametrize(
    ("min_photos", "requires_document", "photos", "documents", "expected"),
    [
        (1, False, 0, 0, ["还需上传至少 1 张照片。"]),
        (1, False, 1, 0, []),
        (1, False, 0, 5, ["还需上传至少 1 张照片。"]),
        (3, False, 1, 0, ["还需上传至少 2 张照片。"]),
        (3, False, 3, 0, []),
        (3, False, 4, 0, []),
        (0, False, 0, 0, []),
        (0, True, 0, 0, ["还需上传签到表等文件（PDF、Word 或 Excel）。"]),
        (0, True, 0, 1, []),
        (2, True, 1, 0, ["还需上传至少 1 张照片。", "还需上传签到表等文件（PDF、Word 或 Excel）。"]),
        (2, True, 2, 1, []),
    ],
)
def test_missing_evidence_names_every_gap(min_photos, requires_document, photos, documents, expected):
    assert rules.missing_evidence(min_photos, requires_document, photos, documents) == expected


def test_a_report_without_photos_cannot_be_submitted(users, college_a):
    report = make_report(college_a, users["sec1"])
    with pytest.raises(services.WorkflowError, match="还需上传至少 1 张照片"):
        services.transition(report, users["sec1"], "submit", "", report.version)
    report.refresh_from_db()
    assert report.status == Status.DRAFT and not report.events.filter(action="submit").exists()


def test_a_kind_asking_for_a_sign_in_sheet_needs_a_document(users, college_a):
    ActivityKind.objects.filter(code="lecturer-lecture").update(min_photos=2, requires_document=True)
    report = make_report(college_a, users["sec1"])
    services.add_evidence(report, users["sec1"], [check_upload(photo_upload())])
    report.refresh_from_db()
    with pytest.raises(services.WorkflowError) as refused:
        services.transition(report, users["sec1"], "submit", "", report.version)
    assert "还需上传至少 1 张照片" in refused.value.message and "签到表" in refused.value.message
    services.add_evidence(report, users["sec1"], [check_upload(photo_upload("二.jpg")), sign_in_sheet()])
    report.refresh_from_db()
    assert services.transition(report, users["sec1"], "submit", "", report.version).status == Status.SUBMITTED


def test_the_submit_page_shows_what_is_missing(users, college_a, as_user):
    report = make_report(college_a, users["sec1"])
    response = as_user("sec1").post(
        reverse("activities:transition", args=[report.pk]),
        {"action": "submit", "comment": "", "version": report.version},
        follow=True,
    )
    assert "还需上传至少 1 张照片" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.DRAFT


def test_staff_set_the_rule_on_the_kinds_form(users, as_user):
    kind = ActivityKind.objects.get(code="lecturer-lecture")
    client = as_user("staff")
    page = client.get(reverse("activities:kind_edit", args=[kind.pk])).content.decode()
    assert "需要签到表等文件" in page and 'name="min_photos"' in page
    data = {
        "name": kind.name,
        "code": kind.code,
        "work_point_code": "",
        "metric": "",
        "min_photos": "3",
        "requires_document": "on",
        "order": "1",
        "active": "on",
    }
    assert client.post(reverse("activities:kind_edit", args=[kind.pk]), data).status_code == 302
    kind.refresh_from_db()
    assert (kind.min_photos, kind.requires_document) == (3, True)
    listing = client.get(reverse("activities:kinds")).content.decode()
    assert "3 张照片，签到表等文件" in listing
