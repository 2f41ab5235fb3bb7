"""Client identifiers: BSN and V-nummer (facts.md §4, SECURITY.md IO-01, AC-04).

Every read of a person's BSN or V-nummer, and every lookup by one, goes through this module
(``bsn_of``, ``v_number_of``, ``bsn_lookup``, ``v_number_lookup``), so that encryption with a
blind index (DP-01) can replace the plain columns here without touching callers.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
V_NUMBER_PATTERN = re.compile(r"^\d{10}$")
_SEPARATORS = re.compile(r"[\s.\-]")


def normalize_bsn(value: str) -> str:
    """Drop spaces, dots and dashes; pad an old 8-digit number with a leading zero."""
    value = _SEPARATORS.sub("", value or "")
    if len(value) == 8 and value.isdigit():
        value = "0" + value
    return value


def normalize_v_number(value: str) -> str:
    return _SEPARATORS.sub("", value or "")


def is_valid_bsn(value: str) -> bool:
    """Nine digits passing the eleven-test (weights 9..2 and -1); all zeros is not a BSN."""
    if not isinstance(value, str) or len(value) != 9 or not value.isascii():
        return False
    if not value.isdigit():
        return False
    total = sum(weight * int(digit) for weight, digit in zip(BSN_WEIGHTS, value, strict=True))
    return total != 0 and total % 11 == 0


def validate_bsn(value: str) -> None:
    if not is_valid_bsn(value):
        raise ValidationError(
            _("This is not a valid BSN: a BSN has 9 digits and passes the eleven-test."),
            code="invalid_bsn",
        )


def is_valid_v_number(value: str) -> bool:
    return isinstance(value, str) and value.isascii() and bool(V_NUMBER_PATTERN.match(value))


def validate_v_number(value: str) -> None:
    if not is_valid_v_number(value):
        raise ValidationError(
            _("This is not a valid V-number: a V-number has exactly 10 digits."),
            code="invalid_v_number",
        )


def mask(value: str | None) -> str:
    """All but the last three characters hidden: ``111222333`` -> ``******333``."""
    if not value:
        return ""
    return "*" * max(len(value) - 3, 0) + value[-3:]


def bsn_of(person) -> str | None:
    """The person's BSN in full. Callers decide whether the user may see it (AC-04)."""
    return person.bsn or None


def v_number_of(person) -> str | None:
    return person.v_number or None


def bsn_lookup(value: str) -> dict:
    """Filter keyword arguments that find a person by BSN."""
    return {"bsn": normalize_bsn(value)}


def v_number_lookup(value: str) -> dict:
    return {"v_number": normalize_v_number(value)}


def shown_identifier(value: str | None, *, user) -> str:
    """An identifier as ``user`` may see it: in full for roles that need it, masked otherwise."""
    if not value:
        return ""
    if user.can("clients.view_identifiers"):
        return value
    return mask(value)
