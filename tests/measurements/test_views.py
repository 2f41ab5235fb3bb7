"""Measurement pages: one screen and one save, scoping per persona, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import verified_login
from tests.measurements.helpers import SIX, all_at
from wegwijs.measurements.constants import MeasurementKind
from wegwijs.measurements.models import Measurement
from wegwijs.measurements.services import record_measurement
from wegwijs.trajectories import services
from wegwijs.trajectories.constants import AssignmentRole

D = datetime.date


@pytest.fixture
def trajectory(open_trajectory):
    return open_trajectory("VIP18")


def post_data(level=3, **extra):
    data = {"kind": "nul", "date": "2019-04-20"}
    for code in SIX:
        data[f"level_{code}"] = str(level)
        data[f"note_{code}"] = ""
    data.update(extra)
    return data


def test_entry_screen_shows_every_domain_with_labelled_levels(client, coordinator, trajectory):
    verified_login(client, coordinator)
    body = client.get(reverse("measurements:record", args=[trajectory.public_id])).content
    body = body.decode()
    assert body.count("<fieldset") == 6
    assert body.count('type="radio"') == 30
    assert "Dakloos of acute huisuitzetting" in body
    assert "Geen eerdere score" in body or "No previous score" in body


def test_one_save_records_the_whole_measurement(client, coordinator, trajectory):
    verified_login(client, coordinator)
    url = reverse("measurements:record", args=[trajectory.public_id])
    response = client.post(url, post_data())
    assert response.status_code == 302
    measurement = Measurement.objects.get(trajectory=trajectory)
    assert measurement.kind == "nul" and measurement.by == coordinator
    assert sorted(measurement.scores.values_list("level", flat=True)) == [3] * 6
    # The previous score now shows beside each domain.
    body = client.get(url).content.decode()
    assert body.count("20-4-2019") >= 6


def test_a_refused_measurement_shows_the_message(client, coordinator, trajectory):
    verified_login(client, coordinator)
    url = reverse("measurements:record", args=[trajectory.public_id])
    response = client.post(url, post_data(date="2019-03-01"))
    assert response.status_code == 200
    assert not Measurement.objects.exists()
    assert "alert" in response.content.decode()


def test_progress_chart(client, coordinator, trajectory):
    for kind, date, level in [("nul", D(2019, 4, 20), 2), ("eind", D(2019, 9, 1), 4)]:
        record_measurement(
            trajectory=trajectory,
            kind=kind,
            date=date,
            scores=all_at(trajectory, level),
            actor=coordinator,
        )
    verified_login(client, coordinator)
    body = client.get(reverse("measurements:progress", args=[trajectory.public_id]))
    body = body.content.decode()
    assert "<svg" in body and body.count("<circle") == 12
    assert "Huisvesting" in body


def test_volunteer_views_but_does_not_record(client, coordinator, vrijwilliger, trajectory):
    verified_login(client, vrijwilliger)
    progress = reverse("measurements:progress", args=[trajectory.public_id])
    assert client.get(progress).status_code == 404
    services.assign_volunteer(
        trajectory=trajectory, volunteer=vrijwilliger, role=AssignmentRole.COACH, actor=coordinator
    )
    assert client.get(progress).status_code == 200
    record = reverse("measurements:record", args=[trajectory.public_id])
    assert client.post(record, post_data()).status_code == 403
    assert not Measurement.objects.exists()


def test_other_team_gets_404(client, other_coordinator, trajectory):
    verified_login(client, other_coordinator)
    for name in ["measurements:progress", "measurements:record"]:
        assert client.get(reverse(name, args=[trajectory.public_id])).status_code == 404


def test_product_that_does_not_measure_gets_404(client, coordinator, open_trajectory):
    verified_login(client, coordinator)
    other = open_trajectory("TAALCOACH:12m")
    assert client.get(reverse("measurements:record", args=[other.public_id])).status_code == 404


def count(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_query_counts_do_not_grow(client, coordinator, trajectory):
    verified_login(client, coordinator)
    record_url = reverse("measurements:record", args=[trajectory.public_id])
    progress_url = reverse("measurements:progress", args=[trajectory.public_id])
    record_measurement(
        trajectory=trajectory,
        kind="nul",
        date=D(2019, 4, 20),
        scores=all_at(trajectory, 2),
        actor=coordinator,
    )
    before = (count(client, record_url), count(client, progress_url))
    for month in (5, 6, 7):
        record_measurement(
            trajectory=trajectory,
            kind=MeasurementKind.TUSSEN,
            date=D(2019, month, 1),
            scores=all_at(trajectory, 3),
            actor=coordinator,
        )
    after = (count(client, record_url), count(client, progress_url))
    assert before == after
    print("query counts (record, progress):", after)


def test_deadlines_and_detail_show_the_measurements(client, coordinator, trajectory):
    verified_login(client, coordinator)
    body = client.get(reverse("trajectories:deadlines")).content.decode()
    assert "measurements-due-title" in body and "nulmeting" in body
    body = client.get(reverse("trajectories:detail", args=[trajectory.public_id])).content
    body = body.decode()
    assert reverse("measurements:record", args=[trajectory.public_id]) in body
    assert "1-5-2019" in body  # nulmeting due a month after the start


def test_end_report_embeds_the_progress_chart(client, coordinator, trajectory):
    from tests.trajectories.conftest import pdf_text

    record_measurement(
        trajectory=trajectory,
        kind="nul",
        date=D(2019, 4, 20),
        scores=all_at(trajectory, 2),
        actor=coordinator,
    )
    verified_login(client, coordinator)
    response = client.get(reverse("trajectories:end_report", args=[trajectory.public_id]))
    assert response.status_code == 200
    assert "Zelfredzaamheid" in pdf_text(response.content)


def test_a_domain_not_scored_shows_no_previous_level(client, coordinator, trajectory):
    from wegwijs.measurements.models import Domain, ProductDomain

    ProductDomain.objects.create(
        instrument=trajectory.product.instrument,
        domain=Domain.objects.get(code="justitie"),
        mandatory=False,
        order=7,
    )
    scores = all_at(trajectory, 3)
    scores["justitie"] = (None, "")
    record_measurement(
        trajectory=trajectory, kind="nul", date=D(2019, 4, 20), scores=scores, actor=coordinator
    )
    verified_login(client, coordinator)
    body = client.get(reverse("measurements:record", args=[trajectory.public_id])).content
    body = body.decode()
    assert body.count("<fieldset") == 7
    assert "None" not in body
    assert body.count("20-4-2019") == 6  # a previous score beside the six scored domains


def test_entry_screen_offers_only_the_products_kinds(client, coordinator, open_trajectory):
    vi8 = open_trajectory("VI8")
    verified_login(client, coordinator)
    url = reverse("measurements:record", args=[vi8.public_id])
    body = client.get(url).content.decode()
    assert 'value="nul"' in body and 'value="eind"' in body
    assert 'value="tussen"' not in body
    response = client.post(url, post_data(kind="tussen"))
    assert response.status_code == 200 and 'class="errorlist"' in response.content.decode()
    assert not Measurement.objects.exists()
