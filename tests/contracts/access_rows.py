"""Rows of the permission matrix (tests/core/test_access_matrix.py) for the contracts pages.

Keys are URL names; values map every persona of tests.conftest.PERSONAS to the expected
status of a GET ("login" = redirect to the login page). URL_KWARGS gives arguments for URLs
that take them; a fixture-free sample value is fine when the page answers 404 for it, but
prefer rows that show real data (see tests/core/test_access_matrix.py).

The pages of one contract take its UUID. The matrix has no contract to show, so a sample UUID
answers 404 to every role that may use the page (existence is never revealed) and 403 to the
others; tests/contracts/test_access.py checks the same pages with real contracts of the own
and of another municipality.
"""

from tests.conftest import PERSONAS

LOGIN = "login"
SAMPLE = "00000000-0000-4000-8000-000000000000"
VIEWERS = (
    "beheerder",
    "coordinator",
    "other_coordinator",
    "financieel",
    "gemeentecontact",
    "other_gemeentecontact",
)
MANAGERS = ("coordinator", "other_coordinator", "financieel")


def row(allowed, status):
    table = dict.fromkeys(PERSONAS, 403)
    table["anonymous"] = LOGIN
    table.update(dict.fromkeys(allowed, status))
    return table


ROWS: dict[str, dict[str, object]] = {
    "contracts:index": row(VIEWERS, 200),
    "contracts:create": row(MANAGERS, 200),
    "contracts:detail": row(VIEWERS, 404),
    "contracts:quote": row(VIEWERS, 404),
    "contracts:quote_pdf": row(VIEWERS, 404),
    # State changes take POST only: a GET answers 405 to those who may use them.
    "contracts:add_line": row(MANAGERS, 405),
    "contracts:update_line": row(MANAGERS, 405),
    "contracts:remove_line": row(MANAGERS, 405),
    "contracts:waive_surcharge": row(MANAGERS, 405),
    "contracts:offer": row(MANAGERS, 405),
    "contracts:withdraw": row(MANAGERS, 405),
    "contracts:sign": row(MANAGERS, 405),
    "contracts:close": row(MANAGERS, 405),
}

_CONTRACT = {"public_id": SAMPLE}
_LINE = {"public_id": SAMPLE, "line_id": SAMPLE}

URL_KWARGS: dict[str, dict[str, object]] = {
    "contracts:detail": _CONTRACT,
    "contracts:quote": _CONTRACT,
    "contracts:quote_pdf": _CONTRACT,
    "contracts:add_line": _CONTRACT,
    "contracts:waive_surcharge": _CONTRACT,
    "contracts:update_line": _LINE,
    "contracts:remove_line": _LINE,
    "contracts:offer": _CONTRACT,
    "contracts:withdraw": _CONTRACT,
    "contracts:sign": _CONTRACT,
    "contracts:close": _CONTRACT,
}
