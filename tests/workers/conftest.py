from __future__ import annotations

import pytest

from workers.celery_app import app


@pytest.fixture(scope="session", autouse=True)
def tasks_registered() -> None:
    """The tests that run tasks eagerly send them by name, as the services do: register them
    here as a worker does at start-up, so that eager mode finds and runs them in this process."""
    app.loader.import_default_modules()
