from datetime import date

import pytest

from jobs.validators import (
    InvalidValue,
    credit_code_check_char,
    id_check_char,
    mask_id_number,
    mask_mobile,
    parse_credit_code,
    parse_id_number,
    parse_mobile,
)

pytestmark = pytest.mark.usefixtures("english")

# --- GB 11643 resident ID numbers ---------------------------------------------------------------


def test_the_standard_example_id_number_is_valid_and_yields_birth_date_and_sex() -> None:
    # given the example printed in GB 11643-1999
    # when
    info = parse_id_number("11010519491231002X")
    # then
    assert info.birth_date == date(1949, 12, 31)
    assert info.sex == "F"  # 17th digit 2 is even
    assert info.region_code == "110105"


def test_lowercase_x_and_spaces_are_normalised() -> None:
    assert parse_id_number(" 11010519491231002x ").number == "11010519491231002X"


def test_odd_seventeenth_digit_means_male() -> None:
    body = "42082119900517001"
    assert parse_id_number(body + id_check_char(body)).sex == "M"


@pytest.mark.parametrize("wrong", ["110105194912310021", "110105194912310020", "110105194912310029"])
def test_wrong_check_digit_is_rejected_naming_the_rule(wrong: str) -> None:
    with pytest.raises(InvalidValue, match="check digit"):
        parse_id_number(wrong)


def test_check_digit_ten_is_written_x() -> None:
    # 11010519491231002 has weighted sum ≡ 2 (mod 11), whose check value is 10, written X
    assert id_check_char("11010519491231002") == "X"


def test_february_thirtieth_is_not_a_birth_date() -> None:
    body = "42082119900230001"
    with pytest.raises(InvalidValue, match="birth date"):
        parse_id_number(body + id_check_char(body))


def test_leap_day_birth_date_is_accepted() -> None:
    body = "42082120000229001"
    assert parse_id_number(body + id_check_char(body)).birth_date == date(2000, 2, 29)


def test_birth_date_in_the_future_is_rejected() -> None:
    body = "42082120300101001"
    with pytest.raises(InvalidValue, match="out of range"):
        parse_id_number(body + id_check_char(body), today=date(2026, 1, 1))


def test_birth_before_1900_is_rejected() -> None:
    body = "44052418800101001"
    with pytest.raises(InvalidValue, match="out of range"):
        parse_id_number(body + id_check_char(body))


def test_unknown_province_prefix_is_rejected() -> None:
    body = "99082119900517001"
    with pytest.raises(InvalidValue, match="province"):
        parse_id_number(body + id_check_char(body))


@pytest.mark.parametrize("raw", ["", "42082119900517", "4208211990051700XX", "42082119900517A01X"])
def test_wrong_length_or_characters_are_rejected(raw: str) -> None:
    with pytest.raises(InvalidValue, match="17 digits"):
        parse_id_number(raw)


def test_fifteen_digit_first_generation_number_asks_for_the_new_one() -> None:
    with pytest.raises(InvalidValue, match="18-digit"):
        parse_id_number("420821900517001")


def test_id_number_is_masked_to_first_six_and_last_four() -> None:
    assert mask_id_number("42082119900517123X") == "420821***********X"


# --- GB 32100 unified social credit codes ---------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "91330100716105852F",  # published codes of well-known companies
        "9144030071526726XG",
        "914403001922038216",
        "91110108551385082Q",
    ],
)
def test_published_credit_codes_are_valid(code: str) -> None:
    assert parse_credit_code(code) == code


def test_credit_code_is_normalised_to_upper_case() -> None:
    assert parse_credit_code("9144030071526726xg") == "9144030071526726XG"


def test_credit_code_with_wrong_check_character_is_rejected() -> None:
    with pytest.raises(InvalidValue, match="GB 32100"):
        parse_credit_code("91330100716105852G")


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_credit_code_letters_outside_the_alphabet_are_named(letter: str) -> None:
    with pytest.raises(InvalidValue, match=letter):
        parse_credit_code(f"913301007161058{letter}2F")


def test_credit_code_needs_region_digits() -> None:
    body = "91A30100716105852"
    with pytest.raises(InvalidValue, match="region"):
        parse_credit_code(body + credit_code_check_char(body))


def test_credit_code_of_wrong_length_is_rejected() -> None:
    with pytest.raises(InvalidValue, match="18 characters"):
        parse_credit_code("9133010071610585")


def test_check_character_zero_when_remainder_is_zero() -> None:
    # (31 - 0) mod 31 = 0: the check character wraps to "0", not "31"
    for body in (f"9142088200000{i:04d}" for i in range(2000)):
        if credit_code_check_char(body) == "0":
            assert parse_credit_code(body + "0")
            break
    else:
        pytest.fail("no body with check character 0 in the range")


# --- Mobile numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["13912345678", "+86 139-1234-5678", "0086 19912345678"])
def test_mainland_mobile_numbers_are_accepted(raw: str) -> None:
    assert len(parse_mobile(raw)) == 11


@pytest.mark.parametrize("raw", ["12912345678", "1391234567", "139123456789", "0724-1234567", "abc"])
def test_other_numbers_are_rejected(raw: str) -> None:
    with pytest.raises(InvalidValue, match="mobile"):
        parse_mobile(raw)


def test_mobile_is_masked_to_first_three_and_last_four() -> None:
    assert mask_mobile("13912345678") == "139****5678"
