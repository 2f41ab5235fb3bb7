import calendar
import datetime

import pytest
from django.utils.translation import gettext as _

from tests.measurements.helpers import all_at
from wegwijs.core.errors import DomainError
from wegwijs.core.models import AuditEntry
from wegwijs.measurements.constants import MeasurementKind
from wegwijs.measurements.models import Measurement
from wegwijs.measurements.selectors import due_measurements, schedule
from wegwijs.measurements.services import record_measurement
from wegwijs.trajectories import services as trajectory_services

D = datetime.date
NUL_DATE = D(2019, 4, 20)


def record(trajectory, actor, kind=MeasurementKind.NUL, date=NUL_DATE, **kwargs):
    scores = kwargs.pop("scores", None) or all_at(trajectory, 2)
    return record_measurement(
        trajectory=trajectory, kind=kind, date=date, scores=scores, actor=actor, **kwargs
    )


@pytest.mark.django_db
def test_vip18_schedule(open_trajectory):
    trajectory = open_trajectory("VIP18", start=D(2019, 4, 1))
    assert trajectory.planned_end_date == D(2020, 10, 1)
    planned = schedule(trajectory)
    assert [(p.kind, p.due) for p in planned] == [
        ("nul", D(2019, 5, 1)),
        ("tussen", D(2020, 1, 1)),  # 9 of 18 months
        ("eind", D(2020, 10, 1)),
    ]
    assert all(p.done is None for p in planned)


@pytest.mark.django_db
def test_vi8_has_no_tussenmeting(open_trajectory):
    trajectory = open_trajectory("VI8")
    assert [p.kind for p in schedule(trajectory)] == ["nul", "eind"]


@pytest.mark.django_db
def test_due_list(open_trajectory, coordinator, vrijwilliger):
    trajectory = open_trajectory("VIP18", start=D(2019, 4, 1))
    rows = due_measurements(coordinator, today=D(2019, 4, 20))
    assert [(t, p.kind) for t, p in rows] == [(trajectory, "nul")]
    assert rows[0][1].overdue(D(2019, 5, 2))
    record(trajectory, coordinator)
    assert due_measurements(coordinator, today=D(2019, 4, 20)) == []
    assert [p.kind for _t, p in due_measurements(coordinator, today=D(2020, 1, 1))] == ["tussen"]
    assert due_measurements(vrijwilliger, today=D(2020, 1, 1)) == []


@pytest.mark.django_db
def test_record_full_measurement_and_audit(open_trajectory, coordinator):
    trajectory = open_trajectory("VIP18")
    measurement = record(trajectory, coordinator, scores=all_at(trajectory, 3, "goed"))
    assert measurement.scores.count() == 6
    entry = AuditEntry.objects.get(object_type="measurements.measurement")
    assert entry.fields == ["by", "date", "kind", "scores"]
    assert "3" not in "".join(entry.fields) and "goed" not in entry.reason


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, message",
    [
        (lambda t, s: s.update(huisvesting=(6, "")), "niveaus 1 tot en met 5"),
        (lambda t, s: s.update(huisvesting=(0, "")), "niveaus 1 tot en met 5"),
        (lambda t, s: s.pop("huisvesting"), "score voor het domein Huisvesting"),
        (lambda t, s: s.update(justitie=(3, "")), "scoort het domein justitie niet"),
        (lambda t, s: s.update(huisvesting=(3, "x" * 301)), "ten hoogste 300"),
    ],
)
def test_scores_outside_the_instrument(open_trajectory, coordinator, change, message):
    trajectory = open_trajectory("VIP18")
    scores = all_at(trajectory, 2)
    change(trajectory, scores)
    with pytest.raises(DomainError, match=message):
        record(trajectory, coordinator, scores=scores)
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_second_nulmeting_refused(open_trajectory, coordinator):
    trajectory = open_trajectory("VIP18")
    record(trajectory, coordinator)
    with pytest.raises(DomainError, match="heeft al een nulmeting"):
        record(trajectory, coordinator, date=D(2019, 5, 1))


@pytest.mark.django_db
def test_eind_before_nul_refused(open_trajectory, coordinator):
    trajectory = open_trajectory("VIP18")
    with pytest.raises(DomainError, match="eerst de nulmeting"):
        record(trajectory, coordinator, kind=MeasurementKind.EIND)
    record(trajectory, coordinator, date=D(2019, 6, 1))
    with pytest.raises(DomainError, match="vóór de nulmeting"):
        record(trajectory, coordinator, kind=MeasurementKind.EIND, date=D(2019, 5, 1))
    record(trajectory, coordinator, kind=MeasurementKind.EIND, date=D(2019, 6, 1))
    with pytest.raises(DomainError, match="heeft al een eindmeting"):
        record(trajectory, coordinator, kind=MeasurementKind.EIND, date=D(2019, 7, 1))


@pytest.mark.django_db
def test_future_date_refused(open_trajectory, coordinator):
    trajectory = open_trajectory("VIP18")
    with pytest.raises(DomainError, match="toekomst"):
        record(trajectory, coordinator, date=datetime.date.today() + datetime.timedelta(days=2))


@pytest.mark.django_db
def test_product_that_does_not_measure(open_trajectory, coordinator):
    trajectory = open_trajectory("TAALCOACH:12m")
    with pytest.raises(DomainError, match="meet geen zelfredzaamheid"):
        record(trajectory, coordinator, scores={"financien": (3, "")})


@pytest.mark.django_db
def test_ladder_rung_where_used(open_trajectory, coordinator):
    vipj = open_trajectory("VIPJ")
    with pytest.raises(DomainError, match="trede van de participatieladder"):
        record(vipj, coordinator)
    assert record(vipj, coordinator, rung=2).rung == 2
    vip = open_trajectory("VIP18")
    with pytest.raises(DomainError, match="gebruikt de participatieladder niet"):
        record(vip, coordinator, rung=2)


@pytest.mark.django_db
def test_closing_as_completed_needs_eindmeting(open_trajectory, coordinator):
    trajectory = open_trajectory("VIP18")
    record(trajectory, coordinator)
    with pytest.raises(DomainError, match="eindmeting in voordat"):
        trajectory_services.close_trajectory(
            trajectory=trajectory, end_date=D(2019, 9, 1), reason="doel_bereikt", actor=coordinator
        )
    record(trajectory, coordinator, kind=MeasurementKind.EIND, date=D(2019, 9, 1))
    closed = trajectory_services.close_trajectory(
        trajectory=trajectory, end_date=D(2019, 9, 1), reason="doel_bereikt", actor=coordinator
    )
    assert closed.is_closed


@pytest.mark.django_db
def test_dropping_out_needs_no_eindmeting(open_trajectory, coordinator):
    trajectory = open_trajectory("VIP18")
    closed = trajectory_services.close_trajectory(
        trajectory=trajectory, end_date=D(2019, 9, 1), reason="uitgevallen", actor=coordinator
    )
    assert closed.is_closed


# --- Rules of the cards (issue 12, points 6 to 9) -------------------------------------------


def _nine_months_after(day: datetime.date) -> datetime.date:
    """facts.md §1: an 18-month product has its tussenmeting about 9 months after the start;
    in a month too short for the day, on its last day."""
    month = day.month + 9
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    return D(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@pytest.mark.django_db
def test_tussenmeting_scheduled_for_every_start_date_of_an_18_month_product(reference):
    from wegwijs.catalog.models import Product
    from wegwijs.trajectories.models import Trajectory
    from wegwijs.trajectories.services import planned_end_date

    vip18 = Product.objects.select_related("instrument").get(code="VIP18")
    tariff = vip18.tariffs.first()
    day, missing = D(2019, 1, 1), []
    while day <= D(2024, 12, 31):
        trajectory = Trajectory(
            product=vip18,
            start_date=day,
            planned_end_date=planned_end_date(product=vip18, tariff=tariff, start_date=day),
        )
        due = {p.kind: p.due for p in schedule(trajectory, [])}
        if due.get(MeasurementKind.TUSSEN) != _nine_months_after(day):
            missing.append(day)
        day += datetime.timedelta(days=1)
    assert missing == []


@pytest.mark.django_db
def test_month_end_start_gets_its_tussenmeting(open_trajectory):
    trajectory = open_trajectory("VIP18", start=D(2019, 3, 31))
    assert trajectory.planned_end_date == D(2020, 9, 30)
    assert [(p.kind, p.due) for p in schedule(trajectory)] == [
        ("nul", D(2019, 4, 30)),
        ("tussen", D(2019, 12, 31)),
        ("eind", D(2020, 9, 30)),
    ]


@pytest.mark.django_db
def test_kinds_of_measurement_per_product_are_data(open_trajectory):
    from wegwijs.measurements.models import ProductInstrument

    kinds = dict(ProductInstrument.objects.values_list("product__code", "kinds"))
    assert kinds["VIP18"] == ["nul", "tussen", "eind"]  # card: "nul-, tussen- en eindmeting"
    assert kinds["VI8"] == ["nul", "eind"]  # card: "nul-, en eindmeting"
    assert kinds["VIPJ"] == ["nul", "eind"]  # facts.md §1: tussenmeting VIP 18 only
    assert [p.kind for p in schedule(open_trajectory("VIPJ"))] == ["nul", "eind"]
    ProductInstrument.objects.filter(product__code="VI8").update(kinds=["nul", "tussen", "eind"])
    vi8 = open_trajectory("VI8", start=D(2019, 4, 1))
    assert [(p.kind, p.due) for p in schedule(vi8)][1] == ("tussen", D(2019, 8, 1))  # 8 / 2


@pytest.mark.django_db
@pytest.mark.parametrize("product", ["VI8", "VIPJ"])
def test_record_measurement_refuses_a_kind_the_product_does_not_have(
    open_trajectory, coordinator, product
):
    trajectory = open_trajectory(product)
    rung = 2 if product == "VIPJ" else None
    record(trajectory, coordinator, rung=rung)
    with pytest.raises(DomainError) as refused:
        record(trajectory, coordinator, kind=MeasurementKind.TUSSEN, date=D(2019, 6, 1), rung=rung)
    assert str(refused.value) == _("This product has no %(kind)s.") % {
        "kind": MeasurementKind.TUSSEN.label
    }
    assert list(trajectory.measurements.values_list("kind", flat=True)) == ["nul"]


@pytest.mark.django_db
def test_measurement_on_a_closed_trajectory_is_refused(open_trajectory, coordinator):
    trajectory = open_trajectory("VIP18")
    record(trajectory, coordinator)
    trajectory_services.close_trajectory(
        trajectory=trajectory, end_date=D(2019, 9, 1), reason="verhuisd", actor=coordinator
    )
    for date in (D(2019, 9, 1), D(2019, 10, 1)):  # on the end date, and a month after it
        with pytest.raises(DomainError) as refused:
            record(trajectory, coordinator, kind=MeasurementKind.EIND, date=date)
        assert str(refused.value) == _("This trajectory is closed: no measurement can be added.")
    assert list(trajectory.measurements.values_list("kind", flat=True)) == ["nul"]


@pytest.fixture
def optional_justitie(reference):
    """VIP 18 with the ZRM domain justitie as an optional domain (data, as the beheerder
    would add it: the card's "in ieder geval" names the six it always scores)."""
    from wegwijs.measurements.models import Domain, ProductDomain, ProductInstrument

    ProductDomain.objects.create(
        instrument=ProductInstrument.objects.get(product__code="VIP18"),
        domain=Domain.objects.get(code="justitie"),
        mandatory=False,
        order=7,
    )


@pytest.mark.django_db
def test_an_optional_domain_may_be_not_scored(optional_justitie, open_trajectory, coordinator):
    trajectory = open_trajectory("VIP18")
    scores = all_at(trajectory, 3)
    scores["justitie"] = (None, "")
    measurement = record(trajectory, coordinator, scores=scores)
    levels = dict(measurement.scores.values_list("domain__code", "level"))
    assert len(levels) == 7 and levels["justitie"] is None and levels["huisvesting"] == 3
    # Left out altogether it is not scored too: one row per domain of the product.
    del scores["justitie"]
    eind = record(trajectory, coordinator, kind=MeasurementKind.EIND, scores=scores)
    assert eind.scores.get(domain__code="justitie").level is None


@pytest.mark.django_db
def test_a_mandatory_domain_cannot_be_not_scored(optional_justitie, open_trajectory, coordinator):
    trajectory = open_trajectory("VIP18")
    scores = all_at(trajectory, 3)
    scores["huisvesting"] = (None, "")
    with pytest.raises(DomainError, match="score voor het domein Huisvesting"):
        record(trajectory, coordinator, scores=scores)
    assert not Measurement.objects.exists()
