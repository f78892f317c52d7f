"""With a real Redis and real workers: nothing a user saves is lost, and every e-mail goes out exactly once —
when Redis is down during a review, when a worker is killed in the middle of sending, when a task is delivered
twice. These tests start processes and wait for them; they take tens of seconds."""

import time

import pytest
from django.urls import reverse

from activities import services as report_services
from activities.models import Status
from core.uploads import check_upload
from notifications.models import Email, EmailState
from notifications.tasks import send_pending_emails

from ..conftest import make_report
from ..helpers import photo_upload
from .conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def reviewed_people(users):
    for name, user in users.items():
        user.email = f"{name}@example.edu.cn"
        user.save()
    return users


def email_state():
    return Email.objects.values_list("state", flat=True).get()


def test_redis_down_during_a_submission_and_a_review_then_back_delivers_once(
    reviewed_people, college_a, workers, redis_server, smtp_server, client, settings
):
    # Redis is the cache too, as in production: figures are computed directly while it is away.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_server.url}
    }
    report = make_report(college_a, reviewed_people["sec1"], title="宣讲一")
    report_services.add_evidence(report, reviewed_people["sec1"], [check_upload(photo_upload())])  # needs a photo
    report.refresh_from_db()
    redis_server.stop()

    client.force_login(reviewed_people["sec1"])
    response = client.post(
        reverse("activities:transition", args=[report.pk]), {"action": "submit", "version": report.version}
    )
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED  # the secretary's submission is saved with Redis down

    client.force_login(reviewed_people["staff"])
    started = time.monotonic()
    response = client.post(
        reverse("activities:transition", args=[report.pk]), {"action": "approve", "version": report.version}
    )
    assert response.status_code == 302 and time.monotonic() - started < 10
    report.refresh_from_db()
    assert report.status == Status.APPROVED  # saved although the broker is down
    assert email_state() == EmailState.PENDING

    redis_server.start()
    workers.start()
    send_pending_emails.delay()  # what the beat schedule does every minute
    wait_for(lambda: email_state() == EmailState.SENT, 30, what="the e-mail to be sent")
    send_pending_emails.delay()
    time.sleep(2)
    assert len(smtp_server.messages) == 1


def test_a_worker_killed_mid_send_leaves_the_mail_to_the_next_one(reviewed_people, college_a, workers, smtp_server):
    smtp_server.hang.set()  # the first worker will wait inside the SMTP conversation
    first = workers.start()
    report = make_report(college_a, reviewed_people["sec1"], status=Status.SUBMITTED)
    report_services.transition(report, reviewed_people["staff"], "approve", "", report.version)
    send_pending_emails.delay()
    wait_for(lambda: email_state() == EmailState.SENDING, 30, what="the first worker to claim the e-mail")
    workers.kill(first)
    smtp_server.hang.clear()
    assert smtp_server.messages == []

    time.sleep(4)  # past the claim's staleness and the broker's visibility timeout
    workers.start()
    send_pending_emails.delay()
    wait_for(lambda: email_state() == EmailState.SENT, 40, what="the next worker to send the e-mail")
    time.sleep(2)
    assert len(smtp_server.messages) == 1
    assert Email.objects.get().attempts == 2


def test_the_same_task_delivered_twice_sends_once(reviewed_people, college_a, workers, smtp_server):
    workers.start(concurrency=2)
    for title in ["宣讲一", "宣讲二"]:
        report = make_report(college_a, reviewed_people["sec1"], status=Status.SUBMITTED, title=title)
        report_services.transition(report, reviewed_people["staff"], "approve", "", report.version)
    for _ in range(3):
        send_pending_emails.delay()  # the same work, delivered three times, two workers at once
    wait_for(lambda: not Email.objects.exclude(state=EmailState.SENT).exists(), 30, what="both e-mails to be sent")
    time.sleep(2)
    assert len(smtp_server.messages) == 2
