"""The history lines and exports that got their school last (committee/0008, care/0008, activities/0013) take the
school of the row they belong to, not merely the home school; a line whose row is gone takes the home school."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from activities.models import ReportExport
from care.models import CareEvent
from committee.models import Event
from core.scoping import every_school

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def whole_installation(in_home_school):
    """The migrations fill every school's rows, and the test reads them all: not one school's scope."""
    with every_school():
        yield


BEFORE = [
    ("committee", "0007_settings_institution_required"),
    ("care", "0007_settings_institution_required"),
    ("activities", "0012_settings_institution_required"),
    ("colleges", "0005_institution_required"),
]


def test_history_lines_and_exports_take_their_rows_school():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    School = old.get_model("institutions", "Institution")
    # The home school the test database was migrated with, or (when a transactional test before this one flushed
    # the tables) the one institutions/0003 makes on a database that has none.
    home = School.objects.filter(is_home=True).first() or School.objects.create(
        code="wxit", name="无锡职业技术学院", short_name="无锡职院", is_home=True
    )
    other = School.objects.create(code="d-th", name="太湖理工学院（测试）", short_name="太湖理工")
    user = old.get_model("auth", "User").objects.create(username="staff")
    notice = old.get_model("committee", "Notice").objects.create(
        institution=other, title="通知", body="请报送。", created_by_id=user.pk
    )
    receipt_college = old.get_model("colleges", "College").objects.create(
        institution=other, code="aa", name="机械技术学院", short_name="机械"
    )
    receipt = old.get_model("committee", "Receipt").objects.create(notice=notice, college=receipt_college)
    OldEvent = old.get_model("committee", "Event")
    events = {
        "notice": OldEvent.objects.create(subject="notice", object_id=notice.pk, action="publish").pk,
        "receipt": OldEvent.objects.create(subject="receipt", object_id=receipt.pk, action="read").pk,
        "gone": OldEvent.objects.create(subject="meeting", object_id=999, action="edit").pk,
    }
    need = old.get_model("care", "Need").objects.create(
        college=receipt_college,
        year=2022,
        category=old.get_model("care", "NeedCategory").objects.create(institution=other, code="x", name="学业"),
        description="需要帮助",
        created_by_id=user.pk,
        created_at=timezone.now(),
    )
    care_event = old.get_model("care", "CareEvent").objects.create(need=need, action="create").pk
    OldExport = old.get_model("activities", "ReportExport")
    exports = {
        "college": OldExport.objects.create(college=receipt_college, requested_by=user).pk,
        "school-wide": OldExport.objects.create(requested_by=user).pk,
    }

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Event.objects.get(pk=events["notice"]).institution_id == other.pk
    assert Event.objects.get(pk=events["receipt"]).institution_id == other.pk
    assert Event.objects.get(pk=events["gone"]).institution_id == home.pk
    assert CareEvent.objects.get(pk=care_event).institution_id == other.pk
    assert ReportExport.objects.get(pk=exports["college"]).institution_id == other.pk
    assert ReportExport.objects.get(pk=exports["school-wide"]).institution_id == home.pk
