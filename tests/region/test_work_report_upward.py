"""The region work report as a document sent upward: drafted from the results, meetings and board; edited and
submitted by the lead with a confirmation; read and downloaded (PDF, Word) by the province once submitted."""

import html
import io
import os
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from core.pdf import PdfUnavailable, weasyprint
from notifications.models import Notification
from region import services, work_report
from region.models import Region, ReportState, WorkReport
from tests.conftest import client_for

from ..pdf_reading import fonts, require_poppler, words
from .builders import full_scores

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script>&amp;<w:p/>\x07"


def record_s1(world):
    s1 = world.apps["s1"]
    services.record_result(s1, world.lead, s1.version, full_scores(s1, A2="9"), "请补齐二级关工委")


def test_the_draft_is_a_report_with_headings_from_the_results_meetings_and_board(reviewed):
    record_s1(reviewed)
    with translation.override("zh-hans"):
        draft = work_report.draft_work_report(reviewed.region)
    report = work_report.outline(draft)
    assert report.title == "2022 第十片工作情况通报"
    headings = [block.text for block in report.blocks if block.heading]
    assert headings == [
        "一、总体情况",
        "二、集体考核评议结果",
        "三、实地考察",
        "四、片区会议与活动",
        "五、信息交流平台",
        "六、下一步工作",
    ]
    assert "甲校（测试）：集体评议总分 99，未达均衡发展" in draft
    assert "乙校（测试）：评议中，尚未评议。" in draft


def test_the_lead_submits_after_confirming_and_the_province_is_told(reviewed):
    lead, province = client_for(reviewed.lead), client_for(reviewed.province)
    region = reviewed.region
    read = reverse("region:work_report_read", args=[region.pk])
    submit = reverse("region:work_report_submit", args=[region.pk])
    assert province.get(read).status_code == 404  # nothing saved: the draft is the lead's own
    assert (
        lead.post(reverse("region:work_report", args=[region.pk]), {"text": "通报\n一、概况\n正文"}).status_code == 302
    )
    report = WorkReport.objects.get(region=region)
    assert province.get(read).status_code == 404  # saved, not submitted
    assert province.post(submit, {"version": report.version}).status_code == 403

    asked = lead.post(submit, {"version": report.version})
    assert asked.status_code == 200 and "报送省关工委" in asked.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT

    assert lead.post(submit, {"version": report.version, "confirmed": "yes"}).status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.submitted_by == reviewed.lead and report.submitted_at
    (told,) = Notification.objects.filter(user=reviewed.province)
    assert "2022 第十片" in told.title and told.title.endswith("工作情况通报已报送")
    assert told.link == read
    assert "正文" in province.get(read).content.decode()

    # A second submission of the same version is refused and changes nothing.
    lead.post(submit, {"version": report.version, "confirmed": "yes"})
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_an_edit_after_submitting_is_sent_again_as_resubmitted(reviewed):
    report = services.save_work_report(reviewed.region, reviewed.lead, "通报\n正文", None)
    report = services.submit_work_report(reviewed.region, reviewed.lead, report.version)
    lead = client_for(reviewed.lead)
    url = reverse("region:work_report", args=[reviewed.region.pk])
    assert "重新报送" in lead.get(url).content.decode()
    stale = lead.post(url, {"text": "旧页面的改动", "version": report.version - 1})
    assert stale.status_code == 200
    assert lead.post(url, {"text": "修订稿", "version": report.version}).status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.RESUBMITTED and report.text == "修订稿"
    assert Notification.objects.filter(user=reviewed.province).count() == 2
    assert (
        "修订稿"
        in client_for(reviewed.province)
        .get(reverse("region:work_report_read", args=[reviewed.region.pk]))
        .content.decode()
    )


def test_an_empty_report_is_refused_with_nothing_saved(reviewed):
    lead = client_for(reviewed.lead)
    response = lead.post(reverse("region:work_report", args=[reviewed.region.pk]), {"text": "   "})
    assert response.status_code == 200
    assert not WorkReport.objects.filter(region=reviewed.region).exists()


def save_hostile(world):
    text = f"2022 第十片工作情况通报\n一、总体情况\n牵头学校的说明{HOSTILE}\n二、下一步工作\n继续推进。"
    return services.save_work_report(world.region, world.lead, text, None)


def test_the_docx_has_the_title_headings_and_results_with_typed_text_inert(reviewed):
    from docx import Document

    record_s1(reviewed)
    save_hostile(reviewed)
    response = client_for(reviewed.lead).get(reverse("region:work_report_docx", args=[reviewed.region.pk]))
    assert response.status_code == 200 and response["Content-Type"].endswith("wordprocessingml.document")
    assert "filename*=utf-8''2022-" in response["Content-Disposition"].lower()
    document = Document(io.BytesIO(response.content))
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert styled[0] == ("Title", "2022 第十片工作情况通报")
    assert ("Heading 1", "一、总体情况") in styled and ("Heading 1", "二、下一步工作") in styled
    assert ("Normal", "牵头学校的说明<script>alert(1)</script>&amp;<w:p/>") in styled  # as typed, the control left out
    table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["成员高校", "集体评议总分", "结论", "理由"]
    assert any(row[0] == "甲校（测试）" and row[1] == "99" for row in rows)


def test_the_pdf_reads_back_in_chinese_in_the_sc_face_with_typed_text_inert(reviewed, tmp_path):
    try:
        weasyprint()
    except PdfUnavailable as missing:
        pytest.skip(str(missing))
    require_poppler()
    save_hostile(reviewed)
    response = client_for(reviewed.province).get(reverse("region:work_report_pdf", args=[reviewed.region.pk]))
    assert response.status_code == 404  # not submitted yet
    report = WorkReport.objects.get(region=reviewed.region)
    services.submit_work_report(reviewed.region, reviewed.lead, report.version)
    response = client_for(reviewed.province).get(reverse("region:work_report_pdf", args=[reviewed.region.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    _pages, found = words(response.content, tmp_path)
    text = html.unescape("".join(word.text for word in found))  # poppler's word boxes are XML
    assert "工作情况通报" in text and "一、总体情况" in text and "<script>alert(1)</script>" in text
    embedded = fonts(response.content, tmp_path)
    assert embedded and all(re.fullmatch(r"Noto-(Sans|Serif)-CJK-SC(-\w+)?", name) for name in embedded), embedded


def test_word_and_libreoffice_open_the_docx(reviewed, tmp_path):
    """LibreOffice converts the .docx to PDF and the Chinese text reads back (as Word would open it)."""
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("soffice (libreoffice-writer-nogui) or pdftotext (poppler-utils) not installed")
        pytest.skip("soffice or pdftotext not installed")
    save_hostile(reviewed)
    (tmp_path / "report.docx").write_bytes(work_report.build_docx(reviewed.region))
    profile = tmp_path / "profile"
    subprocess.run(
        [
            shutil.which("soffice"),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "report.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert (tmp_path / "report.pdf").exists(), "LibreOffice could not open the .docx"
    text = subprocess.run(
        [shutil.which("pdftotext"), str(tmp_path / "report.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "2022 第十片工作情况通报" in text and "一、总体情况" in text and "<script>alert(1)</script>" in text
    assert "甲校（测试）" in text


def test_the_province_lists_every_regions_report_in_constant_queries(reviewed, django_assert_max_num_queries):
    province = client_for(reviewed.province)
    url = reverse("region:reports")
    report = services.save_work_report(reviewed.region, reviewed.lead, "通报\n正文", None)
    services.submit_work_report(reviewed.region, reviewed.lead, report.version)
    province.get(url)  # the session and role, loaded once
    with django_assert_max_num_queries(8):
        page = province.get(url).content.decode()
    assert reverse("region:work_report_docx", args=[reviewed.region.pk]) in page
    for number in range(6):
        region = Region.objects.create(code=f"r{number}", name=f"第{number}片", year=2022, lead=reviewed.schools["s1"])
        region.members.set([reviewed.schools["s1"], reviewed.schools["s2"]])
    with django_assert_max_num_queries(8):
        page = province.get(url).content.decode()
    assert "第5片" in page and page.count("尚未保存") == 6


def test_the_lead_schools_committee_only_sees_its_own_regions_reports(reviewed):
    other = Region.objects.create(code="r9", name="第九片", year=2022, lead=reviewed.schools["s1"])
    lead = client_for(reviewed.lead)
    assert "第九片" not in lead.get(reverse("region:reports")).content.decode()
    assert lead.get(reverse("region:work_report_read", args=[other.pk])).status_code == 404
    assert lead.get(reverse("region:work_report_pdf", args=[other.pk])).status_code == 404
