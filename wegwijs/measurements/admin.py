from django.contrib import admin

from wegwijs.measurements.models import Domain, Level, ProductDomain, ProductInstrument, Rung


class ProductDomainInline(admin.TabularInline):
    model = ProductDomain
    extra = 0


@admin.register(ProductInstrument)
class ProductInstrumentAdmin(admin.ModelAdmin):
    list_display = ["product", "uses_ladder"]
    inlines = [ProductDomainInline]


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "version", "order"]


admin.site.register(Level)
admin.site.register(Rung)
