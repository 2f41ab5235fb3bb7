"""Rows of the permission matrix (tests/core/test_access_matrix.py) for the account pages of
issue 10: one's own sessions, the beheerder's account pages and the four-eyes approvals.

The matrix runs without data, so pages about one account or request get an unknown UUID and
answer 404 to those who may use them; tests/accounts/test_takeover.py walks real data.
"""

from tests.conftest import PERSONAS

LOGIN = "login"
LOGGED_IN = [p for p in PERSONAS if p != "anonymous"]
ADMINS = {"beheerder"}
APPROVERS = {"beheerder", "privacy_officer"}
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _for(personas, status):
    return {"anonymous": LOGIN, **{p: status if p in personas else 403 for p in LOGGED_IN}}


ROWS: dict[str, dict[str, object]] = {
    "accounts:sessions": _for(LOGGED_IN, 200),
    "accounts:sessions_end_others": _for(LOGGED_IN, 405),
    "accounts:user_create": _for(ADMINS, 200),
    "accounts:user_detail": _for(ADMINS, 404),
    # POST only.
    "accounts:user_email": _for(ADMINS, 405),
    "accounts:user_role": _for(ADMINS, 405),
    "accounts:user_active": _for(ADMINS, 405),
    "accounts:user_second_factor_reset": _for(ADMINS, 405),
    "accounts:user_sessions_end": _for(ADMINS, 405),
    "accounts:change_requests": _for(APPROVERS, 200),
    "accounts:change_request_approve": _for(APPROVERS, 405),
    "accounts:change_request_reject": _for(APPROVERS, 405),
}

URL_KWARGS: dict[str, dict[str, object]] = {
    name: {"public_id": UNKNOWN}
    for name in [
        "accounts:user_detail",
        "accounts:user_email",
        "accounts:user_role",
        "accounts:user_active",
        "accounts:user_second_factor_reset",
        "accounts:user_sessions_end",
        "accounts:change_request_approve",
        "accounts:change_request_reject",
    ]
}
