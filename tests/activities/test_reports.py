"""The report cycle as its users live it: file, upload, submit, return, correct, resubmit, approve."""

import datetime

from django.urls import reverse

from activities.models import Action, ActivityKind, ActivityReport, Evidence, ReportEvent, Status
from colleges.models import CommitteeMember

from ..conftest import make_report
from ..helpers import photo_upload


def report_form(**overrides):
    data = {
        "kind": ActivityKind.objects.get(code="lecturer-lecture").pk,
        "title": "讲师团走进机械学院：百年党史中的青春力量",
        "starts_on": "2022-05-04",
        "ends_on": "2022-05-04",
        "place": "机械学院报告厅",
        "organiser": "机械技术学院关工委",
        "student_count": "120",
        "teacher_count": "6",
        "summary": "老同志讲述党史故事。",
        "outcome": "反响热烈。",
        "news_url": "",
        "version": "1",
    }
    return {**data, **overrides}


def post_transition(client, report, action, comment="", version=None):
    data = {"action": action, "comment": comment, "version": version or report.version}
    return client.post(reverse("activities:transition", args=[report.pk]), data, follow=True)


def test_the_whole_cycle_moves_the_plans_lecture_count(plan, users, college_a, as_user):
    sec1, staff = as_user("sec1"), as_user("staff")
    elder = CommitteeMember.objects.get(name="乙老师")

    response = sec1.post(reverse("activities:create"), report_form(members=[elder.pk]), follow=True)
    report = ActivityReport.objects.get()
    assert response.redirect_chain[-1][0] == report.get_absolute_url()
    assert (report.status, report.college, report.year) == (Status.DRAFT, college_a, 2022)
    assert report.work_point.code == "4.2" and report.work_point.section.plan == plan
    assert list(report.members.all()) == [elder]

    upload = [photo_upload("合影1.jpg"), photo_upload("合影2.png", image_format="PNG")]
    response = sec1.post(reverse("activities:evidence_upload", args=[report.pk]), {"files": upload}, follow=True)
    assert "已添加 2 个文件" in response.content.decode()
    assert report.evidence.count() == 2 and all(e.thumbnail for e in report.evidence.all())

    report.refresh_from_db()
    post_transition(sec1, report, "submit")
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED and report.submitted_at is not None

    response = post_transition(staff, report, "return", "")
    assert "请说明理由" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED

    post_transition(staff, report, "return", "请补充签到表。")
    report.refresh_from_db()
    assert (report.status, report.return_reason) == (Status.RETURNED, "请补充签到表。")
    page = sec1.get(report.get_absolute_url()).content.decode()
    assert "请补充签到表。" in page and "重新提交审核" in page

    response = sec1.post(
        reverse("activities:edit", args=[report.pk]), report_form(summary="已补充签到表。", version=report.version)
    )
    assert response.status_code == 302
    report.refresh_from_db()
    post_transition(sec1, report, "submit")
    report.refresh_from_db()
    post_transition(staff, report, "approve")
    report.refresh_from_db()
    assert report.status == Status.APPROVED and report.summary == "已补充签到表。"

    page = as_user("office").get(reverse("plans:detail", args=[2022])).content.decode()
    assert "1 份讲师团宣讲报告已审核通过" in page
    history = list(report.events.values_list("action", flat=True))
    assert history == [
        Action.CREATE,
        Action.ADD_EVIDENCE,
        Action.SUBMIT,
        Action.RETURN,
        Action.EDIT,
        Action.SUBMIT,
        Action.APPROVE,
    ]
    work_point_page = as_user("sec1").get(report.work_point.get_absolute_url()).content.decode()
    assert report.title in work_point_page


def test_a_secretary_cannot_edit_a_submitted_report(users, college_a, as_user):
    report = make_report(college_a, users["sec1"], status=Status.SUBMITTED)
    response = as_user("sec1").post(reverse("activities:edit", args=[report.pk]), report_form(title="改"), follow=True)
    assert "不能修改" in response.content.decode()
    report.refresh_from_db()
    assert report.title != "改"


def test_a_stale_edit_is_refused_and_the_newer_text_kept(users, college_a, as_user):
    report = make_report(college_a, users["sec1"])
    client = as_user("sec1")
    assert (
        client.post(reverse("activities:edit", args=[report.pk]), report_form(title="第一次", version=1)).status_code
        == 302
    )
    response = client.post(reverse("activities:edit", args=[report.pk]), report_form(title="第二次", version=1))
    assert response.status_code == 200 and "他人刚刚修改了该记录" in response.content.decode()
    report.refresh_from_db()
    assert report.title == "第一次"


def test_a_stale_review_is_refused_with_a_message(users, college_a, as_user):
    report = make_report(college_a, users["sec1"], status=Status.SUBMITTED)
    stale_version = report.version
    post_transition(as_user("staff"), report, "approve")
    response = post_transition(as_user("admin"), report, "return", "理由", version=stale_version)
    assert "他人刚刚修改了该记录" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.APPROVED
    assert report.events.filter(action=Action.RETURN).count() == 0


def test_staff_reopen_an_approved_report_with_a_reason(users, college_a, as_user):
    report = make_report(college_a, users["sec1"], status=Status.APPROVED)
    post_transition(as_user("staff"), report, "reopen", "新闻链接失效。")
    report.refresh_from_db()
    assert report.status == Status.RETURNED and report.return_reason == "新闻链接失效。"


def test_roles_that_may_never_review_are_refused(users, college_a, as_user):
    report = make_report(college_a, users["sec1"], status=Status.SUBMITTED)
    assert post_transition(as_user("sec1"), report, "approve").status_code == 403
    assert post_transition(as_user("office"), report, "approve").status_code == 403
    assert post_transition(as_user("sec2"), report, "approve").status_code == 404
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_a_secretary_deletes_a_draft_but_not_a_submitted_report(users, college_a, as_user):
    draft = make_report(college_a, users["sec1"])
    submitted = make_report(college_a, users["sec1"], status=Status.SUBMITTED)
    client = as_user("sec1")
    assert client.post(reverse("activities:delete", args=[draft.pk]), {"version": draft.version}).status_code == 302
    assert client.post(reverse("activities:delete", args=[submitted.pk])).status_code == 403
    assert list(ActivityReport.objects.all()) == [submitted]


def test_dates_are_checked(users, college_a, as_user):
    client = as_user("sec1")
    response = client.post(reverse("activities:create"), report_form(starts_on="2022-05-04", ends_on="2022-05-01"))
    assert "结束日期不能早于开始日期" in response.content.decode()
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    response = client.post(reverse("activities:create"), report_form(starts_on=future, ends_on=future))
    assert "不能晚于今天" in response.content.decode()
    response = client.post(reverse("activities:create"), report_form(starts_on="not a date"))
    assert response.status_code == 200
    assert not ActivityReport.objects.exists()


def test_a_member_of_another_college_cannot_be_named(users, college_a, college_b, as_user):
    outsider = CommitteeMember.objects.get(college=college_b)
    response = as_user("sec1").post(reverse("activities:create"), report_form(members=[outsider.pk]))
    assert response.status_code == 200
    assert not ActivityReport.objects.exists()


def test_staff_choose_the_college_before_filing(users, college_a, college_b, as_user):
    client = as_user("staff")
    assert "为哪个学院填报" in client.get(reverse("activities:create")).content.decode()
    response = client.post(f"{reverse('activities:create')}?college=bb", report_form(), follow=True)
    assert ActivityReport.objects.get().college == college_b
    assert response.status_code == 200
    assert client.get(f"{reverse('activities:create')}?college=nope").status_code == 404


def test_a_secretary_cannot_file_for_another_college(users, college_a, college_b, as_user):
    assert as_user("sec1").get(f"{reverse('activities:create')}?college=bb").status_code == 404


def test_review_queue_lists_the_oldest_submission_first(users, college_a, college_b, as_user):
    first = make_report(college_a, users["sec1"], status=Status.SUBMITTED, title="先提交")
    second = make_report(college_b, users["sec2"], status=Status.SUBMITTED, title="后提交")
    make_report(college_a, users["sec1"], title="草稿")
    page = as_user("staff").get(reverse("activities:review")).content.decode()
    assert page.index(first.title) < page.index(second.title)
    assert "草稿" not in page


def test_the_list_filters_and_a_secretary_sees_only_their_college(plan, users, college_a, college_b, as_user):
    make_report(college_a, users["sec1"], status=Status.APPROVED, title="机械的宣讲")
    make_report(
        college_a,
        users["sec1"],
        title="机械的调研",
        kind="research",
        starts_on=datetime.date(2022, 9, 1),
        ends_on=datetime.date(2022, 9, 2),
    )
    make_report(college_b, users["sec2"], title="控制的宣讲")
    staff = as_user("staff")

    def titles(client, **query):
        response = client.get(reverse("activities:list"), query)
        assert response.status_code == 200
        return {r.title for r in response.context["reports"]}

    assert titles(staff) == {"机械的宣讲", "机械的调研", "控制的宣讲"}
    assert titles(staff, status="approved") == {"机械的宣讲"}
    assert titles(staff, college=college_b.pk) == {"控制的宣讲"}
    assert titles(staff, kind=ActivityKind.objects.get(code="research").pk) == {"机械的调研"}
    assert titles(staff, date_from="2022-08-01") == {"机械的调研"}
    assert titles(staff, date_to="2022-06-01") == {"机械的宣讲", "控制的宣讲"}
    assert titles(staff, q="控制") == {"控制的宣讲"}
    point = plan.sections.get(number=4).work_points.get(code="4.2")
    assert titles(staff, work_point=point.pk) == {"机械的宣讲", "控制的宣讲"}
    assert titles(as_user("sec2")) == {"控制的宣讲"}
    assert titles(as_user("sec2"), college=college_a.pk) == set()  # not a choice for them: the filter is invalid
    assert titles(staff, date_from="yesterday", status="bogus") == set()


def test_list_query_count_is_the_same_for_10_and_1000_reports(users, college_a, as_user, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user("staff")
    template = make_report(college_a, users["sec1"], status=Status.APPROVED)
    Evidence.objects.bulk_create([])

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("activities:list")).status_code == 200
        return len(captured)

    def add(n):
        fields = {
            f.attname: getattr(template, f.attname) for f in ActivityReport._meta.concrete_fields if f.attname != "id"
        }
        ActivityReport.objects.bulk_create([ActivityReport(**fields) for _ in range(n)])

    add(9)
    at_ten = count()
    add(990)
    assert ActivityReport.objects.count() == 1000
    assert count() == at_ten


def test_every_state_change_is_recorded_with_who_and_why(users, college_a):
    report = make_report(college_a, users["sec1"], status=Status.RETURNED)
    events = list(
        report.events.order_by("pk").values_list("action", "from_status", "to_status", "actor__username", "comment")
    )
    assert events == [
        ("create", "", "draft", "sec1", ""),
        ("add_evidence", "draft", "draft", "sec1", "活动照片.jpg"),
        ("submit", "draft", "submitted", "sec1", ""),
        ("return", "submitted", "returned", "staff", "请补充材料"),
    ]
    assert ReportEvent.objects.count() == 4
