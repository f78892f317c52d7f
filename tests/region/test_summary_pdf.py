"""The review summary's PDF read back with poppler, as the annual summary's is: inside the page, in the
Simplified Chinese faces, tagged so that its table is read row by row."""

import re

import pytest
from django.utils import translation

from core.pdf import PdfUnavailable, render_pdf, weasyprint
from region import exports, services

from ..pdf_reading import catalog, fonts, table_rows, words
from .builders import full_scores

pytestmark = pytest.mark.django_db


def test_the_review_summary_pdf_is_inside_the_page_in_the_sc_faces_and_tagged(reviewed, tmp_path):
    try:
        weasyprint()
    except PdfUnavailable as missing:
        pytest.skip(str(missing))
    s1 = reviewed.apps["s1"]
    services.record_result(s1, reviewed.lead, s1.version, full_scores(s1, A2="9"), "请补齐二级关工委")
    with translation.override("zh-hans"):
        html = exports.pdf_html(reviewed.region)
    pdf = render_pdf(html)

    assert '<html lang="zh-Hans">' in html
    pages, found = words(pdf, tmp_path)
    size = {page.number: page for page in pages}
    assert found and all(w.x0 >= 0 and w.x1 <= size[w.page].width and w.y0 >= 0 for w in found)
    embedded = fonts(pdf, tmp_path)
    assert embedded and all(re.fullmatch(r"Noto-(Sans|Serif)-CJK-SC(-\w+)?", name) for name in embedded), embedded
    root = catalog(pdf)
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", root) and b"/StructTreeRoot" in root
    row = next(row for row in table_rows(pdf, tmp_path) if row and row[0] == "甲校（测试）")
    assert row[1:4] == ["100", "100", "99"] and row[4].startswith("未达均衡发展"), row
