from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wegwijs.accounts.models import Team, User


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "location"]
    filter_horizontal = ["municipalities"]
    list_select_related = ["location"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "role", "municipality", "is_active", "last_login"]
    list_filter = ["role", "is_active", "teams"]
    search_fields = ["full_name", "email"]
    list_select_related = ["municipality"]
    filter_horizontal = ["teams"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "language", "is_active"]}),
        (_("Role"), {"fields": ["role", "teams", "municipality"]}),
        (_("History"), {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
