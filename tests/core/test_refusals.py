"""A refusal names its real reason: the person's role (saying who may), the version they acted on, or the record's
state, asked in that order (core.errors, core.workflow).

Two guards. Every predicate a workflow table names says in words whom it lets through, so that a role refusal can
say who may. And a walk of every POST form of the permission matrix: each form, filled as a person would fill it,
is posted by every persona and one user of every role the apps add, each on the same database (every post in a
savepoint that is rolled back). When the post is done for one person, no other person may be told a state reason —
the state was the same for both, so what refused them was who they are, and the message must say so (a 403, or a
RoleRefused naming who may). This is the class of "自评已提交，不能再修改" shown to a counsellor whose self-assessment
was 自评中.
"""

import datetime
import importlib
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from activities.models import Status
from care.models import MonthlyCareReport
from colleges.access import ScopedViewMixin, membership_of, roles_prefetch
from colleges.models import Role
from core.errors import Refused, RoleRefused
from core.versions import StaleWrite
from core.workflow import Workflow
from tests.conftest import client_for, make_report, make_user
from tests.helpers import photo_upload
from tests.test_permissions import url_cases

WORKFLOW_APPS = ["activities", "scoring", "care", "committee", "publicity", "region"]
SKIPPED_ACTIONS = {"/accounts/logout/"}
FILLED = {
    "date": "2022-05-04",
    "datetime-local": "2022-05-04T09:00",
    "month": "2022-05",
    "number": "1",
    "email": "someone@gkw.example",
    "url": "https://www.example.edu.cn/news/1",
}


def workflows():
    for app in WORKFLOW_APPS:
        module = importlib.import_module(f"{app}.workflow")
        for name, value in vars(module).items():
            if isinstance(value, Workflow):
                yield f"{app}.workflow.{name}", value


def test_every_workflow_predicate_says_whom_it_lets_through():
    found = list(workflows())
    assert len(found) >= 7, found
    missing = [
        f"{name}: {predicate.__qualname__}"
        for name, table in found
        for predicate in [rule.allowed for rule in table.transitions.values()] + list(table.editors.values())
        if not getattr(predicate, "who", None)
    ]
    assert not missing, missing


def test_the_role_is_asked_before_the_state():
    from activities.workflow import WORKFLOW, ReportRoleRefused, WorkflowError
    from colleges.access import Access

    office = Access(role=Role.OFFICE)
    with pytest.raises(ReportRoleRefused) as refusal:
        WORKFLOW.require_role("submit", office, 1)
    assert isinstance(refusal.value, WorkflowError)  # still the app's error for whoever catches that
    WORKFLOW.require_role("submit", Access(role=Role.SECRETARY, college_id=1), 1)  # may, in some state


def test_a_status_left_to_other_editors_is_refused_for_the_role(users, college_a):
    """Staff write a college's drafts, but a returned report is corrected by the college's own secretary."""
    from activities import services as activity_services

    report = make_report(college_a, users["sec1"], status=Status.RETURNED)
    with pytest.raises(RoleRefused) as refusal:
        activity_services.transition(report, users["staff"], "submit", "", report.version)
    assert refusal.value.message == "您的角色无权进行此操作，只有本学院的关工委秘书可以。"
    with pytest.raises(StaleWrite):  # the role first, then the version: staff may submit some reports
        activity_services.transition(report, users["staff"], "submit", "", report.version - 1)
    with pytest.raises(RoleRefused):
        activity_services.transition(report, users["office"], "submit", "", report.version - 1)


class Forms(HTMLParser):
    """The POST forms of a page, each [action, {name: [values]}, {file field names}], filled as a person would:
    empty text and dates get a value, a select without a choice its first option."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url, self.forms, self._form, self._select, self._options = page_url, [], None, None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            action = urlsplit(urljoin(self.page_url, attrs.get("action") or self.page_url))
            self._form = [action.path + (f"?{action.query}" if action.query else ""), {}, set()]
            self.forms.append(self._form)
        if self._form is None:
            return
        fields, name = self._form[1], attrs.get("name")
        if not name or name == "csrfmiddlewaretoken":
            return
        kind = (attrs.get("type") or "text").lower()
        if tag == "input" and kind == "file":
            self._form[2].add(name)
        elif tag == "input" and kind in {"checkbox", "radio"}:
            fields.setdefault(name, [])
            if "checked" in attrs:
                fields[name].append(attrs.get("value", "on"))
        elif tag == "input" and kind not in {"submit", "button", "reset", "image"}:
            fields.setdefault(name, []).append(
                attrs.get("value") or FILLED.get(kind, "" if kind == "hidden" else "写好的内容")
            )
        elif tag == "textarea":
            fields.setdefault(name, []).append("写好的内容")
        elif tag == "select":
            self._select, self._options = name, []
            fields.setdefault(name, [])
        elif tag == "option" and self._select:
            self._options.append(attrs.get("value", ""))
            if "selected" in attrs:
                fields[self._select].append(attrs.get("value", ""))
        elif tag == "button" and attrs.get("value") is not None:
            fields.setdefault(name, []).append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select:
            chosen = self._form[1][self._select] if self._form else None
            if chosen is not None and not [value for value in chosen if value]:
                chosen[:] = [value for value in self._options if value][:1]
            self._select = None


class Outcomes:
    """What each post came to, learnt from inside the view: done (its service returned), or the refusal."""

    def __init__(self, monkeypatch):
        self.last = None
        original = ScopedViewMixin.dispatch
        outcomes = self

        def dispatch(view, request, *args, **kwargs):
            if request.method == "POST":
                outcomes.watch(view)
            return original(view, request, *args, **kwargs)

        monkeypatch.setattr(ScopedViewMixin, "dispatch", dispatch)

    def watch(self, view):
        perform, state_problem = getattr(view, "perform", None), view.state_problem

        def subject():
            scoped = getattr(view, "scoped_object", None)
            return (type(scoped).__name__, getattr(scoped, "pk", None))

        def watched_state_problem():
            problem = state_problem()
            if problem:
                self.last = ("state", str(problem), subject())
            return problem

        def watched_perform(form):
            try:
                result = perform(form)
            except Refused as refusal:
                kind = (
                    "role"
                    if isinstance(refusal, RoleRefused)
                    else "stale"
                    if isinstance(refusal, StaleWrite)
                    else "state"
                )
                self.last = (kind, refusal.message, subject())
                raise
            self.last = ("done", "", subject())
            return result

        view.state_problem = watched_state_problem
        if perform is not None:
            view.perform = watched_perform

    def post(self, client, action, data, files):
        self.last = None
        payload = {name: values for name, values in data.items() if values}
        for name in files:
            payload[name] = photo_upload()
        with transaction.atomic():
            response = client.post(action, payload)
            transaction.set_rollback(True)
        if response.status_code == 403:
            return ("role", "403", None)
        return self.last or ("other", str(response.status_code), None)


def posters(users, college_a):
    """The core personas, a counsellor of college A, and one user of each other role the apps add."""
    people = [users[name] for name in ("staff", "office", "sec1", "sec2", "admin", "norole")]
    people.append(make_user("counsellor-of-a", Role.COUNSELLOR, college_a))
    roles = {Role.COUNSELLOR}
    for user in (
        get_user_model()
        .objects.filter(membership__isnull=False)
        .distinct()
        .prefetch_related(roles_prefetch())
        .order_by("pk")
    ):
        if user.username not in users and membership_of(user).role not in roles:
            roles.add(membership_of(user).role)
            people.append(user)
    return people


def approved_month(users, college_a):
    """An approved month's care report of college A: the page offers its link to the care indicator (D1)."""
    report = make_report(
        college_a,
        users["sec1"],
        status=Status.APPROVED,
        title="2022年04月关爱工作",
        kind="care-help",
        starts_on=datetime.date(2022, 4, 1),
        ends_on=datetime.date(2022, 4, 30),
    )
    return MonthlyCareReport.objects.create(college=college_a, year=2022, month=4, report=report)


def test_a_person_refused_where_another_is_served_is_told_their_role(
    monkeypatch, plan, users, college_a, report, assessment, export
):
    pages = [url for _name, url, _expected, _write in url_cases(plan, college_a, report, assessment, export)]
    monthly = approved_month(users, college_a)
    people = posters(users, college_a)
    clients = {person.username: client_for(person) for person in people}
    forms, seen = [], set()
    for client in clients.values():
        for page in pages:
            response = client.get(page)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            reader = Forms(page)
            reader.feed(response.content.decode())
            for action, fields, files in reader.forms:
                key = (action, tuple(sorted(fields)))
                if action.split("?")[0] not in SKIPPED_ACTIONS and key not in seen:
                    seen.add(key)
                    forms.append((action, fields, files))
    outcomes = Outcomes(monkeypatch)
    problems, done = [], set()
    for action, fields, files in forms:
        results = {name: outcomes.post(client, action, fields, files) for name, client in clients.items()}
        # Compared on the same record only: a page that writes for the person's own college acts on another
        # record for each college.
        served = {}
        for name, (kind, _message, subject) in results.items():
            if kind == "done":
                served.setdefault(subject, []).append(name)
                done.add(action.split("?")[0])
        for name, (kind, message, subject) in results.items():
            if kind == "state" and subject in served:
                problems.append(f"{action}: {name} is told “{message}” where {', '.join(served[subject])} are served")
    assert not problems, "\n".join(problems)
    # The walk proves something only if it posted what matters here: the month's link to D1, a report's workflow
    # buttons, the self-assessment and a notice.
    link = f"/care/month-report/{monthly.pk}/link/"
    assert link in done, sorted(done)
    assert len(done) >= 40, sorted(done)
