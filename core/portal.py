"""What each app adds to the whole portal, declared on its AppConfig rather than found by duck-typing.

An app's config extends `PortalAppConfig` and names, as plain attributes:

- `home_pages`: the URL name of the home of each role whose home the app owns (`{"counsellor": "care:overview"}`);
- `demo_loader`: the dotted path of a function that loads the app's demo rows and returns how many it made
  (`manage.py load_demo` runs every app's, lower layers first, by `demo_order`);
- `demo_accounts`: the dotted path of the app's demo accounts, a list whose items start with the user name
  (`manage.py load_demo` ends by listing every app's);
- `school_demo_loader`: the dotted path of a function that loads a demo school of its own beside the home school
  (it enters that school's scope itself) and returns how many rows it made; `manage.py load_demo` runs every
  app's after the home school's demo, lower layers first;
- `school_defaults`: the dotted path of a function `(school) -> int` giving a school the app's per-school
  settings it lacks (activity kinds, need categories, the rating scale), run in that school's scope whenever a
  school is made (institutions' `ready()`), so that a new school starts as the home school did from its migrations;
- `home_todos`: the dotted path of a function `(user, today) -> list[core.todos.Todo]`, what waits for the user
  in the app (every role's home lists every app's, core/todos.py);
- `template_permissions`: the dotted path of a function `(user) -> dict[str, bool]` of the app's named
  predicates that templates may ask (`{% if can.manage_committee %}`), computed once a request on first use;
- `school_figures_changed`: the dotted path of a function `(school_id | None) -> None` run once a transaction that
  changed a school's figures (core.cache.figures_changed) has committed — None when the write was outside any
  school's scope: every school's; it keeps figures of its own that outlive the cache (the province's tallies);
- `page_panels`: `{page: dotted path}` of a function `(request, **context) -> str` whose HTML the page named by its
  URL name shows among its own (`{% page_panels "care:overview" year=year %}`, core/templatetags/portal_panels.py):
  how an app above shows its part on a page of an app below it without that app importing it (the 谈心屋's figures on
  the care overview);
- `follow_ups`: `{event: dotted path}` of a function run, inside the writer's transaction, when an app below
  announces the event with `follow_up(event, **values)` (scoring's "scoring:finalised", with the assessment and the
  person): how an app above follows a step of an app below without that app importing it (整改 items for a college
  that is not balanced);
- `holds_personal_notes`: True when the app's records describe people (care; later the students' voice): each of
  its forms is then a `core.forms.NoIdentityMixin`, so that no free-text field holds an ID or a phone number
  (tests/core/test_personal_notes.py walks every form and every text column of such apps).

Core imports no app: it reads these declarations through Django's app registry.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from django.apps import AppConfig, apps
from django.utils.functional import cached_property
from django.utils.module_loading import import_string

from .scoping import school_scope


class PortalAppConfig(AppConfig):
    """Extend it as `portal.PortalAppConfig` (import the module, not the class): Django picks an app's config
    as the one AppConfig subclass its apps.py holds, and an imported base would make two."""

    home_pages: Mapping[str, str] = {}
    demo_loader: str = ""
    demo_order: int = 100
    demo_accounts: str = ""
    school_demo_loader: str = ""
    school_defaults: str = ""
    template_permissions: str = ""
    holds_personal_notes: bool = False
    home_todos: str = ""
    school_figures_changed: str = ""
    page_panels: Mapping[str, str] = {}
    follow_ups: Mapping[str, str] = {}


def portal_apps() -> Iterator[PortalAppConfig]:
    return (config for config in apps.get_app_configs() if isinstance(config, PortalAppConfig))


def home_page(role: str | None) -> str | None:
    """The URL name of the role's home, if an app declares one."""
    homes = (config.home_pages.get(role) for config in portal_apps())
    return next((home for home in homes if home), None)


def page_panels(page: str) -> list:
    """The functions every app declares for the page, in the apps' order."""
    return [import_string(config.page_panels[page]) for config in portal_apps() if page in config.page_panels]


def follow_up(event: str, **values) -> None:
    """Run every app's follow-up of `event` (declared in `follow_ups`), lower layers first."""
    configs = sorted((config for config in portal_apps() if event in config.follow_ups), key=lambda c: c.demo_order)
    for config in configs:
        import_string(config.follow_ups[event])(**values)


def school_figures_changed(school_id: int | None) -> None:
    """Every app's `school_figures_changed` hook, for the school whose figures a committed write changed."""
    for config in portal_apps():
        if config.school_figures_changed:
            import_string(config.school_figures_changed)(school_id)


def load_demo_data() -> dict[str, int]:
    """Run every app's demo loader, lower layers first; the rows each made, by app label."""
    loaders = sorted((config for config in portal_apps() if config.demo_loader), key=lambda c: c.demo_order)
    return {config.label: import_string(config.demo_loader)() for config in loaders}


def load_school_demos() -> dict[str, int]:
    """Run every app's loader of a demo school of its own (each enters its school's scope); rows made, by app."""
    loaders = sorted((config for config in portal_apps() if config.school_demo_loader), key=lambda c: c.demo_order)
    return {config.label: import_string(config.school_demo_loader)() for config in loaders}


def give_school_defaults(school) -> int:
    """Give `school` every app's per-school settings it lacks, in its own scope; the rows made."""
    with school_scope(school):
        return sum(import_string(config.school_defaults)(school) for config in portal_apps() if config.school_defaults)


def give_list(model, school, rows: list[dict]) -> int:
    """One app's default list (`rows`, each a row's fields) for a school that has none of `model`'s rows (a school
    with a list of its own keeps it); the rows made. For an app's `school_defaults`."""
    if model._default_manager.filter(institution=school).exists():
        return 0
    model._default_manager.bulk_create(model(institution=school, **row) for row in rows)
    return len(rows)


def demo_usernames() -> list[str]:
    """Every app's demo accounts, lower layers first."""
    configs = sorted((config for config in portal_apps() if config.demo_accounts), key=lambda c: c.demo_order)
    return [account[0] for config in configs for account in import_string(config.demo_accounts)]


class Permissions:
    """The named predicates every app exposes to templates, as `can.<name>`: asked lazily, once a request."""

    def __init__(self, user) -> None:
        self._user = user

    @cached_property
    def _answers(self) -> dict[str, bool]:
        answers: dict[str, bool] = {}
        for config in portal_apps():
            if config.template_permissions:
                answers |= import_string(config.template_permissions)(self._user)
        return answers

    def __getattr__(self, name: str) -> bool:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._answers[name]
        except KeyError:
            raise AttributeError(f"No app declares the template permission {name!r}.") from None

    def __getitem__(self, name: str) -> bool:
        return getattr(self, name)


def permissions(request) -> dict[str, Permissions]:
    """Context processor: `can`, the user's answers to every app's template predicates."""
    return {"can": Permissions(request.user)}
