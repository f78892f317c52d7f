"""The 双菜单 care board (needs ↔ elders' offers, pairs, care records) and the mentoring programmes.

Privacy: a need names one person only by a pseudonymous code the college chooses; confidential notes of a
sensitive category (心理疏导, 生活困难 …) are read only by staff and the need's own college, every read of them
is logged (`SensitiveRead`), and they are purged after the year's retention period once the need is closed,
keeping the rows (so the counts) intact.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from colleges.models import Campus, College, CommitteeMember

DEFAULT_RETENTION_YEARS = 3


class CareYear(models.Model):
    """The year's settings of the care board: how long closed records' notes are kept, which indicator a
    month's care report is evidence for, and which activity kind it is filed as."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    retention_years = models.PositiveSmallIntegerField(
        _("years notes are kept after closing"),
        default=DEFAULT_RETENTION_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    indicator_code = models.CharField(
        _("care indicator code"),
        max_length=10,
        default="D1",
        help_text=_("The indicator 关爱帮扶活动实效 in the scheme."),
    )
    activity_kind_code = models.SlugField(_("activity kind of care reports"), max_length=40, default="care-help")

    class Meta:
        ordering = ["-year"]
        verbose_name = _("care year settings")
        verbose_name_plural = _("care year settings")

    def __str__(self):
        return str(self.year)


class NeedCategory(models.Model):
    """A kind of need, kept as data (staff edit the list in the admin); `sensitive` ones have confidential notes."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40, unique=True)
    sensitive = models.BooleanField(
        _("sensitive"), default=False, help_text=_("Notes of needs in this category are confidential.")
    )
    for_teachers = models.BooleanField(_("for young teachers"), default=False)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("need category")
        verbose_name_plural = _("need categories")

    def __str__(self):
        return self.name


class Urgency(models.TextChoices):
    LOW = "low", _("Can wait")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("Urgent")


class Scope(models.TextChoices):
    PERSON = "person", _("One person")
    GROUP = "group", _("A group")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MATCHED = "matched", _("Matched")
    CLOSED = "closed", _("Closed")


class Need(models.Model):
    """An entry of the needs menu (需求菜单), posted by a college."""

    college = models.ForeignKey(
        College, on_delete=models.PROTECT, related_name="care_needs", verbose_name=_("college")
    )
    category = models.ForeignKey(
        NeedCategory, on_delete=models.PROTECT, related_name="needs", verbose_name=_("category")
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
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
    description = models.TextField(_("description"), max_length=1000)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    campus = models.CharField(_("campus"), max_length=20, choices=Campus.choices, blank=True)
    preferred_times = models.CharField(_("preferred times"), max_length=100, blank=True)
    notes = models.TextField(
        _("confidential notes"),
        max_length=2000,
        blank=True,
        help_text=_("Only committee staff and your college read these; every read is logged."),
    )
    notes_purged_at = models.DateTimeField(_("notes purged at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    feedback = models.TextField(_("feedback of the person or group"), max_length=1000, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("posted at"))
    matched_at = models.DateTimeField(_("matched at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["college", "year", "status"])]
        verbose_name = _("need")
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

    member = models.OneToOneField(
        CommitteeMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_offer",
        verbose_name=_("committee member"),
    )
    college = models.ForeignKey(
        College,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_offers",
        verbose_name=_("college"),
        help_text=_("The member's college; empty for a comrade from outside the school kept by committee staff."),
    )
    outside_name = models.CharField(_("name (comrade from outside the school)"), max_length=50, blank=True)
    outside_affiliation = models.CharField(_("former unit"), max_length=100, blank=True)
    areas = models.ManyToManyField(NeedCategory, related_name="offers", verbose_name=_("areas of help"))
    campus = models.CharField(_("campus"), max_length=20, choices=Campus.choices, blank=True)
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
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Need met")
    IMPROVED = "improved", _("Improved")
    NO_CHANGE = "no_change", _("No visible change")
    ENDED = "ended", _("Ended early")


class Pair(models.Model):
    """An elder paired with a need (结对): proposed → active → closed, with an outcome."""

    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="pairs", verbose_name=_("need"))
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="pairs", verbose_name=_("elder"))
    status = models.CharField(_("status"), max_length=10, choices=PairStatus.choices, default=PairStatus.PROPOSED)
    reason = models.CharField(_("why this elder"), max_length=300, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

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
        verbose_name_plural = _("pairs")

    def __str__(self):
        return f"{self.offer} ↔ {self.need.label}"

    def get_absolute_url(self):
        return reverse("care:pair", args=[self.pk])


class SessionKind(models.TextChoices):
    TALK = "talk", _("Heart-to-heart talk (谈心)")
    HELP = "help", _("Help session")
    STUDY = "study", _("Study guidance")
    VISIT = "visit", _("Visit")


class CareSession(models.Model):
    """One talk or help session of a pair."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("pair"))
    held_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"), default=60, validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SessionKind.choices, default=SessionKind.TALK)
    note = models.TextField(_("short note"), max_length=1000, blank=True)
    follow_up = models.CharField(_("follow-up"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("care session")
        verbose_name_plural = _("care sessions")

    def __str__(self):
        return f"{self.pair_id} {self.held_on}"


class MaterialHelp(models.Model):
    """Help from the 阳光屋 care supermarket, in aggregate: what was given, to how many people, worth how much."""

    college = models.ForeignKey(
        College, on_delete=models.PROTECT, related_name="material_help", verbose_name=_("college")
    )
    given_on = models.DateField(_("date"))
    what = models.CharField(_("what was given"), max_length=200)
    people = models.PositiveIntegerField(
        _("people helped"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    value = models.DecimalField(
        _("value (yuan)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("99999999"))],
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("material help")
        verbose_name_plural = _("material help")

    def __str__(self):
        return f"{self.given_on} {self.what}"


class MonthlyCareReport(models.Model):
    """A month's care work of a college, filed in one step as an activity report."""

    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="+", verbose_name=_("college"))
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    report = models.OneToOneField(
        "activities.ActivityReport", on_delete=models.CASCADE, related_name="care_month", verbose_name=_("report")
    )

    class Meta:
        ordering = ["-year", "-month"]
        constraints = [models.UniqueConstraint(fields=["college", "year", "month"], name="one_care_report_per_month")]
        verbose_name = _("month's care report")
        verbose_name_plural = _("months' care reports")

    def __str__(self):
        return f"{self.college} {self.year}-{self.month:02d}"


class ProgrammeKind(models.TextChoices):
    QINGLAN = "qinglan", _("青蓝工程 (young teachers)")
    PROFESSOR = "professor", _("老教授导师制 (old professors as tutors)")
    STUDIO = "studio", _("名师工作室 (master teachers' studio)")
    QINGMA = "qingma", _("青马工程 (young Marxists)")
    ORGANISER = "organiser", _("特邀组织员 (invited party organisers)")


TEACHER_PROGRAMMES = {ProgrammeKind.QINGLAN, ProgrammeKind.PROFESSOR, ProgrammeKind.STUDIO}


class Programme(models.Model):
    """A mentoring programme of a year, school-wide (no college) or a college's own."""

    kind = models.CharField(_("programme"), max_length=20, choices=ProgrammeKind.choices)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    college = models.ForeignKey(
        College,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_programmes",
        verbose_name=_("college"),
        help_text=_("Empty for a school-wide programme."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("aims"), max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-year", "kind", "pk"]
        verbose_name = _("mentoring programme")
        verbose_name_plural = _("mentoring programmes")

    def __str__(self):
        return f"{self.year} {self.title}"

    def get_absolute_url(self):
        return reverse("care:programme", args=[self.pk])

    @property
    def for_teachers(self) -> bool:
        return self.kind in TEACHER_PROGRAMMES


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Not achieved")


class Mentorship(models.Model):
    """An elder and young teachers (or a student group) in a programme, their goals and their year-end evaluation."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="mentorships", verbose_name=_("programme")
    )
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="mentorships", verbose_name=_("elder"))
    mentees = models.CharField(
        _("young teachers or student group"), max_length=200, help_text=_("e.g. 王老师、李老师 or 2021级青马班")
    )
    mentee_count = models.PositiveSmallIntegerField(
        _("people"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    goals = models.TextField(_("goals"), max_length=2000)
    grade = models.CharField(_("year-end evaluation"), max_length=10, choices=Grade.choices, blank=True)
    evaluation = models.TextField(_("evaluation comment"), max_length=2000, blank=True)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["programme", "pk"]
        verbose_name = _("mentoring pair")
        verbose_name_plural = _("mentoring pairs")

    def __str__(self):
        return f"{self.offer} · {self.mentees}"

    def get_absolute_url(self):
        return reverse("care:mentorship", args=[self.pk])


class MentorMeeting(models.Model):
    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("mentoring pair")
    )
    held_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"), default=90, validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    topic = models.CharField(_("topic"), max_length=200)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("mentoring meeting")
        verbose_name_plural = _("mentoring meetings")

    def __str__(self):
        return f"{self.held_on} {self.topic}"


class CareAction(models.TextChoices):
    POST = "post", _("Posted")
    EDIT = "edit", _("Edited")
    PROPOSE = "propose", _("Match proposed")
    CONFIRM = "confirm", _("Match confirmed")
    CANCEL = "cancel", _("Match cancelled")
    CLOSE = "close", _("Closed")
    SESSION = "session", _("Session logged")
    PURGE = "purge", _("Notes purged")
    EVALUATE = "evaluate", _("Evaluated")


class CareEvent(models.Model):
    """One line of a need's (or a mentoring pair's) history: who did what, when."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(_("action"), max_length=20, choices=CareAction.choices)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("care event")
        verbose_name_plural = _("care events")

    def __str__(self):
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"


class SensitiveRead(models.Model):
    """Who read a sensitive need's confidential notes, and when. Staff see the log; nobody edits it."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="reads", verbose_name=_("need"))
    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="+", verbose_name=_("college"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reader")
    )
    what = models.CharField(_("what was read"), max_length=40)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("read of confidential notes")
        verbose_name_plural = _("reads of confidential notes")

    def __str__(self):
        return f"{self.user} {self.need_id} {self.at:%Y-%m-%d %H:%M}"
