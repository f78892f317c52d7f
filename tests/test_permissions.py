"""Every page of the portal × every persona: who gets in, who is sent to log in, who gets 403 or 404.

The URLs are built on college A's objects. sec1 is college A's secretary; sec2 belongs to college B, so for
sec2 every object of college A must not exist (404). The office reads everything and writes nothing (403).
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from activities.models import ActivityKind, ActivityReport, Evidence, ReportEvent
from colleges.models import BrandProject, College, CommitteeMember, Membership, MemberUnit
from notifications.emails import render_notification
from notifications.models import ContactDetails, Email, EmailPreference, GroupWebhook, Notification
from plans.models import Section, Target, WorkPlan, WorkPoint
from scoring.models import Assessment, AssessmentDocument, Indicator, IndicatorScore, Scheme, ScoreChange

from . import matrix

PERSONAS = ["anonymous", "staff", "office", "sec1", "sec2", "admin", "norole"]

READ_BY_EVERY_ROLE = {"staff": 200, "office": 200, "sec1": 200, "sec2": 200, "admin": 200, "norole": 403}
MANAGERS_ONLY = {"staff": 200, "office": 403, "sec1": 403, "sec2": 403, "admin": 200, "norole": 403}
OWN_COLLEGE_READ = {"staff": 200, "office": 200, "sec1": 200, "sec2": 404, "admin": 200, "norole": 403}
OWN_COLLEGE_WRITE = {"staff": 200, "office": 403, "sec1": 200, "sec2": 404, "admin": 200, "norole": 403}
COLLEGE_MANAGERS_ONLY = {"staff": 200, "office": 403, "sec1": 403, "sec2": 404, "admin": 200, "norole": 403}
AUTHORS_ONLY = {"staff": 200, "office": 403, "sec1": 200, "sec2": 200, "admin": 200, "norole": 403}
# POST-only addresses answer a GET with 405 once the user has passed the checks that come first (the office never
# passes an author's check: 403).
OWN_COLLEGE_AUTHOR_POST_ONLY = {"staff": 405, "office": 403, "sec1": 405, "sec2": 404, "admin": 405, "norole": 403}


SCHOOL_VIEW = {"staff": 200, "office": 200, "sec1": 302, "sec2": 302, "admin": 200, "norole": 403}
REDIRECT_FOR_ROLES = {"staff": 302, "office": 302, "sec1": 302, "sec2": 302, "admin": 302, "norole": 403}


EVERY_COLLEGE = {"staff": 200, "office": 200, "sec1": 403, "sec2": 403, "admin": 200, "norole": 403}
EVERY_LOGGED_IN = {"staff": 200, "office": 200, "sec1": 200, "sec2": 200, "admin": 200, "norole": 200}
MANAGERS_POST_ONLY = {"staff": 405, "office": 403, "sec1": 403, "sec2": 403, "admin": 405, "norole": 403}
# Public by design, each tested on its own below.
PUBLIC_URLS = {"healthz", "login", "password_reset_confirm", "password_reset_complete"}


def url_cases(plan, college_a, report, assessment=None, export=None):
    """(url name, url, expected GET status per persona, is a write page): the core's and every app's (tests/matrix)."""
    return core_url_cases(plan, college_a, report, assessment, export) + matrix.cases(
        plan, college_a, report, assessment, export
    )


def core_url_cases(plan, college_a, report, assessment=None, export=None):
    member = CommitteeMember.objects.filter(college=college_a).first()
    unit = MemberUnit.objects.first()
    kind = ActivityKind.objects.first()
    evidence = report.evidence.first()
    on_report = [report.pk]
    waiting = ActivityReport.objects.filter(college=college_a, status="submitted").order_by("pk").first()
    on_file = [report.pk, evidence.pk]
    scoring = []
    if assessment is not None:
        document = AssessmentDocument.objects.filter(score__assessment=assessment).first()
        on_college = [2022, "aa"]
        scoring = [
            ("scoring:latest", reverse("scoring:latest"), REDIRECT_FOR_ROLES, False),
            ("scoring:school", reverse("scoring:school", args=[2022]), SCHOOL_VIEW, False),
            ("scoring:scheme", reverse("scoring:scheme", args=[2022]), READ_BY_EVERY_ROLE, False),
            ("scoring:scheme_edit", reverse("scoring:scheme_edit", args=[2022]), MANAGERS_ONLY, True),
            ("scoring:scheme_copy", reverse("scoring:scheme_copy", args=[2022]), MANAGERS_ONLY, True),
            ("scoring:import", reverse("scoring:import", args=[2022]), MANAGERS_ONLY, True),
            ("scoring:import_template", reverse("scoring:import_template", args=[2022]), MANAGERS_ONLY, False),
            ("scoring:assessment", reverse("scoring:assessment", args=on_college), OWN_COLLEGE_READ, False),
            ("scoring:self_assess", reverse("scoring:self_assess", args=on_college), OWN_COLLEGE_WRITE, True),
            ("scoring:review", reverse("scoring:review", args=on_college), COLLEGE_MANAGERS_ONLY, True),
            ("scoring:transition", reverse("scoring:transition", args=on_college), OWN_COLLEGE_AUTHOR_POST_ONLY, True),
            ("scoring:what_if", reverse("scoring:what_if", args=on_college), OWN_COLLEGE_WRITE, True),
            (
                "scoring:document_upload",
                reverse("scoring:document_upload", args=on_college),
                OWN_COLLEGE_AUTHOR_POST_ONLY,
                True,
            ),
            (
                "scoring:document",
                reverse("scoring:document", args=[*on_college, document.pk]),
                OWN_COLLEGE_READ,
                False,
            ),
        ]
    dashboard = [
        ("dashboard:latest", reverse("dashboard:latest"), REDIRECT_FOR_ROLES, False),
        ("dashboard:year", reverse("dashboard:year", args=[2022]), SCHOOL_VIEW, False),
        ("dashboard:college", reverse("dashboard:college", args=[2022, "aa"]), OWN_COLLEGE_READ, False),
        # Asking for a summary changes no portal data: the read-only office may do it.
        ("dashboard:downloads", reverse("dashboard:downloads", args=[2022]), SCHOOL_VIEW, False),
    ]
    if export is not None:
        dashboard += [
            ("dashboard:export_status", reverse("dashboard:export_status", args=[export.pk]), EVERY_COLLEGE, False),
            ("dashboard:export_file", reverse("dashboard:export_file", args=[export.pk]), EVERY_COLLEGE, False),
        ]
    posted_only = {"staff": 405, "office": 405, "sec1": 405, "sec2": 405, "admin": 405, "norole": 403}
    mine = Notification.objects.filter(user__username="sec1").first()
    robot = GroupWebhook.objects.get_or_create(
        college=college_a, platform="wecom", defaults={"hint": "qyapi.weixin.qq.com …0000", "encrypted_url": ""}
    )[0]
    # An e-mail as the portal writes it, so that its HTML part is checked like a page.
    text, html = render_notification(mine.user, "主题", "正文", "/plans/", [("学院", college_a.name)])
    email = Email.objects.create(to="sec1@gkw.example", subject="主题", body=text, html_body=html)
    notifications = [
        # Each person's own notifications; reading them changes no portal data, so the office may too.
        ("notifications:list", reverse("notifications:list"), READ_BY_EVERY_ROLE, False),
        ("notifications:read_all", reverse("notifications:read_all"), posted_only, False),
        ("notifications:read", reverse("notifications:read", args=[mine.pk]), posted_only, False),
        ("notifications:system", reverse("notifications:system"), MANAGERS_ONLY, True),
        # Each person's own settings, a role or not; a confirmation link that is not theirs is a 404.
        ("notifications:settings", reverse("notifications:settings"), EVERY_LOGGED_IN, True),
        (
            "notifications:confirm_email",
            reverse("notifications:confirm_email", args=["not-a-token"]),
            dict.fromkeys(EVERY_LOGGED_IN, 404),
            False,
        ),
        ("notifications:groups", reverse("notifications:groups"), MANAGERS_ONLY, False),
        ("notifications:group_create", reverse("notifications:group_create"), MANAGERS_ONLY, True),
        ("notifications:group_edit", reverse("notifications:group_edit", args=[robot.pk]), MANAGERS_ONLY, True),
        (
            "notifications:group_action",
            reverse("notifications:group_action", args=[robot.pk, "delete"]),
            MANAGERS_POST_ONLY,
            True,
        ),
        ("notifications:outbox", reverse("notifications:outbox"), MANAGERS_ONLY, False),
        ("notifications:outbox_email", reverse("notifications:outbox_email", args=[email.pk]), MANAGERS_ONLY, False),
        (
            "notifications:outbox_email_html",
            reverse("notifications:outbox_email_html", args=[email.pk]),
            MANAGERS_ONLY,
            False,
        ),
    ]
    return (
        notifications
        + dashboard
        + scoring
        + [
            ("activities:list", reverse("activities:list"), READ_BY_EVERY_ROLE, False),
            ("activities:export", reverse("activities:export"), READ_BY_EVERY_ROLE, False),
            # The queue takes a batch approval by POST.
            ("activities:review", reverse("activities:review"), MANAGERS_ONLY, True),
            (
                "activities:review_report",
                reverse("activities:review_report", args=[waiting.pk]),
                COLLEGE_MANAGERS_ONLY,
                True,
            ),
            ("activities:create", reverse("activities:create"), AUTHORS_ONLY, True),
            ("activities:kinds", reverse("activities:kinds"), READ_BY_EVERY_ROLE, False),
            ("activities:kind_create", reverse("activities:kind_create"), MANAGERS_ONLY, True),
            ("activities:kind_edit", reverse("activities:kind_edit", args=[kind.pk]), MANAGERS_ONLY, True),
            ("activities:detail", reverse("activities:detail", args=on_report), OWN_COLLEGE_READ, False),
            ("activities:print", reverse("activities:print", args=on_report), OWN_COLLEGE_READ, False),
            ("activities:edit", reverse("activities:edit", args=on_report), OWN_COLLEGE_WRITE, True),
            ("activities:delete", reverse("activities:delete", args=on_report), OWN_COLLEGE_WRITE, True),
            (
                "activities:transition",
                reverse("activities:transition", args=on_report),
                OWN_COLLEGE_AUTHOR_POST_ONLY,
                True,
            ),
            (
                "activities:evidence_upload",
                reverse("activities:evidence_upload", args=on_report),
                OWN_COLLEGE_AUTHOR_POST_ONLY,
                True,
            ),
            ("activities:evidence_zip", reverse("activities:evidence_zip", args=on_report), OWN_COLLEGE_READ, False),
            ("activities:evidence", reverse("activities:evidence", args=on_file), OWN_COLLEGE_READ, False),
            (
                "activities:evidence_thumbnail",
                reverse("activities:evidence_thumbnail", args=on_file),
                OWN_COLLEGE_READ,
                False,
            ),
            (
                "activities:evidence_delete",
                reverse("activities:evidence_delete", args=on_file),
                OWN_COLLEGE_AUTHOR_POST_ONLY,
                True,
            ),
            (
                "home",
                reverse("home"),
                {**READ_BY_EVERY_ROLE, "office": 302},
                False,
            ),  # the office's home is the dashboard
            ("plans:list", reverse("plans:list"), READ_BY_EVERY_ROLE, False),
            ("plans:detail", reverse("plans:detail", args=[2022]), READ_BY_EVERY_ROLE, False),
            ("plans:work_point", reverse("plans:work_point", args=[2022, "3.1"]), READ_BY_EVERY_ROLE, False),
            ("plans:edit", reverse("plans:edit", args=[2022]), MANAGERS_ONLY, True),
            ("plans:copy", reverse("plans:copy", args=[2022]), MANAGERS_ONLY, True),
            ("plans:section_edit", reverse("plans:section_edit", args=[2022, 1]), MANAGERS_ONLY, True),
            ("plans:work_point_edit", reverse("plans:work_point_edit", args=[2022, "3.1"]), MANAGERS_ONLY, True),
            ("plans:target_edit", reverse("plans:target_edit", args=[2022, "brand-projects"]), MANAGERS_ONLY, True),
            ("colleges:list", reverse("colleges:list"), READ_BY_EVERY_ROLE, False),
            ("colleges:create", reverse("colleges:create"), MANAGERS_ONLY, True),
            ("colleges:units", reverse("colleges:units"), READ_BY_EVERY_ROLE, False),
            ("colleges:unit_create", reverse("colleges:unit_create"), MANAGERS_ONLY, True),
            ("colleges:retirements", reverse("colleges:retirements", args=[plan.year]), MANAGERS_ONLY, True),
            ("colleges:unit_edit", reverse("colleges:unit_edit", args=[unit.pk]), MANAGERS_ONLY, True),
            ("colleges:detail", reverse("colleges:detail", args=["aa"]), OWN_COLLEGE_READ, False),
            ("colleges:edit", reverse("colleges:edit", args=["aa"]), COLLEGE_MANAGERS_ONLY, True),
            ("colleges:member_create", reverse("colleges:member_create", args=["aa"]), OWN_COLLEGE_WRITE, True),
            ("colleges:member_edit", reverse("colleges:member_edit", args=["aa", member.pk]), OWN_COLLEGE_WRITE, True),
            (
                "colleges:member_delete",
                reverse("colleges:member_delete", args=["aa", member.pk]),
                OWN_COLLEGE_WRITE,
                True,
            ),
            ("colleges:brand_edit", reverse("colleges:brand_edit", args=["aa", 2022]), OWN_COLLEGE_WRITE, True),
            ("colleges:accounts", reverse("colleges:accounts"), MANAGERS_ONLY, False),
            (
                "colleges:password_link",
                reverse("colleges:password_link", args=[member_user_pk(college_a)]),
                MANAGERS_POST_ONLY,
                True,
            ),
            # Each person's own account: any logged-in user, a role or not.
            ("password_change", reverse("password_change"), EVERY_LOGGED_IN, False),
            ("password_change_done", reverse("password_change_done"), EVERY_LOGGED_IN, False),
            ("logout", reverse("logout"), dict.fromkeys(EVERY_LOGGED_IN, 405), False),
            # Anyone logged in keeps their own display preference (大字模式); it is posted from the navigation bar.
            ("colleges:large_text", reverse("colleges:large_text"), {**posted_only, "norole": 405}, False),
            # Anyone logged in switches among their own roles (colleges/schools.py); posted from the user menu.
            ("colleges:switch", reverse("colleges:switch"), {**posted_only, "norole": 405}, False),
            # Reading another school is for those who choose any school: the installation's superusers (the core
            # `admin` persona is one; school B's administrator is not) and the province's officers.
            ("colleges:choose_school", reverse("colleges:choose_school"), chooses_schools(), False),
        ]
    )


def chooses_schools() -> dict[str, int]:
    superuser = get_user_model().objects.filter(username="admin", is_superuser=True).exists()
    return {"staff": 403, "office": 403, "sec1": 403, "sec2": 403, "admin": 200 if superuser else 403, "norole": 403}


def member_user_pk(college):
    """The secretary of `college`: the person a set-password link is made for."""
    return Membership.objects.filter(college=college).values_list("user_id", flat=True).first()


def named_portal_urls():
    """Every named URL of the portal, the account pages included (the admin is Django's and tested apart)."""
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in {"admin"}:
                    continue
                walk(pattern.url_patterns, f"{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return names - PUBLIC_URLS - matrix.public_urls()


def snapshot():
    """Everything a write could change, to prove that a refused request changed nothing."""
    models = [WorkPlan, Section, WorkPoint, Target, College, CommitteeMember, MemberUnit, BrandProject]
    models += [ActivityKind, ActivityReport, ReportEvent, Evidence]
    models += [Scheme, Indicator, Assessment, IndicatorScore, ScoreChange, AssessmentDocument]
    models += [GroupWebhook, EmailPreference, ContactDetails]
    models += matrix.models()
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


def test_the_matrix_covers_every_portal_url(plan, users, college_a, report, assessment, export):
    covered = {name for name, *_ in url_cases(plan, college_a, report, assessment, export)}
    assert named_portal_urls() - covered == set(), "add the new URL to the permission matrix"


@pytest.mark.parametrize("persona", PERSONAS)
def test_get_every_page(persona, plan, users, college_a, report, assessment, export, as_user):
    client = as_user(None if persona == "anonymous" else persona)
    for name, url, expected, _ in url_cases(plan, college_a, report, assessment, export):
        response = client.get(url)
        if persona == "anonymous" and name == "home":
            assert response.status_code == 200, name  # the root shows anonymous visitors the public site
        elif persona == "anonymous":
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("login")), name
        else:
            assert response.status_code == expected[persona], f"{persona} GET {name}"


@pytest.mark.parametrize("persona", ["anonymous", "office", "sec2", "norole"])
def test_refused_writes_change_nothing(persona, plan, users, college_a, report, assessment, export, as_user):
    """A POST of plausible data by a persona who may not write is refused and leaves the database as it was."""
    client = as_user(None if persona == "anonymous" else persona)
    payload = {
        "name": "改名",
        "short_name": "改",
        "code": "zz",
        "title": "改标题",
        "body": "改正文",
        "text": "改",
        "status": "done",
        "position": "member",
        "goal": "1",
        "unit": "场",
        "metric": "brand_project_share",
        "year": "2030",
        "order": "1",
        "action": "approve",
        "comment": "理由",
        "version": "1",
        "starts_on": "2022-05-01",
        "ends_on": "2022-05-01",
        "place": "礼堂",
        "summary": "改",
    }
    # The apps' matrix modules create their objects when asked for their cases: before the snapshot, not in it.
    cases = url_cases(plan, college_a, report, assessment, export)
    before = snapshot()
    for name, url, expected, is_write in cases:
        if not is_write or expected.get(persona) in {200, 405}:
            continue  # a page this persona may use (a secretary filing for their own college)
        response = client.post(url, payload)
        if persona == "anonymous":
            assert response.status_code == 302, name
        else:
            refused_with = 404 if expected[persona] == 404 else 403
            assert response.status_code == refused_with, f"{persona} POST {name}"
    assert snapshot() == before


def test_login_and_set_password_pages_are_the_only_public_pages(client, db):
    assert client.get(reverse("login")).status_code == 200
    # A set-password link works without a login; without a valid token it only says so.
    forged = client.get(reverse("password_reset_confirm", args=["MQ", "set-password"]))
    assert forged.status_code == 200 and "new_password1" not in forged.content.decode()
    assert client.get(reverse("password_reset_complete")).status_code == 200
    assert client.get(reverse("healthz")).content == b"ok"  # for load balancers: says nothing about the data
    assert client.get(reverse("password_change")).status_code == 302


def test_admin_site_is_for_administrators_only(users, as_user):
    assert as_user("admin").get("/admin/").status_code == 200
    for persona in ["staff", "office", "sec1", "norole"]:
        assert as_user(persona).get("/admin/").status_code == 302, persona


@pytest.mark.parametrize(
    "url",
    [
        "/colleges/units/99999999999999999999999/edit/",
        "/colleges/aa/members/99999999999999999999999/edit/",
        "/colleges/%E4%B8%AD/",
        "/plans/2022/points/%00/",
        "/plans/2022/points/3.1%00/",
        "/plans/2022/sections/99999999999999999999/edit/",
        "/plans/99999/",
        "/plans/2022/targets/" + "x" * 300 + "/edit/",
    ],
)
def test_guessed_and_hostile_addresses_are_404_not_500(url, plan, users, as_user):
    assert as_user("staff").get(url).status_code == 404


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/reports/99999999999999999999999/", 404),
        ("/reports/1/evidence/99999999999999999999999/", 404),
        ("/reports/?older=abc", 200),
        ("/reports/?newer=99999999999999999-1&older=-1", 200),
        ("/reports/?college=abc&kind=%00&status=nope&date_from=2022-13-45&work_point=-1", 200),
        ("/reports/export.xlsx?date_to=yesterday", 200),
        ("/reports/new/?college=%00", 404),
    ],
)
def test_hostile_report_addresses_never_fail(url, status, plan, users, report, as_user):
    assert as_user("staff").get(url).status_code == status
