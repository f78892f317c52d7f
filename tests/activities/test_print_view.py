"""One report on paper: everything the detail page says about it, with a print stylesheet and no forms."""

from django.urls import reverse

from activities.models import Status

from ..conftest import make_report


def test_the_print_view_shows_the_report_and_its_history(users, college_a, as_user):
    report = make_report(college_a, users["sec1"], status=Status.APPROVED, student_count=88, teacher_count=4)
    response = as_user("office").get(reverse("activities:print", args=[report.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert report.title in page and college_a.name in page and "88" in page
    assert "css/report-print.css" in page and "js/print.js" in page and "data-print" in page
    assert reverse("activities:evidence_thumbnail", args=[report.pk, report.evidence.get().pk]) in page
    assert "已通过" in page or "通过" in page
    assert "<form" not in page.split('id="content"')[1].split("</main>")[0]  # nothing to press on paper


def test_the_detail_page_links_to_the_print_view(users, college_a, as_user):
    report = make_report(college_a, users["sec1"])
    page = as_user("sec1").get(report.get_absolute_url()).content.decode()
    assert reverse("activities:print", args=[report.pk]) in page


def test_another_college_cannot_print_the_report(users, college_a, as_user):
    report = make_report(college_a, users["sec1"])
    assert as_user("sec2").get(reverse("activities:print", args=[report.pk])).status_code == 404
