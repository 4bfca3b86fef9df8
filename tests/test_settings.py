"""Settings come from the environment, strictly; production refuses to start without secrets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent


def manage(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    full = {**base, "VAR_DIR": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full, capture_output=True, text=True, timeout=120
    )


def production_env(tmp_path: Path) -> dict[str, str]:
    return {
        "DJANGO_ENV": "production",
        "SECRET_KEY": Fernet.generate_key().decode() * 2,
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "FIELD_HASH_KEY": "a-long-random-hash-key-for-this-test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/15",
        "CACHE_URL": "redis://127.0.0.1:6379/14",
        "ALLOWED_HOSTS": "jobs.example.gov.cn",
        "SMS_GATEWAY_URL": "https://sms.example.gov.cn/send",
    }


def test_production_with_its_secrets_passes_the_deployment_checks(tmp_path: Path) -> None:
    result = manage(["check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path), tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "missing",
    [
        "SECRET_KEY",
        "FIELD_ENCRYPTION_KEY",
        "FIELD_HASH_KEY",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "CACHE_URL",
        "SMS_GATEWAY_URL",
    ],
)
def test_production_refuses_to_start_without_a_secret(tmp_path: Path, missing: str) -> None:
    env = production_env(tmp_path)
    del env[missing]
    result = manage(["check"], env, tmp_path)
    assert result.returncode != 0
    assert f"Environment variable {missing} is required" in result.stderr


@pytest.mark.parametrize(
    "url", ["locmemcache://", "dummycache://", "filecache:///tmp/throttles", "pymemcache://127.0.0.1:11211"]
)
def test_production_refuses_a_cache_each_process_keeps_to_itself(tmp_path: Path, url: str) -> None:
    # given a cache that every gunicorn worker would hold on its own (or not at all)
    env = {**production_env(tmp_path), "CACHE_URL": url}
    # when
    result = manage(["check"], env, tmp_path)
    # then the service does not start, and says which variable to fix
    assert result.returncode != 0
    assert "Environment variable CACHE_URL must be a Redis cache that every process shares" in result.stderr


def test_production_accepts_a_redis_cache_over_tls(tmp_path: Path) -> None:
    env = {**production_env(tmp_path), "CACHE_URL": "rediss://cache.internal:6380/1"}
    result = manage(["check"], env, tmp_path)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "value"), [("DEBUG", "maybe"), ("DJANGO_ENV", "staging"), ("CELERY_TASK_TIME_LIMIT", "ten")]
)
def test_a_malformed_value_stops_the_service_naming_the_variable(
    tmp_path: Path, name: str, value: str
) -> None:
    result = manage(["check"], {name: value}, tmp_path)
    assert result.returncode != 0
    assert f"{name}={value!r}" in result.stderr


def test_a_malformed_encryption_key_is_refused_at_start(tmp_path: Path) -> None:
    env = {**production_env(tmp_path), "FIELD_ENCRYPTION_KEY": "not-a-fernet-key"}
    result = manage(["check"], env, tmp_path)
    assert (
        result.returncode != 0
        and "FIELD_ENCRYPTION_KEY holds a key that is not a Fernet key" in result.stderr
    )


def test_development_runs_with_no_configuration_at_all(tmp_path: Path) -> None:
    result = manage(["check"], {}, tmp_path)
    assert result.returncode == 0, result.stderr


def test_the_demo_county_is_never_loaded_into_production_by_accident(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    result = manage(["load_demo", "--size", "5"], env, tmp_path)
    assert result.returncode != 0 and "refusing to load synthetic people" in result.stderr


def test_every_environment_variable_the_settings_read_is_documented() -> None:
    import re

    source = (ROOT / "config" / "settings.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list|choice|required)\(\s*"([A-Z_]+)"', source))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read and read <= documented, read - documented
