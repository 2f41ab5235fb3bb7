import datetime

import pytest

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
