"""The report list's filter menus offer 全部 as their empty choice (UX.md rule 7), never Django's dashes."""

import re

from django.urls import reverse


def test_every_filter_menu_offers_all_as_its_empty_choice(plan, users, as_user):
    page = as_user("staff").get(reverse("activities:list")).content.decode()
    empty_choices = re.findall(r'<select name="(\w+)"[^>]*>\s*<option value=""[^>]*>([^<]*)</option>', page)
    assert sorted(name for name, _ in empty_choices) == ["college", "kind", "status", "work_point", "year"]
    assert {label for _, label in empty_choices} == {"全部"}
    assert "---------" not in page
