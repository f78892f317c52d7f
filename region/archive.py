"""The region's section of the lead school's year archive (档案): for each region the school leads that year, its
results (the review summary as data and as the workbook) and the work report as PDF and Word, with its state.

Built inside the archive's school scope: a school's archive holds the regions it leads, never another lead's.
The publicity app finds this section through RegionConfig.archive_sections (it sits above this app)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from core.archives import safe_member_name
from core.pdf import PdfUnavailable
from core.scoping import current_school_id

from . import exports, work_report
from .models import Region, WorkReport
from .summary import summary_rows


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()


def region_files(year: int) -> Iterator[tuple[str, bytes]]:
    regions = list(Region.objects.filter(year=year, lead_id=current_school_id()).order_by("code"))
    if not regions:
        yield "README.txt", f"This school leads no region in {year}.\n".encode()
        return
    reports = {
        report.region_id: report
        for report in WorkReport.objects.filter(region__in=regions).select_related("submitted_by", "updated_by")
    }
    for region in regions:
        folder = safe_member_name(f"{region.code}-{region.name}")
        report = reports.get(region.pk)
        yield (
            f"{folder}/results.json",
            _json({"region": region.name, "year": region.year, "code": region.code, "results": summary_rows(region)}),
        )
        yield f"{folder}/review-summary.xlsx", exports.build_workbook(region, lambda _percent: None)
        yield (
            f"{folder}/work-report.json",
            _json(
                {
                    "state": report.state if report else "not saved",
                    "text": report.text if report else work_report.draft_work_report(region),
                    "updated_by": report.updated_by.get_username() if report else "",
                    "submitted_by": report.submitted_by.get_username() if report and report.submitted_by else "",
                    "submitted_at": report.submitted_at if report else None,
                }
            ),
        )
        yield f"{folder}/work-report.docx", work_report.build_docx(region)
        try:
            yield f"{folder}/work-report.pdf", work_report.build_pdf(region)
        except PdfUnavailable as missing:  # a server without Pango: the archive says so and keeps the rest
            yield f"{folder}/work-report-pdf-missing.txt", str(missing).encode()
