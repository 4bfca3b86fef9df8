"""Exposure for the people who need it most: a person followed for help (red or yellow) whom a
vacancy suits is placed on its candidate list at least as high as a set place.

Only places move: every score stays what the engine found, and the person must already pass
every filter of the vacancy (the similarity floor, the reach, the hard requirements), so nobody
is shown a vacancy they do not suit. When someone followed is already within the first places,
the list stands as it is.
"""

from __future__ import annotations

from collections.abc import Container

Entry = tuple[int, float]  # (person id, score)


def promote(
    entries: list[Entry], best: Entry | None, flagged: Container[int], *, at: int, k: int
) -> list[Entry] | None:
    """``entries`` (a vacancy's list, best first) with ``best`` (the best-scored flagged person
    the vacancy suits, on the list or not) moved up to place ``at``; None when the list stands:
    nobody flagged suits it, or a flagged person is already within the first ``at``. The list
    keeps at most ``k`` entries."""
    if best is None or any(person in flagged for person, _score in entries[:at]):
        return None
    others = [entry for entry in entries if entry[0] != best[0]]
    others.insert(min(at, len(others) + 1) - 1, best)
    return others[:k]
