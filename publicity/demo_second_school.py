"""A second demo school that runs its own year: 太湖理工学院（演示）, a member school of the 第十片, beside the home
school. Its three colleges with their committees, its staff, party office and secretaries (staff2, office2, sec21 …),
its 2022 plan (the home school's 2022 plan file, in its own name), its indicator scheme and assessments, a dozen
reports in every state, and news and a notice on its public site (/s/d-th/) — so a newcomer sees two schools side
by side, neither seeing the other.

It sits in publicity, the top layer, because it writes through every app's services; it runs inside its school's
scope and reuses the home demo's loaders, which write into the scope's school. Idempotent; never run by a migration.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from activities.demo import load_demo_reports
from activities.models import ActivityReport, EvidenceKind, Status
from colleges import demo as colleges_demo
from colleges.models import Role
from core.portal import give_school_defaults
from core.scoping import school_scope
from institutions.models import Institution
from plans.services import DATA_DIR as PLAN_DATA
from plans.services import load_workplan
from region.demo import SCHOOLS
from scoring import schemes
from scoring.demo import load_demo_assessments

from . import services
from .models import NewsItem, PublicNotice

# The region demo's member school of this code (region/demo.py makes it too, whichever runs first).
CODE = "d-th"
YEAR = 2022
COLLEGES_FILE = Path(__file__).resolve().parent / "data" / "second_school_colleges.json"
# username, display name, role, college code — listed in README's demo accounts.
ACCOUNTS = [
    ("staff2", "太湖理工学院关工委工作人员（演示）", Role.STAFF, None),
    ("office2", "太湖理工学院党委办公室（演示）", Role.OFFICE, None),
    ("sec21", "机电工程学院关工委秘书（演示）", Role.SECRETARY, "jd"),
    ("sec22", "信息工程学院关工委秘书（演示）", Role.SECRETARY, "xx"),
    ("sec23", "经济管理学院关工委秘书（演示）", Role.SECRETARY, "jg"),
]
# Four reports a college: two approved, one waiting for review, one returned.
REPORT_FATES = [Status.APPROVED, Status.APPROVED, Status.SUBMITTED, Status.RETURNED]
# sec21's college keeps its self-assessment open, for the demo secretary to fill in.
STILL_SELF_ASSESSING = "jd"
NOTICES = [
    (
        "关于开展2022年“五老”进课堂活动的通知（演示）",
        "各二级学院关工委：请结合专业特点，组织“五老”走进课堂和实训车间，讲述岗位故事和奋斗经历。",
    ),
]


def the_school() -> Institution:
    name, short_name = next((name, short) for code, name, short in SCHOOLS if code == CODE)
    school, _created = Institution.objects.get_or_create(
        code=CODE, defaults={"name": name, "short_name": short_name, "contact_name": "（演示）联络员", "is_demo": True}
    )
    return school


def load_demo_second_school() -> int:
    """Make what is missing of the second school's demo, in its scope; the rows made."""
    school = the_school()
    # A school the region demo made before schools got their defaults on creation has none yet.
    made = give_school_defaults(school)
    with school_scope(school):
        made += colleges_demo.load_demo_colleges(COLLEGES_FILE)
        made += colleges_demo.load_demo_accounts(ACCOUNTS)
        made += _plan(school)
        _scheme, created = schemes.load_scheme_file()
        made += created
        made += load_demo_reports(YEAR, fates=REPORT_FATES)
        made += load_demo_assessments(YEAR, still_self_assessing=STILL_SELF_ASSESSING)
        made += _public_site()
    return made


def _plan(school: Institution) -> int:
    """The home school's 2022 plan, loaded in this school's name through the plans app's loader."""
    text = (PLAN_DATA / "workplan_2022.json").read_text(encoding="utf-8")
    plain_name = school.name.removesuffix("（演示）")
    data = json.loads(text.replace("无锡职业技术学院", plain_name).replace("锡职院委", f"{school.short_name}委"))
    return load_workplan(data).created


@transaction.atomic
def _public_site() -> int:
    """News items from the colleges' approved reports, written and published by the school's staff, and a notice."""
    staff = colleges_demo.school_staff()
    if staff is None:
        return 0
    made = 0
    if not NewsItem.objects.exists():
        reports = ActivityReport.objects.approved().prefetch_related("evidence").order_by("college__order", "pk")
        for n, report in enumerate(reports[:4]):
            photos = [e for e in report.evidence.all() if e.kind == EvidenceKind.PHOTO]
            news = services.create_news(
                report,
                staff,
                report.title,
                f"{report.summary}\n\n{report.outcome}\n\n（演示新闻，由校关工委根据已审核的活动报告撰写。）",
                photos,
                photos[:1],
            )
            made += 1
            if n == 3:
                continue  # one left as a draft
            news = services.transition_news(news, staff, "submit", "", news.version)
            services.transition_news(news, staff, "publish", "", news.version)
    if not PublicNotice.objects.exists():
        for title, text in NOTICES:
            notice = services.save_notice(PublicNotice(title=title, text=text), staff)
            services.set_notice_published(notice, staff, True, notice.version)
            made += 1
    return made
