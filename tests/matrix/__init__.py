"""The permission matrix's pages from the apps beyond the core, one module per app.

tests/test_permissions.py lists the core's pages in `url_cases`; every other app adds a module here (for example
tests/matrix/region.py), so that its pages join the matrix, the hostile-form crawler and the accessibility walk
without every app editing one list. A module defines:

- ``cases(plan, college_a, report, assessment, export)``: a list of (url name, url, expected GET status per
  persona, is a write page), built on objects the module creates itself (the fixtures' objects are passed in);
- optionally ``MODELS``: the app's models, so that a refused write is proven to change none of them;
- optionally ``PUBLIC_URLS``: url names that are public by design (each tested in the app's own tests);
- optionally ``public_pages(client, college_a)``: the addresses of its public pages with forms, for the hostile-form
  crawler to post into as the anonymous visitor (`client`, whose session the module may prepare).

The expected statuses name the core personas (tests/test_permissions.py: PERSONAS). A role an app adds (a
reviewer of another school, an elder) is tested in that app's own tests against every page of this matrix.
"""

import importlib
import pkgutil


def modules():
    return [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)]


def cases(plan, college_a, report, assessment=None, export=None):
    found = []
    for module in modules():
        found += module.cases(plan, college_a, report, assessment, export)
    return found


def models():
    return [model for module in modules() for model in getattr(module, "MODELS", [])]


def public_urls():
    return {name for module in modules() for name in getattr(module, "PUBLIC_URLS", set())}


def public_pages(client, college_a):
    return [url for module in modules() for url in getattr(module, "public_pages", lambda *_: [])(client, college_a)]
