"""The schools (高校) the portal knows: the home school, whose committee runs this installation, and the region's
member schools. Every school-owned root row (a plan, a scheme, a college, a member unit …) names its school with
an `InstitutionKey`; docs/architecture.md's Tenancy section lists which roots have one."""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.core.cache import cache
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.cache import CACHE_ERRORS
from core.scoping import ScopeError, current_school_id

HOME_CODE = "wxit"
HOME_SHORT_NAME = "无锡职院"


class Institution(models.Model):
    """A university of the province: the home school, or a member of a region."""

    code = models.SlugField(pgettext_lazy("field", "code"), max_length=30, unique=True)  # later /s/<code>/
    name = models.CharField(pgettext_lazy("field", "name"), max_length=100, unique=True)
    short_name = models.CharField(pgettext_lazy("field", "short name"), max_length=30)
    # 学校标识码: the ten digits the Ministry of Education gives every school.
    school_code = models.CharField(
        _("national school code"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^\d{10}\Z", _("The national school code is ten digits."))],
    )
    site_url = models.URLField(_("public site address"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=40, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    # A flag with a partial unique index rather than a setting naming a code: the database itself refuses a
    # second home school, and the home school stays the same row when its code or name is edited.
    is_home = models.BooleanField(_("home school"), default=False, editable=False)
    is_demo = models.BooleanField(pgettext_lazy("field", "demo data"), default=False)

    class Meta:
        db_table = "region_institution"  # the region's member schools, kept in place (institutions/0001)
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["is_home"], condition=Q(is_home=True), name="one_home_institution"),
            models.UniqueConstraint(
                fields=["school_code"], condition=~Q(school_code=""), name="unique_national_school_code"
            ),
        ]
        verbose_name = pgettext_lazy("field", "school")
        verbose_name_plural = pgettext_lazy("field", "schools")

    def __str__(self):
        return self.name

    @property
    def site_link(self) -> str:
        """The public site's address when it is a web address a link may point to (http or https), else "": the
        field is typed by an administrator and must not become a `javascript:` link."""
        return self.site_url if self.site_url.lower().startswith(("https://", "http://")) else ""


def home() -> Institution:
    """The installation's own school (its data migration, institutions/0003, made it)."""
    return Institution.objects.get(is_home=True)


HOME_ID_KEY = "institutions:home-id"


def home_id() -> int:
    """The home school's id, which every anonymous page's scope needs: a cached public page then costs no query.
    The home school never changes its row."""
    return _cached(
        HOME_ID_KEY, None, lambda: Institution.objects.filter(is_home=True).values_list("pk", flat=True).get()
    )


def school_id_by_code(code: str) -> int | None:
    """The id of the school whose public site is at /s/<code>/ (five minutes: a code may be edited)."""
    return _cached(
        f"institutions:code:{code}",
        300,
        lambda: Institution.objects.filter(code=code).values_list("pk", flat=True).first(),
    )


def school_row(school_id: int) -> Institution:
    """The school's row for a page that names it (the public site's title, the user menu); a save clears it
    (`forget_cached_school`)."""
    return _cached(f"institutions:row:{school_id}", 300, lambda: Institution.objects.get(pk=school_id))


NAMES_KEY = "institutions:names"


def school_names() -> dict[int, str]:
    """Every school's id and name, in the schools' order (the role switcher's list; 168 of them at a province's
    scale), read once per five minutes (`forget_cached_school`)."""
    return dict(_cached(NAMES_KEY, 300, lambda: list(Institution.objects.values_list("pk", "name"))))


def _cached(key: str, timeout: int | None, read):
    """`read()` through the cache (read directly when the cache is away); a None answer is not kept."""
    with contextlib.suppress(*CACHE_ERRORS):
        found = cache.get(key)
        if found is not None:
            return found
    found = read()
    if found is not None:
        with contextlib.suppress(*CACHE_ERRORS):
            cache.set(key, found, timeout)
    return found


@receiver([post_save, post_delete], sender=Institution, dispatch_uid="institutions.forget_cached_school")
def forget_cached_school(sender, instance, **kwargs):
    with contextlib.suppress(*CACHE_ERRORS):
        cache.delete_many(
            [f"institutions:row:{instance.pk}", f"institutions:code:{instance.code}", HOME_ID_KEY, NAMES_KEY]
        )


def ensure_home() -> Institution:
    """The home school, made when missing: for the demo loader and the tests' flushed databases only; a running
    portal has it from its migration."""
    school = Institution.objects.filter(is_home=True).first()
    if school is None:
        school, _created = Institution.objects.get_or_create(
            code=HOME_CODE, defaults={"name": settings.HOME_INSTITUTION_NAME, "short_name": HOME_SHORT_NAME}
        )
        Institution.objects.filter(pk=school.pk).update(is_home=True)
        school.is_home = True
    return school


def load_demo() -> int:
    """The home school, before every other app's demo rows; 1 when it was made."""
    made = not Institution.objects.filter(is_home=True).exists()
    ensure_home()
    return int(made)


class InstitutionKey(models.ForeignKey):
    """The school a root row belongs to: the one it is made with, else the school whose scope is in force (the
    request's, the task's: core.scoping). A row made outside any school's scope without naming its school is
    refused when saved, never given some school.

    The default is this class's `get_default`, not a `default=`: migrations then see a plain ForeignKey with no
    default, so that applying an old migration never runs today's code against yesterday's tables."""

    def __init__(self, to="institutions.Institution", on_delete=models.PROTECT, **kwargs):
        kwargs.setdefault("verbose_name", pgettext_lazy("field", "school"))
        kwargs.setdefault("editable", False)
        super().__init__(to, on_delete, **kwargs)

    def get_default(self):
        return current_school_id()

    def pre_save(self, model_instance, add):
        if getattr(model_instance, self.attname) is None:
            raise ScopeError(
                f"A {model_instance._meta.label} made outside a school's scope names no school: pass its "
                "institution, or make it inside core.scoping.school_scope(school)."
            )
        return super().pre_save(model_instance, add)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ForeignKey", args, kwargs


class UniqueWithinSchool:
    """Mixed into a model (before `models.Model`) whose uniqueness is within its school (`institution`). No form
    shows the key, and Django skips every check naming a field the form leaves out; with this a second college of
    the same code in one school is a form error, in our pages and in the admin alike, not a database error."""

    def _with_school(self, exclude):
        if exclude and "institution" in exclude and self.institution_id is not None:
            return set(exclude) - {"institution"}
        return exclude

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude=self._with_school(exclude))

    def validate_constraints(self, exclude=None):
        super().validate_constraints(exclude=self._with_school(exclude))
