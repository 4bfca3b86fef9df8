"""Chinese text as features without a hand-made word list.

Two views of the same text:

* hashed character n-grams (single characters and bigrams by default), so "会开叉车" and
  "叉车驾驶" share "叉车" without anyone segmenting either;
* taxonomy concepts found by exact multi-pattern search over the names and everyday synonyms
  staff keep in the taxonomy, so "铲车工" and "叉车司机" meet on the same occupation even though
  they share no characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import ahocorasick
import numpy as np
import scipy.sparse as sp

_SEPARATORS = re.compile(r"[\W_]+")  # one run of punctuation, spaces or underscores
_SPACE = ord(" ")
# Odd 64-bit constants for multiplicative hashing; numpy's uint64 arithmetic wraps.
_STEP = np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xBF58476D1CE4E5B9)


# The 56 ethnic groups of China, for taking ethnicity out of free text.
_ETHNIC_GROUPS = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 "
    "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
    "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
_AGE = r"(?:\d{1,2}|[一二两三四五六七八九十]{1,3})"  # "38" and "三十八": people write both
_PROTECTED = re.compile(
    r"(?:仅限|只限|只招|限|要求)?(?:"
    + "|".join(
        [
            r"男女不限|[男女](?:性|士)?",  # sex
            rf"(?:年满)?{_AGE}\s*(?:[-~至到]\s*{_AGE}\s*)?周?岁(?:以下|以上|以内|之间|左右)?",  # age
            r"年龄[^，。；,;\s]{0,12}|[6789０0]0后",
            r"(?:少数)?民族|(?:" + "|".join(sorted(_ETHNIC_GROUPS, key=len, reverse=True)) + r")族",
            r"(?:本地|外地|农村|城镇|农业|非农业?)?(?:户口|户籍)|本地人|外地人",  # household registration
            r"已婚|未婚|已育|未育",  # marriage and children: no more a job requirement than sex
        ]
    )
    + ")"
)


def redact_protected(text: str) -> str:
    """Free text without words for sex, age, ethnicity, household registration, marriage or
    children. The structured tables carry none of these; this keeps them out of the text too,
    so "限女性 35岁以下 本地户口" in a vacancy, or "本人男，38岁" in a profile, cannot move a
    score. (Such requirements are unlawful in a job advert anyway; staff see them in the text.)"""
    return _PROTECTED.sub(" ", text)


def normalise(text: str) -> str:
    """Full-width to half-width, lower case, punctuation to single spaces."""
    return _SEPARATORS.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()


def ngram_counts(
    texts: Sequence[str], *, n_features: int, ngram_range: tuple[int, int] = (1, 2)
) -> sp.csr_matrix:
    """Count hashed character n-grams of every text, in bulk.

    The corpus is one array of code points; each n-gram's hash is computed for every position at
    once, and n-grams that cross a document or a punctuation boundary are dropped. Returns a
    ``len(texts) x n_features`` CSR matrix of counts (``n_features`` a power of two).
    """
    if n_features <= 0 or n_features & (n_features - 1):
        raise ValueError("n_features must be a power of two")
    cleaned = [normalise(t) for t in texts]
    lengths = np.fromiter(map(len, cleaned), dtype=np.int64, count=len(cleaned))
    codes = np.frombuffer("".join(cleaned).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    doc = np.repeat(np.arange(len(cleaned), dtype=np.int64), lengths)
    shift = np.uint64(64 - n_features.bit_length() + 1)
    rows, cols = [], []
    for n in range(ngram_range[0], ngram_range[1] + 1):
        count = len(codes) - n + 1
        if count <= 0:
            continue
        keep = doc[:count] == doc[n - 1 :]
        h = np.full(count, np.uint64(n), dtype=np.uint64)
        for j in range(n):
            window = codes[j : j + count]
            keep &= window != _SPACE
            h = (h ^ window) * _STEP
        h = (h * _MIX) >> shift
        rows.append(doc[:count][keep])
        cols.append(h[keep].astype(np.int64))
    row = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    col = np.concatenate(cols) if cols else np.zeros(0, np.int64)
    matrix = sp.csr_matrix((np.ones(len(row), np.float32), (row, col)), shape=(len(texts), n_features))
    matrix.sum_duplicates()
    return matrix


class ConceptMatcher:
    """Finds taxonomy concepts (occupations, skills) named anywhere in a text.

    Built from each concept's index and its terms: official name and everyday synonyms. Uses an
    Aho-Corasick automaton, so the cost is one pass over the text however large the taxonomy.
    """

    def __init__(self, concepts: Iterable[tuple[str, int, Iterable[str]]]) -> None:
        self._automaton = ahocorasick.Automaton()
        terms: dict[str, set[tuple[str, int]]] = {}
        for kind, index, names in concepts:
            for name in names:
                term = normalise(name)
                if len(term) >= 2:  # one character is too ambiguous to name a concept
                    terms.setdefault(term, set()).add((kind, index))
        for term, targets in terms.items():
            self._automaton.add_word(term, tuple(sorted(targets)))
        self._empty = not terms
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> set[tuple[str, int]]:
        """Every (kind, index) whose name or synonym occurs in ``text``."""
        found: set[tuple[str, int]] = set()
        if self._empty or not text:
            return found
        for _end, targets in self._automaton.iter(normalise(text)):
            found.update(targets)
        return found
