"""`make run` and its last step, `serve`: web server, worker and scheduler started together and working."""

from __future__ import annotations

import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from tests.conftest import SERVICE_TESTS
from tests.support import (
    child_env,
    free_port,
    fresh_postgres_database,
    manage,
    process_group,
    query,
    wait_for,
    wait_for_page,
)


def test_serve_starts_the_admin_the_worker_and_the_scheduler(tmp_path: Path) -> None:
    # given a fresh database (SQLite here; PostgreSQL and Redis in the services pass) with a demo
    # county generated 200 days ago, so that every vacancy in it has expired since
    database_url = (
        fresh_postgres_database("serve_check") if SERVICE_TESTS else f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )
    env = child_env(VAR_DIR=str(tmp_path), DATABASE_URL=database_url)
    manage(["migrate", "--noinput"], env)
    long_ago = (timezone.localdate() - timedelta(days=200)).isoformat()
    manage(["load_demo", "--size", "60", "--today", long_ago], env)
    open_vacancies = "SELECT COUNT(*) FROM jobs_vacancy WHERE status = 'open'"
    assert query(database_url, open_vacancies)[0][0] > 0
    port = free_port()
    command = [
        sys.executable,
        "manage.py",
        "serve",
        "--port",
        str(port),
        "--web-workers",
        "1",
        "--worker-concurrency",
        "1",
    ]
    # when
    with process_group(command, env, tmp_path / "serve.log") as serve:
        base = f"http://127.0.0.1:{port}"
        # then the admin answers and the demo login works
        wait_for_page(f"{base}/admin/login/", timeout=90, what="the admin")
        page = login(base, "admin", "demo-2025", "/admin/jobs/person/")
        assert "劳动力资源信息库" in page
        # and the scheduler has written its schedule to the database
        schedule = (
            "SELECT COUNT(*) FROM django_celery_beat_periodictask WHERE name = 'close-expired-vacancies'"
        )
        wait_for(lambda: query(database_url, schedule)[0][0] == 1, timeout=90, what="the scheduler")
        # and the worker takes a task from the broker and runs it
        manage(["shell", "-c", "from workers.tasks import vacancies_close_expired as t; t.delay()"], env)
        wait_for(lambda: query(database_url, open_vacancies)[0][0] == 0, timeout=120, what="the worker")
        output = (tmp_path / "serve.log").read_text()
        assert f"http://127.0.0.1:{port}/admin/" in output and "admin / demo-2025" in output
    # and it stops cleanly when asked
    assert serve.returncode == 0, (tmp_path / "serve.log").read_text()[-3000:]


def test_make_run_as_the_readme_says_serves_the_demo_county(tmp_path: Path) -> None:
    # given an empty data folder
    port = free_port()
    env = child_env(VAR_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env.pop("CELERY_BROKER_URL", None)  # the embedded default, as on a laptop
    # when
    with process_group(["make", "run", f"PORT={port}", "DEMO_SIZE=100"], env, tmp_path / "make.log"):
        # then the admin of a freshly loaded demo county answers, and the logins were printed
        base = f"http://127.0.0.1:{port}"
        wait_for_page(f"{base}/admin/login/", timeout=240, what="make run")
        assert "京山" in login(base, "jingshan", "demo-2025", "/admin/jobs/person/")
        output = (tmp_path / "make.log").read_text()
        assert "people: 100" in output and "jingshan / demo-2025" in output


def login(base: str, username: str, password: str, then: str) -> str:
    """Log in through the real login form (CSRF and session cookies) and fetch ``then``."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/admin/login/?next={then}", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token, form[:500]
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password, "next": then}
    ).encode()
    request = urllib.request.Request(
        f"{base}/admin/login/?next={then}", data=data, headers={"Referer": f"{base}/admin/login/"}
    )
    response = opener.open(request, timeout=30)
    assert response.geturl().endswith(then), response.geturl()
    return str(response.read().decode())
