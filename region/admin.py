"""The administrator keeps the region's data: member schools, regions, and which school a person belongs to.
Applications, reviews and the board change only through the pages (their services keep the history)."""

from django.contrib import admin

from .models import Affiliation, Application, ApplicationEvent, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["year", "code", "name", "lead"]
    filter_horizontal = ["members"]


@admin.register(Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
    list_display = ["user", "institution"]
    autocomplete_fields = ["institution"]
    search_fields = ["user__username", "institution__name"]


class EventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    fields = ["at", "actor", "action", "from_status", "to_status", "comment"]
    readonly_fields = fields
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["region", "institution", "status", "self_total", "collective_total", "balanced"]
    list_filter = ["region", "status"]
    readonly_fields = [f.name for f in Application._meta.fields]
    inlines = [EventInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
