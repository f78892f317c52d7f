"""The province's overview in the permission matrix: only the installation's superusers among the core personas
(the `admin` persona is one) read it; every school role is refused, the lead school's staff included. The province's
own officers are tested in tests/province/test_access.py."""

from django.urls import reverse

from province.models import SchoolYearTally

MODELS = [SchoolYearTally]

SUPERUSERS_ONLY = {"staff": 403, "office": 403, "sec1": 403, "sec2": 403, "admin": 200, "norole": 403}


def cases(plan, college_a, report, assessment=None, export=None):
    return [
        ("province:overview", reverse("province:overview"), SUPERUSERS_ONLY, False),
        ("province:year", reverse("province:year", args=[2022]), SUPERUSERS_ONLY, False),
        ("province:export", reverse("province:export", args=[2022]), SUPERUSERS_ONLY, False),
        # Choosing the school to read changes no portal data (as the user menu's switcher): POST only.
        ("province:read_school", reverse("province:read_school"), {**SUPERUSERS_ONLY, "admin": 405}, False),
    ]
