"""The full re-scoring, fanned out in shards so that more workers finish it sooner.

``rescore_start`` builds the index's profiles once (the feature space needs every text), saves
them where every worker can read them (beside ``MATCHING_INDEX_DIR``, shared storage when the
workers are on several machines), and splits the people into shards of whole regions. Each
``rescore_shard`` ranks its people against every vacancy and saves their lists and the
vacancies' best among them; the shard that completes the set hands over to ``rescore_finish``,
which merges the shards, installs and saves the index, and rewrites the stored matches. The
run's row shows staff how far it has got.
"""

from __future__ import annotations

import os
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from matching.ml.index import MatchIndex
from matching.ml.topk import TopLists
from matching.models import RescoreRun
from matching.services.index import LiveIndex, index_build, index_install, index_save, indexed_people
from matching.services.matches import matches_store
from matching.services.profiles import day_number, taxonomy_snapshot

SHARD_PEOPLE = 100_000  # people a shard at most, unless one region alone has more


def _run_dir(run_id: int) -> Path:
    return Path(settings.MATCHING_INDEX_DIR).with_name("rescore-runs") / str(run_id)


def rescore_start(*, shard_people: int = SHARD_PEOPLE, today: date | None = None) -> RescoreRun:
    """Profile everyone, save the unranked index for the shards and plan them. Returns the run;
    its ``shards_total`` shards are then ranked by ``rescore_shard``."""
    today = today or timezone.localdate()
    live, _ = index_build(today=today, rank=False)
    people = live.index.people
    region_of = dict(indexed_people().values_list("pk", "home_region_id"))
    regions = np.array([region_of.get(i, "") for i in people.ids.tolist()])
    # Whole regions, in code order, packed into shards of about ``shard_people``: neighbours
    # share a shard, and a shard is a unit a staff member can recognise.
    codes, counts = np.unique(regions, return_counts=True)
    shard_regions: list[list[str]] = []
    shard_people_count: list[int] = []
    shard_of_region: dict[str, int] = {}
    for code, count in zip(codes.tolist(), counts.tolist(), strict=True):
        if not shard_regions or shard_people_count[-1] + count > shard_people:
            shard_regions.append([])
            shard_people_count.append(0)
        shard_regions[-1].append(code)
        shard_people_count[-1] += count
        shard_of_region[code] = len(shard_regions) - 1
    plan = [{"regions": r, "people": n} for r, n in zip(shard_regions, shard_people_count, strict=True)]
    run = RescoreRun.objects.create(
        people=len(people), vacancies=len(live.index.vacancies), shards_total=len(plan), plan=plan,
        result={"today": today.isoformat()},
    )  # fmt: skip
    directory = _run_dir(run.pk)
    live.index.save(directory / "base", {"built_at": live.built_at.isoformat()})
    np.save(directory / "shards.npy", np.array([shard_of_region[r] for r in regions.tolist()], np.int32))
    return run


def _base(run_id: int) -> tuple[MatchIndex, dict[str, Any]]:
    loaded = MatchIndex.load(_run_dir(run_id) / "base")
    if loaded is None:
        raise RuntimeError(f"the profiles of re-scoring {run_id} are missing under {_run_dir(run_id)}")
    return loaded


def rescore_shard(*, run_id: int, shard: int) -> bool:
    """Rank the people of one shard and save their lists. Safe to run twice (the second run
    writes the same file). Returns True when this shard completed the set."""
    run = RescoreRun.objects.get(pk=run_id)
    directory = _run_dir(run_id)
    index, _ = _base(run_id)
    rows = np.flatnonzero(np.load(directory / "shards.npy") == shard)
    mask = np.zeros(len(index.people), bool)
    mask[rows] = True
    today = date.fromisoformat(run.result["today"])
    person_lists, vacancy_lists = index.rank_people(mask, today=day_number(today))
    mine = person_lists.take(rows)
    tmp = directory / f"shard-{shard}.tmp.npz"
    np.savez(tmp, rows=rows, p_ids=mine.ids, p_scores=mine.scores, p_bound=mine.bound,
             v_ids=vacancy_lists.ids, v_scores=vacancy_lists.scores, v_bound=vacancy_lists.bound)  # fmt: skip
    os.replace(tmp, directory / f"shard-{shard}.npz")  # a reader sees a whole file or none
    done = len(list(directory.glob("shard-*[0-9].npz")))
    RescoreRun.objects.filter(pk=run_id).update(shards_done=Greatest(F("shards_done"), done))
    # Of two shards finishing together, one moves the run on: the claim is a conditional update.
    return done == run.shards_total and bool(
        RescoreRun.objects.filter(pk=run_id, status=RescoreRun.Status.RANKING).update(
            status=RescoreRun.Status.STORING
        )
    )


def rescore_finish(*, run_id: int) -> dict[str, int]:
    """Merge the shards, install and save the index, rewrite every stored match."""
    run = RescoreRun.objects.get(pk=run_id)
    directory = _run_dir(run_id)
    index, meta = _base(run_id)
    shards = []
    for shard in range(run.shards_total):
        with np.load(directory / f"shard-{shard}.npz") as f:
            shards.append((
                f["rows"],
                TopLists(f["p_ids"], f["p_scores"], f["p_bound"]),
                TopLists(f["v_ids"], f["v_scores"], f["v_bound"]),
            ))  # fmt: skip
    index.merge_shards(shards)
    built = datetime.fromisoformat(meta["built_at"])  # what changed since is caught up on use
    live = LiveIndex(index=index, taxonomy=taxonomy_snapshot(), built_at=built, synced_at=built)
    index_save(live)
    index_install(live)
    today = date.fromisoformat(run.result["today"])
    counts = matches_store(live, everyone=True, today=today)
    RescoreRun.objects.filter(pk=run_id).update(
        status=RescoreRun.Status.DONE, finished_at=timezone.now(), result={**run.result, **counts}
    )
    shutil.rmtree(directory, ignore_errors=True)
    return counts


def rescore_failed(*, run_id: int, error: str) -> None:
    """Mark the run failed for staff to see, and free its files (gigabytes at full size); the
    index in service stays as it was until the next run."""
    RescoreRun.objects.filter(pk=run_id).exclude(status=RescoreRun.Status.DONE).update(
        status=RescoreRun.Status.FAILED, finished_at=timezone.now(), error=error[:2000]
    )
    shutil.rmtree(_run_dir(run_id), ignore_errors=True)
