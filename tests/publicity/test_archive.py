"""The year's archive: built by a task with progress, holding the plan, the approved reports with their evidence,
the assessments with their histories, the annual summary and the approved awards, with a manifest that the archive
page checks for an uploaded archive, as `manage.py verify_archive` does (and that fails loudly on a tampered file)."""

import html
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from publicity import archive, services
from publicity.models import Nomination, YearArchive
from scoring import assessments, schemes
from tests.conftest import make_report


@pytest.fixture
def year_data(plan, users, college_a, approved):
    """An approved report (two photos), a draft, a scored assessment with a history, and two nominations."""
    make_report(college_a, users["sec1"], title="仍是草稿的报告")
    scheme, _ = schemes.load_scheme_file()
    assessment = assessments.find_assessment(college_a, scheme)
    score = assessment.scores.first()
    assessments.save_scores(assessment, users["sec1"], "self_score", {score.pk: assessments.ScoreInput(Decimal(1))})
    for name, decision in [("李老师", "approved"), ("赵老师", "declined")]:
        nomination = services.propose(
            Nomination(year=2022, kind="individual", college=college_a, nominee=name, reasons="理由"), users["sec1"]
        )
        services.decide(nomination, users["staff"], decision, "", nomination.version)
    return assessment


def build_through_the_page(client, capture):
    with capture(execute=True):
        response = client.post(reverse("publicity:archive", args=[2022]))
    assert response.status_code == 302
    build = YearArchive.objects.get()
    assert build.state == "done", build.error
    return build


def test_staff_build_and_download_the_year_archive(
    year_data, approved, as_user, tmp_path, django_capture_on_commit_callbacks
):
    client = as_user("staff")
    build = build_through_the_page(client, django_capture_on_commit_callbacks)
    status = client.get(reverse("publicity:archive_status", args=[build.pk])).json()
    assert status["state"] == "done" and status["progress"] == 100 and status["url"] == build.get_absolute_url()
    response = client.get(build.get_absolute_url())
    content = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/zip"
    import hashlib

    assert hashlib.sha256(content).hexdigest() == build.sha256
    with zipfile.ZipFile(io.BytesIO(content)) as zipped:
        names = set(zipped.namelist())
        assert {"MANIFEST.sha256", "manifest.json", "plan/plan.json", "summary/annual-summary-2022.xlsx"} <= names
        report_json = [n for n in names if n.startswith("reports/") and n.endswith("report.json")]
        assert len(report_json) == 1  # the approved report only, not the draft
        report = json.loads(zipped.read(report_json[0]))
        assert report["title"] == approved.title and [e["original_name"] for e in report["evidence"]] == [
            "同意.jpg",
            "未同意.jpg",
        ]
        assert [h["action"] for h in report["history"]][-1] == "approve"
        for item in report["evidence"]:
            folder = report_json[0].rsplit("/", 1)[0]
            assert f"{folder}/{item['name']}" in names
        assessment = json.loads(zipped.read("assessments/aa/assessment.json"))
        histories = [change for score in assessment["scores"] for change in score["history"]]
        assert histories and histories[0]["by"] == "sec1"
        approved_awards = json.loads(zipped.read("awards/approved.json"))
        assert [a["nominee"] for a in approved_awards] == ["李老师"]
        assert json.loads(zipped.read("plan/plan.json"))["year"] == 2022
    path = tmp_path / "archive.zip"
    path.write_bytes(content)
    out = io.StringIO()
    call_command("verify_archive", str(path), stdout=out)
    assert "OK" in out.getvalue()


def rewrite(source: bytes, change) -> bytes:
    """The same archive with `change(name, data)` applied to each entry (None drops it)."""
    target = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            data = change(name, old.read(name))
            if data is not None:
                new.writestr(name, data)
    return target.getvalue()


@pytest.fixture
def built(year_data):
    content, count = archive.build(2022)
    assert count > 5
    return content


def test_a_changed_file_fails_verification_with_its_name(built, tmp_path):
    tampered = rewrite(built, lambda name, data: b"{}" if name == "plan/plan.json" else data)
    path = tmp_path / "tampered.zip"
    path.write_bytes(tampered)
    with pytest.raises(CommandError) as failure:
        call_command("verify_archive", str(path))
    assert "does NOT match" in str(failure.value) and "changed: plan/plan.json" in str(failure.value)


def test_a_removed_or_added_file_fails_verification(built):
    dropped = rewrite(built, lambda name, data: None if name == "awards/approved.json" else data)
    with pytest.raises(archive.ArchiveInvalid) as failure:
        archive.verify(io.BytesIO(dropped))
    assert "missing: awards/approved.json" in failure.value.problems
    added = io.BytesIO(built)
    with zipfile.ZipFile(added, "a") as zipped:
        zipped.writestr("reports/extra.txt", b"slipped in")
    with pytest.raises(archive.ArchiveInvalid) as failure:
        archive.verify(io.BytesIO(added.getvalue()))
    assert "not in the manifest: reports/extra.txt" in failure.value.problems


def test_a_manifest_changed_to_match_is_caught_by_the_other_manifest(built):
    def forge(name, data):
        if name == "plan/plan.json":
            return b"{}"
        if name == "MANIFEST.sha256":
            lines = data.decode().splitlines()
            return "".join(
                (f"{archive.sha256(b'{}')}  plan/plan.json" if line.endswith("  plan/plan.json") else line) + "\n"
                for line in lines
            ).encode()
        return data

    with pytest.raises(archive.ArchiveInvalid) as failure:
        archive.verify(io.BytesIO(rewrite(built, forge)))
    assert "manifest.json and MANIFEST.sha256 disagree" in failure.value.problems


def test_a_damaged_or_foreign_file_fails_with_a_clear_message(built, tmp_path):
    damaged = bytearray(built)
    with zipfile.ZipFile(io.BytesIO(built)) as zipped:
        entry = zipped.getinfo("plan/plan.json")
    # A flipped byte in the middle of the entry's compressed data (its local header is 30 bytes, name and extra).
    name_length, extra_length = (
        int.from_bytes(built[entry.header_offset + 26 : entry.header_offset + 28], "little"),
        (int.from_bytes(built[entry.header_offset + 28 : entry.header_offset + 30], "little")),
    )
    damaged[entry.header_offset + 30 + name_length + extra_length + entry.compress_size // 2] ^= 0xFF
    path = tmp_path / "damaged.zip"
    path.write_bytes(bytes(damaged))
    with pytest.raises(CommandError) as failure:
        call_command("verify_archive", str(path))
    assert "plan/plan.json" in str(failure.value)
    path.write_bytes(b"not a zip at all")
    with pytest.raises(CommandError) as failure:
        call_command("verify_archive", str(path))
    assert "not a readable zip archive" in str(failure.value)
    with pytest.raises(CommandError) as failure:
        call_command("verify_archive", str(tmp_path / "nowhere.zip"))
    assert "no such file" in str(failure.value)


@pytest.fixture(autouse=True)
def sections_as_registered():
    """A test that registers a section of its own leaves the registry as the apps made it."""
    registered = dict(archive.SECTIONS)
    yield
    archive.SECTIONS.clear()
    archive.SECTIONS.update(registered)


def test_another_app_adds_a_section_with_one_function(year_data):
    def diary(year):
        yield f"diary-{year}.txt", "工作日志".encode()

    archive.register("diary", "Work diary", diary)
    content, _count = archive.build(2022)
    with zipfile.ZipFile(io.BytesIO(content)) as zipped:
        assert zipped.read("diary/diary-2022.txt").decode() == "工作日志"
        assert "diary/diary-2022.txt" in zipped.read("MANIFEST.sha256").decode()
    assert archive.verify(io.BytesIO(content)) > 0


def test_a_section_may_not_write_outside_its_folder(year_data):
    archive.register("bad", "Bad", lambda year: [("../escape.txt", b"x")])
    with pytest.raises(ValueError):
        archive.build(2022)


def test_only_those_who_see_every_college_build_or_download(year_data, as_user, django_capture_on_commit_callbacks):
    build = build_through_the_page(as_user("office"), django_capture_on_commit_callbacks)
    for persona in ["sec1", "sec2", "norole"]:
        client = as_user(persona)
        assert client.post(reverse("publicity:archive", args=[2022])).status_code == 403
        assert client.get(build.get_absolute_url()).status_code == 403
    assert YearArchive.objects.count() == 1


def test_a_failed_section_fails_the_build_where_staff_see_it(year_data, as_user, django_capture_on_commit_callbacks):
    def broken(year):
        raise RuntimeError("磁盘已满")
        yield  # pragma: no cover

    archive.register("broken", "Broken", broken)
    with django_capture_on_commit_callbacks(execute=True):  # the task's error is logged, not raised
        as_user("staff").post(reverse("publicity:archive", args=[2022]))
    build = YearArchive.objects.get()
    # What to do, not the exception's words (they are in the log and the administrators' task failure).
    assert build.state == "failed" and "磁盘已满" not in build.error and "请重新申请" in build.error and not build.file


def test_a_second_request_while_building_finds_the_build_under_way(year_data, users):
    from publicity import tasks

    first, outcome = tasks.request_archive(2022, users["staff"])  # not run: its task waits for the commit
    assert outcome == "created"
    second, outcome = tasks.request_archive(2022, users["office"])
    assert outcome == "building" and second.pk == first.pk
    assert YearArchive.objects.count() == 1


def test_the_sweep_builds_a_waiting_archive_and_fails_one_that_died_every_time(year_data, users):
    import datetime

    from django.utils import timezone

    from publicity import tasks

    waiting = YearArchive.objects.create(year=2022, requested_by=users["staff"])
    long_ago = timezone.now() - datetime.timedelta(days=1)
    lost = YearArchive.objects.create(
        year=2021, requested_by=users["staff"], state="running", attempts=tasks.MAX_ATTEMPTS, heartbeat_at=long_ago
    )
    assert tasks.resend_waiting_archives() == 1
    waiting.refresh_from_db()
    lost.refresh_from_db()
    assert waiting.state == "done" and waiting.sha256
    assert lost.state == "failed" and lost.error


def test_the_other_apps_sections_are_found_through_their_app_config():
    from committee import archive as committee_archive

    archive.SECTIONS.clear()
    archive.discover()
    assert archive.SECTIONS["minutes"] == archive.Section("minutes", "会议纪要", committee_archive.minutes)
    assert archive.SECTIONS["notices"].build is committee_archive.notices
    assert archive.SECTIONS["notices"].title == "通知及回复"


def test_an_invalid_archive_names_every_problem():
    error = archive.ArchiveInvalid(["a.txt changed", "b.txt missing"])
    assert str(error) == "a.txt changed; b.txt missing"


def test_every_talk_of_the_year_is_archived_with_whether_the_public_site_showed_it(year_data):
    import datetime

    from publicity.models import Talk

    for title, shown in [("百年党史", True), ("工匠精神", False)]:
        Talk.objects.create(
            title=title, speaker="王老师", given_on=datetime.date(2022, 6, 1), place="礼堂", published=shown
        )
    Talk.objects.create(title="去年的宣讲", speaker="李老师", given_on=datetime.date(2021, 6, 1), place="礼堂")
    content, _count = archive.build(2022)
    talks = json.loads(zipfile.ZipFile(io.BytesIO(content)).read("publicity/talks.json"))
    assert {t["title"]: t["shown_on_public_site"] for t in talks} == {"百年党史": True, "工匠精神": False}


def check_on_the_page(client, content: bytes, name: str = "gkw-archive-2022.zip"):
    upload = SimpleUploadedFile(name, content, content_type="application/zip")
    return client.post(reverse("publicity:archive_check", args=[2022]), {"archive": upload})


def test_the_page_says_a_good_archive_matches_its_manifest(built, as_user, settings):
    def stored():
        return set(settings.MEDIA_ROOT.rglob("*")) if settings.MEDIA_ROOT.exists() else set()

    before = stored()
    response = check_on_the_page(as_user("office"), built)  # a read: the read-only office may check too
    assert response.status_code == 200
    checked = response.context["checked"]
    assert checked.ok and "plan/plan.json" in checked.matched
    page = html.unescape(response.content.decode())
    with translation.override("zh-hans"):
        said = translation.ngettext(
            "“%(name)s” matches its manifest: its %(counter)s file is unchanged.",
            "“%(name)s” matches its manifest: all %(counter)s files are unchanged.",
            len(checked.matched),
        ) % {"name": "gkw-archive-2022.zip", "counter": len(checked.matched)}
    assert said in page and "plan/plan.json" in page
    assert "manage.py" not in page  # the page checks it itself
    assert stored() == before and YearArchive.objects.count() == 0  # the upload is not kept


def test_the_page_names_the_changed_missing_and_added_files_of_an_altered_archive(built, as_user):
    def alter(name, data):
        if name == "plan/plan.json":
            return b"{}"
        return None if name == "awards/approved.json" else data

    altered = io.BytesIO(rewrite(built, alter))
    with zipfile.ZipFile(altered, "a") as zipped:
        zipped.writestr("reports/extra.txt", b"slipped in")
    response = check_on_the_page(as_user("staff"), altered.getvalue())
    checked = response.context["checked"]
    assert not checked.ok
    assert [name for name, *_ in checked.changed] == ["plan/plan.json"]
    assert checked.missing == ["awards/approved.json"] and checked.unlisted == ["reports/extra.txt"]
    page = html.unescape(response.content.decode())
    with translation.override("zh-hans"):
        for heading in (
            "Changed: the content differs from its checksum in the manifest",
            "Missing: listed in the manifest but not in the archive",
            "Added: in the archive but not in the manifest",
        ):
            assert translation.gettext(heading) in page
    result = page[page.index('id="archive-check-result"') :]
    assert "plan/plan.json" in result and "awards/approved.json" in result and "reports/extra.txt" in result


def test_the_page_refuses_a_file_that_is_not_a_zip_and_checks_a_foreign_zip(built, as_user):
    client = as_user("staff")
    response = check_on_the_page(client, b"%PDF-1.4 not a zip", "gkw-archive-2022.zip")
    assert response.status_code == 200 and "checked" not in response.context
    assert response.context["check_form"].errors["archive"]
    response = check_on_the_page(client, built, "archive.pdf")
    assert "checked" not in response.context and response.context["check_form"].errors["archive"]
    foreign = io.BytesIO()
    with zipfile.ZipFile(foreign, "w") as zipped:
        zipped.writestr("photo.jpg", b"x")
    response = check_on_the_page(client, foreign.getvalue())
    assert response.context["checked"].damage == [archive.Damage.NO_MANIFEST]
    with translation.override("zh-hans"):
        said = translation.gettext(
            "The archive has no manifest (MANIFEST.sha256): it is not an archive of this page, or its manifest was "
            "removed."
        )
    assert said in html.unescape(response.content.decode())


def test_only_those_who_see_the_archive_page_check_one(built, as_user):
    for persona in ["sec1", "norole"]:
        assert check_on_the_page(as_user(persona), built).status_code == 403
    assert as_user("staff").get(reverse("publicity:archive_check", args=[2022])).status_code == 405
