"""Training classes, their sessions and who attended them."""

from __future__ import annotations

from django.db import transaction

from colleges.access import access_for, require, reviews
from core.versions import claim

from ..models import TrainingClass, TrainingSession
from .common import record_event


@transaction.atomic
def save_training(training: TrainingClass, user, expected_version: int | None = None) -> TrainingClass:
    require(reviews(access_for(user)), reviews)
    if training.pk is None:
        training.created_by = user
        training.save()
        record_event(training, user, "create")
        return training
    claim(TrainingClass, training.pk, expected_version or 0)
    training.version = (expected_version or 0) + 1
    training.save()
    record_event(training, user, "edit")
    return training


@transaction.atomic
def add_session(training: TrainingClass, user, session: TrainingSession) -> TrainingSession:
    require(reviews(access_for(user)), reviews)
    session.training = training
    session.save()
    record_event(training, user, "session", str(session))
    return session


@transaction.atomic
def record_attendance(session: TrainingSession, user, members, expected_version: int) -> TrainingSession:
    """Who attended the session (committee members of any college): the list replaces the one before."""
    require(reviews(access_for(user)), reviews)
    claim(TrainingSession, session.pk, expected_version)
    session.attendees.set(members)
    record_event(session, user, "attendance", str(len(members)))
    return TrainingSession.objects.get(pk=session.pk)
