"""`manage.py bench` at a tiny size: it prints every row of its table, the gunicorn figures and, last, the ratio
line — and it does all of that in a bench database of its own, leaving the developer's database as it was. With
`--institutions`, the set holds several schools, each running its own year, and the pages timed are the home
school's."""

import re
import socket
import sqlite3
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import F

from activities.models import ActivityKind, ActivityReport
from colleges.models import College, Membership
from core.scoping import every_school, school_scope
from dashboard.bench.dataset import Size, build_data_set, data_set_size
from institutions.models import Institution
from plans.models import WorkPlan, WorkPoint
from scoring.assessments import recompute_scheme
from scoring.models import Assessment, AssessmentStatus, Indicator, Scheme

# The command stops itself (and the gunicorn it started) when this runs out, so the test cannot hang.
TIME_LIMIT = 240
ROWS = [
    "bare view /healthz/",
    "dashboard /dashboard/2023/",
    "dashboard (cold cache)",
    "dashboard, staff",
    "dashboard, staff (cold cache)",
    "staff home /",
    "report list /reports/",
    "report list, staff",
    "report list, a deep page",
    "report list ?q=工匠精神",
    "review queue /reports/review/",
    "scoring school view 2023",
    "college page c001 2023",
    "college page (cold cache)",
    "college-year export .xlsx",
    "public home / (anonymous)",
    "province overview 2023",
    "province overview .xlsx",
    "year export 2023, every college (build)",
    "annual summary .xlsx 2023 (build)",
    "annual summary .pdf 2023 (build)",
    "annual summary .pdf 2023, worker RSS",
    "verdict recompute 2023",
    "score import 1,000 rows",
    "dashboard under 4 writes",
]
NUMBER = r"\s+\d+\.\d+"
ROW = re.compile(rf"^(?P<name>.+?){NUMBER}{NUMBER}{NUMBER}\s+(?P<queries>\d+)(?:\s+(?P<peak_mb>\d+\.\d+))?$")


def file_state(path: Path):
    return (path.stat().st_mtime_ns, path.stat().st_size) if path.exists() else None


@pytest.mark.django_db
def test_bench_prints_its_figures_from_a_database_of_its_own(tmp_path):
    developer_file = Path(settings.BASE_DIR) / "var" / "db.sqlite3"
    before = file_state(developer_file)
    bench_file = tmp_path / "bench.sqlite3"
    out = StringIO()
    started = time.monotonic()

    call_command(
        "bench",
        *("--colleges", "3", "--institutions", "2", "--years", "2", "--reports", "200"),
        *("--runs", "3", "--rps-seconds", "1"),
        *("--import-rows", "1000", "--write-cycles", "2"),
        *("--sqlite-path", str(bench_file), "--time-limit", str(TIME_LIMIT)),
        stdout=out,
    )

    assert time.monotonic() - started < TIME_LIMIT
    lines = out.getvalue().splitlines()
    # Two schools share the set; the table is the home school's (two of the three colleges).
    assert any("2 schools, 3 colleges, 2 years, 200 reports, 2 of them the home school's" in line for line in lines)
    matches = [m for m in map(ROW.match, lines) if m]
    rows = {m["name"].strip(): int(m["queries"]) for m in matches}
    assert list(rows) == ROWS
    # Memory is traced for the score import and the background builds; the import's read asks the database nothing.
    peaks = {m["name"].strip(): float(m["peak_mb"]) for m in matches if m["peak_mb"]}
    assert list(peaks) == [
        "year export 2023, every college (build)",
        "annual summary .xlsx 2023 (build)",
        "annual summary .pdf 2023 (build)",
        "annual summary .pdf 2023, worker RSS",
        "score import 1,000 rows",
    ]
    assert peaks["score import 1,000 rows"] > 0
    # The worker's row is a whole process's peak RSS: Django and WeasyPrint loaded, beyond what tracemalloc sees.
    assert peaks["annual summary .pdf 2023, worker RSS"] > max(50, peaks["annual summary .pdf 2023 (build)"])
    assert rows["score import 1,000 rows"] == 0
    assert (tmp_path / "bench-import" / "scores-2023-1000.xlsx").exists()
    assert rows["bare view /healthz/"] <= rows["dashboard /dashboard/2023/"] < rows["dashboard (cold cache)"]
    served = {line.split()[0]: line.split()[1:] for line in lines if line.startswith("/")}
    assert set(served) == {"/healthz/", "/dashboard/2023/"}
    assert all(float(rate) > 0 and errors == "0" for rate, _requests, errors in served.values())
    assert re.fullmatch(r"dashboard_vs_bare_p50_ratio=\d+\.\d\d", lines[-1])
    # The public site's home, cached for anonymous visitors, within twice the bare view (publicity).
    public_ratio = float(re.fullmatch(r"public_home_vs_bare_p50_ratio=(\d+\.\d\d)", lines[-2])[1])
    assert public_ratio < 2 * 2  # on a shared test machine; `make bench` reports the real ratio
    # Served from the cache, the home school's id too (institutions.models.home_id): no query.
    assert rows["public home / (anonymous)"] == 0
    # gunicorn is stopped afterwards: nothing answers on its port any more.
    port = int(re.search(r"127\.0\.0\.1:(\d+)", out.getvalue())[1])
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass
    # The data went to the bench file; the developer's database saw none of it.
    assert bench_file.exists()
    assert not College.objects.exists()
    assert not ActivityReport.objects.exists()
    assert file_state(developer_file) == before


def someone_elses_database(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
        db.execute("INSERT INTO notes VALUES ('keep me')")
    db.close()


def not_a_database(path: Path) -> None:
    path.write_text("minutes of the committee meeting")


@pytest.mark.parametrize("make", [someone_elses_database, not_a_database])
@pytest.mark.parametrize("flag", ["--rebuild", "--clean", None])
def test_bench_never_touches_a_database_it_did_not_make(tmp_path, make, flag):
    path = tmp_path / "precious.sqlite3"
    make(path)
    content = path.read_bytes()
    options = ("--sqlite-path", str(path), "--postgres-url", "postgres://postgres@127.0.0.1:1/gkw_bench", "--no-rps")

    if flag == "--clean":
        out = StringIO()
        call_command("bench", flag, *options, stdout=out)
        assert "was not made by the benchmark" in out.getvalue()
    else:
        with pytest.raises(CommandError, match="was not made by the benchmark"):
            call_command("bench", *options, *([flag] if flag else []), stdout=StringIO())

    assert path.read_bytes() == content


@pytest.mark.django_db
def test_every_school_of_the_set_runs_its_own_year():
    build_data_set(Size(colleges=7, years=2, reports=140, institutions=3), write=lambda line: None)

    assert data_set_size() == Size(7, 2, 140, 3)
    with every_school():
        schools = list(Institution.objects.order_by("-is_home", "code"))
        colleges = {
            s.pk: sorted(College.objects.filter(institution=s).values_list("code", flat=True)) for s in schools
        }
        assert [len(codes) for codes in colleges.values()] == [3, 2, 2]  # the home school first
        assert colleges[schools[1].pk] == ["c001", "c002"]  # codes are a school's own
        for school in schools:
            assert sorted(WorkPlan.objects.filter(institution=school).values_list("year", flat=True)) == [2022, 2023]
            assert sorted(Scheme.objects.filter(institution=school).values_list("year", flat=True)) == [2022, 2023]
        # The copies are whole: as many work points and indicators in every school.
        points = {WorkPoint.objects.filter(section__plan__institution=s).count() for s in schools}
        indicators = {Indicator.objects.filter(scheme__institution=s).count() for s in schools}
        assert len(points) == len(indicators) == 1 and points != {0}
        # Every report is its college's school's: its kind and work point too.
        assert ActivityReport.objects.count() == 140
        assert not ActivityReport.objects.exclude(kind__institution=F("college__institution")).exists()
        assert (
            not ActivityReport.objects.exclude(work_point__section__plan__institution=F("college__institution"))
            .exclude(work_point=None)
            .exists()
        )
        assert not Assessment.objects.exclude(scheme__institution=F("college__institution")).exists()
        assert not Assessment.objects.exclude(status=AssessmentStatus.FINALISED).exists()
        assert Assessment.objects.count() == 7 * 2
        assert {s.pk for s in schools} == set(ActivityKind.objects.values_list("institution", flat=True))
        # The people: the home school's staff, office and secretaries, and a staff member of every other school.
        assert Membership.objects.filter(institution=schools[0]).count() == 2 + 3
        assert Membership.objects.filter(institution=schools[1], user__username="staff-bench002").exists()
    # In the home school's scope (the measured pages'), only its own rows.
    with school_scope(schools[0]):
        assert College.objects.count() == 3
        assert ActivityReport.objects.count() == 60
    # The verdicts written in bulk are those the portal computes: a recompute changes none, in any school.
    verdicts = ("pk", "self_total", "final_total", "balanced", "key_short")
    balanced = set()
    for school in schools:
        with school_scope(school):
            before = list(Assessment.objects.order_by("pk").values_list(*verdicts))
            balanced |= {row[3] for row in before}
            for scheme in Scheme.objects.all():
                recompute_scheme(scheme)
            assert list(Assessment.objects.order_by("pk").values_list(*verdicts)) == before
    assert balanced == {True, False}
