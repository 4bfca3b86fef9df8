from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db.models import Model, Q
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets

from jobs.models import Education, Region
from jobs.selectors.regions import region_resolve

_SPLIT = re.compile(r"[、,，;；/\n]+")


def split_names(value: Any) -> list[str]:
    return [part.strip() for part in _SPLIT.split(str(value or "")) if part.strip()]


def blank_as_empty(value: Any) -> Any:
    """An empty cell of an xlsx or ods file reads as None, of a csv file as "": both mean an
    empty cell, which a text column keeps as empty text (and a preview shows as nothing)."""
    return "" if value is None else value


def _blank(value: Any) -> bool:
    return value is None or str(value).strip() == ""


class ChoiceWidget(widgets.Widget):
    """Accepts a choice's stored value or its label (Chinese or English); renders the label."""

    def __init__(self, choices: Any, *, required: bool = True, aliases: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.choices = list(choices)
        self.required = required
        self.aliases = aliases or {}
        self._table: dict[str, Any] | None = None

    def _lookup(self) -> dict[str, Any]:
        # A spreadsheet says 全职 whatever language the person importing it reads the UI in.
        if self._table is not None:
            return self._table
        table: dict[str, Any] = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for value, label in self.choices:
                    table[str(value)] = value
                    table[str(label)] = value
        self._table = {**self.aliases, **table}
        return self._table

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if _blank(value):
            if self.required:
                raise ValueError(_("required"))
            return None
        text = str(value).strip()
        if text.endswith(".0") and text[:-2].isdigit():  # spreadsheets turn 3 into 3.0
            text = text[:-2]
        table = self._lookup()
        if text not in table:
            allowed = "、".join(str(label) for _v, label in self.choices)
            raise ValueError(
                _("“%(value)s” is not one of: %(allowed)s") % {"value": text, "allowed": allowed}
            )
        return table[text]

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        for choice_value, label in self.choices:
            if choice_value == value:
                return str(label)
        return "" if value is None else str(value)


# How offices write an education level when they do not copy the label: each names one level.
EDUCATION_SPELLINGS = {
    "小学": Education.PRIMARY, "小学以下": Education.PRIMARY, "文盲": Education.PRIMARY,
    "初中": Education.JUNIOR_HIGH, "初中及以下": Education.JUNIOR_HIGH,
    "高中": Education.SENIOR_HIGH, "中专": Education.SENIOR_HIGH, "技校": Education.SENIOR_HIGH,
    "职高": Education.SENIOR_HIGH, "中职": Education.SENIOR_HIGH, "高中/中专": Education.SENIOR_HIGH,
    "大专": Education.JUNIOR_COLLEGE, "专科": Education.JUNIOR_COLLEGE, "高职": Education.JUNIOR_COLLEGE,
    "大学专科": Education.JUNIOR_COLLEGE,
    "本科": Education.BACHELOR, "大学本科": Education.BACHELOR, "大本": Education.BACHELOR,
    "硕士": Education.MASTER, "硕士研究生": Education.MASTER,
    "博士": Education.DOCTOR, "博士研究生": Education.DOCTOR,
}  # fmt: skip


class YesNoWidget(widgets.Widget):
    _TRUE = {"是", "y", "yes", "true", "1", "同意", "有", "√", "✓", "✔", "对"}
    _FALSE = {"否", "n", "no", "false", "0", "不同意", "无", "×", "✗", "✘", "x"}

    def __init__(self, *, default: bool | None = False) -> None:
        super().__init__()
        self.default = default

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool | None:
        if _blank(value):
            return self.default
        text = str(value).strip().lower()
        if text in self._TRUE:
            return True
        if text in self._FALSE:
            return False
        raise ValueError(_("“%(value)s” is not 是 or 否") % {"value": value})

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else ("是" if value else "否")


class RegionWidget(widgets.Widget):
    """A six-digit division code (retired codes too) or a Chinese address."""

    def __init__(self, *, required: bool = True) -> None:
        super().__init__()
        self.required = required
        self._resolved: dict[str, Region | None] = {}  # per import: addresses repeat

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Region | None:
        if _blank(value):
            if self.required:
                raise ValueError(_("required"))
            return None
        text = str(value).strip().removesuffix(".0")
        if text not in self._resolved:
            self._resolved[text] = region_resolve(text)
        region = self._resolved[text]
        if region is None:
            raise ValueError(_("“%(value)s” is not a known region code or address") % {"value": text})
        return region

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return value.full_name if value is not None else ""


class NamedListWidget(widgets.ManyToManyWidget):
    """Names separated by 、 or commas, each a code, a name or one of the everyday titles (synonyms)
    of a taxonomy model: "6-30-05-01", "起重装卸机械操作工", "叉车司机", or the export's own
    "6-30-05-01 起重装卸机械操作工"."""

    def __init__(self, model: type[Model]) -> None:
        super().__init__(model, separator="、", field="name")
        self._known: dict[str, list[Any]] = {}  # per import: the same few names recur on every row

    def find(self, name: str) -> list[Any]:
        """Everything ``name`` may mean: the row of that code, else those of that name, else
        those with that title among their synonyms."""
        if name not in self._known:
            objects = self.model.objects
            code = name.split()[0] if name.split() else name
            titled = (
                Q(synonyms=name)
                | Q(synonyms__startswith=f"{name}、")
                | Q(synonyms__endswith=f"、{name}")
                | Q(synonyms__contains=f"、{name}、")
            )
            self._known[name] = (
                list(objects.filter(code=code)[:1])
                or list(objects.filter(name=name)[:3])
                or list(objects.filter(titled).order_by("code")[:3])
            )
        return self._known[name]

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> list[Any]:
        found, unknown, ambiguous = [], [], []
        for name in split_names(value):
            objects = self.find(name)
            if not objects:
                unknown.append(name)
            elif len(objects) > 1:
                ambiguous.append(f"{name}（{'、'.join(str(o) for o in objects)}）")
            elif objects[0] not in found:
                found.append(objects[0])
        if unknown:
            raise ValueError(_("unknown names: %(names)s") % {"names": "、".join(unknown)})
        if ambiguous:
            raise ValueError(
                _("names that fit several, give the code: %(names)s") % {"names": "；".join(ambiguous)}
            )
        return found

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        if value is None:
            return ""
        return "、".join(str(item) for item in value.all())


class LenientDateWidget(widgets.DateWidget):
    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")
        self.formats = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a date such as 2025-03-01") % {"value": value}) from None


class WholeNumberWidget(widgets.IntegerWidget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        try:
            number = super().clean(value, row, **kwargs)
        except (ValueError, ArithmeticError):
            raise ValueError(_("“%(value)s” is not a whole number") % {"value": value}) from None
        if number is not None and number < 0:
            raise ValueError(_("must not be negative"))
        return number
