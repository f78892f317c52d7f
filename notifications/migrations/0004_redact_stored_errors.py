"""Errors stored before core.outbound existed may quote a robot's address with its key, access token, timestamp
and signature (http.client's InvalidURL did): they are redacted in place. Going back leaves them redacted."""

from django.db import migrations

from core.outbound import redact

FIELDS = {
    "GroupMessage": ["last_error", "error_detail"],
    "Email": ["last_error", "error_detail"],
    "TaskFailure": ["error", "arguments"],
}


def redact_stored_errors(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("notifications", model_name)
        for row in model.objects.only("pk", *fields).iterator():
            changes = {field: redact(getattr(row, field)) for field in fields}
            if any(changes[field] != getattr(row, field) for field in fields):
                model.objects.filter(pk=row.pk).update(**changes)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_error_detail")]

    operations = [migrations.RunPython(redact_stored_errors, migrations.RunPython.noop)]
