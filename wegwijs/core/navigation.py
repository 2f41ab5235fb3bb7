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


MENU = [
    NavItem(_("Dashboard"), "core:dashboard", "core.dashboard"),
    NavItem(_("Caseload"), "trajectories:caseload", "trajectories.view"),
    NavItem(_("Clients"), "clients:index", "clients.view"),
    NavItem(_("Volunteers"), "volunteers:index", "volunteers.view"),
    NavItem(_("Catalogue"), "catalog:index", "catalog.view"),
    NavItem(_("Contracts"), "contracts:index", "contracts.view"),
    NavItem(_("Access log"), "core:audit_log", "audit.view"),
    NavItem(_("Reference data"), "admin:index", "admin.use"),
]


def menu_for(user, current_path: str = "") -> list[dict]:
    items = []
    for item in MENU:
        if not user.can(item.capability):
            continue
        url = reverse(item.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": item.label, "url": url, "active": active})
    return items
