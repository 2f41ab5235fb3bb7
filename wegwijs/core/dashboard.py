"""What each role sees first. Panels explain what will appear while there is nothing yet."""

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from wegwijs.accounts.constants import Role


@dataclass(frozen=True)
class Panel:
    title: str | Promise
    empty_text: str | Promise
    url_name: str = ""
    link_text: str | Promise = ""
    # Computes the panel's text for the user (a count, in one or two queries) instead of
    # ``empty_text``.
    summary: Callable[..., str] | None = None


def _supervision_summary(user) -> str:
    from wegwijs.volunteers.supervision import flagged_count  # volunteers sits above core

    count = flagged_count(user)
    if not count:
        return gettext("No assignment of the volunteers you supervise lacks recent contact.")
    return ngettext(
        "%(count)d assignment of the volunteers you supervise has had no contact for "
        "%(days)d days or more.",
        "%(count)d assignments of the volunteers you supervise have had no contact for "
        "%(days)d days or more.",
        count,
    ) % {"count": count, "days": settings.SUPERVISION_CONTACT_DAYS}


def _duplicate_signals_summary(user) -> str:
    from wegwijs.clients.models import DuplicateSignal  # clients sits above core

    count = DuplicateSignal.objects.visible_to(user).open().count()
    if not count:
        return gettext("No possible duplicate outside a colleague's caseload waits for you.")
    return ngettext(
        "%(count)d possible duplicate waits for you to resolve it.",
        "%(count)d possible duplicates wait for you to resolve them.",
        count,
    ) % {"count": count}


DUPLICATE_SIGNALS_PANEL = Panel(
    _("Possible duplicates"),
    _("Registrations that may duplicate a client of yours appear here."),
    "clients:duplicate_signals",
    _("Open the possible duplicates"),
    summary=_duplicate_signals_summary,
)


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
        Panel(
            _("Supervision"),
            _("Assignments of your volunteers without recent contact will appear here."),
            "volunteers:supervision",
            _("Open supervision"),
            summary=_supervision_summary,
        ),
        DUPLICATE_SIGNALS_PANEL,
    ],
    # Everything a volunteer does is on Mijn werk, built for a phone.
    Role.VRIJWILLIGER: [
        Panel(
            _("My clients"),
            _(
                "Your clients, what is due, logging a contact moment and your hours: "
                "all on My work, built for your phone."
            ),
            "trajectories:my_work",
            _("Open my work"),
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
        Panel(
            _("Self-sufficiency figures"),
            _(
                "How the clients of the trajectories your municipality paid for progressed, per "
                "year, with small numbers hidden."
            ),
            "measurements:report",
            _("Open the self-sufficiency figures"),
        ),
    ],
    Role.PRIVACY_OFFICER: [
        Panel(
            _("Access log"),
            _("Every read of a client file and every change to personal data is logged."),
            "core:audit_log",
            _("Open the access log"),
        ),
        DUPLICATE_SIGNALS_PANEL,
    ],
}


def panels_for(user) -> list[Panel]:
    return [
        replace(panel, empty_text=panel.summary(user)) if panel.summary else panel
        for panel in PANELS.get(user.role, [])
    ]
