"""BSN and V-nummer validation (IO-01) and masking (AC-04)."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from wegwijs.clients import identifiers
from wegwijs.clients.factories import valid_bsn

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def _with_check_digit(body: list[int]) -> str:
    total = sum(w * d for w, d in zip(WEIGHTS, body, strict=True))
    return "".join(map(str, body)) + str(total % 11)


# Valid BSNs: eight random digits and the check digit that makes the eleven-test pass (a
# remainder of 10 has no check digit; a weighted sum of 0 is refused as well).
bsns = (
    st.lists(st.integers(0, 9), min_size=8, max_size=8)
    .filter(lambda body: sum(w * d for w, d in zip(WEIGHTS, body, strict=True)) % 11 < 10)
    .map(_with_check_digit)
    .filter(lambda value: sum(w * int(d) for w, d in zip(WEIGHTS, value, strict=False)) >= 11)
)


@pytest.mark.parametrize("value", ["111222333", "123456782", "999999990"])
def test_known_valid_bsns_pass(value):
    assert identifiers.is_valid_bsn(value)
    identifiers.validate_bsn(value)


@pytest.mark.parametrize(
    "value",
    ["111222334", "000000000", "11122233", "1112223333", "11122233a", "", "١١١٢٢٢٣٣٣", None],
)
def test_invalid_bsns_are_refused_with_a_dutch_message(value):
    assert not identifiers.is_valid_bsn(value)
    with pytest.raises(ValidationError) as error, translation_nl():
        identifiers.validate_bsn(value)
    assert "elfproef" in " ".join(error.value.messages)


@settings(max_examples=300, deadline=None)
@given(bsns)
def test_generated_valid_bsns_pass(value):
    assert identifiers.is_valid_bsn(value)


@settings(max_examples=300, deadline=None)
@given(bsns, st.integers(0, 8), st.integers(1, 9))
def test_any_one_digit_mutation_of_a_bsn_fails(value, position, shift):
    digit = (int(value[position]) + shift) % 10
    mutated = value[:position] + str(digit) + value[position + 1 :]
    assert not identifiers.is_valid_bsn(mutated)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**8 - 1))
def test_the_factory_helper_makes_valid_bsns(seed):
    assert identifiers.is_valid_bsn(valid_bsn(seed))


@pytest.mark.parametrize("value", ["1234567890", "0000000001"])
def test_v_number_of_ten_digits_passes(value):
    identifiers.validate_v_number(value)


@pytest.mark.parametrize("value", ["123456789", "12345678901", "12345678a0", "V123456789", ""])
def test_v_number_of_the_wrong_shape_is_refused(value):
    with pytest.raises(ValidationError) as error, translation_nl():
        identifiers.validate_v_number(value)
    assert "10 cijfers" in " ".join(error.value.messages)


def test_mask_shows_only_the_last_three_digits():
    assert identifiers.mask("111222333") == "******333"
    assert identifiers.mask("1234567890") == "*******890"
    assert identifiers.mask("") == ""
    assert identifiers.mask(None) == ""


def test_normalising_drops_separators_and_pads_old_numbers():
    assert identifiers.normalize_bsn("1112.22.333") == "111222333"
    assert identifiers.normalize_bsn("12345674") == "012345674"
    assert identifiers.normalize_v_number("12345 67890") == "1234567890"


def translation_nl():
    from django.utils import translation

    return translation.override("nl")
