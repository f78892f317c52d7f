"""The to-do homes with every card filled (drafts, returned reasons, a near deadline, an aged queue, an assessment
awaiting review): axe-core at a phone's and a laptop's width and the W3C HTML checker, as on every other page."""

import datetime

import pytest
from django.utils import timezone

from activities.models import ActivityReport, Status
from scoring import assessments, schemes

from ..conftest import make_report
from .a11y import STILL, axe_violations, describe, failing, install_axe, require_vnu, vnu_errors
from .conftest import log_in
from .test_accessibility import WIDTHS


@pytest.fixture
def busy_school(plan, users, college_a, college_b):
    make_report(college_a, users["sec1"], title="未完成的草稿")
    make_report(college_a, users["sec1"], status=Status.RETURNED, title="被退回的报告")
    waiting = make_report(college_a, users["sec1"], status=Status.SUBMITTED, title="等了很久的报告")
    ActivityReport.objects.filter(pk=waiting.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=10))
    scheme, _ = schemes.load_scheme_file()
    scheme.self_assessment_deadline = timezone.localdate() + datetime.timedelta(days=3)
    scheme.save()
    assessment = assessments.find_assessment(college_b, scheme)
    full = {s.pk: assessments.ScoreInput(s.indicator.max_points) for s in assessments.scores_of(assessment)}
    assessments.save_scores(assessment, users["sec2"], "self_score", full)
    assessments.transition(assessment, users["sec2"], "submit")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("persona", ["sec1", "staff"])
def test_a_full_to_do_home_has_no_serious_violation(persona, busy_school, browser, live_server):
    context = browser.new_context(viewport={"width": WIDTHS[0][0], "height": WIDTHS[0][1]}, locale="zh-CN", **STILL)
    install_axe(context)
    page = context.new_page()
    log_in(page, live_server.url, persona)
    page.goto(live_server.url + "/")
    page.wait_for_load_state("load")
    assert page.locator("[data-todo='activities.review'], [data-todo='activities.returned']").count() == 1
    problems = []
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        problems += describe(f"{persona} {width}px home", failing(axe_violations(page)))
    context.close()
    assert problems == [], "\n" + "\n".join(problems)


def test_a_full_to_do_home_is_valid_html(busy_school, as_user, tmp_path):
    require_vnu()
    for persona in ("sec1", "staff"):
        page = as_user(persona).get("/").content.decode()
        assert "被退回的报告" in page or "待复评的考核" in page
        (tmp_path / f"{persona}.html").write_text(page, encoding="utf-8")
    errors = vnu_errors(tmp_path.glob("*.html"))
    assert errors == {}
