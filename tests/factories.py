from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from jobs.models import (
    Education,
    Employer,
    Occupation,
    Person,
    Region,
    Skill,
    StaffProfile,
    Vacancy,
)
from jobs.services.people import id_number_hash, phone_hash
from jobs.validators import credit_code_check_char, id_check_char

_serial = itertools.count(1)


def make_id_number(region: str = "420821", birth: date = date(1990, 5, 17), male: bool = True) -> str:
    n = next(_serial) % 500
    seq = n * 2 + (1 if male else 0)
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + id_check_char(body)


def make_credit_code(region: str = "420882") -> str:
    body = f"91{region}{next(_serial):09d}"
    return body + credit_code_check_char(body)


def make_phone() -> str:
    return f"139{next(_serial):08d}"


def region(code: str) -> Region:
    return Region.objects.get(code=code)


class OccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occupation

    code = factory.Sequence(lambda n: f"occupation-{n}")
    name = factory.Sequence(lambda n: f"职业{n}")
    industry = "C"


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    code = factory.Sequence(lambda n: f"skill-{n}")
    name = factory.Sequence(lambda n: f"技能{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = "张三"
    id_number = factory.LazyFunction(make_id_number)
    id_number_hash = factory.LazyAttribute(lambda o: id_number_hash(o.id_number))
    birth_date = date(1990, 5, 17)
    sex = "M"
    phone = factory.LazyFunction(make_phone)
    phone_hash = factory.LazyAttribute(lambda o: phone_hash(o.phone))
    home_region = factory.LazyFunction(lambda: region("420882"))
    education = Education.SENIOR_HIGH
    employment_status = Person.EmploymentStatus.UNEMPLOYED
    is_seeking = True
    source = Person.Source.WALK_IN


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"京山测试机械{n}有限公司")
    credit_code = factory.LazyFunction(make_credit_code)
    industry = "C"
    region = factory.LazyFunction(lambda: region("420882"))
    status = Employer.Status.APPROVED


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    employer = factory.SubFactory(EmployerFactory)
    title = "叉车司机"
    occupation = factory.SubFactory(OccupationFactory)
    headcount = 3
    wage_min = 4500
    wage_max = 6500
    region = factory.LazyFunction(lambda: region("420882"))
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=50))
    status = Vacancy.Status.OPEN


def staff_user(
    username: str, area_code: str | None, *, groups: Sequence[str] = (), superuser: bool = False, **extra: Any
) -> Any:
    """A staff account; ``groups`` are role names from jobs.services.roles."""
    from jobs.services.roles import roles_ensure

    user = get_user_model().objects.create_user(
        username=username, password="pw-123456", is_staff=True, is_superuser=superuser
    )
    if groups:
        made = roles_ensure()
        user.groups.add(*(made[g] for g in groups))
    if area_code:
        StaffProfile.objects.create(user=user, area=region(area_code), **extra)
    return user
