"""Demo data: colleges, committees, brand projects and the demo accounts. Never loaded by a migration."""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from .access import role_holders
from .models import BrandProject, College, CommitteeMember, Membership, Role, YearRetirements

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_colleges.json"
DEMO_PASSWORD = "gkw-demo-2022"  # noqa: S105 -- the documented demo password, for demo accounts only
DEMO_YEAR = 2022

# username, display name, role, college code
DEMO_MAIL_DOMAIN = "gkw.example"
DEMO_ACCOUNTS = [
    ("staff", "校关工委工作人员（演示）", Role.STAFF, None),
    ("office", "党委办公室（演示）", Role.OFFICE, None),
    ("sec1", "机械技术学院关工委秘书（演示）", Role.SECRETARY, "jx"),
    ("sec2", "控制技术学院关工委秘书（演示）", Role.SECRETARY, "kz"),
    ("admin", "系统管理员（演示）", Role.ADMIN, None),
]


DEMO_RETIREMENTS = 70


@transaction.atomic
def load_demo_colleges(path: Path = DEMO_FILE) -> int:
    """Create what is missing; rows that exist are left as users changed them. Returns rows created."""
    data = json.loads(path.read_text(encoding="utf-8"))
    created = 0
    for order, college_data in enumerate(data["colleges"], start=1):
        college, was_created = College.objects.get_or_create(
            code=college_data["code"],
            defaults={
                "name": college_data["name"],
                "short_name": college_data["short_name"],
                "campus": college_data["campus"],
                "order": order,
            },
        )
        created += was_created
        if was_created:
            CommitteeMember.objects.bulk_create(
                CommitteeMember(
                    college=college,
                    name=member["name"],
                    position=member["position"],
                    title=member.get("title", ""),
                    elder_kind=member.get("elder_kind", ""),
                    retired_year=member.get("retired_year"),
                    contact=member.get("contact", ""),
                    active=member.get("active", True),
                )
                for member in college_data["members"]
            )
            created += len(college_data["members"])
        project = college_data.get("brand_project")
        if project:
            _, was_created = BrandProject.objects.get_or_create(
                college=college,
                year=DEMO_YEAR,
                defaults={key: project[key] for key in ("title", "summary", "lead", "status")},
            )
            created += was_created
    # The demo's 13 members who retired in 2022, of 70 teachers retired that year: short of the 20 % goal.
    _, was_created = YearRetirements.objects.get_or_create(year=DEMO_YEAR, defaults={"teachers": DEMO_RETIREMENTS})
    return created + was_created


def school_staff():
    """The first committee staff account of the scope's school: who reviews its demo rows (never another
    school's staff, whose account would then write into this school)."""
    return role_holders(Role.STAFF).order_by("pk").first()


def school_secretaries() -> dict:
    """The secretary of each of the scope's school's colleges, by college id."""
    rows = Membership.objects.filter(role=Role.SECRETARY, college__in=College.objects.all()).select_related("user")
    return {m.college_id: m.user for m in rows}


def demo_user(username: str, display_name: str, *, superuser: bool = False):
    """A demo account, every app's: created with the demo password; given its address `<username>@gkw.example`
    when it has none (an address someone changed is kept). Returns (user, created)."""
    User = get_user_model()
    user, was_created = User.objects.get_or_create(username=username, defaults={"first_name": display_name})
    if not user.email:
        # `.example` is reserved (RFC 2606): no demo e-mail can reach a real person.
        user.email = f"{username}@{DEMO_MAIL_DOMAIN}"
        User.objects.filter(pk=user.pk).update(email=user.email)
    if was_created:
        user.set_password(DEMO_PASSWORD)
        if superuser:
            user.is_staff = user.is_superuser = True
        user.save()
    return user, was_created


@transaction.atomic
def load_demo_accounts(accounts=DEMO_ACCOUNTS) -> int:
    """The accounts (username, display name, role, college code) and their roles in the scope's school."""
    created = 0
    for username, display_name, role, college_code in accounts:
        user, was_created = demo_user(username, display_name, superuser=role == Role.ADMIN)
        created += was_created
        college = College.objects.get(code=college_code) if college_code else None
        Membership.objects.get_or_create(user=user, defaults={"role": role, "college": college})
    return created


def load_demo() -> int:
    """The demo colleges with their committees and the demo accounts (colleges.apps declares it)."""
    return load_demo_colleges() + load_demo_accounts()
