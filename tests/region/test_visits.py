"""On-site visits (实地考察): the lead plans one per school under review with the panel's reviewers of other
schools, changes it (its version claimed, its history kept) and records the findings; the visitors and the school
are told and read their visit; the visit shows beside the collective score."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from notifications.models import Notification
from region import exports, services, summary
from region.models import Visit, VisitState
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

DAY = datetime.date(2022, 11, 20)


def plan(world, code="s1", day=DAY):
    application = world.apps[code]
    visitors = list(services.visitor_choices(world.round, application))
    return services.plan_visit(application, world.lead, day, visitors, "听取汇报，查阅材料")


def test_the_lead_plans_a_visit_with_reviewers_of_other_schools_and_they_are_told(reviewed):
    s1 = reviewed.apps["s1"]
    url = reverse("region:visit_plan", args=[s1.pk])
    lead = client_for(reviewed.lead)
    page = lead.get(url).content.decode()
    assert "reviewer-s2" in page and "reviewer-s3" in page and "reviewer-s1" not in page  # not its own school's
    own = reviewed.reviewers["s1"]
    refused = lead.post(url, {"visit_on": "2022-11-20", "visitors": [own.pk], "agenda": "听取汇报"})
    assert refused.status_code == 200 and not Visit.objects.exists()
    assert "考察专家须为评议专家组中其他学校的专家" in refused.content.decode()
    out_of_bounds = lead.post(
        url, {"visit_on": "0001-01-01", "visitors": [reviewed.reviewers["s2"].pk], "agenda": "x"}
    )
    assert out_of_bounds.status_code == 200 and not Visit.objects.exists()

    visitors = [reviewed.reviewers["s2"].pk, reviewed.reviewers["s3"].pk]
    response = lead.post(url, {"visit_on": "2022-11-20", "visitors": visitors, "agenda": "听取汇报<script>"})
    visit = Visit.objects.get()
    assert response.status_code == 302 and response.url == visit.get_absolute_url()
    assert visit.state == VisitState.PLANNED and set(visit.visitors.values_list("pk", flat=True)) == set(visitors)
    told = set(Notification.objects.filter(link=visit.get_absolute_url()).values_list("user__username", flat=True))
    assert told == {"reviewer-s2", "reviewer-s3", "contact-s1"}
    assert [c.state for c in visit.changes.all()] == [VisitState.PLANNED]

    # The visitors and the school's contact read it; another reviewer and another school do not.
    for person in (reviewed.reviewers["s2"], reviewed.contacts["s1"], reviewed.province):
        page = client_for(person).get(visit.get_absolute_url())
        assert page.status_code == 200 and "听取汇报&lt;script&gt;" in page.content.decode()
    for person in (reviewed.reviewers["s1"], reviewed.contacts["s2"]):
        assert client_for(person).get(visit.get_absolute_url()).status_code == 404
    assert client_for(reviewed.province).post(url, {"visit_on": "2022-11-21"}).status_code == 403


def test_changing_a_visit_claims_its_version_and_keeps_its_history(reviewed):
    visit = plan(reviewed)
    url = reverse("region:visit_plan", args=[visit.application_id])
    lead = client_for(reviewed.lead)
    data = {"visit_on": "2022-11-22", "visitors": [reviewed.reviewers["s2"].pk], "agenda": "改期"}
    assert lead.post(url, {**data, "version": visit.version}).status_code == 302
    stale = lead.post(url, {**data, "visit_on": "2022-11-25", "version": visit.version})
    assert stale.status_code == 200
    visit.refresh_from_db()
    assert visit.visit_on == datetime.date(2022, 11, 22) and visit.version == 2
    assert list(visit.visitors.values_list("username", flat=True)) == ["reviewer-s2"]
    assert len(visit.changes.all()) == 2


def test_findings_are_recorded_once_per_version_and_shown_beside_the_collective_score(reviewed):
    visit = plan(reviewed)
    url = reverse("region:visit_findings", args=[visit.pk])
    lead = client_for(reviewed.lead)
    assert lead.post(url, {"findings": "", "version": visit.version}).status_code == 200  # required
    assert lead.post(url, {"findings": "台账齐全，“五老”工作室运转良好", "version": visit.version}).status_code == 302
    assert lead.post(url, {"findings": "旧页面", "version": visit.version}).status_code == 200
    visit.refresh_from_db()
    assert visit.state == VisitState.RECORDED and visit.findings == "台账齐全，“五老”工作室运转良好"

    s1 = reviewed.apps["s1"]
    round_page = lead.get(reverse("region:round", args=[reviewed.region.pk])).content.decode()
    assert "台账齐全" in round_page and "2022-11-20" in round_page
    assert "台账齐全" in lead.get(reverse("region:application", args=[s1.pk])).content.decode()
    assert "台账齐全" in lead.get(reverse("region:result", args=[s1.pk])).content.decode()
    # The school sees its visit, and its findings only with its published result.
    contact_page = client_for(reviewed.contacts["s1"]).get(reverse("region:application", args=[s1.pk]))
    assert "2022-11-20" in contact_page.content.decode() and "台账齐全" not in contact_page.content.decode()

    row = next(row for row in summary.summary_rows(reviewed.region) if row["school"] == "甲校（测试）")
    assert row["visit"].startswith("2022-11-20 ") and row["visit"].endswith("：台账齐全，“五老”工作室运转良好")
    book = load_workbook(io.BytesIO(exports.build_workbook(reviewed.region, lambda _p: None)))
    cells = [cell.value for row in book.worksheets[0].iter_rows() for cell in row]
    assert row["visit"] in cells


def test_a_visit_needs_an_open_round_and_a_school_under_review(reviewed):
    s4 = reviewed.apps["s4"]  # a draft
    with pytest.raises(services.RegionError):
        services.plan_visit(s4, reviewed.lead, DAY, [reviewed.reviewers["s2"]], "议程")
    with pytest.raises(services.RegionError):
        services.plan_visit(reviewed.apps["s1"], reviewed.lead, DAY, [], "议程")
    assert not Visit.objects.exists()


def test_the_round_page_lists_visits_in_constant_queries(reviewed, django_assert_max_num_queries):
    lead = client_for(reviewed.lead)
    url = reverse("region:round", args=[reviewed.region.pk])
    plan(reviewed, "s1")
    lead.get(url)
    with django_assert_max_num_queries(40) as one:
        lead.get(url)
    plan(reviewed, "s2")
    with django_assert_max_num_queries(len(one.captured_queries)):
        lead.get(url)
