"""Self-sufficiency measurements: the Zelfredzaamheid-Matrix (ZRM) and the participatieladder.

The instruments are data (``fixtures/instruments.yaml``): domains with a label per level, the
ladder's rungs and per product which domains it scores. A measurement (nul, tussen, eind)
belongs to a trajectory and is reached only through ``Trajectory.objects.visible_to``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wegwijs.catalog.models import Product
from wegwijs.measurements.constants import NOTE_MAX, MeasurementKind


class Domain(models.Model):
    """A ZRM domain; ``levels`` maps "1".."5" to the short description of that level."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    version = models.CharField(_("ZRM version"), max_length=10, default="2017")
    levels = models.JSONField(_("level descriptions"), default=dict)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("ZRM domain")
        verbose_name_plural = _("ZRM domains")

    def __str__(self):
        return self.name

    def describe(self, level: int) -> str:
        return self.levels.get(str(level), "")


class Level(models.Model):
    number = models.PositiveSmallIntegerField(_("level"), unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["number"]
        verbose_name = _("ZRM level")
        verbose_name_plural = _("ZRM levels")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=5), name="zrm_level_range"
            )
        ]

    def __str__(self):
        return f"{self.number} {self.name}"


class Rung(models.Model):
    number = models.PositiveSmallIntegerField(_("rung"), unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["number"]
        verbose_name = _("participation ladder rung")
        verbose_name_plural = _("participation ladder rungs")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=6), name="rung_range")
        ]

    def __str__(self):
        return f"{self.number} {self.name}"


def default_kinds() -> list[str]:
    return [MeasurementKind.NUL.value, MeasurementKind.EIND.value]


class ProductInstrument(models.Model):
    """How a product measures: which kinds of measurement it has (VIP 18 nul, tussen and eind;
    VI 8 and VIP Jongeren nul and eind: facts.md §1), whether the ladder is used and which
    closing reasons count as completed (closing with one of them needs an eindmeting)."""

    product = models.OneToOneField(
        Product, on_delete=models.CASCADE, related_name="instrument", verbose_name=_("product")
    )
    kinds = models.JSONField(
        _("kinds of measurement"),
        default=default_kinds,
        help_text=_("Of nul, tussen and eind; nul and eind always."),
    )
    uses_ladder = models.BooleanField(_("uses the participation ladder"), default=False)
    completed_reasons = models.JSONField(_("closing reasons that count as completed"), default=list)

    class Meta:
        verbose_name = _("product measurement settings")
        verbose_name_plural = _("product measurement settings")

    def __str__(self):
        return str(self.product)

    def has_kind(self, kind: str) -> bool:
        return kind in self.kinds


class ProductDomain(models.Model):
    instrument = models.ForeignKey(
        ProductInstrument, on_delete=models.CASCADE, related_name="domains"
    )
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    mandatory = models.BooleanField(
        _("mandatory"),
        default=True,
        help_text=_("An optional domain may be left not scored at a measurement."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("product domain")
        verbose_name_plural = _("product domains")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "domain"], name="product_domain_unique")
        ]

    def __str__(self):
        return str(self.domain)


class Measurement(models.Model):
    trajectory = models.ForeignKey(
        "trajectories.Trajectory",
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("trajectory"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MeasurementKind.choices)
    date = models.DateField(_("date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("measured by"),
    )
    rung = models.PositiveSmallIntegerField(_("participation ladder rung"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "kind"],
                condition=Q(kind__in=[MeasurementKind.NUL, MeasurementKind.EIND]),
                name="measurement_one_nul_one_eind",
            ),
            models.CheckConstraint(
                condition=Q(rung__isnull=True) | Q(rung__gte=1, rung__lte=6),
                name="measurement_rung_range",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}"


class Score(models.Model):
    """The level of one domain at a measurement; no level is "not scored" (facts.md §1),
    which ``record_measurement`` allows only for a domain that is optional for the product."""

    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="scores")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("level"), null=True, blank=True, help_text=_("Empty: not scored.")
    )
    note = models.CharField(_("note"), max_length=NOTE_MAX, blank=True)

    class Meta:
        ordering = ["measurement", "domain__order"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["measurement", "domain"], name="score_unique"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=5),
                name="score_range",
            ),
        ]

    def __str__(self):
        return f"{self.domain}: {self.level if self.level is not None else '-'}"
