"""The province's overview of one year: every region's round and every school's figures, in a fixed number of
queries however many schools there are (the schools' own figures come from SchoolYearTally, one row each).

Reads every school's rows: callers enter `core.scoping.every_school()` after province.access allowed the reader."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Q

from institutions.models import Institution
from region.models import Application, Assignment, AssignmentStatus, Region, ReviewRound, RoundStatus
from region.models import Status as ApplicationStatus
from scoring import rules

from .models import SchoolYearTally


@dataclass
class RegionRow:
    pk: int
    name: str
    lead: str
    round_status: str  # "", or the round's status label
    round_open: bool
    members: int
    applications: list[tuple[str, int]] = field(default_factory=list)  # (status label, count), workflow order
    reviews_assigned: int = 0
    reviews_submitted: int = 0


@dataclass
class SchoolRow:
    pk: int
    name: str
    short_name: str
    regions: list[str]
    region_ids: list[int]
    application: str = ""  # the status label, "" without an application
    published: bool = False
    collective_total: Decimal | None = None
    collective_balanced: bool | None = None
    tally: SchoolYearTally | None = None  # None: the school does not run this year in the portal

    @property
    def balanced_percent(self) -> Decimal | None:
        return rules.share(self.tally.balanced, self.tally.colleges) if self.tally else None

    @property
    def reached_goal(self) -> bool | None:
        """Whether the share reached the school's own goal; None without a goal (or not running here)."""
        if self.tally is None or self.tally.balanced_goal is None:
            return None
        return self.balanced_percent >= self.tally.balanced_goal


def fingerprint(year: int) -> tuple:
    """What the year's overview is made of, in one query: it changes whenever any figure the page shows may have.

    The years offered are counted; a school's recount replaces its tally rows (new ids), every write of an
    application, a review or a round claims its version (core.versions), and regions and their members are
    counted. A school renamed in the admin changes none of these: the cached page keeps its old name until the
    cache's own expiry (province.views)."""

    def table(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    versions = "COUNT(*) + COALESCE(SUM(version), 0)"  # a row added, removed or changed (its version claimed)
    regions = _select("id", table(Region), "year = %s")
    rounds = _select("id", table(ReviewRound), f"region_id IN ({regions})")
    parts = [
        # The years offered: any year's first region or first tally row adds one.
        _select("COUNT(DISTINCT year)", table(Region), "1 = 1"),
        _select("COUNT(DISTINCT year)", table(SchoolYearTally), "1 = 1"),
        _select("COUNT(*)", table(SchoolYearTally), "year = %s"),
        _select("MAX(id)", table(SchoolYearTally), "year = %s"),
        _select("COUNT(*)", table(Region), "year = %s"),
        _select("COUNT(*)", table(Region.members.through), f"region_id IN ({regions})"),
        _select(versions, table(Application), f"region_id IN ({regions})"),
        _select(versions, table(ReviewRound), f"region_id IN ({regions})"),
        _select(versions, table(Assignment), f"round_id IN ({rounds})"),
    ]
    sql = "SELECT " + ", ".join(f"({part})" for part in parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, [year] * sql.count("%s"))
        return tuple(cursor.fetchone())


def _select(what: str, table: str, where: str) -> str:
    # Only our models' quoted table names and fixed conditions are formatted in; the year is a bound parameter.
    return f"SELECT {what} FROM {table} WHERE {where}"  # noqa: S608


def years() -> list[int]:
    """Every year with a region or a school's figures, newest first."""
    found = set(Region.objects.order_by().values_list("year", flat=True).distinct())
    found |= set(SchoolYearTally.objects.order_by().values_list("year", flat=True).distinct())
    return sorted(found, reverse=True)


def region_rows(year: int, region_id: int | None = None) -> list[RegionRow]:
    regions = Region.objects.filter(year=year).select_related("lead", "review_round").order_by("code")
    if region_id is not None:
        regions = regions.filter(pk=region_id)
    rows = {}
    for region in regions.annotate(member_count=Count("members", distinct=True)):
        review_round = getattr(region, "review_round", None)
        rows[region.pk] = RegionRow(
            pk=region.pk,
            name=str(region),
            lead=region.lead.short_name,
            round_status=review_round.get_status_display() if review_round else "",
            round_open=bool(review_round and review_round.status == RoundStatus.OPEN),
            members=region.member_count,
        )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    applications = Application.objects.filter(region__in=list(rows)).order_by()
    for region, status, n in applications.values_list("region", "status").annotate(n=Count("pk")):
        counts[region][status] = n
    for region, by_status in counts.items():
        rows[region].applications = [
            (label, by_status[value]) for value, label in ApplicationStatus.choices if by_status.get(value)
        ]
    for row in (
        Assignment.objects.filter(round__region__in=list(rows))
        .order_by()
        .values("round__region")
        .annotate(assigned=Count("pk"), submitted=Count("pk", filter=Q(status=AssignmentStatus.SUBMITTED)))
    ):
        rows[row["round__region"]].reviews_assigned = row["assigned"]
        rows[row["round__region"]].reviews_submitted = row["submitted"]
    return list(rows.values())


def school_rows(year: int, region_id: int | None = None) -> list[SchoolRow]:
    """Every member school of the year's regions (and their leads), and every school that runs the year in the
    portal, by name; with `region_id`, that region's schools only."""
    regions = Region.objects.filter(year=year)
    if region_id is not None:
        regions = regions.filter(pk=region_id)
    regions = list(regions)
    region_names = {region.pk: str(region) for region in regions}
    in_region: dict[int, list[int]] = defaultdict(list)
    for region, school in Region.members.through.objects.filter(region__in=list(region_names)).values_list(
        "region", "institution"
    ):
        in_region[school].append(region)
    for region in regions:
        if region.pk not in in_region[region.lead_id]:
            in_region[region.lead_id].append(region.pk)
    tallies = SchoolYearTally.objects.filter(year=year)
    if region_id is not None:
        tallies = tallies.filter(institution__in=list(in_region))
    tallies = {tally.institution_id: tally for tally in tallies}
    applications = {
        a["institution"]: a
        for a in Application.objects.filter(region__in=list(region_names)).values(
            "institution", "status", "collective_total", "balanced", "published_at"
        )
    }
    labels = dict(ApplicationStatus.choices)
    rows = []
    schools = Institution.objects.filter(pk__in={*in_region, *tallies}).order_by("name")
    for school in schools.values("pk", "name", "short_name"):
        application = applications.get(school["pk"])
        published = bool(application and application["published_at"])
        ids = sorted(in_region.get(school["pk"], []), key=lambda pk: region_names[pk])
        rows.append(
            SchoolRow(
                pk=school["pk"],
                name=school["name"],
                short_name=school["short_name"],
                regions=[region_names[pk] for pk in ids],
                region_ids=ids,
                application=labels.get(application["status"], "") if application else "",
                published=published,
                collective_total=application["collective_total"] if published else None,
                collective_balanced=application["balanced"] if published else None,
                tally=tallies.get(school["pk"]),
            )
        )
    return rows
