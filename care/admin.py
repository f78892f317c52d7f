from django.contrib import admin

from .models import CareYear, NeedCategory


@admin.register(NeedCategory)
class NeedCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sensitive", "for_teachers", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(CareYear)
class CareYearAdmin(admin.ModelAdmin):
    list_display = ["year", "retention_years", "indicator_code", "activity_kind_code"]
