"""Bulk import of reviewed scores (page and command) and the scoring report read back."""

import csv
import io
import json
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from scoring import assessments
from scoring.models import Assessment, AssessmentStatus, IndicatorScore


def sheet_rows(college, values, comment=""):
    return [[college, code, str(value), comment] for code, value in values.items()]


def csv_bytes(rows, header=True):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header:
        writer.writerow(["college", "indicator", "score", "comment"])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def run_report(fmt="json"):
    out = io.StringIO()
    call_command("scoring_report", year=2022, format=fmt, stdout=out)
    return out.getvalue()


def test_import_then_report_gives_each_verdict_and_reason(scheme, full_marks, users, college_a, college_b, tmp_path):
    rows = sheet_rows("aa", full_marks) + sheet_rows("BB", {**full_marks, "C1": D("6.5"), "A3": D(5)})
    path = tmp_path / "scores.csv"
    path.write_bytes(csv_bytes(rows))
    out = io.StringIO()
    call_command("import_scores", str(path), year=2022, stdout=out)
    assert "Imported 28 scores for 2 colleges; 2 assessments finalised." in out.getvalue()

    report = json.loads(run_report())
    by_code = {c["code"]: c for c in report["colleges"]}
    assert by_code["aa"]["total"] == "100" and by_code["aa"]["balanced"] is True and by_code["aa"]["reasons"] == []
    assert by_code["bb"]["total"] == "93.5" and by_code["bb"]["balanced"] is True
    assert by_code["aa"]["key_full_marks"] == {"A2": True, "B1": True, "D1": True}
    assert report["scheme"]["threshold"] == "90"
    assert [i["code"] for i in report["scheme"]["indicators"] if i["key"]] == ["A2", "B1", "D1"]
    assert {i["mode"] for i in report["scheme"]["indicators"]} == {"points", "yes_no", "graded"}
    assert report["school"] == {
        "balanced": 2,
        "colleges": 2,
        "finalised": 2,
        "percent": "100",
        "counts": "finalised assessments of active colleges",
    }


def test_report_reasons_name_the_failure_in_chinese(scheme, full_marks, users, college_a, college_b, tmp_path):
    rows = sheet_rows("aa", {**full_marks, "D1": D("9.5")}) + sheet_rows(
        "bb", {**full_marks, "C1": 0, "C2": 0, "A3": D("0.5")}
    )
    (tmp_path / "s.csv").write_bytes(csv_bytes(rows))
    call_command("import_scores", str(tmp_path / "s.csv"), year=2022, stdout=io.StringIO())
    by_code = {c["code"]: c for c in json.loads(run_report())["colleges"]}
    assert by_code["aa"]["reasons"] == ["关键指标 D1 得分 9.5/10，未满分"]
    assert by_code["bb"]["reasons"] == ["总分 76.5，低于 90"]
    csv_out = list(csv.reader(io.StringIO(run_report("csv"))))
    assert csv_out[0][:4] == ["code", "name", "status", "total"]
    assert csv_out[1][0] == "aa" and csv_out[1][-2] == "False"


def test_a_bad_sheet_is_refused_whole_with_every_row_named(scheme, full_marks, users, college_a, college_b, tmp_path):
    rows = sheet_rows("aa", full_marks) + [
        ["zz", "A1", "5", ""],
        ["bb", "Q9", "5", ""],
        ["bb", "A2", "11", ""],
        ["bb", "A3", "-1", ""],
        ["bb", "B1", "九", ""],
        ["bb", "A1", "2.5", ""],
        ["bb", "B2", "5", ""],
    ]
    (tmp_path / "bad.csv").write_bytes(csv_bytes(rows))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_scores", str(tmp_path / "bad.csv"), year=2022, stdout=io.StringIO(), stderr=err)
    messages = err.getvalue()
    for row in range(16, 23):
        assert f"Row {row}" in messages or f"第 {row} 行" in messages, row
    assert not IndicatorScore.objects.exclude(final_score=None).exists()


def test_a_final_college_is_reopened_rescored_and_finalised_again(scheme, full_marks, users, college_a, tmp_path):
    (tmp_path / "s.csv").write_bytes(csv_bytes(sheet_rows("aa", full_marks)))
    call_command("import_scores", str(tmp_path / "s.csv"), year=2022, stdout=io.StringIO())
    (tmp_path / "t.csv").write_bytes(csv_bytes(sheet_rows("aa", {"A2": 9})))
    call_command("import_scores", str(tmp_path / "t.csv"), year=2022, reopen_final=True, stdout=io.StringIO())
    assessment = Assessment.objects.get(college=college_a)
    assert assessment.is_final and not assessment.balanced and assessment.key_short == ["A2"]
    assert list(assessment.events.values_list("action", flat=True)) == ["finalise", "reopen", "finalise"]
    a2 = assessment.scores.get(indicator__code="A2")
    assert list(a2.changes.order_by("pk").values_list("old_value", "new_value")) == [(None, D(10)), (D(10), D(9))]


def test_keep_open_leaves_colleges_under_review(scheme, full_marks, users, college_a, tmp_path):
    (tmp_path / "s.csv").write_bytes(csv_bytes(sheet_rows("aa", full_marks)))
    call_command("import_scores", str(tmp_path / "s.csv"), year=2022, keep_open=True, stdout=io.StringIO())
    assert Assessment.objects.get(college=college_a).status == AssessmentStatus.SELF
    assert json.loads(run_report())["school"]["balanced"] == 0


def test_the_import_page_reports_rows_in_chinese(scheme, full_marks, users, college_a, as_user):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["学院代码", "指标代码", "得分", "评语"])
    sheet.append(["aa", "A1", 2.5, ""])
    sheet.append(["aa", "A2", 10, "好"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("复评.xlsx", buffer.getvalue())
    response = as_user("staff").post(reverse("scoring:import", args=[2022]), {"file": upload, "finalise": "on"})
    text = response.content.decode()
    assert "未导入任何内容" in text and "第 2 行：指标 A1：“是否”类指标只能得满分或零分" in text
    assert not IndicatorScore.objects.exclude(final_score=None).exists()


def test_the_import_page_imports_a_good_sheet(scheme, full_marks, users, college_a, as_user):
    upload = SimpleUploadedFile("复评.csv", csv_bytes(sheet_rows("aa", full_marks)))
    response = as_user("staff").post(
        reverse("scoring:import", args=[2022]), {"file": upload, "finalise": "on"}, follow=True
    )
    assert "已导入 1 个学院的 14 项得分；1 个学院完成考核" in response.content.decode()
    assessment = Assessment.objects.get(college=college_a)
    assert assessment.is_final and assessment.balanced
    assert assessment.scores.first().changes.get().source == "import"


def test_recompute_follows_a_score_change_and_the_cached_share(scheme, full_marks, users, college_a, college_b):
    from scoring.progress import balanced_college_share

    assessment = assessments.find_assessment(college_a, scheme)
    rows = {s.pk: assessments.ScoreInput(full_marks[s.indicator.code]) for s in assessments.scores_of(assessment)}
    assessments.save_scores(assessment, users["staff"], "final_score", rows)
    assessments.transition(assessment, users["staff"], "finalise")
    assert balanced_college_share(2022)[0] == D(50)
    assessments.transition(Assessment.objects.get(pk=assessment.pk), users["staff"], "reopen", "复核")
    a2 = assessment.scores.get(indicator__code="A2")
    assessments.save_scores(
        Assessment.objects.get(pk=assessment.pk), users["staff"], "final_score", {a2.pk: assessments.ScoreInput(D(9))}
    )
    assessments.transition(Assessment.objects.get(pk=assessment.pk), users["staff"], "finalise")
    assert balanced_college_share(2022)[0] == D(0)
    assessment.refresh_from_db()
    assert assessment.key_short == ["A2"] and not assessment.balanced


def test_recompute_scheme_rebuilds_every_verdict(scheme, full_marks, users, college_a, college_b):
    assessments.ensure_assessments(scheme)
    IndicatorScore.objects.filter(assessment__college=college_a).update(final_score=10)
    for score in IndicatorScore.objects.filter(assessment__college=college_a).select_related("indicator"):
        score.final_score = full_marks[score.indicator.code]
        score.save()
    assert assessments.recompute_scheme(scheme) == 2
    assert Assessment.objects.get(college=college_a).final_total == D(100)
    assert Assessment.objects.get(college=college_b).final_total == D(0)


def test_the_benchmark_command_prints_its_figures_and_leaves_no_data(scheme, db):
    out = io.StringIO()
    call_command("bench_verdicts", colleges=30, runs=1, stdout=out)
    assert "recompute_all_verdicts[every_verdict_written]" in out.getvalue()
    assert not Assessment.objects.exists()
