"""The surveys' portal pages in the permission matrix.

Built on a survey of college A (a draft with a section and a question, answered by invitation) and a survey of the
school asking college A. Staff and administrators design both; college A's secretary designs their college's and
reads the school's that asked their college; the office reads every survey and changes nothing (403); college B's
secretary sees neither (404). The public answer page (namespace `public`) is the public-answer work's."""

from django.urls import reverse

from surveys.models import Answer, Invitation, Question, Response, Section, Survey

MODELS = [Survey, Section, Question, Invitation, Response, Answer]
PUBLIC_URLS = {"public:survey"}

EVERY_ROLE = {"staff": 200, "office": 200, "sec1": 200, "sec2": 200, "admin": 200, "norole": 403}
DESIGNERS = {"staff": 200, "office": 403, "sec1": 200, "sec2": 200, "admin": 200, "norole": 403}
OWN_READ = {"staff": 200, "office": 200, "sec1": 200, "sec2": 404, "admin": 200, "norole": 403}
OWN_WRITE = {"staff": 200, "office": 403, "sec1": 200, "sec2": 404, "admin": 200, "norole": 403}
OWN_POST_ONLY = {"staff": 405, "office": 403, "sec1": 405, "sec2": 404, "admin": 405, "norole": 403}
SCHOOL_WRITE = {"staff": 200, "office": 403, "sec1": 403, "sec2": 404, "admin": 200, "norole": 403}


def surveys_of(college_a):
    """A draft survey of college A with a section and a question, and a school survey asking college A."""
    own = Survey.objects.create(
        year=2022, college=college_a, title="学院学生学习情况调研", uses_tokens=True, groups="2022级\n2021级"
    )
    own.colleges.set([college_a])
    section = Section.objects.create(survey=own, title="学习习惯", order=0)
    question = Question.objects.create(
        survey=own, section=section, kind=Question.Kind.SINGLE, text="每天自习多久？", choices="不到1小时\n1到3小时"
    )
    school = Survey.objects.create(year=2022, title="全校学生价值取向调研")
    school.colleges.set([college_a])
    return own, section, question, school


def cases(plan, college_a, report, assessment=None, export=None):
    own, section, question, school = surveys_of(college_a)
    on = [own.pk]
    return [
        ("surveys:list", reverse("surveys:list"), EVERY_ROLE, False),
        ("surveys:create", reverse("surveys:create"), DESIGNERS, True),
        ("surveys:detail", reverse("surveys:detail", args=on), OWN_READ, False),
        ("surveys:detail", reverse("surveys:detail", args=[school.pk]), OWN_READ, False),
        ("surveys:preview", reverse("surveys:preview", args=on), OWN_READ, False),
        ("surveys:poster", reverse("surveys:poster", args=on), OWN_READ, False),
        ("surveys:qr_svg", reverse("surveys:qr_svg", args=on), OWN_READ, False),
        ("surveys:qr_png", reverse("surveys:qr_png", args=on), OWN_READ, False),
        ("surveys:edit", reverse("surveys:edit", args=on), OWN_WRITE, True),
        ("surveys:edit", reverse("surveys:edit", args=[school.pk]), SCHOOL_WRITE, True),
        ("surveys:status", reverse("surveys:status", args=on), OWN_POST_ONLY, True),
        ("surveys:section_create", reverse("surveys:section_create", args=on), OWN_WRITE, True),
        ("surveys:section_edit", reverse("surveys:section_edit", args=[own.pk, section.pk]), OWN_WRITE, True),
        ("surveys:section_delete", reverse("surveys:section_delete", args=[own.pk, section.pk]), OWN_POST_ONLY, True),
        ("surveys:section_move", reverse("surveys:section_move", args=[own.pk, section.pk]), OWN_POST_ONLY, True),
        ("surveys:question_create", reverse("surveys:question_create", args=on), OWN_WRITE, True),
        ("surveys:question_edit", reverse("surveys:question_edit", args=[own.pk, question.pk]), OWN_WRITE, True),
        (
            "surveys:question_delete",
            reverse("surveys:question_delete", args=[own.pk, question.pk]),
            OWN_POST_ONLY,
            True,
        ),
        ("surveys:question_move", reverse("surveys:question_move", args=[own.pk, question.pk]), OWN_POST_ONLY, True),
        ("surveys:invitations", reverse("surveys:invitations", args=on), OWN_WRITE, True),
        ("surveys:invitation_sheet", reverse("surveys:invitation_sheet", args=on), OWN_POST_ONLY, True),
    ]
