"""Issue 10: a submission can be withdrawn until reviewed; a returned report is corrected by its college alone."""

from django.urls import reverse

from activities import services
from activities.models import ActivityReport, Status
from core.uploads import check_upload

from ..conftest import make_report
from ..helpers import photo_upload


def post_transition(client, report, action, comment=""):
    data = {"action": action, "comment": comment, "version": report.version}
    return client.post(reverse("activities:transition", args=[report.pk]), data, follow=True)


def test_a_secretary_withdraws_a_submission_and_can_change_it_again(users, college_a, as_user):
    report = make_report(college_a, users["sec1"], status=Status.SUBMITTED)
    client = as_user("sec1")
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'value="withdraw"' in page and "data-confirm=" in page.split('value="withdraw"')[1].split("</form>")[0]
    response = post_transition(client, report, "withdraw")
    assert "已撤回" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.DRAFT and report.submitted_at is None
    assert list(report.events.values_list("action", "from_status", "to_status").order_by("-pk")[:1]) == [
        ("withdraw", "submitted", "draft")
    ]
    # The upload form is back, and the report leaves the review queue.
    upload = reverse("activities:evidence_upload", args=[report.pk])
    assert f'action="{upload}"' in client.get(report.get_absolute_url()).content.decode()
    assert report.title not in as_user("staff").get(reverse("activities:review")).content.decode()


def test_nothing_is_withdrawn_once_a_reviewer_acted(users, college_a, as_user):
    for status in (Status.APPROVED, Status.RETURNED, Status.DRAFT):
        report = make_report(college_a, users["sec1"], status=status, title=f"报告{status}")
        response = post_transition(as_user("sec1"), report, "withdraw")
        assert response.status_code == 200
        assert ActivityReport.objects.get(pk=report.pk).status == status


def test_another_college_and_the_office_cannot_withdraw(users, college_a, as_user):
    report = make_report(college_a, users["sec1"], status=Status.SUBMITTED)
    for persona in ("sec2", "office"):
        assert post_transition(as_user(persona), report, "withdraw").status_code in (403, 404)
    assert ActivityReport.objects.get(pk=report.pk).status == Status.SUBMITTED


def test_staff_cannot_edit_change_files_of_or_resubmit_a_report_they_returned(users, college_a, as_user):
    report = make_report(college_a, users["sec1"], status=Status.RETURNED)
    photo = report.evidence.get()
    staff = as_user("staff")
    page = staff.get(report.get_absolute_url()).content.decode()
    assert reverse("activities:edit", args=[report.pk]) not in page and 'value="submit"' not in page
    assert staff.get(reverse("activities:edit", args=[report.pk])).status_code == 302  # told, sent back
    staff.post(reverse("activities:evidence_delete", args=[report.pk, photo.pk]))
    assert report.evidence.filter(pk=photo.pk).exists()
    post_transition(staff, report, "submit")
    assert ActivityReport.objects.get(pk=report.pk).status == Status.RETURNED


def test_the_college_secretary_corrects_and_resubmits_a_returned_report(users, college_a, as_user):
    report = make_report(college_a, users["sec1"], status=Status.RETURNED)
    services.add_evidence(report, users["sec1"], [check_upload(photo_upload("补充.jpg"))])
    report.refresh_from_db()
    post_transition(as_user("sec1"), report, "submit")
    assert ActivityReport.objects.get(pk=report.pk).status == Status.SUBMITTED


def test_staff_still_edit_and_submit_a_draft_they_filed(users, college_a, as_user):
    report = make_report(college_a, users["staff"])
    services.add_evidence(report, users["staff"], [check_upload(photo_upload())])
    report.refresh_from_db()
    assert as_user("staff").get(reverse("activities:edit", args=[report.pk])).status_code == 200
    post_transition(as_user("staff"), report, "submit")
    assert ActivityReport.objects.get(pk=report.pk).status == Status.SUBMITTED
