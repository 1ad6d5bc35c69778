"""The accessibility rules' building blocks on small inputs: contrast arithmetic, colours,
language judgement, and what must NOT be reported (code, decorative images, marked
passages, good structure). The fixture case tests/fixtures/invalid/accessibility shows
each rule firing at its line."""

from __future__ import annotations

import pytest

from lmspack.validate.a11y import check_body
from lmspack.validate.a11y.contrast import contrast, parse_colour
from lmspack.validate.a11y.language import detect


@pytest.mark.parametrize(("one", "two", "ratio"), [
    ("#000", "#fff", 21.0), ("#767676", "#ffffff", 4.54), ("#777777", "white", 4.48),
    ("rgb(255, 0, 0)", "#fff", 4.0), ("rgb(100%, 100%, 100%)", "black", 21.0),
])
def test_contrast_matches_wcag_figures(one: str, two: str, ratio: float) -> None:
    first, second = parse_colour(one), parse_colour(two)
    assert first is not None and second is not None
    assert round(contrast(first, second), 2) == ratio


@pytest.mark.parametrize("value", ["var(--x)", "currentColor", "#ffffff80",
                                   "rgba(0, 0, 0, 0.5)", "hsl(0 0% 50%)", "nonsense"])
def test_colours_that_cannot_be_judged_are_not(value: str) -> None:
    assert parse_colour(value) is None


def test_language_is_judged_only_when_clear() -> None:
    assert detect("Die Vorhersagen des Modells werden in der Produktion überwacht, und "
                  "wenn sich die Verteilung ändert, wird ein Alarm ausgelöst.") == "de"
    assert detect("Short phrase, très bien.") is None
    # Maths and code read as letters, never as a language.
    assert detect("a_i e_i x y z a b c d e f g h i j k l m n o p q r s t") is None


def _codes(body: str, lang: str = "en") -> list[str]:
    return [f.code for f in check_body(body, lang)]


def test_markup_shown_as_code_is_not_judged() -> None:
    body = ("## Links\n\nWrite `[click here](x.md)` and never `<a href=x></a>`.\n\n"
            "```markdown\n[here](x.md)\n![image](a.png)\n# Title\n```\n")
    assert _codes(body) == []


def test_good_structure_and_marked_content_pass() -> None:
    body = ("## One\n\n### Two\n\n## Three\n\n### Four\n\n"
            "[![Build status](media/b.svg)](https://ci.example.org) and "
            "[the pickle documentation](https://docs.python.org/3/library/pickle.html).\n\n"
            '![](media/rule.png "decorative")\n\n'
            '<div lang="fr">\n\nLe modèle qui fonctionne dans un notebook n\'est pas encore un '
            "service: il faut le déployer avec soin et le surveiller pour que les prédictions "
            "restent justes.\n\n</div>\n\n"
            '<p>Text in <span style="color:#595959">dark grey</span>.</p>\n\n'
            "| Metric | Value |\n|---|---|\n| PSI | 0.3 |\n")
    assert _codes(body) == []


def test_each_problem_once() -> None:
    body = ('## A\n\n#### B\n\n[here](x.md) <a href="y.md"></a> '
            '<span style="color: yellow">x</span>\n')
    assert sorted(_codes(body)) == ["A001", "A102", "A103", "A110"]


def test_a_german_lesson_marked_german_passes_and_unmarked_does_not() -> None:
    body = ("## Einleitung\n\nEin Modell, das im Notebook gut funktioniert, ist noch kein "
            "Dienst. In dieser Lektion lernen wir, wie man es verpackt und betreibt.\n")
    assert _codes(body, "de") == []
    assert _codes(body, "en") == ["A112"]
