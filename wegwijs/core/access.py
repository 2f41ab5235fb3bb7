"""Default deny: every view declares who may use it (SECURITY.md AC-01).

A view is either ``@public`` (the short list of pages an anonymous visitor needs), or
``@requires("capability")``. ``AccessPolicyMiddleware`` enforces the declaration before the view
runs; a view without one answers 403, and the system check ``wegwijs.E001`` names it. Which role
holds which capability is decided in one place: ``wegwijs.accounts.capabilities``.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect


@dataclass(frozen=True)
class AccessPolicy:
    public: bool = False
    capability: str | None = None
    # Pages a logged-in user needs before the second factor is verified (set-up, logout).
    before_second_factor: bool = False


PUBLIC = AccessPolicy(public=True)

# Views that come from Django or libraries and are mounted under a namespace.
NAMESPACE_POLICIES = {
    "admin": AccessPolicy(capability="admin.use"),
}


def public(view):
    """Mark a view as reachable without logging in."""
    view.access_policy = PUBLIC
    return view


def requires(capability: str, *, before_second_factor: bool = False):
    """Mark a view as needing a logged-in user whose role holds ``capability``."""

    def decorate(view):
        view.access_policy = AccessPolicy(
            capability=capability, before_second_factor=before_second_factor
        )
        return view

    return decorate


def policy_for(view_func, namespace: str = "") -> AccessPolicy | None:
    policy = getattr(view_func, "access_policy", None)
    if policy is None:
        # Class-based views keep attributes on the class as well as on the function.
        view_class = getattr(view_func, "view_class", None)
        policy = getattr(view_class, "access_policy", None)
    if policy is None and namespace:
        policy = NAMESPACE_POLICIES.get(namespace.split(":")[0])
    return policy


def second_factor_required(user) -> bool:
    scope = settings.TWO_FACTOR_MANDATORY
    if scope == "off":
        return False
    if scope == "personal_data":
        return user.sees_personal_data
    return True


class AccessPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        policy = policy_for(view_func, match.namespace if match else "")
        if policy is None:
            raise PermissionDenied("This view declares no access policy.")
        if policy.public:
            return None
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if (
            not policy.before_second_factor
            and second_factor_required(user)
            and not user.is_verified()
        ):
            return redirect("accounts:two_factor")
        if not user.can(policy.capability):
            raise PermissionDenied
        return None
