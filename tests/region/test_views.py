"""The region's pages: the new roles over every page, isolation between schools, blind scoring as shown, the
2,000-character limit on the form, the summary builds and the work report."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.text import fmt
from region import services, tasks
from region.models import Action, Application, Assignment, AssignmentStatus, ExportState, SummaryExport
from tests.conftest import client_for
from tests.matrix import region as region_matrix

from .builders import full_scores

# What each new role gets on every page of the region (GET), by url name. Own = the contact's own school (s4,
# whose draft the matrix's application pages show); other = another school's contact; the reviewer is s1's.
ROLES = ["contact-s4", "contact-s2", "reviewer-s1", "province"]
EXPECTED = {
    "region:home": (200, 200, 200, 200),
    "region:region": (200, 200, 200, 200),
    "region:open_applications": (403, 403, 403, 403),
    "region:region_edit": (403, 403, 403, 403),
    "region:scheme": (200, 200, 200, 200),
    "region:scheme_edit": (403, 403, 403, 403),
    "region:indicator_edit": (403, 403, 403, 403),
    "region:application": (200, 404, 404, 200),
    "region:application_edit": (200, 404, 404, 403),
    "region:application_action": (405, 404, 404, 403),
    "region:application_upload": (405, 404, 404, 403),
    "region:application_file": (200, 404, 404, 200),
    "region:application_file_delete": (405, 404, 404, 403),
    "region:application_draft": (405, 404, 404, 403),
    # The school's own data behind the application: its contact; not another school's, nor a reviewer who is not
    # assigned to it (s4 is a draft), nor the province.
    "region:application_live": (200, 404, 404, 403),
    "region:result": (404, 404, 404, 403),
    "region:round": (403, 403, 403, 200),
    "region:visit_plan": (404, 404, 404, 403),
    "region:visit": (404, 404, 404, 200),
    "region:visit_findings": (404, 404, 404, 403),
    "region:round_open": (403, 403, 403, 403),
    "region:panel_add": (403, 403, 403, 403),
    "region:panel_remove": (403, 403, 403, 403),
    "region:assign_waiting": (403, 403, 403, 403),
    "region:publish_all": (403, 403, 403, 403),
    "region:round_close": (403, 403, 403, 403),
    "region:reviewers": (404, 403, 404, 403),
    "region:reviewer_add": (404, 403, 404, 403),
    "region:export_request": (403, 403, 403, 403),
    "region:export_status": (403, 403, 403, 200),
    "region:export_download": (403, 403, 403, 200),
    "region:reports": (403, 403, 403, 200),
    "region:work_report_read": (403, 403, 403, 200),
    "region:work_report": (403, 403, 403, 403),
    "region:work_report_submit": (403, 403, 403, 403),
    "region:work_report_pdf": (403, 403, 403, 200),
    "region:work_report_docx": (403, 403, 403, 200),
    "region:meetings": (200, 200, 200, 200),
    "region:meeting_new": (403, 403, 403, 403),
    "region:meeting": (200, 200, 200, 200),
    "region:meeting_edit": (403, 403, 403, 403),
    "region:meeting_attendance": (403, 403, 403, 403),
    "region:meeting_upload": (403, 403, 403, 403),
    "region:meeting_file": (200, 200, 200, 200),
    "region:board": (200, 200, 200, 200),
    "region:post_new": (200, 200, 200, 403),
    "region:post": (200, 200, 200, 200),
    "region:post_moderate": (403, 403, 403, 403),
    "region:post_file": (200, 200, 200, 200),
}


def person(username):
    return get_user_model().objects.get(username=username)


def test_every_new_role_on_every_region_page(users):
    cases = region_matrix.cases(None, None, None)
    assignment = Assignment.objects.filter(application__institution__code="s2").first()
    reviewer_owns_it = assignment.reviewer.username == "reviewer-s1"
    expected = dict(EXPECTED)
    expected["region:review"] = (404, 404, 200 if reviewer_owns_it else 404, 200)
    expected["region:review_file"] = expected["region:review"]
    expected["region:reassign"] = (404, 404, 403 if reviewer_owns_it else 404, 403)
    expected["region:review_remove"] = expected["region:reassign"]
    assert {name for name, *_ in cases} == set(expected)
    for index, username in enumerate(ROLES):
        client = client_for(person(username))
        for name, url, _core, _write in cases:
            assert client.get(url).status_code == expected[name][index], f"{username} GET {name}"


@pytest.mark.parametrize("username", ROLES)
def test_the_new_roles_get_403_on_the_schools_pages(users, username):
    region_matrix.build()
    client = client_for(person(username))
    for name in ["activities:list", "scoring:latest", "dashboard:latest", "plans:list"]:
        url = reverse(name)
        assert client.get(url).status_code == 403, name
    # The province's officer lands on the overview of every school (province/), the region's people on the region.
    assert client.get("/").url == reverse("province:overview" if username == "province" else "region:home")


def test_a_school_never_sees_another_schools_application_or_result(reviewed):
    s1 = reviewed.apps["s1"]
    s1 = services.record_result(s1, reviewed.lead, s1.version, full_scores(s1), "独特的评议意见甲")
    own, other = client_for(reviewed.contacts["s1"]), client_for(reviewed.contacts["s2"])
    page = own.get(s1.get_absolute_url()).content.decode()
    assert "独特的评议意见甲" not in page  # reviewed but not yet published
    assert other.get(s1.get_absolute_url()).status_code == 404
    services.transition(s1, reviewed.lead, Action.PUBLISH, "", s1.version)
    assert "独特的评议意见甲" in own.get(s1.get_absolute_url()).content.decode()
    assert other.get(s1.get_absolute_url()).status_code == 404
    region_page = other.get(reviewed.region.get_absolute_url()).content.decode()
    assert reviewed.apps["s1"].get_absolute_url() not in region_page
    assert reviewed.apps["s2"].get_absolute_url() in region_page


def test_reviewers_score_blind_until_they_have_submitted(reviewed):
    s2 = reviewed.apps["s2"]
    first, second = Assignment.objects.filter(application=s2).select_related("reviewer", "round", "application")
    services.save_review(
        first, first.reviewer, first.version, full_scores(s2), {"A1": "第一位评委的意见"}, submit=True
    )
    assert "第一位评委的意见" not in client_for(second.reviewer).get(second.get_absolute_url()).content.decode()
    # A contact of any school sees no review at all.
    assert client_for(reviewed.contacts["s2"]).get(first.get_absolute_url()).status_code == 404
    second.refresh_from_db()
    services.save_review(
        second, second.reviewer, second.version, full_scores(s2), {"A1": "第二位评委的意见"}, submit=True
    )
    first_page = client_for(first.reviewer).get(first.get_absolute_url()).content.decode()
    assert "第二位评委的意见" in first_page
    assert "第一位评委的意见" in client_for(second.reviewer).get(second.get_absolute_url()).content.decode()


def test_a_reviewer_submits_through_the_page(reviewed):
    s2 = reviewed.apps["s2"]
    assignment = Assignment.objects.filter(application=s2).first()
    data = {"version": assignment.version, "submit": "1", "confirmed": ""}
    data |= {f"score_{code}": fmt(Decimal(value)) for code, value in full_scores(s2).items()}
    client = client_for(assignment.reviewer)
    # Without the dialog (no JavaScript) the page asks first, carrying the scores, and nothing is saved yet.
    asked = client.post(assignment.get_absolute_url(), data)
    page = asked.content.decode()
    assert asked.status_code == 200 and "请确认" in page and "提交后不能再修改" in page
    assert 'name="confirmed" value="yes"' in page and f'name="score_A1" value="{data["score_A1"]}"' in page
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.PENDING
    response = client.post(assignment.get_absolute_url(), data | {"confirmed": "yes"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.SUBMITTED


def test_the_form_refuses_2001_characters_with_a_message_and_saves_nothing(world):
    application = Application.objects.get(region=world.region, institution=world.schools["s1"])
    client = client_for(world.contacts["s1"])
    url = reverse("region:application_edit", args=[application.pk])
    page = client.get(url).content.decode()
    assert 'data-max-chars="2000"' in page and "js/region.js" in page
    response = client.post(url, {"version": application.version, "report": "关" * 2001})
    assert response.status_code == 200
    assert "2001" in response.content.decode()
    application.refresh_from_db()
    assert application.report == "" and application.version == 1
    response = client.post(url, {"version": application.version, "report": "关" * 2000})
    assert response.status_code == 302
    application.refresh_from_db()
    assert len(application.report) == 2000


def test_a_stale_page_is_told_in_words(world):
    application = Application.objects.get(region=world.region, institution=world.schools["s1"])
    client = client_for(world.contacts["s1"])
    url = reverse("region:application_edit", args=[application.pk])
    client.post(url, {"version": application.version, "report": "第一次"})
    response = client.post(url, {"version": application.version, "report": "第二次"}, follow=True)
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.report == "第一次"


def test_the_summary_is_built_in_the_background_as_xlsx_with_inert_cells_and_as_a_chinese_pdf(
    reviewed, django_capture_on_commit_callbacks
):
    s1 = reviewed.apps["s1"]
    services.record_result(s1, reviewed.lead, s1.version, full_scores(s1, C2="4"), '=HYPERLINK("http://x")')
    client = client_for(reviewed.lead)
    for export_format in ("xlsx", "pdf"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("region:export_request", args=[reviewed.region.pk]), {"format": export_format}
            )
        assert response.status_code == 302
    xlsx = SummaryExport.objects.get(format="xlsx")
    assert xlsx.state == ExportState.DONE and xlsx.progress == 100
    status = client.get(reverse("region:export_status", args=[xlsx.pk])).json()
    assert status == {
        "state": "done",
        "label": "已完成",
        "progress": 100,
        "url": reverse("region:export_download", args=[xlsx.pk]),
        "error": "",
    }
    content = b"".join(client.get(reverse("region:export_download", args=[xlsx.pk])).streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    row = rows["甲校（测试）"]
    assert row[2] == 100 and row[4] == 89 and row[7] == '=HYPERLINK("http://x")'
    assert sheet.cell(row=2 + list(rows).index("甲校（测试）"), column=8).data_type == "s"
    pdf = SummaryExport.objects.get(format="pdf")
    assert pdf.state == ExportState.DONE, pdf.error
    body = b"".join(client.get(reverse("region:export_download", args=[pdf.pk])).streaming_content)
    assert body.startswith(b"%PDF")


def test_a_duplicated_build_message_builds_once(reviewed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export, _outcome = tasks.request_summary(reviewed.region, "xlsx", reviewed.lead)
    export.refresh_from_db()
    name = export.file.name
    assert name and export.state == ExportState.DONE
    tasks.build_summary(export.pk)
    export.refresh_from_db()
    assert export.file.name == name


def test_the_work_report_is_drafted_from_data_edited_and_read(reviewed):
    client = client_for(reviewed.lead)
    url = reverse("region:work_report", args=[reviewed.region.pk])
    page = client.get(url).content.decode()
    assert "5" in page and "牵头校（测试）" in page
    assert client.post(url, {"text": "修改后的通报\n一、概况\n正文"}).status_code == 302
    read = reverse("region:work_report_read", args=[reviewed.region.pk])
    assert "修改后的通报" in client.get(read).content.decode()
    assert client.post(url, {"text": "旧页面的改动", "version": "0"}).status_code == 200
    assert "旧页面的改动" not in client.get(read).content.decode()


def test_round_page_shows_progress_and_flags(reviewed):
    s2 = reviewed.apps["s2"]
    first, second = Assignment.objects.filter(application=s2).select_related("reviewer", "round", "application")
    services.save_review(first, first.reviewer, first.version, full_scores(s2), {}, submit=True)
    second.refresh_from_db()
    services.save_review(second, second.reviewer, second.version, full_scores(s2, C2="5"), {}, submit=True)
    page = client_for(reviewed.lead).get(reverse("region:round", args=[reviewed.region.pk])).content.decode()
    assert "table-danger" in page  # C2: 15 against 5, a spread of 10 over the threshold of 2
    assert "2/2" in page


def test_reviewers_open_the_evidence_of_what_they_review_and_nobody_elses(reviewed):
    s2 = reviewed.apps["s2"]
    evidence = s2.files.get()
    assigned = set(Assignment.objects.filter(application=s2).values_list("reviewer_id", flat=True))
    for code, reviewer in reviewed.reviewers.items():
        for assignment in Assignment.objects.filter(application=s2):
            url = reverse("region:review_file", args=[assignment.pk, evidence.pk])
            expected = 200 if assignment.reviewer_id == reviewer.pk else 404
            assert client_for(reviewer).get(url).status_code == expected, code
    assert reviewed.reviewers["s2"].pk not in assigned
    url = reverse("region:review_file", args=[Assignment.objects.filter(application=s2).first().pk, evidence.pk])
    assert client_for(reviewed.contacts["s1"]).get(url).status_code == 404
    # The school's own application page serves it to its contact only.
    own = reverse("region:application_file", args=[s2.pk, evidence.pk])
    assert client_for(reviewed.contacts["s2"]).get(own).status_code == 200
    assert client_for(reviewed.contacts["s1"]).get(own).status_code == 404


def test_the_pdfs_table_has_each_schools_self_mean_collective_verdict_and_opinion(reviewed):
    from django.utils import translation

    from region import exports

    s1 = reviewed.apps["s1"]
    services.record_result(s1, reviewed.lead, s1.version, full_scores(s1, A2="9"), "请补齐二级关工委")
    with translation.override("zh-hans"):
        html = exports.pdf_html(reviewed.region)
    row = html[html.index("甲校（测试）") :].split("</tr>")[0]
    assert "<td>100</td>" in row  # self-assessed
    assert "<td>100</td><td>99</td>" in row  # reviewers' mean, then the collective total
    assert "未达均衡发展" in row and "A2" in row and "请补齐二级关工委" in row
    assert "乙校（测试）" in html and "评议汇总表" in html


def test_a_contact_adds_evidence_through_the_page_and_a_refused_file_adds_nothing(world):
    application = Application.objects.get(region=world.region, institution=world.schools["s1"])
    client = client_for(world.contacts["s1"])
    url = reverse("region:application_upload", args=[application.pk])

    response = client.post(url, {"files": [SimpleUploadedFile("纪要.pdf", b"%PDF-1.4\n%%EOF\n")]}, follow=True)
    assert response.status_code == 200
    assert [f.original_name for f in application.files.all()] == ["纪要.pdf"]
    assert [m.level_tag for m in response.context["messages"]] == ["success"]

    refused = SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\x00" * 60)
    good = SimpleUploadedFile("b.pdf", b"%PDF-1.4\n%%EOF\n")
    response = client.post(url, {"files": [good, refused]}, follow=True)
    assert response.status_code == 200
    assert application.files.count() == 1
    # the refusal, then the note that the chosen files must be chosen again
    assert [m.level_tag for m in response.context["messages"]] == ["error", "error", "warning"]

    response = client.post(url, {}, follow=True)
    assert response.status_code == 200
    assert application.files.count() == 1
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
