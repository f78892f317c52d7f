"""Which school a row belongs to, for every model of the portal (issue 27).

A root names its school with an `InstitutionKey`; every other row of the school's data reaches a root through
required foreign keys (a report through its college, a section through its plan). `path_to_school` finds that
chain as a lookup ("college__institution"), the one the school's scoped managers filter by; the few models that are
no school's data say why in `NOT_SCHOOL_DATA`. tests/institutions/test_every_row_has_a_school.py fails for a model
that is neither, so a new model cannot forget its school.
"""

from __future__ import annotations

from collections import deque

from django.apps import apps
from django.conf import settings
from django.db import models

SCHOOL_MODEL = "institutions.Institution"

# Models that are not one school's data, each with why: the one list of exceptions (label: reason).
NOT_SCHOOL_DATA: dict[str, str] = {
    "institutions.Institution": "the schools themselves",
    "colleges.Membership": "a person's role: the school's roles name their school (a check constraint), the "
    "region's and the province's roles have none (their school is their region.Affiliation)",
    "colleges.Preference": "the person's own display setting, which follows them to every school",
    "notifications.ContactDetails": "the person's own contact details",
    "notifications.EmailPreference": "the person's own choice of e-mails",
    "notifications.Notification": "a message to one person, wherever it came from",
    "notifications.TaskFailure": "the installation's record of failed background tasks",
    "core.Submission": "a one-time token of a person's form, against a double submit",
    "notifications.Email": "the installation's outbox: one message to one address",
}


# The apps whose rows are shared by several schools, each with why: they have a `path_to_school` (a region's lead,
# an application's school) but no school's scoped manager, because every member school reads them; who may read
# and write which is decided by the app's own access module (app label: reason).
REGION_DATA: dict[str, str] = {
    "region": "a region's rows are shared by its member schools (the lead's scheme, the applications the panel "
    "reviews, the meetings and posts); region/access.py decides who reads and writes which",
}


def holds_one_schools_data(model: type[models.Model]) -> bool:
    """A model whose rows are each one school's and read by that school only: it must have a school's scoped
    manager (tests/institutions/test_scoped_managers.py). Django's own many-to-many tables are not listed: they
    are read through their two ends, whose managers are scoped."""
    return (
        model._meta.label not in NOT_SCHOOL_DATA
        and model._meta.app_label not in REGION_DATA
        and not model._meta.auto_created
        and path_to_school(model) is not None
    )


def school_key(model: type[models.Model]) -> models.ForeignKey | None:
    """The model's own required key to its school, if it is a root."""
    for field in _required_keys(model):
        if field.related_model._meta.label == SCHOOL_MODEL:
            return field
    return None


def _required_keys(model: type[models.Model]) -> list[models.ForeignKey]:
    # ForeignKey covers OneToOneField; a nullable key cannot promise a school, so only required ones lead to one.
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey) and field.concrete and not field.null
    ]


def path_to_school(model: type[models.Model]) -> str | None:
    """The shortest chain of required keys from `model` to its school, as a lookup ("college__institution"), or
    None when there is none. Breadth first, so a root's is its own key ("institution")."""
    if model._meta.label == SCHOOL_MODEL:
        return None
    seen = {model}
    queue: deque[tuple[type[models.Model], tuple[str, ...]]] = deque([(model, ())])
    while queue:
        current, path = queue.popleft()
        for field in _required_keys(current):
            target = field.related_model
            if target._meta.label == SCHOOL_MODEL:
                return "__".join((*path, field.name))
            if target not in seen:
                seen.add(target)
                queue.append((target, (*path, field.name)))
    return None


def school_id_of(row: models.Model) -> int:
    """The school of a saved or unsaved row, followed along its `path_to_school` (a query per step not loaded)."""
    path = path_to_school(type(row))
    if path is None:
        raise ValueError(f"{type(row)._meta.label} belongs to no school")
    *steps, key = path.split("__")
    for step in steps:
        row = getattr(row, step)
    return getattr(row, f"{key}_id")


def project_models() -> list[type[models.Model]]:
    """Every concrete model of the portal's own apps (not Django's, not third parties'), with the tables Django
    makes for many-to-many fields."""
    base = str(settings.BASE_DIR)
    return [
        model
        for config in apps.get_app_configs()
        if config.path.startswith(base) and "site-packages" not in config.path
        for model in config.get_models(include_auto_created=True)
        if not model._meta.proxy and not model._meta.abstract
    ]


def schoolless(candidates: list[type[models.Model]]) -> dict[str, str]:
    """The models among `candidates` that are neither a root, nor reached from one, nor allowed to be no school's:
    label -> what their required keys lead to, for the failure message."""
    missing = {}
    for model in candidates:
        label = model._meta.label
        if label in NOT_SCHOOL_DATA or path_to_school(model) is not None:
            continue
        keys = ", ".join(
            f"{f.name} -> {f.related_model._meta.label} ({_where(f.related_model)})" for f in _required_keys(model)
        )
        missing[label] = f"required keys: {keys or 'none'}"
    return missing


def _where(model: type[models.Model]) -> str:
    if model._meta.label == SCHOOL_MODEL:
        return "the school"
    path = path_to_school(model)
    return f"its school along {path}" if path else "no school"
