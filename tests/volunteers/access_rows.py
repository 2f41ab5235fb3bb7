"""Rows of the permission matrix (tests/core/test_access_matrix.py) for the volunteer pages.

The matrix runs without data, so pages about one trajectory or profile get an unknown UUID and
answer 404 to those who may use them; tests/volunteers/test_views.py walks real data.
"""

from tests.conftest import PERSONAS

LOGIN = "login"
LOGGED_IN = [p for p in PERSONAS if p != "anonymous"]
COORDINATORS = {"coordinator", "other_coordinator"}
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _for(personas, status):
    return {"anonymous": LOGIN, **{p: status if p in personas else 403 for p in LOGGED_IN}}


ROWS: dict[str, dict[str, object]] = {
    "volunteers:index": _for(COORDINATORS | {"beheerder"}, 200),
    "volunteers:match": _for(COORDINATORS, 404),
    # POST only.
    "volunteers:match_assign": _for(COORDINATORS, 405),
    "volunteers:change_status": _for(COORDINATORS, 405),
}

URL_KWARGS: dict[str, dict[str, object]] = {
    "volunteers:match": {"public_id": UNKNOWN},
    "volunteers:match_assign": {"public_id": UNKNOWN},
    "volunteers:change_status": {"public_id": UNKNOWN},
}
