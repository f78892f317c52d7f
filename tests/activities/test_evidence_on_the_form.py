"""Issue 10: the report's photos and files are chosen on the report's own form page, saved with it, all or none."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities import services
from activities.models import Action, ActivityReport, Evidence, Status
from core.uploads import check_upload

from ..conftest import make_report
from ..helpers import photo_upload
from .test_reports import report_form

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_form_page_is_multipart_and_has_the_file_chooser(users, college_a, as_user):
    page = as_user("sec1").get(reverse("activities:create")).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file"' in page and 'name="files"' in page and "multiple" in page
    assert "js/evidence.js" in page


def test_a_new_report_is_saved_with_its_photos_and_files_in_one_step(users, college_a, as_user):
    data = report_form(files=[photo_upload("合影.jpg"), SimpleUploadedFile("签到表.pdf", PDF)])
    response = as_user("sec1").post(reverse("activities:create"), data, follow=True)
    report = ActivityReport.objects.get()
    assert response.redirect_chain[-1][0] == report.get_absolute_url()
    assert "已保存为草稿，含 2 个文件" in response.content.decode()
    assert sorted(report.evidence.values_list("original_name", flat=True)) == ["合影.jpg", "签到表.pdf"]
    assert report.events.filter(action=Action.ADD_EVIDENCE).exists()
    # With the photo it asks for, the kind lets the report go to review straight away.
    report.refresh_from_db()
    services.transition(report, users["sec1"], "submit", "", report.version)
    assert ActivityReport.objects.get().status == Status.SUBMITTED


def test_a_new_report_without_files_is_still_saved(users, college_a, as_user):
    response = as_user("sec1").post(reverse("activities:create"), report_form(), follow=True)
    assert ActivityReport.objects.count() == 1 and not Evidence.objects.exists()
    assert "请上传照片和文件" in response.content.decode()


def test_a_refused_file_keeps_the_new_report_unsaved_and_says_why(users, college_a, as_user):
    data = report_form(files=[photo_upload("好的.jpg"), SimpleUploadedFile("照片.png", b"<html></html>")])
    response = as_user("sec1").post(reverse("activities:create"), data)
    text = response.content.decode()
    assert response.status_code == 200
    assert "“照片.png”的文件类型不被接受" in text and "未保存任何内容" in text
    assert not ActivityReport.objects.exists() and not Evidence.objects.exists()


def test_the_edit_page_shows_the_files_and_adds_more_with_the_save(users, college_a, report_a, as_user):
    services.add_evidence(report_a, users["sec1"], [check_upload(photo_upload("第一张.jpg"))])
    report_a.refresh_from_db()
    sec1 = as_user("sec1")
    url = reverse("activities:edit", args=[report_a.pk])
    page = sec1.get(url).content.decode()
    photo = report_a.evidence.get()
    assert reverse("activities:evidence_thumbnail", args=[report_a.pk, photo.pk]) in page
    assert f'form="remove-evidence-{photo.pk}"' in page
    assert reverse("activities:evidence_delete", args=[report_a.pk, photo.pk]) in page

    data = report_form(title="改过的标题", version=str(report_a.version), files=[photo_upload("第二张.jpg")])
    response = sec1.post(url, data, follow=True)
    assert "已保存，新增 1 个文件" in response.content.decode()
    report_a.refresh_from_db()
    assert report_a.title == "改过的标题" and report_a.evidence.count() == 2


def test_a_refused_file_on_the_edit_page_changes_nothing(users, college_a, report_a, as_user):
    url = reverse("activities:edit", args=[report_a.pk])
    data = report_form(title="不该保存", version=str(report_a.version), files=[SimpleUploadedFile("x.jpg", PDF)])
    response = as_user("sec1").post(url, data)
    assert response.status_code == 200 and "扩展名与内容（PDF）不符" in response.content.decode()
    report_a.refresh_from_db()
    assert report_a.title != "不该保存" and not report_a.evidence.exists()


def test_removing_a_file_from_the_edit_page_comes_back_to_it(users, college_a, report_a, as_user):
    services.add_evidence(report_a, users["sec1"], [check_upload(photo_upload())])
    photo = report_a.evidence.get()
    edit = reverse("activities:edit", args=[report_a.pk])
    response = as_user("sec1").post(
        reverse("activities:evidence_delete", args=[report_a.pk, photo.pk]), {"next": edit}
    )
    assert response.status_code == 302 and response["Location"] == edit
    assert not report_a.evidence.exists()


def test_a_submitted_report_takes_no_files_through_its_form(users, college_a, as_user):
    report = make_report(college_a, users["sec1"], status=Status.SUBMITTED)
    url = reverse("activities:edit", args=[report.pk])
    response = as_user("sec1").get(url)
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    before = report.evidence.count()
    data = report_form(version=str(report.version), files=[photo_upload()])
    as_user("sec1").post(url, data)
    assert report.evidence.count() == before


def test_a_form_error_says_the_chosen_files_must_be_chosen_again(users, college_a, as_user):
    response = as_user("sec1").post(reverse("activities:create"), report_form(title="", files=[photo_upload()]))
    assert response.status_code == 200 and "请重新选择" in response.content.decode()
    assert not ActivityReport.objects.exists() and not Evidence.objects.exists()
    # Whether or not files were chosen, the form that comes back names the file field to choose (again).
    response = as_user("sec1").post(reverse("activities:create"), report_form(title=""))
    assert "请重新选择（" in response.content.decode()
