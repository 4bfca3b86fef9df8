"""matching.ml.coding_eval: the scoring rule on hand-made cases, the test file as loaded, and the
coder against the plain baseline on it."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from matching.ml.classification import MEDIUM, MINOR, OCCUPATION, OccupationEntry, read_classification
from matching.ml.coding_eval import (
    choose_weights,
    coder_predict,
    evaluate,
    held_out_titles,
    load_test_titles,
    right_at,
    tfidf_baseline,
)
from matching.ml.occupations import OccupationCoder, Weights


@pytest.mark.parametrize(
    ("predicted", "expected", "level", "right"),
    [
        ("4-02-06-01", "4-02-06-01", None, True),
        ("4-02-06-03", "4-02-06-01", None, False),  # another occupation of the same minor group
        ("4-02-06-00", "4-02-06-01", None, False),  # a group where an occupation was expected
        ("4-02-06-03", "4-02-06-00", None, True),  # an occupation inside the expected group
        ("4-02-07-01", "4-02-06-00", None, False),
        ("4-02-06-03", "4-02-06-01", MINOR, True),
        ("4-02-07-01", "4-02-06-01", MINOR, False),
        ("4-02-07-01", "4-02-06-01", MEDIUM, True),
        ("4-03-01-01", "4-02-06-01", MEDIUM, False),
        # an expected code coarser than the level counts only when the prediction is inside it
        ("4-02-07-01", "4-02-00-00", MINOR, True),
        ("6-03-07-01", "4-00-00-00", MEDIUM, False),
        ("4-03-07-01", "4-00-00-00", MEDIUM, True),
    ],
)
def test_the_scoring_rule(predicted: str, expected: str, level: int | None, right: bool) -> None:
    assert right_at(predicted, expected, level) is right


def test_evaluate_counts_each_measure_over_the_cases() -> None:
    cases = [
        ("a", "4-02-06-01"),  # right first
        ("b", "4-02-06-01"),  # right third, same minor group first
        ("c", "4-02-06-00"),  # an occupation of the group first
        ("d", "4-02-06-01"),  # nothing predicted
    ]
    answers = {
        "a": ["4-02-06-01", "1-01-01-01"],
        "b": ["4-02-06-02", "6-01-01-01", "4-02-06-01"],
        "c": ["4-02-06-05"],
        "d": [],
    }

    def predict(titles: Sequence[str]) -> list[list[str]]:
        return [answers[t] for t in titles]

    scores = evaluate(predict, cases)
    assert scores == {"top1": 0.5, "top3": 0.75, "minor": 0.75, "medium": 0.75, "none": 0.25}


def test_the_baseline_finds_the_nearest_name_or_title() -> None:
    entries = [
        OccupationEntry("4-02-06-01", OCCUPATION, "仓储管理员", "4-02-06-00", titles=("仓管",)),
        OccupationEntry("6-30-05-01", OCCUPATION, "起重装卸机械操作工", "6-30-05-00", titles=("叉车司机",)),
    ]
    predict = tfidf_baseline(entries)
    assert predict(["叉车司机", "仓管员", "zzz"]) == [["6-30-05-01"], ["4-02-06-01"], []]


def test_the_test_file_loads_with_a_known_code_for_every_title() -> None:
    codes = {e.code for e in read_classification()}
    cases = load_test_titles()
    # 5,903 rows; of the 12 with only a name, those whose name is no single entry's are left out
    assert 5891 <= len(cases) <= 5903
    assert all(title and code in codes for title, code in cases)


def test_one_everyday_title_of_each_occupation_with_two_or_more_is_held_out() -> None:
    entries = read_classification()
    kept, held = held_out_titles(entries, seed=0)
    assert held == held_out_titles(entries, seed=0)[1]
    assert held != held_out_titles(entries, seed=1)[1]
    by_code = {e.code: e for e in kept}
    assert len(held) == sum(1 for e in entries if e.level == OCCUPATION and len(e.titles) >= 2)
    for title, code in held:
        original = next(e for e in entries if e.code == code)
        assert title in original.titles and title not in by_code[code].titles
        assert len(by_code[code].titles) >= 1
    untouched = [e for e in entries if e.code not in {code for _, code in held}]
    assert all(by_code[e.code] == e for e in untouched)


def test_weights_and_temperature_are_chosen_on_the_held_out_titles() -> None:
    grain = "6-01-01-00"
    entries = [
        OccupationEntry("6-00-00-00", 1, "生产制造及有关人员", None),
        OccupationEntry("6-01-00-00", 2, "农副产品加工人员", "6-00-00-00"),
        OccupationEntry(grain, MINOR, "粮油加工人员", "6-01-00-00"),
        OccupationEntry(
            "6-01-01-01", OCCUPATION, "制米工", grain, "从事稻谷碾米的人员。", titles=("大米工",)
        ),
        OccupationEntry(
            "6-01-01-02", OCCUPATION, "制粉工", grain, "从事小麦磨粉的人员。", titles=("面粉工",)
        ),
    ]
    coder = OccupationCoder.fit(entries)
    held = [("稻谷", "6-01-01-01"), ("小麦", "6-01-01-02")]  # words only the definitions have
    grid = {"definition": [0.0, 1.0], "group": [0.0], "linear": [0.0]}
    weights, top1 = choose_weights([(coder, held)], grid, [0.01, 10.0])
    assert weights == Weights(definition=1.0, group=0.0, linear=0.0, temperature=0.01)
    assert top1 == 1.0
    assert evaluate(coder_predict(coder.with_weights(weights)), held)["top1"] == 1.0


def test_the_coder_beats_the_plain_baseline_on_the_job_board_titles() -> None:
    entries = read_classification()
    cases = load_test_titles()
    coder = OccupationCoder.fit(entries)
    model = evaluate(coder_predict(coder), cases)
    baseline = evaluate(tfidf_baseline(entries), cases)
    for measure in ("top1", "top3", "minor", "medium"):
        assert model[measure] > baseline[measure], measure
