"""The member unit contact's pages through axe-core at each width (the accessibility walk covers the core personas;
this role is the committee app's own)."""

import pytest

from colleges.models import MemberUnit, Role
from tests.committee.test_unit_contact_matrix import COMMITTEE_EXPECTED
from tests.conftest import client_for, make_user
from tests.matrix import committee as committee_matrix

from .a11y import require_vnu, vnu_errors
from .test_accessibility import save_report, walk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_axe_finds_no_serious_violation_on_a_unit_contacts_pages(plan, users, college_a, report, browser, live_server):
    make_user("unit-office", Role.UNIT_CONTACT, member_unit=MemberUnit.objects.order_by("order").first())
    cases = committee_matrix.cases(plan, college_a, report)
    pages = [("home", "/")] + [(name, url) for name, url, *_ in cases if COMMITTEE_EXPECTED[name] == 200]
    checked, problems = walk(browser, live_server.url, "unit-office", pages)
    save_report("axe-unit-contact", [f"{checked} pages", *problems])
    assert checked >= 5
    assert problems == [], "\n" + "\n".join(problems)


def test_a_unit_contacts_pages_are_valid_html(plan, users, college_a, report, tmp_path):
    require_vnu()
    contact = make_user("unit-office", Role.UNIT_CONTACT, member_unit=MemberUnit.objects.order_by("order").first())
    client = client_for(contact)
    files = {}
    for name, url, *_ in committee_matrix.cases(plan, college_a, report):
        response = client.get(url)
        if COMMITTEE_EXPECTED[name] == 200 and response["Content-Type"].startswith("text/html"):
            path = tmp_path / f"{name.replace(':', '-')}.html"
            path.write_text(response.content.decode(), encoding="utf-8")
            files[path.name] = f"unit contact {name} {url}"
    errors = vnu_errors(tmp_path.glob("*.html"))
    report_lines = [f"{files[name]}: {message}" for name, messages in sorted(errors.items()) for message in messages]
    assert len(files) >= 5
    assert report_lines == [], "\n" + "\n".join(report_lines)
