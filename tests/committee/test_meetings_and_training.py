"""Meetings with decisions that become follow-up tasks tracked to done, and training classes with attendance."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from colleges.models import CommitteeMember
from committee.models import FollowUpTask, Meeting, TaskStatus, TrainingClass, TrainingSession
from committee.services import meetings as meeting_services
from committee.services import training as training_services
from core.versions import StaleWrite
from notifications.models import Notification
from tests.conftest import client_for

from .conftest import pdf_upload


@pytest.fixture
def meeting(users, college_a, as_user):
    as_user("staff").post(
        reverse("committee:meeting_create"),
        {
            "title": "2022年校关工委第一次全体会议",
            "held_on": "2022-03-10",
            "place": "行政楼会议室",
            "agenda": "一、学习传达上级精神\n二、部署年度工作",
            "minutes": "会议讨论通过了年度工作要点。",
            "colleges_present": [college_a.pk],
        },
    )
    return Meeting.objects.get()


def test_a_meeting_keeps_agenda_minutes_and_attendance(meeting, college_a, college_b, as_user):
    assert list(meeting.colleges_present.all()) == [college_a]
    page = as_user("sec2").get(meeting.get_absolute_url()).content.decode()
    assert "部署年度工作" in page and "会议讨论通过了年度工作要点" in page and college_a.short_name in page


def test_an_edit_on_a_stale_page_is_refused(meeting, users, as_user):
    url = reverse("committee:meeting_edit", args=[meeting.pk])
    data = {"title": "改", "held_on": "2022-03-10", "version": meeting.version}
    assert as_user("staff").post(url, data).status_code == 302
    response = as_user("staff").post(url, {**data, "title": "旧页面"})
    assert response.status_code == 200 and "他人刚刚修改了该记录" in response.content.decode()
    assert Meeting.objects.get().title == "改"


def test_a_decision_becomes_a_task_per_owner_and_the_owners_are_told(
    meeting, users, college_a, college_b, student_affairs, unit1, as_user
):
    url = reverse("committee:decision_create", args=[meeting.pk])
    response = as_user("staff").post(url, {"text": "各学院报送品牌项目", "follow_up": [f"college-{college_a.pk}"]})
    assert response.status_code == 200 and FollowUpTask.objects.count() == 0  # an owner needs a due date
    as_user("staff").post(
        url,
        {
            "text": "各学院报送品牌项目",
            "follow_up": [f"college-{college_a.pk}", f"unit-{student_affairs.pk}"],
            "due_on": "2022-04-30",
        },
    )
    tasks = FollowUpTask.objects.order_by("pk")
    assert [(t.college, t.unit, t.due_on) for t in tasks] == [
        (college_a, None, datetime.date(2022, 4, 30)),
        (None, student_affairs, datetime.date(2022, 4, 30)),
    ]
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"sec1", "unit1"}


def test_the_owner_marks_a_task_done_and_no_one_else_may(meeting, users, college_a, as_user):
    meeting_services.add_decision(meeting, users["staff"], "报送材料", [college_a], [], datetime.date(2022, 4, 1))
    task = FollowUpTask.objects.get()
    url = reverse("committee:task_done", args=[task.pk])
    assert as_user("sec2").post(url, {"note": "冒名", "version": task.version}).status_code == 404
    assert as_user("staff").post(url, {"note": "代办", "version": task.version}).status_code == 403
    page = as_user("sec1").get(url).content.decode()
    assert f"{meeting.title}：报送材料" in page  # the task, under the page's title
    response = as_user("sec1").post(url, {"note": "", "version": task.version})
    assert response.status_code == 200 and FollowUpTask.objects.get().status == TaskStatus.OPEN
    as_user("sec1").post(url, {"note": "已报送至校关工委", "version": task.version})
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.done_by == users["sec1"] and task.done_note == "已报送至校关工委"
    # Done once: the page says so and the second note does not replace the first.
    again = as_user("sec1").post(url, {"note": "再次", "version": task.version})
    assert again.status_code == 302 and FollowUpTask.objects.get().done_note == "已报送至校关工委"


def test_overdue_tasks_are_shown_as_overdue(meeting, users, college_a, as_user):
    meeting_services.add_decision(meeting, users["staff"], "过期的事项", [college_a], [], datetime.date(2000, 1, 1))
    meeting_services.add_decision(meeting, users["staff"], "未到期的事项", [college_a], [], datetime.date(2999, 1, 1))
    today = datetime.date(2022, 6, 1)
    overdue, later = FollowUpTask.objects.order_by("due_on")
    assert overdue.is_overdue(today) and not later.is_overdue(today)
    page = as_user("sec1").get(reverse("committee:tasks")).content.decode()
    assert page.count("已逾期") == 1
    assert "已逾期" in as_user("sec1").get(reverse("home")).content.decode()


def test_each_sees_only_their_own_tasks(meeting, users, college_a, college_b, as_user):
    meeting_services.add_decision(meeting, users["staff"], "甲院事项", [college_a], [], datetime.date(2022, 4, 1))
    meeting_services.add_decision(meeting, users["staff"], "乙院事项", [college_b], [], datetime.date(2022, 4, 1))
    page = as_user("sec1").get(reverse("committee:tasks")).content.decode()
    assert "甲院事项" in page and "乙院事项" not in page
    page = as_user("office").get(reverse("committee:tasks")).content.decode()
    assert "甲院事项" in page and "乙院事项" in page


def test_a_meeting_shows_each_owner_only_their_own_tasks(
    meeting, users, college_a, college_b, student_affairs, unit1, as_user
):
    """The meeting is everyone's to read; a follow-up task's state and note are its owner's, as on the task list."""
    from committee import lists

    decision = meeting_services.add_decision(
        meeting, users["staff"], "落实", [college_a, college_b], [student_affairs], datetime.date(2022, 4, 1)
    )
    tasks = {task.college_id or task.unit_id: task for task in decision.tasks.all()}
    task = tasks[college_a.pk]
    meeting_services.complete_task(task, users["sec1"], "甲院已落实", task.version)
    task = tasks[student_affairs.pk]
    meeting_services.complete_task(task, unit1, "学工已落实", task.version)
    notes = ["甲院已落实", "学工已落实"]
    for viewer, sees in [("sec1", notes[:1]), ("sec2", []), ("office", notes), ("staff", notes)]:
        page = as_user(viewer).get(meeting.get_absolute_url()).content.decode()
        assert [note for note in notes if note in page] == sees, viewer
    page = client_for(unit1).get(meeting.get_absolute_url()).content.decode()
    assert [note for note in notes if note in page] == notes[1:]
    # The meetings list counts the open tasks the reader sees: B's for its secretary, every owner's for the office.
    readers = ["sec1", "sec2", "office"]
    assert [lists.meetings_with_counts(users[name]).get().open_tasks for name in readers] == [0, 1, 1]


@pytest.fixture
def training(users, college_a, college_b):
    training = training_services.save_training(
        TrainingClass(title="二级学院关工委干部培训班", year=2022), users["staff"]
    )
    first = training_services.add_session(
        training, users["staff"], TrainingSession(held_on=datetime.date(2022, 5, 1), topic="开班", hours=Decimal("2"))
    )
    second = training_services.add_session(
        training,
        users["staff"],
        TrainingSession(held_on=datetime.date(2022, 5, 8), topic="专题", hours=Decimal("3.5")),
    )
    return training, first, second


def test_attendance_gives_each_member_their_hours_and_each_college_its_attendance(
    training, users, college_a, college_b, as_user
):
    training, first, second = training
    director = CommitteeMember.objects.get(name="甲主任")
    deputy = CommitteeMember.objects.get(name="乙老师")
    other = CommitteeMember.objects.get(name="丙主任")
    url = reverse("committee:attendance", args=[first.pk])
    as_user("staff").post(url, {"attendees": [director.pk, deputy.pk, other.pk], "version": first.version})
    as_user("staff").post(
        reverse("committee:attendance", args=[second.pk]), {"attendees": [director.pk], "version": second.version}
    )
    assert set(first.attendees.all()) == {director, deputy, other}
    record = as_user("sec1").get(reverse("committee:college_training", args=["aa"]))
    members = {m.name: m for m in record.context["members"]}
    assert members["甲主任"].hours == Decimal("5.5") and members["甲主任"].sessions_attended == 2
    assert members["乙老师"].hours == Decimal("2")
    assert as_user("sec2").get(reverse("committee:college_training", args=["aa"])).status_code == 404
    detail = as_user("staff").get(training.get_absolute_url())
    by_college = {college.code: row for college, row in detail.context["by_college"]}
    assert by_college["aa"] == {"college_id": college_a.pk, "people": 2, "attendances": 3}
    assert by_college["bb"]["people"] == 1
    # A secretary sees their own college's row and members only.
    page = as_user("sec1").get(training.get_absolute_url())
    assert [college.code for college, _row in page.context["by_college"]] == ["aa"]
    assert "丙主任" not in page.content.decode()


def test_attendance_on_a_stale_page_is_refused(training, users, as_user):
    _training, first, _second = training
    director = CommitteeMember.objects.get(name="甲主任")
    training_services.record_attendance(first, users["staff"], [director], first.version)
    with pytest.raises(StaleWrite):
        training_services.record_attendance(first, users["staff"], [], first.version)
    assert list(TrainingSession.objects.get(pk=first.pk).attendees.all()) == [director]


def test_staff_add_files_to_a_meeting_and_an_empty_or_false_file_adds_none(meeting, as_user):
    url = reverse("committee:meeting_files", args=[meeting.pk])
    response = as_user("staff").post(url, {"files": [pdf_upload("纪要.pdf")]}, follow=True)
    assert "已添加 1 个文件。" in response.content.decode()
    assert [f.original_name for f in meeting.attachments.all()] == ["纪要.pdf"]
    response = as_user("staff").post(url, {}, follow=True)
    assert "请至少选择一个文件。" in response.content.decode()
    fake = SimpleUploadedFile("假.pdf", b"<script>", content_type="application/pdf")
    response = as_user("staff").post(url, {"files": [fake, pdf_upload("另一份.pdf")]}, follow=True)
    assert "未保存任何内容。" in response.content.decode()
    assert meeting.attachments.count() == 1
