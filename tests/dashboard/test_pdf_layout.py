"""The printable summary stays within the page, whatever people typed: a long unbroken title or name (a pasted
address, a row of Latin letters) breaks inside its table cell instead of pushing the table past the edge."""

import pytest

from activities.models import ActivityReport, Status
from colleges.models import BrandProject, College
from core.pdf import PdfUnavailable, weasyprint
from dashboard import exports

from ..conftest import make_report

# As long as a title may be (200 characters), without a single break opportunity.
UNBROKEN = "A" * ActivityReport._meta.get_field("title").max_length


def overflow_past_the_right_margin(html: str) -> float:
    """How far, in CSS pixels, the furthest laid-out box reaches past the right edge of the page's content area."""
    try:
        weasyprint()
        from weasyprint import HTML
    except PdfUnavailable as missing:
        pytest.skip(str(missing))
    document = HTML(string=html).render()
    furthest = 0.0
    for page in document.pages:
        page_box = page._page_box
        right_edge = page_box.content_box_x() + page_box.width
        [root] = [box for box in page_box.children if box.element_tag == "html"]
        for box in root.descendants():
            if getattr(box, "width", None) is not None:
                furthest = max(furthest, box.position_x + box.margin_width() - right_edge)
    return furthest


def test_an_unbroken_title_and_name_of_the_longest_length_stay_within_the_page(plan, users, college_a):
    make_report(college_a, users["sec1"], status=Status.APPROVED, title=UNBROKEN)
    BrandProject.objects.filter(college=college_a).update(title=UNBROKEN)
    College.objects.filter(pk=college_a.pk).update(name="机械" + "B" * 98)

    html = exports.pdf_html(2022)

    assert UNBROKEN in html
    assert overflow_past_the_right_margin(html) <= 0.5


def test_the_check_sees_a_table_that_runs_off_the_page():
    html = f"<table style='width: auto'><tr><td style='white-space: nowrap'>{'A' * 300}</td></tr></table>"
    assert overflow_past_the_right_margin(html) > 100
