"""Matching quality on a set of people's own words with officers' answers (by default
../shared/eval/matching-dev-zh.json), in a fresh SQLite database: the engine and the set's plain
TF-IDF reference, scored in one run, both ways, as the set says (MRR, hit@1, hit@5, order of
relevant over below). The same as ``manage.py evaluate_matching --dev-set PATH``.

    python bench/eval_dev_set.py [path/to/set.json]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

DEFAULT_SET = Path(__file__).resolve().parents[2] / "shared" / "eval" / "matching-dev-zh.json"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SET
    folder = tempfile.mkdtemp(prefix="eval-dev-")
    os.environ.update({"DATABASE_URL": f"sqlite:///{folder}/eval.sqlite3", "LOG_LEVEL": "WARNING",
                       "DJANGO_SETTINGS_MODULE": "config.settings",
                       "MATCHING_INDEX_DIR": f"{folder}/matching-index"})  # fmt: skip
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_taxonomy", verbosity=0)
    call_command("evaluate_matching", "--dev-set", str(path), "--today", "2026-12-01")


if __name__ == "__main__":
    main()
