"""matching.ml.occupations: free text to CSCO 2022 codes, and the noise taken out of titles."""

from __future__ import annotations

import pickle

import pytest

from matching.ml.classification import (
    MAJOR,
    MEDIUM,
    MINOR,
    OCCUPATION,
    OccupationEntry,
    group_of,
    read_classification,
    within,
)
from matching.ml.occupations import OccupationCoder, Suggestion, clean_title

FORKLIFT_FAMILY = "6-30-05-00"  # 起重装卸机械操作人员: 起重装卸机械操作工, 起重工 ...


@pytest.fixture(scope="module")
def entries() -> list[OccupationEntry]:
    return read_classification()


@pytest.fixture(scope="module")
def coder(entries: list[OccupationEntry]) -> OccupationCoder:
    return OccupationCoder.fit(entries)


def first(coder: OccupationCoder, text: str) -> Suggestion:
    suggestions = coder.suggest(text)
    assert suggestions, text
    return suggestions[0]


# --- clean_title -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("title", "cleaned"),
    [
        ("急招！叉车司机 包吃住 五险一金 300/天", "叉车司机"),
        ("抖音快手运营（郓城）", "抖音快手运营"),
        ("电工8-12K 月入3万 不加班 双休", "电工"),
        ("PLC工程师（深圳市某某科技有限公司）", "plc工程师"),
        ("客服7500+ 面就过！", "客服"),
        ("招聘专员(J10728)", "招聘专员"),
        ("海底捞火锅店招聘服务员", "海底捞火锅店 服务员"),
        ("招保姆接送孩子", "保姆接送孩子"),
        ("C1司机 3D建模 C++开发", "c1司机 3d建模 cpp开发"),
        ("database开发 base上海", "database开发"),  # a Latin noise word only as a word
        ("本人男，38岁，本地户口，会电焊", "会电焊"),
        ("大专及以上学历 本科优先 高中数学老师", "高中数学老师"),  # schooling asked for, not taught
        ("挑战高薪一万加+接受小白 9:30上班 国企", ""),
        ("电焊工（钢结构）", "电焊工"),  # a bracket qualifies the title
        ("（叉车）", "叉车"),  # unless it is all there is
        ("（某某物流有限公司）", ""),
    ],
)
def test_noise_places_employers_and_protected_words_leave_the_title(title: str, cleaned: str) -> None:
    assert clean_title(title) == cleaned


def test_a_place_name_the_classification_uses_as_a_word_stays() -> None:
    # 公安 is also a county (公安县); "公安" alone is the word of the book, "公安县" the place.
    assert clean_title("公安县 公安协警") == "公安协警"


# --- coding ----------------------------------------------------------------------------------
def test_empty_text_or_only_noise_gets_no_code(coder: OccupationCoder) -> None:
    assert coder.suggest("") == []
    assert coder.suggest("   ") == []
    assert coder.suggest("急招！包吃住 五险一金 月入过万 不加班（郓城）") == []


def test_suggestions_are_ranked_codes_of_the_classification(
    coder: OccupationCoder, entries: list[OccupationEntry]
) -> None:
    names = {e.code: (e.level, e.name) for e in entries}
    suggestions = coder.suggest("电焊工", k=5)
    assert 1 <= len(suggestions) <= 5
    confidences = [s.confidence for s in suggestions]
    assert confidences == sorted(confidences, reverse=True)
    assert all(0 <= c <= 1 for c in confidences)
    for s in suggestions:
        assert names[s.code] == (s.level, s.name)
    assert suggestions[0].name == "焊工" and suggestions[0].confidence > 0.2
    assert suggestions[0].confidence > 10 * suggestions[1].confidence  # it stands out


def test_english_letters_in_a_title_code_it(coder: OccupationCoder) -> None:
    assert first(coder, "PLC").code == "2-02-07-07"  # 自动控制工程技术人员
    assert first(coder, "Java开发").code == "2-02-10-03"  # 计算机软件工程技术人员
    assert within(first(coder, "QC").code, "6-31-03-00")  # 检验试验人员
    assert within(first(coder, "CNC操作工").code, "6-18-01-00")  # 机械冷加工人员


def test_noise_around_a_title_does_not_change_its_code(coder: OccupationCoder) -> None:
    plain = coder.suggest("叉车司机")
    noisy = coder.suggest("急招！叉车司机 包吃住 五险一金 300/天（郓城）【某某物流有限公司】")
    assert [s.code for s in noisy] == [s.code for s in plain]
    assert within(plain[0].code, FORKLIFT_FAMILY)


def test_protected_words_do_not_move_the_result(coder: OccupationCoder) -> None:
    assert coder.suggest("本人女，45岁，农村户口，会开叉车") == coder.suggest("会开叉车")


def test_a_colloquial_sentence_about_forklifts_codes_to_the_loading_machinery_family(
    coder: OccupationCoder,
) -> None:
    suggestion = first(coder, "在东莞开过三年叉车，想回京山上班")
    assert suggestion.code == "6-30-05-01"  # 起重装卸机械操作工
    assert within(suggestion.code, FORKLIFT_FAMILY)


def test_everyday_words_reach_the_family_through_definitions_and_tasks(coder: OccupationCoder) -> None:
    assert within(first(coder, "踩缝纫机").code, "6-05-01-00")  # 纺织品和服装剪裁缝纫人员
    assert within(first(coder, "会开叉车").code, FORKLIFT_FAMILY)


def test_a_text_that_names_only_a_group_is_coded_to_the_group(coder: OccupationCoder) -> None:
    suggestion = first(coder, "销售人员")
    assert (suggestion.code, suggestion.level) == ("4-01-02-00", MINOR)
    # the group's occupations follow it
    assert all(within(s.code, "4-01-02-00") for s in coder.suggest("销售人员", k=2))


def test_a_title_two_occupations_share_gives_both_with_split_confidence() -> None:
    entries = [
        OccupationEntry("6-00-00-00", 1, "生产制造及有关人员", None),
        OccupationEntry("6-01-00-00", 2, "农副产品加工人员", "6-00-00-00"),
        OccupationEntry("6-01-01-00", 3, "粮油加工人员", "6-01-00-00"),
        OccupationEntry(
            "6-01-01-01", OCCUPATION, "制米工", "6-01-01-00", "从事稻谷加工的人员。", titles=("操作工",)
        ),
        OccupationEntry(
            "6-01-01-02", OCCUPATION, "制粉工", "6-01-01-00", "从事小麦加工的人员。", titles=("操作工",)
        ),
    ]
    coder = OccupationCoder.fit(entries)
    suggestions = coder.suggest("操作工")
    assert {s.code for s in suggestions[:2]} == {"6-01-01-01", "6-01-01-02"}
    assert all(0.4 <= s.confidence <= 0.6 for s in suggestions[:2])
    # a word only one definition has decides between them
    assert first(coder, "小麦操作工").code == "6-01-01-02"


def test_confidence_spread_over_one_minor_group_codes_the_group_first() -> None:
    grain = OccupationEntry("6-01-01-00", MINOR, "粮油加工人员", "6-01-00-00")
    entries = [
        OccupationEntry("6-00-00-00", 1, "生产制造及有关人员", None),
        OccupationEntry("6-01-00-00", 2, "农副产品加工人员", "6-00-00-00"),
        grain,
        *(
            OccupationEntry(
                f"6-01-01-0{i}", OCCUPATION, name, grain.code, f"从事{crop}加工的人员。", titles=("操作工",)
            )
            for i, (name, crop) in enumerate(
                (("制米工", "稻谷"), ("制粉工", "小麦"), ("制油工", "油料")), start=1
            )
        ),
        OccupationEntry("6-01-02-00", MINOR, "饲料加工人员", "6-01-00-00"),
        OccupationEntry("6-01-02-01", OCCUPATION, "饲料生产工", "6-01-02-00", "从事饲料生产的人员。"),
    ]
    coder = OccupationCoder.fit(entries)
    group, *occupations = coder.suggest("操作工", k=4)
    assert (group.code, group.level) == (grain.code, MINOR)
    assert group.confidence == pytest.approx(sum(s.confidence for s in occupations), abs=0.01)
    assert {s.code for s in occupations} == {"6-01-01-01", "6-01-01-02", "6-01-01-03"}
    # one occupation the text names clearly is not backed off
    assert first(coder, "饲料生产工").code == "6-01-02-01"


def _book(*prefixes: str) -> list[OccupationEntry]:
    """The classification's entries under ``prefixes`` and the groups above them: a small book,
    quick to fit."""
    inside = [e for e in read_classification() if e.code.startswith(prefixes)]
    parents = {group_of(e.code, level) for e in inside for level in (MAJOR, MEDIUM, MINOR)}
    return [e for e in read_classification() if e.code in parents or e in inside]


@pytest.fixture(scope="module")
def small_book() -> list[OccupationEntry]:
    return _book("4-01-", "6-31-")


@pytest.fixture(scope="module")
def corrections(small_book: list[OccupationEntry]) -> list[tuple[str, str]]:
    """A title taken to a code the book alone ranks third, one to a group, one to no code."""
    ranked = OccupationCoder.fit(small_book).suggest("跟单员")
    return [("跟单员", ranked[2].code), ("车间杂工", "6-31-99-00"), ("无此码", "9-99-99-99")]


@pytest.fixture(scope="module")
def corrected(small_book: list[OccupationEntry], corrections: list[tuple[str, str]]) -> OccupationCoder:
    return OccupationCoder.fit(small_book, extra_titles=corrections)


def test_a_confirmed_title_given_at_fit_time_is_taken(
    corrected: OccupationCoder, corrections: list[tuple[str, str]]
) -> None:
    assert first(corrected, "急招跟单员 双休").code == corrections[0][1]


def test_a_confirmed_title_may_name_a_group(corrected: OccupationCoder) -> None:
    assert within(first(corrected, "车间杂工").code, "6-31-99-00")


def test_k_bounds_the_suggestions(coder: OccupationCoder) -> None:
    assert coder.suggest("销售人员", k=0) == []
    assert len(coder.suggest("销售人员", k=1)) == 1
    assert len(coder.suggest("焊工", k=3)) == 3


def test_many_texts_at_once_get_what_each_gets_alone(coder: OccupationCoder) -> None:
    texts = ["焊工", "", "保洁阿姨", "PLC", "急招！"]
    assert coder.suggest_many(texts, k=3) == [coder.suggest(t, k=3) for t in texts]


def test_the_coder_pickles(coder: OccupationCoder) -> None:
    restored = pickle.loads(pickle.dumps(coder))
    assert restored.suggest("叉车司机 包吃住") == coder.suggest("叉车司机 包吃住")


def test_the_clause_of_a_long_text_that_names_the_work_decides(coder: OccupationCoder) -> None:
    text = "今年刚毕业，初级证还在考。想留在本地做出纳或者会计助理，四千上下"
    assert within(first(coder, text).code, "2-06-03-00")  # 会计专业人员


def test_what_a_person_refuses_does_not_code_their_text(coder: OccupationCoder) -> None:
    wanted = first(coder, "想坐办公室做文员，不做销售")
    assert not within(wanted.code, "4-01-02-00")  # 销售人员
    assert first(coder, "不做销售").code == first(coder, "做销售").code  # all refused: kept
