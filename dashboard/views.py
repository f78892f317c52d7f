from django.db.models import Count, Q
from django.shortcuts import render

from colleges.access import access_for, visible_colleges
from colleges.models import BrandProject, College, CommitteeMember
from plans.models import WorkPlan, WorkPoint, WorkPointStatus
from plans.progress import progress_for_plan


def home(request):
    """Each role's home: staff and the office get the work overview, a secretary their own college."""
    access = access_for(request.user)
    if not access.has_role:
        return render(request, "dashboard/no_role.html", status=403)
    plan = WorkPlan.objects.first()  # the newest year
    context = {"plan": plan}
    if plan is not None:
        context["progress"] = progress_for_plan(plan)
    if access.is_secretary:
        college = visible_colleges(request.user).get()
        active_members = CommitteeMember.objects.filter(college=college, active=True)
        context.update(
            college=college,
            member_count=active_members.count(),
            elder_count=active_members.exclude(elder_kind="").count(),
            brand_project=BrandProject.objects.filter(college=college, year=plan.year).first() if plan else None,
        )
        return render(request, "dashboard/home_secretary.html", context)

    if plan is not None:
        counts = dict(WorkPoint.objects.filter(section__plan=plan).values_list("status").annotate(n=Count("pk")))
        context["status_summary"] = [(label, counts.get(value, 0), value) for value, label in WorkPointStatus.choices]
        context["open_points"] = (
            WorkPoint.objects.filter(section__plan=plan)
            .exclude(status=WorkPointStatus.DONE)
            .select_related("section__plan")
            .order_by("section__number", "order")
        )
    context["colleges"] = College.objects.active().annotate(
        member_count=Count("members", filter=Q(members__active=True), distinct=True),
        has_brand=Count("brand_projects", filter=Q(brand_projects__year=plan.year if plan else 0), distinct=True),
    )
    return render(request, "dashboard/home_overview.html", context)
