"""`manage.py bench`: the portal's page-speed benchmark on a large data set in a database of its own.

This module owns the whole benchmark: the bench database's life (create, reuse, rebuild, clean), the
generated data set (plans, schemes, colleges, users, activity reports with evidence, finalised assessments),
the timed requests through Django's test client, and a short load test of gunicorn on loopback.

The command as typed never touches the database in settings. It re-invokes manage.py in a subprocess with
DATABASE_URL pointing at the bench database (stages `build` and `measure`), so migrations, data and sessions
all land there. See docs/performance.md for the figures and how to read them.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import http.client
import io
import math
import os
import random
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict, deque
from contextlib import closing
from dataclasses import dataclass
from decimal import Decimal
from importlib import import_module
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg2
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model, load_backend
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from PIL import Image
from psycopg2 import sql

from activities.demo import STORIES, TOPICS, demo_photo
from activities.models import ActivityKind, ActivityReport, Evidence, EvidenceKind
from colleges.models import BrandProject, College, CommitteeMember, ElderKind, Membership, Position, Role
from core.env import parse_database_url
from plans.models import WorkPoint
from plans.services import DATA_DIR as PLAN_DATA
from plans.services import copy_plan, load_workplan_file
from scoring import assessments as scoring_assessments
from scoring import rules, schemes
from scoring.models import Assessment, AssessmentStatus, IndicatorScore, Scheme

BASE_DIR = Path(settings.BASE_DIR)
DEFAULT_SQLITE = BASE_DIR / "var" / "bench.sqlite3"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/gkw_bench"
# Files of the default bench databases; a --sqlite-path elsewhere keeps its own next to it.
BENCH_FILES = BASE_DIR / "var"
FIRST_YEAR = 2022  # the year of the shipped plan and scheme; later years are copies
WARM_UPS = 3
DIFFERENT_SET = 3  # exit status of the build stage when the bench database holds a set of another size
RPS_THREADS = 4
GUNICORN_WORKERS = 2


@dataclass(frozen=True)
class Size:
    colleges: int
    years: int
    reports: int

    @property
    def year_list(self) -> list[int]:
        return list(range(FIRST_YEAR, FIRST_YEAR + self.years))


class Command(BaseCommand):
    help = (
        "Build a large data set in a separate bench database (var/bench.sqlite3 or PostgreSQL gkw_bench), then "
        "time the dashboard, the report list, a college page, the .xlsx export and the verdict recompute against "
        "a bare view, and measure requests/s under gunicorn. The bench database is kept for the next run; "
        "`make bench-clean` removes it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--colleges", type=int, default=30)
        parser.add_argument("--years", type=int, default=5, help=f"years from {FIRST_YEAR} on")
        parser.add_argument("--reports", type=int, default=100_000)
        parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
        parser.add_argument(
            "--sqlite-path", type=Path, default=DEFAULT_SQLITE, help="bench file for --database sqlite"
        )
        parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES, help="bench database for --database postgres")
        parser.add_argument("--runs", type=int, default=30, help="timed requests per row, after 3 warm-ups")
        parser.add_argument("--rps-seconds", type=float, default=5.0, help="load-test seconds per URL")
        parser.add_argument("--no-rps", action="store_true", help="skip the gunicorn load test")
        parser.add_argument("--rebuild", action="store_true", help="build a fresh data set even if one fits")
        parser.add_argument("--keep", action="store_true", help="keep the bench database (it always is)")
        parser.add_argument("--clean", action="store_true", help="remove the bench databases and files, then stop")
        parser.add_argument("--redis-url", help="measure with this Redis as the cache (use a database of its own)")
        parser.add_argument("--time-limit", type=float, default=3600.0, help="seconds before the run is stopped")
        # Internal: the steps that run inside the bench database, started by the command itself.
        parser.add_argument("--stage", choices=["build", "measure"], help=argparse.SUPPRESS)
        parser.add_argument("--bench-name", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        size = Size(options["colleges"], options["years"], options["reports"])
        if min(size.colleges, size.years, options["runs"]) < 1 or size.reports < 0:
            raise CommandError("--colleges, --years and --runs must be at least 1, --reports at least 0.")
        if options["stage"]:
            return self.run_stage(options["stage"], size, options)
        if options["clean"]:
            return self.clean(options)
        return self.orchestrate(size, options)

    # ---- the command as typed: runs the stages in the bench database -------------------------------------------

    def orchestrate(self, size: Size, options) -> None:
        deadline = time.monotonic() + options["time_limit"]
        bench = BenchDatabase.from_options(options)
        bench.refuse_settings_database()
        secret = "bench-" + secrets.token_urlsafe(50)  # shared by the stages and gunicorn: sessions must verify
        env = bench.child_env(secret, options["redis_url"])
        self.stdout.write(f"bench database: {bench.label} (kept for the next run; `make bench-clean` removes it)")
        if options["rebuild"]:
            bench.drop()
        bench.create()
        common = ["--colleges", str(size.colleges), "--years", str(size.years), "--reports", str(size.reports)]
        common += ["--bench-name", bench.name]
        if self.run_child(["--stage", "build", *common], env, deadline, allow=DIFFERENT_SET) == DIFFERENT_SET:
            self.stdout.write("dropping it to build a fresh one")
            bench.drop()
            bench.create()
            self.run_child(["--stage", "build", *common], env, deadline)
        measure = ["--stage", "measure", *common, "--runs", str(options["runs"])]
        measure += ["--rps-seconds", str(options["rps_seconds"])] + (["--no-rps"] if options["no_rps"] else [])
        self.run_child(measure, env, deadline)

    def run_child(self, arguments: list[str], env: dict, deadline: float, allow: int | None = None) -> int:
        """manage.py bench <arguments> in the bench database, its output relayed line by line."""
        command = [sys.executable, str(BASE_DIR / "manage.py"), "bench", *arguments]
        # A session of its own, so that on a timeout the stage and any gunicorn it started go down together.
        process = subprocess.Popen(  # noqa: S603 -- our own interpreter running our own manage.py
            command,
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
            start_new_session=True,
        )
        timed_out = threading.Event()

        def stop():
            timed_out.set()
            stop_group(process)

        timer = threading.Timer(max(0.0, deadline - time.monotonic()), stop)
        timer.start()
        last_lines = deque(maxlen=20)
        try:
            for line in process.stdout:
                self.stdout.write(line.rstrip("\n"))
                last_lines.append(line)
            code = process.wait()
        finally:
            timer.cancel()
            stop_group(process)
        if timed_out.is_set():
            raise CommandError("The benchmark ran past --time-limit and was stopped.")
        if code not in (0, allow):
            raise CommandError(
                f"The bench stage {arguments[1]} failed (exit status {code}); it ended with:\n{''.join(last_lines)}"
            )
        return code

    def clean(self, options) -> None:
        """Drop both bench databases (each only if the benchmark made it) and the bench's files."""
        for vendor in ("sqlite", "postgres"):
            bench = BenchDatabase.from_options({**options, "database": vendor})
            try:
                bench.refuse_settings_database()
                bench.drop()
                self.stdout.write(f"removed {bench.label}")
            except CommandError as error:
                self.stdout.write(f"{error} Nothing removed there.")
        files = BenchDatabase.from_options({**options, "database": "sqlite"}).files
        for folder in ("bench-media", "bench-static"):
            shutil.rmtree(files / folder, ignore_errors=True)
        (files / "bench-gunicorn.log").unlink(missing_ok=True)

    # ---- the stages, inside the bench database ---------------------------------------------------------------

    def run_stage(self, stage: str, size: Size, options) -> None:
        # The stages only ever run where the command pointed them, never in a developer's database by mistake.
        in_bench = str(settings.DATABASES["default"]["NAME"]) == options["bench_name"]
        if not in_bench or MARKER not in connection.introspection.table_names():
            raise CommandError("--stage runs only in the bench database the command itself sets up.")
        if stage == "build":
            call_command("migrate", interactive=False, verbosity=0)
            found = data_set_size()
            if found == size:
                self.stdout.write(f"reusing the data set in the bench database ({describe(size)})")
                return None
            if found != Size(0, 0, 0):
                self.stdout.write(f"the bench database holds another data set ({describe(found)})")
                raise SystemExit(DIFFERENT_SET)  # the command drops the database and builds afresh
            self.stdout.write(f"building {describe(size)} …")
            build_data_set(size, self.stdout.write)
            if connection.vendor == "postgresql":
                # A live database has been analysed by autovacuum long ago; fresh bulk-loaded tables have no
                # statistics yet, and the planner would guess.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            return None
        measure(size, options, self.stdout.write)
        return None


def stop_group(process: subprocess.Popen) -> None:
    """Stop a stage started in its own session, and everything it started."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


# ---- the bench database ------------------------------------------------------------------------------------------


MARKER = "gkw_bench_marker"  # a table only the benchmark creates: without it, a database is not ours to touch


@dataclass(frozen=True)
class BenchDatabase:
    """The bench database: made by this command, marked as such, and the only database it fills or drops."""

    vendor: str
    url: str
    name: str  # settings.DATABASES["default"]["NAME"] inside the stages
    files: Path  # where its evidence files, collected static files and gunicorn's log go

    @classmethod
    def from_options(cls, options) -> BenchDatabase:
        if options["database"] == "sqlite":
            path = Path(options["sqlite_path"]).expanduser().resolve()
            files = BENCH_FILES if path == DEFAULT_SQLITE else path.parent
            return cls("sqlite", f"sqlite:///{path}", str(path), files)
        url = options["postgres_url"]
        return cls("postgresql", url, parse_database_url(url)["NAME"], BENCH_FILES)

    @property
    def label(self) -> str:
        return self.name if self.vendor == "sqlite" else f"PostgreSQL database {self.name}"

    def refuse_settings_database(self) -> None:
        mine = settings.DATABASES["default"]
        if self.vendor == "sqlite":
            # The embedded default is someone's database even when settings point elsewhere (pytest, CI).
            theirs = {Path(settings.BASE_DIR) / "var" / "db.sqlite3"}
            if mine["ENGINE"] == "django.db.backends.sqlite3":
                theirs.add(Path(str(mine["NAME"])).resolve())
            same = Path(self.name) in theirs
        else:
            same = mine["ENGINE"] == "django.db.backends.postgresql" and mine["NAME"] == self.name
        if same:
            raise CommandError(f"{self.label} is the portal's own database; the benchmark needs one of its own.")

    def child_env(self, secret: str, redis_url: str | None) -> dict:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gkw_portal.settings.dev",
            "DEBUG": "false",
            "DATABASE_URL": self.url,
            "SECRET_KEY": secret,
            "MEDIA_ROOT": str(self.files / "bench-media"),
            "STATIC_ROOT": str(self.files / "bench-static"),
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        # A Redis shared with a running portal would share the figures' cache keys with it: local memory unless
        # the caller names a Redis for the benchmark.
        env.pop("REDIS_URL", None)
        if redis_url:
            env["REDIS_URL"] = redis_url
        return env

    def _connect(self, dbname: str):
        params = parse_database_url(self.url)
        try:
            server = psycopg2.connect(
                host=params["HOST"] or None,
                port=params["PORT"] or None,
                user=params["USER"] or None,
                password=params["PASSWORD"] or None,
                dbname=dbname,
                connect_timeout=5,
            )
        except psycopg2.OperationalError as error:
            raise CommandError(f"PostgreSQL for {self.name} is not reachable: {str(error).strip()}.") from None
        server.autocommit = True
        return server

    def _exists(self) -> bool:
        if self.vendor == "sqlite":
            return Path(self.name).exists()
        with closing(self._connect("postgres")) as server, server.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name])
            return cursor.fetchone() is not None

    def _tables(self) -> set[str]:
        if self.vendor == "sqlite":
            with closing(sqlite3.connect(self.name)) as db:
                return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        with closing(self._connect(self.name)) as db, db.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            return {row[0] for row in cursor.fetchall()}

    def _mark(self) -> None:
        statement = f"CREATE TABLE IF NOT EXISTS {MARKER} (created_at TEXT)"
        if self.vendor == "sqlite":
            with closing(sqlite3.connect(self.name)) as db:
                db.execute(statement)
                db.commit()
            return
        with closing(self._connect(self.name)) as db, db.cursor() as cursor:
            cursor.execute(statement)

    def _refuse_unless_ours(self) -> None:
        try:
            tables = self._tables()
        except sqlite3.DatabaseError:
            tables = {"(not a SQLite database)"}
        if tables and MARKER not in tables:
            raise CommandError(
                f"{self.label} exists and was not made by the benchmark; it is left untouched. "
                "Name another with --sqlite-path or --postgres-url."
            )

    def create(self) -> None:
        """Create the bench database if it is missing; an existing one must carry the benchmark's mark."""
        if self._exists():
            self._refuse_unless_ours()
        elif self.vendor == "sqlite":
            Path(self.name).parent.mkdir(parents=True, exist_ok=True)
        else:
            with closing(self._connect("postgres")) as server, server.cursor() as cursor:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))
        self._mark()

    def drop(self) -> None:
        if not self._exists():
            return
        self._refuse_unless_ours()
        if self.vendor == "sqlite":
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(self.name + suffix).unlink(missing_ok=True)
            return

        with closing(self._connect("postgres")) as server, server.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))


# ---- the data set ------------------------------------------------------------------------------------------------

SUBJECTS = [
    "机械技术",
    "控制技术",
    "物联网技术",
    "汽车技术",
    "管理",
    "艺术设计",
    "外国语",
    "数字媒体",
    "环境与化学工程",
    "电子信息",
    "国际教育",
    "人工智能",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN_NAMES = ["建国", "明华", "志强", "秀英", "文军", "国平", "红梅", "春兰", "海涛", "静", "敏", "卫东"]
BATCH = 5000
# (status, share) of the reports: most approved, every state present.
STATUS_SHARES = [("approved", 0.80), ("submitted", 0.08), ("returned", 0.04), ("draft", 0.08)]
EVIDENCE_SHARE = 0.7  # reports that have photos; of those, 40 % have two


def data_set_size() -> Size:
    years = sorted(Scheme.objects.values_list("year", flat=True))
    consecutive = years == list(range(FIRST_YEAR, FIRST_YEAR + len(years)))
    return Size(College.objects.count(), len(years) if consecutive else -1, ActivityReport.objects.count())


def describe(size: Size) -> str:
    return f"{size.colleges} colleges, {size.years} years, {size.reports:,} reports"


@transaction.atomic  # all or nothing, so that a half-built set is never mistaken for a full one
def build_data_set(size: Size, write) -> None:
    rng = random.Random(FIRST_YEAR)  # noqa: S311 -- reproducible test data, not security
    started = time.perf_counter()
    plans_and_schemes(size)
    staff, colleges, authors, elders = organisation(size)
    organised = time.perf_counter()
    reports, photos, links = activity_reports(size, rng, staff, colleges, authors, elders)
    filed = time.perf_counter()
    assessments(size, staff, colleges)
    done = time.perf_counter()
    write(
        f"built in {done - started:.1f} s: plans, schemes, colleges and users {organised - started:.1f} s; "
        f"{reports:,} reports with {photos:,} evidence rows and {links:,} member links {filed - organised:.1f} s; "
        f"assessments {done - filed:.1f} s"
    )


def plans_and_schemes(size: Size) -> None:
    plan = load_workplan_file(PLAN_DATA / "workplan_2022.json").plan
    scheme, _created = schemes.load_scheme_file()
    for year in size.year_list[1:]:
        copy_plan(plan, year)
        schemes.copy_scheme(scheme, year)


def organisation(size: Size):
    """Colleges with a committee and a brand project per year; staff, office and one secretary per college."""
    colleges = College.objects.bulk_create(
        [
            College(
                code=f"c{n + 1:03d}",
                name=f"{SUBJECTS[n % len(SUBJECTS)]}学院"
                + (f"{n // len(SUBJECTS) + 1}" if n >= len(SUBJECTS) else ""),
                short_name=f"{SUBJECTS[n % len(SUBJECTS)][:4]}{n + 1}",
                campus="zhongqiao" if n % 2 else "taihu",
                order=n + 1,
            )
            for n in range(size.colleges)
        ]
    )
    committee = [
        (Position.DIRECTOR, "", None),
        (Position.EXECUTIVE_DEPUTY, ElderKind.TEACHER, 2016),
        (Position.MEMBER, ElderKind.OLD_CADRE, 2012),
        (Position.MEMBER, ElderKind.EXPERT, 2019),
        (Position.SECRETARY, "", None),
    ]
    members = CommitteeMember.objects.bulk_create(
        CommitteeMember(
            college=college,
            name=SURNAMES[(n * 5 + k) % len(SURNAMES)] + GIVEN_NAMES[(n + k * 7) % len(GIVEN_NAMES)],
            position=position,
            elder_kind=elder_kind,
            retired_year=retired,
        )
        for n, college in enumerate(colleges)
        for k, (position, elder_kind, retired) in enumerate(committee)
    )
    elders = defaultdict(list)
    for member in members:
        if member.elder_kind:
            elders[member.college_id].append(member.pk)
    BrandProject.objects.bulk_create(
        BrandProject(college=c, year=year, title=f"{c.short_name}“一院一品”：工匠精神薪火相传", status="in_progress")
        for c in colleges
        for year in size.year_list
    )
    # One MD5 hash for every bench account: a real hasher costs about half a second per user here.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        password = make_password(secrets.token_urlsafe(16))
    User = get_user_model()
    staff, office = User.objects.bulk_create(
        [
            User(username="staff", first_name="校关工委工作人员（基准）", password=password),
            User(username="office", first_name="党委办公室（基准）", password=password),
        ]
    )
    secretaries = User.objects.bulk_create(User(username=f"sec-{c.code}", password=password) for c in colleges)
    Membership.objects.bulk_create(
        [
            Membership(user=staff, role=Role.STAFF),
            Membership(user=office, role=Role.OFFICE),
            *(Membership(user=u, role=Role.SECRETARY, college=c) for u, c in zip(secretaries, colleges, strict=True)),
        ]
    )
    return staff, colleges, {c.pk: u for c, u in zip(colleges, secretaries, strict=True)}, elders


def shared_photo() -> dict:
    """One small JPEG and its thumbnail under MEDIA_ROOT, which every evidence row of the set points at."""
    content = demo_photo(0).read()
    buffer = io.BytesIO()
    Image.open(io.BytesIO(content)).resize((240, 160)).save(buffer, "JPEG", quality=80)
    folder = Path(settings.MEDIA_ROOT) / "evidence" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "photo.jpg").write_bytes(content)
    (folder / "photo-thumb.jpg").write_bytes(buffer.getvalue())
    return {
        "file": "evidence/bench/photo.jpg",
        "thumbnail": "evidence/bench/photo-thumb.jpg",
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }


def activity_reports(size: Size, rng, staff, colleges, authors, elders) -> tuple[int, int, int]:
    """size.reports reports, the same number for every college and year, in batches of BATCH rows."""
    kinds = list(ActivityKind.objects.all())
    points = {
        (p["section__plan__year"], p["code"]): p["pk"]
        for p in WorkPoint.objects.values("pk", "code", "section__plan__year")
    }
    photo = shared_photo()
    zone = ZoneInfo(settings.TIME_ZONE)
    statuses, weights = zip(*STATUS_SHARES, strict=True)
    fallback = ("{kind}：{topic}", "{college}活动室", "围绕“{topic}”开展{kind}活动，老同志与青年学生共同参与。")
    Link = ActivityReport.members.through
    photo_count = link_count = 0
    for start in range(0, size.reports, BATCH):
        batch = []
        for n in range(start, min(start + BATCH, size.reports)):
            college = colleges[n % len(colleges)]
            year = size.year_list[(n // len(colleges)) % size.years]
            kind = rng.choice(kinds)
            title, place, summary = STORIES.get(kind.code, fallback)
            topic = rng.choice(TOPICS)
            starts_on = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
            status = rng.choices(statuses, weights)[0]
            filed = datetime.datetime.combine(starts_on, datetime.time(18), zone) + datetime.timedelta(days=2)
            reviewed = status in ("approved", "returned")
            batch.append(
                ActivityReport(
                    college=college,
                    kind=kind,
                    work_point_id=points.get((year, kind.work_point_code)),
                    title=title.format(college=college.short_name, topic=topic, kind=kind.name)[:200],
                    starts_on=starts_on,
                    ends_on=starts_on + datetime.timedelta(days=1 if rng.random() < 0.2 else 0),
                    year=year,  # bulk_create skips save(), which sets it
                    place=place.format(college=college.name),
                    organiser=f"{college.name}关工委",
                    student_count=rng.randint(10, 300),
                    teacher_count=rng.randint(1, 20),
                    summary=summary.format(topic=topic, kind=kind.name),
                    outcome="" if status == "draft" else "学生反响热烈，活动照片与签到表已作为佐证材料上传。",
                    status=status,
                    version={"draft": 1, "submitted": 2}.get(status, 3),
                    created_by=authors[college.pk],
                    submitted_at=None if status == "draft" else filed,
                    reviewed_at=filed + datetime.timedelta(days=3) if reviewed else None,
                    reviewed_by=staff if reviewed else None,
                    return_reason="请补充活动签到表。" if status == "returned" else "",
                )
            )
        ActivityReport.objects.bulk_create(batch)
        links, evidence = [], []
        for report in batch:
            if rng.random() < 0.5:
                chosen = rng.sample(
                    elders[report.college_id], k=min(rng.randint(1, 2), len(elders[report.college_id]))
                )
                links += [Link(activityreport_id=report.pk, committeemember_id=m) for m in chosen]
            if rng.random() < EVIDENCE_SHARE:
                for k in range(1 + (rng.random() < 0.4)):
                    evidence.append(
                        Evidence(
                            report=report,
                            kind=EvidenceKind.PHOTO,
                            original_name=f"活动照片{k + 1}.jpg",
                            content_type="image/jpeg",
                            uploaded_by=report.created_by,
                            **photo,
                        )
                    )
        Link.objects.bulk_create(links)
        Evidence.objects.bulk_create(evidence)
        photo_count += len(evidence)
        link_count += len(links)
    return size.reports, photo_count, link_count


def bench_score(spec, variant: str, salt: int) -> Decimal:
    """A reviewed score valid for the indicator's mode: full marks, or short in the way `variant` says."""
    maximum = spec.max_points
    if variant == "key_short" and spec.is_key and spec.mode == rules.POINTS and salt % 3 == 0:
        return maximum - 2
    if variant == "total_short" and not spec.is_key:
        if spec.mode == rules.GRADED:
            return (maximum * rules.GRADE_SHARES["C"]).quantize(rules.CENT)
        if spec.mode == rules.POINTS:
            return (maximum * Decimal("0.7")).quantize(rules.CENT)
    if variant == "balanced" and not spec.is_key and spec.mode == rules.POINTS and salt % 4 == 0:
        return maximum - Decimal("0.5")
    return maximum


def assessments(size: Size, staff, colleges) -> None:
    """Every college assessed and finalised every year: eight in ten balanced, the rest short on a key
    indicator or on the total."""
    index = {c.pk: n for n, c in enumerate(colleges)}
    zone = ZoneInfo(settings.TIME_ZONE)
    for scheme in Scheme.objects.filter(year__in=size.year_list):
        scoring_assessments.ensure_assessments(scheme)
        specs = {i.pk: i.spec() for i in schemes.scored_indicators(scheme)}
        codes = sorted(s.code for s in specs.values())
        scores = list(IndicatorScore.objects.filter(assessment__scheme=scheme).select_related("assessment"))
        for score in scores:
            spec = specs.get(score.indicator_id)
            if spec is None:
                continue
            n = index[score.assessment.college_id] + scheme.year
            variant = {8: "key_short", 9: "total_short"}.get(n % 10, "balanced")
            salt = n + codes.index(spec.code)
            score.final_score = bench_score(spec, variant, salt)
            score.self_score = score.final_score
        IndicatorScore.objects.bulk_update(scores, ["self_score", "final_score"], batch_size=1000)
        end = datetime.datetime(scheme.year, 12, 20, 10, tzinfo=zone)
        Assessment.objects.filter(scheme=scheme).update(
            status=AssessmentStatus.FINALISED,
            submitted_at=end - datetime.timedelta(days=10),
            finalised_at=end,
            finalised_by=staff,
            version=3,
        )
        scoring_assessments.recompute_scheme(scheme)


# ---- the measurements --------------------------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    timings: list[float]  # seconds
    queries: int

    @property
    def p50(self) -> float:
        return statistics.median(self.timings) * 1000

    @property
    def p95(self) -> float:
        ordered = sorted(self.timings)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] * 1000  # nearest rank


def measure(size: Size, options, write) -> None:
    scheme = Scheme.objects.order_by("-year").first()
    year = scheme.year
    college = College.objects.active().order_by("order", "code").first()
    office = get_user_model().objects.get(username="office")
    client = Client()
    client.force_login(office)

    def page(url: str):
        def get():
            response = client.get(url)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}, not 200.")
            return response

        return get

    dashboard = page(f"/dashboard/{year}/")
    plan = [
        ("bare view /healthz/", page("/healthz/"), None),
        (f"dashboard /dashboard/{year}/", dashboard, None),
        ("dashboard (cold cache)", dashboard, cache.clear),
        ("report list /reports/", page("/reports/"), None),
        (f"college page {college.code} {year}", page(f"/dashboard/{year}/colleges/{college.code}/"), None),
        (
            "college-year export .xlsx",
            page(f"/reports/export.xlsx?college={college.pk}&date_from={year}-01-01&date_to={year}-12-31"),
            None,
        ),
        # Last: it bumps the figures' generation, which retires every cached figure.
        (f"verdict recompute {year}", lambda: scoring_assessments.recompute_scheme(scheme), None),
    ]
    cache_backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    write(
        f"database={connection.vendor} {describe(size)}; latest year {year}; "
        f"{options['runs']} runs after {WARM_UPS} warm-ups; cache={cache_backend}"
    )
    rows = [time_it(name, call, prepare, options["runs"]) for name, call, prepare in plan]
    bare = rows[0].p50
    write(f"{'name':<34} {'p50 ms':>9} {'p95 ms':>9} {'×bare p50':>10} {'queries':>8}")
    for row in rows:
        write(f"{row.name:<34} {row.p50:>9.2f} {row.p95:>9.2f} {row.p50 / bare:>10.1f} {row.queries:>8}")
    if not options["no_rps"]:
        requests_per_second(office, year, options["rps_seconds"], write)
    write(f"dashboard_vs_bare_p50_ratio={rows[1].p50 / bare:.2f}")


def time_it(name: str, call, prepare, runs: int) -> Row:
    for _ in range(WARM_UPS):
        if prepare:
            prepare()
        call()
    timings = []
    for _ in range(runs):
        if prepare:
            prepare()
        started = time.perf_counter()
        call()
        timings.append(time.perf_counter() - started)
    if prepare:
        prepare()
    with CaptureQueriesContext(connection) as captured:
        call()
    return Row(name, timings, len(captured))


# ---- requests per second under gunicorn --------------------------------------------------------------------------


def requests_per_second(user, year: int, seconds: float, write) -> None:
    """/healthz/ and the dashboard under gunicorn on loopback, driven by a few client threads."""
    collect_static()
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    # The first backend that can load the user back, as a real log-in would record (axes' backend cannot).
    store[BACKEND_SESSION_KEY] = next(
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if getattr(load_backend(path), "get_user", lambda _pk: None)(user.pk) is not None
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    cookie = f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
    port = free_port()
    log = Path(settings.STATIC_ROOT).parent / "bench-gunicorn.log"
    write(
        f"gunicorn: {GUNICORN_WORKERS} sync workers on 127.0.0.1:{port}, {RPS_THREADS} client threads, "
        f"{seconds:g} s per URL (client and server share the machine's cores)"
    )
    with open(log, "wb") as log_file:
        server = subprocess.Popen(  # noqa: S603 -- our own interpreter running gunicorn on loopback
            [
                *(sys.executable, "-m", "gunicorn", "gkw_portal.wsgi"),
                *("--bind", f"127.0.0.1:{port}", "--workers", str(GUNICORN_WORKERS), "--chdir", str(BASE_DIR)),
                *("--timeout", "60", "--log-level", "warning"),
            ],
            cwd=BASE_DIR,
            env=gunicorn_env(),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(server, port, log)
            check = get(port, f"/dashboard/{year}/", cookie)
            if check != 200:
                raise CommandError(f"gunicorn answered the dashboard with {check}, not 200: the session was refused.")
            write(f"{'url':<34} {'req/s':>9} {'requests':>9} {'errors':>7}")
            for url in ("/healthz/", f"/dashboard/{year}/"):
                for _ in range(WARM_UPS * GUNICORN_WORKERS):
                    get(port, url, cookie)
                done, errors, elapsed = drive(port, url, cookie, seconds)
                write(f"{url:<34} {done / elapsed:>9.1f} {done:>9} {errors:>7}")
        finally:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            store.delete()


def gunicorn_env() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gkw_portal.settings.prod",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DEBUG": "false",
    }


def collect_static() -> None:
    """The production settings need the static manifest: collected once into the bench's STATIC_ROOT, reused
    until a file under static/ changes."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    newest = max((p.stat().st_mtime for p in (BASE_DIR / "static").rglob("*") if p.is_file()), default=0)
    if manifest.exists() and manifest.stat().st_mtime >= newest:
        return
    subprocess.run(  # noqa: S603 -- our own interpreter running our own manage.py
        [sys.executable, str(BASE_DIR / "manage.py"), "collectstatic", "--no-input", "-v0"],
        cwd=BASE_DIR,
        env=gunicorn_env(),
        check=True,
        timeout=300,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, url: str, cookie: str, timeout: float = 30) -> int:
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        client.request("GET", url, headers={"Cookie": cookie})
        response = client.getresponse()
        response.read()
        return response.status
    finally:
        client.close()


def wait_until_up(server: subprocess.Popen, port: int, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError(f"gunicorn stopped at start-up:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            if get(port, "/healthz/", "", timeout=2) == 200:
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.2)
    raise CommandError(f"gunicorn did not answer within {seconds:g} s; see {log}.")


def drive(port: int, url: str, cookie: str, seconds: float) -> tuple[int, int, float]:
    """RPS_THREADS threads requesting `url` for `seconds`: (answered with 200, errors, elapsed seconds)."""
    counts = [[0, 0] for _ in range(RPS_THREADS)]
    deadline = time.perf_counter() + seconds

    def worker(slot: list[int]) -> None:
        # Reused while the server keeps it open; http.client reconnects when a sync worker closes it.
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            while time.perf_counter() < deadline:
                try:
                    client.request("GET", url, headers={"Cookie": cookie})
                    response = client.getresponse()
                    response.read()
                    slot[0 if response.status == 200 else 1] += 1
                except (OSError, http.client.HTTPException):
                    slot[1] += 1
                    client.close()
        finally:
            client.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(slot,), daemon=True) for slot in counts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    elapsed = time.perf_counter() - started
    return sum(c[0] for c in counts), sum(c[1] for c in counts), elapsed
