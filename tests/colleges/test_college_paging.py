"""Pages that list colleges show 30 at a time with a search by name or code: a province has thousands."""

import pytest
from django.urls import reverse

from colleges.models import College


def many_colleges(count):
    College.objects.bulk_create(
        College(code=f"c{n:03}", name=f"第{n:03}学院", short_name=f"院{n:03}", order=n + 1) for n in range(count)
    )


def codes(response) -> list[str]:
    return [college.code for college in response.context["colleges"]]


def every_page(client, url, params=None) -> list[str]:
    seen, number = [], 1
    while True:
        response = client.get(url, {**(params or {}), "page": number})
        assert response.status_code == 200
        seen += codes(response)
        if not response.context["page_obj"].has_next():
            return seen
        number += 1


@pytest.mark.parametrize("url", [reverse("colleges:list"), reverse("activities:create"), reverse("care:need_create")])
def test_staff_page_through_every_college_once_in_the_schools_order(users, as_user, url):
    many_colleges(70)
    expected = list(College.objects.order_by("order", "code").values_list("code", flat=True))
    staff = as_user("staff")
    first = staff.get(url)
    assert len(codes(first)) == 30
    assert every_page(staff, url) == expected
    assert "下一页" in first.content.decode()


@pytest.mark.parametrize("url", [reverse("colleges:list"), reverse("activities:create"), reverse("care:need_create")])
def test_the_search_narrows_the_colleges_and_travels_in_the_page_links(users, as_user, url):
    many_colleges(70)
    staff = as_user("staff")
    assert codes(staff.get(url, {"q": "c042"})) == ["c042"]
    assert codes(staff.get(url, {"q": "第043学院"})) == ["c043"]
    assert codes(staff.get(url, {"q": "院044"})) == ["c044"]
    narrowed = staff.get(url, {"q": "第0"})
    assert len(codes(narrowed)) == 30
    assert "q=%E7%AC%AC0&amp;page=2" in narrowed.content.decode()
    assert every_page(staff, url, {"q": "第0"}) == [f"c{n:03}" for n in range(70)]


def test_a_page_number_that_is_not_one_is_a_page_not_an_error(users, as_user):
    many_colleges(40)
    staff = as_user("staff")
    for page in ("abc", "-1", "99999", "1e9"):
        assert staff.get(reverse("colleges:list"), {"page": page}).status_code == 200
    assert staff.get(reverse("colleges:list"), {"q": "x" * 500}).status_code == 200
