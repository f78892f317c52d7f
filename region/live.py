"""A member school's own data for its region application: read in that school's scope, for one year.

A school runs its year in the portal when it has a work plan for the year; only then is there anything to draft
from. The figures are those the school's own pages show, through the functions those pages use: the colleges'
balanced share and the plan's target for it (scoring.standing.balanced_share, scoring.progress.balanced_share_goal,
as the dashboard), the approved activity reports counted by the plan's sections, the care board's summary
(care.figures.school_summary, the dashboard's hook) and the colleges' brand projects.

Callers ask region.access first (the school's contact drafts, the lead and the application's reviewers read); this
module only reads, in a fixed number of queries however many colleges, reports and projects the school has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from activities.models import ActivityReport
from care.figures import school_summary
from colleges.models import BrandProject
from core.scoping import school_scope
from institutions.models import Institution
from plans.models import Section, WorkPlan
from plans.progress import Goal
from scoring.models import Scheme
from scoring.progress import balanced_share_goal
from scoring.standing import CollegeStanding, balanced_share, school_assessments, standings_of

# The evidence page lists this many of the year's approved reports, the newest first; the counts are of all.
REPORTS_LISTED = 300


@dataclass(frozen=True)
class SectionCount:
    number: int | None  # None: reports filed against no work point of the year's plan
    title: str
    reports: int


@dataclass(frozen=True)
class Brand:
    college: str
    title: str
    status: str
    lead: str


@dataclass(frozen=True)
class LiveFigures:
    """What a school's own data says for one year; `runs_year` False means there is no plan, and nothing else."""

    year: int
    runs_year: bool
    plan_title: str = ""
    colleges: int = 0
    balanced: int = 0
    percent: Decimal = Decimal(0)
    goal: Goal | None = None
    sections: tuple[SectionCount, ...] = ()
    care: dict = field(default_factory=dict)
    brands: tuple[Brand, ...] = ()

    @property
    def approved_reports(self) -> int:
        return sum(section.reports for section in self.sections)

    @property
    def goal_standing(self) -> str:
        """ "stretch", "goal" or "short" of the plan's target; "" when the plan sets none."""
        return self.goal.standing(self.percent) if self.goal is not None else ""


@dataclass(frozen=True)
class LiveDetails:
    """The rows behind the figures, for the application's evidence page."""

    figures: LiveFigures
    standings: tuple[CollegeStanding, ...] = ()
    reports: tuple[ActivityReport, ...] = ()  # the newest REPORTS_LISTED approved reports of the year


def runs_year(institution: Institution, year: int) -> bool:
    """Whether the school keeps its year in the portal: it has a work plan for the year."""
    with school_scope(institution):
        return WorkPlan.objects.filter(year=year).exists()


def live_figures(institution: Institution, year: int) -> LiveFigures:
    """The school's figures of the year, read in its scope."""
    with school_scope(institution):
        return _figures(year)


def live_details(institution: Institution, year: int) -> LiveDetails:
    """The figures and the rows behind them: each college's verdict, the approved reports with their section."""
    with school_scope(institution):
        figures = _figures(year)
        if not figures.runs_year:
            return LiveDetails(figures=figures)
        scheme = Scheme.objects.filter(year=year).first()
        standings = standings_of(scheme, school_assessments(scheme)) if scheme is not None else []
        reports = (
            ActivityReport.objects.approved()
            .of_year(year)
            .select_related("college", "kind", "work_point__section")
            .order_by("-starts_on", "-pk")[:REPORTS_LISTED]
        )
        return LiveDetails(figures=figures, standings=tuple(standings), reports=tuple(reports))


def _figures(year: int) -> LiveFigures:
    plan = WorkPlan.objects.filter(year=year).only("pk", "title").first()
    if plan is None:
        return LiveFigures(year=year, runs_year=False)
    percent, balanced, colleges = balanced_share(year)
    return LiveFigures(
        year=year,
        runs_year=True,
        plan_title=plan.title,
        colleges=colleges,
        balanced=balanced,
        percent=percent,
        goal=balanced_share_goal(year),
        sections=tuple(_reports_by_section(plan, year)),
        care=school_summary(year),
        brands=tuple(_brands(year)),
    )


def _reports_by_section(plan: WorkPlan, year: int) -> list[SectionCount]:
    """The year's approved reports per section of the plan, in the plan's order (sections without reports too),
    then those filed against no work point of the plan."""
    counts = dict(
        ActivityReport.objects.approved()
        .of_year(year)
        .order_by()
        .values_list("work_point__section_id")
        .annotate(n=Count("pk"))
    )
    rows = []
    for section in Section.objects.filter(plan=plan).order_by("number"):
        rows.append(SectionCount(section.number, str(section), counts.pop(section.pk, 0)))
    elsewhere = sum(counts.values())
    if elsewhere:
        rows.append(SectionCount(None, _("Not filed against a work point of the plan"), elsewhere))
    return rows


def _brands(year: int) -> list[Brand]:
    projects = (
        BrandProject.objects.filter(year=year, college__active=True)
        .select_related("college")
        .order_by("college__order", "college__code")
    )
    return [
        Brand(project.college.name, project.title, project.get_status_display(), project.lead) for project in projects
    ]
