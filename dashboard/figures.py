"""Every figure of the party office's dashboard, one function each, computed in a fixed number of queries
and cached under the figures generation (core/cache.py), which every relevant write bumps.

Functions return plain data (numbers, strings, dates, ids), so that the cache can hold them and the pages,
the workbook and the printed summary show the same figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import ExtractMonth

from activities.models import (
    ActivityKind,
    ActivityReport,
    CollegeTally,
    ElderTally,
    Evidence,
    EvidenceKind,
    MonthKindTally,
    Status,
)
from colleges.models import BrandProject, College
from core.cache import cached
from plans.models import WorkPlan
from plans.progress import Goal, progress_for_plan
from scoring.models import Assessment, AssessmentStatus, Scheme
from scoring.progress import balanced_share_goal
from scoring.schemes import scored_indicators
from scoring.standing import balanced_share


def available_years() -> list[int]:
    """Every year with a work plan, an indicator scheme or any activity report, newest first."""

    def compute():
        years = set(WorkPlan.objects.values_list("year", flat=True))
        years |= set(Scheme.objects.values_list("year", flat=True))
        years |= set(CollegeTally.objects.filter(reports__gt=0).order_by().values_list("year", flat=True).distinct())
        return sorted(years, reverse=True)

    return cached("dashboard:years", compute)


@dataclass(frozen=True)
class Share:
    percent: Decimal
    balanced: int
    colleges: int
    target: Goal | None  # the plan's target for the year; None when the year has none

    @property
    def reached_goal(self) -> bool:
        return self.target is not None and self.target.reached(self.percent)

    @property
    def reached_stretch(self) -> bool:
        return self.target is not None and self.target.reached_stretch(self.percent)


def balanced(year: int) -> Share:
    percent, balanced_count, colleges = balanced_share(year)
    target = cached(f"dashboard:balanced-goal:{year}", lambda: balanced_share_goal(year))
    return Share(percent=percent, balanced=balanced_count, colleges=colleges, target=target)


def college_rows(year: int) -> list[dict]:
    """One row per active college: verdict, reports submitted and approved, brand project, latest activity."""

    def compute():
        colleges = list(College.objects.active().values("pk", "code", "name", "short_name"))
        reports = {
            row["college"]: row
            for row in CollegeTally.objects.filter(year=year)
            .order_by()
            .values("college")
            .annotate(
                submitted=Sum("reports", filter=~Q(status=Status.DRAFT), default=0),
                approved=Sum("reports", filter=Q(status=Status.APPROVED), default=0),
                latest=Max("latest", filter=Q(status=Status.APPROVED)),
            )
        }
        scheme = Scheme.objects.filter(year=year).first()
        keys = [i.code for i in scored_indicators(scheme) if i.is_key] if scheme else []
        assessments = {
            a["college"]: a
            for a in Assessment.objects.filter(scheme__year=year).values(
                "college", "status", "final_total", "balanced", "key_short"
            )
        }
        brands = dict(BrandProject.objects.filter(year=year).values_list("college", "title"))
        rows = []
        for college in colleges:
            counts = reports.get(college["pk"], {})
            assessment = assessments.get(college["pk"])
            final = bool(assessment and assessment["status"] == AssessmentStatus.FINALISED)
            rows.append(
                {
                    "pk": college["pk"],
                    "code": college["code"],
                    "name": college["name"],
                    "short_name": college["short_name"],
                    "final": final,
                    "status": assessment["status"] if assessment else "",
                    "total": assessment["final_total"] if final else None,
                    "keys_met": (len(keys) - len(assessment["key_short"])) if final else None,
                    "keys": len(keys),
                    "balanced": bool(final and assessment["balanced"]),
                    "submitted": counts.get("submitted", 0),
                    "approved": counts.get("approved", 0),
                    "latest": counts.get("latest"),
                    "brand": brands.get(college["pk"], ""),
                }
            )
        return rows

    return cached(f"dashboard:colleges:{year}", compute)


LAGGING_SHOWN = 10


def lagging_colleges(year: int, limit: int = LAGGING_SHOWN) -> dict:
    """The staff home's summary of the colleges: how many there are, how many lack a brand project, and the
    `limit` colleges with the fewest reports submitted this year (the school's order breaks ties)."""

    def compute():
        rows = college_rows(year)
        lagging = sorted(enumerate(rows), key=lambda pair: (pair[1]["submitted"], pair[0]))[:limit]
        return {
            "rows": [row for _, row in lagging],
            "colleges": len(rows),
            "without_brand": sum(1 for row in rows if not row["brand"]),
        }

    return cached(f"dashboard:lagging:{year}:{limit}", compute)


def targets(year: int) -> list[dict]:
    def compute():
        plan = WorkPlan.objects.filter(year=year).first()
        if plan is None:
            return []
        return [
            {
                "name": p.target.name,
                "value": p.value,
                "goal": p.target.goal,
                "stretch": p.target.stretch_goal,
                "unit": p.target.unit,
                "percent": p.percent_of_goal,
                "reached": p.reached_goal,
                "detail": p.detail,
                "work_point": p.target.work_point.code if p.target.work_point else "",
            }
            for p in progress_for_plan(plan)
        ]

    return cached(f"dashboard:targets:{year}", compute)


def _approved(year: int, college_code: str | None = None):
    reports = ActivityReport.objects.approved().filter(year=year)
    return reports.filter(college__code=college_code) if college_code else reports


def _approved_tallies(year: int, college_code: str | None = None):
    tallies = CollegeTally.objects.filter(year=year, status=Status.APPROVED).order_by()
    return tallies.filter(college__code=college_code) if college_code else tallies


def _elder_tallies(year: int, college_code: str | None = None):
    tallies = ElderTally.objects.filter(year=year, times__gt=0, member__elder_kind__gt="").order_by()
    return tallies.filter(college__code=college_code) if college_code else tallies


def _participants():
    return {
        "reports": Sum("reports", default=0),
        "students": Sum("students", default=0),
        "teachers": Sum("teachers", default=0),
    }


def participation(year: int, college_code: str | None = None) -> dict:
    """Who took part in the year's approved activities: students and teachers in person-times (人次, as each
    report counts them), elders (五老 and retired teachers of the committees) as people and as person-times.
    Read from the tallies (activities/tallies.py): a few rows per college, however many reports there are."""

    def compute():
        totals = _approved_tallies(year, college_code).aggregate(**_participants())
        elders = _elder_tallies(year, college_code).aggregate(
            times=Sum("times", default=0), people=Count("member", distinct=True)
        )
        return {**totals, "elder_people": elders["people"], "elder_times": elders["times"]}

    return cached(f"dashboard:participation:{year}:{college_code or ''}", compute)


def participation_by_college(year: int) -> dict[str, dict]:
    """participation() of every college at once, keyed by college code, in two grouped queries."""

    def compute():
        empty = {"reports": 0, "students": 0, "teachers": 0, "elder_people": 0, "elder_times": 0}
        result: dict[str, dict] = {}
        for row in _approved_tallies(year).filter(reports__gt=0).values("college__code").annotate(**_participants()):
            code = row.pop("college__code")
            result[code] = {**empty, **row}
        for row in (
            _elder_tallies(year)
            .values("college__code")
            .annotate(times=Sum("times"), people=Count("member", distinct=True))
        ):
            counts = result.setdefault(row["college__code"], dict(empty))
            counts.update(elder_people=row["people"], elder_times=row["times"])
        return result

    return cached(f"dashboard:participation-by-college:{year}", compute)


def by_month(year: int, college_code: str | None = None) -> list[tuple[int, int]]:
    """Approved activities per month of the year: [(1, n), … (12, n)]. The school's come from the tallies; one
    college's are counted from its reports through the (college, year, status) index."""

    def compute():
        if college_code:
            counts = dict(
                _approved(year, college_code)
                .annotate(month=ExtractMonth("starts_on"))
                .values_list("month")
                .annotate(n=Count("pk"))
                .order_by()
            )
        else:
            counts = dict(
                MonthKindTally.objects.filter(year=year).order_by().values_list("month").annotate(n=Sum("reports"))
            )
        return [(month, counts.get(month, 0)) for month in range(1, 13)]

    return cached(f"dashboard:month:{year}:{college_code}", compute)


def by_kind(year: int, college_code: str | None = None) -> list[tuple[int, str, int]]:
    """(kind id, kind name, approved count), most frequent first, kinds without activities left out."""

    def compute():
        if college_code:
            counts = dict(_approved(year, college_code).values_list("kind").annotate(n=Count("pk")).order_by())
        else:
            counts = dict(
                MonthKindTally.objects.filter(year=year, reports__gt=0)
                .order_by()
                .values_list("kind")
                .annotate(n=Sum("reports"))
            )
        kinds = ActivityKind.objects.filter(pk__in=counts).values_list("pk", "name")
        return sorted(((pk, name, counts[pk]) for pk, name in kinds), key=lambda row: (-row[2], row[1]))

    return cached(f"dashboard:kind:{year}:{college_code}", compute)


def by_college(year: int) -> list[tuple[str, str, int]]:
    """(code, short name, approved count) for every active college, in the school's order."""

    def compute():
        counts = dict(_approved_tallies(year).values_list("college", "reports"))
        return [(c.code, c.short_name, counts.get(c.pk, 0)) for c in College.objects.active()]

    return cached(f"dashboard:college:{year}", compute)


def latest_activities(year: int, college_code: str | None = None, limit: int = 6) -> list[dict]:
    """The latest approved activities, each with its first photo (report id and evidence id, or None)."""

    def compute():
        reports = list(
            _approved(year, college_code).select_related("college", "kind").order_by("-starts_on", "-pk")[:limit]
        )
        photos = {}
        for report_id, evidence_id in (
            Evidence.objects.filter(report__in=reports, kind=EvidenceKind.PHOTO)
            .order_by("report_id", "uploaded_at", "pk")
            .values_list("report_id", "pk")
        ):
            photos.setdefault(report_id, evidence_id)
        return [
            {
                "id": r.pk,
                "title": r.title,
                "college": r.college.short_name,
                "kind": r.kind.name,
                "date": r.starts_on,
                "photo": photos.get(r.pk),
            }
            for r in reports
        ]

    return cached(f"dashboard:latest:{year}:{college_code}:{limit}", compute)


def month_range(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, month, 1)
    last = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    return first, last
