"""A school made later starts as the home school did from its migrations: with the activity kinds, the need
categories and the rating scale (every app's `school_defaults`, core.portal), however it is made."""

from activities.models import ActivityKind
from care.models import NeedCategory
from committee.models import RatingLevel
from core.scoping import school_scope
from institutions.models import Institution


def settings_of(school) -> dict[str, list]:
    with school_scope(school):
        return {
            "kinds": list(ActivityKind.objects.order_by("order").values_list("code", "name", "work_point_code")),
            "categories": list(NeedCategory.objects.order_by("order").values_list("code", "name", "sensitive")),
            "levels": list(RatingLevel.objects.order_by("order").values_list("name", "passing")),
        }


def test_a_school_added_in_the_admin_has_the_home_schools_kinds_categories_and_rating_scale(as_user):
    response = as_user("admin").post(
        "/admin/institutions/institution/add/",
        {"code": "thlg", "name": "太湖理工学院", "short_name": "太湖理工", "school_code": "", "site_url": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    school = Institution.objects.get(code="thlg")
    home = Institution.objects.get(is_home=True)
    made, homes = settings_of(school), settings_of(home)
    assert made == homes
    assert len(made["kinds"]) >= 18 and len(made["categories"]) >= 9 and len(made["levels"]) == 4


def test_the_defaults_are_the_new_schools_own_rows(db):
    school = Institution.objects.create(code="thlg", name="太湖理工学院", short_name="太湖理工")
    with school_scope(school):
        kind = ActivityKind.objects.get(code="lecturer-lecture")
    home_kind = ActivityKind.objects.get(code="lecturer-lecture")  # the home school's scope (tests/conftest.py)
    assert kind.pk != home_kind.pk and kind.institution_id == school.pk


def test_a_school_keeps_its_own_list_when_the_defaults_are_given_again(db):
    from core.portal import give_school_defaults

    school = Institution.objects.create(code="thlg", name="太湖理工学院", short_name="太湖理工")
    with school_scope(school):
        ActivityKind.objects.filter(code="other").delete()
        RatingLevel.objects.filter(name="不合格").update(name="需改进")
    assert give_school_defaults(school) == 0
    with school_scope(school):
        assert not ActivityKind.objects.filter(code="other").exists()
        assert RatingLevel.objects.filter(name="需改进").exists()
