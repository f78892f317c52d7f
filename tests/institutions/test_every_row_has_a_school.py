"""Every row of the portal belongs to a school, or says why not (issue 27): each concrete model of our apps is a root
with its school's key, is reached from one through required keys, or is in `institutions.tenancy.NOT_SCHOOL_DATA`.
A new model that forgets its school fails here, before a school's scoped pages could show it to another school."""

import pytest
from django.apps import apps
from django.db import models

from activities.models import ActivityReport, ReportExport
from care.models import CareEvent
from colleges.models import College
from committee.models import Event, Receipt
from dashboard.models import AnnualExport
from institutions import tenancy
from institutions.models import InstitutionKey
from publicity.models import YearArchive
from scoring.models import ScoreChange


def test_every_model_of_ours_belongs_to_a_school_or_says_why_not():
    missing = tenancy.schoolless(tenancy.project_models())
    assert not missing, (
        "These models belong to no school: give a root an InstitutionKey, make the key to its root required, or "
        "say why it is no school's data in institutions.tenancy.NOT_SCHOOL_DATA.\n"
        + "\n".join(f"  {label}: {why}" for label, why in sorted(missing.items()))
    )


def test_the_walk_covers_our_apps_and_only_ours():
    labels = {model._meta.label for model in tenancy.project_models()}
    assert {"colleges.College", "activities.ActivityReport", "publicity.YearArchive"} <= labels
    assert "activities.ActivityReport_members" in labels  # the many-to-many tables too
    assert not {label for label in labels if label.split(".")[0] in {"auth", "admin", "sessions", "axes"}}


def test_the_allow_list_names_only_models_that_exist_and_reach_no_school():
    for label in tenancy.NOT_SCHOOL_DATA:
        model = apps.get_model(label)
        assert tenancy.path_to_school(model) is None, f"{label} reaches a school: take it off the list"


@pytest.mark.parametrize(
    ("model", "path"),
    [
        (College, "institution"),
        (ActivityReport, "college__institution"),
        (ScoreChange, "score__assessment__college__institution"),
        (Receipt, "notice__institution"),
        # The four roots that had no key before, and the care board's history lines.
        (Event, "institution"),
        (YearArchive, "institution"),
        (AnnualExport, "institution"),
        (ReportExport, "institution"),
        (CareEvent, "institution"),
    ],
)
def test_the_path_to_a_models_school_is_the_shortest_chain_of_required_keys(model, path):
    assert tenancy.path_to_school(model) == path


@pytest.fixture
def throwaway_models():
    """Models declared in the test, registered in the project's own app registry for the walk to find, and taken out
    again afterwards so that no other test sees them."""
    made = []

    def make(name: str, **fields) -> type[models.Model]:
        attrs = {"__module__": "institutions.models", "Meta": type("Meta", (), {"app_label": "institutions"})}
        model = type(name, (models.Model,), {**attrs, **fields})
        made.append(model)
        return model

    yield make
    for model in made:
        del apps.all_models["institutions"][model._meta.model_name]
    apps.clear_cache()


def test_a_new_model_that_forgets_its_school_fails_the_guard(throwaway_models):
    forgetful = throwaway_models("ForgetfulRecord", title=models.CharField(max_length=10))
    loose = throwaway_models(
        "LooseRecord", college=models.ForeignKey(College, on_delete=models.CASCADE, null=True, related_name="+")
    )
    owner = throwaway_models(
        "OwnerlessRecord",
        requested_by=models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="+"),
    )
    assert forgetful in tenancy.project_models()
    missing = tenancy.schoolless(tenancy.project_models())
    assert missing["institutions.ForgetfulRecord"] == "required keys: none"
    # A key its rows may leave empty promises no school.
    assert loose._meta.label in missing
    # The message says where each required key leads.
    assert missing[owner._meta.label] == "required keys: requested_by -> auth.User (no school)"


def test_a_new_model_under_a_root_is_found_with_its_path(throwaway_models):
    under = throwaway_models(
        "UnderReport", report=models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="+")
    )
    root = throwaway_models("OwnRoot", institution=InstitutionKey(related_name="+"))
    assert tenancy.path_to_school(under) == "report__college__institution"
    assert tenancy.path_to_school(root) == "institution"
    missing = tenancy.schoolless(tenancy.project_models())
    assert under._meta.label not in missing
    assert root._meta.label not in missing


@pytest.mark.django_db
def test_the_school_of_a_row_is_followed_along_its_path(throwaway_models):
    college = College.objects.create(code="aa", name="机械技术学院", short_name="机械")
    report = ActivityReport(college=college)
    assert tenancy.school_id_of(report) == college.institution_id
    with pytest.raises(ValueError):
        tenancy.school_id_of(throwaway_models("NoSchool")())
