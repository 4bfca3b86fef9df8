"""The REST API under a steady load: seeker registration and "my matches", each at its target
rate from locust in a second process, against gunicorn, PostgreSQL and Redis on loopback; a
baseline at the same rate on the cheapest public endpoint of the same server.

    python bench/api_load_bench.py [--duration 600] [--baseline-duration 120] [--quick]
                                   [--scenario registration|matches [--rate N]]

Needs PostgreSQL (127.0.0.1:5432, user postgres) and Redis (127.0.0.1:6379) and the bench's own
requirements (``bench/requirements.txt``: locust). Creates the database ``bench_api`` (dropped at
the end) and uses Redis database 12 as the cache (throttle counters) and the Celery broker
(emptied before and after; no worker runs, so the re-scoring each registration queues waits
there). The server runs with the production settings (``DJANGO_ENV=production``,
``DEBUG=false``) and throttles raised: all the load comes from one address. Exits 1 if any
request got a 5xx.

Data, fixed: a demo county of ``DEMO_SIZE`` people with every match stored, ``ACCOUNTS`` of
them with stored matches registered as seekers (through ``seeker_register``, each with a token),
and one sign-in code per registration for new people (unique valid ID numbers and mobile
numbers), written as ``PhoneCode`` rows so that the load measures the registration endpoint
itself and not the sending of codes.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE = "bench_api"
SERVER = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/12"
DEMO_SIZE = 20_000  # people in the demo county (seed 2025)
ACCOUNTS = 2_000  # seekers with stored matches whose tokens the "my matches" users take
USER_RATE = 1.0  # requests a second per locust user: users = target rate
WARMUP = 10  # seconds of load before the statistics start
NEW_ID_REGION = "420984"  # 汉川市: no demo person's ID number starts with it
NEW_PHONE_PREFIX = "14"  # no demo phone starts with it
HEADERS = {"X-Forwarded-Proto": "https"}  # as from the TLS-terminating proxy
BASELINE_PATH = "/api/v1/regions/?page_size=1"


@dataclass(frozen=True)
class Scenario:
    name: str
    user_class: str
    endpoint: str
    rate: int  # target requests a second
    p99_ms: float | None = None  # target p99, if any


SCENARIOS = {
    "registration": Scenario("registration", "RegistrationUser", "POST /api/v1/seekers/", 170, 500),
    "matches": Scenario("matches", "MatchesUser", "GET /api/v1/me/matches/", 500),
}


def baseline(rate: int) -> Scenario:
    return Scenario("baseline", "BaselineUser", f"GET {BASELINE_PATH}", rate)


@dataclass
class Result:
    scenario: Scenario
    users: int
    duration: int
    requests: int = 0
    rps: float = 0.0
    p50: float = 0.0
    p99: float = 0.0
    max: float = 0.0
    failures: Counter[str] = field(default_factory=Counter)  # "500", "0" (no answer), "201 bad body" ...
    cpu_ms: dict[str, float] = field(default_factory=dict)  # CPU ms per request, by process group
    cores: dict[str, float] = field(default_factory=dict)  # cores used on average, by process group

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.failures.items() if status[:1] == "5")

    @property
    def non_2xx(self) -> int:
        return sum(n for status, n in self.failures.items() if not status.startswith("2"))


# --- services -----------------------------------------------------------------------------


def service_env(folder: Path) -> dict[str, str]:
    """What the server and this process share: production settings with fresh keys, the bench
    database, Redis db 12, throttles out of the way. The throttles count per second, so that the
    one address's request history DRF keeps in the cache stays short (a per-minute rate would
    make every request read and write a list of tens of thousands of timestamps)."""
    from cryptography.fernet import Fernet

    return {
        "DJANGO_ENV": "production",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "FIELD_HASH_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "CACHE_URL": REDIS,
        "CELERY_BROKER_URL": REDIS,
        "SMS_GATEWAY_URL": "http://127.0.0.1:9/unused",  # codes are pre-seeded, none is sent
        "VAR_DIR": str(folder),
        "API_THROTTLE_ANON": "1000000/sec",
        "API_THROTTLE_USER": "1000000/sec",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }


def drop_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def create_database() -> None:
    import psycopg

    drop_database()
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {DATABASE}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def gunicorn(folder: Path, env: dict[str, str], workers: int, threads: int) -> Iterator[tuple[str, int]]:
    """gunicorn on a free loopback port until the block ends; yields its URL and master pid."""
    port = free_port()
    log = folder / "gunicorn.log"
    (folder / "static").mkdir(exist_ok=True)  # STATIC_ROOT: whitenoise warns when it is missing
    kind = (
        ["--worker-class", "gthread", "--threads", str(threads)]
        if threads > 1
        else ["--worker-class", "sync"]
    )
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), *kind, "--timeout", "60", "--keep-alive", "5", "--no-control-socket",
               "--error-logfile", str(log)]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({process.returncode}); see {log}")
            with suppress(OSError):
                if get(url + BASELINE_PATH) == 200:
                    break
            if time.monotonic() > deadline:
                raise TimeoutError("gunicorn did not answer within 60 s")
            time.sleep(0.2)
        yield url, process.pid
    finally:
        if process.poll() is None:
            process.terminate()  # graceful: workers finish their requests
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def get(url: str, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, headers={**HEADERS, **(headers or {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(response.status)


# --- data ---------------------------------------------------------------------------------


def setup_data(folder: Path, registrations: int) -> dict[str, Any]:
    """Migrate, load the demo county, store every match, register ``ACCOUNTS`` seekers who have
    matches and pre-seed ``registrations`` codes; write the locust data file. Returns facts for
    the report."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from jobs.services.demo import demo_county_load
    from matching.services.refresh import matches_rebuild

    facts: dict[str, Any] = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    counts = demo_county_load(size=DEMO_SIZE, seed=2025)
    facts["demo"] = counts
    facts["demo_s"] = time.perf_counter() - started
    started = time.perf_counter()
    facts["rebuild"] = matches_rebuild()
    facts["rebuild_s"] = time.perf_counter() - started
    started = time.perf_counter()
    tokens, lengths = seekers_with_matches(ACCOUNTS)
    facts["accounts_s"] = time.perf_counter() - started
    facts["list_lengths"] = (min(lengths), sum(lengths) / len(lengths), max(lengths))
    bodies = registration_bodies(registrations)
    (folder / "data.json").write_text(
        json.dumps({"registrations": bodies, "tokens": tokens}, ensure_ascii=False)
    )
    connections.close_all()
    return facts


def _seed_codes(rows: list[tuple[str, str]], valid: timedelta) -> None:
    """One unused sign-in code per (phone, code), as ``phone_code_send`` would have stored it."""
    from django.utils import timezone

    from jobs.models import PhoneCode
    from jobs.services.accounts import _code_hash
    from jobs.services.people import phone_hash

    until = timezone.now() + valid
    for start in range(0, len(rows), 5000):
        made = []
        for phone, code in rows[start : start + 5000]:
            digest = phone_hash(phone)
            made.append(PhoneCode(phone_hash=digest, code_hash=_code_hash(digest, code), expires_at=until))
        PhoneCode.objects.bulk_create(made)


def seekers_with_matches(n: int) -> tuple[list[str], list[int]]:
    """Register the ``n`` people with the longest stored match lists as seekers, through the
    service the registration endpoint uses (an existing person with the same phone is linked);
    return their tokens and list lengths."""
    from django.db.models import Count

    from jobs.models import Person
    from jobs.services.accounts import seeker_register
    from matching.models import Match

    ranked = list(
        Match.objects.filter(person_rank__isnull=False, person__consent_matching=True)
        .exclude(person__phone="")
        .values("person_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "person_id")[:n]
    )
    if len(ranked) < n:
        raise RuntimeError(f"only {len(ranked)} people have stored matches; {n} are needed")
    rng = random.Random(7)
    people = Person.objects.in_bulk([r["person_id"] for r in ranked])
    codes = {pk: f"{rng.randrange(10**6):06d}" for pk in people}
    _seed_codes([(people[pk].phone, codes[pk]) for pk in people], timedelta(hours=1))
    tokens = []
    for pk, person in people.items():
        signed_in = seeker_register(
            phone=person.phone, code=codes[pk], id_number=person.id_number, consent_text_version="2025-01",
            name=person.name, home_region=person.home_region, education=person.education,
            employment_status=person.employment_status, consent_matching=True,
        )  # fmt: skip
        tokens.append(signed_in.token)
    return tokens, [r["n"] for r in ranked]


def registration_bodies(n: int) -> list[dict[str, Any]]:
    """``n`` registrations of new people, each with a valid unique ID number and mobile number
    and a code pre-seeded for that phone, valid for the whole run."""
    from jobs.models import Occupation
    from jobs.services.demo import GIVEN_FEMALE, GIVEN_MALE, HOME_REGIONS, SURNAMES
    from jobs.validators import id_check_char

    rng = random.Random(2025)
    occupations = list(Occupation.objects.order_by("code").values_list("code", "name"))
    regions, weights = [c for c, _w in HOME_REGIONS], [w for _c, w in HOME_REGIONS]
    bodies, codes = [], []
    for i in range(n):
        # 12,000 birth dates from 1970 and up to 1,000 sequence numbers each: all different.
        body = f"{NEW_ID_REGION}{date(1970, 1, 1) + timedelta(days=i % 12_000):%Y%m%d}{i // 12_000:03d}"
        phone, code = f"{NEW_PHONE_PREFIX}{i:09d}", f"{rng.randrange(10**6):06d}"
        wanted = rng.sample(occupations, k=rng.choice([1, 1, 2]))
        given = GIVEN_MALE if int(body[-1]) % 2 else GIVEN_FEMALE
        bodies.append({
            "phone": phone, "code": code, "id_number": body + id_check_char(body),
            "name": rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.choice([1, 2]))),
            "home_region": rng.choices(regions, weights)[0], "education": rng.choice([2, 3, 3, 4, 5]),
            "employment_status": rng.choice(["unemployed", "unemployed", "flexible", "migrant"]),
            "self_description": f"干过{rng.randint(1, 15)}年{wanted[0][1]}，想在家附近找活。",
            "desired_occupations": [code for code, _name in wanted],
            "expected_wage": rng.randrange(3000, 9000, 100), "consent_matching": True,
            "consent_contact": rng.random() < 0.8, "consent_text_version": "2025-01",
        })  # fmt: skip
        codes.append((phone, code))
    _seed_codes(codes, timedelta(days=1))
    return bodies


# --- load ---------------------------------------------------------------------------------


class CpuMeter:
    """CPU time of the server's processes, PostgreSQL, Redis and locust while a run lasts,
    sampled each second (processes that start during the run count from zero)."""

    def __init__(self, gunicorn_pid: int, locust_pid: int, delay: float) -> None:
        self.gunicorn_pid, self.locust_pid, self.delay = gunicorn_pid, locust_pid, delay
        self.first: dict[int, tuple[str, float]] = {}
        self.last: dict[int, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.elapsed = 0.0
        self.busy_seconds = 0.0

    def _group(self, info: dict[str, Any]) -> str | None:
        name, pid, ppid = info["name"] or "", info["pid"], info["ppid"]
        if self.gunicorn_pid in (pid, ppid):
            return "gunicorn"
        if self.locust_pid in (pid, ppid):
            return "locust"
        if name.startswith("postgres"):
            return "postgres"
        if name.startswith("redis-server"):
            return "redis"
        return None

    def _sample(self, initial: bool) -> None:
        import psutil

        for process in psutil.process_iter(["pid", "ppid", "name", "cpu_times"]):
            info = process.info
            group, times = self._group(info), info["cpu_times"]
            if group is None or times is None:
                continue
            used = float(times.user + times.system)
            if info["pid"] not in self.first:
                self.first[info["pid"]] = (group, used if initial else 0.0)
            self.last[info["pid"]] = used

    def _run(self) -> None:
        import psutil

        if self.stop.wait(self.delay):
            return
        self._sample(initial=True)
        cpu, start = psutil.cpu_times(), time.monotonic()
        while not self.stop.wait(1.0):
            self._sample(initial=False)
        self.elapsed = time.monotonic() - start
        end = psutil.cpu_times()
        idle = (end.idle - cpu.idle) + (getattr(end, "iowait", 0.0) - getattr(cpu, "iowait", 0.0))
        self.busy_seconds = (sum(end) - sum(cpu)) - idle

    def used(self) -> dict[str, float]:
        """CPU seconds by process group, and ``other``: everything else the machine did."""
        used: dict[str, float] = {}
        for pid, (group, first) in self.first.items():
            used[group] = used.get(group, 0.0) + self.last[pid] - first
        used["other"] = max(0.0, self.busy_seconds - sum(used.values()))
        return used

    def per_request(self, rps: float) -> dict[str, float]:
        requests = rps * self.elapsed
        return (
            {group: 1000 * seconds / requests for group, seconds in self.used().items()} if requests else {}
        )

    def cores(self) -> dict[str, float]:
        """Cores used on average, by process group."""
        return (
            {group: seconds / self.elapsed for group, seconds in self.used().items()} if self.elapsed else {}
        )


def run_locust(url: str, scenario: Scenario, duration: int, folder: Path, gunicorn_pid: int) -> Result:
    users = math.ceil(scenario.rate / USER_RATE)
    spawn = min(users, 100)  # users started a second (locust warns above 100)
    ramp = math.ceil(users / spawn)
    prefix = folder / f"{scenario.name}-{scenario.rate}"
    env = {**os.environ, "API_BENCH_DATA": str(folder / "data.json"), "API_BENCH_USER_RATE": str(USER_RATE),
           "API_BENCH_WARMUP": str(WARMUP)}  # fmt: skip
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
               "--host", url, "--users", str(users), "--spawn-rate", str(spawn),
               "--run-time", f"{ramp + WARMUP + duration + 1}s", "--stop-timeout", "5", "--csv", str(prefix),
               "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0", scenario.user_class]  # fmt: skip
    print(f"  {scenario.name}: {scenario.endpoint} at {scenario.rate}/s ({users} users) for {duration} s ...",
          flush=True)  # fmt: skip
    with (folder / f"{prefix.name}.log").open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        meter = CpuMeter(gunicorn_pid, process.pid, delay=ramp + WARMUP + 1)
        meter.thread.start()
        try:
            if process.wait(timeout=ramp + WARMUP + duration + 120) != 0:
                raise RuntimeError(f"locust failed ({process.returncode}); see {log.name} in {folder}")
        finally:
            if process.poll() is None:
                process.terminate()
                process.wait()
            meter.stop.set()
            meter.thread.join()
    result = read_csv(prefix, scenario, users, duration)
    result.cpu_ms, result.cores = meter.per_request(result.rps), meter.cores()
    return result


def read_csv(prefix: Path, scenario: Scenario, users: int, duration: int) -> Result:
    result = Result(scenario, users, duration)
    with Path(f"{prefix}_stats.csv").open() as f:
        row = next(r for r in csv.DictReader(f) if r["Name"] == "Aggregated")
    result.requests = int(row["Request Count"])
    result.rps = float(row["Requests/s"])
    result.p50, result.p99 = float(row["50%"] or 0), float(row["99%"] or 0)
    result.max = float(row["Max Response Time"] or 0)
    with Path(f"{prefix}_failures.csv").open() as f:
        for failure in csv.DictReader(f):
            found = re.search(r"HTTP (\d+)", failure["Error"])
            status = found.group(1) if found else "?"
            if "unexpected body" in failure["Error"]:
                status += " bad body"
            result.failures[status] += int(failure["Occurrences"])
    return result


# --- report -------------------------------------------------------------------------------


def ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


def report(results: list[Result]) -> None:
    """Two Markdown tables: the load as locust saw it, with ratios to the baseline run at the
    same rate before it, and the CPU each request cost the processes on the machine."""
    print(f"\nSteady load (after {WARMUP} s of warm-up), locust on the same machine")
    print("| run | endpoint | target | seconds | requests | req/s | p50 | p99 | max | non-2xx | 5xx | "
          "p50 / baseline | p99 / baseline | server CPU / baseline | met |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    base: Result | None = None
    for r in results:
        s = r.scenario
        if s.name == "baseline":
            base = r
        failures = ", ".join(
            f"{'no answer' if k == '0' else k}: {v:,}" for k, v in sorted(r.failures.items()) if k[:1] != "2"
        )
        wrong = sum(v for k, v in r.failures.items() if k[:1] == "2")
        failures = (failures or "0") + (f"; {wrong:,} 2xx with a wrong body" if wrong else "")
        ratios = ["", "", ""]
        if base is not None and r is not base and base.p50 and base.p99 and server_cpu(base):
            ratios = [
                f"{r.p50 / base.p50:.1f}x",
                f"{r.p99 / base.p99:.1f}x",
                f"{server_cpu(r) / server_cpu(base):.1f}x",
            ]
        target = f"{s.rate}/s" + (f", p99 < {s.p99_ms:.0f} ms" if s.p99_ms else "")
        met = r.rps >= 0.97 * s.rate and not r.failures and (s.p99_ms is None or r.p99 < s.p99_ms)
        print(f"| {s.name} | `{s.endpoint}` | {target} | {r.duration} | {r.requests:,} | {r.rps:,.1f} | {ms(r.p50)} | "
              f"{ms(r.p99)} | {ms(r.max)} | {failures} | {r.server_errors:,} | {' | '.join(ratios)} | "
              f"{'yes' if met else '**no**'} |")  # fmt: skip
    cores = os.cpu_count() or 1
    print(f"\nCPU per request (ms, all processes of each kind) and cores in use on the {cores}-core machine;")
    print("the last column: the rate these costs allow if every core did nothing else")
    print("| run | rate | gunicorn | PostgreSQL | Redis | locust | cores: bench | cores: other processes | "
          "at most |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        c = r.cpu_ms
        ours = sum(v for k, v in r.cores.items() if k != "other")
        total = sum(v for k, v in c.items() if k != "other")
        most = f"{1000 * cores / total:,.0f}/s" if total else ""
        print(f"| {r.scenario.name} | {r.scenario.rate}/s | {c.get('gunicorn', 0):.1f} | {c.get('postgres', 0):.1f} | "
              f"{c.get('redis', 0):.2f} | {c.get('locust', 0):.2f} | {ours:.2f} | {r.cores.get('other', 0):.2f} | "
              f"{most} |")  # fmt: skip


def server_cpu(r: Result) -> float:
    """CPU ms per request of the server side: gunicorn, PostgreSQL and Redis."""
    return sum(r.cpu_ms.get(k, 0.0) for k in ("gunicorn", "postgres", "redis"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--duration", type=int, default=None, help="seconds per run (default 600; 60 with --quick)"
    )
    parser.add_argument("--baseline-duration", type=int, default=None,
                        help="seconds per baseline run (default 120, at most --duration)")  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="60 s per run, to try it out")
    parser.add_argument("--rate", type=int, default=None,
                        help="requests a second instead of the target, with one --scenario")  # fmt: skip
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), action="append",
                        help="run only this one (and its baseline); may be repeated")  # fmt: skip
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (default 3)")
    parser.add_argument(
        "--threads", type=int, default=2, help="threads per worker (default 2; 1: sync worker)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the folder of logs and locust CSV files")
    args = parser.parse_args()
    duration = args.duration or (60 if args.quick else 600)
    if not 10 <= duration <= 3600:
        parser.error("--duration: from 10 to 3600 seconds")
    baseline_duration = min(args.baseline_duration or 120, duration)
    chosen = [SCENARIOS[name] for name in dict.fromkeys(args.scenario or list(SCENARIOS))]
    if args.rate is not None:
        if len(chosen) != 1 or not 1 <= args.rate <= 5000:
            parser.error("--rate: from 1 to 5000, with exactly one --scenario")
        chosen = [replace(chosen[0], rate=args.rate)]
    needed = sum(
        math.ceil(s.rate * (duration + WARMUP + 10) * 1.05) for s in chosen if s.name == "registration"
    )

    for number in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C or a kill: report what ran, clean up
        signal.signal(number, signal.default_int_handler)
    folder = Path(tempfile.mkdtemp(prefix="api-load-bench-"))
    env = service_env(folder)
    os.environ.update(env)
    import redis

    broker = redis.Redis.from_url(REDIS)
    results: list[Result] = []
    try:
        broker.flushdb()
        create_database()
        print(f"API load bench: {DEMO_SIZE:,} people, {ACCOUNTS:,} seekers with matches, "
              f"{needed:,} pre-seeded registrations; setting up ...", flush=True)  # fmt: skip
        facts = setup_data(folder, needed)
        low, mean, high = facts["list_lengths"]
        print(f"  demo county {facts['demo_s']:.0f} s ({facts['demo']['people']:,} people, "
              f"{facts['demo']['vacancies']:,} vacancies); matches rebuilt in {facts['rebuild_s']:.0f} s; "
              f"{ACCOUNTS:,} seekers registered in {facts['accounts_s']:.0f} s, stored matches each "
              f"{low} to {high} (mean {mean:.1f})", flush=True)  # fmt: skip
        kind = f"gthread, {args.threads} threads" if args.threads > 1 else "sync"
        machine = f"{os.cpu_count()} cores, Python {platform.python_version()}"
        print(f"  gunicorn: {args.workers} workers ({kind}); {machine}", flush=True)
        try:
            with gunicorn(folder, env, args.workers, args.threads) as (url, pid):
                for scenario in chosen:
                    results.append(run_locust(url, baseline(scenario.rate), baseline_duration, folder, pid))
                    results.append(run_locust(url, scenario, duration, folder, pid))
        except KeyboardInterrupt:
            print("\ninterrupted: the runs that finished, then cleaning up")
            report(results)
            return 130
        report(results)
        errors = sum(r.server_errors for r in results)
        if errors:
            log = (folder / "gunicorn.log").read_text(errors="replace")
            print(f"\n{errors:,} server errors; the end of the server's log:\n{log[-4000:]}")
        return 1 if errors else 0
    finally:
        with suppress(Exception):
            from django.db import connections

            connections.close_all()
        broker.flushdb()
        drop_database()
        if args.keep:
            print(f"logs and locust CSV files kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
