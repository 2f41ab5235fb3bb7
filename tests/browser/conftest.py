"""Browser tests: Playwright driving Debian's Chromium, with an axe-core check on every page.

Without /usr/bin/chromium these tests are skipped with that reason, except where
WEGWIJS_REQUIRE_BROWSER=1 (CI), where a missing browser fails the run.
"""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connections
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import reference_snapshot
from tests.conftest import PASSWORD
from wegwijs.catalog.models import PriceList, Tariff
from wegwijs.catalog.services import create_price_list_from
from wegwijs.contracts import services as contract_services
from wegwijs.organisation.models import Municipality

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}
PHONE = {"width": 360, "height": 740}
TABLET = {"width": 820, "height": 1180}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def browser():
    """A fresh Chromium per test. Playwright is stopped after each test, so its event loop
    never outlives the browser tests (Django refuses ORM calls beside a running loop)."""
    if not shutil.which(CHROMIUM):
        if os.environ.get("WEGWIJS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is required here (apt-get install chromium).")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # ORM calls made while Playwright ran used database connections of Playwright's
        # context; close them here, or PostgreSQL keeps a session open on the test database
        # and the suite cannot drop it at the end.
        connections.close_all()


@pytest.fixture(autouse=True)
def allow_orm_beside_playwright(monkeypatch):
    """Playwright's sync API keeps an event loop in this thread; the ORM calls the browser
    tests make between page actions are safe, so Django's async guard is lifted for them only
    (never for the rest of the suite, which includes the deployment check)."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def open_page(browser, live_server):
    """Open a page in a fresh context on the live server, at `viewport` if given (Playwright's
    default otherwise); every context opened is closed after the test."""
    contexts = []

    def open_(viewport=None):
        options = {"viewport": viewport} if viewport else {}
        context = browser.new_context(base_url=live_server.url, locale="nl-NL", **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.fixture
def phone(open_page):
    return open_page(PHONE)


@pytest.fixture
def tablet(open_page):
    return open_page(TABLET)


@pytest.fixture
def assert_accessible():
    """Run axe-core on the current page; fail on any serious or critical violation."""
    axe = Axe()

    def check(page):
        results = axe.run(page)
        blocking = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in results.response["violations"]
            if v.get("impact") in BLOCKING_IMPACTS
        ]
        assert blocking == [], f"accessibility violations on {page.url}:\n" + "\n".join(blocking)

    return check


@pytest.fixture
def check_page(assert_accessible):
    """Every page: no serious axe violation and no sideways scrolling at the page's width."""

    def check(page):
        page.wait_for_load_state("networkidle")
        screen = page.viewport_size["width"]
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= screen, f"{page.url} is {width}px wide on a {screen}px screen"
        assert_accessible(page)

    return check


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def log_in(page, user):
    """Log `user` in through the pages, with password and a code of a confirmed TOTP device,
    and wait for the dashboard."""
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/account/tweestaps/**")
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Controleren").click()
    page.wait_for_url(lambda url: url.endswith("/"))


@pytest.fixture
def reference(transactional_db, django_db_blocker):
    """The real municipalities, catalogue and checklists, as `make run` loads them."""
    reference_snapshot.load_reference_data(django_db_blocker)


@pytest.fixture
def signed_vip18_contract(reference, financieel):
    """A signed contract of Arnhem for this year with a VIP 18 line, made with the services."""
    year = timezone.localdate().year
    price_list = PriceList.objects.filter(year=year).first() or create_price_list_from(
        source=PriceList.objects.get(year=2019), year=year, indexation_percentage=0
    )
    arnhem = Municipality.objects.get(cbs_code="GM0202")
    # Answered "no", so the contract can be signed (unknown after a fresh load).
    arnhem.has_information_point = arnhem.has_settlement_coaching = False
    arnhem.save()
    contract = contract_services.create_contract(municipality=arnhem, year=year, actor=financieel)
    contract_services.add_line(
        contract=contract,
        tariff=Tariff.objects.get(price_list=price_list, product__code="VIP18"),
        quantity=10,
        actor=financieel,
    )
    contract_services.offer_contract(contract=contract, actor=financieel)
    contract_services.sign_contract(contract=contract, actor=financieel)
    return contract
