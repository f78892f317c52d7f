"""Small builders of uploaded files for tests."""

import io
import threading

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import get_scope, scope
from PIL import Image


def photo_upload(name="活动照片.jpg", size=(320, 240), colour=(200, 40, 40), image_format="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def run_commit_hooks(using="default"):
    """Run, and forget, the on-commit callbacks the test's transaction holds, as a real commit would.

    A test runs inside one transaction that never commits, so what waits for the commit (the figures' generation
    bump, messages to the worker) would otherwise never happen, and a later write's own hook would look like
    one already pending."""
    from django.db import connections

    connection = connections[using]
    waiting, connection.run_on_commit = connection.run_on_commit, []
    for _savepoints, callback, *_robust in waiting:
        callback()


def todo_block(page: str) -> str:
    """The to-do list of a page (templates/includes/todos.html); fails if the page has none."""
    assert "data-todos>" in page, "the page shows no to-do list"
    return page.split("data-todos>", 1)[1].split("</section>", 1)[0]


def todo_entry(page: str, key: str) -> str:
    """One to-do of the page's list by its key (core.todos.Todo.key); fails if it is not listed."""
    block = todo_block(page)
    marker = f'data-todo="{key}"'
    assert marker in block, f"{key} is not on the to-do list"
    return block.split(marker, 1)[1].split('data-todo="', 1)[0]


def scoped_thread(target, *args) -> threading.Thread:
    """A thread that runs in the test's school scope (core.scoping), as each request's thread runs in its own.

    The scope is entered anew in the thread, not by copying the test's context into it: Django keeps each thread's
    database connection in a context variable too, and a copied context would share the test's connection, so two
    "concurrent" writers would run in one transaction and both win."""
    captured = dict(get_scope())

    def run():
        with scope(**captured):
            target(*args)

    return threading.Thread(target=run)
