"""The archive's own sections: the plan, the approved reports with their evidence, the assessments with their
histories, the annual summary, the awards and what the public site published. Each is one function of the year.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.models import ActivityReport
from core.archives import safe_member_name
from plans.models import WorkPlan, WorkPoint
from scoring.models import Assessment, AssessmentDocument, ScoreChange

from .archive import as_json, register
from .models import NewsItem, NewsStatus, Nomination, NominationStatus, PublicNotice, Talk


def _read(field_file) -> bytes | None:
    """A stored file's bytes, or None when it is gone from the disk (said so in the archive, not a failure)."""
    if not field_file:
        return None
    try:
        with field_file.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _user(user) -> str:
    return user.get_username() if user else ""


def plan_files(year: int) -> Iterator[tuple[str, bytes]]:
    points = Prefetch("sections__work_points", queryset=WorkPoint.objects.with_progress())
    plan = WorkPlan.objects.filter(year=year).prefetch_related(points, "targets").first()
    if plan is None:
        yield "README.txt", f"No work plan for {year}.\n".encode()
        return
    yield (
        "plan.json",
        as_json(
            {
                "year": plan.year,
                "title": plan.title,
                "doc_number": plan.doc_number,
                "issuer": plan.issuer,
                "issued_on": plan.issued_on,
                "notice_title": plan.notice_title,
                "recipients": plan.recipients,
                "notice_body": plan.notice_body,
                "preamble": plan.preamble,
                "signed_by": plan.signed_by,
                "sections": [
                    {
                        "number": section.number,
                        "title": section.title,
                        "body": section.body,
                        "work_points": [
                            {
                                "code": point.code,
                                "title": point.title,
                                "text": point.text,
                                "status": point.status,  # as staff marked it
                                "progress": point.progress,  # as the portal showed it (approved reports count)
                                "progress_note": point.progress_note,
                            }
                            for point in section.work_points.all()
                        ],
                    }
                    for section in plan.sections.all()
                ],
                "targets": [
                    {
                        "code": target.code,
                        "name": target.name,
                        "metric": target.metric,
                        "goal": target.goal,
                        "stretch_goal": target.stretch_goal,
                        "unit": target.unit,
                    }
                    for target in plan.targets.all()
                ],
            }
        ),
    )


def report_files(year: int) -> Iterator[tuple[str, bytes]]:
    reports = (
        ActivityReport.objects.approved()
        .of_year(year)
        .select_related("college", "kind", "work_point", "created_by", "reviewed_by")
        .prefetch_related("evidence", "members", "events__actor")
        .order_by("college__order", "college__code", "starts_on", "pk")
    )
    for report in reports.iterator(chunk_size=200):
        folder = f"{safe_member_name(report.college.code)}/{report.pk}-{safe_member_name(report.title[:40])}"
        files = []
        for evidence in report.evidence.all():
            name = f"evidence/{evidence.pk}-{safe_member_name(evidence.original_name)}"
            content = _read(evidence.file)
            files.append(
                {
                    "name": name if content is not None else None,
                    "original_name": evidence.original_name,
                    "kind": evidence.kind,
                    "sha256_at_upload": evidence.sha256,
                    "missing": content is None,
                }
            )
            if content is not None:
                yield f"{folder}/{name}", content
        yield (
            f"{folder}/report.json",
            as_json(
                {
                    "id": report.pk,
                    "college": report.college.name,
                    "kind": report.kind.name,
                    "work_point": report.work_point.code if report.work_point else "",
                    "title": report.title,
                    "starts_on": report.starts_on,
                    "ends_on": report.ends_on,
                    "place": report.place,
                    "organiser": report.organiser,
                    "student_count": report.student_count,
                    "teacher_count": report.teacher_count,
                    "members": [str(member) for member in report.members.all()],
                    "summary": report.summary,
                    "outcome": report.outcome,
                    "news_url": report.news_url,
                    "created_by": _user(report.created_by),
                    "reviewed_by": _user(report.reviewed_by),
                    "reviewed_at": report.reviewed_at,
                    "evidence": files,
                    "history": [
                        {
                            "at": event.at,
                            "actor": _user(event.actor),
                            "action": event.action,
                            "from": event.from_status,
                            "to": event.to_status,
                            "comment": event.comment,
                        }
                        for event in report.events.all()
                    ],
                }
            ),
        )


def assessment_files(year: int) -> Iterator[tuple[str, bytes]]:
    assessments = (
        Assessment.objects.filter(scheme__year=year)
        .select_related("college", "scheme", "finalised_by")
        .prefetch_related(
            "scores__indicator",
            Prefetch(
                "scores__changes", queryset=ScoreChange.objects.select_related("changed_by").order_by("at", "pk")
            ),
            Prefetch("scores__documents", queryset=AssessmentDocument.objects.order_by("pk")),
            "events__actor",
        )
        .order_by("college__order", "college__code")
    )
    for assessment in assessments:
        folder = safe_member_name(assessment.college.code)
        scores = []
        for score in assessment.scores.all():
            documents = []
            for document in score.documents.all():
                name = f"documents/{document.pk}-{safe_member_name(document.original_name)}"
                content = _read(document.file)
                documents.append(
                    {"name": name if content is not None else None, "original_name": document.original_name}
                )
                if content is not None:
                    yield f"{folder}/{name}", content
            scores.append(
                {
                    "indicator": score.indicator.code,
                    "name": score.indicator.name,
                    "self_score": score.self_score,
                    "self_note": score.self_note,
                    "final_score": score.final_score,
                    "review_note": score.review_note,
                    "documents": documents,
                    "history": [
                        {
                            "at": change.at,
                            "by": _user(change.changed_by),
                            "score": change.field,
                            "from": change.old_value,
                            "to": change.new_value,
                            "source": change.source,
                        }
                        for change in score.changes.all()
                    ],
                }
            )
        yield (
            f"{folder}/assessment.json",
            as_json(
                {
                    "college": assessment.college.name,
                    "year": assessment.scheme.year,
                    "status": assessment.status,
                    "self_total": assessment.self_total,
                    "final_total": assessment.final_total,
                    "balanced": assessment.balanced,
                    "finalised_at": assessment.finalised_at,
                    "finalised_by": _user(assessment.finalised_by),
                    "scores": scores,
                    "history": [
                        {"at": event.at, "actor": _user(event.actor), "action": event.action, "comment": event.comment}
                        for event in assessment.events.all()
                    ],
                }
            ),
        )


def summary_files(year: int) -> Iterator[tuple[str, bytes]]:
    from dashboard import exports  # the annual summary's own builder (imported only when an archive is built)

    yield f"annual-summary-{year}.xlsx", exports.build_workbook(year)


def award_files(year: int) -> Iterator[tuple[str, bytes]]:
    nominations = Nomination.objects.filter(year=year).select_related("college", "decided_by").order_by("kind", "pk")
    rows = [
        {
            "award": n.kind,
            "award_label": str(n.get_kind_display()),
            "college": n.college.name,
            "nominee": n.nominee,
            "reasons": n.reasons,
            "decision": n.status,
            "decision_note": n.decision_note,
            "decided_by": _user(n.decided_by),
            "decided_at": n.decided_at,
        }
        for n in nominations
    ]
    yield "approved.json", as_json([row for row in rows if row["decision"] == NominationStatus.APPROVED])
    yield "nominations.json", as_json(rows)


def published_files(year: int) -> Iterator[tuple[str, bytes]]:
    news = NewsItem.objects.filter(status=NewsStatus.PUBLISHED, published_at__year=year).select_related("college")
    yield (
        "news.json",
        as_json(
            [
                {
                    "id": n.pk,
                    "college": n.college.name,
                    "title": n.title,
                    "text": n.text,
                    "published_at": n.published_at,
                }
                for n in news
            ]
        ),
    )
    notices = PublicNotice.objects.filter(published=True, published_at__year=year)
    yield (
        "notices.json",
        as_json([{"title": n.title, "text": n.text, "published_at": n.published_at} for n in notices]),
    )
    talks = Talk.objects.filter(given_on__year=year).select_related("college")
    yield (
        "talks.json",
        as_json(
            [
                {
                    "title": t.title,
                    "speaker": t.speaker,
                    "date": t.given_on,
                    "place": t.place,
                    "audience": t.audience,
                    "summary": t.summary,
                    "college": t.college.name if t.college else "",
                    # Every talk given is the lecturer group's record; whether the public site showed it, too.
                    "shown_on_public_site": t.published,
                }
                for t in talks
            ]
        ),
    )


def register_own_sections() -> None:
    register("plan", _("The work plan"), plan_files)
    register("reports", _("Approved activity reports and their evidence"), report_files)
    register("assessments", _("Assessments and their histories"), assessment_files)
    register("summary", _("The annual summary"), summary_files)
    register("awards", pgettext_lazy("page", "Year-end awards"), award_files)
    register("publicity", _("Published news and notices, and the year's talks"), published_files)
