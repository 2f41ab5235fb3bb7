"""The main menu: each entry shows only to roles holding its capability."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    capability: str
    # Hidden from users holding this capability (a volunteer has their hours on Mijn werk).
    hidden_with: str = ""


MENU = [
    # A volunteer's first stop, built for a phone.
    NavItem(_("My work"), "trajectories:my_work", "volunteers.own_work"),
    NavItem(_("Dashboard"), "core:dashboard", "core.dashboard"),
    NavItem(_("Caseload"), "trajectories:caseload", "trajectories.view"),
    NavItem(_("Clients"), "clients:index", "clients.view"),
    NavItem(_("Volunteers"), "volunteers:index", "volunteers.view"),
    NavItem(_("Supervision"), "volunteers:supervision", "volunteers.supervise"),
    NavItem(_("Catalogue"), "catalog:index", "catalog.view"),
    NavItem(_("Contracts"), "contracts:index", "contracts.view"),
    NavItem(_("Self-sufficiency figures"), "measurements:report", "measurements.report"),
    NavItem(_("My hours"), "trajectories:hours", "hours.record", "volunteers.own_work"),
    NavItem(_("Possible duplicates"), "clients:duplicate_signals", "clients.duplicate_signals"),
    NavItem(_("Access log"), "core:audit_log", "audit.view"),
    NavItem(_("Account changes"), "accounts:change_requests", "accounts.approve_changes"),
    NavItem(_("Reference data"), "admin:index", "admin.use"),
]


def menu_for(user, current_path: str = "") -> list[dict]:
    items = []
    for item in MENU:
        if not user.can(item.capability) or (item.hidden_with and user.can(item.hidden_with)):
            continue
        url = reverse(item.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": item.label, "url": url, "active": active})
    # Only the most specific entry is current (/trajecten/mijn-werk/ is not the caseload).
    longest = max((len(i["url"]) for i in items if i["active"]), default=0)
    for i in items:
        i["active"] = i["active"] and len(i["url"]) == longest
    return items
