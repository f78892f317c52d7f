"""The hostile-form crawler (tests/security/test_hostile_forms.py) as the region's own roles: a member school's
contact (the application form, its evidence upload, the board) and a reviewer (the blind score sheet). Bad input
is a message on the page, never a server error."""

from django.contrib.auth import get_user_model

from region.models import Application, Assignment
from tests.conftest import client_for
from tests.matrix import region as region_matrix
from tests.security.test_hostile_forms import crawl


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
