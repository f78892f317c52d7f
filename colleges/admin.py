from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .access import memberships_of, with_roles
from .models import BrandProject, College, CommitteeMember, Membership, MemberUnit


class CommitteeMemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    fields = ["name", "position", "title", "elder_kind", "retired_year", "contact", "active"]


@admin.register(College)
class CollegeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "short_name", "campus", "active", "order"]
    list_editable = ["order"]
    list_filter = ["campus", "active"]
    search_fields = ["name", "short_name", "code"]
    inlines = [CommitteeMemberInline]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "college", "position", "elder_kind", "retired_year", "active"]
    list_filter = ["college", "position", "elder_kind", "retired_year", "active"]
    search_fields = ["name", "title", "college__name"]
    list_select_related = ["college"]


@admin.register(MemberUnit)
class MemberUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "full_name", "order"]
    list_editable = ["order"]
    search_fields = ["name", "full_name", "duties"]


@admin.register(BrandProject)
class BrandProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "college", "year", "status", "lead"]
    list_filter = ["year", "status", "college"]
    search_fields = ["title", "summary", "lead", "college__name"]
    list_select_related = ["college"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "college"]
    list_filter = ["role", "college"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "college__name"]
    list_select_related = ["user", "college"]
    autocomplete_fields = ["user"]


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = True
    extra = 0


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """Django's user admin with the portal role on the same page."""

    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "portal_role", "is_active", "last_login"]
    list_filter = ["membership__role", "is_active", "is_staff", "is_superuser"]

    def get_queryset(self, request):
        return with_roles(super().get_queryset(request))

    @admin.display(description=Membership._meta.verbose_name)
    def portal_role(self, user):
        roles = [
            f"{role.get_role_display()} · {role.college}" if role.college_id else role.get_role_display()
            for role in memberships_of(user)
        ]
        return "；".join(roles) or "—"
