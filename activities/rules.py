"""Rules a report must meet, as plain functions of plain values (no queries), so they are tested at their edges."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def missing_evidence(min_photos: int, requires_document: bool, photo_count: int, document_count: int) -> list[str]:
    """What a report of a kind asking for `min_photos` photos (and a document, if `requires_document`) still lacks.

    Empty when the evidence is enough; otherwise one sentence per gap, in the user's language, naming how many."""
    missing = []
    if photo_count < min_photos:
        lacking = min_photos - photo_count
        missing.append(
            ngettext("Upload at least %(count)d more photo.", "Upload at least %(count)d more photos.", lacking)
            % {"count": lacking}
        )
    if requires_document and document_count < 1:
        missing.append(_("Upload the signed sign-in sheet or another document (PDF, Word or Excel)."))
    return missing
