import gettext
import re
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES"
SIMPLE_ENTRY = re.compile(r'^msgid "(.+)"\nmsgstr "(.+)"$', re.MULTILINE)


def test_every_interface_string_has_a_chinese_translation() -> None:
    text = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]  # the first entry is the catalogue's header
    untranslated = [e for e in entries if e.rstrip().endswith('msgstr ""') and not e.startswith("#~")]
    assert not untranslated, untranslated[:3]
    assert "#, fuzzy" not in text


def test_the_compiled_catalogue_matches_the_source() -> None:
    text = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    with (CATALOGUE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = [e for e in text.split("\n\n") if "msgctxt" not in e and "msgid_plural" not in e]
    pairs = [(m.group(1), m.group(2)) for e in entries for m in SIMPLE_ENTRY.finditer(e)]
    assert len(pairs) > 200
    stale = [
        (msgid, msgstr)
        for msgid, msgstr in pairs
        if compiled.gettext(msgid.replace('\\"', '"')) != msgstr.replace('\\"', '"')
    ]
    assert not stale, stale[:3]
