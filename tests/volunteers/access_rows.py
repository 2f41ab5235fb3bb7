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
    # Profiles: everyone who may use the page gets 404 for the unknown id.
    "volunteers:detail": _for(COORDINATORS | {"beheerder"}, 404),
    "volunteers:create": _for(COORDINATORS, 200),
    "volunteers:edit": _for(COORDINATORS, 404),
    "volunteers:screening": _for(COORDINATORS, 404),
    "volunteers:match": _for(COORDINATORS, 404),
    # POST only.
    "volunteers:match_assign": _for(COORDINATORS, 405),
    "volunteers:change_status": _for(COORDINATORS, 405),
    # Supervision: the coördinator's; figures: the coördinator's teams, the beheerder all.
    "volunteers:supervision": _for(COORDINATORS, 200),
    "volunteers:meeting_add": _for(COORDINATORS, 200),
    "volunteers:meetings": _for(COORDINATORS, 200),
    "volunteers:figures": _for(COORDINATORS | {"beheerder"}, 200),
}

URL_KWARGS: dict[str, dict[str, object]] = {
    "volunteers:match": {"public_id": UNKNOWN},
    "volunteers:match_assign": {"public_id": UNKNOWN},
    "volunteers:change_status": {"public_id": UNKNOWN},
    "volunteers:detail": {"public_id": UNKNOWN},
    "volunteers:edit": {"public_id": UNKNOWN},
    "volunteers:screening": {"public_id": UNKNOWN},
}
