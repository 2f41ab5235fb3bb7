"""System check: every URL pattern carries an access policy (SECURITY.md AC-01)."""

from django.core.checks import Error, register
from django.urls import URLPattern, URLResolver, get_resolver

from wegwijs.core.access import policy_for


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
