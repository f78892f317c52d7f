"""Every download of the permission matrix is named for people (Chinese) in RFC 6266's two forms: `filename*`
in UTF-8 and an ASCII `filename` for the browsers that do not read it (core.files.content_disposition)."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from core.files import ascii_filename, content_disposition

from .test_permissions import url_cases

# Downloads the matrix must reach as staff: the check cannot pass by finding none.
EXPECTED = {
    "activities:evidence_zip",
    "dashboard:export_file",
    "scoring:import_template",
    "committee:units_export",
    "region:work_report_pdf",
    "region:work_report_docx",
}


def parse(header: str) -> tuple[str, dict[str, str]]:
    """The disposition and its parameters, as RFC 6266 lays them out (quoted strings may hold ';')."""
    disposition, _, rest = header.partition(";")
    params = dict(re.findall(r'\s*([\w*]+)=("(?:[^"\\]|\\.)*"|[^;]*)\s*(?:;|$)', rest))
    return disposition.strip(), params


def check(header: str) -> str:
    disposition, params = parse(header)
    assert disposition in {"attachment", "inline"}, header
    assert set(params) == {"filename", "filename*"}, header
    fallback = params["filename"]
    assert fallback.startswith('"') and fallback.endswith('"') and fallback.isascii(), header
    charset, _, encoded = params["filename*"].partition("''")
    assert charset.upper() == "UTF-8" and encoded.isascii(), header
    name = unquote(encoded, errors="strict")
    assert name and "/" not in name, header
    assert fallback.strip('"').rsplit(".", 1)[-1] == name.rsplit(".", 1)[-1], header  # the same extension
    return name


def test_the_header_has_both_forms_and_an_ascii_fallback():
    name = check(content_disposition("成员单位-2022.xlsx"))
    assert name == "成员单位-2022.xlsx"
    assert ascii_filename("成员单位-2022.xlsx") == "2022.xlsx"
    assert ascii_filename("关工委.pdf") == "download.pdf"
    assert ascii_filename('a"b;c d.txt') == "a-b-c-d.txt" and ascii_filename("../x/报告.txt") == "download.txt"
    assert parse(content_disposition("x.jpg", inline=True))[0] == "inline"


@pytest.mark.parametrize("persona", ["staff", "sec1"])
def test_every_download_carries_a_chinese_name_in_both_forms(
    persona, plan, users, college_a, report, assessment, export, as_user
):
    client = as_user(persona)
    found = {}
    for name, url, _expected, _write in url_cases(plan, college_a, report, assessment, export):
        response = client.get(url)
        if response.status_code != 200:
            continue
        kind = response.get("Content-Type", "")
        if not kind.startswith(("text/html", "application/json")):
            assert response.has_header("Content-Disposition"), f"{name}: a file without a name ({kind})"
        if response.has_header("Content-Disposition"):
            found[name] = check(response["Content-Disposition"])
    if persona == "staff":
        assert set(found) >= EXPECTED, EXPECTED - set(found)
        named_by_portal = [found[name] for name in EXPECTED]
        assert all(re.search(r"[\u4e00-\u9fff]", name) for name in named_by_portal), named_by_portal
