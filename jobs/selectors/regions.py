from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jobs.models import Region, RegionAlias


@lru_cache(maxsize=1)
def _address_parser() -> Any:
    # cpca_new builds its matcher (and imports pandas) on import: pay that only when needed.
    import cpca_new

    return cpca_new


def region_by_code(code: str) -> Region | None:
    """The current region for a code, following retired codes (420821 → 420882)."""
    code = code.strip()
    if not re.fullmatch(r"\d{6}", code):
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        alias = RegionAlias.objects.select_related("region").filter(code=code).first()
        region = alias.region if alias else None
    return region


@lru_cache(maxsize=8192)
def _address_code(text: str) -> str | None:
    # Parsing costs about a millisecond; spreadsheets repeat the same few addresses.
    code = _address_parser().transform([text]).iloc[0]["adcode"]
    return str(code)[:6] if code else None


def region_resolve(text: str) -> Region | None:
    """Resolve a region code or a Chinese address ("湖北省京山市新市街道…") to the most precise
    region it names, or None when it names none."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{6}", text):
        return region_by_code(text)
    code = _address_code(text)
    return region_by_code(code) if code else None
