"""Who a subsidy policy is for: its conditions, as data over the facts of an occasion (a hire, a
new vocational certificate, a course completed), checked here as plain functions of those facts
with no database, so the daily check, the event that makes someone eligible and the admin's
validation read one rule.

A condition is ``{"fact": ..., "op": ..., "value": ...}``; a policy's conditions must all hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.models.choices import CertificateLevel, Education, WorkType
from jobs.models.hardship import HardshipCategory
from jobs.services.tier_rules import add_months

HIRE, CERTIFICATE, COURSE = "hire", "certificate", "course"
EVERY = (HIRE, CERTIFICATE, COURSE)


@dataclass(frozen=True)
class Occasion:
    """What happened, to whom, on which day: the facts a policy's conditions read. ``key`` names
    the occasion once and for all (a policy pays once per key)."""

    kind: str
    key: str
    day: date
    person_id: int
    region: str = ""  # where the person lives (a region code)
    employer_id: int | None = None
    education: int = 0
    in_registry: bool = False  # in the hard-to-employ registry on the day
    categories: frozenset[str] = field(default_factory=frozenset)
    graduation_year: int | None = None
    employed: bool = False  # in work on the day (for a hire: from that day)
    work_type: str | None = None  # a hire: the vacancy's
    certificate_level: int | None = None  # a certificate: its level (5 初级 … 1 高级技师)
    course_kind: str | None = None  # a course completed: skills training or a new apprenticeship


def years_after_school(graduation_year: int | None, leaving_month: int, day: date) -> int | None:
    """How many years after leaving school ``day`` falls, as the words "in the graduation year
    or within N years of leaving school" (毕业年度和离校N年内) count it: 0 in the graduation
    year (毕业年度, to 31 December), then N for a day up to and including the N-th anniversary
    of leaving (the first of ``leaving_month``): a period of years ends on the corresponding day
    (民法典 第二百零一条) and "within" includes the number (第一千二百五十九条). None without a
    graduation year or before that year."""
    if graduation_year is None or day.year < graduation_year:
        return None
    if day.year == graduation_year:
        return 0
    left = date(graduation_year, leaving_month, 1)
    years = 1
    while add_months(left, 12 * years) < day:
        years += 1
    return years


# fact -> (what it is, the occasions that have it, its kind of value)
FACTS: dict[str, tuple[Any, tuple[str, ...], str]] = {
    "in_registry": (gettext_lazy("in the hard-to-employ registry"), EVERY, "bool"),
    "category": (gettext_lazy("hard-to-employ category"), EVERY, "set"),
    "years_after_school": (gettext_lazy("years after leaving school (0: the graduation year)"), EVERY, "int"),
    "education": (gettext_lazy("education (4: junior college, 5: bachelor…)"), EVERY, "int"),
    "employed": (gettext_lazy("in work"), EVERY, "bool"),
    "work_type": (gettext_lazy("work type of the post"), (HIRE,), "set"),
    "certificate_level": (gettext_lazy("certificate level"), (CERTIFICATE,), "set"),
    "course_kind": (gettext_lazy("kind of course (skills, apprenticeship)"), (COURSE,), "set"),
}  # fmt: skip
OPS = {"bool": ("is",), "int": ("is", "at_least", "at_most"), "set": ("any_of", "none_of")}
KNOWN_VALUES: dict[str, set[Any]] = {
    "education": set(Education.values),
    "category": set(HardshipCategory.values),
    "work_type": set(WorkType.values),
    "certificate_level": set(CertificateLevel.values),
    "course_kind": {"skills", "apprenticeship"},
}


def conditions_errors(conditions: Any, occasion: str) -> list[str]:
    """What is wrong with a policy's conditions for an occasion, one message a condition (in
    the active language), naming the condition by its place and the rule it breaks."""
    if not isinstance(conditions, list):
        return [_("Conditions: a list of conditions")]
    errors = []
    for n, c in enumerate(conditions, start=1):
        if not isinstance(c, dict) or set(c) != {"fact", "op", "value"}:
            errors.append(_("Condition %(n)d: give exactly fact, op and value") % {"n": n})
            continue
        fact, op, value = c["fact"], c["op"], c["value"]
        if not isinstance(fact, str) or fact not in FACTS:
            errors.append(_("Condition %(n)d: unknown fact %(fact)r") % {"n": n, "fact": fact})
            continue
        label, occasions, kind = FACTS[fact]
        if occasion not in occasions:
            errors.append(
                _("Condition %(n)d: %(fact)s is not known of this occasion") % {"n": n, "fact": label}
            )
        elif not isinstance(op, str) or op not in OPS[kind]:
            errors.append(_("Condition %(n)d: %(fact)s takes one of %(ops)s") % {
                "n": n, "fact": label, "ops": ", ".join(OPS[kind])})  # fmt: skip
        elif kind == "bool" and not isinstance(value, bool):
            errors.append(_("Condition %(n)d: %(fact)s: true or false") % {"n": n, "fact": label})
        elif kind == "int" and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            errors.append(_("Condition %(n)d: %(fact)s: a whole number, 0 or more") % {"n": n, "fact": label})
        elif kind == "set" and (not isinstance(value, list) or not value or not all(map(_plain, value))):
            errors.append(
                _("Condition %(n)d: %(fact)s: a list of one or more values") % {"n": n, "fact": label}
            )
        elif fact in KNOWN_VALUES and not set(value if kind == "set" else [value]) <= KNOWN_VALUES[fact]:
            errors.append(_("Condition %(n)d: %(fact)s: not a known value") % {"n": n, "fact": label})
    return errors


def _plain(value: Any) -> bool:
    """What a list of values may hold: strings and whole numbers (true and false are neither)."""
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def fact_of(occasion: Occasion, fact: str, leaving_month: int) -> Any:
    if fact == "years_after_school":
        return years_after_school(occasion.graduation_year, leaving_month, occasion.day)
    if fact == "category":
        return occasion.categories
    if fact in ("work_type", "certificate_level", "course_kind"):
        value = getattr(occasion, fact)
        return frozenset() if value is None else frozenset([value])
    return getattr(occasion, fact)


def holds(condition: dict[str, Any], occasion: Occasion, leaving_month: int) -> bool:
    """Whether one (valid) condition holds on the occasion; an unknown fact never does."""
    value, want = fact_of(occasion, condition["fact"], leaving_month), condition["value"]
    op = condition["op"]
    if value is None:
        return False
    if op == "is":
        return bool(value == want)
    if op == "at_least":
        return bool(value >= want)
    if op == "at_most":
        return bool(value <= want)
    if op == "any_of":
        return bool(set(value) & set(want))
    return not set(value) & set(want)  # none_of


def eligible(conditions: list[dict[str, Any]], occasion: Occasion, *, leaving_month: int) -> bool:
    return all(holds(c, occasion, leaving_month) for c in conditions)
