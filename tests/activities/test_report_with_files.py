"""Saving a report and the files chosen on its form is one service call: all of it, or nothing."""

import datetime

import pytest

from activities import services
from activities.models import ActivityKind, ActivityReport, Evidence
from core.uploads import check_upload
from core.versions import StaleWrite

from ..conftest import ensure_default_kinds, make_report
from ..helpers import photo_upload


def new_report(college):
    ensure_default_kinds()
    return ActivityReport(
        college=college,
        kind=ActivityKind.objects.get(code="lecturer-lecture"),
        title="新报告",
        starts_on=datetime.date(2022, 5, 4),
        ends_on=datetime.date(2022, 5, 4),
        place="报告厅",
        summary="内容。",
    )


def test_a_new_report_is_saved_with_its_files(users, college_a):
    report, stored = services.create_report_with_evidence(
        new_report(college_a), users["sec1"], [], [check_upload(photo_upload())]
    )
    assert [e.report_id for e in stored] == [report.pk]
    assert report.evidence.count() == 1


def test_a_refused_file_leaves_no_new_report(users, college_a, monkeypatch):
    monkeypatch.setattr(services, "MAX_FILES_PER_REPORT", 1)
    files = [check_upload(photo_upload(name=f"{n}.jpg")) for n in range(2)]
    with pytest.raises(services.WorkflowError):
        services.create_report_with_evidence(new_report(college_a), users["sec1"], [], files)
    assert not ActivityReport.objects.filter(title="新报告").exists()
    assert not Evidence.objects.exists()


def test_a_stale_edit_stores_none_of_its_files(users, college_a):
    report = make_report(college_a, users["sec1"])
    old_version = report.version
    services.update_report(ActivityReport.objects.get(pk=report.pk), users["sec1"], old_version)
    report.title = "旧页面"
    with pytest.raises(StaleWrite):
        services.update_report_with_evidence(report, users["sec1"], old_version, [], [check_upload(photo_upload())])
    assert report.evidence.count() == 0
    assert ActivityReport.objects.get(pk=report.pk).title != "旧页面"
