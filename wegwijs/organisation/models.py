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
        default=False,
        help_text=_("The foundation runs an information-and-advice point here."),
    )
    has_settlement_coaching = models.BooleanField(
        _("settlement coaching"),
        default=False,
        help_text=_("The foundation coaches the settlement of permit holders here."),
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

    @property
    def has_basic_services(self) -> bool:
        """Both basic services run here; without them guide prices carry a surcharge."""
        return self.has_information_point and self.has_settlement_coaching


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
