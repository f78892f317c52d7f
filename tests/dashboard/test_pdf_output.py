"""The printed annual summary as its readers get it, read back with poppler: every word inside the page and inside
the chart it labels, every Chinese glyph in the Simplified Chinese face, and a tagged PDF whose tables a screen
reader reads row by row."""

import datetime
import re

import pytest

from activities.models import Status
from core.pdf import PdfUnavailable, render_pdf, weasyprint
from dashboard import exports
from scoring import assessments, schemes

from ..conftest import make_report
from ..pdf_reading import PT_PER_PX, catalog, fonts, table_rows, words

pytestmark = pytest.mark.django_db
SLACK = 0.5  # points: rounding between WeasyPrint's layout and poppler's boxes


@pytest.fixture
def summary(plan, users, college_a, college_b):
    """The demo's shape at a small size: one college finalised and balanced, one not assessed, a few approved
    activities — so that each target's goal lies beyond its value, at the right end of its chart."""
    scheme = schemes.load_scheme_file()[0]
    assessment = assessments.find_assessment(college_a, scheme)
    full = {s.pk: assessments.ScoreInput(s.indicator.max_points) for s in assessments.scores_of(assessment)}
    assessments.save_scores(assessment, users["staff"], "final_score", full)
    assessments.transition(assessment, users["staff"], "finalise")
    for month in (3, 9):
        day = datetime.date(2022, month, 15)
        make_report(college_a, users["sec1"], status=Status.APPROVED, starts_on=day, ends_on=day)
    try:
        weasyprint()
    except PdfUnavailable as missing:
        pytest.skip(str(missing))
    html = exports.pdf_html(2022)
    return html, render_pdf(html)


def chart_boxes(html: str) -> dict[int, list[tuple[float, float, float, float]]]:
    """Each page's charts (inline SVG) as (left, top, right, bottom) in points, from WeasyPrint's own layout of
    the same HTML: a label drawn outside its chart is clipped there, though poppler still reports it whole."""
    from django.conf import settings
    from weasyprint import HTML

    boxes: dict[int, list] = {}
    document = HTML(string=html, base_url=settings.BASE_DIR.as_uri() + "/").render()
    for number, page in enumerate(document.pages, 1):
        for box in page._page_box.descendants():
            if str(getattr(box, "element_tag", "")).endswith("svg") and getattr(box, "width", None) is not None:
                left, top = box.content_box_x(), box.content_box_y()
                boxes.setdefault(number, []).append(
                    tuple(v * PT_PER_PX for v in (left, top, left + box.width, top + box.height))
                )
    return boxes


def outside(html: str, pdf: bytes, tmp_path) -> list[str]:
    """The words that leave the page's media box, or their chart's box."""
    pages, found = words(pdf, tmp_path)
    sizes = {page.number: page for page in pages}
    charts = chart_boxes(html)
    problems = []
    for word in found:
        page = sizes[word.page]
        if word.x0 < -SLACK or word.y0 < -SLACK or word.x1 > page.width + SLACK or word.y1 > page.height + SLACK:
            problems.append(f"page {word.page}: {word.text!r} leaves the page at {word.x1:.1f}/{page.width:.1f}")
            continue
        middle = (word.y0 + word.y1) / 2
        for left, top, right, bottom in charts.get(word.page, []):
            in_chart = top <= middle <= bottom and word.x1 > left and word.x0 < right
            if in_chart and (word.x0 < left - SLACK or word.x1 > right + SLACK):
                problems.append(
                    f"page {word.page}: {word.text!r} is cut at its chart's edge ({word.x1:.1f}, {right:.1f})"
                )
    return problems


def test_every_word_is_inside_the_page_and_every_chart_label_inside_its_chart(summary, tmp_path):
    html, pdf = summary
    assert html.count("<svg") >= 3  # the share, the targets and the months are drawn
    assert outside(html, pdf, tmp_path) == []


def test_the_check_sees_a_label_past_its_charts_edge(summary, tmp_path):
    html, _pdf = summary
    label = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="20"><text x="90" y="15">目标 25场</text>'
    label += "</svg>"
    page = html.replace("</body>", f"<div>{label}</div></body>")
    assert any("目标" in problem for problem in outside(page, render_pdf(page), tmp_path))


def test_chinese_text_is_set_in_the_simplified_chinese_faces(summary, tmp_path):
    html, pdf = summary
    assert '<html lang="zh-Hans">' in html
    embedded = fonts(pdf, tmp_path)
    assert embedded and all(re.fullmatch(r"Noto-(Sans|Serif)-CJK-SC(-\w+)?", name) for name in embedded), embedded


def test_the_pdf_is_tagged_and_its_tables_read_row_by_row(summary, tmp_path):
    _html, pdf = summary
    root = catalog(pdf)
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", root) and b"/StructTreeRoot" in root
    rows = table_rows(pdf, tmp_path)
    # The colleges' table: the header, then college A's row in the columns' order.
    assert ["学院", "复评总分", "关键指标达标", "结论", "已提交报告", "已通过报告", "“一院一品”项目"] in rows
    college_a = next(row for row in rows if row and row[0] == "机械技术学院")
    assert college_a[1:5] == ["100", "3/3", "均衡发展", "2"], college_a


def test_the_annual_summary_embeds_one_face_only(summary, tmp_path):
    """Every further CJK face costs the build some 40 MB (WeasyPrint copies the whole collection before subsetting
    it): a second weight took a province-sized build over its 200 MB (docs/performance.md)."""
    _html, pdf = summary
    assert set(fonts(pdf, tmp_path)) == {"Noto-Sans-CJK-SC"}
