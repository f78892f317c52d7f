"""The schools of the benchmark's data set (`--institutions N`): the home school and N-1 others sharing one
installation, as the province's 168 would (issue 27).

The home school's plan, scheme, activity kinds and member units are made as a school makes them (the shipped
files, then `copy_plan` / `copy_scheme` per year). Every other school runs the same work, so it gets copies of
them, made here level by level with bulk inserts for all the other schools at once: the per-year copies go row by
row, which for 167 schools × 5 years would cost minutes of round trips. Each copy names its school (or its parent
row) explicitly, so it never depends on the scope in force.
"""

from __future__ import annotations

from itertools import product

from django.db import models

from activities.models import ActivityKind
from colleges.models import MemberUnit
from core.scoping import school_scope
from institutions.models import Institution
from plans.models import Section, Target, WorkPlan, WorkPoint
from scoring.models import Indicator, Scheme

BATCH = 5000


def other_schools(count: int) -> list[Institution]:
    """The schools beside the home school: bench002 … (`count` of them)."""
    return Institution.objects.bulk_create(
        Institution(code=f"bench{n:03d}", name=f"基准高校{n:03d}", short_name=f"基准{n:03d}")
        for n in range(2, count + 2)
    )


def shares(total: int, parts: int) -> list[int]:
    """`total` split into `parts` counts that differ by at most one, the larger first."""
    return [total // parts + (k < total % parts) for k in range(parts)]


def copied(row: models.Model, **changes) -> models.Model:
    """An unsaved copy of `row` with `changes` (attribute names, e.g. plan_id=)."""
    values = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields if not f.primary_key}
    return type(row)(**{**values, **changes})


def copy_level(rows: list, schools: list[Institution], **parents) -> dict[tuple[int, int], models.Model]:
    """Each of `rows` copied into every school, its keys remapped: `parents` maps an attribute (plan_id) to the
    {(school id, old id): new row} of the level above, or to the string "institution_id" for a root. Returns
    {(school id, old id): new row}."""
    keys, copies = [], []
    for school, row in product(schools, rows):
        changes = {}
        for attname, level in parents.items():
            if level == "institution_id":
                changes[attname] = school.pk
            elif getattr(row, attname) is not None:
                changes[attname] = level[school.pk, getattr(row, attname)].pk
        keys.append((school.pk, row.pk))
        copies.append(copied(row, **changes))
    made = type(rows[0]).objects.bulk_create(copies, batch_size=BATCH) if rows else []
    return dict(zip(keys, made, strict=True))


def copy_home_setup(home: Institution, schools: list[Institution]) -> None:
    """The home school's activity kinds, member units, plans (with sections, work points and their units, and
    targets) and indicator schemes, copied into each of `schools`."""
    if not schools:
        return
    with school_scope(home):  # the rows copied are the home school's
        kinds = list(ActivityKind.objects.all())
        units = list(MemberUnit.objects.all())
        plans = list(WorkPlan.objects.all())
        sections = list(Section.objects.filter(plan__in=plans))
        points = list(WorkPoint.objects.filter(section__in=sections))
        point_units = list(WorkPoint.units.through.objects.filter(workpoint__in=points))
        targets = list(Target.objects.filter(plan__in=plans))
        schemes = list(Scheme.objects.all())
        indicators = list(Indicator.objects.filter(scheme__in=schemes))
    copy_level(kinds, schools, institution_id="institution_id")
    unit_copies = copy_level(units, schools, institution_id="institution_id")
    plan_copies = copy_level(plans, schools, institution_id="institution_id")
    section_copies = copy_level(sections, schools, plan_id=plan_copies)
    point_copies = copy_level(points, schools, section_id=section_copies)
    copy_level(point_units, schools, workpoint_id=point_copies, memberunit_id=unit_copies)
    copy_level(targets, schools, plan_id=plan_copies, work_point_id=point_copies)
    scheme_copies = copy_level(schemes, schools, institution_id="institution_id")
    # Groups before the indicators under them, as copy_scheme does: a child's new parent must exist first.
    groups = copy_level([i for i in indicators if i.parent_id is None], schools, scheme_id=scheme_copies)
    copy_level([i for i in indicators if i.parent_id is not None], schools, scheme_id=scheme_copies, parent_id=groups)
