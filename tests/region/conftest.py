import pytest

from .builders import build_reviewed_world, build_world


@pytest.fixture
def world(users):
    return build_world(users["staff"])


@pytest.fixture
def reviewed(users):
    return build_reviewed_world(users["staff"])
