from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from colleges.access import ManagerRequiredMixin, RoleRequiredMixin
from colleges.models import Role

from . import services
from .models import Email, EmailState, Notification, TaskFailure


class NotificationListView(RoleRequiredMixin, View):
    """A person's own notifications; nobody sees anyone else's. Every role has them (a member unit's contact too)."""

    roles = frozenset(Role)

    def get(self, request):
        notifications = Notification.objects.filter(user=request.user)
        page = Paginator(notifications, 30).get_page(request.GET.get("page"))
        return render(request, "notifications/list.html", {"page_obj": page, "notifications": page.object_list})


class MarkReadView(RoleRequiredMixin, View):
    http_method_names = ["post"]
    roles = frozenset(Role)

    def post(self, request, pk=None):
        if pk is not None:
            notification = get_object_or_404(Notification, user=request.user, pk=pk)
            services.mark_read(request.user, [notification.pk])
            target = notification.link or "notifications:list"
            if notification.link and not url_has_allowed_host_and_scheme(notification.link, {request.get_host()}):
                target = "notifications:list"
            return redirect(target)
        count = services.mark_read(request.user)
        messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
        return redirect("notifications:list")


class SystemView(ManagerRequiredMixin, View):
    """Background work as staff need to see it: the outbox and the tasks that failed for good."""

    def get(self, request):
        counts = {state: Email.objects.filter(state=state).count() for state in EmailState.values}
        context = {
            "counts": [(label, counts[value], value) for value, label in EmailState.choices],
            "problem_emails": Email.objects.exclude(state=EmailState.SENT)[:50],
            "failures": TaskFailure.objects.all()[:50],
        }
        return render(request, "notifications/system.html", context)

    def post(self, request):
        """Put failed e-mails back in the outbox, e.g. after the SMTP settings were corrected."""
        count = Email.objects.filter(state=EmailState.FAILED).update(state=EmailState.PENDING, attempts=0)
        services.send_soon()
        messages.success(request, _("%(count)d e-mails will be sent again.") % {"count": count})
        return redirect("notifications:system")
