"""Issue 19: interface strings come from the message catalogs (en, de, fr, es).

Every string the templates and the renderer mark for translation is found with Babel's own
extractors, and each catalog must translate it with the same placeholders; a German course's
pages then hold none of the English strings (where German differs)."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract
from tests.conftest import REPO_ROOT
from tests.rendering import pages as html_pages
from tests.rendering import write_site

from lmspack import check
from lmspack.source.locale import catalog_language, interface_language, languages, translations

RENDER = REPO_ROOT / "src" / "lmspack" / "render"
LOCALE = REPO_ROOT / "src" / "lmspack" / "locale"
GERMAN = REPO_ROOT / "tests" / "fixtures" / "valid" / "german-course"
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}


SRC = REPO_ROOT / "src" / "lmspack"
PYTHON_SOURCES = ("render/markdown.py", "render/localize.py", "render/sanitize.py",
                  "render/quiz.py", "model/quiz.py", "stats/numformat.py",
                  "packaging/tincan.py", "packaging/cmi5.py", "packaging/cc/qti.py",
                  "packaging/banks/__init__.py", "kinds/*/fallback.py",
                  "stats/drift/outcomes.py", "stats/drift/column.py")
"""The Python modules that mark interface strings: the renderer, the widget fallbacks, the
numbers' words and the names packages and banks are given."""


def messages() -> set[str | tuple[str, str]]:
    """Every message id marked in the templates (the pages' and each widget kind's) and in
    lmspack's Python code."""
    found: set[str | tuple[str, str]] = set()
    templates = [*(RENDER / "templates").glob("*.j2"), *SRC.glob("kinds/*/*.j2")]
    for template in sorted(templates):
        with template.open("rb") as handle:
            for _, _, message, _ in babel_extract(handle, ("_", "gettext", "ngettext"), [],
                                                  JINJA_OPTIONS):
                found.add(tuple(m for m in message if m) if isinstance(message, tuple)
                          else message)
    modules = sorted({path for pattern in PYTHON_SOURCES for path in SRC.glob(pattern)})
    assert len(modules) == len(PYTHON_SOURCES) + 2
    for module in modules:
        with module.open("rb") as handle:
            for _, message, _, _ in extract("python", handle, keywords={
                    "_t": (2,), "gettext": None, "_": None, "N_": None,
                    "ngettext": (1, 2), "note": None, "plural_note": (1, 2)}):
                found.add(message)
    return {m[0] if isinstance(m, tuple) and len(m) == 1 else m for m in found}


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\([a-z]+\)[sdr]|\{[a-z]+\}", text))


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_every_interface_string_is_translated(language: str) -> None:
    wanted = messages()
    assert len(wanted) >= 45
    with (LOCALE / language / "LC_MESSAGES" / "lmspack.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    ids = {m.id[0] if isinstance(m.id, tuple) else m.id: m for m in catalog if m.id}
    missing = sorted(str(m) for m in wanted
                     if (m[0] if isinstance(m, tuple) else m) not in ids)
    assert missing == []
    for message in ids.values():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        source = message.id[0] if isinstance(message.id, tuple) else message.id
        assert all(strings), f"untranslated: {source}"
        assert all(_placeholders(s) == _placeholders(source) for s in strings), source


def test_plurals_come_from_the_catalog() -> None:
    def quiz(language: str, n: int) -> str:
        return translations(language).ngettext("Quiz: %(num)d question.",
                                               "Quiz: %(num)d questions.", n) % {"num": n}
    assert [quiz("en", n) for n in (1, 2)] == ["Quiz: 1 question.", "Quiz: 2 questions."]
    assert [quiz("de", n) for n in (1, 2)] == ["Quiz: 1 Frage.", "Quiz: 2 Fragen."]
    assert quiz("fr", 0) == "Quiz : 0 question."  # French: 0 is singular
    assert quiz("es", 0) == "Cuestionario: 0 preguntas."


def test_language_tags_pick_catalogs() -> None:
    assert languages()[0] == "en" and set(languages()) == {"en", "de", "fr", "es"}
    assert catalog_language("de-CH") == "de" and catalog_language("pt-BR") is None
    assert interface_language("pt-BR") == "en"


def _texts(page: Path) -> str:
    root = lxml.html.parse(str(page)).getroot()
    for script in root.iter("script"):
        script.drop_tree()  # the lesson's JSON data block is no interface text
    attributes = " ".join(v for el in root.iter() for k, v in el.attrib.items()
                          if k in ("aria-label", "title", "alt"))
    return " ".join((root.text_content() + " " + attributes).split())


def _english_strings() -> list[str]:
    """Interface strings whose German differs from English, cut at their placeholders."""
    german = translations("de")
    out = []
    for message in messages():
        source = message if isinstance(message, str) else message[0]
        translated = german.gettext(source)
        # a fragment German shares ("Quiz:", "Video") proves nothing either way
        out += [part.strip() for part in re.split(r"%\([a-z]+\)[sdr]|\{[a-z]+\}", source)
                if len(part.strip()) > 3 and part.strip() not in translated]
    return out


def _build(tmp_path: Path, language: str | None = None) -> list[Path]:
    course = check(GERMAN).course
    assert course is not None
    if language is not None:
        from dataclasses import replace
        course = replace(course, language=language)
    rendered = write_site(course, {}, tmp_path / "site")
    return [tmp_path / "site" / page for page in html_pages(rendered)]


def test_a_german_course_shows_no_english_interface_string(tmp_path: Path) -> None:
    pages = _build(tmp_path)
    english = _english_strings()
    assert len(english) > 30
    found = {page.name: [s for s in english if s in _texts(page)] for page in pages}
    assert found == {page.name: [] for page in pages}
    text = _texts(pages[1])
    assert "Mit 75 % richtigen Antworten ist die Lektion bestanden." in text
    assert "1 h 35 min" in text and 'lang="de"' in pages[1].read_text(encoding="utf-8")


def test_the_english_check_does_fail_on_an_english_page(tmp_path: Path) -> None:
    pages = _build(tmp_path, language="en")
    assert any(s in _texts(pages[1]) for s in _english_strings())
    assert "80%" not in _texts(pages[1]) and "75% correct answers" in _texts(pages[1])
    assert "Quiz: 1 question." in _texts(pages[0]) and "1 questions" not in _texts(pages[0])
