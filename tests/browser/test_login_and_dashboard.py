"""A coördinator logs in with password and code, switches language and sees the dashboard."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import PHONE, current_code, log_in
from tests.conftest import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_coordinator_logs_in_switches_language_and_sees_dashboard(
    page, assert_accessible, coordinator
):
    device = TOTPDevice.objects.create(user=coordinator, name="authenticator", confirmed=True)

    page.goto("/")
    assert "/account/inloggen/" in page.url
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill(coordinator.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.wait_for_url("**/account/tweestaps/**")
    assert_accessible(page)
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Controleren").click()

    page.wait_for_url(lambda url: url.endswith("/"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welkom")
    assert page.get_by_role("heading", name="Caseload van mijn teams").is_visible()
    assert_accessible(page)

    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Wisselen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Caseload of my teams").is_visible()
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_dashboard_fits_a_phone_screen(phone, assert_accessible, vrijwilliger):
    page = phone
    log_in(page, vrijwilliger)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width}px wide on a 360px screen"
    assert page.get_by_role("heading", name="Mijn cliënten").is_visible()
    assert_accessible(page)
