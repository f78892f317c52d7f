"""Every role's home opens with what waits for that person in every app (core.todos, docs/UX.md habit 12).

Guards of the class, so that the next app cannot leave its people without a to-do list: every demo account's home
shows the list; each app's to-dos cost a bounded number of queries; every app that owns a role's home or a
workflow declares its `home_todos`."""

import importlib.util
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from core.portal import demo_usernames, portal_apps
from core.todos import todos_for

from .helpers import todo_block

# Apps with a role's home or a workflow that add nothing to anyone's to-do list, each with the reason.
NO_TODOS: dict[str, str] = {}

# The most queries one app's to-dos may take: one bounded count and a short list or two.
QUERIES_PER_APP = 3


@pytest.fixture
def demo(plan):
    call_command("load_demo", stdout=io.StringIO())


def home_of(username: str) -> str:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get("/", follow=True)
    assert response.status_code == 200, username
    return response.content.decode()


def test_every_demo_accounts_home_opens_with_their_to_do_list(demo, django_assert_max_num_queries):
    """One demo load (it takes a while) for the four promises made of it."""
    names = demo_usernames()
    assert len(names) == 22  # the home school's 17 and the second school's 5
    # Every account lands on a home that opens with their list (or says nothing waits).
    for username in names:
        block = todo_block(home_of(username))
        assert "待办事项" in block, username
        assert ("data-todo=" in block) != ("data-todos-empty" in block), username

    # Staff see what waits in every app, not only the report loop.
    block = todo_block(home_of("staff"))
    for key in (
        "activities.review",
        "committee.unit_reports",
        "care.confirm_pairs",
        "region.publish",  # not region.check: a submission while the demo's round is open goes to reviewers
        "publicity.publish",
        "publicity.nominations",
    ):
        assert f'data-todo="{key}"' in block, key

    # An app page that is some role's home shows the list only to those whose home it is.
    staff = Client()
    staff.force_login(get_user_model().objects.get(username="staff"))
    for name in ("publicity:news_list", "care:overview", "region:home"):
        assert "data-todos>" not in staff.get(reverse(name)).content.decode(), name

    # Each app's count is one query whatever the number of rows (the apps' own tests compare small and large
    # data); every account's whole list stays within the bound.
    hooks = [config for config in portal_apps() if config.home_todos]
    today = timezone.localdate()
    for username in names:
        user = get_user_model().objects.get(username=username)
        with django_assert_max_num_queries(QUERIES_PER_APP * len(hooks) + 2):  # the membership, a school's
            todos_for(user, today)
        for config in hooks:
            with django_assert_max_num_queries(QUERIES_PER_APP + 1):
                import_string(config.home_todos)(user, today)


def test_every_app_with_a_home_or_a_workflow_says_what_waits_in_it():
    missing = []
    for config in portal_apps():
        has_workflow = importlib.util.find_spec(f"{config.name}.workflow") is not None
        if (config.home_pages or has_workflow) and not config.home_todos and config.label not in NO_TODOS:
            missing.append(config.label)
    assert missing == [], "declare home_todos on the AppConfig (core/todos.py), or say in NO_TODOS why not"
    for config in portal_apps():
        if config.home_todos:
            assert callable(import_string(config.home_todos)), config.label


def test_a_user_without_a_role_has_nothing_waiting(users):
    assert todos_for(users["norole"], timezone.localdate()) == []
