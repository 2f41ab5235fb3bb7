"""Rows of the permission matrix (tests/core/test_access_matrix.py) for the client pages.

The matrix runs without client data, so pages about one person get an unknown UUID and answer
404 to those who may use them; tests/clients/test_access.py walks the personas over real
persons in and out of their scope.
"""

from tests.conftest import PERSONAS

LOGIN = "login"
LOGGED_IN = [p for p in PERSONAS if p != "anonymous"]
COORDINATORS = {"coordinator", "other_coordinator"}
VOLUNTEERS = {"vrijwilliger", "other_vrijwilliger"}
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _table(status_of):
    return {"anonymous": LOGIN, **{p: status_of(p) for p in LOGGED_IN}}


def _for(personas, status):
    return _table(lambda p: status if p in personas else 403)


ROWS: dict[str, dict[str, object]] = {
    # Finance, municipal contacts, the privacy officer and the beheerder see no client files.
    "clients:index": _for(COORDINATORS | VOLUNTEERS, 200),
    "clients:create": _for(COORDINATORS, 200),
    # Duplicate signals: the coördinators of the matching client's teams and the privacy officer.
    "clients:duplicate_signals": _for(COORDINATORS | {"privacy_officer"}, 200),
    "clients:detail": _for(COORDINATORS | VOLUNTEERS, 404),
    "clients:edit": _for(COORDINATORS, 404),
    "clients:household_add": _for(COORDINATORS, 404),
    "clients:dossier_link": _for(COORDINATORS, 404),
    "clients:reference_add": _for(COORDINATORS, 404),
    "clients:consent_add": _for(COORDINATORS, 404),
    # The confirmation page (GET) before the removal (POST).
    "clients:household_remove": _for(COORDINATORS, 404),
    # POST only.
    "clients:consent_withdraw": _for(COORDINATORS, 405),
}
_PERSON = {"public_id": UNKNOWN}
URL_KWARGS: dict[str, dict[str, object]] = {
    "clients:detail": _PERSON,
    "clients:edit": _PERSON,
    "clients:household_add": _PERSON,
    "clients:household_remove": _PERSON,
    "clients:dossier_link": _PERSON,
    "clients:reference_add": _PERSON,
    "clients:consent_add": _PERSON,
    "clients:consent_withdraw": {"public_id": UNKNOWN, "consent_id": UNKNOWN},
}
