"""Self-sufficiency figures per municipality and period (issue 6 part 5).

:func:`figures` counts, :func:`present` turns the counts into the tables the page and the Excel
export render (exact for a coördinator, with small counts suppressed for a gemeentecontact
through ``core.disclosure``). One computation, two renderers (STYLE.md "Avoid").

Population: trajectories of products that measure (a ``ProductInstrument`` exists), closed
(``end_date``) within the period, whose **paying municipality** is the chosen one: the
municipality of the trajectory's contract (``contract_line.contract.municipality``). That is
the municipality that bought the trajectory and asks for its results; the client's home
municipality may have changed since (a move), and a report per home municipality would
count a client in a municipality that never paid for the work. The unit is the trajectory
(one client in one product); the page calls them clients.

Per product and domain: the levels 1-5 at the nulmeting and at the eindmeting, how many
clients have a score on the domain in both, and how many of those rose at least one level.
For products that use the participatieladder also: how many rose at least one level on every
mandatory domain, and the rung at the nulmeting against the rung at the eindmeting.

Queries: a fixed number (five) whatever the number of trajectories; the scores of the whole
population come in one query and are counted here.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijs.accounts.constants import Role
from wegwijs.catalog.models import Product
from wegwijs.core import disclosure
from wegwijs.core.errors import DomainError
from wegwijs.core.periods import add_months
from wegwijs.measurements.constants import LEVELS, RUNGS, MeasurementKind
from wegwijs.measurements.models import (
    Domain,
    Level,
    Measurement,
    ProductDomain,
    ProductInstrument,
    Rung,
    Score,
)
from wegwijs.organisation.models import Municipality
from wegwijs.trajectories.constants import TrajectoryStatus
from wegwijs.trajectories.models import Trajectory

QUARTER_NAMES = {
    1: gettext_lazy("first quarter"),
    2: gettext_lazy("second quarter"),
    3: gettext_lazy("third quarter"),
    4: gettext_lazy("fourth quarter"),
}


@dataclass(frozen=True)
class Period:
    """A closed range of days: a calendar year or one of its quarters."""

    start: datetime.date
    end: datetime.date
    year: int
    quarter: int | None = None

    @classmethod
    def of(cls, year: int, quarter: int | None = None) -> "Period":
        if quarter is None:
            return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), year)
        if quarter not in QUARTER_NAMES:
            raise ValueError(f"no quarter {quarter}")
        first = datetime.date(year, 3 * quarter - 2, 1)
        return cls(first, add_months(first, 3) - datetime.timedelta(days=1), year, quarter)

    @property
    def label(self) -> str:
        if self.quarter is None:
            return str(self.year)
        return _("%(quarter)s of %(year)s") % {
            "quarter": QUARTER_NAMES[self.quarter],
            "year": self.year,
        }

    @property
    def slug(self) -> str:
        return str(self.year) if self.quarter is None else f"{self.year}-q{self.quarter}"


# --- The counts -----------------------------------------------------------------------------


@dataclass
class DomainCounts:
    domain: Domain
    mandatory: bool
    nul: list[int] = field(default_factory=lambda: [0] * len(LEVELS))
    eind: list[int] = field(default_factory=lambda: [0] * len(LEVELS))
    paired: int = 0
    rose: int = 0


@dataclass
class LadderCounts:
    paired_all: int = 0  # clients with a nul and an eind score on every mandatory domain
    rose_all: int = 0  # of those, rose at least one level on every one of them
    rungs: list[list[int]] = field(default_factory=lambda: [[0] * len(RUNGS) for _r in RUNGS])


@dataclass
class ProductCounts:
    product: Product
    closed: int
    domains: list[DomainCounts]
    ladder: LadderCounts | None


@dataclass
class Figures:
    municipality: Municipality
    period: Period
    products: list[ProductCounts]

    @property
    def closed(self) -> int:
        return sum(p.closed for p in self.products)


def measuring_products():
    """Products that measure self-sufficiency, by code."""
    return Product.objects.filter(instrument__isnull=False).order_by("code")


def figures(*, municipality: Municipality, period: Period, product: Product | None = None):
    """The counts for ``municipality`` (paying) and ``period``, per measuring product with at
    least one trajectory closed in the period; only ``product`` when given."""
    instruments = ProductInstrument.objects.select_related("product").prefetch_related(
        Prefetch("domains", queryset=ProductDomain.objects.select_related("domain"))
    )
    if product is not None:
        instruments = instruments.filter(product=product)
    instruments = {i.product_id: i for i in instruments}
    population = Trajectory.objects.filter(
        product_id__in=list(instruments),
        contract_line__contract__municipality=municipality,
        status=TrajectoryStatus.CLOSED,
        end_date__gte=period.start,
        end_date__lte=period.end,
    )
    product_of = dict(population.values_list("pk", "product_id"))
    measurements = Measurement.objects.filter(
        trajectory__in=population.values("pk"),
        kind__in=[MeasurementKind.NUL, MeasurementKind.EIND],
    )
    rungs: dict[int, dict[str, int | None]] = defaultdict(dict)
    for trajectory_id, kind, rung in measurements.values_list("trajectory_id", "kind", "rung"):
        rungs[trajectory_id][kind] = rung
    levels: dict[int, dict[tuple[str, int], int]] = defaultdict(dict)
    scores = Score.objects.filter(measurement__in=measurements.values("pk")).values_list(
        "measurement__trajectory_id", "measurement__kind", "domain_id", "level"
    )
    for trajectory_id, kind, domain_id, level in scores:
        levels[trajectory_id][kind, domain_id] = level

    by_product: dict[int, list[int]] = defaultdict(list)
    for trajectory_id, product_id in product_of.items():
        by_product[product_id].append(trajectory_id)
    products = []
    for instrument in sorted(instruments.values(), key=lambda i: i.product.code):
        members = by_product.get(instrument.product_id)
        if members:
            products.append(_count(instrument, members, levels, rungs))
    return Figures(municipality=municipality, period=period, products=products)


def _count(instrument, members, levels, rungs) -> ProductCounts:
    rows = list(instrument.domains.all())
    domains = [DomainCounts(row.domain, row.mandatory) for row in rows]
    ladder = LadderCounts() if instrument.uses_ladder else None
    for trajectory_id in members:
        scored = levels.get(trajectory_id, {})
        rose_everywhere, paired_everywhere = True, True
        for counts in domains:
            nul = scored.get((MeasurementKind.NUL, counts.domain.pk))
            eind = scored.get((MeasurementKind.EIND, counts.domain.pk))
            if nul is not None:
                counts.nul[nul - 1] += 1
            if eind is not None:
                counts.eind[eind - 1] += 1
            if nul is not None and eind is not None:
                counts.paired += 1
                counts.rose += eind > nul
            if counts.mandatory:
                paired_everywhere &= nul is not None and eind is not None
                rose_everywhere &= paired_everywhere and eind > nul
        if ladder is not None:
            ladder.paired_all += paired_everywhere
            ladder.rose_all += rose_everywhere
            start = rungs.get(trajectory_id, {}).get(MeasurementKind.NUL)
            end = rungs.get(trajectory_id, {}).get(MeasurementKind.EIND)
            if start and end:
                ladder.rungs[start - 1][end - 1] += 1
    return ProductCounts(instrument.product, len(members), domains, ladder)


# --- Who sees what -------------------------------------------------------------------------


def sees_exact_figures(user) -> bool:
    """A coördinator works with the clients and sees exact figures; everyone else who may see
    the report (the gemeentecontact) sees them with small counts suppressed (PRIV-04)."""
    return user.role == Role.COORDINATOR


def municipalities_for(user):
    """The municipalities whose figures ``user`` may ask for: a gemeentecontact their own, a
    coördinator those their teams cover."""
    if user.role == Role.GEMEENTECONTACT:
        return Municipality.objects.filter(pk=user.municipality_id)
    return Municipality.objects.covered_by_teams_of(user)


def may_choose_quarter(user) -> bool:
    """Only who sees exact figures may narrow a year to a quarter: beside the whole year,
    the suppressed figures of one quarter could be recomputed from the others (PRIV-04: no
    free filters)."""
    return sees_exact_figures(user)


def report_for(
    user,
    *,
    municipality: Municipality,
    year: int,
    quarter: int | None = None,
    product: Product | None = None,
) -> "ReportView":
    """The report ``user`` may see: exact for a coördinator, suppressed for everyone else.

    Refuses a municipality outside :func:`municipalities_for` and a quarter for whom
    :func:`may_choose_quarter` does not allow it, so the page, the export and any later
    caller apply the same rules."""
    if not municipalities_for(user).filter(pk=municipality.pk).exists():
        raise DomainError(_("You can only see the figures of your own municipality."))
    if quarter is not None and not may_choose_quarter(user):
        raise DomainError(_("The figures are given per whole year only."))
    data = figures(municipality=municipality, period=Period.of(year, quarter), product=product)
    return present(data, protect=not sees_exact_figures(user))


# --- What is shown --------------------------------------------------------------------------


@dataclass
class FigureTable:
    """A table as rendered: caption, column heads, rows of (row head, cells), notes.
    Cells are ``disclosure.Cell``, ``disclosure.Share`` or text."""

    key: str
    caption: str
    corner: str
    columns: list[str]
    rows: list[tuple[str, list]]
    notes: list[str] = field(default_factory=list)


@dataclass
class ChartRow:
    """One domain of the distribution chart: per moment the counts, or None when hidden."""

    label: str
    bars: list[tuple[str, list[int] | None]]


@dataclass
class ProductView:
    product: Product
    closed: disclosure.Cell
    tables: list[FigureTable]
    chart: list[ChartRow]
    svg: str = ""  # the chart, drawn by the page


@dataclass
class ReportView:
    municipality: Municipality
    period: Period
    protected: bool
    k: int
    products: list[ProductView]
    level_names: list[tuple[int, str]]

    @property
    def empty(self) -> bool:
        return not self.products

    @property
    def notes(self) -> list[str]:
        """How to read the figures; the page and the export print the same."""
        values = {"k": self.k}
        if not self.protected:
            return [
                _(
                    "These are the exact figures. The contact person of the municipality sees "
                    "them with counts under %(k)s hidden."
                )
                % values
            ]
        return [
            _("Counts under %(k)s, zero included, are shown as “< %(k)s”.") % values,
            _("A count hidden so that a small count cannot be calculated back is shown as “×”."),
            _("A percentage is given only for at least %(k)s clients; otherwise “—”.") % values,
        ]


def present(data: Figures, *, protect: bool) -> ReportView:
    """The tables of ``data``; with ``protect`` every count passes the disclosure rules."""
    k = disclosure.threshold()
    level_names = list(Level.objects.values_list("number", "name"))
    rung_names = dict(Rung.objects.values_list("number", "name"))
    return ReportView(
        municipality=data.municipality,
        period=data.period,
        protected=protect,
        k=k,
        products=[_present_product(p, protect, k, level_names, rung_names) for p in data.products],
        level_names=level_names,
    )


def _present_product(counts: ProductCounts, protect, k, level_names, rung_names) -> ProductView:
    code = slugify(counts.product.code)
    names = [d.domain.name for d in counts.domains]
    level_heads = [f"{number} {name}" for number, name in level_names]
    moments = {}
    tables = []
    for kind, label, caption in [
        (
            MeasurementKind.NUL,
            _("Baseline measurement"),
            _("Level per domain at the baseline measurement"),
        ),
        (
            MeasurementKind.EIND,
            _("Final measurement"),
            _("Level per domain at the final measurement"),
        ),
    ]:
        safe = disclosure.table(
            [getattr(d, kind) for d in counts.domains], protect=protect, k=k, row_totals=True
        )
        moments[kind] = (label, safe)
        tables.append(
            FigureTable(
                key=f"{code}-{kind}",
                caption=caption,
                corner=_("Domain"),
                columns=[*level_heads, _("Scored")],
                rows=[(name, safe.row_with_total(i)) for i, name in enumerate(names)],
            )
        )
    rose_columns = [_("Clients with a baseline and a final score"), _("Share that rose")]
    if not protect:
        rose_columns.insert(1, _("Rose at least one level"))
    rose_rows = []
    for d in counts.domains:
        cells = [
            disclosure.count(d.paired, protect=protect, k=k),
            disclosure.share(d.rose, d.paired, protect=protect, k=k),
        ]
        if not protect:
            cells.insert(1, disclosure.count(d.rose, protect=False, k=k))
        rose_rows.append((d.domain.name, cells))
    tables.append(
        FigureTable(
            key=f"{code}-rose",
            caption=_("Clients who rose at least one level, per domain"),
            corner=_("Domain"),
            columns=rose_columns,
            rows=rose_rows,
        )
    )
    if counts.ladder is not None:
        tables.extend(_present_ladder(counts, code, protect, k, rung_names))
    chart = []
    for i, name in enumerate(names):
        bars = []
        for kind in (MeasurementKind.NUL, MeasurementKind.EIND):
            label, safe = moments[kind]
            shown = safe.row_is_complete(i)
            bars.append((label, [c.value for c in safe.rows[i]] if shown else None))
        chart.append(ChartRow(name, bars))
    return ProductView(
        product=counts.product,
        closed=disclosure.count(counts.closed, protect=protect, k=k),
        tables=tables,
        chart=chart,
    )


def _present_ladder(counts: ProductCounts, code, protect, k, rung_names) -> list[FigureTable]:
    ladder = counts.ladder
    mandatory = sum(d.mandatory for d in counts.domains)
    all_domains = FigureTable(
        key=f"{code}-all",
        caption=_("Clients who rose at least one level on all %(count)s mandatory domains")
        % {"count": mandatory},
        corner=_("Product"),
        columns=[_("Clients with a baseline and a final score on each"), _("Share that rose")],
        rows=[
            (
                counts.product.name,
                [
                    disclosure.count(ladder.paired_all, protect=protect, k=k),
                    disclosure.share(ladder.rose_all, ladder.paired_all, protect=protect, k=k),
                ],
            )
        ],
    )
    if not protect:
        all_domains.columns.insert(1, _("Rose on each"))
        all_domains.rows[0][1].insert(1, disclosure.count(ladder.rose_all, protect=False, k=k))
    safe = disclosure.table(ladder.rungs, protect=protect, k=k, row_totals=True, column_totals=True)
    rows = [
        (f"{rung} {rung_names.get(rung, '')}".strip(), safe.row_with_total(i))
        for i, rung in enumerate(RUNGS)
    ]
    rows.append((_("Total"), [*safe.column_totals, safe.total]))
    rungs = FigureTable(
        key=f"{code}-rungs",
        caption=_(
            "Participation ladder: rung at the baseline (rows) against the final measurement "
            "(columns)"
        ),
        corner=_("Rung at the baseline"),
        columns=[*(str(r) for r in RUNGS), _("Total")],
        rows=rows,
        notes=[_("Only clients with a rung at both the baseline and the final measurement.")],
    )
    return [all_domains, rungs]
