from django.utils.translation import pgettext_lazy

from core import portal


class NotificationsConfig(portal.PortalAppConfig):
    name = "notifications"
    verbose_name = pgettext_lazy("page", "Notifications")
    template_permissions = "notifications.access.template_permissions"
    home_todos = "notifications.todos.home_todos"

    def ready(self):
        from celery.signals import task_failure

        from .failures import record_final_failure

        task_failure.connect(record_final_failure, dispatch_uid="gkw-record-final-failure")
