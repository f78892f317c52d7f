"""Small hostile sheets that once held the importer for minutes and gigabytes are refused quickly, in Chinese.

Each bomb is built here, a few kilobytes in size: a sheet with a cell in column XFD on every row, a sheet with
rows 1 and 1,000,000,000, a CSV of blank lines, a workbook that unpacks to more than the importer reads. The
walk over the rows is watched through openpyxl's public iter_rows, so the tests assert how far the importer
read (and stop it early if it reads too far) instead of timing it.
"""

import io
import tracemalloc
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from scoring import sheets
from scoring.importer import ScoreImportError, read_scores
from scoring.rules import IndicatorSpec
from scoring.sheets import MAX_COLUMNS, MAX_DATA_ROWS, read_table

INDICATORS = {"1.1": IndicatorSpec("1.1", "工作制度", Decimal(10))}
SHEET = "xl/worksheets/sheet1.xml"


def workbook_with_sheet(rows_xml: str, dimension: str = "A1:XFD1048576") -> bytes:
    """A real workbook whose first sheet is replaced by `rows_xml`, under a hostile declared dimension."""
    workbook = Workbook()
    workbook.active.append(["placeholder"])
    source = io.BytesIO()
    workbook.save(source)
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>'
    )
    return _replace_member(source.getvalue(), SHEET, sheet.encode())


def _replace_member(content: bytes, name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.namelist():
            out.writestr(member, data if member == name else source.read(member))
    return buffer.getvalue()


def text_cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def scores_row(number: int) -> str:
    return (
        f'<row r="{number}">{text_cell(f"A{number}", "aa")}{text_cell(f"B{number}", "1.1")}'
        f'<c r="C{number}"><v>8</v></c></row>'
    )


@pytest.fixture
def walk(monkeypatch):
    """Watches every sheet walk: rows read and the widest row; stops a walk that runs past the caps."""
    seen = {"rows": 0, "widest": 0}
    original = ReadOnlyWorksheet.iter_rows

    def watched(sheet, *args, **kwargs):
        for row in original(sheet, *args, **kwargs):
            seen["rows"] += 1
            seen["widest"] = max(seen["widest"], len(row))
            if seen["rows"] > MAX_DATA_ROWS + 2 or len(row) > MAX_COLUMNS:
                raise AssertionError(f"the importer read past its caps: {seen}")
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "iter_rows", watched)
    return seen


def errors_in_chinese(filename: str, content: bytes) -> list[str]:
    with translation.override("zh-hans"), pytest.raises(ScoreImportError) as caught:
        read_scores(filename, content, colleges={"aa"}, indicators=INDICATORS)
    return caught.value.errors


def test_a_cell_in_column_xfd_on_every_row_widens_no_row(walk):
    rows = "".join(f'<row r="{n}">{text_cell(f"XFD{n}", "x")}</row>' for n in range(1, 3_001))
    content = workbook_with_sheet(rows)
    assert len(content) < 500_000

    tracemalloc.start()
    try:
        errors = errors_in_chinese("bomb.xlsx", content)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    # Column XFD lies beyond the columns read, so the sheet holds no scores.
    assert errors == ["文件中没有找到得分。"]
    assert walk["rows"] == 3_000 and walk["widest"] <= MAX_COLUMNS
    assert peak < 20 * 1024 * 1024  # 30,000 such rows took 4 GB when each was padded to 16,384 cells


def test_scores_beside_a_cell_in_column_xfd_are_read_as_usual(walk):
    rows = scores_row(1).replace("</row>", text_cell("XFD1", "x") + "</row>")
    table = read_table("s.xlsx", workbook_with_sheet(rows))
    assert table == [(1, ["aa", "1.1", "8"])]


def test_rows_1_and_1_000_000_000_stop_at_the_row_cap(walk):
    rows = scores_row(1) + scores_row(1_000_000_000)
    content = workbook_with_sheet(rows, dimension="A1:C1000000000")
    assert len(content) < 5_000

    assert errors_in_chinese("bomb.xlsx", content) == [
        f"文件超过 {MAX_DATA_ROWS} 行分数（空行也计算在内），请拆分成较小的文件。"
    ]
    assert walk["rows"] == MAX_DATA_ROWS + 2  # the header's allowance, then the first row past the cap


def test_blank_rows_count_toward_the_row_cap(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_DATA_ROWS", 3)
    csv_content = b"college,indicator,score\n" + b"\n" * 5 + b"aa,1.1,8\n"
    sheet_rows = scores_row(1) + scores_row(7)

    assert errors_in_chinese("s.csv", csv_content) == ["文件超过 3 行分数（空行也计算在内），请拆分成较小的文件。"]
    assert errors_in_chinese("s.xlsx", workbook_with_sheet(sheet_rows)) == [
        "文件超过 3 行分数（空行也计算在内），请拆分成较小的文件。"
    ]


def test_a_workbook_that_unpacks_to_more_than_the_importer_reads_is_refused_unread(monkeypatch):
    # 70 MB of spaces inside the sheet's XML: legal, and about 70 KB once compressed.
    padding = " " * (sheets.MAX_WORKBOOK_BYTES + 6 * 1024 * 1024)
    content = workbook_with_sheet(scores_row(1) + padding)
    assert len(content) < 1_000_000
    monkeypatch.setattr(sheets, "load_workbook", lambda *a, **k: pytest.fail("the workbook was opened"))

    assert errors_in_chinese("bomb.xlsx", content) == [
        "工作簿解压后超过 64 MB 或包含超过 1000 个部件；请只把分数另存为新的工作簿或 CSV 文件后再导入。"
    ]


def test_a_workbook_with_too_many_parts_is_refused(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_WORKBOOK_PARTS", 5)
    content = workbook_with_sheet(scores_row(1))
    assert len(zipfile.ZipFile(io.BytesIO(content)).namelist()) > 5

    [error] = errors_in_chinese("s.xlsx", content)
    assert "5 个部件" in error


def test_a_csv_with_a_200_000_character_comment_names_the_row_and_the_limit():
    content = b"college,indicator,score,comment\naa,1.1,8,ok\naa,1.1,8," + b"x" * 200_000 + b"\n"

    assert errors_in_chinese("s.csv", content) == ["第 3 行：有单元格超过 131072 个字符，请缩短后重新导入。"]


def test_the_command_refuses_a_file_over_the_size_limit_before_reading_it(db, tmp_path, monkeypatch):
    from scoring import schemes
    from scoring.management.commands import import_scores

    schemes.load_scheme_file()
    monkeypatch.setattr(import_scores, "MAX_FILE_BYTES", 10)
    path = tmp_path / "scores.csv"
    path.write_bytes(b"college,indicator,score\naa,1.1,8\n")
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("the file was read"))

    with translation.override("zh-hans"), pytest.raises(CommandError, match="MB"):
        call_command("import_scores", str(path), year=2022, stdout=io.StringIO())
