"""No answer stores an address or a time finer than the day (issue 28, item 4).

An answer is posted from a distinctive address (directly and behind a proxy), with a distinctive browser; then
every column of every row of the surveys' tables, the session table, the cache's keys and values, the cookies and
the logs are searched for either. And the models themselves are walked: a response or an answer with a field that
holds a time of day fails here, whoever adds it."""

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import models
from django.test import Client
from django.urls import reverse

from surveys.models import Answer, Invitation, Response

from .public_survey import good_post, invite, open_survey

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.197"
FORWARDED = "198.51.100.231"
AGENT = "Mozilla/5.0 (Linux; Android 14; ZZ-Distinctive-Agent-7731) Mobile"
TRACES = [ADDRESS, FORWARDED, AGENT, "ZZ-Distinctive-Agent-7731", "203.0.113", "198.51.100"]


def every_value(model) -> list[str]:
    return [
        repr(value)
        for row in model._base_manager.values_list(*[f.attname for f in model._meta.concrete_fields])
        for value in row
    ]


def test_no_answer_stores_an_address_an_agent_or_a_time_finer_than_the_day(college_a, caplog):
    open_one = open_survey(college_a)
    by_code = open_survey(college_a, uses_tokens=True, named=True)
    code = invite(by_code, 1)[0]
    caplog.set_level("DEBUG")
    client = Client(REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR=FORWARDED, HTTP_USER_AGENT=AGENT)
    for survey, extra in [(open_one, {}), (by_code, {"code": code, "student_number": "20220101"})]:
        sent = client.post(reverse("public:survey", args=[survey.pk]), good_post(survey, college_a, **extra))
        assert sent.status_code == 302
    assert Response.objects.count() == 2 and Answer.objects.count() == 10

    surveys_models = list(apps.get_app_config("surveys").get_models())
    stored = [value for model in [*surveys_models, Session] for value in every_value(model)]
    assert stored and not [value for value in stored if any(trace in value for trace in TRACES)]
    cached = [repr(key) + repr(value) for key, value in cache._cache.items()]
    assert cached and not [entry for entry in cached if any(trace in entry for trace in TRACES)]
    assert not [cookie for cookie in client.cookies.values() if any(t in cookie.value for t in TRACES)]
    assert not [trace for trace in TRACES if trace in caplog.text]  # nor in the logs
    assert Invitation.objects.get().used_on == Response.objects.get(survey=by_code).answered_on


def test_a_response_an_answer_and_an_invitation_hold_no_time_of_day():
    """A DateTimeField (or a TimeField, a DurationField) on what a respondent leaves would tell when they answered;
    an auto_now DateField is allowed only as the day."""
    for model in (Response, Answer, Invitation):
        finer = [
            field.name
            for field in model._meta.get_fields()
            if isinstance(field, models.DateTimeField | models.TimeField | models.DurationField)
        ]
        assert finer == [], f"{model.__name__} keeps a time finer than the day: {finer}"
    assert isinstance(Response._meta.get_field("answered_on"), models.DateField)


def test_a_response_names_no_account_and_no_invitation():
    """Nothing ties a response to a person's account or to the invitation code that let it in."""
    related = {field.related_model for field in Response._meta.get_fields() if field.is_relation}
    from django.contrib.auth import get_user_model

    assert get_user_model() not in related and Invitation not in related
    assert not any(field.is_relation and field.related_model is Response for field in Invitation._meta.get_fields())
