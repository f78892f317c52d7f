from django.contrib import admin

from .models import Assessment, AssessmentDocument, AssessmentEvent, Indicator, IndicatorScore, Scheme, ScoreChange


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["order", "code", "name", "parent", "max_points", "is_key", "mode"]


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "total", "threshold", "revision"]
    search_fields = ["title"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "scheme", "parent", "max_points", "is_key", "mode"]
    list_filter = ["scheme", "is_key", "mode"]
    search_fields = ["code", "name", "points_text"]
    list_select_related = ["scheme", "parent"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Read-mostly: scores and statuses change through the portal, which records every change."""

    list_display = ["college", "scheme", "status", "self_total", "final_total", "balanced"]
    list_filter = ["scheme", "status", "balanced"]
    search_fields = ["college__name", "college__code"]
    list_select_related = ["college", "scheme"]
    readonly_fields = [
        "status",
        "version",
        "submitted_at",
        "finalised_at",
        "finalised_by",
        "self_total",
        "final_total",
        "balanced",
        "key_short",
    ]


@admin.register(IndicatorScore)
class IndicatorScoreAdmin(admin.ModelAdmin):
    list_display = ["assessment", "indicator", "self_score", "final_score"]
    list_filter = ["assessment__scheme", "indicator__code"]
    search_fields = ["assessment__college__name", "indicator__code"]
    list_select_related = ["assessment__college", "assessment__scheme", "indicator"]
    readonly_fields = ["self_score", "final_score"]


@admin.register(ScoreChange)
class ScoreChangeAdmin(admin.ModelAdmin):
    list_display = ["score", "field", "old_value", "new_value", "changed_by", "source", "at"]
    list_filter = ["field", "source"]
    search_fields = ["score__assessment__college__name", "changed_by__username"]
    list_select_related = ["score__assessment__college", "score__assessment__scheme", "score__indicator", "changed_by"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AssessmentEvent)
class AssessmentEventAdmin(admin.ModelAdmin):
    list_display = ["assessment", "action", "actor", "at"]
    list_filter = ["action"]
    list_select_related = ["assessment__college", "assessment__scheme", "actor"]


@admin.register(AssessmentDocument)
class AssessmentDocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "score", "content_type", "size", "uploaded_at"]
    search_fields = ["original_name", "sha256"]
    list_select_related = ["score__assessment__college", "score__assessment__scheme", "score__indicator"]
