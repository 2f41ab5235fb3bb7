"""The product catalogue and its yearly price lists (ARCHITECTURE.md rule 1: data, not code).

Loaded from ``fixtures/catalogue.yaml`` by ``manage.py load_reference_data``; the beheerder
edits it afterwards. Code branches on a product's attributes (delivery form, unit, rules),
never on its name or code.
"""

import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wegwijs.catalog.constants import BasicService, DeliveryForm, Methodology, Rounding, UnitKind


def _hours_a_week(verbose_name, help_text) -> models.DecimalField:
    """An optional, non-negative number of hours a week, to one decimal."""
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0"))],
        null=True,
        blank=True,
        help_text=help_text,
    )


class Category(models.Model):
    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class Unit(models.Model):
    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=200, help_text=_("Wording on quotes."))
    counts = models.CharField(_("counts"), max_length=30, choices=UnitKind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name


class ProductQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def search(self, text: str):
        """Products whose card mentions ``text`` (name, code, description, target groups,
        goals, activities), case-insensitively; an empty ``text`` keeps every product."""
        text = text.strip()
        if not text:
            return self
        # JSON lists are stored as JSON text, in which non-ASCII letters may be \u-escaped.
        escaped = json.dumps(text)[1:-1]
        condition = Q()
        for name in ("code", "name", "description", "target_groups"):
            condition |= Q(**{f"{name}__icontains": text})
        for name in ("goals", "activities"):
            condition |= Q(**{f"{name}__icontains": text})
            if escaped != text:
                condition |= Q(**{f"{name}__icontains": escaped})
        return self.filter(condition)

    def with_tariffs(self, price_list):
        """Each product with ``tariffs_of_list``: its tariffs in ``price_list`` with their unit,
        in two queries whatever the number of products (None gives empty lists)."""
        tariffs = Tariff.objects.filter(price_list=price_list).select_related("unit")
        if price_list is None:
            tariffs = tariffs.none()
        return self.select_related("category").prefetch_related(
            models.Prefetch("tariffs", queryset=tariffs, to_attr="tariffs_of_list")
        )


class Product(models.Model):
    """One product card of the catalogue, with the structured attributes the app runs on."""

    code = models.CharField(
        _("short code"),
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9-]+$", _("Capitals, digits and hyphens only."))],
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    # The card as the source words it.
    description = models.TextField(_("description"), blank=True)
    client = models.TextField(_("client (opdrachtgever)"), blank=True)
    target_groups = models.TextField(_("target groups"), blank=True)
    goals = models.JSONField(_("goals"), default=list, blank=True)
    policy_theme = models.TextField(_("policy theme"), blank=True)
    activities = models.JSONField(_("activities and services"), default=list, blank=True)
    working_method = models.JSONField(_("working method"), default=list, blank=True)
    executed_by = models.TextField(_("executed by"), blank=True)
    execution_period = models.TextField(_("execution period"), blank=True)
    quality_measurement = models.TextField(_("quality measurement"), blank=True)
    product_unit = models.TextField(_("product unit"), blank=True)
    expected_use = models.TextField(_("expected use"), blank=True)
    indicators = models.JSONField(_("performance indicators"), default=list, blank=True)
    extra_sections = models.JSONField(
        _("other sections"), default=list, blank=True, help_text=_("A list of {title, text}.")
    )

    # Structured attributes later apps run on.
    delivery_form = models.CharField(
        _("delivery form"), max_length=30, choices=DeliveryForm.choices
    )
    methodology = models.CharField(
        _("methodology"), max_length=10, choices=Methodology.choices, blank=True
    )
    uses_vva = models.BooleanField(_("uses the VluchtVerhaalAnalyse"), default=False)
    duration_months = models.DecimalField(
        _("typical duration (months)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    max_duration_months = models.DecimalField(
        _("maximum duration (months)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    group_size_min = models.PositiveSmallIntegerField(
        _("minimum group size"), null=True, blank=True
    )
    group_size_max = models.PositiveSmallIntegerField(
        _("maximum group size"), null=True, blank=True
    )
    sessions_per_programme = models.PositiveSmallIntegerField(
        _("sessions per programme"), null=True, blank=True
    )
    session_hours = models.DecimalField(
        _("hours per session"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    min_contacts_per_year = models.PositiveSmallIntegerField(
        _("minimum contact moments per year"), null=True, blank=True
    )
    interpreters_allowed = models.BooleanField(_("interpreters may be used"), default=False)
    max_interpreters_per_group = models.PositiveSmallIntegerField(
        _("maximum interpreters per group"), null=True, blank=True
    )
    eligibility = models.JSONField(
        _("eligibility rules"),
        default=list,
        blank=True,
        help_text=_("Target-group restrictions as rules, e.g. {rule: min_age, years: 18}."),
    )
    closing_reasons = models.JSONField(
        _("closing reasons"), default=list, blank=True, help_text=_("A list of {code, name}.")
    )
    measures_zrm = models.BooleanField(_("measures self-sufficiency (ZRM)"), default=False)
    weekly_hours_min = _hours_a_week(
        _("minimum hours a week"),
        _(
            "Per basic opening: the fewest opening hours a week a contract may buy "
            "(tariffs count their hours a week)."
        ),
    )
    weekly_hours_max = _hours_a_week(
        _("maximum hours a week"),
        _("Per basic opening: the most opening hours a week a contract may buy."),
    )
    dependance_weekly_hours_min = _hours_a_week(
        _("minimum dependance hours a week"),
        _("Without a basic opening: the fewest hours a week (dependance)."),
    )
    dependance_weekly_hours_max = _hours_a_week(
        _("maximum dependance hours a week"),
        _("Without a basic opening: the most hours a week (dependance)."),
    )

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["category__order", "order", "name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.CheckConstraint(
                condition=Q(group_size_min__isnull=True)
                | Q(group_size_max__isnull=True)
                | Q(group_size_max__gte=models.F("group_size_min")),
                name="product_group_size_order",
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours_min__isnull=True)
                | Q(weekly_hours_max__isnull=True)
                | Q(weekly_hours_max__gte=models.F("weekly_hours_min")),
                name="product_weekly_hours_order",
            ),
            models.CheckConstraint(
                condition=Q(dependance_weekly_hours_min__isnull=True)
                | Q(dependance_weekly_hours_max__isnull=True)
                | Q(dependance_weekly_hours_max__gte=models.F("dependance_weekly_hours_min")),
                name="product_dependance_hours_order",
            ),
        ]

    def __str__(self):
        return self.name

    def groups_can_hold(self, participants: int) -> bool:
        """Whether ``participants`` can be split into groups within the card's group size
        (e.g. 16 cannot be split into groups of 12 to 15; 24 can, as two groups of 12)."""
        low = self.group_size_min or 1
        high = self.group_size_max
        if high is None:
            return participants >= low
        groups = -(-participants // high)  # the fewest groups of at most ``high``
        return groups * low <= participants


class PriceListQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(year=year).first()


class PriceList(models.Model):
    """The guide prices of one year. Locked once a signed contract uses it."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000)]
    )
    surcharge_percentage = models.DecimalField(
        _("surcharge without basic services (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "Added to guide prices in a municipality without an information-and-advice point "
            "and/or settlement coaching."
        ),
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made from"),
    )
    indexation_percentage = models.DecimalField(
        _("indexation (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    rounding = models.CharField(
        _("rounding"), max_length=10, choices=Rounding.choices, default=Rounding.WHOLE_EUROS
    )
    locked_at = models.DateTimeField(
        _("locked at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when a signed contract first uses this list; it cannot change after."),
    )

    objects = PriceListQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("price list")
        verbose_name_plural = _("price lists")

    def __str__(self):
        return str(self.year)

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class Tariff(models.Model):
    """A price of one product in one year's list, per unit."""

    price_list = models.ForeignKey(
        PriceList, on_delete=models.PROTECT, related_name="tariffs", verbose_name=_("price list")
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="tariffs", verbose_name=_("product")
    )
    code = models.SlugField(_("short code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    unit_wording = models.CharField(_("unit as worded on the card"), max_length=300, blank=True)
    price = models.DecimalField(
        _("guide price (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    on_request = models.BooleanField(_("price on request"), default=False)
    duration_months = models.DecimalField(
        _("duration (months)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    weekly_hours = _hours_a_week(
        _("hours a week per unit"),
        _("Opening hours a week one unit buys (I&A: 6 for the basic opening, 1 an hour)."),
    )
    provides_basic_service = models.CharField(
        _("provides basic service"),
        max_length=30,
        choices=BasicService.choices,
        blank=True,
        help_text=_(
            "A contract of a year with this tariff gives the municipality this basic service, "
            "so guide prices carry no surcharge for its lack (unless the municipality's own "
            "setting says otherwise)."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["price_list", "product", "order", "code"]
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        constraints = [
            models.UniqueConstraint(
                fields=["price_list", "product", "code"], name="tariff_code_unique_per_product"
            ),
            models.CheckConstraint(
                condition=(Q(on_request=True) & Q(price__isnull=True))
                | (Q(on_request=False) & Q(price__isnull=False) & Q(price__gte=0)),
                name="tariff_price_or_on_request",
            ),
        ]

    def __str__(self):
        return f"{self.product.code}:{self.code} {self.price_list.year}"

    def clean(self):
        super().clean()
        if self.on_request and self.price is not None:
            raise ValidationError({"price": _("A tariff on request has no price.")})
        if not self.on_request and self.price is None:
            raise ValidationError({"price": _("Give a price, or mark the tariff as on request.")})
