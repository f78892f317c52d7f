"""Each refusal of an evidence file says exactly what is wrong (killed mutants of activities/evidence.py)."""

from core import uploads as evidence
from core.archives import ArchiveTooLarge


def test_each_refusal_names_the_file_and_the_reason():
    assert str(evidence._empty("签到表.pdf")) == "“签到表.pdf”是空文件。"
    parts = str(evidence._archive_too_large("a.docx", ArchiveTooLarge.ENTRIES))
    assert parts == f"“a.docx”包含超过 {evidence.MAX_DOCUMENT_PARTS:,} 个部件，远超正常文档，不予接受。"
    size = str(evidence._archive_too_large("a.docx", ArchiveTooLarge.SIZE))
    limit = evidence.MAX_DOCUMENT_UNPACKED_BYTES // (1024 * 1024)
    assert size == f"“a.docx”解压后超过 {limit} MB，远超正常文档，不予接受。"


def test_a_row_without_its_file_has_no_stored_files(db):
    # A stored file without a thumbnail of its own (a committee notice's attachment) keeps the base's list.
    from committee.models import NoticeAttachment

    assert NoticeAttachment(original_name="x").stored_files() == []
    row = NoticeAttachment(original_name="x")
    row.file.name = "notices/x.pdf"
    assert [f.name for f in row.stored_files()] == ["notices/x.pdf"]
