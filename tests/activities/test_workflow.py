"""The workflow rule, exercised for every status × action × role."""

import itertools

import pytest

from activities import workflow
from activities.models import Action, Status
from colleges.access import Access
from colleges.models import Role

ROLES = [Role.STAFF, Role.ADMIN, Role.SECRETARY, Role.OFFICE, None]
ACTIONS = [Action.SUBMIT, Action.APPROVE, Action.RETURN, Action.REOPEN, Action.WITHDRAW, Action.EDIT, "nonsense"]

COLLEGE = 1  # the report's college; a secretary below is that college's own


def access(role):
    return Access(role=role, college_id=COLLEGE if role == Role.SECRETARY else None)


# The whole rule written out as the product promises it: (action, from status) -> roles allowed.
# Issue 10 changed it: a returned report is corrected and resubmitted by its college's secretary alone (not by the
# staff who returned it), and the authors may withdraw a submission until a reviewer acts.
EXPECTED = {
    (Action.SUBMIT, Status.DRAFT): {Role.SECRETARY, Role.STAFF, Role.ADMIN},
    (Action.SUBMIT, Status.RETURNED): {Role.SECRETARY},
    (Action.APPROVE, Status.SUBMITTED): {Role.STAFF, Role.ADMIN},
    (Action.RETURN, Status.SUBMITTED): {Role.STAFF, Role.ADMIN},
    (Action.REOPEN, Status.APPROVED): {Role.STAFF, Role.ADMIN},
    (Action.WITHDRAW, Status.SUBMITTED): {Role.SECRETARY, Role.STAFF, Role.ADMIN},
}
NEXT = {
    Action.SUBMIT: Status.SUBMITTED,
    Action.APPROVE: Status.APPROVED,
    Action.RETURN: Status.RETURNED,
    Action.REOPEN: Status.RETURNED,
    Action.WITHDRAW: Status.DRAFT,
}


@pytest.mark.parametrize(("action", "status", "role"), list(itertools.product(ACTIONS, Status.values, ROLES)))
def test_every_transition_is_allowed_exactly_as_promised(action, status, role):
    allowed = role in EXPECTED.get((action, status), set())
    assert workflow.WORKFLOW.can(action, status, access(role), COLLEGE) is allowed
    if allowed:
        assert workflow.WORKFLOW.target(action) == NEXT[action]


@pytest.mark.parametrize(("status", "role"), list(itertools.product(Status.values, ROLES)))
def test_authors_edit_drafts_and_only_the_colleges_secretary_edits_a_returned_report(status, role):
    editable = (status == Status.DRAFT and role in {Role.SECRETARY, Role.STAFF, Role.ADMIN}) or (
        status == Status.RETURNED and role == Role.SECRETARY
    )
    assert workflow.WORKFLOW.can_edit(status, access(role), COLLEGE) is editable
    assert workflow.can_delete(status, access(role), COLLEGE) is (editable and status == Status.DRAFT)


def test_returning_and_reopening_need_a_reason():
    assert workflow.WORKFLOW.needs_comment(Action.RETURN) and workflow.WORKFLOW.needs_comment(Action.REOPEN)
    assert not workflow.WORKFLOW.needs_comment(Action.SUBMIT) and not workflow.WORKFLOW.needs_comment(Action.APPROVE)


def test_the_office_can_never_act():
    assert all(workflow.WORKFLOW.available(status, access(Role.OFFICE), COLLEGE) == [] for status in Status.values)


@pytest.mark.parametrize("status", Status.values)
def test_a_secretary_never_acts_on_another_colleges_report(status):
    other = Access(role=Role.SECRETARY, college_id=COLLEGE + 1)
    assert workflow.WORKFLOW.available(status, other, COLLEGE) == []
    assert not workflow.WORKFLOW.can_edit(status, other, COLLEGE)
    assert not workflow.can_delete(status, other, COLLEGE)
