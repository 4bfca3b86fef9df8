"""The policy rules the notices apply, read from ``jobs/data/policies.toml``: the subsidies a
hire may entitle each side to, when social insurance must be moved, and which training is
offered to whom. Data, not code, so that a changed policy is an edited file (and, later, rows
staff edit); each rule names the document it comes from."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from jobs.models.hardship import HardshipCategory

POLICIES_FILE = Path(__file__).resolve().parent.parent / "data" / "policies.toml"
ANY = "any"  # a subsidy for anyone in the hard-to-employ registry, whatever their category
SIDES = ("person", "employer")


@dataclass(frozen=True)
class Document:
    """A policy document a rule comes from."""

    key: str
    title: str
    issued_by: str
    number: str = ""
    issued_on: date | None = None


@dataclass(frozen=True)
class Subsidy:
    to: str  # "person" or "employer"
    category: str  # a HardshipCategory value, or ANY
    name: str
    document: Document
    clause: str


@dataclass(frozen=True)
class Policies:
    subsidies: tuple[Subsidy, ...]
    insurance_pool_digits: int
    insurance_document: Document
    training_horizon: timedelta
    training_area_digits: int
    training_document: Document

    def subsidies_for(self, *, to: str, categories: set[str]) -> list[str]:
        """The names of the subsidies one side of a hire may claim for someone registered under
        ``categories``, in the file's order."""
        return [
            s.name for s in self.subsidies if s.to == to and (s.category == ANY or s.category in categories)
        ]

    def same_insurance_pool(self, a: str, b: str) -> bool:
        """Whether regions with codes ``a`` and ``b`` pool social insurance together (moving
        between them needs no transfer)."""
        return a[: self.insurance_pool_digits] == b[: self.insurance_pool_digits]

    def same_training_area(self, a: str, b: str) -> bool:
        """Whether a course in region ``a`` is near enough to offer to someone living in ``b``."""
        return a[: self.training_area_digits] == b[: self.training_area_digits]


@functools.cache
def policies_load(path: Path = POLICIES_FILE) -> Policies:
    """The policies in ``path`` (by default the project's file), read once per process and path.
    A rule naming an unknown document, side or category is an error here, not a wrong notice."""
    with path.open("rb") as f:
        data = tomllib.load(f)
    documents = {
        key: Document(key=key, title=d["title"], issued_by=d["issued_by"], number=d.get("number", ""),
                      issued_on=d.get("issued_on"))
        for key, d in data["documents"].items()
    }  # fmt: skip

    def document(entry: dict[str, Any], where: str) -> Document:
        if entry["document"] not in documents:
            raise ValueError(f"{path}: {where} names an unknown document {entry['document']!r}")
        return documents[entry["document"]]

    subsidies = []
    for i, s in enumerate(data.get("subsidies", [])):
        if s["to"] not in SIDES:
            raise ValueError(f"{path}: subsidies[{i}] is to {s['to']!r}, not one of {SIDES}")
        if s["category"] != ANY and s["category"] not in HardshipCategory.values:
            raise ValueError(f"{path}: subsidies[{i}] names an unknown category {s['category']!r}")
        subsidies.append(Subsidy(to=s["to"], category=s["category"], name=s["name"],
                                 document=document(s, f"subsidies[{i}]"), clause=s["clause"]))  # fmt: skip
    insurance, training = data["insurance_transfer"], data["training"]
    return Policies(
        subsidies=tuple(subsidies),
        insurance_pool_digits=int(insurance["same_pool_code_digits"]),
        insurance_document=document(insurance, "insurance_transfer"),
        training_horizon=timedelta(days=int(training["horizon_days"])),
        training_area_digits=int(training["same_area_code_digits"]),
        training_document=document(training, "training"),
    )
