from django.utils.translation import gettext_lazy as _

from core import portal


class NotificationsConfig(portal.PortalAppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    template_permissions = "notifications.access.template_permissions"
    home_todos = "notifications.todos.home_todos"

    def ready(self):
        from celery.signals import task_failure

        from .failures import record_final_failure

        task_failure.connect(record_final_failure, dispatch_uid="gkw-record-final-failure")
