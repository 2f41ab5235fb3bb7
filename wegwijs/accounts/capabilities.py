"""Which role may do what: the one table (ARCHITECTURE.md rule 2, STYLE.md "Access").

Views declare the capability they need (``@requires("audit.view")``), templates ask
``user.can``. *Which rows* a user sees is a separate question, answered by each model's
``visible_to(user)``.
"""

from wegwijs.accounts.constants import Role

ALL_ROLES = frozenset(Role)

CAPABILITIES: dict[str, frozenset[Role]] = {
    # Own account: every role.
    "account.self": ALL_ROLES,
    "core.dashboard": ALL_ROLES,
    # Reference data and users.
    "admin.use": frozenset({Role.BEHEERDER}),
    "accounts.view_users": frozenset({Role.BEHEERDER, Role.COORDINATOR}),
    "accounts.manage_users": frozenset({Role.BEHEERDER}),
    "organisation.view": frozenset(
        {Role.BEHEERDER, Role.COORDINATOR, Role.FINANCE, Role.PRIVACY_OFFICER}
    ),
    # Privacy officer.
    "audit.view": frozenset({Role.PRIVACY_OFFICER}),
}

# Roles whose work involves reading the personal data of clients.
PERSONAL_DATA_ROLES = frozenset({Role.COORDINATOR, Role.VRIJWILLIGER, Role.PRIVACY_OFFICER})


def role_can(role: str, capability: str) -> bool:
    """True when ``role`` holds ``capability``; unknown capabilities are nobody's."""
    return role in CAPABILITIES.get(capability, frozenset())


def capabilities_of(role: str) -> frozenset[str]:
    return frozenset(name for name, roles in CAPABILITIES.items() if role in roles)
