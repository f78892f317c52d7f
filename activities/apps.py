from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activity reports")

    def ready(self):
        from core.cache import retire_figures_on_writes

        from .models import ActivityKind, ActivityReport, Evidence

        retire_figures_on_writes(ActivityKind, ActivityReport, Evidence)

        post_migrate.connect(_restore_search_triggers, sender=self)

        from core import metrics

        from .progress import LECTURER_LECTURES, lecturer_lectures

        metrics.register(
            LECTURER_LECTURES,
            _("Lecturer-group lectures (counted from approved activity reports)"),
            lecturer_lectures,
        )


def _restore_search_triggers(using="default", **kwargs):
    from .search_index import ensure_sqlite_triggers

    ensure_sqlite_triggers(using)
