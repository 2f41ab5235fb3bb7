"""Browser tests: Playwright driving Debian's Chromium, with an axe-core check on every page.

Without /usr/bin/chromium these tests are skipped with that reason, except where
WEGWIJS_REQUIRE_BROWSER=1 (CI), where a missing browser fails the run.
"""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connections

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
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


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
