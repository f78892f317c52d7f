"""Every model holding one school's data has a school's scoped manager, so that a new model cannot forget its
school (issue 27, item 5): the manager filters along the model's own `path_to_school`, a query outside any scope
raises, and a query in another school's scope does not find the row."""

import contextvars

import pytest

from core.scoping import ScopeError, school_scope
from institutions.tenancy import REGION_DATA, holds_one_schools_data, path_to_school, project_models

SCHOOL_MODELS = [model for model in project_models() if holds_one_schools_data(model)]


def test_the_list_is_not_empty_and_leaves_out_only_the_region():
    assert len(SCHOOL_MODELS) >= 60
    assert set(REGION_DATA) == {"region"}


@pytest.mark.parametrize("model", SCHOOL_MODELS, ids=lambda model: model._meta.label)
def test_the_default_manager_is_the_schools_along_the_models_path(model):
    manager = model._default_manager
    assert getattr(type(manager), "school_path", None) == path_to_school(model), (
        f"{model._meta.label}: objects = school_manager({path_to_school(model)!r}) (core/scoping.py)"
    )
    assert model.objects is manager or type(model.objects) is type(manager)


@pytest.mark.django_db
def test_a_query_outside_any_scope_raises_for_every_model():
    def count(model):
        return model.objects.count()

    for model in SCHOOL_MODELS:
        # A fresh context holds no scope at all: neither the test's home school nor every_school().
        with pytest.raises(ScopeError):
            contextvars.Context().run(count, model)


def test_another_schools_scope_does_not_find_the_home_schools_rows(plan, school_b, report, assessment, export):
    from activities.models import ActivityReport, Evidence
    from colleges.models import College, CommitteeMember
    from notifications.models import GroupWebhook
    from plans.models import WorkPlan
    from scoring.models import Assessment, AssessmentDocument

    rows = [
        report,
        report.evidence.first(),
        assessment,
        AssessmentDocument.objects.filter(score__assessment=assessment).first(),
        College.objects.get(code="aa"),
        CommitteeMember.objects.filter(college__code="aa").first(),
        WorkPlan.objects.get(year=2022),
        export,
    ]
    robot = GroupWebhook.objects.create(college=None, platform="wecom", hint="…0001", encrypted_url="")
    rows.append(robot)
    with school_scope(school_b.school):
        for row in rows:
            assert not type(row).objects.filter(pk=row.pk).exists(), type(row)._meta.label
        # Its own rows of the same code and year are there.
        assert College.objects.get(code="aa").name == "太湖智造学院"
        assert WorkPlan.objects.filter(year=2022).count() == 1
        assert ActivityReport.objects.filter(title="太湖宣讲：乡村振兴").exists()
        assert Evidence.objects.exists() and Assessment.objects.count() >= 1


def test_a_queryset_made_in_one_schools_scope_reads_the_school_in_force_when_it_runs(school_b, college_a):
    """A form's class-level queryset is made when its module is first imported, perhaps inside some request's
    school: it must serve every later request its own school's rows, not that one's."""
    from colleges.models import College

    made_in_a = College.objects.order_by("code")
    with school_scope(school_b.school):
        assert {college.name for college in made_in_a} == {"太湖智造学院", "太湖信息学院"}
    assert "机械技术学院" in {college.name for college in made_in_a.all()}
