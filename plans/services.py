"""Writes to the work plan: loading a year's plan from its data file and starting next year's from it."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from colleges.models import MemberUnit
from core.errors import Refused

from .models import Section, Target, WorkPlan, WorkPoint, WorkPointStatus

DATA_DIR = Path(__file__).resolve().parent / "data"


class PlanExists(Refused):
    """The year asked for already has a plan."""


@dataclass
class LoadResult:
    plan: WorkPlan
    created: int = 0
    updated: int = 0


def _upsert(model, lookup: dict, values: dict, *, update: bool, result: LoadResult):
    """Create the row if it is missing; overwrite it only when asked, so staff edits survive a re-run."""
    if update:
        obj, created = model.objects.update_or_create(**lookup, defaults=values)
        result.updated += 0 if created else 1
    else:
        obj, created = model.objects.get_or_create(**lookup, defaults=values)
    result.created += 1 if created else 0
    return obj


@transaction.atomic
def load_workplan(data: dict, *, update: bool = False) -> LoadResult:
    plan_fields = {
        "title": data["title"],
        "doc_number": data.get("doc_number", ""),
        "issuer": data.get("issuer", ""),
        "issued_on": datetime.date.fromisoformat(data["issued_on"]) if data.get("issued_on") else None,
        "notice_title": data.get("notice_title", ""),
        "recipients": data.get("recipients", ""),
        "notice_body": data.get("notice_body", ""),
        "preamble": data.get("preamble", ""),
        "signed_by": data.get("signed_by", ""),
    }
    result = LoadResult(plan=None)
    plan = _upsert(WorkPlan, {"year": data["year"]}, plan_fields, update=update, result=result)
    result.plan = plan

    units = {}
    for unit in data.get("member_units", []):
        values = {"full_name": unit.get("full_name", ""), "duties": unit.get("duties", ""), "order": unit["order"]}
        units[unit["name"]] = _upsert(MemberUnit, {"name": unit["name"]}, values, update=update, result=result)

    points = {}
    for section_data in data["sections"]:
        section = _upsert(
            Section,
            {"plan": plan, "number": section_data["number"]},
            {"title": section_data["title"], "body": section_data["body"]},
            update=update,
            result=result,
        )
        for order, point_data in enumerate(section_data["work_points"], start=1):
            point = _upsert(
                WorkPoint,
                {"section": section, "code": point_data["code"]},
                {"order": order, "title": point_data["title"], "text": point_data["text"]},
                update=update,
                result=result,
            )
            if update or not point.units.exists():
                point.units.set(units.get(name) or MemberUnit.objects.get(name=name) for name in point_data["units"])
            points[point.code] = point

    for target_data in data.get("targets", []):
        _upsert(
            Target,
            {"plan": plan, "code": target_data["code"]},
            {
                "work_point": points.get(target_data.get("work_point")),
                "name": target_data["name"],
                "description": target_data.get("description", ""),
                "metric": target_data["metric"],
                "goal": Decimal(target_data["goal"]),
                "stretch_goal": Decimal(target_data["stretch_goal"]) if target_data.get("stretch_goal") else None,
                "unit": target_data["unit"],
            },
            update=update,
            result=result,
        )
    return result


def load_workplan_file(path: Path, *, update: bool = False) -> LoadResult:
    return load_workplan(json.loads(Path(path).read_text(encoding="utf-8")), update=update)


@transaction.atomic
def copy_plan(source: WorkPlan, year: int) -> WorkPlan:
    """Start `year`'s plan from `source`: same structure and targets, statuses reset, not yet issued."""
    if WorkPlan.objects.filter(institution=source.institution_id, year=year).exists():
        raise PlanExists(_("There is already a work plan for %(year)d.") % {"year": year})
    plan = WorkPlan.objects.create(
        institution_id=source.institution_id,
        year=year,
        title=source.title.replace(str(source.year), str(year)),
        issuer=source.issuer,
        recipients=source.recipients,
        preamble=source.preamble,
        signed_by=source.signed_by,
    )
    new_points = {}
    for section in source.sections.prefetch_related("work_points__units"):
        new_section = Section.objects.create(plan=plan, number=section.number, title=section.title, body=section.body)
        for point in section.work_points.all():
            new_point = WorkPoint.objects.create(
                section=new_section,
                code=point.code,
                order=point.order,
                title=point.title,
                text=point.text,
                status=WorkPointStatus.NOT_STARTED,
            )
            new_point.units.set(point.units.all())
            new_points[point.pk] = new_point
    Target.objects.bulk_create(
        Target(
            plan=plan,
            work_point=new_points.get(target.work_point_id),
            code=target.code,
            name=target.name,
            description=target.description,
            metric=target.metric,
            goal=target.goal,
            stretch_goal=target.stretch_goal,
            unit=target.unit,
        )
        for target in source.targets.all()
    )
    return plan
