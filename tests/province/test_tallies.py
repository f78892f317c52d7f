"""The province's SchoolYearTally is kept: after every committed write it equals a fresh count, in each of two
schools, and it says what each school's own dashboard says."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from activities import tallies as activity_tallies
from activities.models import Status
from care.figures import school_summary
from care.models import Need, NeedCategory
from colleges.models import College, Role
from core.scoping import every_school, school_scope
from dashboard import figures
from institutions.models import Institution
from plans.models import Target
from province import tallies
from province.models import SchoolYearTally
from scoring import assessments, schemes
from scoring.progress import BALANCED_COLLEGE_SHARE

from ..conftest import make_report, make_user

# Real commits: the recount runs after each write's transaction commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

YEAR = 2022
FIELDS = [f.name for f in SchoolYearTally._meta.fields if f.name not in {"id"}]


def kept():
    with every_school():
        return {(t.institution_id, t.year): [getattr(t, f) for f in FIELDS] for t in SchoolYearTally.objects.all()}


def fresh():
    with every_school():
        return {(t.institution_id, t.year): [getattr(t, f) for f in FIELDS] for t in tallies.count(None)}


def need(college, author, status="open"):
    category = NeedCategory.objects.order_by("pk").first()
    return Need.objects.create(
        college=college,
        category=category,
        year=YEAR,
        description="需要帮助",
        status=status,
        created_at=timezone.now(),
        created_by=author,
    )


@pytest.fixture
def second_school(db):
    school = Institution.objects.create(code="t2", name="第二学院（测试）", short_name="第二")
    with school_scope(school):
        college = College.objects.create(code="cc", name="电子学院", short_name="电子", order=1)
        staff = make_user("staff2", Role.STAFF)
        secretary = make_user("sec3", Role.SECRETARY, college)
    return school, college, staff, secretary


def test_the_kept_tally_equals_a_fresh_count_after_a_series_of_writes_in_two_schools(
    users, college_a, college_b, plan, second_school
):
    school, college_c, staff2, sec3 = second_school
    approved = make_report(college_a, users["sec1"], status=Status.APPROVED, student_count=30, teacher_count=4)
    make_report(college_b, users["sec2"], status=Status.SUBMITTED)
    need(college_a, users["sec1"])
    assert kept() == fresh()
    with school_scope(school):
        make_report(college_c, sec3, status=Status.APPROVED, student_count=12)
        need(college_c, sec3, "matched")
    assert kept() == fresh()
    # Each write above committed at once (a transactional test), so each ran its school's recount.
    # An edit that moves a report to another year, a delete, and a college closed.
    approved.starts_on = approved.ends_on = datetime.date(2021, 9, 1)
    approved.save()
    college_b.active = False
    college_b.save()
    with school_scope(school):
        Need.objects.filter(college=college_c).delete()
    assert kept() == fresh()
    home = Institution.objects.get(is_home=True)
    assert set(kept()) >= {(home.pk, YEAR), (home.pk, 2021), (school.pk, YEAR)}
    assert kept()[(school.pk, YEAR)][FIELDS.index("reports_approved")] == 1


def test_assessments_finalised_count_against_the_schools_own_goal(users, college_a, college_b, plan):
    scheme, _ = schemes.load_scheme_file()
    assessments.ensure_assessments(scheme)
    assessment = assessments.find_assessment(college_a, scheme)
    full = {s.pk: assessments.ScoreInput(s.indicator.max_points) for s in assessments.scores_of(assessment)}
    assessments.save_scores(assessment, users["staff"], "final_score", full)
    assessments.transition(assessment, users["staff"], "finalise")
    Target.objects.filter(plan__year=YEAR, metric=BALANCED_COLLEGE_SHARE).update(goal=Decimal("40"))
    figures_changed_by_hand()
    assert kept() == fresh()
    home = Institution.objects.get(is_home=True)
    with every_school():
        tally = SchoolYearTally.objects.get(institution=home, year=YEAR)
    share = figures.balanced(YEAR)
    assert (tally.colleges, tally.balanced, tally.finalised) == (share.colleges, share.balanced, 1) == (2, 1, 1)
    assert tally.balanced_goal == share.target.goal == Decimal("40")


def figures_changed_by_hand():
    from core.cache import figures_changed

    figures_changed()  # a bulk update says so itself, as the apps' services do


def test_the_tally_says_what_the_schools_dashboard_says(users, college_a, college_b, plan):
    make_report(college_a, users["sec1"], status=Status.APPROVED, student_count=30, teacher_count=4)
    make_report(college_b, users["sec2"], status=Status.APPROVED, student_count=5, teacher_count=1)
    make_report(college_b, users["sec2"], status=Status.SUBMITTED)
    need(college_a, users["sec1"])
    need(college_b, users["sec2"], "closed")
    home = Institution.objects.get(is_home=True)
    with every_school():
        tally = SchoolYearTally.objects.get(institution=home, year=YEAR)
    shown = figures.participation(YEAR)
    care = school_summary(YEAR)
    assert (tally.reports_approved, tally.students, tally.teachers) == (shown["reports"], 35, 5)
    assert tally.reports_submitted == 3
    assert (
        (tally.needs_open, tally.needs_matched, tally.needs_closed)
        == (
            care["needs"]["open"],
            care["needs"]["matched"],
            care["needs"]["closed"],
        )
        == (1, 0, 1)
    )
    assert (tally.elders, tally.elders_engaged) == (care["elders"]["all"], care["elders"]["engaged"]) == (1, 0)


def test_the_rebuild_command_mends_a_lost_recount(users, college_a, plan):
    make_report(college_a, users["sec1"], status=Status.APPROVED)
    with every_school():
        SchoolYearTally.objects.all().delete()  # as if a recount had failed
    assert kept() != fresh()
    call_command("rebuild_province_tallies", stdout=io.StringIO())
    assert kept() == fresh() and kept()


def test_a_write_outside_any_school_recounts_every_school(users, college_a, plan):
    make_report(college_a, users["sec1"], status=Status.APPROVED)
    with every_school():
        SchoolYearTally.objects.all().delete()
        activity_tallies.rebuild()  # outside a school's scope: the bulk write says so for every school
        figures_changed_by_hand()
    assert kept() == fresh() and kept()
