"""Issue 19: the Drift Lab's notes that name values (categories, shares, counts) reach a
German page in German. The engine writes each note as parts (an English template and its
parameters); the fallback renders them through the catalog with the page's numbers, and
the English ``note`` string stays what the engine always wrote."""

from __future__ import annotations

import re

import numpy as np
import pytest

from lmspack.kinds.drift_detection_lab.fallback import _note
from lmspack.kinds.drift_detection_lab.result import DriftRecord as ResultRecord
from lmspack.kinds.drift_detection_lab.result import NotePart
from lmspack.render.fallback import WidgetContext
from lmspack.stats.drift import column_drift
from lmspack.stats.drift.record import DriftRecord

REF_CATS = ["nord"] * 40 + ["ost"] * 30 + ["c1", "c2", "c3", "c4", "c5"] * 6
CUR_CATS = ["nord"] * 30 + ["ost"] * 20 + ["n1"] * 14 + ["n2"] * 13 + ["n3"] * 11 \
    + ["n4", "n5", "n6"] * 4


def _records() -> list[DriftRecord]:
    records = [
        # 6 new categories (3 named, "and 3 more"), 5 absent ones (3 named, "and 2 more")
        *column_drift("city", REF_CATS, CUR_CATS, "categorical", ["psi", "z", "chisquare"]),
        # one new and one absent category, none more
        *column_drift("port", ["S"] * 5 + ["C"] * 5 + ["Q"] * 2, ["S"] * 6 + ["C"] * 3
                      + ["X"] * 3, "categorical", ["psi", "chisquare"]),
        # both samples hold one value only
        *column_drift("flag", ["ja"] * 8, ["ja"] * 9, "categorical", ["z"]),
        # per-value bins of a numeric column with few values, and non-numeric cells
        *column_drift("age", np.arange(60) % 6, [*(np.arange(50) % 7).tolist(), "oops"],
                      "numerical", ["psi", "jensenshannon"]),
        # an empty sample
        *column_drift("fare", [1.0, 2.0], [None, None], "numerical", ["psi"]),
    ]
    return records


def _document(record: DriftRecord) -> ResultRecord:
    return ResultRecord.model_validate(record.to_document())


def _templates(parts: list[NotePart]) -> list[str]:
    found = []
    for part in parts:
        found += [part.message] + ([part.plural] if part.plural else [])
        for value in part.params.values():
            if isinstance(value, list):
                found += _templates([v for v in value if isinstance(v, NotePart)])
    return found


def _english_fragments(record: ResultRecord) -> set[str]:
    """The English words of the record's note templates: the text between placeholders."""
    fragments = set()
    for template in _templates(record.note_parts or []):
        for piece in re.split(r"%\([a-z]+\)[sdr]", template.replace("%%", "%")):
            piece = piece.strip(" ;:,()%")
            if re.search(r"[a-z]{2}", piece):
                fragments.add(piece)
    return fragments


def test_the_notes_cover_every_case() -> None:
    notes = [r.note or "" for r in _records()]
    wanted = ["new category 'n1' (14% of current), 'n2' (13% of current), 'n3' (11% of "
              "current) and 3 more", "category 'c1', 'c2', 'c3' and 2 more absent from current",
              "new category 'X' (25% of current); category 'Q' absent from current",
              "category 'X' only in current: expected count 0, so X² = ∞ and p = 0",
              "z-test compares 'c1' against all other categories together",
              "both samples hold the single value 'ja': p = 1",
              "one bin per value (at most 20 distinct reference values)",
              "non-numeric values treated as missing: 0 in reference, 1 in current",
              "no non-missing values in current: nothing to compare",
              "zero shares are smoothed to a small epsilon"]
    assert [w for w in wanted if not any(w in n for n in notes)] == []


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_a_translated_page_shows_no_english_note(language: str) -> None:
    ctx = WidgetContext("w", language=language)
    leaks = []
    for record in map(_document, _records()):
        shown = _note(ctx, record)
        assert shown, record.note
        leaks += [(piece, shown) for piece in _english_fragments(record)
                  if re.search(rf"(?<![\w']){re.escape(piece)}(?![\w'])", shown)]
    assert leaks == []


def test_german_notes_keep_labels_and_write_numbers_the_german_way() -> None:
    ctx = WidgetContext("w", language="de")
    shown = {r.method + ":" + r.feature: _note(ctx, r) for r in map(_document, _records())}
    assert shown["psi:city"].startswith(
        "neue Kategorie 'n1' (14 % der aktuellen Daten), 'n2' (13 % der aktuellen Daten), "
        "'n3' (11 % der aktuellen Daten) und 3 weitere; Kategorie 'c1', 'c2', 'c3' und 2 "
        "weitere fehlen in den aktuellen Daten; Anteile von null")
    assert shown["z:city"] == \
        "der Z-Test vergleicht 'c1' mit allen anderen Kategorien zusammen"
    assert "ein Bin pro Wert (höchstens 20 verschiedene Referenzwerte)" in shown["psi:age"]
    french = WidgetContext("w", language="fr")
    port = next(r for r in map(_document, _records()) if r.feature == "port")
    assert _note(french, port).startswith("nouvelle catégorie 'X' (25 % des données")


def test_a_share_with_decimals_follows_the_locale() -> None:
    records = column_drift("c", ["a"] * 9, ["a"] * 7 + ["b"], "categorical", ["psi"])
    record = _document(records[0])
    assert record.note is not None and "'b' (12.5% of current)" in record.note
    assert "'b' (12,5 % der aktuellen Daten)" in _note(WidgetContext("w", language="de"),
                                                       record)


def test_the_english_note_is_rendered_unchanged() -> None:
    ctx = WidgetContext("w")
    for record in map(_document, _records()):
        assert _note(ctx, record) == record.note
    # a result written before notes had parts still shows its note
    old = _document(_records()[0]).model_copy(update={"note_parts": None})
    assert _note(ctx, old) == old.note
