"""The rules the care pages ask instead of deciding themselves: who writes for every college, whose figures a
reader counts, which accounts an offer may be linked to, who hears of a confirmed pair, the engaged elders the
overview links to, the pair workflow's table, and the export's download."""

import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from care import access, figures, services, workflow
from care.export import needs_workbook_response
from care.models import Need, NeedStatus, Offer
from colleges.access import access_for
from colleges.models import Role
from core.errors import Refused

from ..conftest import make_user


def confirmed_pair(user, college, category, offer, code):
    need = services.post_need(Need(college=college, category=category, person_code=code, description="d"), user)
    pair = services.propose(need, offer, user, need.version)
    return services.transition_pair(pair, user, workflow.CONFIRM, pair.version)


def test_a_care_refusal_is_a_refusal():
    assert issubclass(services.CareError, Refused)


def test_who_writes_for_every_college_and_whose_elders_a_reader_counts(users, college_a):
    staff, office, sec1 = (access_for(users[name]) for name in ("staff", "office", "sec1"))
    assert access.writes_every_college(staff) and not access.writes_every_college(office)
    assert not access.writes_every_college(sec1)
    assert access.counted_college(staff) is None and access.counted_college(office) is None
    assert access.counted_college(sec1) == college_a.pk


def test_the_templates_predicates(users):
    answers = {name: access.template_permissions(users[name]) for name in ("staff", "office", "sec1", "norole")}
    assert answers["staff"] == {
        "post_care": True,
        "read_care_log": True,
        "filter_care_by_college": True,
        "confirm_elder_logs": True,
    }
    assert answers["office"] == {
        "post_care": False,
        "read_care_log": False,
        "filter_care_by_college": True,
        "confirm_elder_logs": False,
    }
    assert answers["sec1"] == {
        "post_care": True,
        "read_care_log": False,
        "filter_care_by_college": False,
        "confirm_elder_logs": True,
    }
    assert not any(answers["norole"].values())


def test_the_nav_offers_the_month_report_to_writers_and_the_read_log_to_staff(users, as_user):
    month, log = reverse("care:month_report"), reverse("care:read_log")
    staff = as_user("staff").get(reverse("care:overview")).content.decode()
    office = as_user("office").get(reverse("care:overview")).content.decode()
    own = as_user("sec1").get(reverse("care:overview")).content.decode()
    assert month in staff and log in staff
    assert month not in office and log not in office
    assert month in own and log not in own


def test_an_offer_links_only_an_elders_account_no_other_offer_has(users, college_a, offer_a, elder_user):
    other_elder = make_user("elder_b", Role.ELDER)
    make_user("elder_gone", Role.ELDER, is_active=False)
    assert list(services.free_elder_accounts()) == [other_elder]
    assert set(services.free_elder_accounts(offer_a)) == {elder_user, other_elder}
    assert set(services.free_elder_accounts(Offer())) == {other_elder}


def test_a_confirmed_pair_is_told_to_the_elders_college_or_to_staff(users, college_a, categories, offer_a):
    assert list(access.pair_contacts(offer_a)) == [users["sec1"]]
    outside = services.save_offer(Offer(outside_name="周同志", capacity=1), users["staff"], categories.values())
    assert list(access.pair_contacts(outside)) == [users["staff"]]


def test_the_engaged_offers_are_the_committee_elders_the_overview_counts(
    users, college_a, college_b, categories, offer_a, offer_b
):
    year = timezone.localdate().year
    outside = services.save_offer(Offer(outside_name="周同志", capacity=2), users["staff"], categories.values())
    assert not figures.engaged_offers(year).exists()
    confirmed_pair(users["sec1"], college_a, categories["motivation"], offer_a, "A1")
    confirmed_pair(users["staff"], college_a, categories["career"], outside, "A2")  # not a committee elder
    engaged = set(figures.engaged_offers(year).values_list("pk", flat=True))
    assert engaged == {offer_a.pk}
    assert len(engaged) == figures.elders_engaged(year)["engaged"]
    assert set(figures.engaged_offers(year, college_a.pk).values_list("pk", flat=True)) == {offer_a.pk}
    assert not figures.engaged_offers(year, college_b.pk).exists()
    assert not figures.engaged_offers(year - 1).exists()


def test_the_pair_workflow_offers_the_college_its_buttons_and_the_office_none(users, college_a, college_b):
    sec1, office, staff = (access_for(users[name]) for name in ("sec1", "office", "staff"))
    assert workflow.WORKFLOW.available("proposed", sec1, college_a.pk) == [workflow.CONFIRM, workflow.CANCEL]
    assert workflow.WORKFLOW.available("active", staff, college_b.pk) == [workflow.CLOSE]
    assert workflow.WORKFLOW.available("proposed", sec1, college_b.pk) == []
    assert workflow.WORKFLOW.available("proposed", office, college_a.pk) == []
    assert workflow.WORKFLOW.available("closed", staff, college_a.pk) == []


def test_a_need_is_edited_by_its_college_until_it_is_closed(users, college_a, college_b):
    sec1, office = access_for(users["sec1"]), access_for(users["office"])
    assert workflow.can_edit_need(NeedStatus.MATCHED, sec1, college_a.pk)
    assert not workflow.can_edit_need(NeedStatus.CLOSED, sec1, college_a.pk)
    assert not workflow.can_edit_need(NeedStatus.OPEN, sec1, college_b.pk)
    assert not workflow.can_edit_need(NeedStatus.OPEN, office, college_a.pk)


def test_the_export_is_a_workbook_of_counts(users, college_a, categories):
    services.post_need(
        Need(college=college_a, category=categories["motivation"], person_code="SECRET-1", description="d"),
        users["sec1"],
    )
    response = needs_workbook_response(Need.objects.all(), 2022)
    assert response["Content-Disposition"] == (
        "attachment; filename=\"2022.xlsx\"; filename*=utf-8''%E5%85%B3%E7%88%B1%E5%B8%AE%E6%89%B6-2022.xlsx"
    )  # 关爱帮扶-2022.xlsx
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:3] == (college_a.name, "学习动力", 1)
    assert not any("SECRET" in str(cell) for row in rows for cell in row)
