"""The school's target is data on the plan: when staff change it, every page and download says the same."""

import io
import re
from decimal import Decimal as D

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook

from colleges.models import College
from core.cache import generation
from core.pdf import PdfUnavailable, weasyprint
from dashboard import exports
from dashboard.models import AnnualExport, ExportState
from plans.models import Target
from scoring import assessments, schemes

from .helpers import run_commit_hooks

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(plan, users, college_a, college_b):
    """Five colleges, all finalised, four of them balanced: 80 % of the colleges, short of the plan's 90 %."""
    extra = [
        College.objects.create(code=code, name=f"{code}学院", short_name=code, order=order)
        for order, code in enumerate(["cc", "dd", "ee"], start=3)
    ]
    scheme, _ = schemes.load_scheme_file()
    full = {i.code: i.max_points for i in schemes.scored_indicators(scheme)}
    for college in [college_a, *extra, college_b]:
        values = {**full, "D1": D(8)} if college == college_b else full
        assessment = assessments.find_assessment(college, scheme)
        rows = {s.pk: assessments.ScoreInput(values[s.indicator.code]) for s in assessments.scores_of(assessment)}
        assessments.save_scores(assessment, users["staff"], "final_score", rows)
        assessments.transition(assessment, users["staff"], "finalise")
    return scheme


def edit_balanced_target(client, **changes):
    target = Target.objects.get(plan__year=2022, code="balanced-share")
    data = {
        "name": target.name,
        "description": target.description,
        "metric": target.metric,
        "goal": str(target.goal),
        "stretch_goal": str(target.stretch_goal),
        "unit": target.unit,
        "work_point": target.work_point_id,
    }
    return client.post(reverse("plans:target_edit", args=[2022, "balanced-share"]), {**data, **changes})


def page(client, name, *args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def share_bar(html):
    """The goal and stretch labels under the balanced-share bar, and the bar's colour."""
    goal = re.search(r'<span class="share-goal[^"]*"[^>]*>([^<]*)</span>', html).group(1)
    stretch = re.search(r'<span class="share-stretch">([^<]*)</span>', html)
    colour = re.search(r'class="progress-bar (bg-\w+)"', html).group(1)
    return goal, stretch.group(1) if stretch else None, colour


def build_export(client, export_format, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("dashboard:downloads", args=[2022]), {"format": export_format})
    export = AnnualExport.objects.filter(format=export_format).latest("pk")
    assert export.state == ExportState.DONE, export.error
    return b"".join(client.get(reverse("dashboard:export_file", args=[export.pk])).streaming_content)


def workbook_goals(content):
    """(goal, stretch) as the colleges sheet states them, and the balanced target's row of the targets sheet."""
    workbook = load_workbook(io.BytesIO(content))
    share_row = next(row for row in workbook["学院与结论"].iter_rows(values_only=True) if row[0] == "均衡发展比例")
    target_row = next(row for row in workbook["量化目标"].iter_rows(values_only=True) if row[1] == "3.1")
    return share_row[2:5], target_row[2:8]


@pytest.fixture
def pdf_html(monkeypatch):
    """The HTML each PDF build is made from, captured on its way to WeasyPrint."""
    rendered = []
    real = exports.render_to_string

    def capture(template, context):
        html = real(template, context)
        rendered.append(html)
        return html

    monkeypatch.setattr(exports, "render_to_string", capture)
    return rendered


def test_staff_set_the_target_to_80_and_every_view_and_download_agrees(
    school, as_user, pdf_html, django_capture_on_commit_callbacks
):
    staff, office = as_user("staff"), as_user("office")
    # Before: the plan's 90 % (stretch 100 %), and 80 % of the colleges falls short. The dashboard is rendered
    # once so that its cached figures must be retired by the edit.
    assert share_bar(page(office, "dashboard:year", 2022)) == ("目标 90%", "挑战 100%", "bg-warning")
    assert share_bar(page(staff, "scoring:school", 2022)) == ("目标 90%", "挑战 100%", "bg-warning")
    assert workbook_goals(build_export(office, "xlsx", django_capture_on_commit_callbacks)) == (
        (0.8, "目标：90 %", "挑战目标：100 %"),
        (80, 90, 100, "%", 0.88, "否"),
    )

    run_commit_hooks()  # the set-up's own writes, committed
    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        response = edit_balanced_target(staff, goal="80", stretch_goal="95")
    assert response.status_code == 302
    assert generation() > before  # the edit retired every cached figure
    target = Target.objects.get(plan__year=2022, code="balanced-share")
    assert (target.goal, target.stretch_goal) == (D(80), D(95))

    plan_page = page(office, "plans:detail", 2022)
    assert "80%</span>" in plan_page and "/ 目标值 80% · 挑战 95%" in plan_page
    assert "目标值 90%" not in plan_page

    dashboard = page(office, "dashboard:year", 2022)
    assert share_bar(dashboard) == ("目标 80%", "挑战 95%", "bg-primary")
    assert 'class="goal-marker" style="left: 80%"' in dashboard
    assert "80% / 80%" in dashboard  # the measurable targets beside it: value / goal

    assert share_bar(page(staff, "scoring:school", 2022)) == ("目标 80%", "挑战 95%", "bg-primary")

    assert workbook_goals(build_export(office, "xlsx", django_capture_on_commit_callbacks)) == (
        (0.8, "目标：80 %", "挑战目标：95 %"),
        (80, 80, 95, "%", 1, "是"),
    )

    pdf = build_export(office, "pdf", django_capture_on_commit_callbacks) if _pdf_available() else None
    if pdf is None:
        pytest.skip("WeasyPrint cannot run here; the workbook and pages agree")
    assert pdf.startswith(b"%PDF")
    html = pdf_html[-1]
    assert "达标比例：80 %（目标 80 %，挑战目标 95 %）。" in html and "已达到目标。" in html
    balanced_row = re.search(r"<td>二级学院关工委达到“均衡发展”要求的比例.*?</tr>", html, re.DOTALL).group(0)
    cells = re.findall(r'<td class="number">([^<]*)</td>', balanced_row)
    assert cells == ["80 %", "80 %", "95 %", "100 %"]  # value, goal, stretch goal, share of the goal
    assert "90 %" not in html


def _pdf_available():
    try:
        weasyprint()
    except PdfUnavailable:
        return False
    return True


def test_a_year_without_the_target_shows_none_rather_than_a_made_up_goal(school, as_user):
    Target.objects.filter(plan__year=2022, code="balanced-share").delete()
    assert share_bar(page(as_user("office"), "dashboard:year", 2022)) == ("未设目标", None, "bg-secondary")
    assert "goal-marker" not in page(as_user("office"), "dashboard:year", 2022)
    assert share_bar(page(as_user("staff"), "scoring:school", 2022)) == ("未设目标", None, "bg-secondary")
    workbook = load_workbook(io.BytesIO(exports.build_workbook(2022)))
    share_row = next(row for row in workbook["学院与结论"].iter_rows(values_only=True) if row[0] == "均衡发展比例")
    assert share_row[2:] == (0.8, "未设目标", None, None, None, None, None, None)
    html = render_to_string(exports.PDF_TEMPLATE, exports._pdf_context(2022))
    assert "达标比例：80 %（工作计划未设目标）。" in html and "已达到目标" not in html and "尚未达到" not in html


def test_a_target_without_a_stretch_goal_shows_the_goal_alone(school, as_user):
    edit_balanced_target(as_user("staff"), goal="75", stretch_goal="")
    assert share_bar(page(as_user("office"), "dashboard:year", 2022)) == ("目标 75%", None, "bg-primary")
    assert share_bar(page(as_user("staff"), "scoring:school", 2022)) == ("目标 75%", None, "bg-primary")
    html = render_to_string(exports.PDF_TEMPLATE, exports._pdf_context(2022))
    assert "达标比例：80 %（目标 75 %）。" in html
