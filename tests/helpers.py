"""Small builders of uploaded files for tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def photo_upload(name="活动照片.jpg", size=(320, 240), colour=(200, 40, 40), image_format="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
