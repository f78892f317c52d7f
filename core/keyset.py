"""Lists that cost the same however long they grow: keyset ("seek") paging and bounded counts.

A keyset page is cut by the last row seen rather than by an offset, so page 20,000 costs what page 1 costs and
rows added or removed while someone pages neither skip nor repeat one. The order is a field and then the primary
key (for rows that share the field's value); a cursor names a row's place as "<the field as an integer>-<id>".
A cursor comes from the address bar, so anything it could not be decodes to None (the first page), never an error.

A bounded count counts at most a limit of rows (`COUNT(*)` over a LIMITed subquery): a person needs "1,000+"
rather than the exact size of a million rows, and the exact figure would cost a scan of them all.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

_CURSOR = re.compile(r"(\d{1,18})-(\d{1,19})")
_ID_MAX = 2**63 - 1
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True, order=True)
class Key:
    """A row's place in a keyset order: the order field's value, then its id."""

    value: Any
    id: int


@dataclass(frozen=True)
class Codec:
    """How an order field's value is written in a cursor: as a non-negative integer, and back."""

    to_int: Callable[[Any], int]
    from_int: Callable[[int], Any]


def _micros(moment: datetime.datetime) -> int:
    return (moment - EPOCH) // datetime.timedelta(microseconds=1)


MICROSECONDS = Codec(_micros, lambda n: EPOCH + datetime.timedelta(microseconds=n))
DAYS = Codec(lambda day: day.toordinal(), datetime.date.fromordinal)


# How many rows of the order a dense filter's page reads before it turns to the index instead (DenseFilter).
PROBE_WINDOW = 2000


@dataclass(frozen=True)
class DenseFilter:
    """A filter that an index serves (a text search), given also as the rows before it and a condition.

    An index is the fast way to the rows of a rare term, but a common one (an eighth of a million reports say
    工匠精神) makes the index hand over a large share of the table, each row fetched and rechecked before the
    newest few can be picked: seconds. For such a term the order's own index is faster: read the first rows of
    the order and keep those the condition holds for. So a page first reads a window of PROBE_WINDOW rows that
    way; only when the window holds too few matches for a full page does it ask the index. Either way the page
    is exactly the same rows, as the window is the head of the same order."""

    unfiltered: QuerySet
    condition: Q


@dataclass
class Page:
    rows: list
    older: str | None  # the cursor of the page of rows lower in the order, if there are any
    newer: str | None  # … and of rows higher in it
    dense: bool = False  # the rows came from a dense filter's window: the filter holds for many rows

    @property
    def has_other_pages(self) -> bool:
        return bool(self.older or self.newer)


@dataclass(frozen=True)
class Keyset:
    """An order on (`field`, pk): its cursors, its seek conditions and its pages."""

    field: str
    codec: Codec

    @property
    def ascending(self) -> tuple[str, str]:
        return (self.field, "pk")

    @property
    def descending(self) -> tuple[str, str]:
        return (f"-{self.field}", "-pk")

    def key_of(self, row) -> Key | None:
        value = getattr(row, self.field)
        return None if value is None else Key(value, row.pk)

    def encode(self, key: Key) -> str:
        return f"{self.codec.to_int(key.value)}-{key.id}"

    def decode(self, text: str | None) -> Key | None:
        """The key a cursor names, or None for anything a cursor could not be."""
        found = _CURSOR.fullmatch(text or "")
        if not found:
            return None
        pk = int(found.group(2))
        if pk > _ID_MAX:
            return None
        try:
            return Key(self.codec.from_int(int(found.group(1))), pk)
        except (ValueError, OverflowError):
            return None

    # The bare range on the field (>= or <=) is redundant to the logic but lets the database start its index scan
    # at the cursor: an OR alone is a filter, so the scan would read every row from the top of the order down to
    # the cursor, which is an offset again.
    def after(self, key: Key) -> Q:
        return Q(**{f"{self.field}__gte": key.value}) & (Q(**{f"{self.field}__gt": key.value}) | Q(pk__gt=key.id))

    def before(self, key: Key) -> Q:
        return Q(**{f"{self.field}__lte": key.value}) & (Q(**{f"{self.field}__lt": key.value}) | Q(pk__lt=key.id))

    def at(self, key: Key) -> Q:
        return Q(**{self.field: key.value, "pk": key.id})

    def page(
        self,
        queryset: QuerySet,
        size: int,
        *,
        descending: bool,
        older: Key | None = None,
        newer: Key | None = None,
        rows: Callable[[QuerySet], QuerySet] = lambda queryset: queryset,
        dense: DenseFilter | None = None,
    ) -> Page:
        """One page of `queryset` in this order (highest first if `descending`): the first page, or the rows just
        below `older` or just above `newer`. `rows` adds what a shown row needs (joins, subqueries), so that it
        runs for the shown rows only.

        The page is read in the direction of travel with one row more than it shows (is there a further page that
        way?) and the other side is one EXISTS query, so a page is two queries however deep it is."""
        shown = rows(queryset)
        from_window = False

        def read(where: Q, order: tuple[str, str]) -> list:
            nonlocal from_window
            if dense is not None:
                window = dense.unfiltered.filter(where).order_by(*order).values("pk")[:PROBE_WINDOW]
                probed = rows(dense.unfiltered.filter(dense.condition, pk__in=window)).filter(where)
                found = list(probed.order_by(*order)[: size + 1])
                if len(found) > size:
                    from_window = True
                    return found
            return list(shown.filter(where).order_by(*order)[: size + 1])

        if newer is not None:
            found = read(self.after(newer), self.ascending)
            more_newer, more_older = len(found) > size, queryset.filter(self.at(newer) | self.before(newer)).exists()
        elif older is not None:
            found = read(self.before(older), self.descending)
            more_older, more_newer = len(found) > size, queryset.filter(self.at(older) | self.after(older)).exists()
        else:
            found = read(Q(), self.descending if descending else self.ascending)
            more = len(found) > size
            more_newer, more_older = (False, more) if descending else (more, False)
        found = sorted(found[:size], key=self.key_of, reverse=descending)
        keys = [self.key_of(row) for row in found]
        return Page(
            rows=found,
            older=self.encode(min(keys)) if found and more_older else None,
            newer=self.encode(max(keys)) if found and more_newer else None,
            dense=from_window,
        )


COUNT_LIMIT = 1000


@dataclass(frozen=True)
class BoundedCount:
    """A count that stops at `limit`: exact up to it, "1,000+" beyond. Prints as a person reads it."""

    value: int
    limit: int = COUNT_LIMIT

    @property
    def is_exact(self) -> bool:
        return self.value <= self.limit

    def __int__(self) -> int:
        return min(self.value, self.limit)

    def __bool__(self) -> bool:
        return self.value > 0

    def __add__(self, other: BoundedCount) -> BoundedCount:
        limit = max(self.limit, other.limit)
        total = int(self) + int(other) + (0 if self.is_exact and other.is_exact else 1)
        return BoundedCount(min(total, limit + 1), limit)

    def __str__(self) -> str:
        if self.is_exact:
            return str(self.value)
        return gettext("more than %(limit)s") % {"limit": f"{self.limit:,}"}


def bounded_counts(limit: int = COUNT_LIMIT, **querysets: QuerySet) -> dict[str, BoundedCount]:
    """Each queryset's row count up to `limit` (beyond it, `limit + 1`), all in one query.

    Each count is `COUNT(*)` over the queryset's ids LIMITed to `limit + 1`, so it reads at most that many index
    entries however many rows match. Annotations and ordering are dropped first: only the WHERE counts."""
    if not querysets:
        return {}
    using = next(iter(querysets.values())).db
    parts, params = [], []
    for n, queryset in enumerate(querysets.values()):
        sliced = queryset.order_by().values("pk")[: limit + 1]
        try:
            sql, part_params = sliced.query.get_compiler(using=using).as_sql()
        except EmptyResultSet:  # queryset.none(), as an invalid filter gives: nothing to count
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) bounded_{n})")  # noqa: S608 -- Django's compiled SQL; values are params
        params.extend(part_params)
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        values = cursor.fetchone()
    return {name: BoundedCount(value, limit) for name, value in zip(querysets, values, strict=True)}


def bounded_count(queryset: QuerySet, limit: int = COUNT_LIMIT) -> BoundedCount:
    return bounded_counts(limit, rows=queryset)["rows"]
