"""Plans, schemes, colleges and member units are unique within a school, not across the portal; a row made without
a school is the home school's, and a role of the school names its school."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from colleges.forms import CollegeForm
from colleges.models import College, Membership, MemberUnit, Role
from core.scoping import ScopeError, every_school, school_scope
from institutions.models import Institution, home
from plans.models import WorkPlan
from scoring.models import Scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_school():
    return Institution.objects.create(code="d-th", name="太湖理工学院（测试）", short_name="太湖理工")


def test_the_migrated_database_has_one_home_school_named_by_the_setting():
    school = home()
    assert (school.code, school.name) == ("wxit", settings.HOME_INSTITUTION_NAME)
    assert list(Institution.objects.filter(is_home=True)) == [school]


def test_a_second_home_school_is_refused_by_the_database(other_school):
    home()
    with pytest.raises(IntegrityError), transaction.atomic():
        Institution.objects.filter(pk=other_school.pk).update(is_home=True)


def test_a_national_school_code_is_unique_only_when_given(other_school):
    Institution.objects.filter(pk=other_school.pk).update(school_code="4132010001")
    Institution.objects.create(code="x1", name="甲校", short_name="甲")  # no code: as many as there are
    Institution.objects.create(code="x2", name="乙校", short_name="乙")
    with pytest.raises(IntegrityError), transaction.atomic():
        Institution.objects.create(code="x3", name="丙校", short_name="丙", school_code="4132010001")


def test_rows_made_without_a_school_belong_to_the_school_in_scope(other_school):
    plan = WorkPlan.objects.create(year=2022, title="2022")
    with school_scope(other_school):
        college = College.objects.create(code="aa", name="机械技术学院", short_name="机械")
    assert plan.institution == home()
    assert college.institution == other_school


def test_a_row_made_outside_any_school_is_refused():
    with every_school(), pytest.raises(ScopeError, match="names no school"):
        WorkPlan.objects.create(year=2022, title="2022")


def test_two_schools_may_each_have_a_plan_scheme_college_and_unit_of_the_same_year_code_and_name(other_school):
    for school in (home(), other_school):
        WorkPlan.objects.create(institution=school, year=2022, title="2022年关工委工作要点")
        Scheme.objects.create(institution=school, year=2022, title="2022年考核指标")
        College.objects.create(institution=school, code="aa", name="机械技术学院", short_name="机械")
        MemberUnit.objects.create(institution=school, name="工会")
    with every_school():
        assert WorkPlan.objects.filter(year=2022).count() == 2
        assert College.objects.filter(code="aa").count() == 2
    assert WorkPlan.objects.filter(year=2022).count() == 1  # the home school's scope reads its own


@pytest.mark.parametrize(
    "make",
    [
        lambda school: WorkPlan.objects.create(institution=school, year=2022, title="2022"),
        lambda school: Scheme.objects.create(institution=school, year=2022, title="2022"),
        lambda school: College.objects.create(institution=school, code="aa", name="机械技术学院", short_name="机械"),
        lambda school: MemberUnit.objects.create(institution=school, name="工会"),
    ],
    ids=["plan", "scheme", "college", "member unit"],
)
def test_one_school_may_not_have_two(make, other_school):
    make(other_school)
    with pytest.raises(IntegrityError), transaction.atomic():
        make(other_school)


def test_a_college_of_the_same_name_in_another_school_is_refused_by_the_form_only_in_the_same_school(other_school):
    College.objects.create(institution=other_school, code="aa", name="机械技术学院", short_name="机械")
    data = {"name": "机械技术学院", "short_name": "机械", "code": "aa", "order": 1, "active": True}
    assert CollegeForm(data).is_valid()  # the home school has no such college yet
    College.objects.create(code="aa", name="机械技术学院", short_name="机械")
    form = CollegeForm(data)
    assert not form.is_valid()
    assert "使用该代码的二级学院已存在。" in form.non_field_errors()


def test_a_role_belongs_to_its_colleges_or_units_school_and_a_school_wide_role_to_the_home_school(other_school):
    college = College.objects.create(institution=other_school, code="aa", name="机械技术学院", short_name="机械")
    User = get_user_model()
    secretary = Membership.objects.create(user=User.objects.create(username="s"), role=Role.SECRETARY, college=college)
    staff = Membership.objects.create(user=User.objects.create(username="t"), role=Role.STAFF)
    reviewer = Membership.objects.create(user=User.objects.create(username="r"), role=Role.REGION_REVIEWER)
    assert secretary.institution == other_school
    assert staff.institution == home()
    assert reviewer.institution is None


def test_a_role_of_the_school_without_a_school_is_refused_by_the_database():
    user = get_user_model().objects.create(username="s")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.bulk_create([Membership(user=user, role=Role.STAFF)])  # skips save(), which fills it


def test_the_admins_form_also_checks_uniqueness_within_the_school(other_school):
    """The admin's model form leaves the key out like ours: the check still names the row's school."""
    College.objects.create(code="aa", name="机械技术学院", short_name="机械")
    duplicate = College(code="aa", name="另一个学院", short_name="另")
    with pytest.raises(ValidationError, match="使用该代码的二级学院已存在。"):
        duplicate.full_clean(exclude={"institution"})
    elsewhere = College(institution=other_school, code="aa", name="另一个学院", short_name="另")
    elsewhere.full_clean(exclude={"institution"})
