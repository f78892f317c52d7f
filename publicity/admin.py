"""Publicity in the Django admin: to look, not to change (every write goes through services.py and its checks)."""

from django.contrib import admin

from .models import NewsEvent, NewsItem, NewsPhoto, Nomination, PublicNotice, Talk, YearArchive


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NewsPhotoInline(admin.TabularInline):
    model = NewsPhoto
    extra = 0
    fields = ["evidence", "consented", "order"]
    readonly_fields = fields
    can_delete = False


class NewsEventInline(admin.TabularInline):
    model = NewsEvent
    extra = 0
    fields = ["at", "actor", "action", "from_status", "to_status", "comment"]
    readonly_fields = fields
    can_delete = False


@admin.register(NewsItem)
class NewsItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "college", "status", "published_at", "updated_at"]
    list_filter = ["status", "college"]
    search_fields = ["title"]
    inlines = [NewsPhotoInline, NewsEventInline]


@admin.register(PublicNotice)
class PublicNoticeAdmin(ReadOnlyAdmin):
    list_display = ["title", "published", "published_at"]


@admin.register(Talk)
class TalkAdmin(ReadOnlyAdmin):
    list_display = ["title", "speaker", "given_on", "college", "published"]


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ["year", "kind", "college", "nominee", "status", "decided_at"]
    list_filter = ["year", "kind", "status"]


@admin.register(YearArchive)
class YearArchiveAdmin(ReadOnlyAdmin):
    list_display = ["year", "state", "progress", "file_count", "sha256", "requested_at", "finished_at"]
