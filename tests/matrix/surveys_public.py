"""The surveys' public page in the permission matrix: public by design (PUBLIC_URLS, opened as every persona and
the anonymous visitor in tests/surveys/test_answering.py) and crawled with hostile values as the anonymous visitor
(`public_pages`, tests/security/test_hostile_forms.py) on an open survey with one question of each kind. The
portal's survey pages join the matrix in their own module."""

from django.urls import reverse

PUBLIC_URLS = {"public:survey", "public:survey_thanks"}


def cases(plan, college_a, report, assessment=None, export=None):
    return []


def public_pages(client, college_a) -> list[str]:
    from tests.surveys.public_survey import invite, open_survey

    anonymous = open_survey(college_a)
    by_code = open_survey(college_a, named=True, uses_tokens=True)
    code = invite(by_code, 1)[0]
    return [
        reverse("public:survey", args=[anonymous.pk]),
        reverse("public:survey", args=[by_code.pk]) + f"?code={code}",
    ]
