"""Privacy, one test per rule: confidential notes for staff and the need's own college only; every read of a
sensitive need logged and the log for staff; counts only in figures and exports; purge after retention."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from care import services, workflow
from care.models import CareSession, CareYear, Need, SensitiveRead

from ..conftest import client_for

SECRET = "保密备注：家庭变故"


@pytest.fixture
def sensitive_need(users, college_a, categories):
    return services.post_need(
        Need(
            college=college_a,
            category=categories["counselling"],
            person_code="JX-SECRET-01",
            description="新生适应困难",
            notes=SECRET,
        ),
        users["sec1"],
    )


@pytest.mark.parametrize("persona", ["staff", "sec1", "admin"])
def test_staff_and_the_needs_own_college_read_the_notes_and_each_read_is_logged(
    persona, users, sensitive_need, as_user
):
    url = reverse("care:need_notes", args=[sensitive_need.pk])
    client = as_user(persona)
    assert SECRET in client.get(url).content.decode()
    client.get(url)
    reads = SensitiveRead.objects.filter(need=sensitive_need, user=users[persona])
    assert reads.count() == 2


def test_the_counsellor_of_the_college_reads_them_too(counsellor, sensitive_need):
    assert SECRET in client_for(counsellor).get(reverse("care:need_notes", args=[sensitive_need.pk])).content.decode()
    assert SensitiveRead.objects.filter(user=counsellor).count() == 1


@pytest.mark.parametrize("persona,status", [("office", 403), ("sec2", 404), ("norole", 403)])
def test_nobody_else_reads_the_notes_and_nothing_is_logged(persona, status, sensitive_need, as_user):
    response = as_user(persona).get(reverse("care:need_notes", args=[sensitive_need.pk]))
    assert response.status_code == status and SECRET not in response.content.decode()
    assert not SensitiveRead.objects.exists()


def test_the_service_refuses_the_office(users, sensitive_need):
    with pytest.raises(services.CareError):
        services.read_notes(sensitive_need, users["office"])
    assert not SensitiveRead.objects.exists()


def test_the_detail_page_does_not_show_the_notes_and_logs_nothing(sensitive_need, as_user):
    for persona in ["staff", "office", "sec1"]:
        page = as_user(persona).get(sensitive_need.get_absolute_url()).content.decode()
        assert SECRET not in page
    assert not SensitiveRead.objects.exists()


def test_the_read_log_is_for_staff(users, sensitive_need, as_user):
    as_user("sec1").get(reverse("care:need_notes", args=[sensitive_need.pk]))
    page = as_user("staff").get(reverse("care:read_log")).content.decode()
    assert "sec1" in page and "JX-SECRET-01" in page
    for persona in ["office", "sec1", "sec2"]:
        assert as_user(persona).get(reverse("care:read_log")).status_code == 403


def test_a_sensitive_pairs_session_notes_stay_off_the_pair_page_and_the_elders_page(
    users, sensitive_need, offer_a, elder_user, as_user
):
    pair = services.propose(sensitive_need, offer_a, users["sec1"], sensitive_need.version)
    pair = services.transition_pair(pair, users["sec1"], workflow.CONFIRM, pair.version)
    services.log_session(CareSession(pair=pair, held_on=datetime.date(2022, 5, 1), note="谈到家庭情况"), users["sec1"])
    assert "谈到家庭情况" not in as_user("office").get(pair.get_absolute_url()).content.decode()
    assert "谈到家庭情况" not in as_user("sec1").get(pair.get_absolute_url()).content.decode()
    mine = client_for(elder_user).get(reverse("care:mine")).content.decode()
    assert "JX-SECRET-01" in mine and "谈到家庭情况" not in mine and "新生适应困难" not in mine
    # The notes page, opened on purpose, shows the session notes and logs the read.
    assert "谈到家庭情况" in as_user("sec1").get(reverse("care:need_notes", args=[sensitive_need.pk])).content.decode()
    assert SensitiveRead.objects.count() == 1


def test_figures_and_exports_show_counts_only(users, sensitive_need, as_user):
    overview = as_user("staff").get(reverse("care:overview") + f"?year={sensitive_need.year}").content.decode()
    assert "JX-SECRET-01" not in overview and SECRET not in overview and "新生适应困难" not in overview
    response = as_user("staff").get(reverse("care:export") + f"?year={sensitive_need.year}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row]
    assert "心理疏导" in cells and "1" in cells
    assert not any("JX-SECRET" in c or "保密" in c or "适应" in c for c in cells)


def close(need, offer, user):
    pair = services.propose(need, offer, user, need.version)
    pair = services.transition_pair(pair, user, workflow.CONFIRM, pair.version)
    services.log_session(CareSession(pair=pair, held_on=datetime.date(2022, 5, 1), note="会谈内容"), user)
    pair.refresh_from_db()
    services.transition_pair(pair, user, workflow.CLOSE, pair.version, outcome="resolved", feedback="好")


def test_closed_notes_are_purged_after_the_retention_period_keeping_the_counts(users, sensitive_need, offer_a):
    close(sensitive_need, offer_a, users["sec1"])
    now = timezone.now()
    assert services.purge_expired_notes(now + datetime.timedelta(days=365 * 3 - 2)) == 0  # not yet three years
    assert services.purge_expired_notes(now + datetime.timedelta(days=365 * 3 + 2)) == 1
    need = Need.objects.get()
    assert need.notes == "" and need.notes_purged_at and need.status == "closed"
    assert CareSession.objects.get().note == ""
    assert Need.objects.filter(status="closed").count() == 1  # the record, so the counts, remain
    assert need.events.filter(action="purge").exists()


def test_the_years_retention_is_honoured_and_open_needs_are_kept(
    users, college_a, categories, sensitive_need, offer_a
):
    CareYear.objects.create(year=sensitive_need.year, retention_years=1)
    open_need = services.post_need(
        Need(college=college_a, category=categories["hardship"], person_code="X", description="d", notes="留着"),
        users["sec1"],
    )
    close(sensitive_need, offer_a, users["sec1"])
    call_command("purge_care_notes", stdout=io.StringIO())
    assert Need.objects.get(pk=sensitive_need.pk).notes == SECRET  # closed today: kept
    assert services.purge_expired_notes(timezone.now() + datetime.timedelta(days=370)) == 1
    assert Need.objects.get(pk=open_need.pk).notes == "留着"


def test_the_purge_runs_as_a_periodic_task(settings):
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "care.tasks.purge_expired_notes" in schedule
    from care.tasks import purge_expired_notes

    assert purge_expired_notes.name == "care.tasks.purge_expired_notes"


def test_the_edit_form_shows_the_notes_so_opening_it_is_a_logged_read(users, sensitive_need, as_user):
    page = as_user("sec1").get(reverse("care:need_edit", args=[sensitive_need.pk])).content.decode()
    assert SECRET in page
    assert SensitiveRead.objects.filter(user=users["sec1"], need=sensitive_need).count() == 1
    assert as_user("office").get(reverse("care:need_edit", args=[sensitive_need.pk])).status_code == 403
    assert SensitiveRead.objects.count() == 1


def test_who_reads_a_colleges_care_records_and_who_its_confidential_notes():
    """The predicates themselves, without the views in front of them (mutation testing found them untested)."""
    from care.access import care_authors, care_reads, reads_notes
    from colleges.access import NO_ACCESS, Access
    from colleges.models import Role as R

    readers = [Access(R.STAFF), Access(R.ADMIN), Access(R.OFFICE)]
    assert all(care_reads(a, 7) for a in readers)
    for role in [R.SECRETARY, R.COUNSELLOR]:
        assert care_reads(Access(role, 1), 1) and care_authors(Access(role, 1), 1) and reads_notes(Access(role, 1), 1)
        assert not care_reads(Access(role, 1), 2) and not care_reads(Access(role, 1), None)
    for outsider in [NO_ACCESS, Access(R.ELDER), Access(R.CORRESPONDENT, 1), Access(R.REGION_REVIEWER)]:
        assert not care_reads(outsider, 1) and not reads_notes(outsider, 1)
    assert not reads_notes(Access(R.OFFICE), 1) and not care_authors(Access(R.OFFICE), 1)
