"""The monthly bulletins in the permission matrix: every school role reads the list and the published bulletins;
a draft, its editing and its buttons are staff's (a 404 for the others, as a row they may not see)."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from bulletins import services
from bulletins.models import Bulletin

MODELS = [Bulletin]

EVERY_SCHOOL_ROLE = {"staff": 200, "office": 200, "sec1": 200, "sec2": 200, "admin": 200, "norole": 403}
STAFF_DRAFT = {"staff": 200, "office": 404, "sec1": 404, "sec2": 404, "admin": 200, "norole": 403}
STAFF_DRAFT_POST = {"staff": 405, "office": 404, "sec1": 404, "sec2": 404, "admin": 405, "norole": 403}


def bulletins():
    staff = get_user_model().objects.get(username="staff")
    draft = Bulletin.objects.filter(year=2022, month=4).first() or services.start(staff, 2022, 4)
    published = Bulletin.objects.filter(year=2022, month=3).first()
    if published is None:
        published = services.start(staff, 2022, 3)
        services.publish(published, staff, published.version)
    return draft, published


def cases(plan, college_a, report, assessment=None, export=None):
    draft, published = bulletins()
    return [
        ("bulletins:list", reverse("bulletins:list"), EVERY_SCHOOL_ROLE, True),
        ("bulletins:detail", reverse("bulletins:detail", args=[draft.pk]), STAFF_DRAFT, False),
        ("bulletins:detail", reverse("bulletins:detail", args=[published.pk]), EVERY_SCHOOL_ROLE, False),
        ("bulletins:pdf", reverse("bulletins:pdf", args=[published.pk]), EVERY_SCHOOL_ROLE, False),
        ("bulletins:edit", reverse("bulletins:edit", args=[draft.pk]), STAFF_DRAFT, True),
        ("bulletins:redraft", reverse("bulletins:redraft", args=[draft.pk]), STAFF_DRAFT_POST, True),
        ("bulletins:publish", reverse("bulletins:publish", args=[draft.pk]), STAFF_DRAFT_POST, True),
    ]
