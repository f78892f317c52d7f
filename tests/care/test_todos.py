"""What waits on the care board (care/todos.py): proposed pairs to confirm and needs no elder is paired with, for
the college's secretary and counsellors and for staff; an elder's new and active pairs. Another college's rows are
never counted for a college."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from care import services
from care.models import Need
from care.todos import home_todos

from ..helpers import todo_entry


def need_of(college, user, categories, *, urgency="normal", code="JX-1"):
    need = Need(college=college, category=categories["motivation"], person_code=code, description="学习方法交流")
    need.urgency = urgency
    return services.post_need(need, user)


def todos_of(user) -> dict:
    return {todo.key: todo for todo in home_todos(user, timezone.localdate())}


def test_a_proposed_pair_waits_for_its_colleges_people_and_staff(users, counsellor, college_a, categories, offer_a):
    need = need_of(college_a, users["sec1"], categories)
    pair = services.propose(need, offer_a, users["sec1"], need.version)
    for person in (users["sec1"], counsellor, users["staff"]):
        todos = todos_of(person)
        assert int(todos["care.confirm_pairs"].count) == 1
        assert [item.url for item in todos["care.confirm_pairs"].items] == [pair.get_absolute_url()]
        assert int(todos["care.match_needs"].count) == 0  # its need has a live pair
    assert not any(todo.count for todo in todos_of(users["sec2"]).values())  # college A's rows are not B's
    assert todos_of(users["office"]) == {}  # reads, never acts


def test_needs_waiting_for_an_elder_are_counted_and_an_urgent_one_marks_them(users, college_a, college_b, categories):
    need_of(college_a, users["sec1"], categories, code="JX-1")
    need_of(college_a, users["sec1"], categories, code="JX-2", urgency="high")
    need_of(college_b, users["sec2"], categories, code="KZ-1", urgency="high")
    mine = todos_of(users["sec1"])["care.match_needs"]
    assert int(mine.count) == 2 and mine.urgent and "其中紧急 1 项" in str(mine.note)
    assert mine.url == f"{reverse('care:needs')}?status=open"
    assert int(todos_of(users["staff"])["care.match_needs"].count) == 3


def test_an_elder_sees_their_new_and_active_pairs_only(users, college_a, categories, offer_a, offer_b, elder_user):
    first = need_of(college_a, users["sec1"], categories, code="JX-1")
    second = need_of(college_a, users["sec1"], categories, code="JX-2")
    services.propose(first, offer_a, users["sec1"], first.version)
    active = services.propose(second, offer_a, users["sec1"], second.version)
    services.transition_pair(active, users["sec1"], "confirm", active.version)
    third = need_of(college_a, users["sec1"], categories, code="JX-3")
    services.propose(third, offer_b, users["sec1"], third.version)  # another elder's
    todos = todos_of(elder_user)
    assert {key: int(todo.count) for key, todo in todos.items()} == {
        "care.my_active_pairs": 1,
        "care.my_proposed_pairs": 1,
    }
    assert todos["care.my_active_pairs"].url == reverse("care:mine")


def test_the_counsellors_home_shows_the_list_and_the_care_pages_do_not_for_staff(
    users, counsellor, college_a, categories, offer_a, as_user
):
    from ..conftest import client_for

    need = need_of(college_a, users["sec1"], categories)
    services.propose(need, offer_a, users["sec1"], need.version)
    page = client_for(counsellor).get("/", follow=True).content.decode()
    assert "待确认的结对" in todo_entry(page, "care.confirm_pairs")
    assert "data-todos>" not in as_user("staff").get(reverse("care:overview")).content.decode()


def test_the_care_to_dos_take_the_same_queries_however_many_rows(users, college_a, categories, offer_a, offer_b):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            home_todos(users["staff"], timezone.localdate())
        return len(captured)

    need = need_of(college_a, users["sec1"], categories, code="JX-0")
    services.propose(need, offer_a, users["sec1"], need.version)
    need_of(college_a, users["sec1"], categories, code="JX-U", urgency="high")
    small = queries()
    for n in range(5):
        need_of(college_a, users["sec1"], categories, code=f"JX-{n + 1}", urgency="high")
    need = need_of(college_a, users["sec1"], categories, code="JX-9")
    services.propose(need, offer_b, users["sec1"], need.version)
    assert queries() == small
