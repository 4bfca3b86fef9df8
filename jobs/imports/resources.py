from __future__ import annotations

from collections.abc import Callable
from typing import Any

import tablib
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.results import Result
from import_export.widgets import ManyToManyWidget

from jobs.imports.widgets import (
    EDUCATION_SPELLINGS,
    ChoiceWidget,
    LenientDateWidget,
    NamedListWidget,
    RegionWidget,
    WholeNumberWidget,
    YesNoWidget,
    blank_as_empty,
    split_names,
)
from jobs.models import (
    Education,
    Employer,
    HardshipCategory,
    HardToEmployProfile,
    Industry,
    MigrantRecord,
    Occupation,
    Person,
    RevealLog,
    Skill,
    Vacancy,
    WageUnit,
    WorkType,
)
from jobs.selectors.consent import consent_current
from jobs.selectors.staff import area_allows, scope_to_area
from jobs.services.consent import CONSENTS
from jobs.services.employers import employer_save, employer_set_contact_phone
from jobs.services.hardship import hardship_profile_save
from jobs.services.migrants import migrant_back_home, migrant_record_save
from jobs.services.people import (
    REVEAL_PERMISSION,
    LookupsExhausted,
    identity_lookup_spend,
    person_find_by_id_number,
    person_set_identity,
)
from jobs.services.staff_desk import person_update_by_staff
from jobs.services.vacancies import vacancy_save
from jobs.validators import (
    InvalidValue,
    mask_id_number,
    mask_mobile,
    normalize_id_number,
    parse_credit_code,
    parse_id_number,
)
from workers.triggers import rescore_after_commit, rescore_batched

# A cell starting with one of these is a formula to Excel, LibreOffice or WPS, even in a csv file
# (OWASP "CSV injection"); the leading tab and carriage return hide the rest from a reviewer.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_escaped(value: Any) -> Any:
    """An apostrophe before a text that would start a formula keeps it text in every format:
    spreadsheets show an apostrophe-led cell as the characters after it, and openpyxl writes it
    as a string cell, not a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _field(attribute: str | None, column: str, widget: Any = None, **kwargs: Any) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=column, widget=widget, **kwargs)


def is_masked(value: str) -> bool:
    """Whether a cell holds a number as exports show it (``420882***********5``,
    ``138****5678``): it stands for the number on file, not for a new one."""
    return "*" in value


class SheetResult(Result):  # type: ignore[misc]
    """An import's result with its rows numbered as the spreadsheet numbers them: the header is
    row 1, so the first data row is row 2 (``first_row``, later for a later batch of a file)."""

    first_row = 2

    def append_invalid_row(self, number: int, row: Any, validation_error: Any) -> None:
        super().append_invalid_row(number + self.first_row - 1, row, validation_error)

    def row_errors(self) -> list[tuple[int, Any]]:
        return [(row.errors[0].number + self.first_row - 1, row.errors) for row in self.rows if row.errors]


class RegistryResource(resources.ModelResource):
    """Shared behaviour: the importing user's area, per-file duplicate detection, atomic import.
    Each registry's resource defines ``write``: it saves a row's checked instance through the
    service every other write of the same change goes through."""

    write: Callable[[Any, Any], None]

    area_path: str = ""  # path from the row's model to the Region that decides its area
    area_column: str = ""
    # Error keys that are model fields without a column of their own, and the column to show.
    error_columns: dict[str, str] = {}

    def __init__(self, user: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user = user
        self._seen: dict[str, int] = {}
        self._row_offset = 0

    def get_result_class(self) -> type[Result]:
        return type("SheetResult", (SheetResult,), {"first_row": 2 + self._row_offset})

    def check_once_in_file(self, key: str, row_number: int | None, field: str, label: str) -> None:
        first = self._seen.setdefault(key, row_number or 0)
        if first != (row_number or 0):
            raise ValidationError(
                {field: _("%(label)s: same as row %(row)s in this file") % {"label": label, "row": first}}
            )

    def region_of(self, instance: Any) -> Any:
        obj = instance
        for part in self.area_path.split("__"):
            obj = getattr(obj, part, None)
        return obj

    def check_area(self, instance: Any, field: str) -> None:
        if self.user is None:
            return
        if not area_allows(self.user, self.region_of(instance)):
            raise ValidationError(
                {field: _("%(column)s: outside your area of responsibility") % {"column": self.area_column}}
            )

    def import_row(self, row: Any, instance_loader: Any, **kwargs: Any) -> Any:
        # row_offset: where this batch starts in the file (see jobs.imports.files.registry_import)
        # The row as the spreadsheet numbers it (the header is row 1).
        self._row_number = (kwargs.get("row_number") or 0) + kwargs.get("row_offset", 0) + 1
        for column, value in list(row.items()):
            value = row[column] = blank_as_empty(value)
            # An export's escape taken back off, so an exported file imports as it was.
            if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
                row[column] = value[1:]
        return super().import_row(row, instance_loader, **kwargs)

    def save_instance(self, instance: Any, is_create: bool, row: Any, **kwargs: Any) -> None:
        # The row is written by the service every other write of the same change goes through;
        # a dry run (a preview) writes too, inside the transaction that is then rolled back, so
        # that it reports what the write would refuse.
        if not self._is_using_transactions(kwargs) and self._is_dry_run(kwargs):
            return
        try:
            self.write(instance, row)
        except ValidationError as exc:
            raise (self.by_column(exc) if hasattr(exc, "error_dict") else exc) from None

    def after_init_instance(self, instance: Any, new: bool, row: Any, **kwargs: Any) -> None:
        # An existing row outside the importer's area must not be touched (nor its existence
        # confirmed beyond this refusal).
        if not new:
            self.check_area(instance, self.area_path.split("__")[0])

    def import_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
        errors: Any = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        # Many-to-many columns are saved after the row, so check their names now: an unknown
        # name must be a row error in the preview, not a failure halfway through the save.
        for field in self.get_import_fields():
            if field.attribute and isinstance(field.widget, ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as exc:
                    errors[field.attribute] = [str(exc)]
        try:
            self.import_extra(instance, row)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if not errors:
            try:
                self.check_area(instance, self.area_path.split("__")[0])
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def import_extra(self, instance: Any, row: Any) -> None:
        """Columns that need more than one model field; raise ValidationError keyed by field."""

    def validate_instance(
        self, instance: Any, import_validation_errors: Any = None, validate_unique: bool = True
    ) -> None:
        # Unique and check constraints are left to the database (a violation still aborts the
        # whole import): checking each in Python costs a query per constraint per row, rows are
        # matched to existing ones by their natural key first, duplicates within a file are
        # caught by check_once_in_file, and the models' clean() names the field and the rule of
        # every check a file can break.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=list(errors), validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise self.by_column(ValidationError(errors))

    def by_column(self, error: ValidationError) -> ValidationError:
        """Re-key errors from model field names to the file's column headers, which are what
        staff see in the preview."""
        columns = dict(self.error_columns)
        for name, field in self.fields.items():
            columns[name] = field.column_name
            if field.attribute:
                columns.setdefault(field.attribute, field.column_name)
        return ValidationError(
            {columns.get(key, key): messages for key, messages in error.message_dict.items()}
        )

    def import_data(self, dataset: Any, **kwargs: Any) -> Any:
        kwargs["rollback_on_validation_errors"] = True
        kwargs.setdefault("use_transactions", True)
        self._row_offset = kwargs.get("row_offset") or 0
        if not self._row_offset:  # a later batch of the same file keeps what it saw
            self._seen = {}
        with rescore_batched() as (people, vacancies):  # the rows' services ask; queued once here
            result = super().import_data(dataset, **kwargs)
        if not kwargs.get("dry_run") and not result.has_errors() and not result.has_validation_errors():
            rescore_after_commit(person_ids=people, vacancy_ids=vacancies)
        return result

    def numbered(self, row: Any, column: str, queryset: QuerySet[Any], area_path: str) -> Any:
        """The row an export's number column (人员编号, 岗位编号) names, if the importer may see it."""
        number = str(row.get(column) or "").strip().removesuffix(".0")
        if not number.isdigit():
            return None
        found = queryset.filter(pk=int(number))
        if self.user is not None:
            found = scope_to_area(found, self.user, area_path)
        return found.first()

    def person_numbered(self, row: Any) -> Person | None:
        people = Person.objects.filter(closed_at__isnull=True)
        person: Person | None = self.numbered(row, "人员编号", people, "home_region")
        return person

    def person_on_file(self, id_number: str, field: str) -> Person | None:
        """The person with this ID number, the look-up counted against the importer's daily
        allowance: a preview says of each row whether its number is on file."""
        self.lookup_spend(id_number, field)
        return person_find_by_id_number(id_number)

    def lookup_spend(self, id_number: str, field: str) -> None:
        if self.user is not None:
            try:
                identity_lookup_spend(user=self.user, number=id_number, by_import=True)
            except LookupsExhausted:
                raise ValidationError({field: [_(
                    "ID number: today's allowance of look-ups by full number is used up; staff who "
                    "may reveal numbers can import this file"
                )]}) from None  # fmt: skip

    def can_reveal(self) -> bool:
        return self.user is not None and self.user.has_perm(REVEAL_PERMISSION)

    def export(self, queryset: Any = None, **kwargs: Any) -> tablib.Dataset:
        # Escaped here, for every format: the library's IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT
        # only drops one leading "=" (not "+", "-", "@", a tab or CR) and turns every cell,
        # numbers and dates too, into text.
        dataset = super().export(queryset, **kwargs)
        return tablib.Dataset(
            *[[formula_escaped(value) for value in row] for row in dataset],
            headers=dataset.headers,
            title=dataset.title,
        )


class PersonResource(RegistryResource):
    area_path = "home_region"
    area_column = "现居住地"

    # The person's row id, which an export carries so that it imports back with its numbers
    # masked; it finds only people of the importer's area.
    person_number = _field(None, "人员编号")
    name = _field("name", "姓名")
    id_number = _field(None, "身份证号")
    phone = _field(None, "手机号")
    home_region = _field("home_region", "现居住地", RegionWidget())
    address = _field("address", "详细地址")
    hukou_region = _field("hukou_region", "户籍地", RegionWidget(required=False))
    education = _field("education", "学历", ChoiceWidget(Education.choices, aliases=EDUCATION_SPELLINGS))
    major = _field("major", "专业")
    employment_status = _field("employment_status", "就业状态", ChoiceWidget(Person.EmploymentStatus.choices))
    is_seeking = _field("is_seeking", "正在求职", YesNoWidget())
    desired_occupations = _field("desired_occupations", "期望职业", NamedListWidget(Occupation))
    expected_wage = _field("expected_wage", "期望月薪", WholeNumberWidget())
    skills = _field(None, "技能", NamedListWidget(Skill))
    self_description = _field("self_description", "自我描述")
    consent_matching = _field("consent_matching", "同意岗位匹配", YesNoWidget())
    consent_contact = _field("consent_contact", "同意单位联系", YesNoWidget())
    # The consent text the person agreed to; without it, the text shown now.
    consent_text_version = _field(None, "同意书版本")

    class Meta:
        model = Person
        import_id_fields: list[str] = []
        fields = (
            "person_number", "name", "id_number", "phone", "home_region", "address", "hukou_region",
            "education", "major", "employment_status", "is_seeking", "desired_occupations",
            "expected_wage", "skills", "self_description", "consent_matching", "consent_contact",
            "consent_text_version",
        )  # fmt: skip
        clean_model_instances = True
        skip_unchanged = False

    def get_instance(self, instance_loader: Any, row: Any) -> Person | None:
        if str(row.get("人员编号") or "").strip():
            return self.person_numbered(row)  # none found: reported by import_extra
        raw = normalize_id_number(str(row.get("身份证号") or ""))
        if is_masked(raw):
            return None  # reported by import_extra
        try:
            info = parse_id_number(raw)
        except InvalidValue:
            return None  # reported as a field error by import_extra
        return self.person_on_file(info.number, "id_number")

    def init_instance(self, row: Any = None) -> Person:
        return Person(source=Person.Source.IMPORT)

    def import_extra(self, instance: Person, row: Any) -> None:
        errors: Any = {}
        if str(row.get("人员编号") or "").strip() and instance.pk is None:
            errors["person_number"] = [_("Person number: no such person in your area")]
        raw_id: str | None = normalize_id_number(str(row.get("身份证号") or ""))
        # A blank phone cell means "not known here", not "delete the number on file".
        raw_phone: str | None = str(row.get("手机号") or "").strip().removesuffix(".0") or None
        if raw_id and is_masked(raw_id):
            if instance.pk is None:
                errors["id_number"] = [_(
                    "ID number: a masked number keeps the one on file; a new person needs the full number"
                )]  # fmt: skip
            elif raw_id != mask_id_number(instance.id_number):
                errors["id_number"] = [_("ID number: the masked number does not fit the one on file")]
            raw_id = None
        elif raw_id and instance.pk is not None and str(row.get("人员编号") or "").strip():
            self.lookup_spend(raw_id, "id_number")  # the answer says whether it is on file
        if raw_phone and is_masked(raw_phone):
            if instance.pk is None or raw_phone != mask_mobile(instance.phone or ""):
                errors["phone"] = [_("Mobile number: the masked number does not fit the one on file")]
            raw_phone = None
        if "id_number" not in errors:
            try:
                person_set_identity(person=instance, id_number=raw_id, phone=raw_phone)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if "id_number" not in errors and instance.id_number_hash:
            try:
                self.check_once_in_file(instance.id_number_hash, self._row_number, "id_number", "身份证号")
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        try:
            instance._import_skills = self.fields["skills"].widget.clean(row.get("技能"))  # type: ignore[attr-defined]
        except ValueError as exc:
            errors["skills"] = [str(exc)]
        if errors:
            raise ValidationError(errors)

    def write(self, instance: Person, row: Any) -> None:
        # The consents go to the consent rule as a change from what is on file (the columns
        # have set them on the instance already).
        on_file = Person.objects.filter(pk=instance.pk).values(*CONSENTS).first() if instance.pk else None
        data: dict[str, Any] = {"home_region": instance.home_region}
        for name in CONSENTS:
            if self.fields[name].column_name in row:
                data[name] = getattr(instance, name)
                setattr(instance, name, (on_file or {}).get(name, False))
        version = str(row.get("同意书版本") or "").strip()
        if not version:
            current = consent_current()
            version = current.version if current else ""
        new_skills = getattr(instance, "_import_skills", [])
        if new_skills:  # added to the ones held, which keep their level and years
            held = {ps.skill_id: {"skill": ps.skill, "level": ps.level, "years": ps.years}
                    for ps in instance.skills.select_related("skill")} if instance.pk else {}  # fmt: skip
            for skill in new_skills:
                held.setdefault(skill.pk, {"skill": skill})
            data["skills"] = list(held.values())
        person_update_by_staff(staff=self.user, person=instance, consent_text_version=version or None, **data)

    def dehydrate_person_number(self, person: Person) -> str:
        return str(person.pk)

    def dehydrate_consent_text_version(self, person: Person) -> str:
        return person.consent_text_version

    def dehydrate_id_number(self, person: Person) -> str:
        return person.id_number if self.can_reveal() else person.id_number_masked

    def dehydrate_phone(self, person: Person) -> str:
        return person.phone if self.can_reveal() else person.phone_masked

    def dehydrate_skills(self, person: Person) -> str:
        return "、".join(ps.skill.name for ps in person.skills.all())

    def after_export(self, queryset: Any, dataset: Any, **kwargs: Any) -> None:
        if self.can_reveal():
            RevealLog.objects.bulk_create(
                RevealLog(staff=self.user, person_id=pk, fields="id_number,phone", purpose="export")
                for pk in queryset.values_list("pk", flat=True)
            )

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("skills__skill", "desired_occupations")


class PersonLinkedResource(RegistryResource):
    """Rows that belong to a person already in the labour registry, named by ID number."""

    area_path = "person__home_region"
    area_column = "身份证号"
    error_columns = {"person": "身份证号"}

    def find_person(self, row: Any) -> Person:
        raw = normalize_id_number(str(row.get("身份证号") or ""))
        if is_masked(raw) or str(row.get("人员编号") or "").strip():
            # An export's row: its 人员编号 names the person, its masked number must be theirs.
            person = self.person_numbered(row)
            if person is None:
                raise ValidationError({"person_number": [_("Person number: no such person in your area")]})
            if is_masked(raw) and raw != mask_id_number(person.id_number):
                raise ValidationError(
                    {"person": [_("ID number: the masked number does not fit the one on file")]}
                )
            if not is_masked(raw) and self.person_on_file(raw, "person") != person:
                raise ValidationError(
                    {"person": [_("ID number: not the number on file for this person number")]}
                )
            return person
        try:
            info = parse_id_number(raw)
        except InvalidValue as exc:
            raise ValidationError({"person": [str(exc.message)]}) from None
        person = self.person_on_file(info.number, "person")
        if person is None:
            raise ValidationError(
                {"person": [_("ID number: no such person in the labour registry; import them there first")]}
            )
        if self.user is not None and not area_allows(self.user, person.home_region):
            raise ValidationError(
                {"person": [_("ID number: this person is outside your area of responsibility")]}
            )
        return person

    def dehydrate_person_number(self, obj: Any) -> str:
        return str(obj.person_id)

    def dehydrate_person_id_number(self, obj: Any) -> str:
        person = obj.person
        return person.id_number if self.can_reveal() else person.id_number_masked

    def after_export(self, queryset: Any, dataset: Any, **kwargs: Any) -> None:
        if self.can_reveal():  # a full export is a reveal of every person in it
            people = set(queryset.values_list("person_id", flat=True))
            RevealLog.objects.bulk_create(
                RevealLog(staff=self.user, person_id=pk, fields="id_number", purpose="export")
                for pk in people
            )


class MigrantRecordResource(PersonLinkedResource):
    """Each imported row becomes the person's current record; the previous one is kept as history.
    A row that fills in 实际返乡时间 for a current record without one is the person's return,
    with the effects of their own "I am back"."""

    person_number = _field(None, "人员编号")
    person_id_number = _field(None, "身份证号")
    person_name = _field("person__name", "姓名", readonly=True)
    work_region = _field("work_region", "务工地", RegionWidget())
    industry = _field("industry", "行业", ChoiceWidget(Industry.choices, required=False))
    occupation = _field(None, "职业", NamedListWidget(Occupation))
    employer_name = _field("employer_name", "务工单位")
    started_on = _field("started_on", "外出时间", LenientDateWidget())
    expected_return_on = _field("expected_return_on", "预计返乡时间", LenientDateWidget())
    returned_on = _field("returned_on", "实际返乡时间", LenientDateWidget())
    intends_local_work = _field("intends_local_work", "有意本地就业", YesNoWidget(default=None))
    insurance_region = _field("insurance_region", "社保缴纳地", RegionWidget(required=False))

    class Meta:
        model = MigrantRecord
        import_id_fields: list[str] = []
        fields = (
            "person_number", "person_id_number", "person_name", "work_region", "industry", "occupation",
            "employer_name", "started_on", "expected_return_on", "returned_on",
            "intends_local_work", "insurance_region",
        )  # fmt: skip
        clean_model_instances = True

    def get_instance(self, instance_loader: Any, row: Any) -> None:
        return None  # always a new history row

    def import_extra(self, instance: MigrantRecord, row: Any) -> None:
        instance.person = self.find_person(row)
        self.check_once_in_file(instance.person.id_number_hash, self._row_number, "person", "身份证号")
        names = split_names(row.get("职业"))
        if names:
            try:
                instance.occupation = self.fields["occupation"].widget.clean(names[0])[0]
            except ValueError as exc:
                raise ValidationError({"occupation": [str(exc)]}) from None
        instance.recorded_by = self.user
        instance.is_current = True
        current = MigrantRecord.objects.filter(person=instance.person, is_current=True).first()
        returning = instance.returned_on and current is not None and current.returned_on is None
        instance._return_of = current if returning else None  # type: ignore[attr-defined]

    def write(self, instance: MigrantRecord, row: Any) -> None:
        current: MigrantRecord | None = getattr(instance, "_return_of", None)
        if current is None:
            migrant_record_save(record=instance, recorded_by=self.user)
            return
        # What else the row says of the time away is kept first, as its own history row.
        said = [f.attribute for f in self.get_import_fields() if f.attribute and f.column_name in row]
        told = {a for a in said if "__" not in a} - {"returned_on", "intends_local_work"}
        if (
            any(getattr(instance, a) != getattr(current, a) for a in told)
            or instance.occupation != current.occupation
        ):
            before = MigrantRecord(person=instance.person, **{
                f.attname: getattr(instance, f.attname) for f in MigrantRecord._meta.concrete_fields
                if f.attname not in {"id", "person_id", "returned_on", "intends_local_work", "recorded_at"}
            })  # fmt: skip
            before.intends_local_work = current.intends_local_work
            migrant_record_save(record=before, recorded_by=self.user)
        assert instance.returned_on is not None  # a return has its date
        record = migrant_back_home(
            person=instance.person,
            returned_on=instance.returned_on,
            intends_local_work=instance.intends_local_work,
            recorded_by=self.user,
        )
        instance.pk, instance._state.adding = record.pk, False

    def dehydrate_occupation(self, record: MigrantRecord) -> str:
        return str(record.occupation) if record.occupation else ""


class HardshipResource(PersonLinkedResource):
    person_number = _field(None, "人员编号")
    person_id_number = _field(None, "身份证号")
    person_name = _field("person__name", "姓名", readonly=True)
    categories = _field(None, "困难类别", ChoiceWidget(HardshipCategory.choices))
    registered_on = _field("registered_on", "认定日期", LenientDateWidget())

    class Meta:
        model = HardToEmployProfile
        import_id_fields: list[str] = []
        fields = (
            "person_number", "person_id_number", "person_name", "categories", "registered_on",
        )  # fmt: skip
        clean_model_instances = True

    def get_instance(self, instance_loader: Any, row: Any) -> HardToEmployProfile | None:
        try:
            person = self.find_person(row)
        except ValidationError:
            return None
        return HardToEmployProfile.objects.filter(person=person).first()

    def import_extra(self, instance: HardToEmployProfile, row: Any) -> None:
        if instance.pk is None:  # an existing profile already came with its person
            instance.person = self.find_person(row)
        self.check_once_in_file(instance.person.id_number_hash, self._row_number, "person", "身份证号")
        widget = self.fields["categories"].widget
        names = split_names(row.get("困难类别"))
        if not names:
            raise ValidationError({"categories": [_("Hardship categories: at least one is required")]})
        try:
            instance._import_categories = [widget.clean(n) for n in names]  # type: ignore[attr-defined]
        except ValueError as exc:
            raise ValidationError({"categories": [str(exc)]}) from None

    def write(self, instance: HardToEmployProfile, row: Any) -> None:
        # The warning tier is the rules', found again for the person as they are saved.
        hardship_profile_save(profile=instance, categories=getattr(instance, "_import_categories", []))

    def dehydrate_categories(self, profile: HardToEmployProfile) -> str:
        return "、".join(c.get_category_display() for c in profile.categories.all())


class EmployerResource(RegistryResource):
    area_path = "region"
    area_column = "所在地"

    name = _field("name", "单位名称")
    credit_code = _field("credit_code", "统一社会信用代码")
    industry = _field("industry", "行业", ChoiceWidget(Industry.choices))
    region = _field("region", "所在地", RegionWidget())
    address = _field("address", "地址")
    staff_count = _field("staff_count", "职工人数", WholeNumberWidget())
    contact_name = _field("contact_name", "联系人")
    contact_phone = _field(None, "联系电话")
    status = _field("status", "状态", ChoiceWidget(Employer.Status.choices, required=False))

    class Meta:
        model = Employer
        import_id_fields: list[str] = []
        fields = (
            "name", "credit_code", "industry", "region", "address", "staff_count",
            "contact_name", "contact_phone", "status",
        )  # fmt: skip
        clean_model_instances = True

    def get_instance(self, instance_loader: Any, row: Any) -> Employer | None:
        try:
            code = parse_credit_code(str(row.get("统一社会信用代码") or ""))
        except InvalidValue:
            return None
        return Employer.objects.filter(credit_code=code).first()

    def import_extra(self, instance: Employer, row: Any) -> None:
        errors: Any = {}
        try:
            instance.credit_code = parse_credit_code(str(row.get("统一社会信用代码") or ""))
            self.check_once_in_file(instance.credit_code, self._row_number, "credit_code", "统一社会信用代码")
        except InvalidValue as exc:
            errors["credit_code"] = [str(exc.message)]
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        phone = str(row.get("联系电话") or "").strip()
        if is_masked(phone):  # as an export shows it: the number on file, kept
            if instance.pk is None or phone != mask_mobile(instance.contact_phone or ""):
                errors["contact_phone"] = [_("Contact phone: the masked number does not fit the one on file")]
        else:
            try:
                employer_set_contact_phone(employer=instance, phone=phone)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if not instance.status:
            instance.status = Employer.Status.PENDING
        if errors:
            raise ValidationError(errors)

    def write(self, instance: Employer, row: Any) -> None:
        employer_save(employer=instance)  # its vacancies re-scored

    def dehydrate_contact_phone(self, employer: Employer) -> str:
        return mask_mobile(employer.contact_phone or "")


class VacancyResource(RegistryResource):
    area_path = "region"
    area_column = "工作地点"
    error_columns = {"employer": "单位统一社会信用代码"}

    vacancy_number = _field(None, "岗位编号")
    employer_code = _field(None, "单位统一社会信用代码")
    employer_name = _field("employer__name", "单位名称", readonly=True)
    title = _field("title", "岗位名称")
    occupation = _field(None, "职业", NamedListWidget(Occupation))
    work_type = _field("work_type", "用工形式", ChoiceWidget(WorkType.choices))
    headcount = _field("headcount", "招聘人数", WholeNumberWidget())
    wage_min = _field("wage_min", "最低薪酬", WholeNumberWidget())
    wage_max = _field("wage_max", "最高薪酬", WholeNumberWidget())
    wage_unit = _field("wage_unit", "计薪单位", ChoiceWidget(WageUnit.choices))
    education_min = _field(
        "education_min",
        "最低学历",
        ChoiceWidget(Education.choices, required=False, aliases=EDUCATION_SPELLINGS),
    )
    region = _field("region", "工作地点", RegionWidget())
    address = _field("address", "详细地址")
    valid_from = _field("valid_from", "有效期起", LenientDateWidget())
    valid_until = _field("valid_until", "有效期止", LenientDateWidget())
    start_date = _field("start_date", "开始日期", LenientDateWidget())
    status = _field("status", "状态", ChoiceWidget(Vacancy.Status.choices, required=False))
    skills = _field(None, "技能要求", NamedListWidget(Skill))
    description = _field("description", "岗位描述")

    class Meta:
        model = Vacancy
        import_id_fields: list[str] = []
        fields = (
            "vacancy_number", "employer_code", "employer_name", "title", "occupation", "work_type", "headcount",
            "wage_min", "wage_max", "wage_unit", "education_min", "region", "address",
            "valid_from", "valid_until", "start_date", "status", "skills", "description",
        )  # fmt: skip
        clean_model_instances = True

    def get_instance(self, instance_loader: Any, row: Any) -> Vacancy | None:
        # Vacancies have no natural key: a row is a new posting unless it carries the 岗位编号 of
        # an export, which names one the importer may see.
        vacancy: Vacancy | None = self.numbered(row, "岗位编号", Vacancy.objects.all(), "region")
        return vacancy

    def import_extra(self, instance: Vacancy, row: Any) -> None:
        errors: Any = {}
        if str(row.get("岗位编号") or "").strip() and instance.pk is None:
            errors["vacancy_number"] = [_("Vacancy number: no such vacancy in your area")]
        try:
            code = parse_credit_code(str(row.get("单位统一社会信用代码") or ""))
            employer = Employer.objects.filter(credit_code=code).first()
            if employer is None:
                errors["employer"] = [_("Employer: no employer with this credit code; import it first")]
            elif self.user is not None and not area_allows(self.user, employer.region):
                column = {"column": "单位统一社会信用代码"}
                errors["employer"] = [_("%(column)s: outside your area of responsibility") % column]
            else:
                instance.employer = employer
        except InvalidValue as exc:
            errors["employer"] = [str(exc.message)]
        try:
            instance.occupation = self.fields["occupation"].widget.clean(row.get("职业"))[0]
        except (ValueError, IndexError) as exc:
            errors["occupation"] = [str(exc) or _("required")]
        try:
            instance._import_skills = self.fields["skills"].widget.clean(row.get("技能要求"))  # type: ignore[attr-defined]
        except ValueError as exc:
            errors["skills"] = [str(exc)]
        if not str(row.get("状态") or "").strip() and instance.pk is None:
            # Without a status a new posting goes live only if staff have approved its employer.
            approved = instance.employer_id and instance.employer.status == Employer.Status.APPROVED
            instance.status = Vacancy.Status.OPEN if approved else Vacancy.Status.DRAFT
        if errors:
            raise ValidationError(errors)

    def write(self, instance: Vacancy, row: Any) -> None:
        skills = [{"skill": skill} for skill in getattr(instance, "_import_skills", [])]
        vacancy_save(vacancy=instance, data={"skills": skills})  # the row's skills replace those held

    def dehydrate_vacancy_number(self, vacancy: Vacancy) -> str:
        return str(vacancy.pk)

    def dehydrate_employer_code(self, vacancy: Vacancy) -> str:
        return vacancy.employer.credit_code

    def dehydrate_occupation(self, vacancy: Vacancy) -> str:
        return str(vacancy.occupation)

    def dehydrate_skills(self, vacancy: Vacancy) -> str:
        return "、".join(vs.skill.name for vs in vacancy.skills.all())
