"""Default deny: every view declares who may use it (SECURITY.md AC-01).

A view is either ``@public`` (the short list of pages an anonymous visitor needs), or
``@requires("capability")``. ``AccessPolicyMiddleware`` enforces the declaration before the view
runs; a view without one answers 403, and the system check ``wegwijs.E001`` names it. Which role
holds which capability is decided in one place: ``wegwijs.accounts.capabilities``.

A view whose URL takes the UUID of a person or a trajectory also declares what it reads
(LOG-01): ``@requires("clients.view", reads="person")``. The middleware then writes the access
log entry itself: one READ entry naming the client for every 2xx response, a security event for
every 404 (out of scope or unknown: a probe, LOG-05). A view that takes a UUID of something
else says so, with a reason: ``reads=None, because="a contract names no client"``. The system
check ``wegwijs.E002`` names any UUID route without a declaration.
"""

from dataclasses import dataclass
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.shortcuts import redirect

from wegwijs.core import audit


@dataclass(frozen=True)
class AccessPolicy:
    public: bool = False
    capability: str | None = None
    # Pages a logged-in user needs before the second factor is verified (set-up, logout).
    before_second_factor: bool = False
    # What a view reads of a client file: a kind of READ_KINDS ("person", "trajectory") found
    # by the URL kwarg ``read_from``, or nothing, for the reason in ``reads_nothing_because``.
    reads: str = ""
    read_from: str = ""
    reads_nothing_because: str = ""

    @property
    def declares_reads(self) -> bool:
        return bool(self.reads or self.reads_nothing_because)


@dataclass(frozen=True)
class ReadKind:
    """A kind of object whose UUID (``public_id``) in a URL leads to one client. The log names
    the object by its model label and UUID, and the client by its pseudo-id, which
    ``client_path`` reaches from the object in one query ("" when the object is the client)."""

    model: str
    client_path: str = ""

    @property
    def object_type(self) -> str:
        return self.model.lower()

    def client_of(self, public_id: UUID) -> UUID | None:
        if not self.client_path:
            return public_id
        # By name, as lower apps reach higher ones (docs/architecture.md): core imports neither.
        model = apps.get_model(self.model)
        return (
            model.objects.filter(public_id=public_id)
            .values_list(self.client_path, flat=True)
            .first()
        )


READ_KINDS = {
    "person": ReadKind("clients.Person"),
    "trajectory": ReadKind("trajectories.Trajectory", client_path="person__public_id"),
}


PUBLIC = AccessPolicy(public=True)

# Views that come from Django or libraries and are mounted under a namespace.
NAMESPACE_POLICIES = {
    "admin": AccessPolicy(capability="admin.use"),
}


def public(view):
    """Mark a view as reachable without logging in."""
    view.access_policy = PUBLIC
    return view


_UNDECLARED = object()


def requires(
    capability: str,
    *,
    before_second_factor: bool = False,
    reads=_UNDECLARED,
    read_from: str = "public_id",
    because: str = "",
):
    """Mark a view as needing a logged-in user whose role holds ``capability``.

    ``reads="person"`` (or another kind of ``READ_KINDS``) makes the middleware log the read of
    the client whose object the URL kwarg ``read_from`` names; ``reads=None`` needs ``because``.
    """
    if reads is None and not because.strip():
        raise ImproperlyConfigured("reads=None needs a reason: because='...'.")
    if reads is not _UNDECLARED and reads is not None and not isinstance(reads, str):
        raise ImproperlyConfigured("reads names a kind of object, such as 'person'.")
    declared = reads if isinstance(reads, str) else ""

    def decorate(view):
        view.access_policy = AccessPolicy(
            capability=capability,
            before_second_factor=before_second_factor,
            reads=declared,
            read_from=read_from if declared else "",
            reads_nothing_because=because if reads is None else "",
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


@dataclass(frozen=True)
class ClientRead:
    """What the middleware remembers between the view's start and its response."""

    kind: ReadKind
    object_id: UUID
    view_name: str

    def log(self, request, response) -> None:
        """One entry per request: a READ for a 2xx response, unless the view wrote its own
        READ, EXPORT or PRINT entry for a client (``audit.record`` notes that on the request);
        a probe for a 404; nothing for anything else (redirects, 403, 405, errors)."""
        if 200 <= response.status_code < 300:
            if not audit.client_seen_in(request):
                audit.client_read(
                    request,
                    object_type=self.kind.object_type,
                    object_id=self.object_id,
                    client_id=self.kind.client_of(self.object_id),
                    event=self.view_name,
                )
        elif response.status_code == 404:
            audit.client_not_found(
                request, object_type=self.kind.object_type, object_id=self.object_id
            )


class AccessPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        read = getattr(request, "_client_read", None)
        if read is not None:
            read.log(request, response)
        return response

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
        if policy.reads and view_kwargs.get(policy.read_from) is not None:
            request._client_read = ClientRead(
                READ_KINDS[policy.reads],
                view_kwargs[policy.read_from],
                match.view_name if match else "",
            )
        return None
