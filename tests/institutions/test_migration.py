"""An existing portal migrates to schools as tenants without losing a row: the region's member schools become the
portal's schools (the same rows), the lead of 第十片 becomes the home school, and every plan, scheme, college,
member unit and role of the school belongs to it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from colleges.models import College, Membership, MemberUnit
from committee.models import Notice
from core.scoping import every_school
from institutions.models import Institution
from plans.models import WorkPlan
from region.models import Affiliation, Region
from scoring.models import Scheme

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def whole_installation(in_home_school):
    """The migrations fill every school's rows, and the test reads them all: not one school's scope."""
    with every_school():
        yield


# The state just before the first migration of issue 27 (institutions/0001 and what depends on it).
BEFORE = [
    ("region", "0002_summaryexport_background_job"),
    ("colleges", "0003_more_roles"),
    ("plans", "0002_work_point_code_format"),
    ("scoring", "0002_stored_file_base_and_evidence_events"),
    ("committee", "0003_notice_to_colleges_and_units_together"),
    ("institutions", None),
]


def old_rows(apps) -> dict:
    """Rows in the shapes before the move, as an installation that ran the region demo holds them."""
    Institution = apps.get_model("region", "Institution")
    Institution.objects.all().delete()  # the home school the test database was migrated with is not old data
    User = apps.get_model("auth", "User")
    Membership = apps.get_model("colleges", "Membership")
    lead = Institution.objects.create(code="wxit", name="无锡职业技术学院", short_name="无锡职院")
    member = Institution.objects.create(code="d-th", name="太湖理工学院（演示）", short_name="太湖理工", is_demo=True)
    region = apps.get_model("region", "Region").objects.create(code="d10", name="第十片", year=2022, lead=lead)
    region.members.set([lead, member])
    contact = User.objects.create(username="contact")
    apps.get_model("region", "Affiliation").objects.create(user=contact, institution=member)
    College = apps.get_model("colleges", "College")
    college_a = College.objects.create(code="aa", name="机械技术学院", short_name="机械")
    College.objects.create(code="bb", name="控制技术学院", short_name="控制")
    unit = apps.get_model("colleges", "MemberUnit").objects.create(name="工会")
    roles = {
        "staff": Membership.objects.create(user=User.objects.create(username="staff"), role="staff"),
        "sec1": Membership.objects.create(
            user=User.objects.create(username="sec1"), role="secretary", college=college_a
        ),
        "unit": Membership.objects.create(
            user=User.objects.create(username="unit"), role="unit_contact", member_unit=unit
        ),
        "contact": Membership.objects.create(user=contact, role="region_contact"),
    }
    plan = apps.get_model("plans", "WorkPlan").objects.create(year=2022, title="2022年关工委工作要点")
    scheme = apps.get_model("scoring", "Scheme").objects.create(year=2022, title="2022年考核指标")
    notice = apps.get_model("committee", "Notice").objects.create(
        title="关于报送年度总结的通知", body="请各学院报送。", created_by_id=roles["staff"].user_id
    )
    return {
        "lead": lead.pk,
        "member": member.pk,
        "region": region.pk,
        "colleges": sorted(College.objects.values_list("pk", flat=True)),
        "unit": unit.pk,
        "roles": {name: role.pk for name, role in roles.items()},
        "plan": plan.pk,
        "scheme": scheme.pk,
        "notice": notice.pk,
    }


def test_every_row_is_kept_and_belongs_to_the_home_school():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = old_rows(executor.loader.project_state([node for node in BEFORE if node[1]]).apps)

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    home = Institution.objects.get(is_home=True)
    assert home.pk == old["lead"]  # the lead of 第十片 is this school: reused, not made twice
    assert Institution.objects.count() == 2
    region = Region.objects.get(pk=old["region"])
    assert region.lead_id == old["lead"]
    assert sorted(region.members.values_list("pk", flat=True)) == sorted([old["lead"], old["member"]])
    assert Affiliation.objects.get(user__username="contact").institution_id == old["member"]

    assert WorkPlan.objects.get(pk=old["plan"]).institution == home
    assert Scheme.objects.get(pk=old["scheme"]).institution == home
    assert Notice.objects.get(pk=old["notice"]).institution == home
    assert sorted(College.objects.filter(institution=home).values_list("pk", flat=True)) == old["colleges"]
    assert MemberUnit.objects.get(pk=old["unit"]).institution == home
    roles = {name: Membership.objects.get(pk=pk) for name, pk in old["roles"].items()}
    assert [roles[name].institution for name in ("staff", "sec1", "unit")] == [home, home, home]
    assert roles["contact"].institution is None  # a region contact's school is their affiliation
