"""The beheerder's editing of the catalogue (STYLE.md: the admin is for reference data).

A locked price list (one a signed contract uses) and its tariffs are shown read-only here, and
the services refuse changes to them as well.
"""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wegwijs.catalog.models import Category, PriceList, Product, Tariff, Unit
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


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ["name", "code", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "code", "counts"]
    list_filter = ["counts"]
    search_fields = ["name", "code"]


@admin.register(Product)
class ProductAdmin(AuditedAdmin):
    list_display = ["name", "code", "category", "delivery_form", "is_active"]
    list_filter = ["category", "delivery_form", "is_active"]
    list_select_related = ["category"]
    search_fields = ["name", "code"]
    fieldsets = [
        (None, {"fields": ["code", "name", "category", "order", "is_active"]}),
        (
            _("The card"),
            {
                "fields": [
                    "description",
                    "client",
                    "target_groups",
                    "goals",
                    "policy_theme",
                    "activities",
                    "working_method",
                    "executed_by",
                    "execution_period",
                    "quality_measurement",
                    "product_unit",
                    "expected_use",
                    "indicators",
                    "extra_sections",
                ],
                "description": _(
                    "Lists (goals, activities, working method, indicators) are written as a "
                    'JSON list of texts, e.g. ["First goal", "Second goal"].'
                ),
            },
        ),
        (
            _("Structured attributes"),
            {
                "fields": [
                    "delivery_form",
                    "methodology",
                    "uses_vva",
                    ("duration_months", "max_duration_months"),
                    ("group_size_min", "group_size_max"),
                    ("weekly_hours_min", "weekly_hours_max"),
                    ("dependance_weekly_hours_min", "dependance_weekly_hours_max"),
                    ("sessions_per_programme", "session_hours"),
                    "min_contacts_per_year",
                    ("interpreters_allowed", "max_interpreters_per_group"),
                    "eligibility",
                    "closing_reasons",
                    "measures_zrm",
                ]
            },
        ),
    ]


class TariffInline(admin.TabularInline):
    model = Tariff
    extra = 0
    autocomplete_fields = ["product", "unit"]
    fields = [
        "product",
        "code",
        "name",
        "unit",
        "unit_wording",
        "price",
        "on_request",
        "duration_months",
        "weekly_hours",
        "provides_basic_service",
        "order",
    ]

    def has_add_permission(self, request, obj=None):
        return not (obj and obj.is_locked) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not (obj and obj.is_locked) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and obj.is_locked) and super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product", "unit")


@admin.action(description=_("Make the next year's price list from this one"))
def next_year_from(modeladmin, request, queryset):
    if queryset.count() != 1:
        modeladmin.message_user(
            request, gettext("Choose exactly one price list to start from."), messages.ERROR
        )
        return None
    return redirect(f"{reverse('catalog:new_price_list')}?source={queryset.get().pk}")


@admin.register(PriceList)
class PriceListAdmin(AuditedAdmin):
    list_display = ["year", "surcharge_percentage", "rounding", "based_on", "locked_at"]
    readonly_fields = ["based_on", "indexation_percentage", "locked_at"]
    fields = [
        "year",
        "surcharge_percentage",
        "rounding",
        "based_on",
        "indexation_percentage",
        "locked_at",
    ]
    inlines = [TariffInline]
    actions = [next_year_from]

    def has_change_permission(self, request, obj=None):
        return not (obj and obj.is_locked) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and obj.is_locked) and super().has_delete_permission(request, obj)

    def save_formset(self, request, form, formset, change):
        deleted = [f.instance.pk for f in formset.deleted_forms if f.instance.pk]
        super().save_formset(request, form, formset, change)
        for tariff in formset.new_objects:
            audit.record(request, action=AuditAction.CREATE, obj=tariff)
        for tariff, fields in formset.changed_objects:
            audit.record(request, action=AuditAction.UPDATE, obj=tariff, fields=fields)
        for pk in deleted:
            audit.record(
                request, action=AuditAction.DELETE, object_type="catalog.tariff", object_id=str(pk)
            )
