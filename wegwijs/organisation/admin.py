from django.contrib import admin

from wegwijs.organisation.models import Location, Municipality, MunicipalityName, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


class MunicipalityNameInline(admin.TabularInline):
    model = MunicipalityName
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    inlines = [MunicipalityNameInline]
    list_display = [
        "cbs_code",
        "name",
        "province",
        "has_information_point",
        "has_settlement_coaching",
        "valid_to",
    ]
    list_filter = ["province", "has_information_point", "has_settlement_coaching"]
    list_editable = ["has_information_point", "has_settlement_coaching"]
    search_fields = ["cbs_code", "name"]
    list_select_related = ["province"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "address"]
    list_select_related = ["municipality"]
