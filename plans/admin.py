from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core import metrics

from .models import Section, Target, WorkPlan, WorkPoint


class MetricFilter(admin.SimpleListFilter):
    """Filter by a target metric, offered by its label (the keys are internal)."""

    title = _("how progress is counted")
    parameter_name = "metric"

    def lookups(self, request, model_admin):
        return metrics.choices()

    def queryset(self, request, queryset):
        return queryset.filter(metric=self.value()) if self.value() else queryset


@admin.display(description=_("how progress is counted"))
def metric_label(obj) -> str:
    return obj.metric_label


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = ["number", "title", "body"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["code", "name", "metric", "goal", "stretch_goal", "unit", "work_point"]


@admin.register(WorkPlan)
class WorkPlanAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "doc_number", "issued_on"]
    search_fields = ["title", "doc_number"]
    inlines = [SectionInline, TargetInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan"]
    list_filter = ["plan"]
    search_fields = ["title", "body"]


@admin.register(WorkPoint)
class WorkPointAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "section", "status"]
    list_filter = ["section__plan", "status", "units"]
    search_fields = ["code", "title", "text"]
    list_select_related = ["section"]
    filter_horizontal = ["units"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["name", "plan", metric_label, "goal", "stretch_goal", "unit", "work_point"]
    list_filter = ["plan", MetricFilter]
    search_fields = ["name", "code"]
    list_select_related = ["plan", "work_point"]
