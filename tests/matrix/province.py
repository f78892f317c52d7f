"""The province's overview in the permission matrix: only the installation's superusers among the core personas
(the `admin` persona is one) read it; every school role is refused, the lead school's staff included. The province's
own officers are tested in tests/province/test_access.py."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from province.models import SchoolYearTally

MODELS = [SchoolYearTally]


def cases(plan, college_a, report, assessment=None, export=None):
    # The `admin` persona is the installation's superuser in the core matrix; another school's administrator, who
    # takes its name in tests/institutions/test_permissions_of_school_b.py, is not one and is refused.
    superuser = get_user_model().objects.filter(username="admin", is_superuser=True).exists()
    refused = {"staff": 403, "office": 403, "sec1": 403, "sec2": 403, "norole": 403}
    reads = {**refused, "admin": 200 if superuser else 403}
    posts_only = {**refused, "admin": 405 if superuser else 403}
    return [
        ("province:overview", reverse("province:overview"), reads, False),
        ("province:year", reverse("province:year", args=[2022]), reads, False),
        ("province:export", reverse("province:export", args=[2022]), reads, False),
        # Choosing the school to read changes no portal data (as the user menu's switcher): POST only.
        ("province:read_school", reverse("province:read_school"), posts_only, False),
    ]
