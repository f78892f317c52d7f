"""Settings shared by every environment, read from environment variables (see README.md)."""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from core.env import (
    check_redis_url,
    env_bool,
    env_int,
    env_list,
    env_path,
    env_str,
    parse_database_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "core",
    "institutions",
    "colleges",
    "notifications",
    "plans",
    "activities",
    "scoring",
    "care",
    "region",
    "committee",
    "talkroom",
    "surveys",
    "bulletins",
    "rectification",
    "province",
    "dashboard",
    "publicity",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gkw_portal.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The request's school, and every query of the request within it (issue 27).
    "colleges.schools.SchoolMiddleware",
    # Its addresses: a school's public site under /s/<code>/, and links within the request reversed to them.
    "gkw_portal.school_urls.SchoolAddressesMiddleware",
    # Every page but the login page needs a login; views opt out with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its own page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gkw_portal.urls"
WSGI_APPLICATION = "gkw_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "colleges.context_processors.role",
                "core.portal.permissions",
                "activities.context_processors.review_queue",
                "notifications.context_processors.unread",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL is None:
    # The embedded default: a SQLite file under var/ (git-ignored), created on first use.
    VAR_DIR.mkdir(exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": parse_database_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "colleges.backends.PortalBackend",
]
# Login throttling: 5 failures for one user name from one address lock that pair out for 15 minutes. Keyed by
# the pair, so that an attacker elsewhere cannot lock a secretary out of their own account.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# How many reverse proxies (nginx, a load balancer) stand in front of the portal; 0 when it is reached directly.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "gkw_portal.security.client_ip"

# A set-password link that staff make for a person (colleges/account_views.py) works once, for three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env_path("STATIC_ROOT", BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Redis is optional: without REDIS_URL, Celery runs tasks in-process and the cache lives in local memory.
REDIS_URL = check_redis_url("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# A message a killed worker never acknowledged comes back after this many seconds (Redis's default is an hour).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 600, minimum=1)}
# A worker killed while sending an e-mail leaves its claim; after this long another worker takes it over.
GKW_STALE_CLAIM_SECONDS = env_int("GKW_STALE_CLAIM_SECONDS", 300, minimum=1)
# A report list export of more rows than this is built in the background instead of inside the request.
GKW_EXPORT_DIRECT_ROWS = env_int("GKW_EXPORT_DIRECT_ROWS", 2000, minimum=0)
# The chat-group robots the portal may post to (notifications/webhooks.py): their hosts only.
GKW_WEBHOOK_HOSTS = set(env_list("GKW_WEBHOOK_HOSTS", ["qyapi.weixin.qq.com", "oapi.dingtalk.com"]))
CELERY_BEAT_SCHEDULE = {
    "send-the-outbox": {"task": "notifications.tasks.send_pending_emails", "schedule": 60.0},
    "post-to-groups": {"task": "notifications.tasks.send_pending_group_messages", "schedule": 60.0},
    "daily-email-digest": {"task": "notifications.tasks.send_daily_digests", "schedule": crontab(hour=17, minute=30)},
    "resend-waiting-exports": {"task": "dashboard.tasks.resend_waiting_exports", "schedule": 300.0},
    "resend-waiting-report-exports": {"task": "activities.tasks.resend_waiting_report_exports", "schedule": 300.0},
    "resend-waiting-archives": {"task": "publicity.tasks.resend_waiting_archives", "schedule": 300.0},
    "resend-waiting-summaries": {"task": "region.tasks.resend_waiting_summaries", "schedule": 300.0},
    "staff-daily-digest": {
        "task": "dashboard.reminders.daily_submission_digest",
        "schedule": crontab(hour=8, minute=0),
    },
    "monthly-reporting-reminder": {
        "task": "dashboard.reminders.monthly_reporting_reminder",
        "schedule": crontab(day_of_month=1, hour=9, minute=0),
    },
    "self-assessment-deadline": {
        "task": "dashboard.reminders.self_assessment_deadline_reminder",
        "schedule": crontab(hour=9, minute=30),
    },
    "care-purge-expired-notes": {
        "task": "care.tasks.purge_expired_notes",
        "schedule": crontab(hour=3, minute=15),
    },
    # After the care purge: a thread is purged once its need's notes are.
    "talkroom-purge-expired-threads": {
        "task": "talkroom.tasks.purge_expired_threads",
        "schedule": crontab(hour=3, minute=45),
    },
    "region-review-deadline": {
        "task": "region.tasks.review_deadline_reminder",
        "schedule": crontab(hour=9, minute=40),
    },
    "region-application-deadline": {
        "task": "region.tasks.application_deadline_reminder",
        "schedule": crontab(hour=9, minute=45),
    },
    "office-weekly-summary": {
        "task": "dashboard.reminders.weekly_office_summary",
        "schedule": crontab(day_of_week=1, hour=8, minute=30),
    },
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# The portal's own address, for links in e-mails; its host names the portal's mail (From, Message-ID).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
_SITE_HOST = urlsplit(SITE_URL).hostname or "localhost"
# An address literal is written in brackets in a mail address (RFC 5321 §4.1.3).
MAIL_DOMAIN = f"[{_SITE_HOST}]" if _SITE_HOST.replace(".", "").isdigit() or ":" in _SITE_HOST else _SITE_HOST

# The name the installation's own school is created with by its migration (institutions/0003) when it has none.
HOME_INSTITUTION_NAME = env_str("HOME_INSTITUTION_NAME", "无锡职业技术学院")

# E-mail: printed to the console unless an SMTP host is configured. Plain SMTP on port 25 by default (a local
# relay); EMAIL_USE_TLS=true for STARTTLS, usually on port 587, or EMAIL_USE_SSL=true for SMTPS on 465.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    _DEFAULT_PORT = 465 if EMAIL_USE_SSL else 587 if EMAIL_USE_TLS else 25
    EMAIL_PORT = env_int("EMAIL_PORT", _DEFAULT_PORT, minimum=1, maximum=65535)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"关工委工作平台 <gkw-portal@{MAIL_DOMAIN}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes reports every failed log-in at INFO; its lockouts (WARNING) are what operators need.
    "loggers": {"axes": {"level": "WARNING"}},
}
