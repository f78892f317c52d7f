import datetime
import io
import json
import zipfile

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.todos import todos_for
from rectification import archive, figures, services
from rectification.models import ItemStatus, RectificationItem
from rectification.workflow import SUBMIT

from .helpers import finalised, scheme_of

TODAY = timezone.localdate()


def planned(item, user, deadline=None):
    return services.save_plan(
        item,
        user,
        measures="逐项整改。",
        owner="王老师",
        deadline=deadline or TODAY + datetime.timedelta(days=10),
        expected_version=item.version,
    )


def test_the_secretary_writes_the_plan_on_its_page(users, item, as_user):
    client = as_user("sec1")
    url = reverse("rectification:plan", args=[item.pk])
    page = client.get(url)
    assert "整改方案" in page.content.decode()
    posted = client.post(
        url, {"measures": "召开专题会。", "owner": "王老师", "deadline": f"{TODAY:%Y-%m-%d}", "version": item.version}
    )
    assert posted.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.owner) == (ItemStatus.PLANNED, "王老师")
    shown = client.get(item.get_absolute_url()).content.decode()
    assert "召开专题会。" in shown and "已制定方案" in shown


def test_a_deadline_before_today_is_refused_on_the_form(users, item, as_user):
    yesterday = TODAY - datetime.timedelta(days=1)
    page = as_user("sec1").post(
        reverse("rectification:plan", args=[item.pk]),
        {"measures": "召开专题会。", "owner": "王老师", "deadline": f"{yesterday:%Y-%m-%d}", "version": item.version},
    )
    assert page.status_code == 200 and "完成时限不能早于今天" in page.content.decode()


def test_staff_list_filters_by_year_college_status_and_overdue(users, item, college_b, as_user):
    other = RectificationItem.objects.get(assessment=finalised(college_b, users["staff"]))
    planned(other, users["sec2"])
    RectificationItem.objects.filter(pk=other.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    client = as_user("staff")
    url = reverse("rectification:list")

    def shown(query):
        return {i.pk for i in client.get(url, query).context["items"]}

    assert shown({}) == {item.pk, other.pk}
    assert shown({"college": college_b.code}) == {other.pk}
    assert shown({"status": "open"}) == {item.pk}
    assert shown({"overdue": "1"}) == {other.pk}
    assert shown({"year": "2021"}) == {item.pk, other.pk}


def test_a_secretary_lists_their_own_colleges_items_only(users, item, college_b, as_user):
    finalised(college_b, users["staff"])
    page = as_user("sec1").get(reverse("rectification:list"))
    assert [i.pk for i in page.context["items"]] == [item.pk]
    assert "college" not in page.context["filters"].fields


def test_staff_choose_indicators_on_the_assessments_page(users, graded, as_user):
    client = as_user("staff")
    url = reverse("rectification:choose", args=[2021, graded.college.code])
    page = client.get(url)
    form = page.context["form"]
    choices = [value for value, _label in form.fields["indicators"].choices]
    assert len(choices) == 1 and "已有整改项" in page.content.decode()
    assessment_page = client.get(graded.get_absolute_url()).content.decode()
    assert url in assessment_page


def test_the_next_years_assessment_shows_last_years_items(users, item, as_user):
    from scoring import assessments

    scheme = scheme_of(2022)
    assessments.ensure_assessments(scheme, [item.college])
    page = as_user("sec1").get(reverse("scoring:assessment", args=[2022, item.college.code])).content.decode()
    assert 'id="rectification-last-year"' in page
    assert item.get_absolute_url() in page and "待制定方案" in page


def test_todos_plan_and_overdue_for_the_college_acceptance_for_staff(users, item):
    keys = [todo.key for todo in todos_for(users["sec1"], TODAY)]
    assert "rectification.plan" in keys and "rectification.overdue" not in keys
    item = planned(item, users["sec1"], deadline=TODAY)
    keys = [todo.key for todo in todos_for(users["sec1"], TODAY + datetime.timedelta(days=1))]
    assert "rectification.overdue" in keys and "rectification.plan" not in keys
    assert "rectification.acceptance" not in [t.key for t in todos_for(users["staff"], TODAY)]
    services.add_note(item, users["sec1"], text="已整改。", on=TODAY, expected_version=item.version)
    item.refresh_from_db()
    services.transition(item, users["sec1"], SUBMIT, expected_version=item.version)
    assert "rectification.acceptance" in [t.key for t in todos_for(users["staff"], TODAY)]
    assert not [t for t in todos_for(users["sec2"], TODAY) if t.key.startswith("rectification")]


def test_the_figures_count_open_overdue_and_accepted_in_one_query(users, item, college_b):
    other = RectificationItem.objects.get(assessment=finalised(college_b, users["staff"]))
    planned(other, users["sec2"], deadline=TODAY)
    later = TODAY + datetime.timedelta(days=1)
    with CaptureQueriesContext(connection) as queries:
        counts = figures.counts(RectificationItem.objects.filter(year=2021), later)
    assert len(queries) == 1
    assert (counts["open"], counts["overdue"], counts["accepted"]) == (2, 1, 0)
    assert figures.year_counts(2021, later, college_b.pk)["overdue"] == 1


def test_the_dashboards_show_the_counts(users, item, as_user):
    school = as_user("office").get(reverse("dashboard:year", args=[2021])).content.decode()
    assert 'id="rectification-open"' in school
    college = as_user("sec1").get(reverse("dashboard:college", args=[2021, item.college.code]))
    assert 'id="rectification-open"' in college.content.decode()


def test_the_archive_section_holds_the_workbook_and_each_items_history(users, item):
    planned(item, users["sec1"])
    files = dict(archive.rectification_files(2021))
    book = load_workbook(io.BytesIO(files["rectification-2021.xlsx"]))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert any(item.college.name in row for row in rows)
    data = json.loads(files["items.json"])
    assert [e["action"] for e in data["items"][0]["history"]] == ["create", "plan"]
    assert dict(archive.rectification_files(2019)).keys() == {"README.txt"}


def test_the_year_archive_registers_the_section():
    from publicity.archive import SECTIONS

    assert "rectification" in SECTIONS


def test_the_export_downloads_for_the_office(users, item, as_user):
    response = as_user("office").get(reverse("rectification:export", args=[2021]))
    assert response.status_code == 200
    assert zipfile.is_zipfile(io.BytesIO(response.content))


def test_submitting_on_the_page_asks_first_and_staff_return_with_a_reason(users, item, as_user):
    item = planned(item, users["sec1"])
    services.add_note(item, users["sec1"], text="已整改。", on=TODAY, expected_version=item.version)
    item.refresh_from_db()
    act = reverse("rectification:act", args=[item.pk])
    secretary = as_user("sec1")
    page = secretary.get(item.get_absolute_url()).content.decode()
    assert act in page and "提交验收" in page
    asked = secretary.post(act, {"action": "submit", "version": item.version})
    assert asked.status_code == 200 and "确定提交该项整改验收吗" in asked.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS  # nothing written before the answer
    done = secretary.post(act, {"action": "submit", "version": item.version, "confirmed": "yes"})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.SUBMITTED
    staff = as_user("staff")
    staff.post(act, {"action": "return", "version": item.version, "comment": "请补充照片。"})
    item.refresh_from_db()
    assert (item.status, item.return_reason) == (ItemStatus.IN_PROGRESS, "请补充照片。")
    assert "请补充照片。" in secretary.get(item.get_absolute_url()).content.decode()
