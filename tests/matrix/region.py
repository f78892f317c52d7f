"""The region's pages in the permission matrix. The core personas: staff and administrators lead the region,
the party office reads it, the colleges' secretaries and users without a role have no part in it."""

import dataclasses

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from institutions.models import Institution
from region import exports, services
from region.models import (
    Affiliation,
    Application,
    ApplicationEvent,
    ApplicationFile,
    ApplicationScore,
    ApplicationScoreChange,
    Assignment,
    Attendance,
    Comment,
    ExportState,
    Meeting,
    MeetingFile,
    Post,
    PostFile,
    Region,
    ReviewRound,
    ReviewScore,
    SchoolIndicator,
    SchoolScheme,
    SummaryExport,
    Visit,
    VisitChange,
    WorkReport,
)
from tests.region.builders import build_reviewed_world, submit, with_files

MODELS = [
    Institution,
    Region,
    Affiliation,
    SchoolScheme,
    SchoolIndicator,
    Application,
    ApplicationScore,
    ApplicationScoreChange,
    ApplicationEvent,
    ApplicationFile,
    ReviewRound,
    Assignment,
    ReviewScore,
    WorkReport,
    SummaryExport,
    Visit,
    VisitChange,
    Meeting,
    Attendance,
    MeetingFile,
    Post,
    PostFile,
    Comment,
]

READ = {"staff": 200, "office": 200, "sec1": 403, "sec2": 403, "admin": 200, "norole": 403}
LEAD = {"staff": 200, "office": 403, "sec1": 403, "sec2": 403, "admin": 200, "norole": 403}
LEAD_POST = {"staff": 405, "office": 403, "sec1": 403, "sec2": 403, "admin": 405, "norole": 403}
SCHOOL_ONLY = {"staff": 403, "office": 403, "sec1": 403, "sec2": 403, "admin": 403, "norole": 403}


def build():
    """The matrix's region (see tests/region/builders.py) with its files, a built summary and an empty next year."""
    lead = get_user_model().objects.get(username="staff")
    world = with_files(build_reviewed_world(lead))
    summary = SummaryExport.objects.create(region=world.region, format="xlsx", requested_by=lead)
    summary.file.save(summary.filename, ContentFile(exports.build_workbook(world.region, lambda _p: None)), save=False)
    summary.state = ExportState.DONE
    summary.save()
    world.summary = summary
    # The work report, saved and submitted: the province reads a submitted report only.
    report = services.save_work_report(world.region, lead, "2022 第十片工作情况通报\n一、总体情况\n五所学校。", None)
    services.submit_work_report(world.region, lead, report.version)
    # s1's on-site visit, planned and its findings recorded.
    s1 = world.apps["s1"]
    visitor = services.visitor_choices(world.round, s1).first()
    visit = services.plan_visit(s1, lead, world.round.deadline, [visitor], "听取汇报，查阅材料")
    world.visit = services.record_findings(visit, lead, visit.version, "台账齐全")
    world.next_year = Region.objects.create(code="t10", name="第十片", year=2023, lead=world.schools["lead"])
    world.next_year.members.set(world.schools.values())
    services.load_scheme(world.next_year)
    # Next year's applications are open and s1 has submitted: with no round open yet it waits for the lead's check
    # (its return for completion is a button with text).
    services.open_applications(world.next_year, lead)
    submit(dataclasses.replace(world, region=world.next_year), "s1")
    return world


def cases(plan, college_a, report, assessment=None, export=None):
    world = build()
    region, s4, s1 = world.region.pk, world.apps["s4"], world.apps["s1"]
    evidence = s4.files.first()
    assignment = Assignment.objects.filter(application=world.apps["s2"]).first()
    indicator = SchoolIndicator.objects.filter(scheme__region=world.next_year).first()
    meeting, post = world.meeting, world.post
    return [
        ("region:home", reverse("region:home"), READ, False),
        ("region:region", reverse("region:region", args=[region]), READ, False),
        ("region:open_applications", reverse("region:open_applications", args=[region]), LEAD_POST, True),
        ("region:region_edit", reverse("region:region_edit", args=[region]), LEAD, True),
        ("region:scheme", reverse("region:scheme", args=[region]), READ, False),
        ("region:scheme_edit", reverse("region:scheme_edit", args=[world.next_year.pk]), LEAD, True),
        ("region:indicator_edit", reverse("region:indicator_edit", args=[indicator.pk]), LEAD, True),
        ("region:application", reverse("region:application", args=[s4.pk]), READ, False),
        ("region:application_edit", reverse("region:application_edit", args=[s4.pk]), SCHOOL_ONLY, True),
        ("region:application_action", reverse("region:application_action", args=[s4.pk]), LEAD_POST, True),
        ("region:application_upload", reverse("region:application_upload", args=[s4.pk]), SCHOOL_ONLY, True),
        ("region:application_file", reverse("region:application_file", args=[s4.pk, evidence.pk]), READ, False),
        (
            "region:application_file_delete",
            reverse("region:application_file_delete", args=[s4.pk, evidence.pk]),
            SCHOOL_ONLY,
            True,
        ),
        ("region:application_draft", reverse("region:application_draft", args=[s4.pk]), SCHOOL_ONLY, True),
        ("region:application_live", reverse("region:application_live", args=[s4.pk]), LEAD, False),
        ("region:result", reverse("region:result", args=[s1.pk]), LEAD, True),
        ("region:round", reverse("region:round", args=[region]), READ, False),
        ("region:visit_plan", reverse("region:visit_plan", args=[s1.pk]), LEAD, True),
        ("region:visit", reverse("region:visit", args=[world.visit.pk]), READ, False),
        ("region:visit_findings", reverse("region:visit_findings", args=[world.visit.pk]), LEAD, True),
        ("region:round_open", reverse("region:round_open", args=[world.next_year.pk]), LEAD, True),
        ("region:review", reverse("region:review", args=[assignment.pk]), READ, True),
        (
            "region:review_file",
            reverse("region:review_file", args=[assignment.pk, world.apps["s2"].files.first().pk]),
            READ,
            False,
        ),
        ("region:reassign", reverse("region:reassign", args=[assignment.pk]), LEAD_POST, True),
        ("region:review_remove", reverse("region:review_remove", args=[assignment.pk]), LEAD_POST, True),
        ("region:reviewers", reverse("region:reviewers", args=[world.apps["s2"].pk]), LEAD, False),
        ("region:reviewer_add", reverse("region:reviewer_add", args=[world.apps["s2"].pk]), LEAD_POST, True),
        ("region:panel_add", reverse("region:panel_add", args=[region]), LEAD_POST, True),
        (
            "region:panel_remove",
            reverse("region:panel_remove", args=[region, world.reviewers["s1"].pk]),
            LEAD_POST,
            True,
        ),
        ("region:assign_waiting", reverse("region:assign_waiting", args=[region]), LEAD_POST, True),
        ("region:publish_all", reverse("region:publish_all", args=[region]), LEAD_POST, True),
        ("region:round_close", reverse("region:round_close", args=[region]), LEAD_POST, True),
        ("region:export_request", reverse("region:export_request", args=[region]), LEAD_POST, True),
        ("region:export_status", reverse("region:export_status", args=[world.summary.pk]), READ, False),
        ("region:export_download", reverse("region:export_download", args=[world.summary.pk]), READ, False),
        ("region:reports", reverse("region:reports"), READ, False),
        ("region:work_report_read", reverse("region:work_report_read", args=[region]), READ, False),
        ("region:work_report", reverse("region:work_report", args=[region]), LEAD, True),
        ("region:work_report_submit", reverse("region:work_report_submit", args=[region]), LEAD_POST, True),
        ("region:work_report_pdf", reverse("region:work_report_pdf", args=[region]), READ, False),
        ("region:work_report_docx", reverse("region:work_report_docx", args=[region]), READ, False),
        ("region:meetings", reverse("region:meetings", args=[region]), READ, False),
        ("region:meeting_new", reverse("region:meeting_new", args=[region]), LEAD, True),
        ("region:meeting", reverse("region:meeting", args=[meeting.pk]), READ, True),
        ("region:meeting_edit", reverse("region:meeting_edit", args=[meeting.pk]), LEAD, True),
        ("region:meeting_attendance", reverse("region:meeting_attendance", args=[meeting.pk]), LEAD_POST, True),
        ("region:meeting_upload", reverse("region:meeting_upload", args=[meeting.pk]), LEAD_POST, True),
        (
            "region:meeting_file",
            reverse("region:meeting_file", args=[meeting.pk, meeting.files.first().pk]),
            READ,
            False,
        ),
        ("region:board", reverse("region:board", args=[region]), READ, True),
        ("region:post_new", reverse("region:post_new", args=[region]), LEAD, True),
        ("region:post", reverse("region:post", args=[post.pk]), READ, True),
        ("region:post_moderate", reverse("region:post_moderate", args=[post.pk]), LEAD_POST, True),
        ("region:post_file", reverse("region:post_file", args=[post.pk, post.files.first().pk]), READ, False),
    ]
