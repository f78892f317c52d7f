"""A zip archive uploaded to be read (the archive page's check): its name, size and content are checked as every
upload's are (core.uploads), and its directory is sized up before anything in it is read."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core import uploads
from core.uploads import RejectedFile, check_zip_upload


def a_zip(files=1) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for n in range(files):
            zipped.writestr(f"f{n}.txt", b"x")
    return buffer.getvalue()


def test_a_zip_is_accepted_rewound_and_as_sent():
    upload = SimpleUploadedFile("档案.zip", a_zip())
    assert check_zip_upload(upload) is upload and upload.tell() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("archive.pdf", a_zip()),  # the name must say zip
        ("archive.zip", b"%PDF-1.4 not a zip"),  # the content must be one
        ("archive.zip", b"PK\x03\x04 truncated"),  # and readable
        ("archive.zip", b""),
    ],
)
def test_what_is_not_a_readable_zip_is_refused_by_name(name, content):
    with pytest.raises(RejectedFile) as refusal:
        check_zip_upload(SimpleUploadedFile(name, content))
    assert name in refusal.value.message


def test_too_large_too_many_files_or_too_much_unpacked_is_refused(monkeypatch):
    big = SimpleUploadedFile("big.zip", a_zip())
    big.size = uploads.MAX_ARCHIVE_BYTES + 1
    with pytest.raises(RejectedFile):
        check_zip_upload(big)
    monkeypatch.setattr(uploads, "MAX_ARCHIVE_ENTRIES", 2)
    with pytest.raises(RejectedFile) as refusal:
        check_zip_upload(SimpleUploadedFile("many.zip", a_zip(files=3)))
    assert "2" in refusal.value.message
    monkeypatch.setattr(uploads, "MAX_ARCHIVE_UNPACKED_BYTES", 1)
    with pytest.raises(RejectedFile):
        check_zip_upload(SimpleUploadedFile("unpacks.zip", a_zip(files=2)))
