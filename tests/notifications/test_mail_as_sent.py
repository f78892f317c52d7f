"""Every e-mail as a mail client reads it: the portal's own From and Message-ID, marked automatic (RFC 3834),
Chinese dates, the facts of what happened, and SMTP defaults that match the README."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.core.management import call_command

from notifications import tasks
from notifications.models import Email

ROOT = Path(settings.BASE_DIR)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
FACT = re.compile(r"^[^\n：]{1,12}：\S", re.M)  # a fact line, 学院：机械技术学院
NOTIFIERS = {"notify", "notify_college", "notify_role"}


def test_every_mail_the_demo_writes_has_chinese_dates_facts_and_the_portals_headers(db):
    call_command("load_demo")
    emails = list(Email.objects.all())
    assert len(emails) > 5
    for email in emails:
        assert not ISO_DATE.search(email.subject + email.body + email.html_body), email.subject
        before_the_link = email.body.split("\n\n在平台中查看")[0]
        assert FACT.search(before_the_link) or email.subject.startswith("关工委工作平台"), email.body
    mail.outbox.clear()
    for email in emails[:5]:
        tasks.deliver(email.pk)
    for message in mail.outbox:
        headers = message.message()
        assert headers["Auto-Submitted"] == "auto-generated"
        assert headers["Message-ID"].endswith(f"@{settings.MAIL_DOMAIN}>")
        assert settings.MAIL_DOMAIN in headers["From"] and "localhost" not in headers["From"]


def test_every_call_that_mails_passes_the_facts():
    """A mail says what happened in its facts (college, item, date …): a call that e-mails without them fails."""
    missing = []
    for path in ROOT.glob("*/**/*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {"tests", ".venv"} or "migrations" in parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in NOTIFIERS:
                keywords = {k.arg: k.value for k in node.keywords}
                no_email = isinstance(keywords.get("email"), ast.Constant) and keywords["email"].value is False
                passes_options = any(k.arg is None for k in node.keywords)  # **options, checked at its own call
                if not (no_email or passes_options or "facts" in keywords):
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert missing == []


def smtp_settings(**env) -> dict:
    code = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.EMAIL_USE_TLS, settings.EMAIL_PORT, settings.DEFAULT_FROM_EMAIL]))"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gkw_portal.settings.dev",
        "SITE_URL": "https://gkw.example.edu.cn",
        **env,
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=environment, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return out.stdout.strip().splitlines()[-1]


def test_smtp_defaults_are_what_the_readme_says():
    assert (
        smtp_settings(EMAIL_HOST="relay.example")
        == '[false, 25, "\\u5173\\u5de5\\u59d4\\u5de5\\u4f5c\\u5e73\\u53f0 <gkw-portal@gkw.example.edu.cn>"]'
    )
    assert smtp_settings(EMAIL_HOST="relay.example", EMAIL_USE_TLS="true").startswith("[true, 587")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`EMAIL_USE_TLS`" in readme and "STARTTLS" in readme
