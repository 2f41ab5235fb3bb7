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
    # The second pair of eyes on a second-factor reset or a change of access to personal data
    # (never the requester or the account holder; see accounts.services).
    "accounts.approve_changes": frozenset({Role.BEHEERDER, Role.PRIVACY_OFFICER}),
    "organisation.view": frozenset(
        {Role.BEHEERDER, Role.COORDINATOR, Role.FINANCE, Role.PRIVACY_OFFICER}
    ),
    # Catalogue and price lists: everyone reads, the beheerder edits.
    "catalog.view": ALL_ROLES,
    "catalog.manage": frozenset({Role.BEHEERDER}),
    # Contracts and quotes with municipalities. Which contracts a user sees is decided by
    # Contract.objects.visible_to (a gemeentecontact: only their own municipality's).
    "contracts.view": frozenset(
        {Role.BEHEERDER, Role.COORDINATOR, Role.FINANCE, Role.GEMEENTECONTACT}
    ),
    "contracts.manage": frozenset({Role.COORDINATOR, Role.FINANCE}),
    # Client files. Which persons a user sees is decided by Person.objects.visible_to;
    # finance and municipal contacts never see a client file (AC-02).
    "clients.view": frozenset({Role.COORDINATOR, Role.VRIJWILLIGER}),
    "clients.manage": frozenset({Role.COORDINATOR}),
    # BSN and V-number in full (AC-04); masked (last 3 digits) for everyone else.
    "clients.view_identifiers": frozenset({Role.COORDINATOR}),
    # Possible duplicates a coördinator was not told of (they were outside their caseload): the
    # coördinators of the matching client's teams and the privacy officer settle them. Which
    # ones a user sees is decided by DuplicateSignal.objects.visible_to.
    "clients.duplicate_signals": frozenset({Role.COORDINATOR, Role.PRIVACY_OFFICER}),
    # Trajectories. Which ones a user sees is decided by Trajectory.objects.visible_to:
    # a coördinator their teams' clients, a volunteer only those assigned to them.
    "trajectories.view": frozenset({Role.COORDINATOR, Role.VRIJWILLIGER}),
    "trajectories.manage": frozenset({Role.COORDINATOR}),
    "trajectories.record": frozenset({Role.COORDINATOR, Role.VRIJWILLIGER}),
    # Self-sufficiency measurements (ZRM, participatieladder), scoped like the trajectories.
    "measurements.view": frozenset({Role.COORDINATOR, Role.VRIJWILLIGER}),
    "measurements.record": frozenset({Role.COORDINATOR}),
    # Aggregated measurement figures per municipality and period: a gemeentecontact only their
    # own municipality's, with small counts suppressed (PRIV-04).
    "measurements.report": frozenset({Role.COORDINATOR, Role.GEMEENTECONTACT}),
    # Volunteer profiles. Which ones a user sees is decided by VolunteerProfile.objects.visible_to:
    # a coördinator those of their teams, the beheerder all. Matching and status changes are
    # the coördinator's.
    "volunteers.view": frozenset({Role.COORDINATOR, Role.BEHEERDER}),
    "volunteers.manage": frozenset({Role.COORDINATOR}),
    # Supervising volunteers (the begeleider's view, supervision meetings).
    "volunteers.supervise": frozenset({Role.COORDINATOR}),
    # The volunteer's own phone view: my clients, what is due, my hours.
    "volunteers.own_work": frozenset({Role.VRIJWILLIGER}),
    # Registering one's own hours; volunteer and professional hours are kept apart.
    "hours.record": frozenset({Role.COORDINATOR, Role.VRIJWILLIGER}),
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
