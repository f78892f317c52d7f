"""Every text field of the portal's models, sorted into text people typed (which reaches pages, the feed, mail,
robots, workbooks and PDFs) and text the portal writes or checks itself. tests/security/test_channels.py plants a
payload into every field of USER_TEXT; its guard fails when a model gains a text field that is in neither table.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

APPS = {
    "auth",
    "activities",
    "care",
    "colleges",
    "committee",
    "core",
    "dashboard",
    "institutions",
    "notifications",
    "plans",
    "publicity",
    "region",
    "scoring",
    "talkroom",
}

USER_TEXT = {
    "auth.User": ["first_name", "last_name"],
    "colleges.College": ["name", "short_name"],
    "colleges.CommitteeMember": ["name", "title", "contact"],
    "colleges.MemberUnit": ["name", "full_name", "duties"],
    "colleges.BrandProject": ["title", "summary", "lead"],
    "notifications.Notification": ["title", "body"],
    "notifications.GroupMessage": ["title", "text"],
    "plans.WorkPlan": [
        "title",
        "doc_number",
        "issuer",
        "notice_title",
        "recipients",
        "notice_body",
        "preamble",
        "signed_by",
    ],
    "plans.Section": ["title", "body"],
    "plans.WorkPoint": ["title", "text", "progress_note"],
    "plans.Target": ["name", "description", "unit"],
    "activities.ActivityKind": ["name"],
    "activities.ActivityReport": ["title", "place", "organiser", "summary", "outcome", "return_reason"],
    "activities.ReportEvent": ["comment"],
    "activities.Evidence": ["original_name"],
    "scoring.Scheme": ["title"],
    "scoring.Indicator": ["name", "points_text", "evidence_hint"],
    "scoring.IndicatorScore": ["self_note", "review_note"],
    "scoring.AssessmentEvent": ["comment"],
    "scoring.AssessmentDocument": ["original_name"],
    "care.NeedCategory": ["name"],
    "care.Need": ["person_code", "description", "preferred_times", "notes", "feedback"],
    "care.Offer": ["outside_name", "outside_affiliation", "availability"],
    "care.Pair": ["reason"],
    "care.CareSession": ["note", "follow_up", "return_reason"],
    "care.Programme": ["title", "summary"],
    "care.Mentorship": ["mentees", "goals", "evaluation"],
    "care.MentorMeeting": ["topic", "note", "return_reason"],
    "care.CareEvent": ["comment"],
    "care.MaterialHelp": ["what"],
    "talkroom.Message": ["text"],
    "talkroom.Thread": ["contact"],
    "talkroom.TalkSettings": ["closed_message", "harm_words", "help_lines"],
    "institutions.Institution": ["name", "short_name", "contact_name", "contact_phone", "site_url"],
    "region.Region": ["name"],
    "region.SchoolScheme": ["title"],
    "region.SchoolIndicator": ["group", "name", "points_text"],
    "region.WorkReport": ["text"],
    "region.Application": ["report", "return_reason", "opinion"],
    "region.ApplicationScore": ["self_note"],
    "region.ApplicationEvent": ["comment"],
    "region.ApplicationFile": ["original_name"],
    "region.Meeting": ["title", "place", "agenda", "minutes", "decisions"],
    "region.Attendance": ["attendees"],
    "region.MeetingFile": ["original_name"],
    "region.Post": ["title", "body"],
    "region.PostFile": ["original_name"],
    "region.Comment": ["body"],
    "region.ReviewScore": ["comment"],
    "region.Visit": ["agenda", "findings"],
    "region.VisitChange": ["comment"],
    "committee.Notice": ["title", "body"],
    "committee.NoticeAttachment": ["original_name"],
    "committee.Receipt": ["reply_text"],
    "committee.ReplyFile": ["original_name"],
    "committee.Meeting": ["title", "place", "agenda", "minutes", "other_attendees"],
    "committee.MeetingAttachment": ["original_name"],
    "committee.Decision": ["text"],
    "committee.FollowUpTask": ["done_note"],
    "committee.TrainingClass": ["title", "description"],
    "committee.TrainingSession": ["topic"],
    "committee.RatingLevel": ["name"],
    "committee.UnitReport": ["text", "return_reason", "rating_comment"],
    "committee.UnitReportFile": ["original_name"],
    "committee.Event": ["comment"],
    "publicity.NewsItem": ["title", "text", "return_reason"],
    "publicity.NewsEvent": ["comment"],
    "publicity.PublicNotice": ["title", "text"],
    "publicity.Talk": ["title", "speaker", "place", "audience", "summary"],
    "publicity.Nomination": ["nominee", "reasons", "decision_note"],
}

KEY = "a code the portal matches on or puts in addresses, checked as a code"
STORED_FILE = "written by the upload checks (type, checksum), not typed"
MACHINE = "written by the portal (an error, a task's record, an index, a key), not typed"
NOT_USER_TEXT = {
    "core.Submission": {"result_url": "the address the portal redirected to after a create, written by the portal"},
    "auth.Permission": {"name": MACHINE, "codename": MACHINE},
    "auth.Group": {"name": MACHINE},
    "auth.User": {
        "password": "a hash",
        "username": "letters, digits and @.+-_ only (Django's validator)",
        "email": "an e-mail address, validated",
    },
    "colleges.College": {"code": KEY},
    "colleges.Preference": {
        "acting_as": "one of the person's own choices (role:<id> or school:<id>), checked against them"
    },
    "notifications.Notification": {"link": "an address inside the portal, made by reverse()", "dedupe_key": MACHINE},
    "notifications.Email": {
        "to": "an e-mail address, validated",
        "subject": "a notification's title as sent (its text is planted in the notification)",
        "body": "the e-mail as rendered from the notification's fields",
        "html_body": "the e-mail as rendered: HTML by design, shown in a sandboxed frame",
        "last_error": MACHINE,
        "error_detail": MACHINE,
    },
    "notifications.GroupWebhook": {
        "encrypted_url": "a secret, encrypted",
        "encrypted_secret": "a secret, encrypted",
        "hint": "the host and last characters of a validated address",
    },
    "notifications.GroupMessage": {"dedupe_key": MACHINE, "last_error": MACHINE, "error_detail": MACHINE},
    "notifications.ContactDetails": {"mobile": "eleven digits, validated"},
    "notifications.TaskFailure": {"task": MACHINE, "task_id": MACHINE, "arguments": MACHINE, "error": MACHINE},
    "plans.WorkPoint": {"code": KEY},
    "plans.Target": {"code": KEY, "metric": KEY},
    "activities.ActivityKind": {"code": KEY, "work_point_code": KEY, "metric": KEY},
    "activities.ActivityReport": {
        "news_url": "an https address (forms.HttpsURLField)",
        "search_tokens": MACHINE,
    },
    "activities.Evidence": {"content_type": STORED_FILE, "sha256": STORED_FILE},
    "activities.ReportExport": {"error": MACHINE, "query": MACHINE},
    "scoring.Indicator": {"code": KEY},
    "scoring.ScoreChange": {"source": MACHINE},
    "scoring.AssessmentDocument": {"content_type": STORED_FILE, "sha256": STORED_FILE},
    "care.CareYear": {"indicator_code": KEY, "activity_kind_code": KEY},
    "care.NeedCategory": {"code": KEY},
    "care.SensitiveRead": {"what": MACHINE},
    "talkroom.Thread": {"code_hash": "a keyed hash of the student's code, never shown"},
    "institutions.Institution": {"code": KEY, "school_code": KEY},
    "region.Region": {"code": KEY},
    "region.SchoolIndicator": {"code": KEY},
    "region.ApplicationFile": {"content_type": STORED_FILE, "sha256": STORED_FILE},
    "region.SummaryExport": {"error": MACHINE},
    "region.MeetingFile": {"content_type": STORED_FILE, "sha256": STORED_FILE},
    "region.PostFile": {"content_type": STORED_FILE, "sha256": STORED_FILE},
    "committee.NoticeAttachment": {"content_type": STORED_FILE, "sha256": STORED_FILE},
    "committee.ReplyFile": {"content_type": STORED_FILE, "sha256": STORED_FILE},
    "committee.MeetingAttachment": {"content_type": STORED_FILE, "sha256": STORED_FILE},
    "committee.UnitReportFile": {"content_type": STORED_FILE, "sha256": STORED_FILE},
    "committee.Event": {"subject": KEY, "action": KEY},
    "dashboard.AnnualExport": {"error": MACHINE},
    "publicity.YearArchive": {"error": MACHINE, "sha256": MACHINE},
}


def text_fields():
    """{model label: [names of its text fields without choices]} for the portal's apps."""
    found = {}
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        names = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        if names:
            found[model._meta.label] = names
    return found


def _unique(model, name: str) -> bool:
    field = model._meta.get_field(name)
    together = [c.fields for c in model._meta.constraints if getattr(c, "fields", None)]
    return field.unique or any(name in fields for fields in [*together, *model._meta.unique_together])


def plant(payload: str) -> None:
    """Write `payload` into every field of USER_TEXT of every row (cut to the field's length; a field that must
    be unique gets the row's number after it). Updates in bulk: no save() logic, no signals."""
    for label, names in USER_TEXT.items():
        model = get_user_model() if label == "auth.User" else apps.get_model(label)
        plain, unique = {}, []
        for name in names:
            limit = model._meta.get_field(name).max_length
            if _unique(model, name):
                unique.append(name)
            else:
                plain[name] = payload[:limit] if limit else payload
        if plain:
            model.objects.update(**plain)
        for pk in model.objects.values_list("pk", flat=True) if unique else []:
            values = {}
            for name in unique:
                suffix = f"#{pk}"
                limit = model._meta.get_field(name).max_length or len(payload) + len(suffix)
                values[name] = payload[: limit - len(suffix)] + suffix
            model.objects.filter(pk=pk).update(**values)
