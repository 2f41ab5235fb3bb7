"""On a tablet, a coördinator enters the nulmeting of a VIP 18 trajectory on one screen (a
level per domain, chosen by clicking the labelled choices and, for one domain, with the
keyboard), saves once and sees the measurement and its chart; then reads the self-sufficiency
report of the municipality. Every page is axe-checked."""

import re

import pytest
from django.utils import timezone

from tests.browser.conftest import log_in
from wegwijs.clients.factories import PersonFactory
from wegwijs.measurements.models import Measurement
from wegwijs.measurements.services import record_measurement
from wegwijs.organisation.models import Municipality
from wegwijs.trajectories import services as trajectory_services

# Level per domain, as the coördinator clicks them (Huisvesting is chosen with the keyboard).
CHOSEN = {
    "Financiën": "2 Niet zelfredzaam",
    "Sociaal netwerk": "3 Beperkt zelfredzaam",
    "Tijdsbesteding": "4 Voldoende zelfredzaam",
    "Werk en opleiding": "1 Acute problematiek",
    "Maatschappelijke participatie": "5 Volledig zelfredzaam",
}
EXPECTED = {
    "huisvesting": 2,
    "financien": 2,
    "sociaal-netwerk": 3,
    "tijdsbesteding": 4,
    "werk-en-opleiding": 1,
    "maatschappelijke-participatie": 5,
}


@pytest.fixture
def vip18_trajectory(signed_vip18_contract, coordinator):
    arnhem = Municipality.objects.get(cbs_code="GM0202")
    person = PersonFactory(municipality=arnhem, given_names="Amina", family_name="Haddad")
    return trajectory_services.open_trajectory(
        person=person,
        contract_line=signed_vip18_contract.lines.get(),
        start_date=timezone.localdate(),
        responsible=coordinator,
        actor=coordinator,
    )


@pytest.mark.django_db(transaction=True)
def test_coordinator_enters_a_nulmeting_on_one_screen_and_sees_the_chart(
    tablet, check_page, coordinator, vip18_trajectory
):
    page = tablet
    log_in(page, coordinator)
    check_page(page)

    page.goto(f"/trajecten/{vip18_trajectory.public_id}/")
    page.get_by_role("link", name="Meting invoeren").first.click()
    page.wait_for_url(f"**/metingen/{vip18_trajectory.public_id}/nieuw/")
    page.get_by_role("heading", level=1, name=re.compile("Meting van Amina Haddad")).wait_for()
    check_page(page)
    assert page.get_by_role("combobox", name=re.compile("^Meting")).input_value() == "nul"

    # Huisvesting with the keyboard: into the group, then the arrow key to level 2.
    housing = page.get_by_role("group", name="Huisvesting")
    housing.get_by_role("radio").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    assert housing.get_by_role("radio", name=re.compile("^2 Niet zelfredzaam")).is_checked()
    # The other five by clicking the text of the choice.
    for domain, level in CHOSEN.items():
        group = page.get_by_role("group", name=domain, exact=True)
        group.locator("label").filter(has_text=re.compile(f"^{level}")).click()
        assert group.get_by_role("radio", name=re.compile(f"^{level}")).is_checked()
    page.get_by_role("button", name="Meting opslaan").click()

    page.wait_for_url(f"**/metingen/{vip18_trajectory.public_id}/")
    page.get_by_text("De meting is opgeslagen.").wait_for()
    assert page.get_by_role("img", name="Zelfredzaamheid per domein").is_visible()
    scores = page.get_by_role("table", name="Scores per domein")
    assert scores.get_by_role("row", name=re.compile("^Werk en opleiding 1")).is_visible()
    assert scores.get_by_role("row", name=re.compile("^Maatschappelijke participatie 5")).count()
    check_page(page)

    measurement = Measurement.objects.get(trajectory=vip18_trajectory)
    assert (measurement.kind, measurement.date, measurement.by) == (
        "nul",
        timezone.localdate(),
        coordinator,
    )
    assert {s.domain.code: s.level for s in measurement.scores.all()} == EXPECTED


@pytest.mark.django_db(transaction=True)
def test_coordinator_reads_the_self_sufficiency_report(
    tablet, check_page, coordinator, vip18_trajectory
):
    today = timezone.localdate()
    levels = {code: (level, "") for code, level in EXPECTED.items()}
    for kind in ("nul", "eind"):
        record_measurement(
            trajectory=vip18_trajectory, kind=kind, date=today, scores=levels, actor=coordinator
        )
    trajectory_services.close_trajectory(
        trajectory=vip18_trajectory, end_date=today, reason="doel_bereikt", actor=coordinator
    )
    page = tablet
    log_in(page, coordinator)
    check_page(page)
    page.locator("nav.main-nav").get_by_role("link", name="Zelfredzaamheidscijfers").click()
    page.get_by_role("heading", level=1, name="Zelfredzaamheid per gemeente").wait_for()
    check_page(page)
    page.get_by_label("Gemeente").select_option(label="Arnhem")
    page.get_by_label("Jaar").select_option(str(today.year))
    page.get_by_role("button", name="Tonen").click()
    page.get_by_role("heading", level=2, name=f"Arnhem, {today.year}").wait_for()
    table = page.get_by_role("table", name="Niveau per domein bij de eindmeting")
    assert table.get_by_role("row", name=re.compile("^Huisvesting 0 1 0 0 0 1$")).count() == 1
    assert page.get_by_role("img", name=re.compile("^Niveau per domein")).is_visible()
    assert "Haddad" not in page.content()
    check_page(page)
