"""What waits in publicity (publicity/todos.py): staff's news to publish and nominations to decide; a
correspondent's returned news (with the reason) and drafts, their own college's only."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from publicity import services
from publicity.models import NewsItem, NewsStatus, Nomination
from publicity.todos import home_todos

from ..conftest import make_user
from ..helpers import todo_entry


def todos_of(user) -> dict:
    return {todo.key: todo for todo in home_todos(user, timezone.localdate()) if todo.count}


def news(report, user, title="重阳敬老活动新闻"):
    return services.create_news(report, user, title, "老同志与学生共度重阳。")


def test_staff_see_news_waiting_to_be_published(users, correspondent, approved):
    item = news(approved, correspondent)
    assert "publicity.publish" not in todos_of(users["staff"])  # a draft is the college's
    services.transition_news(item, correspondent, "submit", "", item.version)
    waiting = todos_of(users["staff"])["publicity.publish"]
    assert int(waiting.count) == 1 and waiting.url == f"{reverse('publicity:news_list')}?status=submitted"
    assert not todos_of(users["office"])


def test_staff_see_nominations_to_decide_in_their_year(users, college_a):
    services.propose(Nomination(year=2022, kind="collective", college=college_a, reasons="工作扎实"), users["sec1"])
    waiting = todos_of(users["staff"])["publicity.nominations"]
    assert int(waiting.count) == 1 and waiting.url == reverse("publicity:nominations", args=[2022])
    assert "publicity.nominations" not in todos_of(users["sec1"])  # the secretary proposes, staff decide


def test_a_correspondent_sees_their_returned_news_with_the_reason_and_drafts(
    users, college_b, correspondent, approved, as_correspondent
):
    item = news(approved, correspondent, "被退回的新闻")
    item = services.transition_news(item, correspondent, "submit", "", item.version)
    services.transition_news(item, users["staff"], "return", "请补充照片说明", item.version)
    news(approved, correspondent, "一篇草稿")
    other = make_user("corr2", "correspondent", college_b)
    todos = todos_of(correspondent)
    assert todos["publicity.returned"].urgent
    assert [(i.label, i.note) for i in todos["publicity.returned"].items] == [("被退回的新闻", "请补充照片说明")]
    assert int(todos["publicity.drafts"].count) == 1
    assert todos_of(other) == {}  # college A's news is not college B's correspondent's
    page = as_correspondent.get("/", follow=True).content.decode()
    assert "请补充照片说明" in todo_entry(page, "publicity.returned")


def test_the_publicity_to_dos_take_the_same_queries_however_many_rows(users, correspondent, approved, college_a):
    def queries(user) -> int:
        with CaptureQueriesContext(connection) as captured:
            home_todos(user, timezone.localdate())
        return len(captured)

    def add(n):
        for k in range(n):
            item = news(approved, correspondent, f"新闻 {k}")
            item = services.transition_news(item, correspondent, "submit", "", item.version)
            services.transition_news(item, users["staff"], "return", "请修改", item.version)
            news(approved, correspondent, f"草稿 {k}")
            services.propose(
                Nomination(year=2022, kind="individual", nominee=f"老师{k}", college=college_a, reasons="热心"),
                users["sec1"],
            )

    add(1)
    small = (queries(users["staff"]), queries(correspondent))
    add(5)
    assert NewsItem.objects.filter(status=NewsStatus.RETURNED).count() == 6
    assert (queries(users["staff"]), queries(correspondent)) == small
