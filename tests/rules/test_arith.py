"""round2 and the GS1 check digit, exactly as rules.md defines them."""

from __future__ import annotations

import decimal
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dico_sdk import UsageError
from dico_sdk.calc import (
    complete_gln,
    gln_check_digit,
    is_valid_gln,
    net_line_amount,
    round2,
    vat_amount,
)


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        ("0.125", "0.13"),
        ("-0.125", "-0.13"),  # half away from zero, also for credit amounts
        ("0.124999", "0.12"),
        ("2.675", "2.68"),  # a float would give 2.67
        ("-2.665", "-2.67"),
        ("10", "10.00"),
        ("-0.005", "-0.01"),
    ],
)
def test_round2_is_half_up_away_from_zero(value: str, rounded: str) -> None:
    result = round2(Decimal(value))
    assert result == Decimal(rounded)
    assert str(result) == rounded


def test_round2_refuses_floats() -> None:
    with pytest.raises(UsageError):
        round2(2.675)  # type: ignore[arg-type]


def test_round2_ignores_the_callers_decimal_context() -> None:
    with decimal.localcontext() as ctx:
        ctx.rounding = decimal.ROUND_HALF_EVEN
        ctx.prec = 3
        assert round2(Decimal("12345.125")) == Decimal("12345.13")


@pytest.mark.parametrize(
    ("first12", "digit"),
    [
        ("871234500001", 1),
        ("400638133393", 1),  # EAN-13 4006381333931, a published example
        ("871000000001", 7),
        ("000000000000", 0),
    ],
)
def test_gln_check_digit(first12: str, digit: int) -> None:
    assert gln_check_digit(first12) == digit
    assert complete_gln(first12) == f"{first12}{digit}"
    assert is_valid_gln(f"{first12}{digit}")
    assert not is_valid_gln(f"{first12}{(digit + 1) % 10}")


@pytest.mark.parametrize(
    "bad", ["", "87123450000", "8712345000011", "87123450000a", "\uff18" * 12, None, 871234500001]
)
def test_gln_check_digit_needs_12_ascii_digits(bad: str) -> None:
    with pytest.raises(UsageError):
        gln_check_digit(bad)


@pytest.mark.parametrize(
    "bad",
    ["871234500001", "87123450000111", "871234500001X", " 8712345000011", None, 8712345000011],
)
def test_is_valid_gln_needs_13_digits(bad: str) -> None:
    assert not is_valid_gln(bad)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12), st.integers(0, 9))
def test_exactly_one_check_digit_is_valid(first12: str, digit: int) -> None:
    assert is_valid_gln(f"{first12}{digit}") == (digit == gln_check_digit(first12))


def test_net_line_amount_rounds_only_the_product() -> None:
    # 3 x 2.3450 / 1 = 7.035 -> 7.04; minus 1.00 allowance, plus 0.50 charge
    amount = net_line_amount(
        Decimal("3"), Decimal("2.3450"), None, [Decimal("1.00")], [Decimal("0.50")]
    )
    assert amount == Decimal("6.54")
    # price per 100 units: 250 x 12.3456 / 100 = 30.864 -> 30.86
    assert net_line_amount(Decimal("250"), Decimal("12.3456"), Decimal("100"), [], []) == Decimal(
        "30.86"
    )
    assert net_line_amount(Decimal("-1.5"), Decimal("0.0300"), None) == Decimal("-0.05")


def test_vat_amount() -> None:
    assert vat_amount(Decimal("100.05"), Decimal("21")) == Decimal("21.01")  # 21.0105
    assert vat_amount(Decimal("-0.50"), Decimal("9.00")) == Decimal("-0.05")  # -0.045
