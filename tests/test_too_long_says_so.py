"""Text too long for a field is told as such: every form of the permission matrix is posted with 2,100 characters in
each text field (the page's other values kept), and the answer must never be the generic "request incomplete",
which sends a person to retry what can never succeed."""

import pytest

from core.views import INCOMPLETE
from tests.security.test_hostile_forms import POSTERS, read_forms
from tests.test_permissions import url_cases

LONG = "理" * 2100


@pytest.mark.parametrize("persona", POSTERS)
def test_an_over_long_text_is_named_never_incomplete(
    persona, plan, users, college_a, report, assessment, export, as_user
):
    client = as_user(persona)
    incomplete, posted, seen = [], 0, set()
    pages = {url for _name, url, _expected, _write in url_cases(plan, college_a, report, assessment, export)}
    for page in sorted(pages):
        reader = read_forms(client, page)
        for action, fields, _files in reader.forms if reader else []:
            texts = reader.text_fields & set(fields)
            if not texts or (action, tuple(sorted(fields))) in seen:
                continue
            seen.add((action, tuple(sorted(fields))))
            data = {name: values[0] if values else "" for name, values in fields.items()}
            response = client.post(action, {**data, **dict.fromkeys(texts, LONG)}, follow=True)
            posted += 1
            if str(INCOMPLETE) in response.content.decode():
                incomplete.append(f"{action} ({persona}): {sorted(texts)}")
    assert incomplete == []
    assert posted > 20
