"""The school's organisation: secondary colleges, their committees, member units, brand projects and who is who.

`Membership` is the single record of a user's role (and, for a secretary, their college); what each role may
see and change is decided from it in `colleges/access/`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.scoping import ScopeError, current_school_id, school_manager
from institutions.models import InstitutionKey, UniqueWithinSchool


class Campus(models.TextChoices):
    ZHONGQIAO = "zhongqiao", _("Zhongqiao campus")
    TAIHU = "taihu", _("Taihu campus")


class CollegeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class College(UniqueWithinSchool, models.Model):
    """A secondary college (二级学院) and, with it, its own committee (二级学院关工委)."""

    institution = InstitutionKey(related_name="colleges")
    code = models.SlugField(
        pgettext_lazy("field", "code"), max_length=20, help_text=_("Short letters used in addresses.")
    )
    name = models.CharField(pgettext_lazy("field", "name"), max_length=100)
    short_name = models.CharField(pgettext_lazy("field", "short name"), max_length=20)
    campus = models.CharField(pgettext_lazy("field", "campus"), max_length=20, choices=Campus.choices, blank=True)
    active = models.BooleanField(pgettext_lazy("college in use", "active"), default=True)
    order = models.PositiveSmallIntegerField(pgettext_lazy("field", "display order"), default=0)

    objects = school_manager("institution", CollegeQuerySet)

    class Meta:
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "code"],
                name="unique_college_code_per_school",
                violation_error_message=_("A college with this code already exists."),
            ),
            models.UniqueConstraint(
                fields=["institution", "name"],
                name="unique_college_name_per_school",
                violation_error_message=_("A college with this name already exists."),
            ),
        ]
        verbose_name = _("secondary college")
        verbose_name_plural = _("secondary colleges")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("colleges:detail", args=[self.code])


class Position(models.TextChoices):
    DIRECTOR = "director", _("Director")
    EXECUTIVE_DEPUTY = "executive_deputy", _("Executive deputy director")
    DEPUTY = "deputy", _("Deputy director")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", pgettext_lazy("committee position", "Member")
    CORRESPONDENT = "correspondent", _("Publicity correspondent")


class ElderKind(models.TextChoices):
    """The five kinds of elders (五老) whose experience the plan asks colleges to draw on."""

    OLD_CADRE = "old_cadre", _("Retired cadre")
    VETERAN = "veteran", _("Veteran")
    EXPERT = "expert", _("Retired expert")
    TEACHER = "teacher", _("Retired teacher")
    MODEL_WORKER = "model_worker", _("Model worker")


POSITION_ORDER = [choice.value for choice in Position]


class CommitteeMember(models.Model):
    college = models.ForeignKey(
        College, on_delete=models.CASCADE, related_name="members", verbose_name=pgettext_lazy("field", "college")
    )
    name = models.CharField(pgettext_lazy("person name", "name"), max_length=50)
    position = models.CharField(_("position"), max_length=20, choices=Position.choices, default=Position.MEMBER)
    title = models.CharField(_("post or former post"), max_length=100, blank=True)
    elder_kind = models.CharField(
        _("kind of elder"),
        max_length=20,
        choices=ElderKind.choices,
        blank=True,
        help_text=_("Leave empty for serving staff."),
    )
    retired_year = models.PositiveSmallIntegerField(_("year retired"), null=True, blank=True)
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    active = models.BooleanField(pgettext_lazy("member in office", "active"), default=True)

    objects = school_manager("college__institution")

    class Meta:
        ordering = ["college", "-active", "name"]
        verbose_name = pgettext_lazy("field", "committee member")
        verbose_name_plural = _("committee members")

    def __str__(self):
        """The same label wherever a member is named: the form, the report, the exports."""
        roles = [self.get_position_display()] if self.position != Position.MEMBER else []
        if self.elder_kind:
            roles.append(self.get_elder_kind_display())
        return f"{self.name}（{' · '.join(roles)}）" if roles else self.name

    @property
    def position_rank(self) -> int:
        return POSITION_ORDER.index(self.position) if self.position in POSITION_ORDER else len(POSITION_ORDER)

    def retired_in(self, year: int) -> bool:
        """The plan asks each college to recruit teachers who retire in the plan's own year."""
        return self.retired_year == year


class MemberUnit(UniqueWithinSchool, models.Model):
    """A department whose head sits on the school committee (委员单位); its support counts in its own assessment."""

    institution = InstitutionKey(related_name="member_units")
    name = models.CharField(pgettext_lazy("field", "name"), max_length=20)
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    duties = models.TextField(_("duties"), blank=True)
    order = models.PositiveSmallIntegerField(pgettext_lazy("field", "display order"), default=0)

    objects = school_manager("institution")

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "name"],
                name="unique_member_unit_per_school",
                violation_error_message=_("A member unit with this name already exists."),
            )
        ]
        verbose_name = pgettext_lazy("field", "member unit")
        verbose_name_plural = _("member units")

    def __str__(self):
        return self.name


class BrandProjectStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    IN_PROGRESS = "in_progress", pgettext_lazy("status", "In progress")
    COMPLETED = "completed", pgettext_lazy("status", "Completed")


class BrandProject(models.Model):
    """A college's signature project of the year (一院一品)."""

    college = models.ForeignKey(
        College,
        on_delete=models.CASCADE,
        related_name="brand_projects",
        verbose_name=pgettext_lazy("field", "college"),
    )
    year = models.PositiveSmallIntegerField(pgettext_lazy("field", "year"))
    title = models.CharField(pgettext_lazy("field", "title"), max_length=200)
    summary = models.TextField(pgettext_lazy("field", "summary"), blank=True)
    lead = models.CharField(_("lead"), max_length=50, blank=True)
    status = models.CharField(
        pgettext_lazy("field", "status"),
        max_length=20,
        choices=BrandProjectStatus.choices,
        default=BrandProjectStatus.PLANNING,
    )

    objects = school_manager("college__institution")

    class Meta:
        ordering = ["-year", "college"]
        constraints = [models.UniqueConstraint(fields=["college", "year"], name="one_brand_project_per_college_year")]
        verbose_name = _("brand project")
        verbose_name_plural = _("brand projects")

    def __str__(self):
        return f"{self.year} {self.college.short_name}：{self.title}"


class YearRetirements(models.Model):
    """How many of the school's teachers retired in a year: the base of the plan's share of this year's retirees
    recruited into the colleges' committees (section 6.4; colleges.progress.retiree_share)."""

    institution = InstitutionKey(related_name="year_retirements")
    year = models.PositiveSmallIntegerField(pgettext_lazy("field", "year"))
    teachers = models.PositiveIntegerField(
        _("teachers retired in the year"), help_text=_("From the personnel office's list of the year's retirements.")
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = school_manager("institution")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["institution", "year"], name="one_retirement_count_per_year")]
        verbose_name = _("teachers retired in the year")
        verbose_name_plural = _("teachers retired in the year")

    def __str__(self):
        return f"{self.year}: {self.teachers}"


class Role(models.TextChoices):
    STAFF = "staff", _("Committee staff")
    OFFICE = "office", _("Party office")
    SECRETARY = "secretary", _("College secretary")
    ADMIN = "admin", _("Administrator")
    # The roles of the apps beyond the annual loop. Each sees only its own app's pages (Access.in_school).
    COUNSELLOR = "counsellor", _("College counsellor")
    CORRESPONDENT = "correspondent", _("Publicity correspondent")
    UNIT_CONTACT = "unit_contact", _("Member unit contact")
    ELDER = "elder", pgettext_lazy("field", "Elder")
    REGION_CONTACT = "region_contact", _("Region member school contact")
    REGION_REVIEWER = "region_reviewer", _("Region reviewer")
    PROVINCE = "province", _("Provincial committee (read-only)")


# The roles that belong to one college, and the school's own roles: the annual loop's pages are theirs.
COLLEGE_ROLES = {Role.SECRETARY, Role.COUNSELLOR, Role.CORRESPONDENT}
SCHOOL_ROLES = {Role.STAFF, Role.OFFICE, Role.SECRETARY, Role.ADMIN}
# The roles of people outside the school's own organisation: the region's (their school is their `Affiliation`)
# and the province's. Every other role belongs to one school (`Membership.institution`).
OUTSIDE_ROLES = {Role.REGION_CONTACT, Role.REGION_REVIEWER, Role.PROVINCE}


class Membership(models.Model):
    """A person's role in the portal. A college's roles (COLLEGE_ROLES) name their college and a member unit's contact
    their unit; no other role has either. A person holds at most one role in each school and one role outside any
    school (the region's, the province's): the lead school's staff who also reviews for the region holds two, and
    switches between them in the user menu (colleges/schools.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        # Queries keep reading `membership__role=…`: a filter on one membership's fields, within one call.
        related_query_name="membership",
        verbose_name=pgettext_lazy("field", "user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    college = models.ForeignKey(
        College,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=pgettext_lazy("field", "college"),
    )
    member_unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=pgettext_lazy("field", "member unit"),
    )
    # The school whose role this is: its college's or unit's, else the home school. One role (one school) per
    # person for now; being known in several schools comes with choosing the school per request (issue 27).
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="memberships",
        verbose_name=pgettext_lazy("field", "school"),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                # A sorted list, not the set: Q compares a set by its iteration order, which changes with the hash
                # seed, so `makemigrations --check` failed at random.
                condition=(Q(role__in=sorted(COLLEGE_ROLES)) & Q(college__isnull=False))
                | (~Q(role__in=sorted(COLLEGE_ROLES)) & Q(college__isnull=True)),
                name="college_roles_have_exactly_one_college",
                violation_error_message=_("A college's role needs a college, and only a college's role has one."),
            ),
            models.CheckConstraint(
                condition=(Q(role=Role.UNIT_CONTACT) & Q(member_unit__isnull=False))
                | (~Q(role=Role.UNIT_CONTACT) & Q(member_unit__isnull=True)),
                name="unit_contact_has_exactly_one_unit",
                violation_error_message=_("A member unit's contact needs a unit, and only they have one."),
            ),
            models.UniqueConstraint(fields=["user", "institution"], name="one_role_per_person_and_school"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(institution__isnull=True), name="one_role_per_person_outside_schools"
            ),
            models.CheckConstraint(
                condition=Q(role__in=sorted(OUTSIDE_ROLES)) | Q(institution__isnull=False),
                name="school_roles_have_a_school",
                violation_error_message=_("A role of the school needs its school."),
            ),
        ]
        verbose_name = _("portal role")
        verbose_name_plural = _("portal roles")

    def __str__(self):
        if self.college_id:
            return f"{self.user} · {self.get_role_display()} · {self.college}"
        return f"{self.user} · {self.get_role_display()}"

    def save(self, *args, **kwargs):
        from .access import has_a_school  # the access module reads these models

        if self.institution_id is None and has_a_school(self.role):
            self.institution_id = self._school_id()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "institution"}
        super().save(*args, **kwargs)

    def _school_id(self) -> int:
        if self.college_id:
            return self.college.institution_id
        if self.member_unit_id:
            return self.member_unit.institution_id
        school_id = current_school_id()
        if school_id is None:
            raise ScopeError("A school's role made outside a school's scope names no school: give its institution.")
        return school_id


class Preference(models.Model):
    """How a person wants the portal shown. Kept on the server, so that it follows an elder to every device."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preference",
        verbose_name=pgettext_lazy("field", "user"),
    )
    large_text = models.BooleanField(_("large text"), default=False)
    # The role (or, for those who choose any, the school) the person last switched to: "role:<id>", "school:<id>".
    acting_as = models.CharField(_("acting as"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("display preference")
        verbose_name_plural = _("display preferences")

    def __str__(self):
        return f"{self.user} · {self.large_text}"
