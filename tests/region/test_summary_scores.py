"""The review summary's scores per indicator: for each reviewed school, every reviewer's submitted score, their mean
and the collective score, with totals, in the workbook (a sheet per school) and the PDF, equal to the database's
and read in the same number of queries however many applications there are."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from region import exports, services
from region.models import Application, ApplicationScore, Assignment, AssignmentStatus, ReviewScore

from .builders import full_scores, submit

pytestmark = pytest.mark.django_db


def submit_reviews(application, **overrides):
    for assignment in application.assignments.filter(status=AssignmentStatus.PENDING).select_related("reviewer"):
        services.save_review(
            assignment, assignment.reviewer, assignment.version, full_scores(application, **overrides), {}, submit=True
        )


def workbook_of(region):
    with translation.override("zh-hans"):
        return load_workbook(io.BytesIO(exports.build_workbook(region, lambda percent: None)))


def display_name(user):
    return user.get_full_name() or user.username


@pytest.fixture
def scored(reviewed):
    """s1 reviewed and its result recorded; s2's reviewers differ on C2 and A3; one reviewer with a full name."""
    reviewer = reviewed.reviewers["s3"]
    reviewer.first_name, reviewer.last_name = "王", "明"
    reviewer.save()
    s2 = reviewed.apps["s2"]
    first, second = s2.assignments.select_related("reviewer").order_by("reviewer__username")
    services.save_review(first, first.reviewer, first.version, full_scores(s2, C2="3"), {}, submit=True)
    services.save_review(second, second.reviewer, second.version, full_scores(s2, A3="7.5"), {}, submit=True)
    s1 = reviewed.apps["s1"]
    services.record_result(s1, reviewed.lead, s1.version, full_scores(s1, C2="4"), "总体良好")
    return reviewed


def test_each_reviewed_school_has_a_sheet_of_every_reviewers_and_the_collective_score_per_indicator(scored):
    book = workbook_of(scored.region)
    under_review = Application.objects.filter(region=scored.region, status__in=["under_review", "reviewed"])
    assert book.sheetnames[0] == "评议汇总"
    assert sorted(book.sheetnames[1:]) == sorted(a.institution.short_name for a in under_review)
    assert "甲校" in book.sheetnames and "丙校" not in book.sheetnames  # s3 was returned: nothing to show

    for application in under_review:
        sheet = book[application.institution.short_name]
        assert sheet["A1"].value == f"2022 年第十片评议汇总表：{application.institution.name}分项评分"
        header = [cell.value for cell in sheet[2]]
        submitted = list(
            application.assignments.filter(status=AssignmentStatus.SUBMITTED)
            .select_related("reviewer")
            .order_by("reviewer__username")
        )
        assert header == ["代码", "指标", "满分", "自评得分", *map(display_name, [a.reviewer for a in submitted]),
                          "评议专家平均分", "集体评议分"]  # fmt: skip
        rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
        for score in ApplicationScore.objects.filter(application=application).select_related("indicator"):
            row = rows[score.indicator.code]
            given = [ReviewScore.objects.get(assignment=a, indicator=score.indicator).score for a in submitted]
            expected_mean = sum(given) / len(given) if given else None
            assert row[2] == score.indicator.max_points
            assert row[3] == score.self_score
            assert list(row[4 : 4 + len(submitted)]) == given
            assert row[-2] == (None if expected_mean is None else pytest.approx(expected_mean))
            assert row[-1] == score.collective_score
        total = rows["合计"]
        assert total[3] == application.self_total and total[-1] == application.collective_total
        assert list(total[4 : 4 + len(submitted)]) == [
            sum(s.score for s in ReviewScore.objects.filter(assignment=a)) for a in submitted
        ]


def test_the_figures_are_the_ones_people_scored(scored):
    book = workbook_of(scored.region)
    s1 = {row[0]: row for row in book["甲校"].iter_rows(min_row=3, values_only=True)}
    assert s1["C2"][-1] == 4 and s1["C2"][-2] == 15  # the collective score agreed below the reviewers' mean
    assert s1["合计"][-1] == 89  # the collective total as recorded
    s2 = book["乙校"]
    assert [cell.value for cell in s2[2]][4:6] == ["reviewer-s1", "王 明"]  # a reviewer by their full name
    rows = {row[0]: row for row in s2.iter_rows(min_row=3, values_only=True)}
    assert rows["C2"][4:7] == (3, 15, 9) and rows["A3"][4:7] == (10, 7.5, 8.75)
    assert rows["C2"][-1] is None and rows["合计"][-1] is None  # no collective result recorded yet


def test_a_pending_review_is_not_shown(reviewed):
    lead_school = Application.objects.get(pk=reviewed.apps["lead"].pk)
    assert lead_school.assignments.filter(status=AssignmentStatus.PENDING).exists()
    sheet = workbook_of(reviewed.region)["牵头校"]
    assert [cell.value for cell in sheet[2]] == ["代码", "指标", "满分", "自评得分", "评议专家平均分", "集体评议分"]


def test_the_workbook_is_read_in_as_many_queries_for_more_applications(reviewed):
    with CaptureQueriesContext(connection) as few:
        workbook_of(reviewed.region)
    before = Application.objects.filter(region=reviewed.region, status="under_review").count()
    # s3 completes and resubmits, s4 submits: both are assigned on arrival, and all reviews are handed in.
    submit(reviewed, "s3")
    submit(reviewed, "s4")
    for application in Application.objects.filter(region=reviewed.region):
        submit_reviews(application, B1="6")
    assert Application.objects.filter(region=reviewed.region, status="under_review").count() == before + 2
    assert Assignment.objects.filter(round=reviewed.round, status=AssignmentStatus.SUBMITTED).count() > 2
    with CaptureQueriesContext(connection) as many:
        book = workbook_of(reviewed.region)
    assert len(book.sheetnames) == 1 + before + 2
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_pdf_shows_the_same_scores_per_indicator(scored):
    with translation.override("zh-hans"):
        html = exports.pdf_html(scored.region)
    part = html[html.index("乙校（测试） · 分项评分") :]
    part = part[: part.index("</table>")]
    assert "<th>reviewer-s1</th><th>王 明</th>" in part
    c2 = part[part.index("<td>C2</td>") :].split("</tr>")[0]
    assert "<td>3</td><td>15</td><td>9</td><td>—</td>" in c2
    assert "甲校（测试） · 分项评分" in html and "丙校（测试） · 分项评分" not in html
