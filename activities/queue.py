"""The review queue: which submitted reports a reviewer sees, in which order, a page at a time.

Pages are cut by keyset ("seek") on (submitted_at, id) rather than by offset (core.keyset), so that a page costs
the same however deep the queue is, and approving reports while paging neither skips nor repeats one. A cursor
names the last report seen as "<microseconds since the epoch>-<id>"; `older` and `newer` say which side to read.
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.db.models import Min, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import LongSelect, PlainForm, VersionField, bound_fields
from core.keyset import MICROSECONDS, Key, Keyset, Page, bounded_count
from plans.models import WorkPoint

from .models import ActivityKind, ActivityReport, Evidence, EvidenceKind, Status

PAGE_SIZE = 25
# The queue's order: submission time, then id for reports submitted in the same microsecond.
SUBMISSION = Keyset("submitted_at", MICROSECONDS)
_KEY_MAX = 2**63 - 1

OLDEST_FIRST, NEWEST_FIRST = "oldest", "newest"
ORDER_CHOICES = [(OLDEST_FIRST, _("Oldest first")), (NEWEST_FIRST, _("Newest first"))]

TODAY, DAYS_1_3, DAYS_4_7, OVER_A_WEEK = "today", "1-3", "4-7", "older"
AGE_CHOICES = [
    ("", pgettext_lazy("filter", "All")),
    (TODAY, _("Today")),
    (DAYS_1_3, _("1–3 days")),
    (DAYS_4_7, _("4–7 days")),
    (OVER_A_WEEK, _("Over a week")),
]


def age_bounds(bucket: str, today: datetime.date) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """The submission times (from, until) of an age bucket, counted in local calendar days: "today" is since
    midnight, "1–3 days" the three days before, "4–7 days" the four before those, "over a week" anything older."""

    def midnight(days_ago: int) -> datetime.datetime:
        day = today - datetime.timedelta(days=days_ago)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    return {
        TODAY: (midnight(0), None),
        DAYS_1_3: (midnight(3), midnight(0)),
        DAYS_4_7: (midnight(7), midnight(3)),
        OVER_A_WEEK: (None, midnight(7)),
    }.get(bucket, (None, None))


def waiting_reports(user) -> QuerySet[ActivityReport]:
    """Every submitted report the user may see: the queue before its filters."""
    return ActivityReport.objects.visible_to(user).filter(status=Status.SUBMITTED, submitted_at__isnull=False)


def with_card_details(reports: QuerySet[ActivityReport]) -> QuerySet[ActivityReport]:
    """What a queue card shows, its first photo's id included, in the same query as the reports."""
    first_photo = (
        Evidence.objects.filter(report=OuterRef("pk"), kind=EvidenceKind.PHOTO)
        .exclude(thumbnail="")
        .order_by("uploaded_at", "pk")
        .values("pk")[:1]
    )
    return reports.for_list().annotate(first_photo=Subquery(first_photo))


class QueueFilterForm(PlainForm):
    """The queue's filters and order. Every field is optional; a bad value is a form error, never a 500."""

    q = forms.CharField(label=_("Search title or place"), required=False, max_length=100)
    college = forms.ModelChoiceField(
        label=pgettext_lazy("field", "College"),
        queryset=None,
        required=False,
        empty_label=pgettext_lazy("filter", "All"),
        widget=LongSelect,
    )
    kind = forms.ModelChoiceField(
        label=pgettext_lazy("field", "Kind"),
        queryset=ActivityKind.objects.all(),
        required=False,
        empty_label=pgettext_lazy("filter", "All"),
    )
    work_point = forms.ModelChoiceField(
        label=pgettext_lazy("field", "Work point"),
        queryset=WorkPoint.objects.none(),
        required=False,
        empty_label=pgettext_lazy("filter", "All"),
    )
    age = forms.ChoiceField(label=_("Waiting for"), choices=AGE_CHOICES, required=False)
    order = forms.ChoiceField(label=pgettext_lazy("sort order", "Order"), choices=ORDER_CHOICES, required=False)

    def __init__(self, *args, colleges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["college"].queryset = colleges
        self.fields["work_point"].queryset = WorkPoint.objects.select_related("section__plan").order_by(
            "-section__plan__year", "section__number", "order"
        )
        self.fields["work_point"].label_from_instance = lambda p: f"{p.section.plan.year} · {p.code} {p.title}"
        bound_fields(self)

    @property
    def chosen_order(self) -> str:
        return (self.is_valid() and self.cleaned_data["order"]) or OLDEST_FIRST

    def filter(self, queryset: QuerySet, today: datetime.date) -> QuerySet:
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.matching(data["q"], fields=("title", "place"))
        for field in ("college", "kind", "work_point"):
            if data[field]:
                queryset = queryset.filter(**{field: data[field]})
        since, until = age_bounds(data["age"], today)
        if since:
            queryset = queryset.filter(submitted_at__gte=since)
        if until:
            queryset = queryset.filter(submitted_at__lt=until)
        return queryset


def queue_page(queue: QuerySet, order: str, *, older: Key | None = None, newer: Key | None = None) -> Page:
    """One page of `queue` in `order`: the first page, or the reports just older or just newer than a cursor."""
    return SUBMISSION.page(
        queue, PAGE_SIZE, descending=order == NEWEST_FIRST, older=older, newer=newer, rows=with_card_details
    )


def queue_summary(queue: QuerySet) -> dict:
    """How many reports match, counted up to a bound (a queue of 80,000 is "more than 1,000" to a reviewer),
    and when the one waiting longest was submitted (one MIN over the (status, submitted_at) index)."""
    return {"count": bounded_count(queue), "oldest": queue.aggregate(oldest=Min("submitted_at"))["oldest"]}


def neighbours(queue: QuerySet, key: Key | None, order: str) -> tuple[int | None, int | None]:
    """The ids of the reports before and after `key` in the queue's order (previous, next)."""
    if key is None:
        return None, None
    earlier = queue.filter(SUBMISSION.before(key)).order_by(*SUBMISSION.descending).values_list("pk", flat=True)
    later = queue.filter(SUBMISSION.after(key)).order_by(*SUBMISSION.ascending).values_list("pk", flat=True)
    earlier, later = earlier.first(), later.first()
    return (earlier, later) if order == OLDEST_FIRST else (later, earlier)


MAX_BATCH = 200
_BATCH_FIELD = re.compile(r"report-(\d{1,19})")


class BatchApprovalForm(PlainForm):
    """The reports ticked on the queue page, each posted as `report-<id>=<version shown>`."""

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        names = [name for name in data if _BATCH_FIELD.fullmatch(name)]
        self.too_many = len(names) > MAX_BATCH
        for name in names[:MAX_BATCH]:
            self.fields[name] = VersionField()

    def clean(self):
        if self.too_many:
            raise forms.ValidationError(
                _("Approve at most %(max)d reports at once.") % {"max": MAX_BATCH}, code="too_many"
            )
        if not self.fields:
            raise forms.ValidationError(_("Tick the reports to approve first."), code="none")
        for name in self.fields:
            if int(_BATCH_FIELD.fullmatch(name).group(1)) > _KEY_MAX:
                raise forms.ValidationError(_("The selection was not valid; nothing was approved."), code="key")
        return super().clean()

    def versions(self) -> dict[int, int]:
        return {int(_BATCH_FIELD.fullmatch(name).group(1)): version for name, version in self.cleaned_data.items()}
