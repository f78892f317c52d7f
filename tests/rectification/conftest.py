import pytest

from rectification.models import RectificationItem

from .helpers import finalised


@pytest.fixture
def graded(users, college_a):
    """College A's 2021 assessment, final and not balanced (a key indicator 2 points short): one item."""
    return finalised(college_a, users["staff"])


@pytest.fixture
def item(graded):
    return RectificationItem.objects.get(assessment=graded)
