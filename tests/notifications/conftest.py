import pytest

from .robot_api import start_robot_api


@pytest.fixture
def robot_api(settings):
    """The local imitation of both robots' APIs (robot_api.py), reached for their real hosts."""
    api = start_robot_api(settings)
    yield api
    api.__exit__(None, None, None)
