from __future__ import annotations

import os
import socket
from typing import Any

import pytest

SERVICE_TESTS = os.environ.get("RUN_SERVICE_TESTS") == "1"


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Tests marked ``services`` need the real PostgreSQL and Redis: they run in
    ``make test-services`` (CI's second pass) and are left out of the plain ``make test``."""
    if SERVICE_TESTS:
        return
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker("services") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=3):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session", autouse=True)
def _services_must_be_up() -> None:
    # In the services pass an unreachable service is a failure, never a skip.
    if SERVICE_TESTS:
        for name, port in (("PostgreSQL", 5432), ("Redis", 6379)):
            assert _reachable("127.0.0.1", port), f"{name} is not reachable on 127.0.0.1:{port}"


@pytest.fixture(autouse=True)
def fresh_throttles() -> Any:
    """Throttle counters and staff look-up allowances live in the cache: each test starts with
    none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def classification_loaded(transactional_db: None) -> None:
    """The occupations a migration loaded, which transactional tests empty as they do the
    regions, and the county's everyday titles and seed skills."""
    from jobs.services.taxonomy import taxonomy_load

    taxonomy_load()


@pytest.fixture
def english() -> Any:
    """Messages in English, for tests that assert on the rule a message names."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def regions_loaded(transactional_db: None) -> None:
    """Transactional tests end by emptying every table, regions included, though a migration
    loaded them: put them back before each such test."""
    from jobs.models import Region, RegionAlias
    from jobs.services.regions import regions_load

    if not Region.objects.exists():
        regions_load(Region, RegionAlias)
