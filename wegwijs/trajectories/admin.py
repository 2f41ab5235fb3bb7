from django.contrib import admin

from wegwijs.trajectories.models import ItemTemplate, PlanDomain, ProductOutcomeFields


@admin.register(ItemTemplate)
class ItemTemplateAdmin(admin.ModelAdmin):
    """The beheerder edits the checklists of the products here; trajectories themselves are
    worked on in the application, never in the admin."""

    list_display = ["product", "order", "name", "kind", "anchor", "offset_months", "offset_days"]
    list_filter = ["product", "kind", "anchor"]
    list_select_related = ["product"]
    search_fields = ["name", "code"]
    fields = [
        "product",
        "code",
        "name",
        "kind",
        "anchor",
        "offset_months",
        "offset_days",
        "regimes",
        "resettled",
        "order",
        "outcome_field",
    ]


@admin.register(PlanDomain)
class PlanDomainAdmin(admin.ModelAdmin):
    """The life domains of the products' trajectory plans."""

    list_display = ["product", "order", "name", "code"]
    list_filter = ["product"]
    list_select_related = ["product"]
    fields = ["product", "code", "name", "order"]


@admin.register(ProductOutcomeFields)
class ProductOutcomeFieldsAdmin(admin.ModelAdmin):
    """Which outcome fields each product records."""

    list_display = ["product", "fields"]
    list_select_related = ["product"]
    fields = ["product", "fields"]
