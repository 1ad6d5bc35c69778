"""Issue 19, second part: a course in German, French or Spanish shows no English interface
string anywhere lmspack writes words: the widget fallbacks (headings, captions, column
headers, chart titles, legends and descriptions, verdicts, status words), the tracking
runtime's notice, and the names lmspack makes up in the packages (tincan.xml's question
activities, cmi5 descriptions, cartridge quiz and item titles, question-bank names and
feedback). Numbers and dates in the fallbacks follow the language.

The example course (all three widget kinds, quizzes) is exported in every package format
with its language switched; every learner-visible text is collected from the output (page
text nodes, ``alt``/``aria-label``/``title`` attributes, SVG text, the lesson data's
notices, manifest titles and descriptions, bank names and feedback), and no text may be an
English message of the catalog (a message's placeholders match anything). The author's own
words (the example course's prose, titles and widget texts are English) are not interface
strings: the lesson's prose and the quiz options' text are left out, and a message matches
only as a whole text, or, for messages of four words or more, inside one.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from babel.messages.pofile import read_po
from lxml import etree
from tests.conftest import REPO_ROOT, skip_or_fail

from lmspack import check
from lmspack.build import BuildRequest, build
from lmspack.formats.registry import format_names
from lmspack.source.locale import translations
from lmspack.stats import numformat as fmt

LOCALE = REPO_ROOT / "src" / "lmspack" / "locale"
RUNTIME = REPO_ROOT / "src" / "lmspack" / "packaging" / "runtime" / "lmspack-runtime.js"
PLACEHOLDER = re.compile(r"%\([a-z]+\)[sd]|\{[a-z]+\}")
ATTRIBUTES = ("alt", "aria-label", "title")


def _page_texts(html: bytes) -> Iterator[str]:
    root = lxml.html.fromstring(html)
    for script in root.iter("script"):
        if script.get("id") == "lmspack-lesson":  # the runtime's notices travel in here
            yield from json.loads(script.text or "{}").get("notices", {}).values()
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style") or \
                any(_authored(node) for node in (element, *element.iterancestors())):
            continue
        yield from (element.text or "", element.tail or "")
        yield from (value for key, value in element.attrib.items() if key in ATTRIBUTES)


def _authored(element: lxml.html.HtmlElement) -> bool:
    """The lesson's prose and a quiz option's text: the author's words, not lmspack's."""
    parent = element.getparent()
    return element.get("class") == "prose" or (
        element.tag == "label" and parent is not None and parent.get("class") == "option")


AUTHORED_XML = ("mattext", "questiontext", "answer", "generalfeedback", "choices")
"""Where manifests and banks hold the author's quiz text (QTI material, Moodle XML's
question, options and general feedback, tincan.xml's choices)."""


def _xml_texts(data: bytes) -> Iterator[str]:
    """Every text and ``title`` attribute of a manifest, QTI or Moodle XML file, but the
    author's quiz text."""
    root = etree.fromstring(data)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        yield element.get("title") or ""
        if not any(etree.QName(node).localname in AUTHORED_XML and not (
                etree.QName(element).localname == "text" and
                etree.QName(element.getparent()).localname == "feedback")
                   for node in (element, *element.iterancestors())):
            yield element.text or ""


def _gift_texts(text: str) -> Iterator[str]:
    for line in text.splitlines():
        yield from re.findall(r"^::(.*?)::", line)
        yield from re.findall(r"(?<!\\)#(.*)$", line)


def collect(out: Path) -> list[str]:
    """Every learner-visible text of an export folder (whitespace collapsed)."""
    found: list[str] = []
    for path in sorted(out.rglob("*")):
        if path.suffix == ".html":
            found += _page_texts(path.read_bytes())
        elif path.suffix in (".zip", ".imscc"):
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    data = archive.read(name)
                    if name.endswith(".html"):
                        found += _page_texts(data)
                    elif name.endswith((".xml", ".qti")):
                        found += _xml_texts(data)
        elif path.name.endswith("-questions.xml"):
            found += _xml_texts(path.read_bytes())
        elif path.suffix == ".gift":
            found += _gift_texts(path.read_text(encoding="utf-8"))
    return [" ".join(text.split()) for text in found if text.strip()]


def english_messages(language: str) -> list[re.Pattern[str]]:
    """A pattern per English message the ``language`` catalog translates differently."""
    with (LOCALE / language / "LC_MESSAGES" / "lmspack.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    patterns = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for source in ids:
            if len(PLACEHOLDER.sub("", source).strip(" .:;,()")) < 3:
                continue
            body = ".+?".join(re.escape(part) for part in PLACEHOLDER.split(source))
            words = len(PLACEHOLDER.sub("", source).split())
            pattern = re.compile(rf"(?:^|\b){body}(?:\b|$)" if words >= 4 else rf"^{body}$")
            if not any(pattern.search(PLACEHOLDER.sub("X", s)) for s in strings):
                patterns.append(pattern)  # else the language writes it so too ("ok", "PSI")
    return patterns


def english_in(texts: list[str], language: str) -> list[tuple[str, str]]:
    patterns = english_messages(language)
    return sorted({(p.pattern, t[:120]) for t in texts for p in patterns
                   if (p.search(t) if not p.pattern.startswith("^") else p.fullmatch(t))})


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> object:
    course = check(REPO_ROOT).course
    assert course is not None and course.language == "en"
    return course


def _export(course: object, language: str, out: Path) -> Path:
    build(replace(course, language=language),  # type: ignore[type-var]
          BuildRequest(tuple(format_names()), out_dir=out, epoch=1_700_000_000))
    return out


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_an_exported_course_shows_no_english_interface_string(
        example: object, tmp_path: Path, language: str) -> None:
    texts = collect(_export(example, language, tmp_path / language))
    assert len(texts) > 2000
    assert english_in(texts, language) == []
    lang = translations(language)
    # what the issue names, in the language: widget words, the runtime notice, package names
    for expected in (lang.gettext("Alert rules"), lang.gettext("Every metric: baseline, "
                     "threshold and breaches"), lang.gettext("PSI term"),
                     lang.gettext("Question %(number)s") % {"number": 1}):
        assert expected in texts, expected
    assert any(t.startswith(lang.gettext("Quiz: %(title)s") % {"title": ""}) for t in texts)
    notice = lang.gettext(_runtime_notice())
    assert notice != _runtime_notice() and notice in texts


def test_the_check_finds_english_in_an_english_export(example: object, tmp_path: Path) -> None:
    """The same check on the course in English finds the strings the other tests forbid:
    widget words, chart legends, the question names lmspack makes up."""
    found = english_in(collect(_export(example, "en", tmp_path / "en")), "es")
    shown = {text for _, text in found}
    for text in ("Alert rules", "Reference", "Threshold", "Every metric: baseline, threshold "
                 "and breaches", "Question 1", "Correct.", "Not quite."):
        assert text in shown, text
    assert any(t.endswith(": question 1") for t in shown)
    assert any(t.startswith("Quiz: ") for t in shown)


def _runtime_notice() -> str:
    """The runtime's English notice, read from the script itself."""
    source = RUNTIME.read_text(encoding="utf-8")
    block = re.search(r"const RESTORED_NOTICE = ((?:'[^']*'\s*\+?\s*)+);", source)
    assert block is not None
    text = "".join(re.findall(r"'([^']*)'", block[1]))
    return text.encode("ascii").decode("unicode_escape") if "\\u" in text else text


NOTICE_SCRIPT = """
const r = require('./src/lmspack/packaging/runtime/lmspack-runtime.js');
const shown = [];
function page(data) {
  const nodes = {
    'lmspack-lesson': data === null ? null : { textContent: JSON.stringify(data) },
    'lmspack-status': null,
    'lmspack-quiz': { firstChild: null, insertBefore: (note) => shown.push(note.textContent) },
  };
  return { getElementById: (id) => nodes[id],
           createElement: () => ({ setAttribute() {} }) };
}
const lesson = { id: 'l', quiz: [] };
r.showRestoredNotice(page(Object.assign({}, lesson, { notices: { restored: 'Auf Deutsch.' } })));
r.showRestoredNotice(page(lesson));
process.stdout.write(JSON.stringify(shown));
"""


def test_the_runtime_shows_the_notice_the_page_carries() -> None:
    """The script shows the notice in the page's language when the lesson data carries one
    (run in Node, as the other runtime unit tests), and its English one otherwise."""
    import shutil
    import subprocess

    if shutil.which("node") is None:
        skip_or_fail("node is not installed", "LMSPACK_REQUIRE_BROWSER")
    done = subprocess.run(["node", "-e", NOTICE_SCRIPT], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == ["Auf Deutsch.", _runtime_notice()]


def test_the_runtime_and_the_catalog_share_the_notice() -> None:
    from lmspack.render.quiz import RESTORED_NOTICE

    assert _runtime_notice() == RESTORED_NOTICE
    assert "notices.restored" in RUNTIME.read_text(encoding="utf-8")


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ["0.250", "1234", "−1.20e−5", "<0.001", "12.5 %", "12345",
            "2024-03-01 06:00 UTC", "2024-03-01", "1.5 h", "2 days"]),
    ("de", ["0,250", "1.234", "−1,20e−5", "<0,001", "12,5\xa0%", "12.345",
            "01.03.2024 06:00 UTC", "01.03.2024", "1,5 h", "2 Tage"]),
    ("fr", ["0,250", "1\u202f234", "−1,20e−5", "<0,001", "12,5\xa0%", "12\u202f345",
            "1 mars 2024 06:00 UTC", "1 mars 2024", "1,5 h", "2 jours"]),
    # CLDR's minimum grouping for Spanish: four digits stay together, five are grouped.
    ("es", ["0,250", "1234", "−1,20e−5", "<0,001", "12,5\xa0%", "12.345",
            "1 mar 2024 6:00 UTC", "1 mar 2024", "1,5 h", "2 días"]),
    # Regions read their own CLDR data: Swiss German, Mexican Spanish, Canadian French.
    ("de-CH", ["0.250", "1'234", "−1.20e−5", "<0.001", "12.5%", "12'345",
               "01.03.2024 06:00 UTC", "01.03.2024", "1.5 h", "2 Tage"]),
    ("es-MX", ["0.250", "1,234", "−1.20e−5", "<0.001", "12.5%", "12,345",
               "1 mar 2024 6:00\u202fa.m. UTC", "1 mar 2024", "1.5 h", "2 días"]),
    ("fr-CA", ["0,250", "1\xa0234", "−1,20e−5", "<0,001", "12,5\xa0%", "12\xa0345",
               "1 mars 2024 06 h 00 UTC", "1 mars 2024", "1,5 h", "2 jours"]),
    ("pt-BR", ["0.250", "1234", "−1.20e−5", "<0.001", "12.5 %", "12345",
               "2024-03-01 06:00 UTC", "2024-03-01", "1.5 h", "2 days"]),  # no catalog
])
def test_numbers_and_dates_follow_the_language(language: str, expected: list[str]) -> None:
    assert [fmt.sig3(0.25, locale=language), fmt.sig3(1234.5, locale=language),
            fmt.sig3(-0.000012, locale=language), fmt.p_value(0.0001, locale=language),
            fmt.percent(0.125, locale=language), fmt.number(12345, language),
            fmt.utc(1709272800, locale=language), fmt.utc(1709251200, locale=language),
            fmt.span(5400, language), fmt.span(172800, language)] == expected


def test_locale_numbers_keep_the_digits_and_english_is_unchanged() -> None:
    for value in (0.0, 1e-9, -3.14159, 999.95, 123456789.0, float("inf"), None, "nan"):
        english = fmt.sig3(value)
        assert fmt.sig3(value, locale="en") == english
        german = fmt.sig3(value, locale="de")
        assert german.replace(".", "").replace(",", ".") == english or \
            (german, english) == ("k. A.", "n/a") or "∞" == german == english
    assert fmt.interval("[0.1667, 6.819)", "de") == "[0,1667; 6,819)"
    assert fmt.interval("[0.1667, 6.819)", "en") == "[0.1667, 6.819)"
    assert fmt.interval("red, blue", "de") == "red, blue"


def test_machine_readable_values_stay_locale_free(example: object, tmp_path: Path) -> None:
    """The lesson data, the interaction ids and the mastery scores a German package carries
    are the English package's, number for number."""
    def data(out: Path) -> dict[str, object]:
        page = (out / "site" / "lessons" / "ai-builder-ch4-lesson3.html").read_bytes()
        node = lxml.html.fromstring(page).get_element_by_id("lmspack-lesson")
        return json.loads(node.text)  # type: ignore[no-any-return]

    def cmi5(out: Path) -> list[tuple[str, str]]:
        with zipfile.ZipFile(next(out.glob("*-cmi5.zip"))) as archive:
            root = etree.fromstring(archive.read("cmi5.xml"))
        return [(au.get("id"), au.get("masteryScore")) for au in root.iter("{*}au")]

    german, english = (tmp_path / "de", tmp_path / "en")
    build(replace(example, language="de"),  # type: ignore[type-var]
          BuildRequest(("site", "cmi5"), out_dir=german, epoch=1_700_000_000))
    build(example, BuildRequest(("site", "cmi5"), out_dir=english,  # type: ignore[arg-type]
                                epoch=1_700_000_000))
    de, en = data(german), data(english)
    assert de.pop("notices") and "notices" not in en
    assert de == en and cmi5(german) == cmi5(english)


def test_minimum_grouping_follows_cldr_and_inherits() -> None:
    assert [fmt.minimum_grouping(x) for x in ("es", "es_ES", "es_419", "es_MX", "es_AR",
                                              "de", "de_CH", "fr", "pl", "pt_PT", "pt")] == \
        [2, 2, 1, 1, 1, 1, 1, 1, 2, 2, 1]
    assert [fmt.localize(x, "es") for x in ("999", "1234", "−1234.5", "12345", "1234567")] == \
        ["999", "1234", "−1234,5", "12.345", "1.234.567"]
    assert fmt.localize("1234", "de-AT-x-private") == fmt.localize("1234", "de")
    # A Swiss percentage above 999 keeps its group sign (CLDR quotes are pattern syntax).
    assert fmt.percent(12.345, 1, "de-CH") == "1'234.5%"


def test_which_numbers_are_grouped_agrees_with_icu() -> None:
    """Node's Intl (ICU, an independent CLDR implementation) decides whether 1234 and 12345
    get a group sign in every regional variant of the catalogs' languages. The signs
    themselves are not compared: ICU's CLDR release may differ from Babel's."""
    import json
    import shutil
    import subprocess

    from babel import localedata

    from lmspack.source.locale import languages

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    tags = sorted(tag.replace("_", "-") for tag in localedata.locale_identifiers()
                  if tag.split("_")[0] in languages()[1:] and tag.count("_") <= 1)
    script = ("const tags = JSON.parse(process.argv[1]); console.log(JSON.stringify("
              "tags.map(t => [1234, 12345].map(n => /\\D/.test(new Intl.NumberFormat(t, "
              "{maximumFractionDigits: 0}).format(n))))))")
    icu = json.loads(subprocess.run([node, "-e", script, json.dumps(tags)], check=True,
                                    capture_output=True, text=True).stdout)
    ours = [[not fmt.localize(str(n), tag).isdigit() for n in (1234, 12345)] for tag in tags]
    assert len(tags) > 50
    assert {t: o for t, o, i in zip(tags, ours, icu, strict=True) if o != i} == {}
