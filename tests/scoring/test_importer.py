"""Importing review scores from a sheet: what staff may upload, and every problem they are told about at once.

Every input is built here: csv text in UTF-8, UTF-8 with a BOM and GB18030, workbooks written with openpyxl.
Messages are read in English (the msgids); the Chinese catalogue is checked by tests/test_i18n.py.
"""

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook

from scoring import sheets
from scoring.importer import ScoreImportError, ScoreRow, parse_rows, read_scores
from scoring.rules import GRADED, YES_NO, IndicatorSpec, score_problem
from scoring.sheets import MAX_DATA_ROWS, read_table

COLLEGES = {"aa", "bb", "cc"}
INDICATORS = {
    spec.code: spec
    for spec in [
        IndicatorSpec("1.1", "工作制度", Decimal(10)),
        IndicatorSpec("1.2", "队伍建设", Decimal(20)),
        IndicatorSpec("2.1", "常态化建设与长效机制", Decimal(5), is_key=True, mode=YES_NO),
        IndicatorSpec("3.1", "关爱帮扶活动实效", Decimal(10), is_key=True, mode=GRADED),
        IndicatorSpec("K1", "工作基础", Decimal(100)),
    ]
}
HEADER = ["college_code", "indicator_code", "score", "comment"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def csv_bytes(rows, encoding="utf-8"):
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(*sheets):
    """A workbook with one sheet per list of rows."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for rows in sheets:
        sheet = workbook.create_sheet()
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read(filename, content):
    return read_scores(filename, content, colleges=COLLEGES, indicators=INDICATORS)


def errors_of(filename, content):
    with pytest.raises(ScoreImportError) as caught:
        read(filename, content)
    return caught.value.errors


def problem(score, code):
    """The rule's own wording, as the importer must pass it on."""
    return score_problem(Decimal(score), INDICATORS[code])


# Reading clean sheets


def test_a_clean_csv_with_a_header_gives_every_row():
    content = csv_bytes([HEADER, ["aa", "1.1", "8.5", "资料齐全"], ["bb", "1.2", "20", ""], ["aa", "2.1", "5", "好"]])

    assert read("复评.csv", content) == [
        ScoreRow(row=2, college_code="aa", indicator_code="1.1", score=Decimal("8.5"), comment="资料齐全"),
        ScoreRow(row=3, college_code="bb", indicator_code="1.2", score=Decimal("20"), comment=""),
        ScoreRow(row=4, college_code="aa", indicator_code="2.1", score=Decimal("5"), comment="好"),
    ]


def test_a_clean_xlsx_with_a_header_gives_every_row():
    content = xlsx_bytes([HEADER, ["aa", "1.1", 8.5, "资料齐全"], ["bb", "3.1", 6, None]])

    assert read("复评.xlsx", content) == [
        ScoreRow(row=2, college_code="aa", indicator_code="1.1", score=Decimal("8.5"), comment="资料齐全"),
        ScoreRow(row=3, college_code="bb", indicator_code="3.1", score=Decimal("6"), comment=""),
    ]


@pytest.mark.parametrize("filename, build", [("s.csv", csv_bytes), ("s.xlsx", xlsx_bytes)])
def test_without_a_header_the_columns_are_college_indicator_score_comment(filename, build):
    content = build([["aa", "1.1", "9", "好"], ["bb", "1.2", "15"]])

    assert read(filename, content) == [
        ScoreRow(row=1, college_code="aa", indicator_code="1.1", score=Decimal("9"), comment="好"),
        ScoreRow(row=2, college_code="bb", indicator_code="1.2", score=Decimal("15"), comment=""),
    ]


def test_a_chinese_header_may_come_in_another_order():
    content = csv_bytes([["评语", "得分", "指标代码", "学院代码"], ["优秀", "9.5", "1.1", "cc"]])

    assert read("s.csv", content) == [
        ScoreRow(row=2, college_code="cc", indicator_code="1.1", score=Decimal("9.5"), comment="优秀")
    ]


def test_header_names_ignore_case_and_spaces_and_extra_columns_are_ignored():
    content = csv_bytes(
        [[" Score ", "序号", "College Code", "INDICATOR", "Remarks", "备注"], ["7", "1", "aa", "1.1", "x", "ok"]]
    )

    assert read("s.csv", content) == [
        ScoreRow(row=2, college_code="aa", indicator_code="1.1", score=Decimal("7"), comment="ok")
    ]


def test_a_header_with_the_college_name_and_its_code_takes_the_code():
    content = csv_bytes([["学院", "学院代码", "指标", "分数"], ["机械技术学院", "aa", "1.1", "10"]])

    assert read("s.csv", content)[0].college_code == "aa"


def test_xlsx_numbers_read_as_people_wrote_them():
    content = xlsx_bytes([[1.1, 8.5, 10.0, 3, 0.1 + 0.2, 1e20, "  text  "]])

    assert read_table("s.xlsx", content) == [(1, ["1.1", "8.5", "10", "3", "0.3", "1e+20", "text"])]


def test_xlsx_floats_become_exact_scores():
    content = xlsx_bytes([["aa", "1.1", 8.5], ["aa", "1.2", 10.0], ["aa", "3.1", 4], ["bb", "1.2", 19.99]])

    assert [row.score for row in read("s.xlsx", content)] == [
        Decimal("8.5"),
        Decimal("10"),
        Decimal("4"),
        Decimal("19.99"),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_or_in_gb18030_reads_the_same(encoding):
    content = csv_bytes([["学院代码", "指标代码", "得分", "评语"], ["aa", "1.1", "8", "宣讲三进，成效明显"]], encoding)

    assert read("s.csv", content) == [
        ScoreRow(row=2, college_code="aa", indicator_code="1.1", score=Decimal("8"), comment="宣讲三进，成效明显")
    ]


def test_row_numbers_count_the_blank_rows_the_user_sees():
    csv_content = csv_bytes([HEADER, ["aa", "1.1", "8"], [], ["", " ", ""], ["bb", "1.1", "8"]])
    xlsx_content = xlsx_bytes([HEADER, ["aa", "1.1", 8], [], [None, None], ["bb", "1.1", 8]])

    assert [row.row for row in read("s.csv", csv_content)] == [2, 5]
    assert [row.row for row in read("s.xlsx", xlsx_content)] == [2, 5]


def test_a_quoted_comment_with_commas_and_line_breaks_stays_one_row():
    content = csv_bytes([HEADER, ["aa", "1.1", "8", "第一，\n第二"], ["bb", "1.1", "9"]])

    rows = read("s.csv", content)

    assert [(row.row, row.comment) for row in rows] == [(2, "第一，\n第二"), (3, "")]


def test_only_the_first_sheet_is_read():
    content = xlsx_bytes([HEADER, ["aa", "1.1", 8]], [["bb", "1.1", 9]])

    assert [row.college_code for row in read("s.xlsx", content)] == ["aa"]


def test_codes_are_stripped_college_codes_ignore_case_indicator_codes_do_not():
    content = csv_bytes([[" AA ", " 1.1 ", " 8 "], ["Bb", "K1", "80"], ["cc", "k1", "80"]])

    assert errors_of("s.csv", content) == ["Row 3: unknown indicator code “k1” (or the indicator takes no score)."]
    assert parse_rows([(1, [" AA ", " K1 ", "80"])], colleges=COLLEGES, indicators=INDICATORS)[0] == ScoreRow(
        row=1, college_code="aa", indicator_code="K1", score=Decimal("80"), comment=""
    )


def test_uppercase_extensions_are_accepted():
    assert len(read("SCORES.CSV", csv_bytes([["aa", "1.1", "8"]]))) == 1
    assert len(read("Scores.XLSX", xlsx_bytes([["aa", "1.1", 8]]))) == 1


# Scores at the edges


@pytest.mark.parametrize(
    "code, score",
    [("1.1", "0"), ("1.1", "10"), ("1.1", "10.00"), ("K1", "89.99"), ("2.1", "0"), ("2.1", "5"), ("3.1", "6")],
)
def test_zero_full_marks_two_decimals_and_grades_are_accepted(code, score):
    (row,) = read("s.csv", csv_bytes([["aa", code, score]]))

    assert row.score == Decimal(score)


def test_three_decimals_are_refused():
    assert errors_of("s.csv", csv_bytes([["aa", "K1", "89.999"]])) == [
        f"Row 1: indicator K1: {problem('89.999', 'K1')}."
    ]
    assert "two decimals" in problem("89.999", "K1")


def test_a_yes_no_indicator_given_a_partial_score_is_refused():
    assert errors_of("s.csv", csv_bytes([HEADER, ["aa", "2.1", "2.5"]])) == [
        "Row 2: indicator 2.1: a yes/no indicator scores full marks or zero (5、0)."
    ]


def test_a_graded_indicator_given_a_value_that_is_not_a_grade_is_refused():
    assert errors_of("s.csv", csv_bytes([HEADER, ["aa", "3.1", "5"]])) == [
        "Row 2: indicator 3.1: a graded indicator scores one of its grades (10、6、4、0)."
    ]


# Bad rows: all reported at once, each naming its row


def test_every_bad_row_is_reported_at_once_with_its_row_number():
    content = csv_bytes(
        [
            HEADER,
            ["aa", "1.1", "8", "fine"],
            ["zz", "1.1", "8"],
            ["bb", "9.9", "8"],
            ["bb", "1.2", ""],
            [],
            ["cc", "1.1", "九十"],
            ["cc", "1.2", "21"],
            ["cc", "K1", "-1"],
            ["bb", "2.1", "3"],
            ["bb", "3.1", "5"],
            ["aa", "1.1", "9"],
            ["bb", "1", "8"],
        ]
    )

    errors = errors_of("s.csv", content)

    assert errors == [
        "Row 3: unknown college code “zz”.",
        "Row 4: unknown indicator code “9.9” (or the indicator takes no score).",
        "Row 5: the score is missing.",
        "Row 7: the score “九十” is not a number.",
        f"Row 8: indicator 1.2: {problem('21', '1.2')}.",
        f"Row 9: indicator K1: {problem('-1', 'K1')}.",
        f"Row 10: indicator 2.1: {problem('3', '2.1')}.",
        f"Row 11: indicator 3.1: {problem('5', '3.1')}.",
        "Row 12: college aa, indicator 1.1 is already scored in row 2.",
        "Row 13: unknown indicator code “1” (or the indicator takes no score).",
    ]
    assert "above the maximum of 20" in errors[4]
    assert "below zero" in errors[5]


def test_the_same_bad_rows_in_an_xlsx_are_reported_the_same_way():
    content = xlsx_bytes(
        [HEADER, ["zz", "1.1", 8], ["aa", "9.9", 8], ["aa", "1.2", None], ["aa", "1.1", "abc"], ["bb", "1.1", 11]]
    )

    assert errors_of("s.xlsx", content) == [
        "Row 2: unknown college code “zz”.",
        "Row 3: unknown indicator code “9.9” (or the indicator takes no score).",
        "Row 4: the score is missing.",
        "Row 5: the score “abc” is not a number.",
        f"Row 6: indicator 1.1: {problem('11', '1.1')}.",
    ]


def test_every_problem_of_one_row_is_reported():
    content = csv_bytes([HEADER, ["zz", "9.9", "abc"], ["", "", "", "only a comment"]])

    assert errors_of("s.csv", content) == [
        "Row 2: unknown college code “zz”.",
        "Row 2: unknown indicator code “9.9” (or the indicator takes no score).",
        "Row 2: the score “abc” is not a number.",
        "Row 3: the college code is missing.",
        "Row 3: the indicator code is missing.",
        "Row 3: the score is missing.",
    ]


@pytest.mark.parametrize("score", ["九十", "8,5", "abc", "nan", "NaN", "inf", "-Infinity", "8.5分", "1e400"])
def test_a_score_that_is_not_a_number_is_refused(score):
    assert errors_of("s.csv", csv_bytes([HEADER, ["aa", "1.1", score]])) == [
        f"Row 2: the score “{score}” is not a number."
    ]


def test_a_long_cell_is_clipped_in_the_message():
    (message,) = errors_of("s.csv", csv_bytes([["x" * 500, "1.1", "8"]]))

    assert message == f"Row 1: unknown college code “{'x' * 39}…”."


def test_the_same_college_and_indicator_twice_names_both_rows():
    content = csv_bytes([HEADER, ["aa", "1.1", "8"], ["bb", "1.1", "8"], [" AA ", "1.1", "9"], ["aa", "1.1", "7"]])

    assert errors_of("s.csv", content) == [
        "Row 4: college aa, indicator 1.1 is already scored in row 2.",
        "Row 5: college aa, indicator 1.1 is already scored in row 2.",
    ]


def test_nothing_is_returned_when_any_row_is_bad():
    content = csv_bytes([["aa", "1.1", "8"], ["bb", "1.1", "8"], ["cc", "1.1", "80"]])

    assert errors_of("s.csv", content) == [f"Row 3: indicator 1.1: {problem('80', '1.1')}."]


# Files that cannot be imported: one clear message each


@pytest.mark.parametrize("filename", ["scores.xls", "scores.txt", "scores", "scores.csv.exe", "scores.ods"])
def test_an_unsupported_extension_is_one_error(filename):
    assert errors_of(filename, csv_bytes([["aa", "1.1", "8"]])) == ["Only .xlsx and .csv files are accepted."]


def _docx_like_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _workbook_with_a_broken_sheet():
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADER, ["aa", "1.1", 8]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            data = source.read(name)
            archive.writestr(name, data[: len(data) // 2] if name == "xl/worksheets/sheet1.xml" else data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not a workbook at all",
        xlsx_bytes([HEADER, ["aa", "1.1", 8]])[:300],
        _docx_like_zip(),
        _workbook_with_a_broken_sheet(),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),  # an old .xls renamed
    ],
    ids=["empty", "text", "truncated", "docx", "broken-sheet", "xls"],
)
def test_a_corrupt_xlsx_is_one_clear_error(content):
    assert errors_of("s.xlsx", content) == [
        "The file cannot be read as an Excel workbook (.xlsx); it may be damaged or of another type."
    ]


@pytest.mark.parametrize(
    "content",
    [b"aa,1.1,\xff\xff\n", xlsx_bytes([["aa", "1.1", 8]])],
    ids=["neither-encoding", "workbook-named-csv"],
)
def test_a_csv_that_is_not_text_is_one_clear_error(content):
    assert errors_of("s.csv", content) == ["The file cannot be read as CSV text in UTF-8 or GB18030."]


def test_a_csv_with_a_field_over_the_limit_names_its_row():
    content = b'aa,1.1,8\naa,1.2,"' + b"x" * 200_000 + b'"\n'
    assert errors_of("s.csv", content) == [
        "Row 2: a cell holds more than 131072 characters; shorten it and import again."
    ]


@pytest.mark.parametrize(
    "filename, content",
    [
        ("s.csv", b""),
        ("s.csv", "\ufeff".encode()),
        ("s.csv", b"\r\n , ,\r\n,,,\r\n"),
        ("s.csv", csv_bytes([HEADER])),
        ("s.csv", csv_bytes([["学院", "指标", "得分"], [], [" "]], "gb18030")),
        ("s.xlsx", xlsx_bytes([])),
        ("s.xlsx", xlsx_bytes([HEADER])),
    ],
    ids=[
        "empty",
        "bom-only",
        "blank-rows",
        "header-only",
        "gb18030-header-only",
        "empty-workbook",
        "xlsx-header-only",
    ],
)
def test_a_file_without_scores_is_one_error(filename, content):
    assert errors_of(filename, content) == ["No scores found in the file."]


def test_a_header_without_a_required_column_is_one_error():
    content = csv_bytes([["学院代码", "得分", "评语"], ["aa", "8", ""]])

    assert errors_of("s.csv", content) == [
        "Row 1 is read as a header but has no indicator code column "
        "(accepted names: indicator_code, indicator code, 指标代码, indicator, 指标)."
    ]


def test_more_than_the_maximum_number_of_rows_is_one_error():
    rows = [["aa", "1.1", "8"]] * (MAX_DATA_ROWS + 1)

    assert errors_of("s.csv", csv_bytes(rows)) == [
        "The file has more than 100000 rows of scores (blank rows count too); split it into smaller files."
    ]


def test_the_row_cap_counts_data_rows_not_the_header(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_DATA_ROWS", 3)
    three = [["aa", "1.1", "8"], ["bb", "1.1", "8"], ["cc", "1.1", "8"]]

    assert len(read("s.csv", csv_bytes([HEADER, *three]))) == 3
    assert len(read("s.xlsx", xlsx_bytes([HEADER, *three]))) == 3
    assert len(read("s.csv", csv_bytes(three))) == 3
    for content in (csv_bytes([HEADER, *three, ["aa", "1.2", "8"]]), csv_bytes([*three, ["aa", "1.2", "8"]])):
        assert errors_of("s.csv", content) == [
            "The file has more than 3 rows of scores (blank rows count too); split it into smaller files."
        ]


def test_read_table_gives_stripped_strings_and_skips_blank_rows():
    content = csv_bytes([[" aa ", "1.1 ", " 8"], [], ["", ""], ["bb", "1.2", "9", " 好 "]])

    assert read_table("s.csv", content) == [(1, ["aa", "1.1", "8"]), (4, ["bb", "1.2", "9", "好"])]
