import csv
import json
import sys

from django.core.management.base import CommandError
from django.utils import translation

from core.text import fmt
from core.xlsx import csv_row
from institutions.commands import SchoolCommand
from scoring import rules
from scoring.assessments import ensure_assessments
from scoring.models import Assessment, IndicatorScore, Scheme
from scoring.schemes import scored_indicators
from scoring.standing import school_status


class Command(SchoolCommand):
    help = "Every college's total, indicator scores, key indicators, verdict and reasons, as JSON or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, year, format, **options):
        scheme = Scheme.objects.filter(year=year).first()
        if scheme is None:
            raise CommandError(f"There is no indicator scheme for {year}.")
        with translation.override("zh-hans"):
            report = build_report(scheme)
        if format == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            write_csv(report, self.stdout)


def build_report(scheme: Scheme) -> dict:
    ensure_assessments(scheme)
    indicators = scored_indicators(scheme)
    scores = {}
    for assessment_id, code, value in IndicatorScore.objects.filter(
        assessment__scheme=scheme, indicator__in=indicators
    ).values_list("assessment_id", "indicator__code", "final_score"):
        scores.setdefault(assessment_id, {})[code] = value
    specs = [i.spec() for i in indicators]
    status = school_status(scheme)
    colleges = []
    for assessment in Assessment.objects.filter(scheme=scheme).select_related("college").order_by("college__code"):
        values = scores.get(assessment.pk, {})
        verdict = rules.judge(values, specs, scheme.threshold)
        colleges.append(
            {
                "code": assessment.college.code,
                "name": assessment.college.name,
                "status": assessment.status,
                "total": fmt(verdict.total),
                "scores": {s.code: (fmt(values[s.code]) if values.get(s.code) is not None else None) for s in specs},
                "key_full_marks": {s.code: values.get(s.code) == s.max_points for s in specs if s.is_key},
                "balanced": verdict.balanced,
                "reasons": list(verdict.reasons),
            }
        )
    return {
        "year": scheme.year,
        "scheme": {
            "title": scheme.title,
            "total": fmt(scheme.total),
            "threshold": fmt(scheme.threshold),
            "indicators": [
                {"code": s.code, "name": s.name, "max": fmt(s.max_points), "key": s.is_key, "mode": s.mode}
                for s in specs
            ],
        },
        "school": {
            "balanced": status.balanced,
            "colleges": status.colleges,
            "finalised": status.finalised,
            "percent": fmt(status.percent),
            "counts": "finalised assessments of active colleges",
        },
        "colleges": colleges,
    }


def write_csv(report: dict, stream) -> None:
    codes = [i["code"] for i in report["scheme"]["indicators"]]
    keys = [i["code"] for i in report["scheme"]["indicators"] if i["key"]]
    writer = csv.writer(stream if stream is not None else sys.stdout)
    writer.writerow(
        csv_row(["code", "name", "status", "total", *codes, *(f"{k}_full" for k in keys), "balanced", "reasons"])
    )
    for college in report["colleges"]:
        writer.writerow(
            csv_row(
                [
                    college["code"],
                    college["name"],
                    college["status"],
                    college["total"],
                    *(college["scores"][c] if college["scores"][c] is not None else "" for c in codes),
                    *(college["key_full_marks"][k] for k in keys),
                    college["balanced"],
                    "；".join(college["reasons"]),
                ]
            )
        )
