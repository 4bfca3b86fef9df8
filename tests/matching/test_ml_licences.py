"""matching.ml.licences: licences named in free text, and which licence covers which."""

from __future__ import annotations

import pytest

from matching.ml.licences import CATALOGUE, NAMES, covers, licences_for_work, licences_in


# --- licences_in -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("电工证在手上，会接线", {"electrician_low"}),
        ("持N1证，会开3吨的", {"forklift_n1"}),
        ("叉车证有的，仓库干过两年", {"forklift_n1"}),
        ("需持N1叉车证", {"forklift_n1"}),
        ("持场（厂）内专用机动车辆作业证书", {"forklift_n1"}),
        ("A2驾照，开过半挂", {"A2"}),
        ("驾照A2的", {"A2"}),
        ("B2以上驾照", {"B2"}),
        ("C1、C2驾照都可以", {"C1", "C2"}),
        ("有驾照，什么车都开过", {"driving"}),
        ("C照，开过几年出租", {"C1"}),
        ("高压电工证，另有登高证", {"electrician_high", "height"}),
        ("低压电工作业证", {"electrician_low"}),
        ("持特种作业操作证（熔化焊接与热切割作业）", {"welding"}),
        ("特种作业操作证（低压电工）", {"electrician_low"}),
        ("特种作业操作证(焊工)", {"welding"}),
        ("电焊证考了三年了", {"welding"}),
        ("Q2证在手，开过行车", {"crane_q2"}),
        ("桥式起重机司机证", {"crane_q2"}),
        ("持流动式起重机司机证和B2驾照", {"crane_mobile", "B2"}),
        ("锅炉司炉G1，制冷证也有", {"boiler_g1", "refrigeration"}),
        ("货运从业资格证有的", {"freight_transport"}),
        ("驾照和从业资格证都有", {"driving", "freight_transport"}),
        ("客运资格证，开过大巴", {"passenger_transport"}),
        ("需办健康证", {"health"}),
        ("有保安证", {"security_guard"}),
    ],
)
def test_a_licence_named_in_any_usual_way_is_found(text: str, expected: set[str]) -> None:
    # when
    found = licences_in(text)

    # then
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "有证",  # which one?
        "持证上岗",
        "特种作业操作证",
        "没有电工证",
        "无A2驾照，只会开小车",
        "还没考到叉车证",
        "冇得焊工证",
        "不需要叉车证，会开就行",
        "无证可以培训",
        "初级会计证还在考",
        "健康证没办",
        "有叉车证优先",  # preferred, not needed
        "证券从业资格证",  # names another trade's qualification
        "会开叉车，当过电工",  # the work, not the licence
        "做过低压电工",
        "住A1栋",
        "做过C2C电商",
    ],
)
def test_no_licence_is_read_from_a_vague_negated_preferred_or_unrelated_mention(text: str) -> None:
    # when
    found = licences_in(text)

    # then
    assert found == frozenset()


def test_a_negation_before_an_earlier_word_does_not_reach_the_licence() -> None:
    # given a clause that says 无 about accidents and 持 about the licence
    text = "无重大事故，持A2驾照"

    # when
    found = licences_in(text)

    # then
    assert found == {"A2"}


def test_the_longer_name_wins_where_two_overlap() -> None:
    # given "高压电工证", which holds "电工证", and a truck-crane licence, which holds "起重机司机"
    text = "高压电工证 流动式起重机司机"

    # when
    found = licences_in(text)

    # then
    assert found == {"electrician_high", "crane_mobile"}


def test_every_licence_has_a_name_and_an_ascii_code() -> None:
    # then
    assert len(NAMES) == len(CATALOGUE)
    assert all(code.isascii() and NAMES[code] for code in NAMES)


# --- licences_for_work -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("在码头开过几年航吊", {"crane_q2"}),
        ("招行车工，四班三运转", {"crane_q2"}),
        ("招16吨汽车吊司机", {"crane_mobile"}),
        ("开半挂跑长途", {"A2"}),
        ("会开叉车，仓库理货", {"forklift_n1"}),
        ("钢结构电焊工", {"welding"}),
        ("厂区电工，维护配电柜", {"electrician_low"}),
        ("小区保安，做一休一", {"security_guard"}),
        ("只做组装，不接触装药", set()),  # ruled out in its clause
        ("安装工，有电工基础优先", set()),  # only a plus
        ("超市收银，理货上架", set()),
    ],
)
def test_work_that_by_law_needs_a_licence_names_it(text: str, expected: set[str]) -> None:
    # when
    needed = licences_for_work(text)

    # then
    assert needed == expected


# --- covers ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("held", "required", "expected"),
    [
        ({"A2"}, "A2", True),
        ({"A1"}, "A3", True),
        ({"A1"}, "B2", True),
        ({"A2"}, "B2", True),
        ({"A2"}, "C1", True),
        ({"B2"}, "C1", True),
        ({"B1"}, "C2", True),
        ({"C1"}, "C2", True),
        ({"C1"}, "B2", False),
        ({"C2"}, "C1", False),
        ({"B2"}, "A2", False),
        ({"A2"}, "A1", False),
        ({"C1"}, "driving", True),
        ({"forklift_n1"}, "driving", False),
        ({"crane_q2"}, "crane_mobile", False),
        ({"electrician_high"}, "electrician_low", False),
        ({"welding", "height"}, "height", True),
        (set(), "health", False),
    ],
)
def test_a_licence_covers_itself_and_the_classes_it_legally_includes(
    held: set[str], required: str, expected: bool
) -> None:
    # when
    covered = covers(frozenset(held), required)

    # then
    assert covered is expected


def test_work_only_wished_for_needs_no_licence_held() -> None:
    assert licences_for_work("想学开叉车，还没有证") == frozenset()
    assert licences_for_work("打算去开航吊") == frozenset()
    assert licences_for_work("学过电焊，干了两年电焊") == {"welding"}
