"""Reading measurements: the derived schedule, the due list and a client's progress.

Every query starts from ``Trajectory.objects.visible_to(user)`` (ARCHITECTURE.md rule 2).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from wegwijs.core.periods import add_months
from wegwijs.measurements.constants import MeasurementKind
from wegwijs.measurements.models import Measurement, ProductDomain, ProductInstrument, Score
from wegwijs.trajectories.models import Trajectory

DUE_DAYS = 14


@dataclass(frozen=True)
class Planned:
    """One measurement of the schedule: its kind, due date and the one entered (if any)."""

    kind: str
    due: datetime.date | None
    done: Measurement | None

    @property
    def label(self):
        return MeasurementKind(self.kind).label

    def overdue(self, today: datetime.date) -> bool:
        return self.done is None and self.due is not None and self.due < today


def instrument_of(product) -> ProductInstrument | None:
    try:
        return product.instrument
    except ProductInstrument.DoesNotExist:
        return None


def duration_months(product) -> Decimal | None:
    """The product's duration from its card (typical, else maximum): VIP 18 18 months."""
    return product.duration_months or product.max_duration_months


def schedule(trajectory, measurements=None) -> list[Planned]:
    """The product's kinds of measurement with their due dates (derived, never stored):
    nulmeting a month after the start, tussenmeting (where the product has one) half the
    product's duration after the start, eindmeting on the planned end date.

    The tussenmeting follows from the product's settings and duration, never from counting the
    months between two dates: 31 March plus 18 months is clamped to 30 September, which a
    count makes 17 months."""
    instrument = instrument_of(trajectory.product)
    if instrument is None:
        return []
    if measurements is None:
        measurements = list(trajectory.measurements.all())
    done = {m.kind: m for m in measurements if m.kind != MeasurementKind.TUSSEN}
    tussen = [m for m in measurements if m.kind == MeasurementKind.TUSSEN]
    start = trajectory.start_date
    planned = [Planned(MeasurementKind.NUL, add_months(start, 1), done.get(MeasurementKind.NUL))]
    if instrument.has_kind(MeasurementKind.TUSSEN):
        months = duration_months(trajectory.product)
        halfway = add_months(start, Decimal(months) / 2) if months else None
        planned.append(Planned(MeasurementKind.TUSSEN, halfway, tussen[0] if tussen else None))
    planned.append(
        Planned(MeasurementKind.EIND, trajectory.planned_end_date, done.get(MeasurementKind.EIND))
    )
    return planned


def due_measurements(user, *, today: datetime.date | None = None, days: int = DUE_DAYS):
    """Measurements of visible open trajectories that are overdue or due within ``days``, as
    (trajectory, planned) pairs; two queries whatever the number of trajectories."""
    today = today or timezone.localdate()
    trajectories = (
        Trajectory.objects.visible_to(user)
        .open()
        .for_list()
        .filter(product__instrument__isnull=False)
        .select_related("product__instrument")
        .prefetch_related("measurements")
    )
    horizon = today + datetime.timedelta(days=days)
    rows = []
    for trajectory in trajectories:
        for planned in schedule(trajectory, list(trajectory.measurements.all())):
            if planned.done is None and planned.due is not None and planned.due <= horizon:
                rows.append((trajectory, planned))
    rows.sort(key=lambda row: (row[1].due, row[0].pk))
    return rows


def product_domains(product) -> list[ProductDomain]:
    return list(ProductDomain.objects.filter(instrument__product=product).select_related("domain"))


def measurements_with_scores(trajectory) -> list[Measurement]:
    return list(
        trajectory.measurements.select_related("by").prefetch_related(
            Prefetch("scores", queryset=Score.objects.select_related("domain"))
        )
    )


def progress(trajectory, domains=None, measurements=None):
    """Per domain the list of (measurement, level or None), in measurement order."""
    domains = product_domains(trajectory.product) if domains is None else domains
    measurements = measurements_with_scores(trajectory) if measurements is None else measurements
    levels = {m.pk: {s.domain_id: s.level for s in m.scores.all()} for m in measurements}
    return [
        (row.domain, [(m, levels[m.pk].get(row.domain_id)) for m in measurements])
        for row in domains
    ]


def schedule_for(trajectory) -> list[Planned] | None:
    """The schedule of a trajectory whose product measures, else None (trajectory pages)."""
    if instrument_of(trajectory.product) is None:
        return None
    return schedule(trajectory)


def progress_chart(trajectory) -> str:
    """The progress SVG of a trajectory whose product measures, else "" (end report)."""
    from django.utils.translation import gettext

    from wegwijs.measurements.charts import progress_svg

    if instrument_of(trajectory.product) is None:
        return ""
    return progress_svg(progress(trajectory), title=gettext("Self-sufficiency per domain"))
