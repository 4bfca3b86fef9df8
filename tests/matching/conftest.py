from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from matching.services.index import index_reset


@pytest.fixture
def own_index(settings: Any, tmp_path: Path) -> Iterator[None]:
    """A match index of this test's own, saved under its temporary folder."""
    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    index_reset()
    yield
    index_reset()
