"""The permission matrix (tests/test_permissions.py) for the personas of school B, on school B's objects (issue
27, item 5): each of B's people gets on B's pages exactly what A's person of the same role gets on A's.

The matrix names its personas by username ("staff", "sec1" …) and builds its objects in the scope in force, so B's
people take those names here (A's are renamed aside) and the matrix's objects are built in B's scope."""

import pytest
from django.contrib.auth import get_user_model

from core.scoping import every_school, school_scope
from tests.conftest import client_for
from tests.test_permissions import url_cases

from .two_schools import B_PERSONAS


@pytest.fixture
def b_cases(users, school_b):
    people = get_user_model().objects
    with every_school():
        for name, user in users.items():
            people.filter(pk=user.pk).update(username=f"{name}-a")
        for a_name, b_name in B_PERSONAS.items():
            people.filter(username=b_name).update(username=a_name)
    o = school_b.objects
    with school_scope(school_b.school):
        return url_cases(o["plan"], o["college"], o["report"], o["assessment"], o["summary"])


@pytest.mark.parametrize("persona", list(B_PERSONAS))
def test_get_every_page_of_school_b(persona, b_cases, school_b):
    client = client_for(school_b.users[B_PERSONAS[persona]])
    wrong = []
    for name, url, expected, _ in b_cases:
        status = client.get(url).status_code
        if status != expected[persona]:
            wrong.append(f"{B_PERSONAS[persona]} GET {name} {url}: {status}, not {expected[persona]}")
    assert wrong == [], "\n".join(wrong)
