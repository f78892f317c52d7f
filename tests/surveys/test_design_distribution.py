"""Distributing a survey: its public link and QR code (SVG and PNG, made on the server), the poster, and invitation
codes shown once and kept only as their keyed hashes."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.guard import normal_code
from surveys import invitations, links
from surveys.models import Invitation, Survey
from surveys.services import design as services
from surveys.services.design import SurveyError

from .conftest import fresh

pytestmark = pytest.mark.django_db


def test_the_qr_code_is_an_svg_and_a_png_of_the_public_link(users, school_survey, as_user):
    client = as_user("office")  # a reader may print the poster
    link = f"/survey/{school_survey.pk}/"
    svg = client.get(reverse("surveys:qr_svg", args=[school_survey.pk]))
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert svg.content.lstrip().startswith(b"<?xml") and b"<svg" in svg.content and link.encode() in svg.content
    png = client.get(reverse("surveys:qr_png", args=[school_survey.pk]))
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n") and "attachment" in png["Content-Disposition"]


def test_the_page_and_the_poster_show_the_link_and_the_code(users, school_survey, as_user):
    link = links.public_link(None, school_survey)
    assert link.endswith(f"/survey/{school_survey.pk}/")
    page = as_user("staff").get(reverse("surveys:detail", args=[school_survey.pk])).content.decode()
    assert link in page and 'class="gkw-qr"' in page
    poster = as_user("staff").get(reverse("surveys:poster", args=[school_survey.pk])).content.decode()
    assert school_survey.title in poster and link in poster and "<svg" in poster
    assert "本调研为匿名调研" in poster and "2022年5月10日" in poster and "survey-print.css" in poster


def test_codes_are_shown_once_and_kept_only_as_keyed_hashes(users, school_survey, as_user):
    Survey.objects.filter(pk=school_survey.pk).update(uses_tokens=True)
    client = as_user("staff")
    page = client.post(reverse("surveys:invitations", args=[school_survey.pk]), {"count": 25, "version": 1})
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    codes = page.context["codes"]
    assert len(codes) == 25 == Invitation.objects.filter(survey=school_survey).count()
    stored = list(Invitation.objects.values("code_hash", "used_on"))
    for code in codes:
        assert code in page.content.decode()
        assert all(code not in str(row) and normal_code(code) not in str(row) for row in stored)
    assert {row["code_hash"] for row in stored} == {invitations.code_hash(code) for code in codes}
    assert invitations.code_hash(codes[0].lower().replace("-", " ")) == invitations.code_hash(codes[0])
    assert fresh(school_survey).version == 2  # the batch claimed the survey

    sheet = client.post(reverse("surveys:invitation_sheet", args=[school_survey.pk]), {"codes": "\n".join(codes)})
    assert sheet.status_code == 200
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == codes
    # The sheet prints only unused codes of this survey, never text a person posts.
    forged = client.post(reverse("surveys:invitation_sheet", args=[school_survey.pk]), {"codes": "ABCD-EFGH-JKMN"})
    assert forged.status_code == 404

    detail = client.get(reverse("surveys:detail", args=[school_survey.pk])).content.decode()
    assert "已生成 25 个：已使用 0 个，未使用 25 个。" in detail and codes[0] not in detail


def test_codes_only_for_a_survey_by_invitation_and_within_bounds(users, school_survey):
    staff = users["staff"]
    with pytest.raises(SurveyError):
        services.make_invitations(school_survey, staff, 10, 1)
    Survey.objects.filter(pk=school_survey.pk).update(uses_tokens=True)
    for count in (0, invitations.BATCH_MAX + 1):
        with pytest.raises(SurveyError):
            services.make_invitations(school_survey, staff, count, 1)
    assert not Invitation.objects.exists() and fresh(school_survey).version == 1


def test_a_secretary_makes_codes_only_for_their_colleges_survey(users, school_survey, college_survey, as_user):
    Survey.objects.update(uses_tokens=True)
    client = as_user("sec1")
    assert (
        client.post(reverse("surveys:invitations", args=[school_survey.pk]), {"count": 5, "version": 1}).status_code
        == 403
    )
    assert (
        client.post(reverse("surveys:invitations", args=[college_survey.pk]), {"count": 5, "version": 1}).status_code
        == 200
    )
    assert Invitation.objects.filter(survey=college_survey).count() == 5
    assert not Invitation.objects.filter(survey=school_survey).exists()
