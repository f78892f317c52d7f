"""EXPLAIN ANALYZE every query a page runs, on the bench's PostgreSQL data set.

    .venv/bin/python tools/explain_pages.py [postgres://postgres@127.0.0.1:5432/gkw_bench]

Each page is requested as the bench user its row names, through Django's test client, with the queries captured;
then each SELECT is run again under `EXPLAIN (ANALYZE, BUFFERS)` and its execution time and plan are printed.
Session, user and school look-ups (the same on every page) are left out. The pages are the home school's, as its
people see them (with `--institutions`, the bench set holds other schools too). The plans in docs/performance.md
come from here. It only reads: the pages it opens are GETs, and EXPLAIN ANALYZE of a SELECT changes nothing.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gkw_portal.settings.dev")
os.environ["DATABASE_URL"] = sys.argv[1] if len(sys.argv) > 1 else "postgres://postgres@127.0.0.1:5432/gkw_bench"
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ["DEBUG"] = "false"
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402 -- the settings above must be in place first

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from activities.models import ActivityReport, Status  # noqa: E402
from activities.views.reports import NEWEST_ACTIVITY  # noqa: E402
from colleges.models import College  # noqa: E402
from core.keyset import Key  # noqa: E402
from core.scoping import school_scope  # noqa: E402
from institutions.models import home  # noqa: E402

SKIPPED = re.compile(r'FROM "(django_session|auth_user|colleges_membership|region_institution)"')


def pages() -> list[tuple[str, str, str]]:
    """(title, user, url): the lists and pages of the bench table whose queries grow with the data."""
    year = ActivityReport.objects.order_by("-year").values_list("year", flat=True).first()
    college = College.objects.active().order_by("order", "code").first()
    reports = ActivityReport.objects.order_by("-starts_on", "-pk")
    starts_on, pk = reports.values_list("starts_on", "pk")[reports.count() // 2]
    kind = ActivityReport.objects.values_list("kind_id", flat=True).first()
    return [
        ("report list, first page", "staff", "/reports/"),
        ("report list, deep page", "staff", f"/reports/?older={NEWEST_ACTIVITY.encode(Key(starts_on, pk))}"),
        ("report list, one college", "staff", f"/reports/?college={college.pk}"),
        ("report list, one year", "staff", f"/reports/?year={year}"),
        ("report list, submitted", "staff", f"/reports/?status={Status.SUBMITTED}"),
        (
            "report list, one kind and dates",
            "staff",
            f"/reports/?kind={kind}&date_from={year}-03-01&date_to={year}-04-30",
        ),
        ("report list, search 工匠精神", "staff", "/reports/?q=工匠精神"),
        ("report list, search 宣讲", "staff", "/reports/?q=宣讲"),
        ("review queue", "staff", "/reports/review/"),
        ("review queue, one college", "staff", f"/reports/review/?college={college.pk}"),
        ("dashboard, cold", "office", f"/dashboard/{year}/"),
        ("staff home, cold", "staff", "/"),
        ("scoring school view", "staff", f"/scoring/{year}/"),
    ]


def main() -> None:
    with school_scope(home()):  # the home school's pages; each request enters it again from its user's role
        explain_pages()


def explain_pages() -> None:
    users = get_user_model().objects
    clients: dict[str, Client] = {}
    for title, user, url in pages():
        if user not in clients:
            clients[user] = Client()
            clients[user].force_login(users.get(username=user))
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            status = clients[user].get(url).status_code
        print(f"\n### {title}: GET {url} as {user} → {status}, {len(captured)} queries")
        for query in captured:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or SKIPPED.search(sql):
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) {sql}")
                plan = [row[0] for row in cursor.fetchall()]
            execution = next((line for line in plan if line.startswith("Execution Time")), "")
            print(f"\n-- {sql[:160]}{'…' if len(sql) > 160 else ''}\n-- {execution}")
            for line in plan:
                if not line.startswith(("Planning", "Execution")):
                    print(f"   {line}")


if __name__ == "__main__":
    main()
