"""The hostile-form crawler (tests/security/test_hostile_forms.py) as the region's own roles: a member school's
contact (the application form, its evidence upload, the board) and a reviewer (the blind score sheet). Bad input
is a message on the page, never a server error."""

from django.contrib.auth import get_user_model

from region.models import Application, Assignment
from tests.conftest import client_for
from tests.matrix import region as region_matrix
from tests.security.test_hostile_forms import HOSTILE, SINGLE_FIELD, forms_of, one_of_each_shape, post


def crawl(client, pages) -> int:
    posted, seen = 0, set()
    for page in sorted(pages):
        for action, fields, files in forms_of(client, page):
            if (action, tuple(sorted(fields))) in seen:
                continue
            seen.add((action, tuple(sorted(fields))))
            page_values = {name: values or [""] for name, values in fields.items()}
            for value in HOSTILE:
                post(client, action, dict.fromkeys(fields, value), files)
                posted += 1
            for name in one_of_each_shape(fields):
                for value in SINGLE_FIELD:
                    post(client, action, {**page_values, name: value}, set())
                    posted += 1
    return posted


def test_hostile_values_from_a_contact_and_a_reviewer_never_cause_a_server_error(users):
    pages = {url for _name, url, _expected, _write in region_matrix.cases(None, None, None)}
    assignment = Assignment.objects.filter(application__institution__code="s2").first()
    pages.add(assignment.get_absolute_url())
    User = get_user_model()
    contact = client_for(User.objects.get(username="contact-s4"))
    reviewer = client_for(assignment.reviewer)
    posted = crawl(contact, pages) + crawl(reviewer, pages)
    assert posted > 100
    # A NUL byte never reaches the database: the field refuses it with a message.
    draft = Application.objects.get(institution__code="s4", region__year=2022)
    assert "\x00" not in draft.report
