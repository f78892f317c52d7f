"""The 双菜单 itself: needs (需求菜单), elders' offers (资源菜单), the pairs between them and their sessions."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from colleges.models import Campus, College, CommitteeMember
from core.scoping import school_manager
from institutions.models import InstitutionKey

from .elder_logs import ElderLog, ElderLogQuerySet
from .reference import NeedCategory


class Urgency(models.TextChoices):
    LOW = "low", _("Can wait")
    NORMAL = "normal", _("Normal")
    HIGH = "high", pgettext_lazy("priority", "Urgent")


class Scope(models.TextChoices):
    PERSON = "person", _("One person")
    GROUP = "group", _("A group")


class NeedStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("need status", "Open")
    MATCHED = "matched", pgettext_lazy("need status", "Matched")
    CLOSED = "closed", pgettext_lazy("need status", "Closed")


class Need(models.Model):
    """An entry of the needs menu (需求菜单), posted by a college."""

    college = models.ForeignKey(
        College, on_delete=models.PROTECT, related_name="care_needs", verbose_name=pgettext_lazy("field", "college")
    )
    category = models.ForeignKey(
        NeedCategory, on_delete=models.PROTECT, related_name="needs", verbose_name=_("category")
    )
    year = models.PositiveSmallIntegerField(pgettext_lazy("field", "year"), db_index=True)
    scope = models.CharField(_("for"), max_length=10, choices=Scope.choices, default=Scope.PERSON)
    person_code = models.CharField(
        _("pseudonymous code"),
        max_length=20,
        blank=True,
        help_text=_("A code your college chooses for the person, e.g. JX-2022-07. Never a name or an ID number."),
    )
    group_size = models.PositiveSmallIntegerField(
        _("people in the group"), default=1, validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    description = models.TextField(pgettext_lazy("field", "description"), max_length=1000)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    campus = models.CharField(pgettext_lazy("field", "campus"), max_length=20, choices=Campus.choices, blank=True)
    preferred_times = models.CharField(_("preferred times"), max_length=100, blank=True)
    notes = models.TextField(
        _("confidential notes"),
        max_length=2000,
        blank=True,
        help_text=_("Only committee staff and your college read these; every read is logged."),
    )
    notes_purged_at = models.DateTimeField(_("notes purged at"), null=True, blank=True)
    status = models.CharField(
        pgettext_lazy("field", "status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    feedback = models.TextField(_("feedback of the person or group"), max_length=1000, blank=True)
    # Whether the person agreed to talk with an elder: None when nobody asked them (a need the college posted),
    # False when they said no (the 谈心屋 asks each student): such a need is never matched (services.pairs.propose).
    elder_consent = models.BooleanField(_("agrees to talk with an elder"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    # Empty for a need a student opened through the 谈心屋 (talkroom), who has no account.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(pgettext_lazy("field", "posted at"))
    matched_at = models.DateTimeField(_("matched at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = school_manager("college__institution")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["college", "year", "status"])]
        verbose_name = pgettext_lazy("field", "need")
        verbose_name_plural = _("needs")

    def __str__(self):
        return f"{self.category.name} · {self.label}"

    def get_absolute_url(self):
        return reverse("care:need", args=[self.pk])

    @property
    def label(self) -> str:
        """How the need is named everywhere: its code, or the size of the group."""
        if self.scope == Scope.GROUP:
            return _("group of %(n)d") % {"n": self.group_size}
        return self.person_code or "—"

    @property
    def is_sensitive(self) -> bool:
        return self.category.sensitive


class Offer(models.Model):
    """An entry of the resources menu (资源菜单): an elder — a college committee's member or a comrade from
    outside the school — and the help they offer. An elder's portal account is linked here (`user`)."""

    institution = InstitutionKey(related_name="care_offers")
    member = models.OneToOneField(
        CommitteeMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_offer",
        verbose_name=pgettext_lazy("field", "committee member"),
    )
    college = models.ForeignKey(
        College,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_offers",
        verbose_name=pgettext_lazy("field", "college"),
        help_text=_("The member's college; empty for a comrade from outside the school kept by committee staff."),
    )
    outside_name = models.CharField(_("name (comrade from outside the school)"), max_length=50, blank=True)
    outside_affiliation = models.CharField(_("former unit"), max_length=100, blank=True)
    areas = models.ManyToManyField(NeedCategory, related_name="offers", verbose_name=_("areas of help"))
    campus = models.CharField(pgettext_lazy("field", "campus"), max_length=20, choices=Campus.choices, blank=True)
    availability = models.CharField(_("availability"), max_length=100, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("people at once"), default=2, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    active = models.BooleanField(_("offering now"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="care_offer",
        verbose_name=_("elder's portal account"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = school_manager("institution")

    class Meta:
        ordering = ["college", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(outside_name=""),
                name="offer_is_a_member_or_a_named_comrade",
            )
        ]
        verbose_name = _("offer of help")
        verbose_name_plural = _("offers of help")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("care:offer_edit", args=[self.pk])

    @property
    def name(self) -> str:
        return self.member.name if self.member_id else self.outside_name

    @property
    def is_outside(self) -> bool:
        return self.member_id is None


class PairStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", pgettext_lazy("pair status", "Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Need met")
    IMPROVED = "improved", _("Improved")
    NO_CHANGE = "no_change", _("No visible change")
    ENDED = "ended", _("Ended early")


class Pair(models.Model):
    """An elder paired with a need (结对): proposed → active → closed, with an outcome."""

    need = models.ForeignKey(
        Need, on_delete=models.PROTECT, related_name="pairs", verbose_name=pgettext_lazy("field", "need")
    )
    offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, related_name="pairs", verbose_name=pgettext_lazy("field", "elder")
    )
    status = models.CharField(
        pgettext_lazy("field", "status"), max_length=10, choices=PairStatus.choices, default=PairStatus.PROPOSED
    )
    reason = models.CharField(_("why this elder"), max_length=300, blank=True)
    outcome = models.CharField(
        pgettext_lazy("pair outcome", "outcome"), max_length=20, choices=Outcome.choices, blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = school_manager("offer__institution")

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            # One live pair per need at a time; a cancelled or closed one leaves room for the next.
            models.UniqueConstraint(
                fields=["need"],
                condition=Q(status__in=["proposed", "active"]),
                name="one_live_pair_per_need",
            )
        ]
        verbose_name = _("pair")
        verbose_name_plural = pgettext_lazy("count", "pairs")

    def __str__(self):
        return f"{self.offer} ↔ {self.need.label}"

    def get_absolute_url(self):
        return reverse("care:pair", args=[self.pk])


class SessionKind(models.TextChoices):
    TALK = "talk", _("Heart-to-heart talk (谈心)")
    HELP = "help", _("Help session")
    STUDY = "study", _("Study guidance")
    VISIT = "visit", _("Visit")


class CareSession(ElderLog):
    """One talk or help session of a pair, logged by the college (or staff), or by the pair's elder and then
    confirmed by the college (ElderLog)."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("pair"))
    held_on = models.DateField(pgettext_lazy("field", "date"))
    minutes = models.PositiveSmallIntegerField(
        pgettext_lazy("field", "length (minutes)"),
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(600)],
    )
    kind = models.CharField(
        pgettext_lazy("field", "kind"), max_length=10, choices=SessionKind.choices, default=SessionKind.TALK
    )
    note = models.TextField(_("short note"), max_length=1000, blank=True)
    follow_up = models.CharField(_("follow-up"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)

    objects = school_manager("pair__offer__institution", ElderLogQuerySet)

    class Meta(ElderLog.Meta):
        ordering = ["-held_on", "-pk"]
        verbose_name = _("care session")
        verbose_name_plural = _("care sessions")

    def __str__(self):
        return f"{self.pair_id} {self.held_on}"

    @property
    def college_id(self) -> int:
        """The college that confirms the record: the need's."""
        return self.pair.need.college_id
