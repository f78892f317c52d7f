"""What every write of the region shares: its refusal, the role guard, the score check and the limits."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from notifications.models import NoticeKind
from scoring import rules as scoring_rules

from ..models import Application, SchoolIndicator
from ..workflow import RegionError, RegionRoleRefused

MAX_FILES = 20
ASSESSMENT = NoticeKind.ASSESSMENT


def require(allowed: bool, predicate=None) -> None:
    """Refuse for the role unless `allowed`, naming who `predicate` (the access predicate asked) lets through."""
    RegionRoleRefused.unless(allowed, predicate)


def check_scores(application: Application, entries: dict[str, tuple]) -> dict[str, Decimal | None]:
    """The posted scores as Decimals, or RegionError naming every bad one."""
    specs = {i.code: i.spec() for i in SchoolIndicator.objects.filter(scheme__region_id=application.region_id)}
    values, problems = {}, []
    for code, raw in entries.items():
        if code not in specs:
            continue
        if raw is None or str(raw).strip() == "":
            values[code] = None
            continue
        try:
            value = scoring_rules.parse_score(raw)
        except ValueError:
            problems.append(_("%(code)s: not a number") % {"code": code})
            continue
        problem = scoring_rules.score_problem(value, specs[code])
        if problem:
            problems.append(f"{code}: {problem}")
        else:
            values[code] = value
    if problems:
        raise RegionError(_("Some scores cannot be saved: %(problems)s") % {"problems": "；".join(problems)})
    return values
