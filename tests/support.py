"""Helpers for tests that start the service's own processes."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path
from typing import Any

import time_machine
from django.utils import timezone

ROOT = Path(__file__).resolve().parent.parent
SERVICES_DATABASE_URL = "postgres://postgres@127.0.0.1:5432"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Callable[[], Any], *, timeout: float, what: str) -> Any:
    """Poll ``check`` until it returns something truthy; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception as exc:  # the thing polled may not be up yet
            last_error = exc
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout}s waiting for {what} (last error: {last_error})")


@contextmanager
def process_group(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``command`` (and everything it starts) with output to ``log``; stop the whole group
    with SIGTERM on leaving. The process's ``returncode`` is set afterwards."""
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            yield process
        finally:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:  # the test killed it already
                pass
            process.wait(timeout=60)


def wait_for_page(url: str, *, timeout: float, what: str) -> None:
    import urllib.request

    wait_for(lambda: urllib.request.urlopen(url, timeout=5).status == 200, timeout=timeout, what=what)


def child_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(overrides)
    return env


def manage(args: list[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def query(database_url: str, sql: str) -> list[tuple[Any, ...]]:
    """Run one read-only query against the SQLite file or PostgreSQL database a child uses."""
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=10) as conn:
            return list(conn.execute(sql).fetchall())
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        return list(conn.execute(sql).fetchall())  # type: ignore[arg-type]


def fresh_postgres_database(name: str) -> str:
    import psycopg

    with psycopg.connect(
        SERVICES_DATABASE_URL.replace("postgres://", "postgresql://") + "/postgres", autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]
        conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    return f"{SERVICES_DATABASE_URL}/{name}"


@contextmanager
def held_on(day: date) -> Iterator[None]:
    """Run at local noon of ``day``, the clock ticking: a module that reads today once, when it is
    imported, then agrees with the service it tests even when the suite runs past midnight."""
    with time_machine.travel(datetime.combine(day, clock(12), tzinfo=timezone.get_current_timezone())):
        yield
