import datetime

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(
        _("code"), max_length=4, unique=True, help_text=_("CBS code, e.g. PV25.")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def current(self, on=None):
        """Municipalities that exist on ``on`` (today when not given)."""
        from django.utils import timezone

        day = on or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def covered_by_teams_of(self, user):
        """The municipalities the teams of ``user`` cover: a coördinator's working area."""
        return self.filter(teams__members=user).distinct()


class Municipality(models.Model):
    """A municipality as CBS codes it, dated so that contracts of merged ones still resolve."""

    cbs_code = models.CharField(
        _("CBS code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^GM\d{4}$", _("A CBS code is GM followed by four digits."))],
    )
    name = models.CharField(_("name"), max_length=100)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("province"),
    )
    valid_from = models.DateField(_("exists from"), null=True, blank=True)
    valid_to = models.DateField(
        _("exists until"), null=True, blank=True, help_text=_("Last day before a merger.")
    )
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("merged into"),
    )
    has_information_point = models.BooleanField(
        _("information and advice point"),
        null=True,
        blank=True,
        default=None,
        help_text=_(
            "The foundation runs an information-and-advice point here. Leave unknown to let "
            "the year's contracts decide (a basic opening provides one); yes or no overrides them."
        ),
    )
    has_settlement_coaching = models.BooleanField(
        _("settlement coaching"),
        null=True,
        blank=True,
        default=None,
        help_text=_(
            "The foundation coaches the settlement of permit holders here. Leave unknown to let "
            "the year's contracts decide (VIP 18, VIP Jongeren or VI 8 provide it); yes or no "
            "overrides them."
        ),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="municipality_valid_period",
            ),
        ]

    def __str__(self):
        return self.name

    def name_on(self, day: datetime.date) -> str:
        """The name the municipality had on ``day``: a former name whose period covers it, else
        the current name. Reads ``names`` through ``all()``, so a prefetch saves the query."""
        for former in self.names.all():
            if former.valid_from <= day <= former.valid_until:
                return former.name
        return self.name

    def name_in(self, year: int) -> str:
        """The name of ``year``, as contracts and reports of that year show it: the name on
        1 January (CBS renames municipalities on 1 January)."""
        return self.name_on(datetime.date(year, 1, 1))


class MunicipalityName(models.Model):
    """A former name of a municipality under the same CBS code, with its period (GM1945 was
    called Groesbeek until it was renamed Berg en Dal on 1 January 2016)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="names",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(_("name from"))
    valid_until = models.DateField(_("name until"), help_text=_("Last day of this name."))

    class Meta:
        ordering = ["municipality", "valid_from"]
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="municipality_name_valid_period",
            ),
            models.UniqueConstraint(
                fields=["municipality", "valid_from"], name="municipality_name_from_unique"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.valid_from:%Y-%m-%d} – {self.valid_until:%Y-%m-%d})"


class Location(models.Model):
    """A branch (vestiging) of the foundation; each has one team."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="locations",
        verbose_name=_("municipality"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return self.name
