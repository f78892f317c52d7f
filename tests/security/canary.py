"""The canary crawler's machinery: who owns each row, the markers planted in the owners' text, and who may see them.

A row belongs to a college or a member unit when a chain of foreign keys leads from it to one (`owner_paths`:
FollowUpTask.college, Pair.need.college; a region's ReviewScore belongs to neither). `plant_markers` writes a unique
marker into every free-text field of every owned row of the project's apps, straight through the database (no
service: a marker must reach every field, whatever state the row is in). A page leaks when it holds the marker of an
owner its viewer may not see (`Sight.may_see`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.apps import apps
from django.db import models

from activities.models import ActivityReport
from care import models as care_models
from care.access import ELDER_ROLES, reads_notes, scope_offers
from care.queries import elder_page
from colleges.access import access_for, reads_every_college, reads_school_dashboard, uses_school_pages
from colleges.models import College, CommitteeMember, MemberUnit
from committee.access import reads_ratings
from committee.models import UnitReport
from publicity import public_views

PROJECT_APPS = [
    "core",
    "colleges",
    "notifications",
    "plans",
    "activities",
    "scoring",
    "care",
    "region",
    "committee",
    "dashboard",
    "publicity",
]
OWNER_MODELS = {College: "college", MemberUnit: "unit"}
# The longest chain of foreign keys followed from a row to its owner (CareEvent.mentorship.programme.college).
MAX_DEPTH = 4
MARKER = re.compile(r"CANARY-(\d+)-")

# Free text only. A field left out is one whose value must stay valid for the page to render or the row to work:
# - a field with choices, and slugs, URLs and e-mail addresses (by type): the value must be one of a set or parse;
# - `code`s and `sha256`, `content_type` (a file's MIME type), `dedupe_key`, `task_id`: identifiers looked up by
#   the code, not text a person wrote;
# - `search_tokens`: derived from the other fields for search, never shown;
# - `source` (a score change's origin, "import" or "demo", compared by the template), `link` (a notification's
#   address), `query` (a stored export's query string, parsed again), `metric`, `work_point_code`,
#   `indicator_code`, `activity_kind_code` (keys into the plan and the scheme), `mobile` (validated digits),
#   `encrypted_url` / `encrypted_secret` (ciphertext: a marker would not decrypt);
# - the names of colleges and member units (College.name/short_name, MemberUnit.name/full_name): the school's
#   own organisation, which every role and the public site name on purpose.
SKIPPED_FIELD_NAMES = {
    "code",
    "sha256",
    "content_type",
    "dedupe_key",
    "task_id",
    "search_tokens",
    "source",
    "link",
    "query",
    "metric",
    "work_point_code",
    "indicator_code",
    "activity_kind_code",
    "mobile",
    "encrypted_url",
    "encrypted_secret",
}
SKIPPED_FIELDS = {
    "colleges.College.name",
    "colleges.College.short_name",
    "colleges.MemberUnit.name",
    "colleges.MemberUnit.full_name",
}
SKIPPED_TYPES = (models.SlugField, models.URLField, models.EmailField)
# A file's name is planted with an extension, as a stored file's always has one.
FILE_NAME_FIELDS = {"original_name"}


@dataclass(frozen=True)
class Owner:
    kind: str  # "college" or "unit"
    pk: int

    def __str__(self):
        return f"{self.kind[0]}{self.pk}"


@dataclass(frozen=True)
class Marker:
    number: int
    model: str  # app_label.ModelName
    pk: int
    field: str
    owner: Owner

    @property
    def text(self) -> str:
        return f"CANARY-{self.number}-{self.model.split('.')[1].lower()}-{self.pk}-{self.field}-{self.owner}"


def project_models() -> list[type[models.Model]]:
    return [model for label in PROJECT_APPS for model in apps.get_app_config(label).get_models()]


def owner_links(model, depth: int = MAX_DEPTH) -> list[tuple[str, type[models.Model]]]:
    """The foreign keys of `model` that lead to a college or a unit within `depth` steps: the direct ones first
    (FollowUpTask.college, FollowUpTask.unit), then the parents (Pair.need, Pair.offer), each in declared order."""
    direct, parents = [], []
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.ForeignKey):
            continue
        target = field.related_model
        if target in OWNER_MODELS:
            direct.append((field.name, target))
        elif depth > 1 and target is not model and target._meta.app_label in PROJECT_APPS:
            parents += [(field.name, target)] if owner_paths(target, depth - 1) else []
    return direct + parents


def owner_paths(model, depth: int = MAX_DEPTH) -> list[str]:
    """The chains of foreign keys from `model` to a college or a unit, in the order they decide: ["college",
    "unit"], ["need__college", "offer__college", "offer__member__college"] … The owners' own rows are theirs
    ("pk"); a model no chain leads from (a meeting, a decision, the region's rows) belongs to no one."""
    if model in OWNER_MODELS:
        return ["pk"]
    paths = []
    for name, target in owner_links(model, depth):
        paths += [name] if target in OWNER_MODELS else [f"{name}__{path}" for path in owner_paths(target, depth - 1)]
    return paths


def _owner(model, row: dict, prefix: str, depth: int) -> Owner | None:
    """A row's owner: its own college or unit if it names one, else its first parent's (a mentorship of a
    school-wide programme is the school's, not its elder's college's)."""
    for name, target in owner_links(model, depth):
        value = row[prefix + name]
        if value is None:
            continue
        if target in OWNER_MODELS:
            return Owner(OWNER_MODELS[target], value)
        return _owner(target, row, f"{prefix}{name}__", depth - 1)
    return None


def owners_of(model) -> dict[int, Owner]:
    """Each owned row of `model` (by pk) with its owner, in one query."""
    if model in OWNER_MODELS:
        return {pk: Owner(OWNER_MODELS[model], pk) for pk in model._default_manager.values_list("pk", flat=True)}
    paths = owner_paths(model)
    steps = {"__".join(path.split("__")[: n + 1]) for path in paths for n in range(path.count("__") + 1)}
    owners = {}
    for row in model._default_manager.values("pk", *sorted(steps)):
        owner = _owner(model, row, "", MAX_DEPTH)
        if owner is not None:
            owners[row["pk"]] = owner
    return owners


def planted_fields(model) -> list[models.Field]:
    fields = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)) or field.choices:
            continue
        if isinstance(field, SKIPPED_TYPES) or field.name in SKIPPED_FIELD_NAMES:
            continue
        if f"{model._meta.label}.{field.name}" in SKIPPED_FIELDS:
            continue
        fields.append(field)
    return fields


def owned_text_models() -> list[type[models.Model]]:
    """The models whose rows a college or a unit owns and that hold free text to plant a marker in."""
    return [model for model in project_models() if owner_paths(model) and planted_fields(model)]


def _fit(text: str, field: models.Field, number: int) -> str:
    limit = field.max_length if isinstance(field, models.CharField) else None
    if field.name in FILE_NAME_FIELDS:
        return (text[: (limit or 200) - 4] + ".pdf") if limit else text + ".pdf"
    if limit and len(text) > limit:
        text = text[:limit]
    assert MARKER.match(text) and MARKER.match(text).group(1) == str(number), f"{field} is too short for a marker"
    return text


def plant_markers() -> dict[int, Marker]:
    """A unique marker in every free-text field of every row a college or a member unit owns; by number."""
    markers: dict[int, Marker] = {}
    for model in owned_text_models():
        fields = planted_fields(model)
        for pk, owner in owners_of(model).items():
            values = {}
            for field in fields:
                marker = Marker(len(markers) + 1, model._meta.label, pk, field.name, owner)
                markers[marker.number] = marker
                values[field.attname] = _fit(marker.text, field, marker.number)
            model._default_manager.filter(pk=pk).update(**values)
    return markers


def markers_in(html: str, markers: dict[int, Marker]) -> list[Marker]:
    return [markers[int(n)] for n in sorted(set(MARKER.findall(html)), key=int) if int(n) in markers]


def own_owners(user) -> set[Owner] | None:
    """The owners whose rows the user may see, from colleges.access: every one (None) for whoever reads every
    college; else the college or the unit their membership names (only a college's roles name a college, only a
    unit's contact a unit); none for the rest (elders, the region's roles, a user without a role, the anonymous)."""
    access = access_for(user)
    if reads_every_college(access):
        return None
    if access.college_id:
        return {Owner("college", access.college_id)}
    if access.member_unit_id:
        return {Owner("unit", access.member_unit_id)}
    return set()


# The rows shown beyond their owner on purpose (SHARED below), each with why. The rows are read from the app's own
# scoping (its access module, its queries, its public querysets), so the table cannot drift from what the app means
# to show; what a viewer sees of their own is decided by `own_owners` alone.
def _school_organisation(user):
    """The member units and their duties are the school's organisation: every school role lists them
    (colleges:units)."""
    return MemberUnit.objects.all() if uses_school_pages(access_for(user)) else MemberUnit.objects.none()


def _resources_menu(user):
    """The resources menu is read across the school: a college may be matched with any elder (and the elder's
    name is on it)."""
    return scope_offers(care_models.Offer.objects.all(), user)


def _elders_on_the_menu(user):
    return CommitteeMember.objects.filter(care_offer__in=_resources_menu(user))


def _elders_own(model_name):
    """An elder's own page (care.queries.elder_page): their pairs (with the need each serves) and sessions, their
    mentoring pairs and meetings."""

    def rows(user):
        model = getattr(care_models, model_name)
        offer = elder_page(user)["offer"] if access_for(user).role in ELDER_ROLES else None
        if offer is None:
            return model.objects.none()
        return {
            "Pair": care_models.Pair.objects.filter(offer=offer),
            "Need": care_models.Need.objects.filter(pairs__offer=offer),
            "CareSession": care_models.CareSession.objects.filter(pair__offer=offer),
            "Mentorship": care_models.Mentorship.objects.filter(offer=offer),
            "MentorMeeting": care_models.MentorMeeting.objects.filter(mentorship__offer=offer),
        }[model_name]

    return rows


def _public(name):
    """What the public site shows every visitor (publicity.public_views)."""

    def rows(_user):
        if name == "brand_projects":
            return public_views.public_brand_projects(public_views.latest_year())
        return getattr(public_views, name)()

    return rows


def _ratings_table(user):
    """The table of how every member unit did, with the comment on each rating, is the quality office's too."""
    return UnitReport.objects.all() if reads_ratings(access_for(user)) else UnitReport.objects.none()


def _school_dashboard(user):
    """The province's officer reads the school they chose on its dashboard, read-only (province's drill-down): the
    latest approved activities by their titles, as the school's own office reads them."""
    access = access_for(user)
    if reads_school_dashboard(access) and not reads_every_college(access):
        return ActivityReport.objects.approved()
    return ActivityReport.objects.none()


# model -> [(the fields shared, None for all; the rows of the model the viewer sees beyond their own)]
SHARED = {
    "activities.ActivityReport": [({"title"}, _school_dashboard)],
    "colleges.MemberUnit": [(None, _school_organisation)],
    "care.Offer": [(None, _resources_menu)],
    "colleges.CommitteeMember": [({"name"}, _elders_on_the_menu)],
    "care.Pair": [(None, _elders_own("Pair"))],
    "care.Need": [(None, _elders_own("Need"))],
    "care.CareSession": [(None, _elders_own("CareSession"))],
    "care.Mentorship": [(None, _elders_own("Mentorship"))],
    "care.MentorMeeting": [(None, _elders_own("MentorMeeting"))],
    "committee.UnitReport": [({"rating_comment"}, _ratings_table)],
    "colleges.BrandProject": [(None, _public("brand_projects"))],
    "publicity.NewsItem": [({"title", "text"}, _public("public_news"))],
    "publicity.Talk": [(None, _public("public_talks"))],
    "publicity.Nomination": [({"nominee", "reasons"}, _public("public_awards"))],
}


def _need_notes(user, marker):
    """A sensitive need's confidential notes: staff and the need's own college only, not the office."""
    return reads_notes(access_for(user), marker.owner.pk)


# Fields closed even to some who see their row.
FIELD_RULES = {"care.Need.notes": _need_notes}


class Sight:
    """What one viewer may see, its shared rows read once."""

    def __init__(self, user):
        self.user = user
        self.owners = own_owners(user)
        self._shared: dict[tuple[str, str], set[int]] = {}

    def shared(self, model: str, field: str) -> set[int]:
        """The rows of `model` whose `field` the viewer sees beyond their own owners'."""
        if (model, field) not in self._shared:
            rows = set()
            for fields, rule in SHARED.get(model, []):
                if fields is None or field in fields:
                    rows |= set(rule(self.user).values_list("pk", flat=True))
            self._shared[model, field] = rows
        return self._shared[model, field]

    def owns(self, marker: Marker) -> bool:
        """The marker's row is of an owner the viewer sees (every one, or their own college or unit)."""
        return self.owners is None or marker.owner in self.owners

    def may_see(self, marker: Marker) -> bool:
        rule = FIELD_RULES.get(f"{marker.model}.{marker.field}")
        if rule is not None and not rule(self.user, marker):
            return False
        return self.owns(marker) or marker.pk in self.shared(marker.model, marker.field)
