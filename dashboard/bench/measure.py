"""The benchmark's table: each row a page or a call, timed in process, with its queries and, where asked, memory.

Rows are declared in one list (`declared_rows`): a name and a call, and optionally something to run before
every call (say, clearing the cache for a cold-cache row), how many runs and warm-ups it takes, and whether to
measure the peak of memory one call allocates. Pages go through Django's test client, logged in as the user the
row names, and anything but 200 stops the benchmark, so a broken page never shows up as a fast one. Each row is
warmed up, then timed `runs` times (p50 is the median, p95 the nearest-rank 95th percentile); its queries are
counted, and its memory traced, in one further call apiece, so neither bookkeeping slows the timed calls.
"""

from __future__ import annotations

import math
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from activities.export import reports_of_export, reports_workbook
from activities.models import ActivityReport, ReportExport
from activities.views.reports import NEWEST_ACTIVITY
from colleges.models import College
from core.keyset import Key
from core.scoping import school_scope
from dashboard import exports
from institutions.models import home
from scoring import assessments
from scoring.models import Scheme

from . import load, own_process, province, score_import, writes
from .dataset import Size, describe

WARM_UPS = 3
MB = 1_000_000


@dataclass(frozen=True)
class Timed:
    """One row of the table: `call` timed `runs` times (None: --runs) after `warm_ups` untimed calls."""

    name: str
    call: Callable[[], object]
    prepare: Callable[[], object] | None = None  # before every call, timed or not; itself untimed
    runs: int | None = None
    warm_ups: int = WARM_UPS
    memory: bool = False  # also trace the peak of memory one call allocates (tracemalloc)


@dataclass(frozen=True)
class OwnProcess:
    """A row measured in a process of its own (`own_process`): one build, its seconds and its peak RSS."""

    name: str
    build: str  # a key of own_process.BUILDS
    year: int

    def measure(self) -> Row:
        seconds, queries, peak_rss = own_process.measure_in_own_process(self.build, self.year)
        return Row(self.name, [seconds], queries, peak_rss)


@dataclass
class Row:
    name: str
    timings: list[float]  # seconds
    queries: int
    peak_bytes: int | None = None

    @property
    def p50(self) -> float:
        return statistics.median(self.timings) * 1000

    @property
    def p95(self) -> float:
        ordered = sorted(self.timings)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] * 1000  # nearest rank


@dataclass
class Scene:
    """What the rows look at: the latest year's scheme, the first active college, and logged-in test clients."""

    scheme: Scheme
    college: College
    clients: dict[str, Client] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.scheme.year

    def page(self, url: str, user: str = "office", ok: tuple[int, ...] = (200,)) -> Callable[[], object]:
        """A call that GETs `url` as the bench user `user` (office, staff or sec-<college code>)."""
        if user not in self.clients:
            client = Client()
            if user != "anonymous":  # the public site's visitor (publicity), logged in as nobody
                client.force_login(get_user_model().objects.get(username=user))
            self.clients[user] = client
        client = self.clients[user]

        def get():
            response = client.get(url)
            if response.status_code not in ok:
                raise CommandError(f"{url} answered {response.status_code} to {user}, not {ok}.")
            return response

        return get


def year_export(year: int) -> Callable[[], bytes]:
    """The background build of the report list of a whole year, every college, as its worker runs it."""
    return lambda: reports_workbook(reports_of_export(ReportExport(query=f"year={year}")))


def declared_rows(scene: Scene, options, write) -> list[Timed | OwnProcess]:
    """The table, in order. The first row is the baseline every ratio divides by and the second the warm
    dashboard of the last line; add new rows further down."""
    year, college = scene.year, scene.college
    dashboard = f"/dashboard/{year}/"
    export = f"/reports/export.xlsx?college={college.pk}&date_from={year}-01-01&date_to={year}-12-31"
    import_rows = options["import_rows"]
    college_page = f"/dashboard/{year}/colleges/{college.code}/"
    return [
        Timed("bare view /healthz/", scene.page("/healthz/")),
        Timed(f"dashboard /dashboard/{year}/", scene.page(dashboard)),
        Timed("dashboard (cold cache)", scene.page(dashboard), prepare=cache.clear),
        Timed("dashboard, staff", scene.page(dashboard, "staff")),
        Timed("dashboard, staff (cold cache)", scene.page(dashboard, "staff"), prepare=cache.clear),
        Timed("staff home /", scene.page("/", "staff")),
        Timed("report list /reports/", scene.page("/reports/")),
        Timed("report list, staff", scene.page("/reports/", "staff")),
        Timed("report list, a deep page", scene.page(deep_page_url(), "staff")),
        Timed(f"report list ?q={SEARCH_TERM}", scene.page(f"/reports/?q={SEARCH_TERM}", "staff")),
        Timed("review queue /reports/review/", scene.page("/reports/review/", "staff")),
        Timed(f"scoring school view {year}", scene.page(f"/scoring/{year}/", "staff")),
        Timed(f"college page {college.code} {year}", scene.page(college_page)),
        Timed("college page (cold cache)", scene.page(college_page), prepare=cache.clear),
        # A large set answers with a background build (302 to its progress page); a small one with the file.
        Timed("college-year export .xlsx", scene.page(export, ok=(200, 302))),
        # The public site's home for an anonymous visitor (cached per generation, like the dashboard's figures).
        Timed("public home / (anonymous)", scene.page("/", "anonymous")),
        # The province's overview of every school of the set (province/): one tally row per school, so its queries
        # do not grow with the schools; and its table as a workbook.
        Timed(f"province overview {year}", scene.page(f"/province/{year}/", province.USERNAME)),
        Timed("province overview .xlsx", scene.page(f"/province/{year}/schools.xlsx", province.USERNAME)),
        # The background builds, called as their worker calls them (activities/tasks.py, dashboard/tasks.py): once
        # each, with the peak of the memory they allocate.
        Timed(f"year export {year}, every college (build)", year_export(year), **ONCE),
        Timed(f"annual summary .xlsx {year} (build)", lambda: exports.build_workbook(year), **ONCE),
        Timed(f"annual summary .pdf {year} (build)", lambda: exports.build_pdf(year), **ONCE),
        # The same build as a worker runs it, in a process of its own: its peak MB is the process's peak RSS.
        OwnProcess(f"annual summary .pdf {year}, worker RSS", "annual-pdf", year),
        # Below every page that reads cached figures: it bumps their generation, which retires them all.
        Timed(f"verdict recompute {year}", lambda: assessments.recompute_scheme(scene.scheme)),
        # Timed once, with no warm-up: an upload is read once, and at 100,000 rows a read takes seconds.
        Timed(
            f"score import {import_rows:,} rows",
            score_import.sheet_reader(scene.scheme, import_rows, write),
            runs=1,
            warm_ups=0,
            memory=True,
        ),
    ]


SEARCH_TERM = "工匠精神"
ONCE = {"runs": 1, "warm_ups": 0, "memory": True}


def deep_page_url() -> str:
    """The report list at its middle: the page of reports just older than the median report of its order."""
    reports = ActivityReport.objects.order_by("-starts_on", "-pk")
    starts_on, pk = reports.values_list("starts_on", "pk")[reports.count() // 2]
    return "/reports/?older=" + NEWEST_ACTIVITY.encode(Key(starts_on, pk))


def measure(size: Size, options, write) -> None:
    """The home school's table: its pages as its office, staff and secretaries see them (each request enters the
    school again through the middleware, from the user's membership), and its builds, all in its scope, whatever
    the other schools of the set hold."""
    with school_scope(home()):
        measure_home_school(size, options, write)


def measure_home_school(size: Size, options, write) -> None:
    scene = Scene(
        scheme=Scheme.objects.order_by("-year").first(),
        college=College.objects.active().order_by("order", "code").first(),
    )
    cache_backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    started = time.perf_counter()
    tally_rows = province.prepare(scene.year)
    write(f"province: {tally_rows} school-year tallies counted in {time.perf_counter() - started:.1f} s")
    write(
        f"database={connection.vendor} {describe(size)}, {College.objects.count()} of them the home school's; "
        f"latest year {scene.year}; "
        f"{options['runs']} runs after {WARM_UPS} warm-ups; cache={cache_backend}"
    )
    declared = declared_rows(scene, options, write)
    write(f"{'name':<34} {'p50 ms':>9} {'p95 ms':>9} {'×bare p50':>10} {'queries':>8} {'peak MB':>8}")
    rows: list[Row] = []

    def show(row: Row) -> None:
        """Each row as soon as it is measured: a province-sized run takes long, and its rows are read as they come."""
        rows.append(row)
        peak = "" if row.peak_bytes is None else f" {row.peak_bytes / MB:>8.1f}"
        bare = rows[0].p50
        write(f"{row.name:<34} {row.p50:>9.2f} {row.p95:>9.2f} {row.p50 / bare:>10.1f} {row.queries:>8}{peak}")

    for timed in declared:
        show(timed.measure() if isinstance(timed, OwnProcess) else time_it(timed, options["runs"]))
    timings, queries = writes.read_while_writing(scene.page(f"/dashboard/{scene.year}/"), options["write_cycles"])
    show(Row(f"dashboard under {options['write_cycles'] * 2} writes", timings, queries))
    bare = rows[0].p50
    if not options["no_rps"]:
        office = get_user_model().objects.get(username="office")
        load.requests_per_second(office, scene.year, options["rps_seconds"], write)
    public = next(row for row in rows if row.name.startswith("public home"))
    write(f"public_home_vs_bare_p50_ratio={public.p50 / bare:.2f}")
    write(f"dashboard_vs_bare_p50_ratio={rows[1].p50 / bare:.2f}")


def time_it(timed: Timed, runs: int) -> Row:
    def call():
        if timed.prepare:
            timed.prepare()
        timed.call()

    for _ in range(timed.warm_ups):
        call()
    timings = []
    for _ in range(timed.runs or runs):
        if timed.prepare:
            timed.prepare()
        started = time.perf_counter()
        timed.call()
        timings.append(time.perf_counter() - started)
    if timed.prepare:
        timed.prepare()
    peak = None
    # One further call counts the queries, and traces the memory too where asked (a build of a minute is not
    # run a third time for it).
    with CaptureQueriesContext(connection) as captured:
        if timed.memory:
            peak = peak_memory(timed.call)
        else:
            timed.call()
    return Row(timed.name, timings, len(captured), peak)


def peak_memory(call: Callable[[], object]) -> int:
    """The most memory the call's own allocations held at once, as tracemalloc counts it: everything allocated
    through Python's allocators during the call (openpyxl's XML parser and zlib's buffers included), nothing
    allocated before it. Unlike getrusage's maxrss, it does not hide under a higher peak of an earlier row."""
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
