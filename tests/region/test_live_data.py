"""An application drafted from the school's own data (从本校数据生成): the figures read in the school's scope, the
contact's draft and its refusals, and the evidence page that only the contact, the lead and the application's
reviewers open."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from care.models import Need, NeedCategory
from colleges.models import BrandProject, College, Role
from core.scoping import school_scope
from core.versions import StaleWrite
from plans.services import DATA_DIR, load_workplan_file
from region import live, services
from region.models import Action, ApplicationEvent, Assignment, EvidenceSource, SchoolIndicator
from region.workflow import RegionError
from scoring import schemes
from scoring.models import Assessment, AssessmentStatus
from tests.conftest import client_for, make_report, make_user

YEAR = 2022


def run_year(school, colleges: int, balanced: int, approved: int = 2):
    """`school` keeps its 2022 year in the portal: the plan, `colleges` colleges of which `balanced` are final and
    balanced, a brand project each, `approved` approved reports of its first college (the first under work point
    4.2), and two care needs."""
    tag = school.code
    with school_scope(school):
        load_workplan_file(DATA_DIR / "workplan_2022.json")
        rows = [
            College.objects.create(
                code=f"{tag}{i}", name=f"{school.short_name}第{i}学院", short_name=f"{tag}{i}", order=i
            )
            for i in range(1, colleges + 1)
        ]
        schemes.load_scheme_file()
        final = Assessment.objects.filter(college__in=rows[:balanced])
        final.update(status=AssessmentStatus.FINALISED, balanced=True, final_total=95)
        for college in rows:
            BrandProject.objects.create(college=college, year=YEAR, title=f"{college.name}品牌", status="completed")
        make_user(f"staff-{tag}", Role.STAFF)
        secretary = make_user(f"sec-{tag}", Role.SECRETARY, college=rows[0])
        for n in range(approved):
            # 讲师团宣讲 serves work point 4.2 of the plan; 其他 none.
            kind = "lecturer-lecture" if n == 0 else "other"
            make_report(rows[0], secretary, status="approved", title=f"{tag}活动{n}", kind=kind)
        category = NeedCategory.objects.first()
        for status in ("open", "matched"):
            Need.objects.create(
                college=rows[0],
                category=category,
                year=YEAR,
                description="需要帮助",
                status=status,
                created_by=secretary,
                created_at=timezone.now(),
            )
    return rows


@pytest.fixture
def runs(reviewed):
    """s4 (a draft) and s2 (under review) keep their year in the portal, with different data."""
    run_year(reviewed.schools["s4"], colleges=4, balanced=3)
    run_year(reviewed.schools["s2"], colleges=2, balanced=0, approved=1)
    return reviewed


def draft(world, code, user=None):
    application = world.apps[code]
    application.refresh_from_db()
    return services.draft_from_data(application, user or world.contacts[code], application.version)


# ── the figures ─────────────────────────────────────────────────────────────────────────────────────────────────


def test_the_figures_are_the_schools_own(runs):
    figures = live.live_figures(runs.schools["s4"], YEAR)
    assert figures.runs_year and figures.plan_title
    assert (figures.colleges, figures.balanced, figures.percent) == (4, 3, 75)
    assert figures.goal is not None and figures.goal_standing == "short"  # the 2022 plan's target is 90 %
    assert figures.approved_reports == 2
    counted = {section.number: section.reports for section in figures.sections}
    assert counted[4] == 1 and counted[None] == 1 and sum(counted.values()) == 2
    assert figures.sections[-1].number is None and figures.sections[-1].reports == 1
    assert figures.care["needs"]["all"] == 2 and figures.care["needs"]["matched"] == 1
    assert sorted(b.title for b in figures.brands) == [f"丁校第{i}学院品牌" for i in (1, 2, 3, 4)]
    other = live.live_figures(runs.schools["s2"], YEAR)
    assert (other.colleges, other.balanced, other.approved_reports, len(other.brands)) == (2, 0, 1, 2)


def test_a_school_without_a_plan_does_not_run_its_year(runs):
    assert not live.runs_year(runs.schools["s1"], YEAR)
    assert live.live_figures(runs.schools["s1"], YEAR).runs_year is False
    assert live.runs_year(runs.schools["s4"], YEAR)
    assert not live.runs_year(runs.schools["s4"], YEAR + 1)


@pytest.mark.parametrize("colleges", [2, 12])
def test_the_figures_and_details_take_a_fixed_number_of_queries(reviewed, colleges, django_assert_max_num_queries):
    school = reviewed.schools["s4"]
    run_year(school, colleges=colleges, balanced=colleges // 2, approved=colleges // 2 + 1)
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(18):
        live.live_details(school, YEAR)


# ── the draft ───────────────────────────────────────────────────────────────────────────────────────────────────


def test_the_contact_drafts_the_report_and_the_sourced_notes(runs):
    before = runs.apps["s4"].version
    draft(runs, "s4")
    application = runs.apps["s4"]
    application.refresh_from_db()
    assert application.version == before + 1
    report = application.report
    assert "丁校（测试）" in report and "75" in report and "90" in report and len(report) <= 2000
    assert "丁校第1学院品牌" in report and "乙校" not in report
    assert "：0篇" not in report and ": 0" not in report  # sections without reports are left out
    notes = {row.indicator.evidence: row.self_note for row in application.scores.select_related("indicator")}
    assert "3" in notes[EvidenceSource.COLLEGES] and "4" in notes[EvidenceSource.COLLEGES]
    assert "丁校第2学院品牌" in notes[EvidenceSource.BRANDS]
    assert notes[""] == ""  # an indicator without a source keeps its note
    event = ApplicationEvent.objects.filter(application=application).latest("pk")
    assert event.action == Action.DRAFT_FROM_DATA and event.actor == runs.contacts["s4"]
    assert all(row.self_score is not None for row in application.scores.all())  # the scores stay the contact's


def test_the_mapping_is_the_schemes_data(runs):
    SchoolIndicator.objects.filter(scheme__region=runs.region, code="D1").update(evidence=EvidenceSource.CARE)
    draft(runs, "s4")
    note = runs.apps["s4"].scores.get(indicator__code="D1").self_note
    assert "关爱" in note or "Care needs" in note


def test_the_draft_is_refused_to_everyone_but_the_schools_contact(runs):
    application = runs.apps["s4"]
    for user in (runs.lead, runs.contacts["s1"], runs.reviewers["s1"], runs.province):
        with pytest.raises(RegionError):
            services.draft_from_data(application, user, application.version)
    application.refresh_from_db()
    assert application.report == "我校关工委工作扎实。"


def test_the_draft_is_refused_on_a_stale_version_or_a_submitted_application(runs):
    application = runs.apps["s4"]
    with pytest.raises(StaleWrite):
        services.draft_from_data(application, runs.contacts["s4"], application.version - 1)
    submitted = runs.apps["s2"]
    with pytest.raises(RegionError):
        services.draft_from_data(submitted, runs.contacts["s2"], submitted.version)


def test_a_school_without_a_plan_is_told_to_upload(runs):
    returned = runs.apps["s3"]
    with pytest.raises(RegionError, match="upload|上传"):
        services.draft_from_data(returned, runs.contacts["s3"], returned.version)
    page = client_for(runs.contacts["s3"]).get(returned.get_absolute_url()).content.decode()
    assert reverse("region:application_draft", args=[returned.pk]) not in page


def test_the_button_asks_first_when_it_replaces_what_the_contact_wrote(runs):
    application = runs.apps["s4"]
    client = client_for(runs.contacts["s4"])
    url = reverse("region:application_draft", args=[application.pk])
    assert url in client.get(application.get_absolute_url()).content.decode()
    response = client.post(url, {"version": application.version})
    assert response.status_code == 200 and 'name="confirmed" value="yes"' in response.content.decode()
    application.refresh_from_db()
    assert application.report == "我校关工委工作扎实。"
    response = client.post(url, {"version": application.version, "confirmed": "yes"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert "丁校第1学院品牌" in application.report


def test_an_empty_application_is_drafted_without_asking(runs):
    application = runs.apps["s4"]
    application.report = ""
    application.save(update_fields=["report"])
    application.scores.update(self_note="")
    response = client_for(runs.contacts["s4"]).post(
        reverse("region:application_draft", args=[application.pk]), {"version": application.version}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert "丁校第1学院品牌" in application.report


# ── the evidence page ───────────────────────────────────────────────────────────────────────────────────────────


def test_the_evidence_page_opens_for_the_contact_the_lead_and_the_applications_reviewers(runs):
    s2 = runs.apps["s2"]
    url = reverse("region:application_live", args=[s2.pk])
    assigned = set(Assignment.objects.filter(application=s2).values_list("reviewer__username", flat=True))
    assert assigned
    for user in [runs.contacts["s2"], runs.lead, *(get_user_model().objects.filter(username__in=assigned))]:
        page = client_for(user).get(url)
        assert page.status_code == 200, user.username
        text = page.content.decode()
        assert "乙校第1学院" in text and "乙校第1学院品牌" in text and "s2活动0" in text
        assert "丁校" not in text and "s4活动" not in text  # nothing of another school
        back = Assignment.objects.filter(application=s2, reviewer=user).first()
        assert (back.get_absolute_url() if back else s2.get_absolute_url()) in text


def test_the_evidence_page_is_refused_to_everyone_else(runs):
    s2 = runs.apps["s2"]
    url = reverse("region:application_live", args=[s2.pk])
    assigned = set(Assignment.objects.filter(application=s2).values_list("reviewer_id", flat=True))
    others = [r for r in runs.reviewers.values() if r.pk not in assigned]
    # A reviewer of the region not assigned to this application (the one of s2's own school at least).
    assert others
    for reviewer in others:
        assert client_for(reviewer).get(url).status_code == 404
    assert client_for(runs.contacts["s4"]).get(url).status_code == 404
    assert client_for(runs.province).get(url).status_code == 403
    office = make_user("office-live", Role.OFFICE)
    assert client_for(office).get(url).status_code == 403


def test_a_reviewer_sees_the_link_on_the_review_and_the_notes(runs):
    s2 = runs.apps["s2"]
    assignment = Assignment.objects.filter(application=s2).select_related("reviewer").first()
    page = client_for(assignment.reviewer).get(assignment.get_absolute_url()).content.decode()
    assert reverse("region:application_live", args=[s2.pk]) in page


def test_the_evidence_page_takes_a_fixed_number_of_queries(runs, django_assert_max_num_queries):
    client = client_for(runs.contacts["s4"])
    url = reverse("region:application_live", args=[runs.apps["s4"].pk])
    client.get(url)
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200
    with school_scope(runs.schools["s4"]):
        secretary = get_user_model().objects.get(username="sec-s4")
        college = College.objects.get(code="s41")
        for n in range(6):
            make_report(college, secretary, status="approved", title=f"更多{n}")
    with django_assert_max_num_queries(40):
        assert "更多5" in client.get(url).content.decode()


def test_the_lead_sets_an_indicators_evidence_source_on_its_edit_page(world):
    indicator = SchoolIndicator.objects.get(scheme__region=world.region, code="D1")
    assert indicator.evidence == ""
    url = reverse("region:indicator_edit", args=[indicator.pk])
    client = client_for(world.lead)
    assert 'name="evidence"' in client.get(url).content.decode()
    data = {
        "version": indicator.scheme.version,
        "group": indicator.group,
        "name": indicator.name,
        "points_text": indicator.points_text,
        "max_points": str(indicator.max_points),
        "mode": indicator.mode,
        "order": indicator.order,
        "evidence": EvidenceSource.BRANDS,
    }
    assert client.post(url, data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.evidence == EvidenceSource.BRANDS
    assert client.post(url, data | {"evidence": "salary"}).status_code == 200  # not a source: refused
    indicator.refresh_from_db()
    assert indicator.evidence == EvidenceSource.BRANDS


def test_the_application_page_links_the_data_for_the_lead_not_the_office(runs):
    s4 = runs.apps["s4"]
    live_url = reverse("region:application_live", args=[s4.pk])
    assert live_url in client_for(runs.lead).get(s4.get_absolute_url()).content.decode()
    office = make_user("office-link", Role.OFFICE)
    page = client_for(office).get(s4.get_absolute_url())
    assert page.status_code == 200 and live_url not in page.content.decode()
