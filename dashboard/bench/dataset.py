"""The benchmark's generated data set: its size, and building it in the bench database.

A size is schools × colleges × years × reports. The set is what schools of that size hold after those years: the
2022 plan and indicator scheme copied to every later year, in every school; the colleges spread evenly over the
schools (the home school first), each with a committee, a brand project per year and a secretary; the users
`staff` and `office` of the home school and a `staff-<code>` of every other; the activity reports spread evenly
over all colleges and years, in every workflow state, with member links and photo evidence; and every college
assessed and finalised every year. The benchmark's pages are the home school's (`measure`). It is reproducible
(a seeded random generator) and built in one transaction with bulk inserts, so a half-built set never counts and
100,000 reports take seconds, not hours. The size is read back from the database, which is how a later run knows
it can reuse the set.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import random
import secrets
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test import override_settings
from PIL import Image

from activities import tallies
from activities.demo import STORIES, TOPICS, demo_photo
from activities.models import ActivityKind, ActivityReport, Evidence, EvidenceKind
from colleges.models import BrandProject, College, CommitteeMember, ElderKind, Membership, Position, Role
from core.scoping import every_school, school_scope
from institutions.models import Institution, home
from plans.models import WorkPoint
from plans.services import DATA_DIR as PLAN_DATA
from plans.services import copy_plan, load_workplan_file
from scoring import schemes
from scoring.models import Scheme

from .assessed import assessments
from .schools import copy_home_setup, other_schools, shares

FIRST_YEAR = 2022  # the year of the shipped plan and scheme; later years are copies


@dataclass(frozen=True)
class Size:
    colleges: int
    years: int
    reports: int
    institutions: int = 1  # the home school and institutions - 1 others

    @property
    def empty(self) -> bool:
        return not (self.colleges or self.years or self.reports)

    @property
    def year_list(self) -> list[int]:
        return list(range(FIRST_YEAR, FIRST_YEAR + self.years))


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


def college_code(n: int) -> str:
    """The code of the bench's n-th college (from 0): c001, c002 …"""
    return f"c{n + 1:03d}"


def data_set_size() -> Size:
    with every_school():  # the size of the whole set: every school's rows
        years = sorted(Scheme.objects.filter(institution__is_home=True).values_list("year", flat=True))
        consecutive = years == list(range(FIRST_YEAR, FIRST_YEAR + len(years)))
        return Size(
            College.objects.count(),
            len(years) if consecutive else -1,
            ActivityReport.objects.count(),
            Institution.objects.count(),
        )


def describe(size: Size) -> str:
    return f"{size.institutions} schools, {size.colleges} colleges, {size.years} years, {size.reports:,} reports"


@transaction.atomic  # all or nothing, so that a half-built set is never mistaken for a full one
def build_data_set(size: Size, write) -> None:
    rng = random.Random(FIRST_YEAR)  # noqa: S311 -- reproducible test data, not security
    started = time.perf_counter()
    schools = [home(), *other_schools(size.institutions - 1)]
    plans_and_schemes(size, schools)
    staff, colleges, authors, elders = organisation(size, schools)
    organised = time.perf_counter()
    reports, photos, links = activity_reports(size, rng, staff, colleges, authors, elders)
    filed = time.perf_counter()
    assessments(size, staff, colleges)
    done = time.perf_counter()
    write(
        f"built in {done - started:.1f} s: schools, plans, schemes, colleges and users {organised - started:.1f} s; "
        f"{reports:,} reports with {photos:,} evidence rows and {links:,} member links {filed - organised:.1f} s; "
        f"assessments {done - filed:.1f} s"
    )


def plans_and_schemes(size: Size, schools: list[Institution]) -> None:
    """The home school's plan and scheme of every year, as a school makes them; copies of them for the others."""
    with school_scope(schools[0]):
        plan = load_workplan_file(PLAN_DATA / "workplan_2022.json").plan
        scheme, _created = schemes.load_scheme_file()
        for year in size.year_list[1:]:
            copy_plan(plan, year)
            schemes.copy_scheme(scheme, year)
    copy_home_setup(schools[0], schools[1:])


def organisation(size: Size, schools: list[Institution]):
    """Colleges with a committee and a brand project per year, spread over the schools; the home school's staff
    and office, a staff member of every other school, and one secretary per college. Each college's codes and
    names are its school's own (c001 … in every school); rows name their school (bulk inserts skip the roles'
    save(), and a college would ask for it each)."""
    colleges = College.objects.bulk_create(
        [
            College(
                institution=school,
                code=college_code(n),
                name=f"{SUBJECTS[n % len(SUBJECTS)]}学院"
                + (f"{n // len(SUBJECTS) + 1}" if n >= len(SUBJECTS) else ""),
                short_name=f"{SUBJECTS[n % len(SUBJECTS)][:4]}{n + 1}",
                campus="zhongqiao" if n % 2 else "taihu",
                order=n + 1,
            )
            for school, count in zip(schools, shares(size.colleges, len(schools)), strict=True)
            for n in range(count)
        ],
        batch_size=BATCH,
    )
    committee = [
        (Position.DIRECTOR, "", None),
        (Position.EXECUTIVE_DEPUTY, ElderKind.TEACHER, 2016),
        (Position.MEMBER, ElderKind.OLD_CADRE, 2012),
        (Position.MEMBER, ElderKind.EXPERT, 2019),
        (Position.SECRETARY, "", None),
    ]
    members = CommitteeMember.objects.bulk_create(
        [
            CommitteeMember(
                college=college,
                name=SURNAMES[(n * 5 + k) % len(SURNAMES)] + GIVEN_NAMES[(n + k * 7) % len(GIVEN_NAMES)],
                position=position,
                elder_kind=elder_kind,
                retired_year=retired,
            )
            for n, college in enumerate(colleges)
            for k, (position, elder_kind, retired) in enumerate(committee)
        ],
        batch_size=BATCH,
    )
    elders = defaultdict(list)
    for member in members:
        if member.elder_kind:
            elders[member.college_id].append(member.pk)
    BrandProject.objects.bulk_create(
        [
            BrandProject(
                college=c, year=year, title=f"{c.short_name}“一院一品”：工匠精神薪火相传", status="in_progress"
            )
            for c in colleges
            for year in size.year_list
        ],
        batch_size=BATCH,
    )
    # One MD5 hash for every bench account: a real hasher costs about half a second per user here.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        password = make_password(secrets.token_urlsafe(16))
    User = get_user_model()
    home_school, others = schools[0], schools[1:]
    staff, office, *others_staff = User.objects.bulk_create(
        [
            User(username="staff", first_name="校关工委工作人员（基准）", password=password),
            User(username="office", first_name="党委办公室（基准）", password=password),
            *(User(username=f"staff-{s.code}", first_name=f"{s.short_name}关工委", password=password) for s in others),
        ]
    )
    # The home school's secretaries keep the names of the one-school set (sec-c001 …); the others' carry the school.
    code_of = {s.pk: "" if s == home_school else f"{s.code}-" for s in schools}
    secretaries = User.objects.bulk_create(
        (User(username=f"sec-{code_of[c.institution_id]}{c.code}", password=password) for c in colleges),
        batch_size=BATCH,
    )
    staff_of = {home_school.pk: staff, **{s.pk: u for s, u in zip(others, others_staff, strict=True)}}
    Membership.objects.bulk_create(
        [
            Membership(user=office, role=Role.OFFICE, institution=home_school),
            *(Membership(user=u, role=Role.STAFF, institution_id=s) for s, u in staff_of.items()),
            *(
                Membership(user=u, role=Role.SECRETARY, college=c, institution_id=c.institution_id)
                for u, c in zip(secretaries, colleges, strict=True)
            ),
        ],
        batch_size=BATCH,
    )
    return staff_of, colleges, {c.pk: u for c, u in zip(colleges, secretaries, strict=True)}, elders


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


def activity_reports(size: Size, rng, staff_of, colleges, authors, elders) -> tuple[int, int, int]:
    """size.reports reports, the same number for every college (of every school) and year, in batches of BATCH
    rows; a report's kind and work point are its school's."""
    with every_school():  # the kinds and work points of every school, each report taking its own school's
        kinds = defaultdict(list)
        for kind in ActivityKind.objects.all():
            kinds[kind.institution_id].append(kind)
        points = {
            (p["section__plan__institution"], p["section__plan__year"], p["code"]): p["pk"]
            for p in WorkPoint.objects.values("pk", "code", "section__plan__year", "section__plan__institution")
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
            school = college.institution_id
            kind = rng.choice(kinds[school])
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
                    work_point_id=points.get((school, year, kind.work_point_code)),
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
                    reviewed_by=staff_of[school] if reviewed else None,
                    return_reason="请补充活动签到表。" if status == "returned" else "",
                )
            )
        for report in batch:
            report.fill_search_tokens()  # bulk_create skips save(), which fills it
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
    with every_school():  # the tallies of every school's reports
        tallies.rebuild()  # bulk_create sends no signal: the dashboard's tallies are counted once at the end
    return size.reports, photo_count, link_count
