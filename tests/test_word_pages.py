"""The words the walk through the portal found wrong, as the pages now show them (issue 24, item 3).

Each short word below meant two things in one catalogue; tests/test_word_contexts.py keeps the class from coming
back, these tests pin what a person reads in each place.
"""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from colleges.models import College, CommitteeMember
from committee.models import Meeting
from committee.services import meetings as meeting_services
from notifications.models import Email, Notification
from region import services as region_services
from tests.matrix.care import care_objects
from tests.region.builders import build_world

pytestmark = pytest.mark.django_db


def text_of(response):
    assert response.status_code == 200
    return response.content.decode()


def badges(page):
    return [
        re.sub(r"<[^>]+>", "", badge).strip() for badge in re.findall(r'<span class="badge[^"]*">(.*?)</span>', page)
    ]


def label_of(page, field_id):
    found = re.search(rf'<label[^>]*for="{field_id}"[^>]*>\s*(.*?)\s*(?:<span|</label>)', page, re.S)
    assert found, field_id
    return found.group(1).strip()


def test_an_open_need_is_waiting_for_a_match_on_the_list_the_overview_and_the_sheet(as_user, users, college_a):
    care_objects(college_a)
    client = as_user("staff")
    assert "待匹配" in badges(text_of(client.get(reverse("care:needs"))))
    overview = text_of(client.get(reverse("care:overview")))
    assert re.search(r'<th scope="col" class="text-end">待匹配</th>', overview)
    rows = list(
        load_workbook(io.BytesIO(client.get(reverse("care:export")).content)).active.iter_rows(values_only=True)
    )
    assert rows[0][:5] == ("学院", "类别", "待匹配", "已匹配", "已结案")


def test_an_open_task_is_in_progress_and_a_notification_still_opens(as_user, users, college_a):
    staff = users["staff"]
    meeting = meeting_services.save_meeting(
        Meeting(title="例会", held_on=datetime.date(2022, 3, 1), agenda="议程"), staff, [college_a], []
    )
    later = timezone.localdate() + datetime.timedelta(days=30)
    meeting_services.add_decision(meeting, staff, "各学院报送计划。", [college_a], [], later)
    tasks = text_of(as_user("staff").get(reverse("committee:tasks")))
    assert "进行中" in badges(tasks) and "查看" not in badges(tasks)
    Notification.objects.create(user=users["sec1"], title="请查看", link="/plans/")
    inbox = text_of(as_user("sec1").get(reverse("notifications:list")))
    assert re.search(r'type="submit">查看</button>', inbox)


def test_a_notice_goes_to_its_audience_and_an_e_mail_to_its_recipient(as_user, users):
    form = text_of(as_user("staff").get(reverse("committee:notice_create")))
    assert label_of(form, "id_audience") == "发送对象"
    email = Email.objects.create(to="sec1@gkw.example", subject="提醒", body="正文")
    page = text_of(as_user("admin").get(reverse("notifications:outbox_email", args=[email.pk])))
    assert re.search(r"<dt[^>]*>收件人</dt>", page) and "新状态" not in page


def test_a_robot_is_enabled_a_member_in_office_and_a_college_in_use(as_user, users, college_a):
    robot_form = text_of(as_user("admin").get(reverse("notifications:group_create")))
    assert label_of(robot_form, "id_active") == "启用"
    CommitteeMember.objects.filter(college=college_a).update(active=False)
    College.objects.filter(pk=college_a.pk).update(active=False)
    assert "已离任" in badges(text_of(as_user("staff").get(college_a.get_absolute_url())))
    assert "已停用" in badges(text_of(as_user("staff").get(reverse("colleges:list"))))


def test_a_comment_is_labelled_as_a_comment_and_its_button_says_post_it(as_user, users):
    world = build_world(users["staff"])
    post = region_services.create_post(world.region, users["staff"], "通报", "请各校报送。", [])
    page = text_of(as_user("staff").get(reverse("region:post", args=[post.pk])))
    assert label_of(page, "id_body") == "评论"
    assert re.search(r'<button class="btn btn-primary mt-2" type="submit">发表评论</button>', page)
