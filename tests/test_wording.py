"""How the portal words things: titles in quotes nest as Chinese typography nests them, and a committee member
carries one label everywhere."""

from django.urls import reverse

from activities.models import Status
from colleges.models import CommitteeMember, ElderKind, Position
from core.text import nest_quotes
from notifications.models import Notification

from .conftest import make_report


def test_inner_double_quotes_become_single_ones():
    assert nest_quotes("“阳光屋”关爱超市进社区") == "‘阳光屋’关爱超市进社区"
    assert nest_quotes("读懂中国") == "读懂中国"


def test_a_quoted_title_is_not_quoted_twice_in_a_notification(users, college_a):
    make_report(college_a, users["sec1"], status=Status.APPROVED, title="“阳光屋”关爱超市进社区")
    title = Notification.objects.filter(user=users["sec1"]).latest("pk").title
    assert title == "您的活动报告“‘阳光屋’关爱超市进社区”已审核通过"
    assert "““" not in title


def test_a_member_has_one_label_in_the_form_and_on_the_report(users, college_a, as_user):
    member = CommitteeMember.objects.create(
        college=college_a, name="钱国良", position=Position.EXECUTIVE_DEPUTY, elder_kind=ElderKind.TEACHER
    )
    report = make_report(college_a, users["sec1"])
    report.members.add(member)
    label = "钱国良（常务副主任 · 老教师）"
    client = as_user("sec1")
    assert label in client.get(reverse("activities:edit", args=[report.pk])).content.decode()
    assert label in client.get(reverse("activities:detail", args=[report.pk])).content.decode()
    assert label in client.get(reverse("activities:print", args=[report.pk])).content.decode()
    report = make_report(college_a, users["sec1"], status=Status.SUBMITTED, title="待审的活动")
    report.members.add(member)
    review = as_user("staff").get(reverse("activities:review_report", args=[report.pk])).content.decode()
    assert label in review
    plain = CommitteeMember.objects.create(college=college_a, name="孙老师")
    assert str(plain) == "孙老师"
