"""Small builders of uploaded files for tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
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
