"""Checking every file people upload: report evidence, notice attachments, applications' documents, replies, and
a zip archive uploaded to be checked (read during the request, never stored).

This module owns what an upload may be: the accepted types (decided by the content, never by the
name), the size and pixel limits, the re-encoding of photos with their thumbnails, the display name kept for a
file, and the message a secretary reads when a file is refused. It stores nothing and touches no database.
"""

import hashlib
import io
import re
import struct
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageFile, ImageOps

from .archives import ArchiveTooLarge, check_zip_file_limits, check_zip_limits
from .errors import Refused

# At most this many files on one report, notice, meeting, reply or application, and so in one upload.
MAX_FILES_PER_REPORT = 20
MAX_FILE_BYTES = 20 * 1024 * 1024
PHOTO_MAX_SIDE = 1920
THUMBNAIL_SIDE = 400

# Above any camera phone, and a cap on what one upload costs in memory (40 MP of RGBA is 160 MB); Pillow's own
# limit (about 89 MP) is left alone because other code shares it.
_MAX_PIXELS = 40_000_000
_JPEG_QUALITY = 85
# A Word or Excel file is a zip archive. Real documents have tens to hundreds of parts and unpack to a few
# times their size; beyond these a file costs seconds to inspect and the reader's machine gigabytes to open.
MAX_DOCUMENT_PARTS = 10_000
MAX_DOCUMENT_UNPACKED_BYTES = 200 * 1024 * 1024
# A zip archive uploaded to be read (a year's archive to verify): far larger than a document, so it is never read
# into memory whole (Django keeps an upload this size in a temporary file that goes with the request).
MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024
MAX_ARCHIVE_ENTRIES = 60_000
MAX_ARCHIVE_UNPACKED_BYTES = 2 * MAX_ARCHIVE_BYTES
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with entries, an empty zip
_MAX_NAME_LENGTH = 100
# Control and format characters (NUL, bidi overrides that disguise "gpj.exe" as "exe.jpg") and lone
# surrogates, which cannot be stored as UTF-8.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
_EXTENSION = re.compile(r"\.[^.\s]{1,10}$")
_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# What Pillow may raise on a damaged or truncated file while opening, verifying or decoding it.
_DAMAGED_IMAGE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error)


class RejectedFile(Refused):
    """An upload that is refused; `message` is already translated and names the file."""


@dataclass(frozen=True)
class CheckedFile:
    """An accepted upload, ready to store: a photo as a re-encoded JPEG with its thumbnail, a document as sent."""

    kind: str
    content: bytes
    extension: str
    content_type: str
    display_name: str
    thumbnail: bytes | None
    sha256: str


@dataclass(frozen=True)
class _PhotoFormat:
    pillow_name: str
    label: str
    extension: str


@dataclass(frozen=True)
class _DocumentFormat:
    label: str
    extension: str
    content_type: str


_JPEG = _PhotoFormat("JPEG", "JPEG", ".jpg")
_PNG = _PhotoFormat("PNG", "PNG", ".png")
_WEBP = _PhotoFormat("WEBP", "WebP", ".webp")
_PHOTO_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".webp"})

_PDF = _DocumentFormat("PDF", ".pdf", "application/pdf")
_DOCX = _DocumentFormat("Word", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
_XLSX = _DocumentFormat("Excel", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
_DOC = _DocumentFormat("Word 97-2003", ".doc", "application/msword")
_XLS = _DocumentFormat("Excel 97-2003", ".xls", "application/vnd.ms-excel")
# Word and Excel 97-2003 share one container (so do installers and Outlook messages); telling them apart means
# parsing it, so the uploader's own extension decides and any other name is refused.
_LEGACY_OFFICE_BY_EXTENSION = {".doc": _DOC, ".xls": _XLS}


def safe_display_name(name: str) -> str:
    """The name to show for an upload: its last path component, printable, at most 100 characters."""
    if not isinstance(name, str):
        name = ""
    # Some browsers send decomposed accents (NFD); one form keeps names comparable and their length honest.
    name = unicodedata.normalize("NFC", name)
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(
        " " if char.isspace() else char
        for char in name
        if char.isspace() or unicodedata.category(char) not in _INVISIBLE_CATEGORIES
    )
    name = re.sub(" +", " ", name).strip(" ").rstrip(". ")
    stem, extension = _split_extension(name)
    stem = stem.lstrip(". ")[: _MAX_NAME_LENGTH - len(extension)].rstrip(". ")
    return (stem or "file") + extension


def check_upload(uploaded: UploadedFile) -> CheckedFile:
    """Accept an upload or raise RejectedFile; photos come back re-encoded, documents as uploaded."""
    display_name = safe_display_name(uploaded.name)
    data = _read_within_limit(uploaded, display_name)
    stem, extension = _split_extension(display_name)
    extension = extension.lower()

    photo = _photo_format(data)
    if photo is not None:
        if extension not in _PHOTO_EXTENSIONS:
            raise _wrong_extension(display_name, photo.label, photo.extension)
        content, thumbnail = _reencode_photo(data, photo, display_name)
        return CheckedFile(
            kind="photo",
            content=content,
            extension=".jpg",
            content_type="image/jpeg",
            display_name=stem + ".jpg",
            thumbnail=thumbnail,
            sha256=hashlib.sha256(content).hexdigest(),
        )

    document = _document_format(data, extension, display_name)
    if document is None:
        raise RejectedFile(
            _(
                "“%(name)s” is not an allowed type: only photos (JPEG, PNG, WebP), PDF, Word and Excel files are "
                "accepted."
            )
            % {"name": display_name}
        )
    if extension != document.extension:
        raise _wrong_extension(display_name, document.label, document.extension)
    return CheckedFile(
        kind="document",
        content=data,
        extension=document.extension,
        content_type=document.content_type,
        display_name=display_name,
        thumbnail=None,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def check_zip_upload(uploaded: UploadedFile) -> UploadedFile:
    """Accept an uploaded zip archive to be read during the request, or raise RejectedFile: its name ends in .zip,
    it is within MAX_ARCHIVE_BYTES, its content is a zip archive (by its signature and its end record, not its
    name), and its directory declares at most MAX_ARCHIVE_ENTRIES entries and MAX_ARCHIVE_UNPACKED_BYTES in all.
    Only its first bytes, its tail and its directory are read here; the upload comes back rewound, as sent."""
    name = safe_display_name(uploaded.name)
    if _split_extension(name)[1].lower() != ".zip":
        raise RejectedFile(_("“%(name)s” is not a zip archive (its name must end in .zip).") % {"name": name})
    if uploaded.size is not None and uploaded.size > MAX_ARCHIVE_BYTES:
        raise RejectedFile(
            _("“%(name)s” is larger than %(limit)s MB.") % {"name": name, "limit": MAX_ARCHIVE_BYTES // (1024 * 1024)}
        )
    if not uploaded.size:
        raise _empty(name)
    uploaded.seek(0)
    not_a_zip = RejectedFile(_("“%(name)s” is not a readable zip archive.") % {"name": name})
    if not uploaded.read(4).startswith(_ZIP_SIGNATURES):
        raise not_a_zip
    try:
        check_zip_file_limits(
            uploaded, max_entries=MAX_ARCHIVE_ENTRIES, max_uncompressed_bytes=MAX_ARCHIVE_UNPACKED_BYTES
        )
    except ArchiveTooLarge as error:
        if error.reason == ArchiveTooLarge.ENTRIES:
            raise RejectedFile(
                _("“%(name)s” holds more than %(limit)s files; it is not accepted.")
                % {"name": name, "limit": f"{MAX_ARCHIVE_ENTRIES:,}"}
            ) from error
        raise RejectedFile(
            _("“%(name)s” unpacks to more than %(limit)s MB; it is not accepted.")
            % {"name": name, "limit": MAX_ARCHIVE_UNPACKED_BYTES // (1024 * 1024)}
        ) from error
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error) as error:
        raise not_a_zip from error
    uploaded.seek(0)
    return uploaded


def _split_extension(name: str) -> tuple[str, str]:
    match = _EXTENSION.search(name)
    if match is None:
        return name, ""
    return name[: match.start()], match.group()


def _read_within_limit(uploaded: UploadedFile, name: str) -> bytes:
    # The declared size spares reading a huge file; the capped read guards against a size that lies.
    if uploaded.size is not None and uploaded.size > MAX_FILE_BYTES:
        raise _too_large(name)
    if uploaded.size == 0:
        raise _empty(name)
    uploaded.seek(0)
    parts = []
    remaining = MAX_FILE_BYTES + 1
    while remaining > 0:
        chunk = uploaded.read(remaining)
        if not chunk:
            break
        parts.append(chunk)
        remaining -= len(chunk)
    uploaded.seek(0)
    data = b"".join(parts)
    if not data:
        raise _empty(name)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(name)
    return data


def _photo_format(data: bytes) -> _PhotoFormat | None:
    if data.startswith(b"\xff\xd8\xff"):
        return _JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _WEBP
    return None


def _document_format(data: bytes, extension: str, name: str) -> _DocumentFormat | None:
    if data.startswith(b"%PDF-"):
        return _PDF
    if data.startswith(b"PK\x03\x04"):
        return _office_open_xml_format(data, name)
    if data.startswith(_OLE2_SIGNATURE):
        return _LEGACY_OFFICE_BY_EXTENSION.get(extension)
    return None


def _office_open_xml_format(data: bytes, name: str) -> _DocumentFormat | None:
    # Only the archive's directory is read, and its size is checked from the end record before that: nothing
    # is decompressed, so neither a zip bomb nor a file of 200,000 tiny parts costs anything here.
    try:
        check_zip_limits(data, max_entries=MAX_DOCUMENT_PARTS, max_uncompressed_bytes=MAX_DOCUMENT_UNPACKED_BYTES)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = set(archive.namelist())
    except ArchiveTooLarge as error:
        raise _archive_too_large(name, error.reason) from error
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error):
        return None
    if "[Content_Types].xml" not in members:
        return None
    if "word/document.xml" in members:
        return _DOCX
    if "xl/workbook.xml" in members:
        return _XLSX
    return None


def _reencode_photo(data: bytes, photo: _PhotoFormat, name: str) -> tuple[bytes, bytes]:
    """The photo and its thumbnail as fresh JPEGs in sRGB: only decoded pixels survive, never bytes of the
    upload (no comment, colour profile, EXIF, XMP or trailing data)."""
    # WeasyPrint turns this on for the whole process when it is imported (a PDF build in this process does
    # it); a truncated upload must fail here, so it is off whenever a photo is decoded.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        # Pillow merely warns between its limit and twice that; as an error the warning stops the decode too.
        # catch_warnings is process-wide: a thread racing it can at worst leave this filter in place.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[photo.pillow_name]) as image:
                width, height = image.size
                if width * height > _MAX_PIXELS:
                    raise _too_many_pixels(name)
                image.verify()
            # verify() leaves the image unusable, so the pixels come from a second open.
            with Image.open(io.BytesIO(data), formats=[photo.pillow_name]) as image:
                if photo is _JPEG:
                    # Decodes a large JPEG at 1/2, 1/4 or 1/8 scale while staying above PHOTO_MAX_SIDE.
                    image.draft("RGB", (PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
                image.load()
                # The profile describes the source's colours; it only matches them when they are RGB already.
                icc_profile = image.info.get("icc_profile") if image.mode in ("RGB", "RGBA") else None
                ImageOps.exif_transpose(image, in_place=True)
                # Everything happens inside the block: closing the file also releases the pixels.
                picture = _in_srgb(_flatten_to_rgb(image), icc_profile)
                picture.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE), Image.Resampling.LANCZOS)
                picture = _pixels_only(picture)
                thumbnail = picture.copy()
                thumbnail.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
                return _encode_jpeg(picture), _encode_jpeg(thumbnail)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(name) from error
    except _DAMAGED_IMAGE_ERRORS as error:
        raise RejectedFile(
            _("“%(name)s” is damaged or incomplete and cannot be opened as a photo.") % {"name": name}
        ) from error


def _flatten_to_rgb(image: Image.Image) -> Image.Image:
    # JPEG has no transparency; converting straight to RGB would turn transparent areas black.
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image if image.mode == "RGBA" else image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image if image.mode == "RGB" else image.convert("RGB")


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _in_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """The RGB pixels converted from the upload's colour profile to sRGB, which browsers assume when a JPEG
    carries none: wide-gamut phone photos (Display P3) keep their colours without keeping the profile."""
    if not icc_profile:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # a damaged or unusual profile: the pixels as they are, read as sRGB


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image from the pixels alone. Pillow carries `info` (a JPEG comment, the profile, EXIF) through
    copies and conversions, and writes the comment into every JPEG it saves from that image."""
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _encode_jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=_JPEG_QUALITY, optimize=True)
    return buffer.getvalue()


def _empty(name: str) -> RejectedFile:
    return RejectedFile(_("“%(name)s” is empty.") % {"name": name})


def _too_large(name: str) -> RejectedFile:
    return RejectedFile(
        _("“%(name)s” is larger than %(limit)s MB.") % {"name": name, "limit": MAX_FILE_BYTES // (1024 * 1024)}
    )


def _too_many_pixels(name: str) -> RejectedFile:
    return RejectedFile(
        _("“%(name)s” has too many pixels: at most %(limit)s megapixels are accepted.")
        % {"name": name, "limit": _MAX_PIXELS // 1_000_000}
    )


def _archive_too_large(name: str, reason: str) -> RejectedFile:
    if reason == ArchiveTooLarge.ENTRIES:
        return RejectedFile(
            _("“%(name)s” holds more than %(limit)s parts, more than any real document; it is not accepted.")
            % {"name": name, "limit": f"{MAX_DOCUMENT_PARTS:,}"}
        )
    return RejectedFile(
        _("“%(name)s” unpacks to more than %(limit)s MB, more than any real document; it is not accepted.")
        % {"name": name, "limit": MAX_DOCUMENT_UNPACKED_BYTES // (1024 * 1024)}
    )


def _wrong_extension(name: str, actual: str, extension: str) -> RejectedFile:
    return RejectedFile(
        _(
            "“%(name)s” has the wrong extension for its content (%(actual)s): rename it to end in %(extension)s "
            "and upload it again."
        )
        % {"name": name, "actual": actual, "extension": extension}
    )
