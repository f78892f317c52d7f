from django.contrib import admin

from .models import Section, Target, WorkPlan, WorkPoint


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
    list_display = ["name", "plan", "metric", "goal", "stretch_goal", "unit", "work_point"]
    list_filter = ["plan", "metric"]
    search_fields = ["name", "code"]
    list_select_related = ["plan", "work_point"]
