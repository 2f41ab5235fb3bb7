"""The keys that sign the access log's chain (SECURITY.md LOG-03).

Each entry's hash is an HMAC-SHA256 under a key that lives in the environment
(``AUDIT_HMAC_KEYS``), never in the database and never derived from ``SECRET_KEY``: whoever
can only write to the database (the table owner, the runtime role, a stolen database password)
cannot compute a hash that verifies, so a re-chained or inserted entry shows.

``AUDIT_HMAC_KEYS`` is a key ring, ``id:base64key,id:base64key``: the first key signs new
entries, the others only verify older ones (rotation, docs/operations.md). Each entry stores the
id of its key. Entries written before keys existed carry the id ``legacy`` and the plain SHA-256
of the first version; the verifier accepts them only before the first keyed entry.

This module imports no models: the settings module parses the ring with it at start-up.
"""

import base64
import binascii
import re
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from django.core.exceptions import ImproperlyConfigured

LEGACY_KEY_ID = "legacy"
KEY_ID_MAX_LENGTH = 16
MIN_KEY_BYTES = 32
_KEY_ID = re.compile(rf"^[A-Za-z0-9][A-Za-z0-9_.-]{{0,{KEY_ID_MAX_LENGTH - 1}}}$")

# Development and tests sign with this published key, so they need no secret; production
# refuses it.
DEVELOPMENT_KEY = b"wegwijs development audit key, public, never for production"
DEVELOPMENT_KEY_RING = "dev:" + base64.b64encode(DEVELOPMENT_KEY).decode()
_URLSAFE = str.maketrans("-_", "+/")


class UnknownAuditKey(KeyError):
    """An entry names a key id the key ring does not hold."""


@dataclass(frozen=True)
class KeyRing:
    signing_id: str
    keys: MappingProxyType  # key id -> key bytes

    def key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError:
            raise UnknownAuditKey(key_id) from None


def _decode(key_id: str, encoded: str) -> bytes:
    try:  # the standard and the URL-safe alphabet both work
        key = base64.b64decode(encoded.translate(_URLSAFE), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(
            f"AUDIT_HMAC_KEYS: the key {key_id!r} is not valid base64."
        ) from None
    if len(key) < MIN_KEY_BYTES:
        raise ImproperlyConfigured(
            f"AUDIT_HMAC_KEYS: the key {key_id!r} has {len(key)} bytes; at least "
            f"{MIN_KEY_BYTES} are needed (openssl rand -base64 32)."
        )
    return key


@lru_cache(maxsize=8)
def parse_key_ring(value: str, *, production: bool = False) -> KeyRing:
    """Read ``id:base64key,id:base64key``; the first key signs. Raises ImproperlyConfigured on
    a malformed ring, and in production on the published development key."""
    keys: dict[str, bytes] = {}
    for item in value.split(","):
        if not item.strip():
            continue
        key_id, sep, encoded = item.strip().partition(":")
        if not sep or not encoded.strip():
            raise ImproperlyConfigured(
                "AUDIT_HMAC_KEYS must be a list of id:base64key separated by commas."
            )
        if not _KEY_ID.match(key_id) or key_id == LEGACY_KEY_ID:
            raise ImproperlyConfigured(
                f"AUDIT_HMAC_KEYS: {key_id!r} is not a usable key id (letters, digits, . _ -, "
                f"at most {KEY_ID_MAX_LENGTH} characters, not {LEGACY_KEY_ID!r})."
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"AUDIT_HMAC_KEYS names the key id {key_id!r} twice.")
        keys[key_id] = _decode(key_id, encoded.strip())
    if not keys:
        raise ImproperlyConfigured("AUDIT_HMAC_KEYS holds no key.")
    if production and DEVELOPMENT_KEY in keys.values():
        raise ImproperlyConfigured(
            "AUDIT_HMAC_KEYS holds the published development key; production needs its own."
        )
    return KeyRing(signing_id=next(iter(keys)), keys=MappingProxyType(keys))


def key_ring() -> KeyRing:
    """The ring of the current settings (parsed once per distinct value)."""
    from django.conf import settings

    return parse_key_ring(settings.AUDIT_HMAC_KEYS)


def signing_key_id() -> str:
    """The id new entries are signed with: the first of the ring."""
    return key_ring().signing_id
