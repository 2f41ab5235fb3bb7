"""On a phone, a coördinator registers a client, gets past the duplicate warning for a second
client of the same name and birth date, registers a VIP 18 trajectory for that client and ticks
off the first checklist item: axe-checked and free of sideways scrolling on every page."""

import datetime

import pytest
from django.utils import formats, timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import current_code
from tests.conftest import PASSWORD
from wegwijs.clients.models import Person
from wegwijs.core.models import AuditEntry
from wegwijs.trajectories.models import ChecklistItem, Trajectory


def fill_client_form(page, *, given_names, family_name, born):
    page.get_by_label("Voornamen").fill(given_names)
    page.get_by_label("Achternaam").fill(family_name)
    page.get_by_label("Geboortedatum").fill(born.isoformat())
    page.get_by_label("Woongemeente").select_option(label="Arnhem")
    # VIP 18's target group holds a residence permit (trajectories.eligibility).
    page.get_by_label("Verblijfsvergunning").select_option(label="Asiel bepaalde tijd")
    page.get_by_label("Vergunning geldig vanaf").fill("2025-01-10")
    page.get_by_label("Vergunning verleend op").fill("2025-06-02")


@pytest.mark.django_db(transaction=True)
def test_coordinator_registers_client_past_duplicate_warning_and_opens_vip18_trajectory(
    reference, phone, check_page, coordinator, signed_vip18_contract
):
    page = phone
    device = TOTPDevice.objects.create(user=coordinator, name="authenticator", confirmed=True)
    born = datetime.date(1990, 6, 1)

    page.goto("/account/inloggen/")
    check_page(page)
    page.get_by_label("E-mailadres").fill(coordinator.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/account/tweestaps/**")
    check_page(page)
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Controleren").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    check_page(page)

    # The first client.
    page.locator("nav.main-nav").get_by_role("link", name="Cliënten").click()
    page.wait_for_url("**/clienten/**")
    check_page(page)
    page.get_by_role("link", name="Cliënt registreren").click()
    check_page(page)
    fill_client_form(page, given_names="Amina", family_name="Haddad", born=born)
    page.get_by_role("button", name="Registreren").click()
    page.get_by_role("heading", level=1, name="Amina Haddad").wait_for()
    assert page.get_by_text("Amina Haddad is geregistreerd.").is_visible()
    check_page(page)
    first = Person.objects.get()

    # A second client with the same name and date of birth: warned, confirmed, saved.
    page.locator("nav.main-nav").get_by_role("link", name="Cliënten").click()
    page.get_by_role("heading", level=1, name="Cliënten").wait_for()
    assert page.get_by_role("link", name="Haddad, Amina").is_visible()
    check_page(page)
    page.get_by_role("link", name="Cliënt registreren").click()
    page.wait_for_url("**/clienten/nieuw/")
    check_page(page)
    fill_client_form(page, given_names="Amina", family_name="Haddad", born=born)
    page.get_by_role("button", name="Registreren").click()
    page.get_by_role("heading", name="Mogelijk dubbele dossiers").wait_for()
    assert page.get_by_role("link", name="Amina Haddad").is_visible()
    assert Person.objects.count() == 1
    check_page(page)
    page.get_by_label("dit is een andere persoon").check()
    page.get_by_role("button", name="Registreren").click()
    page.get_by_text("Amina Haddad is geregistreerd.").wait_for()
    second = Person.objects.exclude(pk=first.pk).get()
    assert f"/{second.public_id}/" in page.url
    check_page(page)

    # From the new client's page, a VIP 18 trajectory.
    page.get_by_role("link", name="Traject aanmelden").click()
    page.wait_for_url(f"**/trajecten/nieuw/{second.public_id}/")
    check_page(page)
    page.get_by_label("Product en opdracht").select_option(index=1)
    page.get_by_role("button", name="Registreren").click()
    page.get_by_text("Het traject is aangemeld.").wait_for()
    trajectory = Trajectory.objects.get()
    assert trajectory.person == second
    assert trajectory.product.code == "VIP18"
    assert page.url.endswith(f"/trajecten/{trajectory.public_id}/")
    check_page(page)

    # The first checklist item done, today.
    item = trajectory.checklist_items.select_related("template").order_by("due_date", "pk")[0]
    row = page.get_by_role("row").filter(has_text=item.template.name)
    row.get_by_role("button", name="Gedaan", exact=True).click()
    page.get_by_text("Als gedaan gemarkeerd.").wait_for()
    today = timezone.localdate()
    with translation.override("nl"):
        shown = formats.date_format(today, "SHORT_DATE_FORMAT")
    row = page.get_by_role("row").filter(has_text=item.template.name)
    assert shown in row.inner_text()
    assert not row.get_by_role("button", name="Gedaan", exact=True).count()
    check_page(page)

    item = ChecklistItem.objects.get(pk=item.pk)
    assert (item.done_on, item.done_by) == (today, coordinator)
    assert (
        AuditEntry.objects.filter(
            object_type="clients.person", action="create", actor=coordinator
        ).count()
        == 2
    )
