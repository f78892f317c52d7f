from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from colleges.access import ManagerRequiredMixin, RoleRequiredMixin
from core.files import sandboxed
from core.forms import VersionForm
from core.views import FormPage, page_of

from . import services
from .access import EVERY_ROLE
from .forms import GroupWebhookForm, MySettingsForm
from .models import EmailPreference, EmailState, GroupMessage, GroupWebhook, Notification, TaskFailure


class NotificationListView(RoleRequiredMixin, View):
    """A person's own notifications; nobody sees anyone else's. Every role has them (a member unit's contact too)."""

    roles = EVERY_ROLE

    def get(self, request):
        notifications = Notification.objects.filter(user=request.user)
        page = Paginator(notifications, 30).get_page(request.GET.get("page"))
        return render(request, "notifications/list.html", {"page_obj": page, "notifications": page.object_list})


class MarkReadView(RoleRequiredMixin, View):
    http_method_names = ["post"]
    roles = EVERY_ROLE

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


def state_counts(rows):
    counts = dict(rows.values_list("state").annotate(n=Count("pk")).order_by())
    return [(label, counts.get(value, 0), value) for value, label in EmailState.choices]


class SystemView(ManagerRequiredMixin, View):
    """Background work as staff need to see it: the outbox, the chat groups' messages and failed tasks."""

    def get(self, request):
        context = {
            "counts": state_counts(services.school_outbox()),
            "group_counts": state_counts(GroupMessage.objects.all()),
            "problem_emails": services.school_outbox().exclude(state=EmailState.SENT)[:50],
            "problem_messages": GroupMessage.objects.exclude(state=EmailState.SENT).select_related("webhook__college")[
                :50
            ],
            "failures": TaskFailure.objects.all()[:50],
        }
        return render(request, "notifications/system.html", context)

    def post(self, request):
        """Put failed e-mails and group messages back in the outbox, e.g. after the settings were corrected."""
        count = services.resend_failed()
        messages.success(request, _("%(count)d messages will be sent again.") % {"count": count})
        return redirect("notifications:system")


class MySettingsView(View):
    """Each person's own name, address, mobile number and e-mail choices: any logged-in user, a role or not."""

    def get(self, request):
        return self.render(request, self.form_for(request.user))

    def form_for(self, user, data=None):
        contact = services.saved_contact(user)
        choices = dict(EmailPreference.objects.filter(user=user).values_list("kind", "choice"))
        initial = {
            "name": user.get_full_name().strip(),
            "email": user.email,
            "version": contact.version,
        }
        return MySettingsForm(data, initial=initial, choices=choices)

    def render(self, request, form, status=200):
        context = {
            "form": form,
            "contact": services.saved_contact(request.user),
            "recent": Notification.objects.filter(user=request.user)[:8],
        }
        return render(request, "notifications/settings.html", context, status=status)

    def post(self, request):
        form = self.form_for(request.user, request.POST)
        if not form.is_valid():
            return self.render(request, form)
        data = form.cleaned_data
        try:
            waiting = services.save_my_settings(
                request.user,
                name=data["name"],
                email=data["email"],
                mobile="" if data["clear_mobile"] else data["mobile"] or None,
                choices=form.email_choices(),
                version=data["version"],
            )
        except services.StaleWrite as refusal:
            messages.error(request, refusal.message)
            return redirect("notifications:settings")
        messages.success(request, _("Your settings were saved."))
        if waiting:
            messages.info(
                request,
                _("We sent a confirmation link to %(address)s; the new address takes effect once you open it.")
                % {"address": waiting},
            )
        return redirect("notifications:settings")


class ConfirmEmailView(View):
    """The link in the confirmation e-mail: shows the address, and a button that makes it the person's own."""

    def get(self, request, token):
        address = services.confirmed_address(request.user, token)
        return render(
            request, "notifications/confirm_email.html", {"address": address}, status=200 if address else 404
        )

    def post(self, request, token):
        address = services.confirm_address(request.user, token)
        if address is None:
            return render(request, "notifications/confirm_email.html", {"address": None}, status=404)
        messages.success(request, _("Your e-mail address is now %(address)s.") % {"address": address})
        return redirect("notifications:settings")


class GroupWebhookListView(ManagerRequiredMixin, View):
    def get(self, request):
        # A robot or two a college, and a province has thousands of colleges: a page at a time.
        webhooks, querystring = page_of(
            request,
            GroupWebhook.objects.select_related("college").order_by("college__order", "college__name", "pk"),
            30,
        )
        recent = GroupMessage.objects.select_related("webhook__college")[:20]
        context = {"webhooks": webhooks, "page_obj": webhooks, "querystring": querystring, "recent": recent}
        return render(request, "notifications/groups.html", context)


class GroupWebhookFormPage(ManagerRequiredMixin, FormPage):
    form_class = GroupWebhookForm
    success_message = gettext_lazy("The robot was saved. Send it a test message to check the address.")

    def perform(self, form):
        return services.save_webhook(
            form.instance,
            url=form.cleaned_data["url"],
            secret=form.cleaned_data["secret"],
            version=form.cleaned_data.get("version"),
        )

    def get_success_url(self):
        return reverse("notifications:groups")

    def get_cancel_url(self):
        return reverse("notifications:groups")


class GroupWebhookCreateView(GroupWebhookFormPage):
    page_title = gettext_lazy("Add a group robot")


class GroupWebhookEditView(GroupWebhookFormPage):
    page_title = gettext_lazy("Edit the group robot")

    @cached_property
    def webhook(self):
        return get_object_or_404(GroupWebhook, pk=self.kwargs["pk"])

    def get_instance(self):
        return self.webhook


class GroupWebhookActionView(ManagerRequiredMixin, View):
    """Delete a robot (claiming its version) or send it a test message."""

    http_method_names = ["post"]

    def post(self, request, pk, action):
        webhook = get_object_or_404(GroupWebhook, pk=pk)
        if action == "delete":
            form = VersionForm(request.POST)
            try:
                services.delete_webhook(webhook, form.cleaned_data["version"] if form.is_valid() else None)
            except services.StaleWrite as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(request, _("The robot was removed."))
        elif action == "test":
            services.send_test_message(webhook)
            messages.success(request, _("A test message is on its way; its state shows below."))
        else:
            raise Http404
        return redirect("notifications:groups")


class OutboxView(ManagerRequiredMixin, View):
    """已发送邮件: every e-mail the portal wrote, so that staff (and a newcomer after `make run`) can read them."""

    def get(self, request):
        page = Paginator(
            services.school_outbox().only("to", "subject", "state", "created_at", "sent_at"), 30
        ).get_page(request.GET.get("page"))
        return render(request, "notifications/outbox.html", {"page_obj": page, "emails": page.object_list})


class OutboxEmailView(ManagerRequiredMixin, View):
    def get(self, request, pk):
        return render(
            request, "notifications/outbox_email.html", {"email": get_object_or_404(services.school_outbox(), pk=pk)}
        )


class OutboxEmailHtmlView(ManagerRequiredMixin, View):
    """The HTML part as the recipient's mail program shows it, sandboxed: it runs nothing and loads nothing."""

    def get(self, request, pk):
        email = get_object_or_404(services.school_outbox(), pk=pk)
        return sandboxed(HttpResponse(email.html_body or "", content_type="text/html; charset=utf-8"))
