"""The committee's sections of the year's archive (档案管理): meeting minutes and notices, each with its files.

The publicity app builds the archive and finds these through CommitteeConfig.archive_sections, so that this app
need not know it. Each section is one function `(year) -> [(path, bytes)]`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.db.models import Prefetch

from core.archives import safe_member_name

from .models import FollowUpTask, Meeting, Notice, Receipt


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()


def _files(rows, folder: str) -> Iterator[tuple[str, bytes]]:
    """Each stored file's bytes under `folder`; a file gone from the disk is named in missing.txt instead."""
    missing = []
    for row in rows:
        try:
            with row.file.open("rb") as handle:
                content = handle.read()
        except (FileNotFoundError, ValueError):
            missing.append(row.original_name)
            continue
        yield f"{folder}/{row.pk}-{safe_member_name(row.original_name)}", content
    if missing:
        yield f"{folder}/missing.txt", "\n".join(missing).encode()


def minutes(year: int) -> Iterator[tuple[str, bytes]]:
    """Each meeting of the year: agenda, minutes, who attended, decisions with their follow-up tasks, attachments."""
    meetings = (
        Meeting.objects.filter(held_on__year=year)
        .prefetch_related(
            "colleges_present",
            "units_present",
            "attachments",
            Prefetch("decisions__tasks", queryset=FollowUpTask.objects.select_related("college", "unit")),
        )
        .order_by("held_on", "pk")
    )
    for meeting in meetings:
        folder = f"{meeting.held_on:%Y-%m-%d}-{meeting.pk}-{safe_member_name(meeting.title)}"
        yield from _files(meeting.attachments.all(), f"{folder}/attachments")
        yield (
            f"{folder}/meeting.json",
            _json(
                {
                    "title": meeting.title,
                    "held_on": meeting.held_on,
                    "place": meeting.place,
                    "agenda": meeting.agenda,
                    "minutes": meeting.minutes,
                    "colleges_present": [c.name for c in meeting.colleges_present.all()],
                    "units_present": [u.name for u in meeting.units_present.all()],
                    "other_attendees": meeting.other_attendees,
                    "decisions": [
                        {
                            "text": decision.text,
                            "tasks": [
                                {
                                    "owner": str(task.college or task.unit),
                                    "due_on": task.due_on,
                                    "status": task.status,
                                    "what_was_done": task.done_note,
                                    "done_at": task.done_at,
                                }
                                for task in decision.tasks.all()
                            ],
                        }
                        for decision in meeting.decisions.all()
                    ],
                }
            ),
        )


def notices(year: int) -> Iterator[tuple[str, bytes]]:
    """Each notice of the year with its attachments, who read it and what each recipient replied (with files)."""
    receipts = Receipt.objects.select_related("college", "unit", "read_by", "replied_by").prefetch_related("files")
    found = (
        Notice.objects.filter(published_at__year=year)
        .prefetch_related("attachments", Prefetch("receipts", queryset=receipts))
        .order_by("published_at", "pk")
    )
    for notice in found:
        folder = f"{notice.published_at:%Y-%m-%d}-{notice.pk}-{safe_member_name(notice.title)}"
        yield from _files(notice.attachments.all(), f"{folder}/attachments")
        rows = []
        for receipt in notice.receipts.all():
            recipient = str(receipt.college or receipt.unit)
            yield from _files(receipt.files.all(), f"{folder}/replies/{receipt.pk}-{safe_member_name(recipient)}")
            rows.append(
                {
                    "recipient": recipient,
                    "read_at": receipt.read_at,
                    "replied_at": receipt.replied_at,
                    "reply": receipt.reply_text,
                }
            )
        yield (
            f"{folder}/notice.json",
            _json(
                {
                    "title": notice.title,
                    "text": notice.body,
                    "to": notice.get_audience_display(),
                    "reply_asked_for": notice.get_reply_display(),
                    "reply_by": notice.deadline,
                    "public": notice.public,
                    "published_at": notice.published_at,
                    "recipients": rows,
                }
            ),
        )
