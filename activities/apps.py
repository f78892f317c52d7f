from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_save
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import portal


class ActivitiesConfig(portal.PortalAppConfig):
    name = "activities"
    verbose_name = pgettext_lazy("page", "Activity reports")
    demo_loader = "activities.demo.load_demo_reports"
    school_defaults = "activities.defaults.give_default_kinds"
    demo_order = 30
    home_todos = "activities.todos.home_todos"

    def ready(self):
        from core.cache import retire_figures_on_writes

        from .models import ActivityKind, ActivityReport, Evidence

        retire_figures_on_writes(ActivityKind, ActivityReport, Evidence)

        post_migrate.connect(_restore_search_triggers, sender=self)

        from . import tallies

        uid = "gkw-tallies"
        pre_save.connect(tallies.remember_cells_before_save, sender=ActivityReport, dispatch_uid=f"{uid}-pre-save")
        post_save.connect(tallies.refresh_after_save, sender=ActivityReport, dispatch_uid=f"{uid}-save")
        post_delete.connect(tallies.refresh_after_delete, sender=ActivityReport, dispatch_uid=f"{uid}-delete")
        m2m_changed.connect(
            tallies.refresh_after_member_change, sender=ActivityReport.members.through, dispatch_uid=f"{uid}-members"
        )

        from core import metrics

        from .progress import LECTURER_LECTURES, lecturer_lectures

        metrics.register(
            LECTURER_LECTURES,
            _("Lecturer-group lectures (counted from approved activity reports)"),
            lecturer_lectures,
        )


def _restore_search_triggers(using="default", **kwargs):
    from .search_index import ensure_sqlite_triggers  # models load after the registry

    ensure_sqlite_triggers(using)
