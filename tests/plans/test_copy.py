from django.urls import reverse

from plans.models import WorkPlan, WorkPoint, WorkPointStatus
from plans.services import copy_plan


def test_copy_starts_next_years_plan_with_the_same_structure(plan):
    WorkPoint.objects.filter(section__plan=plan, code="3.1").update(status=WorkPointStatus.DONE)
    new = copy_plan(plan, 2023)
    assert new.title == plan.title.replace("2022", "2023")
    assert new.doc_number == "" and new.issued_on is None
    assert list(new.sections.values_list("title", flat=True)) == list(plan.sections.values_list("title", flat=True))
    assert new.sections.get(number=2).work_points.get(code="2.2").units.count() == 10
    assert set(WorkPoint.objects.of_year(2023).values_list("status", flat=True)) == {WorkPointStatus.NOT_STARTED}
    target = new.targets.get(code="lecturer-lectures")
    assert target.work_point.section.plan == new and target.work_point.code == "4.2"
    # The source plan is untouched.
    assert WorkPoint.objects.get(section__plan=plan, code="3.1").status == WorkPointStatus.DONE


def test_staff_start_a_new_year_in_the_browser(plan, as_user):
    response = as_user("staff").post(reverse("plans:copy", args=[2022]), {"year": 2023}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("plans:detail", args=[2023])
    assert WorkPlan.objects.filter(year=2023).exists()


def test_a_year_that_exists_is_refused_with_a_message(plan, as_user):
    response = as_user("staff").post(reverse("plans:copy", args=[2022]), {"year": 2022})
    assert response.status_code == 200
    assert "已有 2022 年的工作计划" in response.content.decode()
    assert WorkPlan.objects.count() == 1
