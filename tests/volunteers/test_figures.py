"""Volunteer figures against one fixed scenario, every expected figure computed by hand.

Team Arnhem (the coordinator persona's):
  A  active  coach + taalcoach  location Noord          begeleider: coordinator
  B  active  coach              locations Noord + Zuid  begeleider: coordinator
  C  active  maatje             no location             no begeleider
  D  paused  coach              location Noord          (not active: not in the counts)
Team Zwolle: E  active  coach   location Zuid           (only the beheerder counts E)

Hours in 2026, in the capacity of volunteer unless said otherwise:
  A  VIP 18 / Arnhem 90 min, Taalcoach / Arnhem 45 min, untied 10 min, VIP 18 / Arnhem in 2025 60
  B  VIP 18 / Arnhem 30 min, VIP 18 / Zwolle 50 min
  C  untied 25 min
  D  VIP 18 / Zwolle 20 min            (paused, but still their hours)
  E  VIP 18 / Arnhem 100 min           (other team)
  the coordinator: VIP 18 / Arnhem 120 min as a professional (never counts)
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import verified_login
from wegwijs.clients.factories import PersonFactory
from wegwijs.organisation.factories import LocationFactory
from wegwijs.trajectories.constants import HoursActivity, HoursCapacity
from wegwijs.trajectories.models import TimeEntry
from wegwijs.volunteers import figures
from wegwijs.volunteers.constants import VolunteerStatus
from wegwijs.volunteers.factories import VolunteerProfileFactory
from wegwijs.volunteers.figures import CountRow, hours_from_minutes
from wegwijs.volunteers.models import VolunteerRole


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC), tick=False)


def profile(team, roles, locations, *, begeleider=None, status=VolunteerStatus.ACTIVE):
    made = VolunteerProfileFactory(
        user__teams=[team],
        roles=[VolunteerRole.objects.get(code=code) for code in roles],
        begeleider=begeleider,
        status=status,
    )
    made.locations.add(*locations)
    return made


def hours(user, minutes, *, trajectory=None, day=datetime.date(2026, 3, 2), capacity=None):
    TimeEntry.objects.create(
        by=user,
        capacity=capacity or HoursCapacity.VOLUNTEER,
        date=day,
        minutes=minutes,
        activity=HoursActivity.CLIENT if trajectory else HoursActivity.TRAINING,
        trajectory=trajectory,
    )


@pytest.fixture
def scenario(reference, team, other_team, coordinator, open_trajectory, arnhem, other_municipality):
    noord = LocationFactory(name="Vestiging Noord", municipality=arnhem)
    zuid = LocationFactory(name="Vestiging Zuid", municipality=arnhem)
    a = profile(team, ["coach", "taalcoach"], [noord], begeleider=coordinator)
    b = profile(team, ["coach"], [noord, zuid], begeleider=coordinator)
    c = profile(team, ["maatje"], [])
    d = profile(team, ["coach"], [noord], status=VolunteerStatus.PAUSED)
    e = profile(other_team, ["coach"], [zuid])
    vip_arnhem = open_trajectory("VIP18", person=PersonFactory(municipality=arnhem))
    taal_arnhem = open_trajectory("TAALCOACH:12m", person=PersonFactory(municipality=arnhem))
    vip_zwolle = open_trajectory("VIP18", person=PersonFactory(municipality=arnhem))
    vip_zwolle.person.municipality = other_municipality
    vip_zwolle.person.save()
    hours(a.user, 90, trajectory=vip_arnhem)
    hours(a.user, 45, trajectory=taal_arnhem)
    hours(a.user, 10)
    hours(a.user, 60, trajectory=vip_arnhem, day=datetime.date(2025, 12, 31))
    hours(b.user, 30, trajectory=vip_arnhem, day=datetime.date(2026, 1, 1))
    hours(b.user, 50, trajectory=vip_zwolle, day=datetime.date(2026, 12, 31))
    hours(c.user, 25)
    hours(d.user, 20, trajectory=vip_zwolle)
    hours(e.user, 100, trajectory=vip_arnhem)
    hours(coordinator, 120, trajectory=vip_arnhem, capacity=HoursCapacity.PROFESSIONAL)
    return {
        "vip": vip_arnhem.product.name,
        "taal": taal_arnhem.product.name,
        "arnhem": arnhem.name,
        "zwolle": other_municipality.name,
    }


def table_of(rows):
    return [(row.product, row.municipality, row.hours) for row in rows]


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(0, "0.0"), (2, "0.0"), (3, "0.1"), (45, "0.8"), (70, "1.2"), (90, "1.5"), (None, "0.0")],
)
def test_hours_have_one_decimal_rounded_half_up(minutes, expected):
    assert hours_from_minutes(minutes) == Decimal(expected)


@pytest.mark.django_db
def test_active_volunteers_per_role_location_and_professional_for_a_coordinator(
    scenario, coordinator
):
    assert figures.active_count(coordinator) == 3
    assert figures.active_per_role(coordinator) == [
        CountRow("Coach", 2),
        CountRow("Maatje", 1),
        CountRow("Taalcoach", 1),
    ]
    assert figures.active_per_location(coordinator) == [
        CountRow("Vestiging Noord", 2),
        CountRow("Vestiging Zuid", 1),
        CountRow(None, 1),
    ]
    assert figures.active_per_begeleider(coordinator) == [
        CountRow(coordinator.full_name, 2),
        CountRow(None, 1),
    ]


@pytest.mark.django_db
def test_the_beheerder_counts_every_team(scenario, beheerder, coordinator):
    assert figures.active_count(beheerder) == 4
    assert figures.active_per_role(beheerder)[0] == CountRow("Coach", 3)
    assert figures.active_per_location(beheerder) == [
        CountRow("Vestiging Noord", 2),
        CountRow("Vestiging Zuid", 2),
        CountRow(None, 1),
    ]
    assert CountRow(None, 2) in figures.active_per_begeleider(beheerder)


@pytest.mark.django_db
def test_volunteer_hours_per_product_and_municipality_for_a_coordinator(scenario, coordinator):
    table = figures.hours_per_product_and_municipality(coordinator, year=2026)
    vip, taal, arnhem, zwolle = (scenario[k] for k in ("vip", "taal", "arnhem", "zwolle"))
    expected_rows = sorted(
        [
            (vip, arnhem, Decimal("2.0")),  # 90 + 30
            (vip, zwolle, Decimal("1.2")),  # 50 + 20 = 70
            (taal, arnhem, Decimal("0.8")),  # 45
        ]
    ) + [(None, None, Decimal("0.6"))]  # 10 + 25 = 35, untied, last
    assert table_of(table.rows) == expected_rows
    # From the minutes (270), not from the rounded rows (which add up to 4.6).
    assert table.hours == Decimal("4.5")
    assert table_of(table.per_product) == sorted(
        [(vip, None, Decimal("3.2")), (taal, None, Decimal("0.8"))]  # 190, 45
    ) + [(None, None, Decimal("0.6"))]
    assert table_of(table.per_municipality) == sorted(
        [(None, arnhem, Decimal("2.8")), (None, zwolle, Decimal("1.2"))],  # 165, 70
        key=lambda row: row[1],
    )


@pytest.mark.django_db
def test_the_beheerder_sees_all_volunteer_hours_but_never_professional_ones(scenario, beheerder):
    table = figures.hours_per_product_and_municipality(beheerder, year=2026)
    assert (scenario["vip"], scenario["arnhem"], Decimal("3.7")) in table_of(table.rows)  # 220
    assert table.hours == Decimal("6.2")  # 370


@pytest.mark.django_db
def test_another_year_has_its_own_hours(scenario, coordinator):
    table = figures.hours_per_product_and_municipality(coordinator, year=2025)
    assert table_of(table.rows) == [(scenario["vip"], scenario["arnhem"], Decimal("1.0"))]
    assert figures.hours_per_product_and_municipality(coordinator, year=2024).rows == []


@pytest.mark.django_db
def test_each_figure_is_one_query(scenario, coordinator, django_assert_num_queries):
    for selector in (
        figures.active_count,
        figures.active_per_role,
        figures.active_per_location,
        figures.active_per_begeleider,
    ):
        with django_assert_num_queries(1):
            selector(coordinator)
    with django_assert_num_queries(1):
        figures.hours_per_product_and_municipality(coordinator, year=2026)


@pytest.mark.django_db
def test_figures_page_shows_the_scenario_in_dutch(client, scenario, coordinator):
    verified_login(client, coordinator)
    response = client.get(reverse("volunteers:figures"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "3 actieve vrijwilligers." in page
    assert "Niet aan een traject gekoppeld" in page
    assert "Geen verantwoordelijk begeleider" in page
    assert "<strong>4,5</strong>" in page
    assert "0,8" in page


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["abc", "1800", "99999", "2028"])
def test_invalid_year_is_a_form_error(client, scenario, coordinator, year):
    verified_login(client, coordinator)
    response = client.get(reverse("volunteers:figures"), {"year": year})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="errorlist"' in page
    assert "Totaal" not in page
    assert "3 actieve vrijwilligers." in page


@pytest.mark.django_db
def test_chosen_year(client, scenario, coordinator):
    verified_login(client, coordinator)
    page = client.get(reverse("volunteers:figures"), {"year": "2025"}).content.decode()
    assert "<strong>1,0</strong>" in page


@pytest.mark.django_db
def test_page_query_count_does_not_grow(
    client, scenario, coordinator, team, open_trajectory, arnhem
):
    verified_login(client, coordinator)
    url = reverse("volunteers:figures")
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    trajectory = open_trajectory("VIP18", person=PersonFactory(municipality=arnhem))
    for n in range(5):
        extra = profile(team, ["coach", "maatje"], [LocationFactory(municipality=arnhem)])
        hours(extra.user, 15 + n, trajectory=trajectory)
        hours(extra.user, 5)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()
    assert "8 actieve vrijwilligers." in page
    assert len(large) == len(small)
