"""The school's named predicates that views and templates ask instead of a role's name."""

import pytest

from colleges.access import (
    Access,
    acts_for_own_college,
    makes_password_link,
    membership_of,
    reads_every_college,
    reads_without_changing,
    reviews,
    uses_school_pages,
)
from colleges.models import Role

# role -> (uses the school's pages, reads every college, reads without changing, acts for its own college)
EXPECTED = {
    Role.STAFF: (True, True, False, False),
    Role.ADMIN: (True, True, False, False),
    Role.OFFICE: (True, True, True, False),
    Role.SECRETARY: (True, False, False, True),
    None: (False, False, False, False),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_school_role_answers_the_named_questions_as_promised(role):
    access = Access(role=role, college_id=1 if role == Role.SECRETARY else None)
    answers = (
        uses_school_pages(access),
        reads_every_college(access),
        reads_without_changing(access),
        acts_for_own_college(access),
    )
    assert answers == EXPECTED[role]


def test_a_role_outside_the_school_answers_no_to_every_school_question():
    access = Access(role=Role.CORRESPONDENT, college_id=1)
    assert not any(
        predicate(access)
        for predicate in (
            uses_school_pages,
            reads_every_college,
            reads_without_changing,
            acts_for_own_college,
            reviews,
        )
    )


def test_staff_make_password_links_for_secretaries_but_not_for_administrators(users):
    staff, secretary, admin = users["staff"], users["sec1"], users["admin"]
    assert makes_password_link(Access(role=Role.STAFF), staff, secretary)
    assert not makes_password_link(Access(role=Role.STAFF), staff, admin)
    assert makes_password_link(Access(role=Role.ADMIN), admin, staff)
    assert not makes_password_link(
        Access(role=Role.SECRETARY, college_id=membership_of(secretary).college_id), secretary, staff
    )
