"""Evidence uploads: what a secretary may attach to a report, and what the portal keeps of it.

Every input is built here with Pillow, openpyxl, zipfile or plain bytes. Messages are read in English (the
msgids): the Chinese catalogue is checked by tests/test_i18n.py.
"""

import hashlib
import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook
from PIL import Image

from core.uploads import (
    MAX_FILE_BYTES,
    PHOTO_MAX_SIDE,
    THUMBNAIL_SIDE,
    CheckedFile,
    RejectedFile,
    check_upload,
    safe_display_name,
)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OLE2_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def image_bytes(fmt, size=(640, 480), mode="RGB", color="teal", **save_options):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **save_options)
    return buffer.getvalue()


def png_claiming(width, height):
    """A well-formed PNG header for a 1-bit image of any size; Pillow reads the size without decoding."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return buffer.getvalue()


def xlsx_bytes():
    workbook = Workbook()
    workbook.active["A1"] = "关工委活动签到表"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def rejection(name, content):
    with pytest.raises(RejectedFile) as caught:
        check_upload(upload(name, content))
    message = caught.value.message
    assert message == str(caught.value)
    assert safe_display_name(name) in message
    return message


def opened(content):
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def assert_is_photo(checked: CheckedFile):
    assert checked.kind == "photo"
    assert checked.extension == ".jpg"
    assert checked.content_type == "image/jpeg"
    assert checked.display_name.endswith(".jpg")
    assert checked.sha256 == hashlib.sha256(checked.content).hexdigest()
    assert opened(checked.content).format == "JPEG"
    thumbnail = opened(checked.thumbnail)
    assert thumbnail.format == "JPEG"
    assert max(thumbnail.size) <= THUMBNAIL_SIDE


# Photos


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("活动照片.jpg", "JPEG"), ("合影.png", "PNG"), ("讲座.webp", "WEBP"), ("scan.JPEG", "JPEG")],
)
def test_photos_are_accepted_and_come_back_as_jpeg_with_a_thumbnail(name, fmt):
    checked = check_upload(upload(name, image_bytes(fmt)))

    assert_is_photo(checked)
    assert checked.display_name == name.rsplit(".", 1)[0] + ".jpg"
    assert opened(checked.content).size == (640, 480)
    assert opened(checked.thumbnail).size == (THUMBNAIL_SIDE, 300)


def test_a_png_named_jpg_is_still_accepted_as_a_photo():
    assert_is_photo(check_upload(upload("合影.jpg", image_bytes("PNG"))))


def test_transparent_areas_of_a_png_become_white():
    picture = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    picture.paste((200, 0, 0, 255), (0, 0, 50, 100))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")

    checked = check_upload(upload("logo.png", buffer.getvalue()))

    assert_is_photo(checked)
    result = opened(checked.content).convert("RGB")
    assert all(channel > 240 for channel in result.getpixel((90, 50)))
    red, green, blue = result.getpixel((10, 50))
    assert red > 180 and green < 40 and blue < 40


def test_a_palette_png_with_a_transparent_colour_becomes_white_there():
    picture = Image.new("P", (40, 40), 0)
    picture.putpalette([0, 0, 0, 0, 0, 255])
    picture.paste(1, (0, 0, 20, 40))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", transparency=0)

    result = opened(check_upload(upload("icon.png", buffer.getvalue())).content).convert("RGB")

    assert all(channel > 240 for channel in result.getpixel((35, 20)))
    assert result.getpixel((5, 20))[2] > 200


def test_a_large_photo_is_downscaled_to_fit_1920_pixels():
    checked = check_upload(upload("会场全景.jpg", image_bytes("JPEG", size=(4000, 3000))))

    assert opened(checked.content).size == (PHOTO_MAX_SIDE, 1440)
    assert opened(checked.thumbnail).size == (THUMBNAIL_SIDE, 300)


def test_a_tall_photo_is_downscaled_on_its_longest_side():
    checked = check_upload(upload("tall.png", image_bytes("PNG", size=(1000, 2500))))

    assert opened(checked.content).size == (768, PHOTO_MAX_SIDE)
    assert opened(checked.thumbnail).size == (160, THUMBNAIL_SIDE)


def test_a_small_photo_is_not_enlarged():
    checked = check_upload(upload("badge.png", image_bytes("PNG", size=(120, 80))))

    assert opened(checked.content).size == (120, 80)
    assert opened(checked.thumbnail).size == (120, 80)


def test_html_appended_to_a_jpeg_is_not_kept():
    payload = b"<html><script>alert(document.cookie)</script></html>"
    checked = check_upload(upload("photo.jpg", image_bytes("JPEG") + payload))

    assert_is_photo(checked)
    for content in (checked.content, checked.thumbnail):
        assert b"<script" not in content
        assert b"<html" not in content
        assert content.endswith(b"\xff\xd9")


def test_exif_orientation_is_applied_and_camera_metadata_is_dropped():
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    exif[0x8825] = {1: "N", 2: (31.0, 34.0, 0.0), 3: "E", 4: (120.0, 18.0, 0.0)}  # a GPS position
    original = image_bytes("JPEG", size=(200, 100), exif=exif)

    checked = check_upload(upload("phone.jpg", original))

    photo = opened(checked.content)
    assert photo.size == (100, 200)
    assert dict(photo.getexif()) == {}
    assert "exif" not in photo.info
    assert dict(opened(checked.thumbnail).getexif()) == {}


def test_a_truncated_jpeg_is_rejected_as_damaged():
    buffer = io.BytesIO()
    Image.effect_noise((800, 600), 64).convert("RGB").save(buffer, "JPEG")
    whole = buffer.getvalue()

    message = rejection("broken.jpg", whole[: len(whole) // 2])

    assert "damaged" in message


def test_a_png_with_a_broken_checksum_is_rejected_as_damaged():
    data = bytearray(image_bytes("PNG"))
    data[29] ^= 0xFF  # inside the CRC of the IHDR chunk

    assert "damaged" in rejection("broken.png", bytes(data))


def test_a_real_40_plus_megapixel_png_is_rejected_before_it_is_decoded():
    # A black 1-bit image compresses to a few kilobytes however many pixels it claims.
    bomb = image_bytes("PNG", size=(8000, 5001), mode="1", color=0)
    assert len(bomb) < 100_000

    assert "too many pixels" in rejection("bomb.png", bomb)


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (8000, 6000),  # above our 40 MP, below Pillow's own limit
        (10000, 10000),  # where Pillow only warns
        (30000, 30000),  # where Pillow raises
    ],
)
def test_a_decompression_bomb_is_rejected_with_the_pixel_message(width, height):
    message = rejection("看起来很小.png", png_claiming(width, height))

    assert "too many pixels" in message
    assert "40 megapixels" in message


def test_pillows_global_pixel_limit_is_left_alone():
    limit = Image.MAX_IMAGE_PIXELS

    with pytest.raises(RejectedFile):
        check_upload(upload("bomb.png", png_claiming(30000, 30000)))
    check_upload(upload("ok.png", image_bytes("PNG")))

    assert limit == Image.MAX_IMAGE_PIXELS


# Documents


@pytest.mark.parametrize(
    ("name", "content", "extension", "content_type"),
    [
        ("活动总结.pdf", PDF, ".pdf", "application/pdf"),
        ("活动方案.docx", docx_bytes(), ".docx", DOCX_TYPE),
        ("签到表.xlsx", xlsx_bytes(), ".xlsx", XLSX_TYPE),
        ("旧版通知.doc", OLE2_HEADER, ".doc", "application/msword"),
        ("旧版名单.XLS", OLE2_HEADER, ".xls", "application/vnd.ms-excel"),
    ],
)
def test_documents_are_kept_byte_for_byte(name, content, extension, content_type):
    checked = check_upload(upload(name, content))

    assert checked == CheckedFile(
        kind="document",
        content=content,
        extension=extension,
        content_type=content_type,
        display_name=name,
        thumbnail=None,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def test_a_legacy_office_file_under_another_name_is_rejected():
    assert "not an allowed type" in rejection("报告.pdf", OLE2_HEADER)


def test_a_file_of_exactly_20_mb_is_accepted():
    content = PDF + bytes(MAX_FILE_BYTES - len(PDF))

    assert check_upload(upload("scan.pdf", content)).content == content


# Names that do not match the content


def test_html_renamed_png_is_rejected_as_not_allowed():
    message = rejection("photo.png", b"<!DOCTYPE html><html><script>alert(1)</script></html>")

    assert "not an allowed type" in message
    assert "JPEG, PNG, WebP" in message


def test_a_pdf_renamed_jpg_is_rejected_naming_what_it_really_is():
    message = rejection("photo.jpg", PDF)

    assert "wrong extension" in message
    assert "(PDF)" in message
    assert ".pdf" in message


@pytest.mark.parametrize(
    ("name", "content", "actual", "extension"),
    [
        ("photo.pdf", image_bytes("JPEG"), "JPEG", ".jpg"),
        ("screenshot.docx", image_bytes("PNG"), "PNG", ".png"),
        ("table.xlsx", docx_bytes(), "Word", ".docx"),
        ("letter.docx", xlsx_bytes(), "Excel", ".xlsx"),
        ("summary.pdf.exe", PDF, "PDF", ".pdf"),
        ("no-extension", PDF, "PDF", ".pdf"),
    ],
)
def test_a_name_that_does_not_match_the_content_is_rejected(name, content, actual, extension):
    message = rejection(name, content)

    assert f"({actual})" in message
    assert f"end in {extension}" in message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("archive.zip", b"PK\x03\x04"),
        ("archive.docx", b"PK\x03\x04 not really a zip"),
        ("animation.gif", image_bytes("GIF")),
        ("animation.jpg", image_bytes("GIF")),
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("notes.txt", "活动记录".encode()),
        ("setup.exe", b"MZ\x90\x00" + bytes(60)),
        ("page.html", b"<html><body>hi</body></html>"),
        ("slides.pptx", b"PK\x03\x04"),
    ],
)
def test_other_types_are_rejected_as_not_allowed(name, content):
    assert "not an allowed type" in rejection(name, content)


@pytest.mark.parametrize("name", ["archive.zip", "archive.docx"])
def test_a_plain_zip_is_rejected_even_when_named_docx(name):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")  # no [Content_Types].xml
        archive.writestr("readme.txt", "hello")

    assert "not an allowed type" in rejection(name, buffer.getvalue())


# Sizes


def test_an_empty_file_is_rejected():
    assert "is empty" in rejection("空文件.pdf", b"")


def test_a_file_declaring_more_than_20_mb_is_rejected_without_being_read():
    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("the declared size alone should reject it")

    big = Unreadable("video.pdf", PDF)
    big.size = MAX_FILE_BYTES + 1

    with pytest.raises(RejectedFile, match="video.pdf.* is larger than 20 MB"):
        check_upload(big)


def test_a_real_file_one_byte_over_20_mb_is_rejected():
    content = PDF + bytes(MAX_FILE_BYTES + 1 - len(PDF))

    assert "larger than 20 MB" in rejection("scan.pdf", content)


def test_a_file_understating_its_size_is_read_no_further_than_the_limit():
    class Counting(SimpleUploadedFile):
        bytes_read = 0

        def read(self, *args):
            chunk = super().read(*args)
            self.bytes_read += len(chunk)
            return chunk

    lying = Counting("scan.pdf", PDF + bytes(MAX_FILE_BYTES * 2))
    lying.size = 1000

    with pytest.raises(RejectedFile, match="larger than 20 MB"):
        check_upload(lying)
    assert lying.bytes_read == MAX_FILE_BYTES + 1


# Display names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\fakepath\\活动照片.jpg", "活动照片.jpg"),
        ("report\x00.pdf", "report.pdf"),
        ("evil.php\x00.jpg", "evil.php.jpg"),
        ("photo\u202egpj.exe", "photogpj.exe"),
        ("  ...hidden.pdf", "hidden.pdf"),
        ("第一次\t\n  活动   总结.docx ", "第一次 活动 总结.docx"),
        ("summary.pdf. . ", "summary.pdf"),
        (".pdf", "file.pdf"),
        ("../..", "file"),
        ("", "file"),
        ("\x00\x01", "file"),
        (None, "file"),
        ("abc\ud800def.pdf", "abcdef.pdf"),
    ],
)
def test_safe_display_name(name, expected):
    assert safe_display_name(name) == expected


def test_a_long_name_is_cut_to_100_characters_keeping_its_extension():
    name = safe_display_name("关工委" * 100 + ".pdf")

    assert len(name) == 100
    assert name == "关工委" * 32 + ".pdf"


def test_a_long_name_without_extension_is_cut_to_100_characters():
    assert safe_display_name("x" * 300) == "x" * 100


def test_a_rejection_names_the_file_by_its_safe_name():
    message = rejection("C:\\fakepath\\申报材料.exe", b"MZ")

    assert "“申报材料.exe”" in message
    assert "fakepath" not in message


def test_a_truncated_jpeg_is_refused_even_after_weasyprint_was_imported():
    """WeasyPrint turns on Pillow's acceptance of truncated images for the whole process when imported."""
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        buffer = io.BytesIO()
        Image.new("RGB", (400, 300), (10, 200, 30)).save(buffer, "JPEG")
        truncated = SimpleUploadedFile("断图.jpg", buffer.getvalue()[:-600])
        with pytest.raises(RejectedFile):
            check_upload(truncated)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False


# What a re-encoded photo keeps: its pixels only


def jpeg_markers(content):
    """The marker bytes of a JPEG's segments up to the image data (0xFE a comment, 0xE1 EXIF/XMP, 0xE2 ICC)."""
    assert content[:2] == b"\xff\xd8"
    markers, position = [], 2
    while position < len(content):
        marker = content[position + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        (length,) = struct.unpack(">H", content[position + 2 : position + 4])
        position += 2 + length
    return markers


def srgb_profile():
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def profile_with_red_and_blue_swapped():
    """A valid RGB profile whose red primary is sRGB's blue and the other way round: its "red" is blue."""
    profile = bytearray(srgb_profile())
    (count,) = struct.unpack(">I", profile[128:132])
    entries = {bytes(profile[132 + 12 * i : 136 + 12 * i]): 132 + 12 * i for i in range(count)}
    red, blue = entries[b"rXYZ"], entries[b"bXYZ"]
    profile[red + 4 : red + 12], profile[blue + 4 : blue + 12] = (
        profile[blue + 4 : blue + 12],
        profile[red + 4 : red + 12],
    )
    return bytes(profile)


SCRIPT_COMMENT = b"<html><script>alert(document.cookie)</script></html>"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_photo_keeps_no_comment_no_colour_profile_and_no_exif(fmt):
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (31.0, 34.0, 0.0)}  # a GPS position
    options = {"icc_profile": srgb_profile(), "exif": exif}
    if fmt == "JPEG":
        options["comment"] = SCRIPT_COMMENT
    else:
        from PIL import PngImagePlugin

        text = PngImagePlugin.PngInfo()
        text.add_text("comment", SCRIPT_COMMENT.decode())
        options["pnginfo"] = text
    original = image_bytes(fmt, **options)
    assert SCRIPT_COMMENT in original

    checked = check_upload(upload(f"photo.{fmt.lower()}", original))

    for content in (checked.content, checked.thumbnail):
        assert b"<script" not in content and b"ICC_PROFILE" not in content and b"Exif" not in content
        assert set(jpeg_markers(content)).isdisjoint({0xFE, 0xE1, 0xE2})
        assert not {"comment", "icc_profile", "exif"} & set(opened(content).info)


def test_a_wide_gamut_photo_is_converted_to_srgb_not_tagged():
    original = image_bytes("PNG", size=(64, 64), color=(255, 0, 0), icc_profile=profile_with_red_and_blue_swapped())

    checked = check_upload(upload("p3.png", original))

    red, green, blue = opened(checked.content).getpixel((32, 32))
    assert blue > 200 and red < 60  # the profile's "red" is sRGB blue
    assert "icc_profile" not in opened(checked.content).info


def test_a_damaged_colour_profile_keeps_the_pixels_as_they_are():
    original = image_bytes("PNG", size=(64, 64), color=(255, 0, 0), icc_profile=b"not a profile at all")

    checked = check_upload(upload("odd.png", original))

    red, green, blue = opened(checked.content).getpixel((32, 32))
    assert red > 240 and blue < 20


# Office documents with too many parts, or that unpack to too much


def office_zip(kind, extra_entries=0, padding_bytes=0):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
        for number in range(extra_entries):
            archive.writestr(f"p/{number}", b"")
        if padding_bytes:
            with archive.open("padding.xml", "w", force_zip64=True) as member:
                chunk = bytes(1024 * 1024)
                for _ in range(padding_bytes // len(chunk)):
                    member.write(chunk)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_a_document_with_more_than_10_000_parts_is_refused_without_reading_its_directory(kind, monkeypatch):
    from core.uploads import MAX_DOCUMENT_PARTS

    content = office_zip(kind, extra_entries=MAX_DOCUMENT_PARTS)
    monkeypatch.setattr(zipfile, "ZipFile", lambda *a, **k: pytest.fail("the directory was read"))

    message = rejection(f"活动方案.{kind}", content)
    assert "more than 10,000 parts" in message


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_a_document_that_unpacks_to_more_than_200_mb_is_refused(kind):
    content = office_zip(kind, padding_bytes=201 * 1024 * 1024)
    assert len(content) < 1024 * 1024

    assert "unpacks to more than 200 MB" in rejection(f"签到表.{kind}", content)


def test_a_document_at_the_limits_is_accepted():
    content = office_zip("docx", extra_entries=9_000)

    assert check_upload(upload("大文档.docx", content)).content == content
