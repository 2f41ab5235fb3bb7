"""Every page for every persona (SECURITY.md AC-01, AC-03; STYLE.md permission matrix).

Each URL name in the project must have a row here: a new page without one fails
``test_every_url_has_a_row``. Values are the expected status of a GET; "login" means a redirect
to the login page, "405" a page that only takes POST.
"""

import pytest
from django.urls import reverse

from tests.accounts.access_rows import ROWS as ACCOUNT_ROWS
from tests.accounts.access_rows import URL_KWARGS as ACCOUNT_KWARGS
from tests.catalog.access_rows import ROWS as CATALOG_ROWS
from tests.catalog.access_rows import URL_KWARGS as CATALOG_KWARGS
from tests.clients.access_rows import ROWS as CLIENT_ROWS
from tests.clients.access_rows import URL_KWARGS as CLIENT_KWARGS
from tests.conftest import PERSONAS
from tests.contracts.access_rows import ROWS as CONTRACT_ROWS
from tests.contracts.access_rows import URL_KWARGS as CONTRACT_KWARGS
from tests.measurements.access_rows import ROWS as MEASUREMENT_ROWS
from tests.measurements.access_rows import URL_KWARGS as MEASUREMENT_KWARGS
from tests.trajectories.access_rows import ROWS as TRAJECTORY_ROWS
from tests.trajectories.access_rows import URL_KWARGS as TRAJECTORY_KWARGS
from tests.volunteers.access_rows import ROWS as VOLUNTEER_ROWS
from tests.volunteers.access_rows import URL_KWARGS as VOLUNTEER_KWARGS
from wegwijs.core.checks import iter_patterns

LOGIN = "login"
ALL_STAFF = {p: 200 for p in PERSONAS if p != "anonymous"}


def everyone(status):
    return dict.fromkeys(PERSONAS, status)


def only(*personas, other=403):
    table = {p: other for p in PERSONAS}
    table["anonymous"] = LOGIN
    table.update(dict.fromkeys(personas, 200))
    return table


ADMIN = ("beheerder",)

MATRIX = {
    "core:dashboard": {"anonymous": LOGIN, **ALL_STAFF},
    "core:audit_log": only("privacy_officer"),
    "accounts:login": {"anonymous": 200, **dict.fromkeys(ALL_STAFF, 302)},
    "accounts:logout": {"anonymous": LOGIN, **dict.fromkeys(ALL_STAFF, 405)},
    "accounts:two_factor": {"anonymous": LOGIN, **dict.fromkeys(ALL_STAFF, 302)},
    "accounts:two_factor_setup": {"anonymous": LOGIN, **dict.fromkeys(ALL_STAFF, 302)},
    "accounts:recovery_codes": {"anonymous": LOGIN, **ALL_STAFF},
    "accounts:password_reset": everyone(200),
    "accounts:password_reset_done": everyone(200),
    "accounts:password_reset_confirm": everyone(200),
    "accounts:password_reset_complete": everyone(200),
    "accounts:password_change": {"anonymous": LOGIN, **ALL_STAFF},
    "accounts:password_change_done": {"anonymous": LOGIN, **ALL_STAFF},
    "accounts:set_language": everyone(405),
    "health_live": everyone(200),
    "health_ready": everyone(200),
    "security_txt": everyone(200),
    # Django's admin is the beheerder's tool for reference data only.
    "admin:*": only(*ADMIN),
    **ACCOUNT_ROWS,
    **CATALOG_ROWS,
    **CONTRACT_ROWS,
    **CLIENT_ROWS,
    **TRAJECTORY_ROWS,
    **MEASUREMENT_ROWS,
    **VOLUNTEER_ROWS,
}

# Arguments for routes that take them.
URL_KWARGS = {
    "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
    **ACCOUNT_KWARGS,
    **CATALOG_KWARGS,
    **CONTRACT_KWARGS,
    **CLIENT_KWARGS,
    **TRAJECTORY_KWARGS,
    **MEASUREMENT_KWARGS,
    **VOLUNTEER_KWARGS,
}

ADMIN_SAMPLE_URLS = [
    "admin:index",
    "admin:accounts_user_changelist",
    "admin:organisation_municipality_changelist",
]


def url_names():
    names = set()
    for _route, _callback, namespace, name in iter_patterns():
        if namespace.startswith("admin"):
            names.add("admin:*")
        elif name:
            names.add(f"{namespace}:{name}" if namespace else name)
        else:
            names.add(f"unnamed:{_route}")
    return names


def test_every_url_has_a_row():
    missing = url_names() - set(MATRIX)
    assert not missing, f"pages without a row in the permission matrix: {sorted(missing)}"


CASES = [(name, persona) for name in MATRIX for persona in PERSONAS]


def expected_matches(response, expected):
    if expected == LOGIN:
        return response.status_code == 302 and reverse("accounts:login") in response["Location"]
    return response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona"), CASES)
def test_permission_matrix(name, persona, persona_client):
    client = persona_client(persona)
    expected = MATRIX[name][persona]
    urls = (
        [reverse(n) for n in ADMIN_SAMPLE_URLS]
        if name == "admin:*"
        else [reverse(name, kwargs=URL_KWARGS.get(name))]
    )
    for url in urls:
        response = client.get(url)
        assert expected_matches(response, expected), (
            f"{persona} GET {url}: {response.status_code}, expected {expected}"
        )


@pytest.mark.django_db
def test_forbidden_page_shows_no_data_and_is_dutch(persona_client):
    response = persona_client("vrijwilliger").get(reverse("core:audit_log"))
    assert response.status_code == 403
    assert "U heeft geen toegang tot deze pagina" in response.content.decode()
    assert "<table" not in response.content.decode()


def test_view_without_policy_is_denied_and_flagged(rf):
    from django.core.exceptions import PermissionDenied

    from wegwijs.core.access import AccessPolicyMiddleware
    from wegwijs.core.checks import check_access_policies

    def undeclared(request):
        raise AssertionError("must not run")

    request = rf.get("/")
    request.resolver_match = None
    middleware = AccessPolicyMiddleware(lambda r: None)
    with pytest.raises(PermissionDenied):
        middleware.process_view(request, undeclared, (), {})
    assert check_access_policies(None) == []
