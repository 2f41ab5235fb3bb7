"""What each role sees first. Panels explain what will appear while there is nothing yet."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wegwijs.accounts.constants import Role


@dataclass(frozen=True)
class Panel:
    title: str | Promise
    empty_text: str | Promise
    url_name: str = ""
    link_text: str | Promise = ""


PANELS: dict[str, list[Panel]] = {
    Role.BEHEERDER: [
        Panel(
            _("Reference data"),
            _("Products, price lists, municipalities, teams and users are managed here."),
            "admin:index",
            _("Open reference data"),
        ),
    ],
    Role.COORDINATOR: [
        Panel(
            _("Caseload of my teams"),
            _("The trajectories of your teams will appear here once clients are registered."),
            "trajectories:caseload",
            _("Open the caseload"),
        ),
        Panel(
            _("Deadlines"),
            _("Checklist items and measurements due within 14 days will appear here."),
            "trajectories:deadlines",
            _("Open the deadlines"),
        ),
        Panel(
            _("Volunteers"),
            _("The volunteers you supervise and their assignments will appear here."),
            "volunteers:index",
            _("Open the volunteers"),
        ),
    ],
    Role.VRIJWILLIGER: [
        Panel(
            _("My clients and groups"),
            _("Clients and groups assigned to you by your coordinator will appear here."),
            "trajectories:caseload",
            _("Open my clients"),
        ),
        Panel(
            _("What is due"),
            _("Contact moments and checklist items due will appear here."),
            "trajectories:deadlines",
            _("Open what is due"),
        ),
    ],
    Role.FINANCE: [
        Panel(_("Contracts"), _("Contracts with municipalities will appear here.")),
        Panel(_("Quotes and invoices"), _("Quotes and invoices will appear here.")),
    ],
    Role.GEMEENTECONTACT: [
        Panel(
            _("Reports for your municipality"),
            _("Indicator reports for your municipality will appear here once they are ready."),
        ),
    ],
    Role.PRIVACY_OFFICER: [
        Panel(
            _("Access log"),
            _("Every read of a client file and every change to personal data is logged."),
            "core:audit_log",
            _("Open the access log"),
        ),
    ],
}


def panels_for(user) -> list[Panel]:
    return PANELS.get(user.role, [])
