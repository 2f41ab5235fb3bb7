"""On a phone (360 x 740), a volunteer logs in, finds their one client on Mijn werk, logs a
contact moment and registers 1,5 hours: axe-checked and free of sideways scrolling on every
page."""

import pytest
from django.utils import formats, timezone, translation

from tests.browser.conftest import log_in
from wegwijs.clients.factories import PersonFactory
from wegwijs.organisation.models import Municipality
from wegwijs.trajectories import services
from wegwijs.trajectories.constants import AssignmentRole, HoursCapacity
from wegwijs.trajectories.models import ContactMoment, TimeEntry
from wegwijs.volunteers.factories import VolunteerProfileFactory


@pytest.fixture
def assigned_client(signed_vip18_contract, coordinator, vrijwilliger):
    """A VIP 18 trajectory of this year with the volunteer as coach, and a client of someone
    else's that must not show."""
    today = timezone.localdate()
    arnhem = Municipality.objects.get(cbs_code="GM0202")
    line = signed_vip18_contract.lines.get()
    VolunteerProfileFactory(user=vrijwilliger)
    mine, _other = (
        services.open_trajectory(
            person=PersonFactory(municipality=arnhem, given_names=given, family_name=family),
            contract_line=line,
            start_date=today,
            responsible=coordinator,
            actor=coordinator,
        )
        for given, family in [("Yonas", "Tesfay"), ("Anders", "Zichtbaar")]
    )
    services.assign_volunteer(
        trajectory=mine, volunteer=vrijwilliger, role=AssignmentRole.COACH, actor=coordinator
    )
    return mine


@pytest.mark.django_db(transaction=True)
def test_volunteer_logs_a_contact_and_registers_hours_on_a_phone(
    phone, check_page, vrijwilliger, assigned_client
):
    page = phone
    with translation.override("nl"):
        today = formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT")

    log_in(page, vrijwilliger)
    check_page(page)

    # Mijn werk is the first entry of the menu.
    menu = page.locator("nav.main-nav").get_by_role("link")
    assert menu.first.inner_text() == "Mijn werk"
    menu.first.click()
    page.get_by_role("heading", level=1, name="Mijn werk").wait_for()
    check_page(page)

    # One client: theirs, and no one else's.
    cards = page.locator(".work-card")
    assert cards.count() == 1
    card = cards.first
    assert card.get_by_role("heading", level=3, name="Yonas Tesfay").is_visible()
    assert "Zichtbaar" not in page.content()
    assert "Laatste contactmoment: nog geen" in card.inner_text()

    # A contact moment, from the card.
    card.get_by_text("Contactmoment vastleggen", exact=True).click()
    card.get_by_label("Duur (minuten)").fill("45")
    card.get_by_label("Vorm").select_option(label="huisbezoek")
    card.get_by_label("Korte notitie").fill("Post doorgenomen")
    check_page(page)
    card.get_by_role("button", name="Contactmoment opslaan").click()
    page.get_by_text("Het contactmoment is opgeslagen.").wait_for()
    assert page.url.endswith("/trajecten/mijn-werk/")
    assert f"Laatste contactmoment: {today}" in page.locator(".work-card").first.inner_text()
    check_page(page)

    # 1,5 hours for this client.
    hours = page.locator("#uren")
    hours.get_by_label("Tijd (uren)").fill("1,5")
    hours.get_by_label("Cliënt (optioneel)").select_option(index=1)
    hours.get_by_role("button", name="Uren opslaan").click()
    page.get_by_text("1:30 uur geregistreerd.").wait_for()
    total = page.locator("#uren .month-total")
    assert total.inner_text() == "Vrijwilligersuren: 1:30 uur"
    assert "Yonas Tesfay" in page.locator("#uren .hours-list").inner_text()
    check_page(page)

    moment = ContactMoment.objects.get()
    assert (moment.trajectory, moment.by, moment.duration_minutes, moment.form) == (
        assigned_client,
        vrijwilliger,
        45,
        "home_visit",
    )
    entry = TimeEntry.objects.get()
    assert (entry.by, entry.minutes, entry.capacity, entry.trajectory) == (
        vrijwilliger,
        90,
        HoursCapacity.VOLUNTEER,
        assigned_client,
    )
