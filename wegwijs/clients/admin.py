"""The beheerder's reference data for the client registry; client files are never edited here."""

from django.contrib import admin

from wegwijs.clients.models import Language, PermitKind
from wegwijs.core import audit
from wegwijs.core.constants import AuditAction


class AuditedAdmin(admin.ModelAdmin):
    """Records every save in the access log: the object and the names of changed fields."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            request,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            obj=obj,
            fields=form.changed_data,
        )


@admin.register(PermitKind)
class PermitKindAdmin(AuditedAdmin):
    list_display = ["name", "code", "asylum", "default_duration_years", "active"]
    list_filter = ["asylum", "active"]
    search_fields = ["name", "code"]
    fields = ["code", "name", "asylum", "default_duration_years", "active"]


@admin.register(Language)
class LanguageAdmin(AuditedAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    fields = ["code", "name"]
