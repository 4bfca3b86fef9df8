"""Checks that a government registry needs: GB 11643 ID numbers, GB 32100 credit codes, phones.

The parse functions are plain Python (usable by importers and scoring code alike); the
``validate_*`` wrappers raise Django ``ValidationError`` with a message naming the rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# GB 11643-1999: weight of position i (1-based) is 2^(18-i) mod 11.
_ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
_ID_CHECK = "10X98765432"
# Province-level codes (GB/T 2260), including Taiwan, Hong Kong and Macao.
_PROVINCES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82",
}  # fmt: skip


@dataclass(frozen=True)
class IdNumberInfo:
    number: str
    region_code: str
    birth_date: date
    sex: str  # "M" or "F"


class InvalidValue(ValueError):
    """A value broke a registry rule; ``message`` names the rule."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


def normalize_id_number(raw: str) -> str:
    return re.sub(r"\s+", "", str(raw)).upper()


def id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def parse_id_number(raw: str, *, today: date | None = None) -> IdNumberInfo:
    """Parse and check a resident ID number (GB 11643); raise ``InvalidValue`` if it is wrong."""
    number = normalize_id_number(raw)
    if len(number) == 15 and number.isdigit():
        raise InvalidValue(
            _("ID number: 15-digit first-generation numbers are no longer valid; enter the 18-digit number")
        )
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise InvalidValue(_("ID number: must be 17 digits followed by a digit or X"))
    if number[:2] not in _PROVINCES:
        raise InvalidValue(_("ID number: the first two digits are not a province code"))
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidValue(_("ID number: digits 7-14 are not a valid birth date")) from None
    if birth.year < 1900 or birth > (today or timezone.localdate()):
        raise InvalidValue(_("ID number: the birth date is out of range"))
    if id_check_char(number[:17]) != number[17]:
        raise InvalidValue(_("ID number: the check digit is wrong (GB 11643)"))
    sex = "M" if int(number[16]) % 2 == 1 else "F"
    return IdNumberInfo(number=number, region_code=number[:6], birth_date=birth, sex=sex)


# GB 32100-2015: 31 characters (no I, O, Z, S, V); weight of position i is 3^(i-1) mod 31.
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]


def normalize_credit_code(raw: str) -> str:
    return re.sub(r"\s+", "", str(raw)).upper()


def credit_code_check_char(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def parse_credit_code(raw: str) -> str:
    """Check a unified social credit code (GB 32100); return it normalised."""
    code = normalize_credit_code(raw)
    if len(code) != 18:
        raise InvalidValue(_("Unified social credit code: must be 18 characters"))
    bad = sorted({c for c in code if c not in _USCC_CHARS})
    if bad:
        raise InvalidValue(
            _("Unified social credit code: characters %(chars)s are not allowed (no I, O, Z, S, V)")
            % {"chars": "".join(bad)}
        )
    if not code[2:8].isdigit():
        raise InvalidValue(_("Unified social credit code: characters 3-8 must be a region code"))
    if credit_code_check_char(code[:17]) != code[17]:
        raise InvalidValue(_("Unified social credit code: the check character is wrong (GB 32100)"))
    return code


def normalize_mobile(raw: str) -> str:
    digits = re.sub(r"[\s\-()]", "", str(raw))
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits


def parse_mobile(raw: str) -> str:
    """Check a mainland China mobile number (11 digits, 13x-19x); return it normalised."""
    number = normalize_mobile(raw)
    if not re.fullmatch(r"1[3-9]\d{9}", number):
        raise InvalidValue(_("Mobile number: must be an 11-digit mainland mobile number starting 13-19"))
    return number


def mask_id_number(number: str) -> str:
    """The issuing region and the check character only. The birth date, sequence and sex digits
    stay hidden: shown beside a birth year, the old mask's last four left a few hundred
    candidates, each confirmed by an exact search (the check character cuts them only by 11)."""
    return f"{number[:6]}{'*' * 11}{number[-1]}" if len(number) == 18 else "*" * len(number)


def mask_mobile(number: str) -> str:
    return f"{number[:3]}****{number[-4:]}" if len(number) == 11 else "*" * len(number)


def _raise_django(parse: Callable[[str], object], value: str) -> None:
    try:
        parse(value)
    except InvalidValue as exc:
        raise ValidationError(exc.message, code="invalid") from None


# Dates a registry can mean: nobody now of working age started work, left school or was issued a
# certificate before 1950, and nothing is planned more than ten years ahead. Year 1 or 9999 is
# a slip of the keyboard, and sorts and counts wrongly wherever it is kept.
EARLIEST_REGISTRY_YEAR = 1950
REGISTRY_YEARS_AHEAD = 10


def registry_years(today: date | None = None) -> tuple[int, int]:
    today = today or timezone.localdate()
    return EARLIEST_REGISTRY_YEAR, today.year + REGISTRY_YEARS_AHEAD


def validate_registry_date(value: date) -> None:
    earliest, latest = registry_years()
    if not earliest <= value.year <= latest:
        raise ValidationError(
            _("Must be a date from %(earliest)d to %(latest)d"),
            code="out_of_range",
            params={"earliest": earliest, "latest": latest},
        )


def validate_registry_year(value: int) -> None:
    earliest, latest = registry_years()
    if not earliest <= value <= latest:
        raise ValidationError(
            _("Must be a year from %(earliest)d to %(latest)d"),
            code="out_of_range",
            params={"earliest": earliest, "latest": latest},
        )


def validate_credit_code(value: str) -> None:
    _raise_django(parse_credit_code, value)


def validate_mobile(value: str) -> None:
    _raise_django(parse_mobile, value)
