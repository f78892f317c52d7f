"""The year's indicator scheme: its tree, whether it adds up, loading it from a data file, copying and editing it.

Changing a scheme changes every assessment of its year: an edit is saved only if the whole scheme still adds up,
and then every verdict of the year is recomputed.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.text import fmt

from . import rules
from .models import Indicator, Scheme
from .workflow import ScoringError

DATA_DIR = Path(__file__).resolve().parent / "data"


def scored_indicators(scheme: Scheme) -> list[Indicator]:
    """The indicators that take a score: second-level ones, and first-level ones without children."""
    indicators = list(scheme.indicators.all())
    parents = {i.parent_id for i in indicators if i.parent_id}
    return [i for i in indicators if i.pk not in parents]


def specs_of(indicators: Iterable[Indicator]) -> list[rules.IndicatorSpec]:
    return [indicator.spec() for indicator in indicators]


def scheme_problems(scheme: Scheme, indicators: list[Indicator] | None = None) -> list[str]:
    """Why this scheme cannot be used as it stands; empty when it is sound."""
    indicators = list(scheme.indicators.all()) if indicators is None else indicators
    problems = []
    by_pk = {i.pk: i for i in indicators}
    children = defaultdict(list)
    for indicator in indicators:
        if indicator.parent_id:
            parent = by_pk.get(indicator.parent_id)
            if parent is None or parent.parent_id:
                problems.append(_("%(code)s: the tree has two levels only.") % {"code": indicator.code})
            children[indicator.parent_id].append(indicator)
    leaves = [i for i in indicators if i.pk not in children]
    for parent_pk in children:
        parent = by_pk.get(parent_pk)
        if parent is not None and parent.is_key:
            problems.append(_("%(code)s groups other indicators, so it cannot itself be key.") % {"code": parent.code})
    for indicator in leaves:
        if indicator.max_points <= 0:
            problems.append(_("%(code)s: the maximum must be above zero.") % {"code": indicator.code})
    total = sum((i.max_points for i in leaves), Decimal(0))
    if total != scheme.total:
        problems.append(
            _("The scored indicators add up to %(sum)s points, not the scheme's total of %(total)s.")
            % {"sum": fmt(total), "total": fmt(scheme.total)}
        )
    if not any(i.is_key for i in leaves):
        problems.append(_("The scheme has no key indicator."))
    if not Decimal(0) < scheme.threshold <= scheme.total:
        problems.append(_("The threshold must be above zero and at most the total."))
    return problems


def refresh_group_maximums(scheme: Scheme) -> None:
    """A first-level indicator's maximum is the sum of its children's, so the tree always adds up."""
    for group in scheme.indicators.filter(parent__isnull=True).prefetch_related("children"):
        kids = list(group.children.all())
        if kids:
            total = sum((k.max_points for k in kids), Decimal(0))
            if group.max_points != total:
                Indicator.objects.filter(pk=group.pk).update(max_points=total)


@transaction.atomic
def load_scheme(data: dict) -> tuple[Scheme, bool]:
    """Create the scheme of the data file's year if it is missing; an existing one is left as staff left it."""
    scheme, created = Scheme.objects.get_or_create(
        year=data["year"],
        defaults={
            "title": data["title"],
            "total": Decimal(data["total"]),
            "threshold": Decimal(data["threshold"]),
            "self_assessment_deadline": data.get("self_assessment_deadline"),
        },
    )
    if not created:
        return scheme, False
    order = 0
    for group in data["indicators"]:
        order += 1
        parent = Indicator.objects.create(
            scheme=scheme, code=group["code"], name=group["name"], max_points=Decimal(0), order=order * 10
        )
        for child in group["children"]:
            order += 1
            Indicator.objects.create(
                scheme=scheme,
                parent=parent,
                code=child["code"],
                name=child["name"],
                max_points=Decimal(child["max"]),
                is_key=child.get("key", False),
                mode=child.get("mode", rules.POINTS),
                points_text=child.get("points", ""),
                evidence_hint=child.get("evidence", ""),
                order=order * 10,
            )
    refresh_group_maximums(scheme)
    return scheme, True


def load_scheme_file(path: Path = DATA_DIR / "scheme_2022.json") -> tuple[Scheme, bool]:
    return load_scheme(json.loads(Path(path).read_text(encoding="utf-8")))


@transaction.atomic
def copy_scheme(source: Scheme, year: int) -> Scheme:
    if Scheme.objects.filter(institution=source.institution_id, year=year).exists():
        raise ScoringError(_("There is already a scheme for %(year)d.") % {"year": year})
    scheme = Scheme.objects.create(
        institution_id=source.institution_id,
        year=year,
        title=source.title.replace(str(source.year), str(year)),
        total=source.total,
        threshold=source.threshold,
    )
    new_parents = {}
    groups_first = [*source.indicators.filter(parent__isnull=True), *source.indicators.filter(parent__isnull=False)]
    for indicator in groups_first:
        copy = Indicator.objects.create(
            scheme=scheme,
            parent=new_parents.get(indicator.parent_id),
            code=indicator.code,
            name=indicator.name,
            points_text=indicator.points_text,
            max_points=indicator.max_points,
            is_key=indicator.is_key,
            mode=indicator.mode,
            evidence_hint=indicator.evidence_hint,
            order=indicator.order,
        )
        new_parents[indicator.pk] = copy
    return scheme


def edit_scheme(scheme: Scheme, save_changes: Callable[[], object]) -> list[str]:
    """Apply an edit (`save_changes` writes the header and the indicators) if the scheme still adds up afterwards.

    Returns the problems that kept the edit from being saved; empty when it was saved, every assessment of the
    year then has a score row for every indicator and every verdict is recomputed.
    """
    from .assessments import ensure_assessments, recompute_scheme  # assessments reads the scheme through this module

    try:
        with transaction.atomic():
            save_changes()
            refresh_group_maximums(scheme)
            problems = scheme_problems(scheme)
            if problems:
                transaction.set_rollback(True)
                return problems
            Scheme.objects.filter(pk=scheme.pk).update(revision=F("revision") + 1)
            ensure_assessments(scheme)
            recompute_scheme(scheme)
    except IntegrityError:
        # Two indicators with one code, e.g. when another editor saved at the same moment.
        return [_("Two indicators of the scheme have the same code; each code must be unique.")]
    return []
