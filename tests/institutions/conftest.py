"""Two schools with the same personas (tests/institutions/two_schools.py)."""

import pytest

from .two_schools import build_school_b


@pytest.fixture
def school_b(users, college_a, college_b):
    """School B, beside the home school A of tests/conftest.py (its users, colleges and data)."""
    return build_school_b()
