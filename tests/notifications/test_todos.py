"""What waits in the notifications (notifications/todos.py): failed e-mails and group messages, for those who keep
the outbox and can send them again; nobody else."""

from django.urls import reverse
from django.utils import timezone

from notifications.models import Email, EmailState
from notifications.todos import home_todos


def counts_of(user) -> dict:
    return {todo.key: int(todo.count) for todo in home_todos(user, timezone.localdate()) if todo.count}


def test_failed_e_mails_wait_for_staff_to_send_again(users):
    Email.objects.create(to="a@example.edu.cn", subject="通知", body="…", state=EmailState.FAILED)
    Email.objects.create(to="b@example.edu.cn", subject="通知", body="…", state=EmailState.SENT)
    assert counts_of(users["staff"]) == {"notifications.failed": 1}
    [todo] = home_todos(users["admin"], timezone.localdate())
    assert todo.url == reverse("notifications:system") and todo.urgent
    assert counts_of(users["office"]) == {} and counts_of(users["sec1"]) == {}


def test_nothing_waits_when_every_message_went_out(users):
    Email.objects.create(to="a@example.edu.cn", subject="通知", body="…", state=EmailState.SENT)
    assert counts_of(users["staff"]) == {}
