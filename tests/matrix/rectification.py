"""整改's pages in the permission matrix: college A's 2021 assessment finalised short of a key indicator, so that
its item exists (made by the finalisation), with a plan, a progress note and a file. Its secretary (sec1) plans and
reports; staff create, accept and return; the office reads; college B's secretary gets a 404."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from colleges.access import role_holders
from colleges.models import Membership, Role
from core.uploads import check_upload
from rectification import services
from rectification.models import ItemEvent, NoteFile, ProgressNote, RectificationItem
from tests.rectification.helpers import finalised

MODELS = [RectificationItem, ProgressNote, NoteFile, ItemEvent]

ITEM_READERS = {"staff": 200, "office": 200, "sec1": 200, "sec2": 404, "admin": 200, "norole": 403}
COLLEGE_WRITER = {"staff": 403, "office": 403, "sec1": 200, "sec2": 404, "admin": 403, "norole": 403}
LIST_READERS = {"staff": 200, "office": 200, "sec1": 200, "sec2": 200, "admin": 200, "norole": 403}
STAFF_ON_COLLEGE = {"staff": 200, "office": 403, "sec1": 403, "sec2": 404, "admin": 200, "norole": 403}
EVERY_COLLEGE = {"staff": 200, "office": 200, "sec1": 403, "sec2": 403, "admin": 200, "norole": 403}
POST_ONLY = {"staff": 405, "office": 403, "sec1": 405, "sec2": 404, "admin": 405, "norole": 403}


def an_item(college_a):
    staff = role_holders(Role.STAFF).order_by("pk").first()
    secretary = Membership.objects.filter(role=Role.SECRETARY, college=college_a).select_related("user").first().user
    assessment = finalised(college_a, staff)
    item = RectificationItem.objects.filter(assessment=assessment).first()
    item = services.save_plan(
        item,
        secretary,
        measures="逐项整改。",
        owner="王老师",
        deadline=timezone.localdate(),
        expected_version=item.version,
    )
    pdf = SimpleUploadedFile("整改材料.pdf", b"%PDF-1.4\n%%EOF\n")
    note = services.add_note(
        item,
        secretary,
        text="已召开专题会议。",
        on=timezone.localdate(),
        files=[check_upload(pdf)],
        expected_version=item.version,
    )
    return assessment, RectificationItem.objects.get(pk=item.pk), note.files.first()


def cases(plan, college_a, report, assessment=None, export=None):
    graded, item, file = an_item(college_a)
    year, code = graded.scheme.year, college_a.code
    return [
        ("rectification:list", reverse("rectification:list"), LIST_READERS, False),
        ("rectification:item", reverse("rectification:item", args=[item.pk]), ITEM_READERS, False),
        ("rectification:plan", reverse("rectification:plan", args=[item.pk]), COLLEGE_WRITER, True),
        ("rectification:note", reverse("rectification:note", args=[item.pk]), COLLEGE_WRITER, True),
        ("rectification:act", reverse("rectification:act", args=[item.pk]), POST_ONLY, True),
        ("rectification:file", reverse("rectification:file", args=[item.pk, file.pk]), ITEM_READERS, False),
        ("rectification:choose", reverse("rectification:choose", args=[year, code]), STAFF_ON_COLLEGE, True),
        ("rectification:export", reverse("rectification:export", args=[year]), EVERY_COLLEGE, False),
    ]
