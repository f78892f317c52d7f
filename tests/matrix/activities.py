"""The report list's background downloads: seen by who asked (here college A's secretary) and by staff only."""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from activities.export import reports_of_export, reports_workbook
from activities.models import ReportExport
from core.jobs import JobState

OWNER_AND_STAFF = {"staff": 200, "office": 404, "sec1": 200, "sec2": 404, "admin": 200, "norole": 403}


def build(college_a) -> ReportExport:
    """A finished export that college A's secretary asked for."""
    sec1 = get_user_model().objects.get(username="sec1")
    job = ReportExport.objects.create(requested_by=sec1, college=college_a, query="status=draft")
    job.file.save(job.filename, ContentFile(reports_workbook(reports_of_export(job))), save=False)
    job.state = JobState.DONE
    job.progress = 100
    job.save()
    return job


def cases(plan, college_a, report, assessment=None, export=None):
    job = build(college_a)
    return [
        ("activities:export_job", reverse("activities:export_job", args=[job.pk]), OWNER_AND_STAFF, False),
        (
            "activities:export_job_status",
            reverse("activities:export_job_status", args=[job.pk]),
            OWNER_AND_STAFF,
            False,
        ),
        ("activities:export_job_file", reverse("activities:export_job_file", args=[job.pk]), OWNER_AND_STAFF, False),
    ]
