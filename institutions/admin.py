"""The administrator keeps the schools: the home school (made by its migration) and the region's members."""

from django.contrib import admin

from .models import Institution


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "school_code", "is_home", "contact_name", "contact_phone", "is_demo"]
    readonly_fields = ["is_home"]
    search_fields = ["code", "name", "short_name", "school_code"]
