from django.contrib import admin

from plans.admin import MetricFilter, metric_label

from .models import ActivityKind, ActivityReport, Evidence, ReportEvent


@admin.register(ActivityKind)
class ActivityKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "work_point_code", metric_label, "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["active", MetricFilter]
    search_fields = ["name", "code"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["original_name", "kind", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    fields = ["at", "actor", "action", "from_status", "to_status", "comment"]
    readonly_fields = fields
    can_delete = False


@admin.register(ActivityReport)
class ActivityReportAdmin(admin.ModelAdmin):
    """Read-mostly: status changes go through the portal's workflow, which records them."""

    list_display = ["title", "college", "kind", "starts_on", "status", "submitted_at", "reviewed_by"]
    list_filter = ["status", "year", "kind", "college"]
    search_fields = ["title", "summary", "place", "college__name"]
    list_select_related = ["college", "kind", "reviewed_by"]
    date_hierarchy = "starts_on"
    readonly_fields = [
        "status",
        "version",
        "created_by",
        "submitted_at",
        "reviewed_at",
        "reviewed_by",
        "return_reason",
    ]
    inlines = [EvidenceInline, ReportEventInline]


@admin.register(ReportEvent)
class ReportEventAdmin(admin.ModelAdmin):
    list_display = ["report", "action", "from_status", "to_status", "actor", "at"]
    list_filter = ["action", "to_status"]
    search_fields = ["report__title", "comment", "actor__username"]
    list_select_related = ["report", "actor"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "report", "kind", "content_type", "size", "uploaded_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["original_name", "report__title", "sha256"]
    list_select_related = ["report"]
    readonly_fields = ["file", "thumbnail", "sha256", "size", "content_type"]
