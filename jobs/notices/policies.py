"""The policy rules the notices apply, read from ``jobs/data/policies.toml``: which training is
offered to whom. Data, not code, so that a changed policy is an edited file; each rule names
the document it comes from. (Subsidies and social-insurance transfers are rows staff edit:
``jobs.models.subsidies``, ``jobs.models.insurance``.)"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

POLICIES_FILE = Path(__file__).resolve().parent.parent / "data" / "policies.toml"


@dataclass(frozen=True)
class Document:
    """A policy document a rule comes from."""

    key: str
    title: str
    issued_by: str
    number: str = ""
    issued_on: date | None = None


@dataclass(frozen=True)
class Policies:
    training_horizon: timedelta
    training_area_digits: int
    training_document: Document

    def same_training_area(self, a: str, b: str) -> bool:
        """Whether a course in region ``a`` is near enough to offer to someone living in ``b``."""
        return a[: self.training_area_digits] == b[: self.training_area_digits]


@functools.cache
def policies_load(path: Path = POLICIES_FILE) -> Policies:
    """The policies in ``path`` (by default the project's file), read once per process and path.
    A rule naming an unknown document is an error here, not a wrong notice."""
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

    training = data["training"]
    return Policies(
        training_horizon=timedelta(days=int(training["horizon_days"])),
        training_area_digits=int(training["same_area_code_digits"]),
        training_document=document(training, "training"),
    )
