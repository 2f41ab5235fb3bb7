"""Rows of the permission matrix (tests/core/test_access_matrix.py) for the catalog pages.

Keys are URL names; values map every persona of tests.conftest.PERSONAS to the expected
status of a GET ("login" = redirect to the login page). URL_KWARGS gives arguments for URLs
that take them; a fixture-free sample value is fine when the page answers 404 for it, but
prefer rows that show real data (see tests/core/test_access_matrix.py).

The matrix runs on an empty catalogue, so the product page answers 404 there for everyone
logged in; tests/catalog/test_pages.py walks the same personas over a real product card.
"""

from tests.conftest import PERSONAS

LOGIN = "login"
LOGGED_IN = [p for p in PERSONAS if p != "anonymous"]


def _table(status_of):
    return {"anonymous": LOGIN, **{p: status_of(p) for p in LOGGED_IN}}


ROWS: dict[str, dict[str, object]] = {
    # Every role reads the catalogue.
    "catalog:index": _table(lambda p: 200),
    "catalog:product": _table(lambda p: 404),
    # Only the beheerder makes a new price list year.
    "catalog:new_price_list": _table(lambda p: 200 if p == "beheerder" else 403),
}
URL_KWARGS: dict[str, dict[str, object]] = {
    "catalog:product": {"code": "NO-SUCH-PRODUCT"},
}
