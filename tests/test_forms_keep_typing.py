"""A form sent back with errors keeps everything typed, and says which files must be chosen again.

For every page of the permission matrix (tests/test_permissions.py: url_cases) whose GET shows a multipart form, the
first persona who sees the form posts it with every text field filled and no file chosen (so a required file is
missing). When the form comes back — re-rendered with its errors, or a button's redirect with an error message —
the page shows the form again with each typed text in its field, and the note that the files must be chosen again.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.messages import constants
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from colleges.access import membership_of, roles_prefetch
from committee.models import Notice
from committee.services import notices
from tests.conftest import client_for
from tests.test_permissions import url_cases

TEXT_INPUTS = {"text", "email", "url", "tel", "search"}
# The core personas who post (college A's secretary, staff, the administrator); then every role the apps add.
CORE_POSTERS = ["sec1", "staff", "admin"]


class MultipartForms(HTMLParser):
    """The POST forms of a page: [{"action", "multipart", "text": {name: value}, "others": {name: [values]},
    "files": {names}}], the text of each text input and textarea as the page filled it."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url = page_url
        self.forms = []
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = {
                "action": urlsplit(urljoin(self.page_url, attrs.get("action") or self.page_url)).path,
                "multipart": attrs.get("enctype") == "multipart/form-data",
                "text": {},
                "others": {},
                "files": set(),
            }
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if not name or name == "csrfmiddlewaretoken":
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind == "file":
                self._form["files"].add(name)
            elif kind in TEXT_INPUTS:
                self._form["text"][name] = attrs.get("value", "")
            elif kind in {"checkbox", "radio"}:
                self._form["others"].setdefault(name, [])
                if "checked" in attrs:
                    self._form["others"][name].append(attrs.get("value", "on"))
            elif kind not in {"submit", "button", "reset", "image"}:
                self._form["others"].setdefault(name, []).append(attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = name
            self._form["text"][name] = ""
        elif tag == "select":
            self._select = name
            self._form["others"].setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self._form["others"][self._select].append(attrs.get("value", ""))

    def handle_data(self, data):
        if self._textarea is not None:
            self._form["text"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def forms_on(response, url):
    reader = MultipartForms(url)
    reader.feed(response.content.decode())
    return reader.forms


def posters(users):
    """The core personas, then one user of each role the apps add (a member unit's contact, a region's school …)."""
    extra, roles = [], set()
    for user in (
        get_user_model()
        .objects.filter(membership__isnull=False)
        .distinct()
        .prefetch_related(roles_prefetch())
        .order_by("pk")
    ):
        if user.username not in users and membership_of(user).role not in roles:
            roles.add(membership_of(user).role)
            extra.append(user)
    return [users[name] for name in CORE_POSTERS] + extra


def typed(fields):
    """A distinct text for each text field, with a line break in the long ones."""
    return {name: f"已经写好的内容{index}" for index, name in enumerate(sorted(fields))}


def unanswered_notice(users, college_a):
    """The matrix's notice is already answered with a file; this one still waits for college A's (a file is what
    it asks for), so that a reply typed without the file is refused."""
    notice = notices.publish_notice(
        Notice(title="请报送总结材料", body="请附上总结。", audience="chosen", reply="file"),
        users["staff"],
        colleges=[college_a],
    )
    return reverse("committee:notice", args=[notice.pk])


def choose_again_words():
    with translation.override("zh-hans"):
        note = gettext("Chosen files are not kept when a form comes back: choose them again (%(fields)s).")
    return note.split("%(fields)s")[0]


def test_a_multipart_form_sent_back_keeps_its_text_and_asks_for_the_files_again(
    plan, users, college_a, report, assessment, export
):
    pages = [url for _name, url, _expected, _write in url_cases(plan, college_a, report, assessment, export)]
    pages.append(unanswered_notice(users, college_a))
    note = choose_again_words()
    seen, checked, came_back = set(), [], []
    for user in posters(users):
        client = client_for(user)
        for page in pages:
            response = client.get(page)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            for form in forms_on(response, page):
                if not form["multipart"] or not form["text"] or form["action"] in seen:
                    continue
                seen.add(form["action"])
                text = typed(form["text"])
                data = {name: values for name, values in form["others"].items() if values} | text
                answer = client.post(form["action"], data, follow=True)
                assert answer.status_code < 500, form["action"]
                refused = answer.redirect_chain == [] or any(
                    message.level == constants.ERROR for message in answer.context["messages"]
                )
                checked.append(form["action"])
                if not refused:
                    continue  # the form needed no file and was saved: nothing came back
                came_back.append(form["action"])
                final_url = answer.redirect_chain[-1][0] if answer.redirect_chain else form["action"]
                again = [f for f in forms_on(answer, final_url) if f["action"] == form["action"]]
                assert again, f"{form['action']} ({user.username}): the page it came back to has no such form"
                shown = {name: value.strip() for name, value in again[0]["text"].items()}
                lost = {name: value for name, value in text.items() if shown.get(name) != value}
                assert not lost, f"{form['action']} ({user.username}) lost what was typed into {sorted(lost)}"
                assert note in answer.content.decode(), f"{form['action']}: no note to choose the files again"
    # The walk proves something only if it found the forms: the notice reply (a button whose required file is
    # missing) and the report's page (a form page) among them.
    assert any(action.endswith("/reply/") for action in came_back), came_back
    assert "/reports/new/" in came_back, came_back
    assert len(checked) >= 5, checked
