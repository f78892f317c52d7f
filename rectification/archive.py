"""整改's section of the year's archive (档案): the year's items as a workbook, and each item with its plan,
progress notes and history as data. The publicity app finds it through RectificationConfig.archive_sections."""

from __future__ import annotations

import json
from collections.abc import Iterator

from .export import build_workbook
from .models import RectificationItem


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()


def rectification_files(year: int) -> Iterator[tuple[str, bytes]]:
    items = (
        RectificationItem.objects.filter(year=year)
        .select_related("college", "indicator")
        .prefetch_related("notes__reports", "notes__files", "events__actor")
    )
    if not items:
        yield "README.txt", f"No rectification items for the {year} assessment.\n".encode()
        return
    yield f"rectification-{year}.xlsx", build_workbook(year)
    rows = [
        {
            "college": item.college.name,
            "indicator": f"{item.indicator.code} {item.indicator.name}",
            "score": item.score,
            "max_points": item.max_points,
            "weakness": item.weakness,
            "measures": item.measures,
            "owner": item.owner,
            "deadline": item.deadline,
            "status": item.status,
            "accepted_at": item.accepted_at,
            "notes": [
                {
                    "on": note.on,
                    "text": note.text,
                    "reports": [report.title for report in note.reports.all()],
                    "files": [f"{file.original_name} sha256:{file.sha256}" for file in note.files.all()],
                }
                for note in item.notes.all()
            ],
            "history": [
                {
                    "at": event.at,
                    "by": event.actor.get_username(),
                    "action": event.action,
                    "from": event.from_status,
                    "to": event.to_status,
                    "comment": event.comment,
                }
                for event in item.events.all()
            ],
        }
        for item in items
    ]
    yield "items.json", _json({"year": year, "items": rows})
