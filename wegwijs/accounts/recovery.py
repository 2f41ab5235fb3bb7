"""Recovery codes: how they are made, written down and recognised (SECURITY.md AUTH-01).

This module imports no models, so migrations can use it: the data migration that turned the old
plain-text django-otp ``StaticToken`` rows into hashes calls ``hash_code`` exactly as the login
does.

A code is ten characters of Crockford's base32 in lower case (digits and letters without i, l, o
and u), shown in groups as ``abcd-efgh-jk``: 50 random bits from ``secrets``. Typing is forgiven:
spaces and hyphens are dropped, upper case is lowered, and o, i and l are read as 0, 1 and 1.

Only a hash is stored. The codes carry 50 bits of entropy and guessing them online is throttled,
so a deliberately slow password hash would buy nothing; they are stored as HMAC-SHA256 keyed with
a key derived from ``SECRET_KEY`` (``salted_hmac`` with a fixed salt). A copy of the database
alone therefore gives no way to test guesses, and checking a code costs microseconds.

Rotating ``SECRET_KEY``: codes hashed under a key that is still listed in
``SECRET_KEY_FALLBACKS`` keep working; once the old key is removed from the fallbacks, those codes
stop working and the user makes a new set (with a code from the authenticator app).
"""

import secrets

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
CODE_LENGTH = 10  # 10 x 5 bits = 50 bits
GROUP_LENGTH = 4
CODE_COUNT = 10

# Fixed and never changed: changing it invalidates every stored code.
HMAC_SALT = "wegwijs.accounts.recovery_code"

_SEPARATORS = frozenset("-_.\u2010\u2011\u2012\u2013\u2014")
_LOOKALIKES = str.maketrans({"o": "0", "i": "1", "l": "1"})


def generate_code() -> str:
    """One new code, grouped for reading: ``abcd-efgh-jk``."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + GROUP_LENGTH] for i in range(0, CODE_LENGTH, GROUP_LENGTH))


def generate_codes(count: int = CODE_COUNT) -> list[str]:
    """``count`` distinct new codes."""
    codes: list[str] = []
    while len(codes) < count:
        code = generate_code()
        if code not in codes:
            codes.append(code)
    return codes


def normalise(code: str) -> str:
    """The form that is hashed: no spaces or hyphens, lower case, look-alikes folded."""
    kept = "".join(ch for ch in code if not ch.isspace() and ch not in _SEPARATORS)
    return kept.lower().translate(_LOOKALIKES)


def hash_code(code: str, *, secret: str | bytes | None = None) -> str:
    """HMAC-SHA256 of the normalised code, keyed from ``secret`` (default ``SECRET_KEY``)."""
    return salted_hmac(HMAC_SALT, normalise(code), secret=secret, algorithm="sha256").hexdigest()


def candidate_hashes(code: str) -> list[str]:
    """The hashes ``code`` would have under ``SECRET_KEY`` and under each fallback key."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [hash_code(code, secret=key) for key in keys]


def matches(stored_hash: str, candidates: list[str]) -> bool:
    """Whether ``stored_hash`` is one of ``candidates``, comparing in constant time."""
    found = False
    for candidate in candidates:
        # No early exit: every candidate is compared, whatever the outcome.
        found |= constant_time_compare(stored_hash, candidate)
    return found
