"""A survey's results pages in the permission matrix: results (counts) for every college's reader and the survey's
college; the written answers, the answers' workbook and the report for staff and the survey's own college (the
office reads counts only); another college's survey is a 404."""

from django.urls import reverse

from surveys.models import Answer, Question, Response, Section, Survey
from tests.surveys.results_helpers import a_survey, answer

MODELS = [Survey, Section, Question, Response, Answer]

RESULTS_READERS = {"staff": 200, "office": 200, "sec1": 200, "sec2": 404, "admin": 200, "norole": 403}
TEXT_READERS = {"staff": 200, "office": 403, "sec1": 200, "sec2": 404, "admin": 200, "norole": 403}
DESIGNERS = {"staff": 200, "office": 403, "sec1": 200, "sec2": 404, "admin": 200, "norole": 403}
# The school's survey asked college A only: its secretary reads college A's counts, never the written answers.
SCHOOL_TEXT_READERS = {"staff": 200, "office": 403, "sec1": 403, "sec2": 404, "admin": 200, "norole": 403}
SCHOOL_DESIGNERS = {"staff": 200, "office": 403, "sec1": 403, "sec2": 404, "admin": 200, "norole": 403}


def cases(plan, college_a, report, assessment=None, export=None):
    own = a_survey(college_a, title="学院调研")
    answer(own, college_a, "2022级", 5)
    school = a_survey(None, colleges=[college_a], title="学校调研")
    answer(school, college_a, "2021级", 6)
    return [
        ("surveys:results", reverse("surveys:results", args=[own.pk]), RESULTS_READERS, False),
        ("surveys:results", reverse("surveys:results", args=[school.pk]), RESULTS_READERS, False),
        ("surveys:free_text", reverse("surveys:free_text", args=[own.pk]), TEXT_READERS, False),
        ("surveys:free_text", reverse("surveys:free_text", args=[school.pk]), SCHOOL_TEXT_READERS, False),
        ("surveys:export", reverse("surveys:export", args=[own.pk]), TEXT_READERS, False),
        ("surveys:export", reverse("surveys:export", args=[school.pk]), SCHOOL_TEXT_READERS, False),
        ("surveys:report", reverse("surveys:report", args=[own.pk]), DESIGNERS, True),
        ("surveys:report", reverse("surveys:report", args=[school.pk]), SCHOOL_DESIGNERS, True),
        ("surveys:report_pdf", reverse("surveys:report_pdf", args=[own.pk]), DESIGNERS, False),
    ]
