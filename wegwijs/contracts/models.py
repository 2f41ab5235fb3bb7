"""Contracts (opdrachten): what a municipality buys from the foundation in one year.

A contract has lines (tariff × quantity, optionally at an agreed price). Its price per unit is
resolved in ``wegwijs.contracts.pricing``; the contract page, the quote, the PDF and the
``quote`` command all read it from there.

Decisions:

* A municipality may have more than one contract in a year (extra work after signing gets a
  contract of its own); each gets a number ``<year>-<CBS code>-<sequence>``.
* Lines change only while the contract is a draft (concept). Signing freezes the prices: each
  line keeps the guide price of that moment and the contract keeps the surcharge percentage
  that applied, and the price list is locked.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wegwijs.accounts.constants import Role
from wegwijs.catalog.constants import BasicService, DeliveryForm
from wegwijs.catalog.models import PriceList, Tariff
from wegwijs.contracts.constants import ContractStatus
from wegwijs.contracts.pricing import (
    Quote,
    SurchargeDecision,
    build_quote,
    quote_line_for,
    surcharge_for,
)
from wegwijs.organisation.models import Municipality

# Statuses a gemeentecontact sees: a draft is the foundation's own work in progress.
MUNICIPALITY_VISIBLE_STATUSES = (
    ContractStatus.OFFERED,
    ContractStatus.SIGNED,
    ContractStatus.CLOSED,
)
# Other contracts of the year whose lines count for this one (basic services provided, I&A
# hours): those offered or further; another draft may never be offered.
COMMITTED_STATUSES = MUNICIPALITY_VISIBLE_STATUSES


class ContractQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Contracts ``user`` may see: all for the beheerder and finance; those of their teams'
        municipalities for a coördinator; offered, signed and closed contracts of their own
        municipality for a gemeentecontact; none for anyone else."""
        if not user.is_authenticated or not user.is_active or not user.can("contracts.view"):
            return self.none()
        if user.role in (Role.BEHEERDER, Role.FINANCE):
            return self
        if user.role == Role.COORDINATOR:
            return self.filter(municipality__in=Municipality.objects.covered_by_teams_of(user))
        if user.role == Role.GEMEENTECONTACT and user.municipality_id:
            return self.filter(
                municipality_id=user.municipality_id, status__in=MUNICIPALITY_VISIBLE_STATUSES
            )
        return self.none()

    def with_list_data(self):
        """What the list page shows, in a constant number of queries."""
        return (
            self.select_related("municipality", "price_list", "created_by")
            .prefetch_related(
                "municipality__names",
                models.Prefetch("lines", queryset=ContractLine.objects.with_tariffs()),
            )
            .with_provided_services()
        )

    def with_provided_services(self):
        """Annotate, per basic service, whether this contract or an offered, signed or closed
        one of the same municipality and year has a line whose tariff provides it (read by
        ``Contract.provided_basic_services``)."""
        return self.annotate(
            **{
                f"provides_{service}": models.Exists(
                    ContractLine.objects.filter(
                        Q(contract=models.OuterRef("pk"))
                        | Q(contract__status__in=COMMITTED_STATUSES),
                        contract__municipality=models.OuterRef("municipality"),
                        contract__year=models.OuterRef("year"),
                        tariff__provides_basic_service=service,
                    )
                )
                for service in BasicService.values
            }
        )


class Contract(models.Model):
    """An opdracht: one municipality, one year, priced from that year's price list."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    sequence = models.PositiveSmallIntegerField(
        _("sequence"),
        default=1,
        help_text=_("Numbers the contracts of one municipality within one year."),
    )
    price_list = models.ForeignKey(
        PriceList,
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("price list"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ContractStatus.choices,
        default=ContractStatus.CONCEPT,
    )
    notes = models.TextField(_("notes"), blank=True)
    surcharge_percentage = models.DecimalField(
        _("surcharge applied (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Frozen at signing: the surcharge that applied then (0 when none)."),
    )
    surcharge_grounds = models.JSONField(
        _("grounds of the surcharge"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Frozen at signing: the basic services the municipality lacked then."),
    )
    surcharge_waiver_reason = models.TextField(
        _("reason the surcharge is waived"),
        blank=True,
        help_text=_("When given, guide prices carry no surcharge on this contract."),
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offered by"),
    )
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by"),
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "municipality__name", "sequence"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "sequence"],
                name="contract_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ContractStatus.values), name="contract_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status=ContractStatus.CONCEPT)
                | (Q(offered_at__isnull=False) & Q(offered_by__isnull=False)),
                name="contract_offered_who_when",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[ContractStatus.CONCEPT, ContractStatus.OFFERED])
                | (
                    Q(signed_at__isnull=False)
                    & Q(signed_by__isnull=False)
                    & Q(surcharge_percentage__isnull=False)
                ),
                name="contract_signed_who_when",
            ),
            models.CheckConstraint(
                condition=~Q(status=ContractStatus.CLOSED)
                | (Q(closed_at__isnull=False) & Q(closed_by__isnull=False)),
                name="contract_closed_who_when",
            ),
            models.CheckConstraint(
                condition=Q(surcharge_percentage__isnull=True) | Q(surcharge_percentage__gte=0),
                name="contract_surcharge_not_negative",
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("contracts:detail", kwargs={"public_id": self.public_id})

    @property
    def number(self) -> str:
        """The reference on quotes: ``2019-GM0202-01``."""
        return f"{self.year}-{self.municipality.cbs_code}-{self.sequence:02d}"

    @property
    def is_editable(self) -> bool:
        """Lines can be added, changed and removed only while the contract is a draft."""
        return self.status == ContractStatus.CONCEPT

    @property
    def prices_frozen(self) -> bool:
        return self.surcharge_percentage is not None

    @property
    def municipality_name(self) -> str:
        """The municipality's name in the contract's year (GM1945 is Groesbeek in 2015)."""
        return self.municipality.name_in(self.year)

    def provided_basic_services(self) -> set[str]:
        """The basic services the lines of this contract and of the municipality's other
        offered, signed or closed contracts of this year provide (their tariffs'
        ``provides_basic_service``); read from ``with_provided_services`` when
        the queryset annotated them, else one query."""
        if all(hasattr(self, f"provides_{service}") for service in BasicService.values):
            return {s for s in BasicService.values if getattr(self, f"provides_{s}")}
        return set(
            ContractLine.objects.filter(
                Q(contract_id=self.pk) | Q(contract__status__in=COMMITTED_STATUSES),
                contract__municipality_id=self.municipality_id,
                contract__year=self.year,
            )
            .exclude(tariff__provides_basic_service="")
            .values_list("tariff__provides_basic_service", flat=True)
            .distinct()
        )

    def surcharge_decision(self) -> SurchargeDecision:
        """Frozen once signed; before that from the municipality's settings, the year's
        contracts and this contract's waiver (``pricing.decide_surcharge``)."""
        if self.surcharge_percentage is not None:
            return SurchargeDecision(
                self.surcharge_percentage,
                lacking=tuple(self.surcharge_grounds),
                waiver_reason=self.surcharge_waiver_reason,
            )
        return surcharge_for(
            municipality=self.municipality,
            price_list=self.price_list,
            provided=self.provided_basic_services(),
            waiver_reason=self.surcharge_waiver_reason,
        )

    def applicable_surcharge_percentage(self) -> Decimal:
        """The surcharge on guide prices (0 while a question about it is open)."""
        return self.surcharge_decision().percentage

    def quote(self, lines=None) -> Quote:
        """Resolve every line; pass ``lines`` already fetched with their tariffs to save queries."""
        if lines is None:
            lines = self.lines.with_tariffs()
        decision = self.surcharge_decision()
        percentage = decision.percentage
        return build_quote(
            surcharge_percentage=percentage,
            lines=[line.quote_line(surcharge_percentage=percentage) for line in lines],
            surcharge=decision,
            municipality_name=self.municipality_name,
        )


class ContractLineQuerySet(models.QuerySet):
    def with_tariffs(self):
        return self.select_related("tariff__product", "tariff__unit").order_by(
            "tariff__product__category__order", "tariff__product__order", "tariff__order", "id"
        )

    def with_use(self):
        """The lines under which trajectories are opened, each with ``started``: the
        trajectories opened under it (closed ones too), in one query."""
        return self.filter(
            tariff__product__delivery_form__in=[
                DeliveryForm.TRAJECTORY,
                DeliveryForm.GROUP_WITH_COACHING,
            ]
        ).annotate(started=models.Count("trajectories"))


class ContractLine(models.Model):
    """A tariff × quantity on a contract, optionally at an agreed price per unit."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="lines", verbose_name=_("contract")
    )
    tariff = models.ForeignKey(
        Tariff, on_delete=models.PROTECT, related_name="contract_lines", verbose_name=_("tariff")
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    agreed_price = models.DecimalField(
        _("agreed price per unit (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "Replaces the guide price and any surcharge. Required for a tariff on request."
        ),
    )
    guide_price = models.DecimalField(
        _("guide price at signing (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )

    objects = ContractLineQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("contract line")
        verbose_name_plural = _("contract lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="contract_line_quantity"),
            models.CheckConstraint(
                condition=Q(agreed_price__isnull=True) | Q(agreed_price__gte=0),
                name="contract_line_agreed_price_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.tariff}"

    def quote_line(self, *, surcharge_percentage: Decimal):
        return quote_line_for(
            tariff=self.tariff,
            quantity=self.quantity,
            agreed_price=self.agreed_price,
            surcharge_percentage=surcharge_percentage,
            guide_price=self.guide_price,
            line=self,
        )
