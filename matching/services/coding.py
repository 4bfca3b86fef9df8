"""Occupation coding for the registry: the coder fitted on the national classification (once
for a version of the code and the data, kept on disk), with the registry's own titles beside it
(the county's everyday names and the titles people confirmed or corrected), read afresh."""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import logging
import os
import pickle
import threading
from collections.abc import Sequence
from dataclasses import astuple
from pathlib import Path

from django.conf import settings
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from jobs.models import Occupation, OccupationLevel, OccupationTitle, Person
from jobs.models.taxonomy import split_titles
from matching.ml import classification, occupations, text
from matching.ml.classification import read_classification
from matching.ml.occupations import OccupationCoder, Suggestion, clean_title
from matching.ml.titles import RegistryTitles, suggest_with_titles
from matching.models import PersonCoding

log = logging.getLogger(__name__)
_lock = threading.Lock()
_coder: OccupationCoder | None = None


@functools.cache
def _version() -> str:
    """Changes with the coder's code or the classification's data, and only then."""
    digest = hashlib.sha256(importlib.metadata.version(classification.DISTRIBUTION).encode())
    for module in (classification, occupations, text):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


def coder_current() -> OccupationCoder:
    """The coder fitted on the book: this process's, or the one kept on disk, or fitted now."""
    global _coder
    with _lock:
        if _coder is None:
            path = Path(settings.OCCUPATION_CODER_DIR) / f"coder-{_version()}.pickle"
            try:
                with open(path, "rb") as f:
                    _coder = pickle.load(f)
            except (FileNotFoundError, EOFError, pickle.UnpicklingError):
                log.info("fitting the occupation coder on the national classification")
                _coder = OccupationCoder.fit(read_classification())
                path.parent.mkdir(parents=True, exist_ok=True)
                part = path.with_suffix(f".{os.getpid()}.tmp")
                with open(part, "wb") as f:
                    pickle.dump(_coder, f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(part, path)  # another process reading it sees the whole file or none
        assert _coder is not None
        return _coder


@functools.cache
def _book_titles() -> dict[str, frozenset[str]]:
    return {e.code: frozenset({e.name, *e.titles}) for e in read_classification()}


# A title one job seeker gives may be anyone's idea, or mischief: it is suggested to everybody
# once this many different people gave it to the same occupation (staff's and approved
# employers' titles at once).
PEOPLE_AGREE = 3
# ...and one person's words are kept for this many titles at most: saving a profile over and
# over cannot fill the table.
PERSON_TITLES_MOST = 20
# The learned titles suggested to everybody.
SUGGESTED = ~Q(source=OccupationTitle.Source.PERSON) | Q(confirmations__gte=PEOPLE_AGREE)
_titles: tuple[tuple[object, ...], RegistryTitles] | None = None


def _titles_stamp() -> tuple[object, ...]:
    """Changes whenever the registry's titles may have: one query instead of reading them all."""
    stamp = Occupation.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    learned = OccupationTitle.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    return stamp["n"], stamp["last"], learned["n"], learned["last"]


def registry_titles() -> RegistryTitles:
    """The titles the registry holds that the book does not: the county's everyday names (and
    the names of occupations staff added) and the titles confirmed or corrected to an occupation
    by staff, approved employers or enough job seekers. Read again only when they changed."""
    global _titles
    stamp = _titles_stamp()
    held = _titles
    if held is not None and held[0] == stamp:
        return held[1]
    book = _book_titles()
    titles: list[tuple[str, Suggestion]] = []
    for code, level, name, synonyms in Occupation.objects.values_list("code", "level", "name", "synonyms"):
        known = book.get(code, frozenset())
        stands_for = Suggestion(code, level, name, 0.0)
        titles += [(t, stands_for) for t in [name, *split_titles(synonyms)] if t not in known]
    for title, code, level, name in OccupationTitle.objects.filter(SUGGESTED).values_list(
        "title", "occupation__code", "occupation__level", "occupation__name"
    ):
        titles.append((title, Suggestion(code, level, name, 0.0)))
    found = RegistryTitles(titles)
    _titles = (stamp, found)
    return found


def people_coded(people: Sequence[int], texts: Sequence[str], *, k: int) -> list[list[Suggestion]]:
    """The coder's ``k`` suggestions for each person's words (not the registry's titles, which
    change daily), kept with the person: coded again only when their words or the coder changed."""
    version = _version()
    digests = [hashlib.sha256(f"{version}:{k}:{text}".encode()).hexdigest()[:32] for text in texts]
    held = {
        pk: (digest, codes)
        for pk, digest, codes in PersonCoding.objects.filter(person_id__in=people).values_list(
            "person_id", "digest", "codes"
        )
    }
    stale = [i for i, pk in enumerate(people) if held.get(pk, ("", []))[0] != digests[i]]
    coded = coder_current().suggest_many([texts[i] for i in stale], k) if stale else []
    fresh = dict(zip(stale, coded, strict=True))
    PersonCoding.objects.bulk_create(
        [
            PersonCoding(person_id=people[i], digest=digests[i], codes=[astuple(s) for s in fresh[i]])
            for i in stale
        ],
        update_conflicts=True,
        unique_fields=["person"],
        update_fields=["digest", "codes"],
        batch_size=1000,
    )
    return [
        fresh[i] if i in fresh else [Suggestion(*row) for row in held[pk][1]] for i, pk in enumerate(people)
    ]


def occupations_suggest(texts: Sequence[str], *, k: int = 5) -> list[list[Suggestion]]:
    """Ranked occupation codes with confidences for each text."""
    return suggest_with_titles(coder_current(), registry_titles(), texts, k)


def title_taught(title: str, occupation: Occupation) -> str | None:
    """``title`` as it is learned for ``occupation``, cleaned; None when it teaches nothing: a
    title the book already gives that occupation, or nothing left once cleaned."""
    cleaned = clean_title(title)[:100]
    if not cleaned or cleaned in {clean_title(t) for t in _book_titles().get(occupation.code, ())}:
        return None
    return cleaned


def occupation_title_learn(
    *, title: str, occupation: Occupation, source: str, person: Person | None = None
) -> OccupationTitle | None:
    """Keep a title someone confirmed or corrected to an occupation, so the coding learns it; a
    title the book already gives that occupation, or one with nothing left once cleaned, is not
    kept. Confirming it again counts, a job seeker's (``person``) once for each of them; staff
    or an employer confirming a job seeker's title makes it theirs."""
    cleaned = title_taught(title, occupation)
    if cleaned is None:
        return None
    if person is not None and OccupationTitle.objects.filter(people=person).count() >= PERSON_TITLES_MOST:
        return None
    learned, made = OccupationTitle.objects.get_or_create(
        occupation=occupation, title=cleaned, defaults={"source": source}
    )
    if person is not None:
        if not made and learned.people.filter(pk=person.pk).exists():
            return learned
        learned.people.add(person)
    if not made:
        change: dict[str, object] = {"confirmations": F("confirmations") + 1, "updated_at": timezone.now()}
        if learned.source == OccupationTitle.Source.PERSON and source != OccupationTitle.Source.PERSON:
            change["source"] = source
        OccupationTitle.objects.filter(pk=learned.pk).update(**change)
    return learned


def person_coding_forget(*, person: Person) -> None:
    """A job seeker leaves: the titles only they gave go, the ones others gave too stay, counted,
    without naming them, and the occupations coded from their words go."""
    given = OccupationTitle.objects.filter(people=person)
    given.filter(source=OccupationTitle.Source.PERSON, confirmations__lte=1).delete()
    OccupationTitle.people.through.objects.filter(person=person).delete()
    PersonCoding.objects.filter(person=person).delete()


# Words are taken as one occupation without asking when the coder is at least this sure of it
# (a registry title said whole is 0.9); otherwise the person chooses among the suggestions.
TAKEN_AT = 0.6


def occupation_for_words(text: str, *, k: int = 5) -> tuple[Occupation | None, list[Occupation]]:
    """The occupation (never a group) ``text`` names: the one of that exact name, or the first
    suggestion when the coding is sure of it. Otherwise none, and up to ``k`` occupations to
    choose from, best first (none at all when the words name no work)."""
    text = text.strip()
    exact = list(Occupation.objects.filter(name=text, level=OccupationLevel.OCCUPATION)[:2])
    if len(exact) == 1:
        return exact[0], []
    suggested = [s for s in occupations_suggest([text], k=2 * k)[0] if s.level == OccupationLevel.OCCUPATION]
    rows = Occupation.objects.in_bulk([s.code for s in suggested[:k]], field_name="code")
    found = [(rows[s.code], s.confidence) for s in suggested[:k] if s.code in rows]
    if found and found[0][1] >= TAKEN_AT:
        return found[0][0], []
    return None, [occupation for occupation, _ in found]
