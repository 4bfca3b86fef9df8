"""The national occupation classification as read from the package's table."""

from __future__ import annotations

from collections import Counter

from matching.ml.classification import (
    MAJOR,
    MEDIUM,
    MINOR,
    OCCUPATION,
    code_level,
    group_of,
    read_classification,
    within,
)


def test_every_level_is_read_with_its_parent() -> None:
    entries = read_classification()
    by_code = {e.code: e for e in entries}
    assert len(by_code) == len(entries)  # one entry per code, the file's repeats merged
    levels = Counter(e.level for e in entries)
    assert levels[MAJOR] == 8
    assert 70 <= levels[MEDIUM] <= 80 and levels[MINOR] > 250 and levels[OCCUPATION] > 1600
    for entry in entries:
        if entry.level == MAJOR:
            assert entry.parent is None
        else:
            parent = by_code[entry.parent]  # type: ignore[index]
            assert parent.level < entry.level and within(entry.code, parent.code)
    # Parents come before their children, so a loader can insert in order.
    seen: set[str] = set()
    for entry in entries:
        assert entry.parent is None or entry.parent in seen
        seen.add(entry.code)


def test_an_occupation_keeps_its_definition_tasks_and_everyday_titles() -> None:
    by_code = {e.code: e for e in read_classification()}
    keeper = by_code["4-02-06-01"]
    assert keeper.name == "仓储管理员" and keeper.level == OCCUPATION and keeper.parent == "4-02-06-00"
    assert keeper.definition and keeper.tasks
    automation = by_code["2-02-07-07"]
    assert automation.name == "自动控制工程技术人员" and automation.digital  # the book's "S" mark
    assert "PLC工程师" in automation.titles and automation.name not in automation.titles
    # No name keeps a mark: "…技术人员L/S" is "…技术人员".
    assert not [e.name for e in by_code.values() if e.name[-1:] in {"S", "L", "/"}]


def test_the_codes_decide_the_level() -> None:
    by_code = {e.code: e for e in read_classification()}
    # Marked an occupation in the file, yet occupations lie under it.
    assert by_code["6-20-03-00"].level == MINOR
    assert by_code["6-20-03-01"].parent == "6-20-03-00"
    # A minor group with nothing under it is an occupation of its own.
    assert by_code["6-20-04-00"].level == OCCUPATION and by_code["6-20-04-00"].parent == "6-20-00-00"
    assert code_level("4-02-00-00") == MEDIUM and code_level("4-00-00-00") == MAJOR
    assert group_of("4-02-06-01", MINOR) == "4-02-06-00" and within("4-02-06-01", "4-02-00-00")
    assert not within("4-02-06-01", "4-03-00-00")
