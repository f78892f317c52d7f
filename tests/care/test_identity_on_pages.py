"""Every care page that takes typed text refuses an ID or a phone number in each of its text fields, shows the
Chinese message saying what to remove, and saves nothing; the same form with ordinary text is saved.

The text fields are read from the page itself, so a field added to a page later is filled (and must be refused)
without this test changing."""

import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.urls import reverse

from care.models import NeedCategory
from tests.conftest import client_for
from tests.matrix.care import care_objects

# Each short enough for the shortest field (a person's code: 20 characters), each written another way.
IDENTIFYING = [
    "手机一三八一二三四五六七八",
    "座机(0510)8512-3456",
    "320102/19900101/1234",
    "电话138.1234.5678",
    "138\u200b1234\u200b5678",
    "３２０１０２１９９００１０１１２３２",
    "+86 139 0510 1234",
    "0510 8512 3456",
]


class PageForm(HTMLParser):
    """The fields of the page's POST form whose action is the page itself: its text fields (text inputs and
    textareas) apart, and the value the page gives every other field."""

    def __init__(self, path):
        super().__init__()
        self.path, self.text, self.values = path, [], {}
        self._inside = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = urlsplit(attrs.get("action") or self.path).path
            self._inside = (attrs.get("method") or "").lower() == "post" and action == urlsplit(self.path).path
        name = attrs.get("name")
        if not self._inside or not name or name == "csrfmiddlewaretoken":
            return
        kind = (attrs.get("type") or "text").lower()
        if tag == "textarea" or (tag == "input" and kind == "text"):
            self.text.append(name)
        elif tag == "input" and kind not in {"checkbox", "radio", "submit", "button", "file"} and attrs.get("value"):
            self.values[name] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False


def page_form(response, path):
    reader = PageForm(path)
    reader.feed(response.content.decode())
    assert reader.text, f"{path}: no text field found"
    return reader


def snapshot():
    """Every care row as it stands (the reads of confidential notes apart: opening a page may log one)."""
    care = apps.get_app_config("care")
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in care.get_models()
        if model.__name__ != "SensitiveRead"
    }


@pytest.fixture
def care(users, college_a):
    objects = care_objects(college_a)
    objects["category"] = NeedCategory.objects.get(code="motivation").pk
    return objects


HELD = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
# (page, its address from the care objects, the valid values of its other fields)
PAGES = [
    (
        "need_create",
        lambda o: reverse("care:need_create") + "?college=aa",
        lambda o: {"category": o["category"], "scope": "person", "urgency": "normal", "group_size": "1"},
    ),
    (
        "need_edit",
        lambda o: reverse("care:need_edit", args=[o["open_need"].pk]),
        lambda o: {"category": o["category"], "scope": "person", "urgency": "normal", "group_size": "1"},
    ),
    ("pair_close", lambda o: reverse("care:pair_close", args=[o["pair"].pk]), lambda o: {"outcome": "resolved"}),
    (
        "session_create",
        lambda o: reverse("care:session_create", args=[o["pair"].pk]),
        lambda o: {"held_on": HELD, "minutes": "60", "kind": "talk"},
    ),
    (
        "offer_create",
        lambda o: reverse("care:offer_create"),
        lambda o: {"member": "", "areas": [o["category"]], "campus": "taihu", "capacity": "2", "active": "on"},
    ),
    (
        "offer_edit",
        lambda o: reverse("care:offer_edit", args=[o["offer"].pk]),
        lambda o: {"member": o["offer"].member_id, "areas": [o["category"]], "capacity": "2", "active": "on"},
    ),
    (
        "material_create",
        lambda o: reverse("care:material_create") + "?college=aa",
        lambda o: {"given_on": HELD, "people": "10", "value": "100"},
    ),
    ("programme_create", lambda o: reverse("care:programme_create"), lambda o: {"kind": "qinglan", "year": "2022"}),
    (
        "programme_edit",
        lambda o: reverse("care:programme_edit", args=[o["programme"].pk]),
        lambda o: {"kind": "qinglan", "year": "2022"},
    ),
    (
        "mentorship_create",
        lambda o: reverse("care:mentorship_create", args=[o["programme"].pk]),
        lambda o: {"offer": o["offer"].pk, "mentee_count": "1"},
    ),
    (
        "meeting_create",
        lambda o: reverse("care:meeting_create", args=[o["mentorship"].pk]),
        lambda o: {"held_on": HELD, "minutes": "60"},
    ),
    ("evaluate", lambda o: reverse("care:evaluate", args=[o["mentorship"].pk]), lambda o: {"grade": "good"}),
]


@pytest.mark.parametrize(("page", "address", "others"), PAGES, ids=[page for page, _a, _o in PAGES])
def test_every_text_field_of_the_page_refuses_a_number_and_nothing_is_saved(users, care, page, address, others):
    client = client_for(users["staff"])
    path = address(care)
    form = page_form(client.get(path), path)
    data = form.values | others(care)
    before = snapshot()
    typed = {name: IDENTIFYING[index % len(IDENTIFYING)] for index, name in enumerate(form.text)}
    refused = client.post(path, data | typed)
    assert refused.status_code == 200
    errors = refused.context["form"].errors
    unrefused = [name for name in typed if not any(error.startswith("请删去") for error in errors.get(name, []))]
    assert unrefused == [], f"{page}: these fields did not say what to remove"
    assert "不写能识别身份的号码" in refused.content.decode()
    assert snapshot() == before, f"{page}: something was saved"
    ordinary = {name: f"写好的内容{index}" for index, name in enumerate(form.text)}
    saved = client.post(path, data | ordinary)
    assert saved.status_code == 302, f"{page}: the same form with ordinary text was not saved"
    assert snapshot() != before


def test_the_pages_walked_are_every_care_page_with_typed_text():
    """A new care form page joins PAGES above; tests/core/test_personal_notes.py checks the form classes."""
    pages_with_text = {
        "need_create",
        "need_edit",
        "pair_close",
        "session_create",
        "offer_create",
        "offer_edit",
        "material_create",
        "programme_create",
        "programme_edit",
        "mentorship_create",
        "meeting_create",
        "evaluate",
    }
    assert {page for page, _a, _o in PAGES} == pages_with_text
