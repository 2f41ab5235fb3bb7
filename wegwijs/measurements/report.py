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

Beside the closed trajectories, those running at the end of the period (or today while it
lasts): their nulmeting against their latest later measurement, since VIP 18 asks for insight
in the progress "van de totaal aantal vluchtelingen onder begeleiding".

Per product, population and domain: the levels 1-5 at the nulmeting and at the eindmeting (for
running trajectories: the latest measurement), apart from them the clients measured but not
scored on an optional domain, how many clients have a score on the domain in both, and how many
of those rose at least one level. For products that use the participatieladder also: how many
rose at least one level on every mandatory domain, and the rung at the nulmeting against the
rung at the eindmeting. The totals shown for one population pass ``disclosure.linked``
together, so that no two of them give a small group away by their difference.

Queries: a fixed number (five) whatever the number of trajectories; the scores of the whole
population come in one query and are counted here.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
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
    """One domain in one population. ``nul``/``eind`` count the levels 1-5 at the nulmeting
    and at the later measurement (the eindmeting of a closed trajectory, the latest one of a
    running trajectory); ``*_not_scored`` the clients measured without a level on the domain,
    apart from the levels (facts.md §1)."""

    domain: Domain
    mandatory: bool
    nul: list[int] = field(default_factory=lambda: [0] * len(LEVELS))
    eind: list[int] = field(default_factory=lambda: [0] * len(LEVELS))
    nul_not_scored: int = 0
    eind_not_scored: int = 0
    paired: int = 0
    rose: int = 0


@dataclass
class LadderCounts:
    paired_all: int = 0  # clients with a nul and an eind score on every mandatory domain
    rose_all: int = 0  # of those, rose at least one level on every one of them
    rungs: list[list[int]] = field(default_factory=lambda: [[0] * len(RUNGS) for _r in RUNGS])


@dataclass
class GroupCounts:
    """One population of a product: the trajectories closed in the period, or those running
    at its end (``Figures.cut``)."""

    size: int
    domains: list[DomainCounts]
    ladder: LadderCounts | None


@dataclass
class ProductCounts:
    product: Product
    closed_group: GroupCounts
    running: GroupCounts
    has_optional: bool = False  # the product has a domain that may be left not scored

    @property
    def closed(self) -> int:
        return self.closed_group.size

    @property
    def domains(self) -> list[DomainCounts]:
        return self.closed_group.domains

    @property
    def ladder(self) -> LadderCounts | None:
        return self.closed_group.ladder


@dataclass
class Figures:
    municipality: Municipality
    period: Period
    products: list[ProductCounts]
    cut: datetime.date | None = None  # running trajectories are those running on this day

    @property
    def closed(self) -> int:
        return sum(p.closed for p in self.products)


def measuring_products():
    """Products that measure self-sufficiency, by code."""
    return Product.objects.filter(instrument__isnull=False).order_by("code")


def running_on(period: Period) -> datetime.date:
    """The day on which trajectories count as running: the end of the period, or today
    while the period lasts."""
    return min(period.end, timezone.localdate())


def figures(*, municipality: Municipality, period: Period, product: Product | None = None):
    """The counts for ``municipality`` (paying) and ``period``, per measuring product with at
    least one trajectory closed in the period or running at its end; only ``product`` when
    given. A closed trajectory counts its nulmeting and eindmeting up to its end date; a
    running one its nulmeting and its latest later measurement up to :func:`running_on`
    (VIP 18: "inzicht in de vooruitgang ... van de totaal aantal vluchtelingen onder
    begeleiding"). Five queries whatever the number of trajectories."""
    cut = running_on(period)
    instruments = ProductInstrument.objects.select_related("product").prefetch_related(
        Prefetch("domains", queryset=ProductDomain.objects.select_related("domain"))
    )
    if product is not None:
        instruments = instruments.filter(product=product)
    instruments = {i.product_id: i for i in instruments}
    closed = Q(status=TrajectoryStatus.CLOSED, end_date__gte=period.start, end_date__lte=period.end)
    running = Q(start_date__lte=cut) & (Q(end_date__isnull=True) | Q(end_date__gt=cut))
    population = Trajectory.objects.filter(
        closed | running,
        product_id__in=list(instruments),
        contract_line__contract__municipality=municipality,
    )
    members: dict[int, tuple[int, datetime.date | None]] = {
        pk: (product_id, end)
        for pk, product_id, end in population.values_list("pk", "product_id", "end_date")
    }
    measurements = Measurement.objects.filter(trajectory__in=population.values("pk"), date__lte=cut)
    taken: dict[int, list[tuple]] = defaultdict(list)
    rows = measurements.order_by("date", "pk").values_list(
        "pk", "trajectory_id", "kind", "date", "rung"
    )
    for pk, trajectory_id, kind, date, rung in rows:
        end = members[trajectory_id][1]
        if end is None or end > cut or date <= end:  # nothing after a closed trajectory's end
            taken[trajectory_id].append((pk, kind, rung))
    levels: dict[int, dict[int, int | None]] = defaultdict(dict)
    scores = Score.objects.filter(measurement__in=measurements.values("pk")).values_list(
        "measurement_id", "domain_id", "level"
    )
    for measurement_id, domain_id, level in scores:
        levels[measurement_id][domain_id] = level

    pairs = {}
    groups: dict[tuple[int, bool], list[int]] = defaultdict(list)
    for trajectory_id, (product_id, end) in members.items():
        is_closed = end is not None and end <= cut
        found = taken.get(trajectory_id, [])
        nul = next((m for m in found if m[1] == MeasurementKind.NUL), None)
        if is_closed:
            later = next((m for m in found if m[1] == MeasurementKind.EIND), None)
        else:
            later = next((m for m in reversed(found) if m[1] != MeasurementKind.NUL), None)
        pairs[trajectory_id] = (nul, later)
        groups[product_id, is_closed].append(trajectory_id)
    products = []
    for instrument in sorted(instruments.values(), key=lambda i: i.product.code):
        closed_members = groups.get((instrument.product_id, True), [])
        running_members = groups.get((instrument.product_id, False), [])
        if closed_members or running_members:
            products.append(
                ProductCounts(
                    instrument.product,
                    _count(instrument, closed_members, pairs, levels),
                    _count(instrument, running_members, pairs, levels),
                    has_optional=any(not row.mandatory for row in instrument.domains.all()),
                )
            )
    return Figures(municipality=municipality, period=period, products=products, cut=cut)


def _count(instrument, members, pairs, levels) -> GroupCounts:
    rows = list(instrument.domains.all())
    domains = [DomainCounts(row.domain, row.mandatory) for row in rows]
    ladder = LadderCounts() if instrument.uses_ladder else None
    for trajectory_id in members:
        first, later = pairs[trajectory_id]
        at_first = levels.get(first[0], {}) if first else None
        at_later = levels.get(later[0], {}) if later else None
        rose_everywhere, paired_everywhere = True, True
        for counts in domains:
            nul = at_first.get(counts.domain.pk) if at_first is not None else None
            eind = at_later.get(counts.domain.pk) if at_later is not None else None
            if at_first is not None:
                if nul is None:
                    counts.nul_not_scored += 1
                else:
                    counts.nul[nul - 1] += 1
            if at_later is not None:
                if eind is None:
                    counts.eind_not_scored += 1
                else:
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
            start = first[2] if first else None
            end = later[2] if later else None
            if start and end:
                ladder.rungs[start - 1][end - 1] += 1
    return GroupCounts(len(members), domains, ladder)


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
class SectionView:
    """One population of a product as shown: its number, tables and chart."""

    key: str  # "closed" or "running"
    heading: str
    count_label: str
    count: disclosure.Cell
    tables: list[FigureTable]
    chart: list[ChartRow]
    chart_title: str
    svg: str = ""  # the chart, drawn by the page


@dataclass
class ProductView:
    product: Product
    sections: list[SectionView]

    @property
    def closed(self) -> disclosure.Cell:
        return self.sections[0].count

    @property
    def running(self) -> disclosure.Cell:
        return self.sections[1].count


@dataclass
class ReportView:
    municipality: Municipality
    period: Period
    protected: bool
    k: int
    products: list[ProductView]
    level_names: list[tuple[int, str]]
    cut: datetime.date | None = None

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
    cut = data.cut or running_on(data.period)
    return ReportView(
        municipality=data.municipality,
        period=data.period,
        protected=protect,
        k=k,
        products=[
            ProductView(
                product=p.product,
                sections=[
                    _present_group(
                        p, p.closed_group, CLOSED, protect, k, level_names, rung_names, cut
                    ),
                    _present_group(p, p.running, RUNNING, protect, k, level_names, rung_names, cut),
                ],
            )
            for p in data.products
        ],
        level_names=level_names,
        cut=cut,
    )


@dataclass(frozen=True)
class Wording:
    """What the tables of one population are called."""

    key: str
    heading: object
    count_label: object
    nul_label: object
    eind_label: object
    nul_caption: object
    eind_caption: object
    paired_column: object
    rose_caption: object
    all_caption: object
    all_paired_column: object
    rung_caption: object
    rung_note: object
    chart_title: object


CLOSED = Wording(
    key="closed",
    heading=gettext_lazy("Closed in the period"),
    count_label=gettext_lazy("Trajectories closed in the period"),
    nul_label=gettext_lazy("Baseline measurement"),
    eind_label=gettext_lazy("Final measurement"),
    nul_caption=gettext_lazy("Level per domain at the baseline measurement"),
    eind_caption=gettext_lazy("Level per domain at the final measurement"),
    paired_column=gettext_lazy("Clients with a baseline and a final score"),
    rose_caption=gettext_lazy("Clients who rose at least one level, per domain"),
    all_caption=gettext_lazy(
        "Clients who rose at least one level on all %(count)s mandatory domains"
    ),
    all_paired_column=gettext_lazy("Clients with a baseline and a final score on each"),
    rung_caption=gettext_lazy(
        "Participation ladder: rung at the baseline (rows) against the final measurement (columns)"
    ),
    rung_note=gettext_lazy(
        "Only clients with a rung at both the baseline and the final measurement."
    ),
    chart_title=gettext_lazy(
        "Level per domain at the baseline and the final measurement, %(product)s"
    ),
)
RUNNING = Wording(
    key="running",
    heading=gettext_lazy("Running: progress of the clients still in guidance"),
    count_label=gettext_lazy("Trajectories running on %(date)s"),
    nul_label=gettext_lazy("Baseline measurement"),
    eind_label=gettext_lazy("Latest measurement"),
    nul_caption=gettext_lazy("Running trajectories: level per domain at the baseline"),
    eind_caption=gettext_lazy("Running trajectories: level per domain at the latest measurement"),
    paired_column=gettext_lazy("Clients with a baseline and a later score"),
    rose_caption=gettext_lazy(
        "Running trajectories: clients who rose at least one level since the baseline, per domain"
    ),
    all_caption=gettext_lazy(
        "Running trajectories: clients who rose at least one level on all %(count)s "
        "mandatory domains"
    ),
    all_paired_column=gettext_lazy("Clients with a baseline and a later score on each"),
    rung_caption=gettext_lazy(
        "Running trajectories: rung at the baseline (rows) against the latest measurement (columns)"
    ),
    rung_note=gettext_lazy(
        "Only clients with a rung at both the baseline and a later measurement."
    ),
    chart_title=gettext_lazy(
        "Running trajectories: level per domain at the baseline and the latest measurement, "
        "%(product)s"
    ),
)


def _level_rows(group: GroupCounts, kind: str, has_optional: bool) -> list[list[int]]:
    """Per domain the levels 1-5, then, where the product has optional domains, the number
    not scored (so the row total is everyone measured)."""
    rows = []
    for d in group.domains:
        row = list(getattr(d, kind))
        if has_optional:
            row.append(getattr(d, f"{kind}_not_scored"))
        rows.append(row)
    return rows


def _present_group(
    counts: ProductCounts,
    group: GroupCounts,
    words: Wording,
    protect,
    k,
    level_names,
    rung_names,
    cut: datetime.date,
) -> SectionView:
    """The tables of one population. Its totals (the number in it, the row totals of both
    level tables, the numbers paired, and with the ladder the number paired on each domain and
    the total of the rung table) pass :func:`disclosure.linked` together: no two shown differ
    by a small count."""
    code = f"{slugify(counts.product.code)}-{words.key}"
    names = [d.domain.name for d in group.domains]
    n = len(group.domains)
    level_rows = {
        kind: _level_rows(group, kind, counts.has_optional)
        for kind in (MeasurementKind.NUL, MeasurementKind.EIND)
    }
    totals = [group.size]
    totals += [sum(row) for row in level_rows[MeasurementKind.NUL]]
    totals += [sum(row) for row in level_rows[MeasurementKind.EIND]]
    totals += [d.paired for d in group.domains]
    if group.ladder is not None:
        totals += [group.ladder.paired_all, sum(map(sum, group.ladder.rungs))]
    linked = disclosure.linked(totals, protect=protect, k=k)
    size = linked[0]
    row_total = {
        MeasurementKind.NUL: linked[1 : 1 + n],
        MeasurementKind.EIND: linked[1 + n : 1 + 2 * n],
    }
    paired = linked[1 + 2 * n : 1 + 3 * n]

    level_heads = [f"{number} {name}" for number, name in level_names]
    if counts.has_optional:
        level_heads.append(_("Not scored"))
        total_head = _("Measured")
    else:
        total_head = _("Scored")
    width = len(level_heads)
    structural = [
        (r, len(LEVELS)) for r, d in enumerate(group.domains) if counts.has_optional and d.mandatory
    ]
    moments = {}
    tables = []
    for kind, label, caption in [
        (MeasurementKind.NUL, words.nul_label, words.nul_caption),
        (MeasurementKind.EIND, words.eind_label, words.eind_caption),
    ]:
        safe = disclosure.table(
            level_rows[kind],
            protect=protect,
            k=k,
            row_totals=True,
            structural_zeros=structural,
            hidden=[
                (r, width)
                for r, cell in enumerate(row_total[kind])
                if cell.state == disclosure.SECONDARY
            ],
        )
        moments[kind] = (str(label), safe)
        tables.append(
            FigureTable(
                key=f"{code}-{kind}",
                caption=str(caption),
                corner=_("Domain"),
                columns=[*level_heads, total_head],
                rows=[(name, safe.row_with_total(i)) for i, name in enumerate(names)],
            )
        )
    rose_columns = [str(words.paired_column), _("Share that rose")]
    if not protect:
        rose_columns.insert(1, _("Rose at least one level"))
    rose_rows = []
    for d, base in zip(group.domains, paired, strict=True):
        cells = [base, _share(d.rose, d.paired, base, protect, k)]
        if not protect:
            cells.insert(1, disclosure.count(d.rose, protect=False, k=k))
        rose_rows.append((d.domain.name, cells))
    tables.append(
        FigureTable(
            key=f"{code}-rose",
            caption=str(words.rose_caption),
            corner=_("Domain"),
            columns=rose_columns,
            rows=rose_rows,
        )
    )
    if group.ladder is not None:
        tables.extend(
            _present_ladder(counts, group, words, code, protect, k, rung_names, linked[1 + 3 * n :])
        )
    chart = []
    for i, name in enumerate(names):
        bars = []
        for kind in (MeasurementKind.NUL, MeasurementKind.EIND):
            label, safe = moments[kind]
            shown = safe.row_is_complete(i)
            levels = [c.value for c in safe.rows[i][: len(LEVELS)]]
            bars.append((label, levels if shown else None))
        chart.append(ChartRow(name, bars))
    return SectionView(
        key=words.key,
        heading=str(words.heading),
        count_label=str(words.count_label) % {"date": date_format(cut, "j F Y")},
        count=size,
        tables=tables,
        chart=chart,
        chart_title=str(words.chart_title) % {"product": counts.product.name},
    )


def _share(numerator: int, base: int, base_cell: disclosure.Cell, protect, k):
    """The share, none where its base is hidden (the share would hint at the base)."""
    if protect and base_cell.hidden:
        return disclosure.Share(None, _("the number of clients is hidden"))
    return disclosure.share(numerator, base, protect=protect, k=k)


def _present_ladder(
    counts: ProductCounts, group: GroupCounts, words: Wording, code, protect, k, rung_names, linked
) -> list[FigureTable]:
    ladder = group.ladder
    paired_all, rung_total = linked
    mandatory = sum(d.mandatory for d in group.domains)
    all_domains = FigureTable(
        key=f"{code}-all",
        caption=str(words.all_caption) % {"count": mandatory},
        corner=_("Product"),
        columns=[str(words.all_paired_column), _("Share that rose")],
        rows=[
            (
                counts.product.name,
                [
                    paired_all,
                    _share(ladder.rose_all, ladder.paired_all, paired_all, protect, k),
                ],
            )
        ],
    )
    if not protect:
        all_domains.columns.insert(1, _("Rose on each"))
        all_domains.rows[0][1].insert(1, disclosure.count(ladder.rose_all, protect=False, k=k))
    safe = disclosure.table(
        ladder.rungs,
        protect=protect,
        k=k,
        row_totals=True,
        column_totals=True,
        hidden=[(len(RUNGS), len(RUNGS))] if rung_total.state == disclosure.SECONDARY else [],
    )
    rows = [
        (f"{rung} {rung_names.get(rung, '')}".strip(), safe.row_with_total(i))
        for i, rung in enumerate(RUNGS)
    ]
    rows.append((_("Total"), [*safe.column_totals, safe.total]))
    rungs = FigureTable(
        key=f"{code}-rungs",
        caption=str(words.rung_caption),
        corner=_("Rung at the baseline"),
        columns=[*(str(r) for r in RUNGS), _("Total")],
        rows=rows,
        notes=[str(words.rung_note)],
    )
    return [all_domains, rungs]
