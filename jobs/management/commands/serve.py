"""Run the web server, a Celery worker and the scheduler together, in the foreground.

For one machine (the demo, a small county). In production run the three as separate services,
and add Celery workers on more machines to scale out.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from jobs.services.demo import DEMO_ACCOUNTS
from workers.queues import Queue


class Command(BaseCommand):
    help = "Run the web server, a Celery worker and the Celery scheduler until interrupted."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--web-workers", type=int, default=2)
        parser.add_argument("--worker-concurrency", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        bind = f"{options['host']}:{options['port']}"
        python = sys.executable
        commands = {
            "web": [python, "-m", "gunicorn", "config.wsgi:application", "--bind", bind,
                    "--workers", str(options["web_workers"]), "--access-logfile", "-",
                    # A line for each page, none for each static file.
                    "--logger-class", "config.logs.AccessLogWithoutStatic",
                    # A spreadsheet import is checked row by row inside the request.
                    "--timeout", "300"],
            "worker": [python, "-m", "celery", "-A", "workers.celery_app", "worker",
                       "--queues", ",".join(q.value for q in Queue),
                       "--concurrency", str(options["worker_concurrency"]), "--loglevel", "INFO"],
            "scheduler": [python, "-m", "celery", "-A", "workers.celery_app", "beat",
                          "--loglevel", "INFO", "--pidfile="],
        }  # fmt: skip
        children = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}
        self._announce(bind)

        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        exit_code = 0
        while not stopping:
            for name, child in children.items():
                if child.poll() is not None:
                    self.stderr.write(f"{name} exited with code {child.returncode}; stopping")
                    stopping, exit_code = True, 1
                    break
            time.sleep(0.5)
        for child in children.values():
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + 20
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        sys.exit(exit_code)

    def _announce(self, bind: str) -> None:
        lines = [
            "",
            f"Employment service: http://{bind}/admin/",
            f"Database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; "
            f"broker: {str(settings.CELERY_BROKER_URL).split('://', 1)[0]}",
        ]
        if not settings.PRODUCTION:
            lines.append("Demo logins (username / password / what they see):")
            lines += [f"  {a.username} / {a.password} / {a.description}" for a in DEMO_ACCOUNTS]
        self.stdout.write("\n".join(lines) + "\n")
