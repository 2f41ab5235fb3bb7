from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegwijs.accounts.models import Team, User

# Second factors are never shown or planted in the admin: a device's key is the factor itself,
# and whoever reads it can log in as its owner (issue 10). Users enrol their own authenticator;
# a lost one is reset through accounts.services.reset_second_factor, with a second person's
# approval. Recovery codes (RecoveryCodeDevice) are not registered either.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "location"]
    filter_horizontal = ["municipalities"]
    list_select_related = ["location"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """The list of accounts, and name and language. E-mail address, role, teams, active flag
    and second factor change only on the account page (``accounts:user_detail``), through the
    services that log them and, where needed, ask a second person; here they are read-only.
    New accounts are made there too."""

    list_display = ["full_name", "email", "role", "municipality", "is_active", "last_login"]
    list_filter = ["role", "is_active", "teams"]
    search_fields = ["full_name", "email"]
    list_select_related = ["municipality"]
    fieldsets = [
        (None, {"fields": ["manage", "email", "full_name", "language", "is_active"]}),
        (_("Role"), {"fields": ["role", "teams", "municipality"]}),
        (_("History"), {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = [
        "manage",
        "email",
        "is_active",
        "role",
        "teams",
        "municipality",
        "last_login",
        "date_joined",
    ]

    @admin.display(description=_("E-mail, role, access and second factor"))
    def manage(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("accounts:user_detail", kwargs={"public_id": obj.public_id}),
            _("Change on the account page"),
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Personal accounts are disabled, not deleted: the access log keeps naming them.
        return False
