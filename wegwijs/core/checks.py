"""System checks: every URL pattern carries an access policy (SECURITY.md AC-01), and every
URL that takes a UUID says what it reads of a client file (LOG-01)."""

import re

from django.core.checks import Error, register
from django.urls import URLPattern, URLResolver, get_resolver

from wegwijs.core.access import NAMESPACE_POLICIES, READ_KINDS, policy_for

# Persons and trajectories are reached by UUID only (STYLE.md), so a UUID in a route is where a
# client file can be read. Routes are ``path()`` strings here; re_path is not used.
_UUID_KWARG = re.compile(r"<uuid:(\w+)>")


def iter_patterns(patterns=None, prefix="", namespace=""):
    """Yield (route, callback, namespace) for every URL pattern, depth first."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner_namespace = ":".join(filter(None, [namespace, entry.namespace]))
            yield from iter_patterns(
                entry.url_patterns, prefix + str(entry.pattern), inner_namespace
            )
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback, namespace, entry.name


@register()
def check_access_policies(app_configs, **kwargs):
    errors = []
    for route, callback, namespace, _name in iter_patterns():
        if policy_for(callback, namespace) is None:
            errors.append(
                Error(
                    f"URL {route!r} has no access policy.",
                    hint="Decorate the view with @public or @requires('capability').",
                    obj=callback,
                    id="wegwijs.E001",
                )
            )
    return errors


def uuid_kwargs(route: str) -> list[str]:
    """The names of the UUID arguments of a route string."""
    return _UUID_KWARG.findall(route)


@register()
def check_client_reads(app_configs, **kwargs):
    errors = []
    for route, callback, namespace, _name in iter_patterns():
        if namespace.split(":")[0] in NAMESPACE_POLICIES:
            continue
        kwargs_taken = uuid_kwargs(route)
        policy = policy_for(callback, namespace)
        if not kwargs_taken or policy is None:
            continue
        if not policy.declares_reads:
            errors.append(
                Error(
                    f"URL {route!r} takes a UUID but does not declare what it reads.",
                    hint="Add reads='person' or reads='trajectory' to @requires, or "
                    "reads=None with because='...'.",
                    obj=callback,
                    id="wegwijs.E002",
                )
            )
        elif policy.reads and policy.reads not in READ_KINDS:
            errors.append(
                Error(
                    f"URL {route!r} reads an unknown kind {policy.reads!r}.",
                    hint=f"Known kinds: {', '.join(sorted(READ_KINDS))}.",
                    obj=callback,
                    id="wegwijs.E003",
                )
            )
        elif policy.reads and policy.read_from not in kwargs_taken:
            errors.append(
                Error(
                    f"URL {route!r} reads from {policy.read_from!r}, which it does not take.",
                    hint=f"Set read_from to one of: {', '.join(kwargs_taken)}.",
                    obj=callback,
                    id="wegwijs.E003",
                )
            )
    return errors
