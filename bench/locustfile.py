"""Locust users for ``bench/api_load_bench.py``: one class per scenario, each at a constant rate.

Run by the bench, which writes the data file and picks the class; by hand:

    API_BENCH_DATA=/tmp/.../data.json API_BENCH_USER_RATE=1 \\
        locust -f bench/locustfile.py --headless --host http://127.0.0.1:PORT -u 170 -r 100 -t 75s RegistrationUser

Environment: ``API_BENCH_DATA`` (JSON written by the bench: ``registrations``, a list of request
bodies each with its own pre-seeded code, and ``tokens`` of seekers who have stored matches),
``API_BENCH_USER_RATE`` (requests a second per user; users x rate = the target) and
``API_BENCH_WARMUP`` (seconds after every user has started before the statistics are reset, so
that they hold the steady state only).

A request is a failure unless it has the expected status and body; the failure's message is
``HTTP <status>`` (0: no answer), which the bench reads back from locust's failures CSV.
"""

from __future__ import annotations

import json
import logging
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gevent
from locust import FastHttpUser, constant_throughput, events, task
from locust.env import Environment
from locust.exception import StopUser

log = logging.getLogger(__name__)

RATE = float(os.environ.get("API_BENCH_USER_RATE", "1"))
WARMUP = float(os.environ.get("API_BENCH_WARMUP", "10"))
# As from the TLS-terminating proxy in front of the service: the production settings redirect
# plain HTTP to HTTPS otherwise.
HEADERS = {"X-Forwarded-Proto": "https"}


def _data() -> dict[str, Any]:
    path = os.environ.get("API_BENCH_DATA")
    return json.loads(Path(path).read_text()) if path else {"registrations": [], "tokens": []}


DATA = _data()
# One pre-seeded code per registration, taken in turn by every user (greenlets of one process).
_registrations: Iterator[dict[str, Any]] = iter(DATA["registrations"])
TOKENS: list[str] = DATA["tokens"]


_environment: list[Environment] = []


@events.init.add_listener
def _remember(environment: Environment, **_kwargs: Any) -> None:
    _environment.append(environment)


@events.spawning_complete.add_listener
def _reset_after_warmup(user_count: int, **_kwargs: Any) -> None:
    """Statistics from the steady state only: reset them ``WARMUP`` seconds after the last user
    started (first requests to each worker, connections being opened)."""
    for environment in _environment:
        gevent.spawn_later(WARMUP, environment.stats.reset_all)


def _judge(response: Any, expected: int, body_ok: Any = None) -> None:
    """Fail a request that did not get ``expected`` or whose body ``body_ok`` rejects."""
    if response.status_code != expected:
        detail = f" ({type(response.error).__name__})" if response.status_code == 0 else ""
        response.failure(f"HTTP {response.status_code}{detail}")
        return
    if body_ok is not None:
        try:
            good = body_ok(response.json())
        except ValueError:
            good = False
        if not good:
            response.failure(f"HTTP {response.status_code} (unexpected body)")
            return
    response.success()


class _ApiUser(FastHttpUser):
    abstract = True
    wait_time = constant_throughput(RATE)
    network_timeout = 60.0
    connection_timeout = 10.0

    def on_start(self) -> None:
        # Locust starts each second's users together and constant_throughput keeps each user on
        # the phase it was created with: they would all ask at the same instant, a burst once a
        # second instead of a steady rate (measured: p50 of a 5 ms request 30 to 300 ms). So each
        # starts at a random point of its period, and its pacing counts from there.
        gevent.sleep(random.uniform(0, 1 / RATE))
        self._cp_last_run = time.perf_counter()


class BaselineUser(_ApiUser):
    """The cheapest public endpoint of the same server: one region, no sign-in."""

    @task
    def regions(self) -> None:
        with self.client.get(
            "/api/v1/regions/?page_size=1", headers=HEADERS, name="GET /api/v1/regions/?page_size=1",
            catch_response=True,
        ) as response:  # fmt: skip
            _judge(response, 200)


class RegistrationUser(_ApiUser):
    """A new person registers with the code sent to their phone (pre-seeded by the bench)."""

    @task
    def register(self) -> None:
        body = next(_registrations, None)
        if body is None:
            log.error("out of pre-seeded registrations: this user stops")
            raise StopUser()
        with self.client.post(
            "/api/v1/seekers/", json=body, headers=HEADERS, name="POST /api/v1/seekers/", catch_response=True
        ) as response:
            _judge(response, 201, lambda data: bool(data.get("token")))


class MatchesUser(_ApiUser):
    """A signed-in seeker, a different one each time, reads their matches."""

    @task
    def my_matches(self) -> None:
        token = random.choice(TOKENS)
        with self.client.get(
            "/api/v1/me/matches/", headers={**HEADERS, "Authorization": f"Token {token}"},
            name="GET /api/v1/me/matches/", catch_response=True,
        ) as response:  # fmt: skip
            _judge(response, 200, lambda data: bool(data.get("results")))
