"""The region's results and work report go into the lead school's year archive, and into no other school's."""

import io
import json
import zipfile

import pytest
from docx import Document

from core.scoping import school_scope
from publicity import archive
from region import services
from region.archive import region_files

from .builders import full_scores

pytestmark = pytest.mark.django_db

FOLDER = "region/t10-第十片"


def test_the_lead_schools_archive_holds_the_regions_results_and_report(reviewed):
    s1 = reviewed.apps["s1"]
    services.record_result(s1, reviewed.lead, s1.version, full_scores(s1, A2="9"), "请补齐二级关工委")
    text = "2022 第十片工作情况通报\n一、总体情况\n正文"
    report = services.save_work_report(reviewed.region, reviewed.lead, text, None)
    services.submit_work_report(reviewed.region, reviewed.lead, report.version)

    content, _count = archive.build(2022)
    with zipfile.ZipFile(io.BytesIO(content)) as built:
        names = set(built.namelist())
        assert {f"{FOLDER}/results.json", f"{FOLDER}/review-summary.xlsx", f"{FOLDER}/work-report.docx"} <= names
        assert f"{FOLDER}/work-report.pdf" in names or f"{FOLDER}/work-report-pdf-missing.txt" in names
        results = json.loads(built.read(f"{FOLDER}/results.json"))
        row = next(row for row in results["results"] if row["school"] == "甲校（测试）")
        assert row["collective_total"] == "99.00"
        state = json.loads(built.read(f"{FOLDER}/work-report.json"))
        assert state["state"] == "submitted" and state["submitted_by"] == reviewed.lead.get_username()
        document = Document(io.BytesIO(built.read(f"{FOLDER}/work-report.docx")))
        assert document.paragraphs[0].text == "2022 第十片工作情况通报"
        assert archive.check(io.BytesIO(content)).ok


def test_another_schools_archive_has_none_of_the_region(reviewed):
    with school_scope(reviewed.schools["s1"]):
        files = dict(region_files(2022))
    assert list(files) == ["README.txt"]
    assert not any(name.startswith("t10") for name in files)
