"""matching.ml.reading: wage, kinds of work, licences, education and refusals read from free text."""

from __future__ import annotations

import pytest

from matching.ml.reading import (
    FACTORY,
    HEAVY,
    NIGHT_SHIFT,
    SALES,
    STANDING,
    TRAVEL,
    read_text,
    refusal_conflicts,
)


# --- wage ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一天两百", (200.0, "day")),
        ("一天两百五", (250.0, "day")),
        ("一天一百五六就行", (150.0, "day")),
        ("一个月四五千", (4000.0, "month")),
        ("五六千就行", (5000.0, "month")),
        ("一两千块就够", (1000.0, "month")),
        ("到手六千五以上", (6500.0, "month")),
        ("四千八以上", (4800.0, "month")),
        ("一万二左右", (12000.0, "month")),
        ("一个钟头十五块", (15.0, "hour")),
        ("每小时16-20元", (16.0, "hour")),
        ("4500起", (4500.0, "month")),
        ("3000左右", (3000.0, "month")),
        ("月薪8k", (8000.0, "month")),
        ("8-12K", (8000.0, "month")),
        ("3-5千", (3000.0, "month")),
        ("四千到七千", (4000.0, "month")),
        ("年薪10万", (100000 / 12, "month")),
        ("1.2万一个月", (12000.0, "month")),
        ("日结200", (200.0, "day")),
        ("250-350元/天", (250.0, "day")),
        ("一个月低于九千就算了", (9000.0, "month")),
        ("按天给钱，两百上下", (200.0, "day")),  # the unit is in the clause before
        ("工资五六千，一天两百也行", (200.0, "day")),  # the lowest once both are monthly
        ("一千五一个月", (1500.0, "month")),
        ("两百块钱一天", (200.0, "day")),
        ("七八千", (7000.0, "month")),
        ("一个月八千多", (8000.0, "month")),
        ("电话138 1234 5678，工资4000", (4000.0, "month")),
        ("注册资金500万，员工1000余人，月薪五千", (5000.0, "month")),
    ],
)
def test_a_wage_is_read_in_the_unit_it_was_said_in(text: str, expected: tuple[float, str]) -> None:
    # when
    reading = read_text(text)

    # then
    assert reading.wage == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    [
        "干了八年，跑过二十多年长途",
        "今年五十二了",
        "我46了，58岁的也要",
        "开4.2米厢式货车",
        "A2驾照，Q2证，3年以上驾龄",
        "电话13812345678",
        "2023年6月毕业，95年的，90后",
        "一分钟能打六七十个字",
        "早上6点集合，8:00-18:00，月休4天",
        "每天干3小时，住4-6人间",
        "两班倒，五险一金，四班三运转",
        "75、150的挖机都开过，25吨吊车",
        "家里三个人都冇得活做",
        "身高160以上，年龄18-45",
        "十一月毕业",
        "联系电话：0714-6281234",
        "年终奖1-3万，餐补300",  # extras beside the pay
        "万一要加班也行，千万别太远",
    ],
)
def test_figures_that_are_not_wages_are_not_read_as_wages(text: str) -> None:
    # when
    reading = read_text(text)

    # then
    assert reading.wage is None


def test_a_piece_rate_is_no_wage_but_a_monthly_figure_beside_it_is() -> None:
    # given
    text = "按件计酬，一件2元，熟手月入6000以上"

    # when
    reading = read_text(text)

    # then
    assert reading.wage == (6000.0, "month")


# --- work types ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("日结的活都行", {"gig"}),
        ("按天算，干一天算一天", {"gig"}),
        ("做一天结一天，有活就喊我", {"gig"}),
        ("打零工", {"gig"}),
        ("临时的也行", {"gig"}),
        ("能长期站立", set()),
        ("想找个兼职", {"part_time"}),
        ("只能做半天", {"part_time"}),
        ("只能上午上班，下午要接孩子", {"part_time"}),
        ("钟点工，周末也行", {"part_time"}),
        ("每天4小时，月薪1800", {"part_time"}),
        ("每天工作8小时", set()),
        ("周末双休，早八晚五", set()),
        ("想找个长期稳定的，交社保", {"full_time"}),
        ("缴五险", {"full_time"}),
        ("公益岗也可以", {"public_welfare"}),
        ("公益性岗位，缴社保", {"public_welfare", "full_time"}),
        ("会开叉车", set()),
    ],
)
def test_the_kinds_of_work_asked_for_are_read(text: str, expected: set[str]) -> None:
    # when
    reading = read_text(text)

    # then
    assert reading.work_types == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("不要日结，想找长期的", {"full_time"}),
        ("不愿签合同，干一天结一天", {"gig"}),
        ("兼职就算了，要稳定的", {"full_time"}),
        ("不交社保，当天干完当天结", {"gig"}),
    ],
)
def test_a_refused_or_negated_kind_of_work_is_not_asked_for(text: str, expected: set[str]) -> None:
    # when
    reading = read_text(text)

    # then
    assert reading.work_types == expected


# --- licences --------------------------------------------------------------------------------
def test_licences_are_read_and_a_refused_clause_adds_none() -> None:
    # given
    text = "有电工证，A2驾照，叉车证就算了"

    # when
    reading = read_text(text)

    # then
    assert reading.licences == {"electrician_low", "A2"}


# --- education -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("只读过小学", 1),
        ("初中文化", 2),
        ("技校毕业，学的数控", 3),
        ("中专或高中以上", 3),
        ("大专毕业", 4),
        ("学的是护理专业大专，刚毕业", 4),
        ("大专以上学历，本科优先", 4),
        ("在武汉读的本科", 5),
        ("硕士研究生", 6),
        ("博士，做过博士后", 7),
        ("高中没毕业", 2),
        ("没读过高中，初中毕业", 2),
        ("伢还在读小学", None),
        ("想做小学老师", None),
        ("学历不限", None),
        ("我是中专生", 3),
        ("专升本，学的护理", 5),
        ("读过大学", 5),
        ("想辅导小学生作业", None),
    ],
)
def test_education_is_read_on_the_one_to_seven_scale(text: str, expected: int | None) -> None:
    # when
    reading = read_text(text)

    # then
    assert reading.education == expected


# --- refusals --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("不要夜班", (NIGHT_SHIFT,)),
        ("夜里不做", (NIGHT_SHIFT,)),
        ("只上白班", (NIGHT_SHIFT,)),
        ("想找个白天上班的", (NIGHT_SHIFT,)),
        ("熬夜的不考虑", (NIGHT_SHIFT,)),
        ("除了夜班都行", (NIGHT_SHIFT,)),
        ("只要不是夜班，什么都能干", (NIGHT_SHIFT,)),
        ("不是夜班就行", (NIGHT_SHIFT,)),
        ("不要不要", ()),  # nothing refused
        ("以后再也不进厂了", (FACTORY,)),
        ("不去电子厂", (FACTORY,)),
        ("不想去跑销售", (SALES,)),
        ("不想去诊所跑推销", (SALES,)),
        ("销售不做", (SALES,)),
        ("电话销售免谈", (SALES,)),
        ("最好不用到处跑", (TRAVEL,)),
        ("别安排出差", (TRAVEL,)),
        ("站久了腿疼，想找个坐着的", (STANDING,)),
        ("打荷洗碗就算了", ("打荷", "洗碗")),
        ("打包那些活不想做", ("打包",)),
        ("不碰药", ("药",)),
        ("不跑长途不上夜班", (TRAVEL, NIGHT_SHIFT)),
        ("不要两班倒的", (NIGHT_SHIFT,)),  # 两 is no wage figure
        ("晚上不上班", (NIGHT_SHIFT,)),
        ("不倒班", (NIGHT_SHIFT,)),
        ("不愿意上夜班", (NIGHT_SHIFT,)),
        ("莫搞销售", (SALES,)),
        ("我干不了重活", (HEAVY,)),
        ("腰椎不好，想做点轻活", (HEAVY,)),
        ("右脚有残疾，拄拐", (STANDING,)),
        ("腿脚不便", (STANDING,)),
        ("不要轮班的", (NIGHT_SHIFT,)),
        ("在饭店炒了十年菜打荷洗碗就算了", ("打荷", "洗碗")),  # the last words before the cue
    ],
)
def test_refusals_are_read_as_concepts_or_the_words_refused(text: str, expected: tuple[str, ...]) -> None:
    # when
    reading = read_text(text)

    # then
    assert reading.refused == expected


@pytest.mark.parametrize(
    "text",
    [
        "两班倒无所谓",
        "三班倒冇得关系，倒班能接受",
        "不怕累，不挑活",
        "学历不限，男女不限",
        "不要求学历",
        "要不要夜班都行",
        "一个月低于九千就算了",  # a wage floor, read as the wage
        "回不去了，赶不上末班车",
        "老公干不了重活",  # someone else's
        "老公腰伤了，在家歇着",
        "我算了一下工资够用",
        "夜班不行的话白班也可以",
        "不干净的地方也能打扫",
    ],
)
def test_acceptances_and_other_negations_are_not_refusals(text: str) -> None:
    # when
    reading = read_text(text)

    # then
    assert reading.refused == ()


def test_the_positive_text_leaves_the_refused_clause_out() -> None:
    # given
    text = "开过叉车，不要夜班，打荷洗碗就算了，包吃住"

    # when
    reading = read_text(text)

    # then
    assert "夜班" not in reading.positive_text
    assert "洗碗" not in reading.positive_text
    assert "开过叉车" in reading.positive_text and "包吃住" in reading.positive_text


def test_a_text_without_refusals_keeps_all_its_words() -> None:
    # given
    text = "在炼钢厂开过八年行车，倒班能接受"

    # when
    reading = read_text(text)

    # then
    assert reading.positive_text == "在炼钢厂开过八年行车,倒班能接受"


# --- refusal_conflicts -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("refused", "other", "expected"),
    [
        ((NIGHT_SHIFT,), "两班倒，宿舍免费", (NIGHT_SHIFT,)),
        ((NIGHT_SHIFT,), "白夜班每月轮换", (NIGHT_SHIFT,)),
        ((NIGHT_SHIFT,), "四班三运转，班车接送", (NIGHT_SHIFT,)),
        ((NIGHT_SHIFT,), "长期夜班，夜班费另算", (NIGHT_SHIFT,)),
        ((NIGHT_SHIFT,), "白天送货，不跑长途不上夜班", ()),
        ((NIGHT_SHIFT,), "长白班，无夜班", ()),
        ((NIGHT_SHIFT,), "早班晚班轮换，晚班到21:30", ()),
        ((FACTORY,), "电子厂普工，流水线作业", (FACTORY,)),
        ((FACTORY,), "车间操作工", (FACTORY,)),
        ((FACTORY,), "家政公司派单上门", ()),
        ((FACTORY,), "做厂房钢结构焊接，厂家直招", ()),
        ((SALES,), "底薪加提成，有销售指标", (SALES,)),
        ((SALES,), "负责诊所客户开发和产品推广", (SALES,)),
        ((SALES,), "财务助理，做凭证", ()),
        ((SALES,), "仓库管理，无销售任务", ()),
        ((TRAVEL,), "经常出差", (TRAVEL,)),
        ((STANDING,), "需要长时间站着", (STANDING,)),
        ((STANDING,), "坐办公室用电脑", ()),
        (("打荷", "洗碗"), "后厨打荷、洗碗、收拾卫生", ("打荷", "洗碗")),
        (("打荷", "洗碗"), "招炒锅师傅，会做家常菜", ()),
        (("药",), "不接触火药，只做组装", ()),
        (("药",), "负责装药", ("药",)),
        ((NIGHT_SHIFT, "洗碗"), "白夜班轮换，后厨洗碗", (NIGHT_SHIFT, "洗碗")),
    ],
)
def test_a_refusal_conflicts_with_a_text_that_offers_it_not_one_that_rules_it_out(
    refused: tuple[str, ...], other: str, expected: tuple[str, ...]
) -> None:
    # when
    conflicts = refusal_conflicts(refused, other)

    # then
    assert conflicts == expected


def test_a_seeker_and_a_post_in_the_usual_words() -> None:
    # given a returning driver and two posts
    seeker = "在外面开了十年大货，B2驾照有的，不想上夜班，到手六千往上，想找个长期的"
    night_post = "物流园招B2司机，夜间配送，两班倒，月薪6500起，缴五险"
    day_post = "建材公司招送货司机，白天上班，不上夜班，B2驾照，5000-7000元"

    # when
    reading = read_text(seeker)

    # then
    assert reading.wage == (6000.0, "month")
    assert reading.work_types == {"full_time"}
    assert reading.licences == {"B2"}
    assert reading.refused == (NIGHT_SHIFT,)
    assert refusal_conflicts(reading.refused, night_post) == (NIGHT_SHIFT,)
    assert refusal_conflicts(reading.refused, day_post) == ()
