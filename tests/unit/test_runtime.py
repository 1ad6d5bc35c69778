"""The tracking runtime's Python side: settings written into the script, the resume-state
encoding and its worst case, the LMS presets and their documentation table."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lmspack.errors import ConfigError, ContentError
from lmspack.formats.registry import all_formats, require_format
from lmspack.packaging.targets import DEFAULT_TARGET, TARGETS, get_target, targets_markdown
from lmspack.packaging.tracking import (
    RUNTIME_PATH,
    RuntimeSettings,
    StateSize,
    encode_state,
    quiz_signature,
    runtime_script,
    runtime_source,
    state_sizes,
    worst_case_state,
)
from lmspack.render.quiz import letter

# Every SCORM format of the registry, by version (the facts live in each format's folder).
SCORM = {fmt.version: fmt for fmt in all_formats()  # type: ignore[attr-defined]
         if fmt.option == "scorm"}

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "lms-upload.md"

# The first lesson of the example course, as its page's data block gives it to the script.
EXAMPLE_QUIZ = [{"id": f"q{n}", "options": ["a", "b", "c", "d"], "correct": c}
                for n, c in enumerate("cadb", start=1)]


def settings_in(script: bytes) -> dict[str, object]:
    found = re.search(rb"/\*lmspack:settings\*/(.*?)/\*lmspack:end\*/", script)
    assert found is not None
    return dict(json.loads(found.group(1)))


# --- the script and its settings ---------------------------------------------------------


def test_source_defaults_match_python_defaults() -> None:
    shipped = settings_in(runtime_source().encode())
    defaults = json.loads(RuntimeSettings(transports=("scorm12", "scorm2004")).to_json())
    assert shipped == defaults


def test_settings_are_written_into_the_script_once() -> None:
    script = runtime_script(RuntimeSettings(("scorm2004",), commit="exit",
                                            no_quiz_status="passed", score="always"))
    assert settings_in(script) == {"commit": "exit", "noQuizStatus": "passed",
                                   "score": "always", "transports": ["scorm2004"]}
    assert script.count(b"/*lmspack:settings*/") == 1
    assert script == runtime_script(RuntimeSettings(("scorm2004",), commit="exit",
                                                    no_quiz_status="passed", score="always"))


def test_script_transports_are_the_ones_python_names() -> None:
    table = re.search(r"const TRANSPORTS = \{([^}]*)\}", runtime_source())
    assert table is not None
    names = {part.split(":")[0].strip() for part in table.group(1).split(",")} - {""}
    used = {getattr(fmt, "transport", None) for fmt in all_formats()} - {None}
    assert names == used == {"scorm12", "scorm2004", "tincan", "cmi5"}
    assert set(SCORM) == {"1.2", "2004"}


def test_script_is_plain_es2017_strict() -> None:
    source = runtime_source()
    assert "'use strict';" in source
    code = re.sub(r"/\*.*?\*/|//[^\n]*|'(?:\\.|[^'\\])*'", "''", source, flags=re.S)
    # Syntax and library calls newer than ES2017 (a crude check: no JS parser offline).
    for newer in ("?.", "??", "{ ...", "{...", "(?<", ".flat(", ".flatMap(", "fromEntries",
                  "matchAll", "replaceAll", "globalThis", ".at(", "catch {", "import(",
                  "import ", "export "):
        assert newer not in code, newer
    assert "require(" not in code and "eval(" not in code


def test_script_names_no_data_model_element_in_its_core() -> None:
    """The core (everything outside the transports) speaks in events, not cmi elements."""
    source = runtime_source()
    start = source.index("// ---- transports")
    end = source.index("// ---- core")
    outside = source[:start] + source[end:]
    assert "cmi." not in outside
    assert "cmi." in source[start:end]


def test_script_never_listens_to_unload_nor_commits_when_leaving() -> None:
    """pagehide finishes the session; `unload` is unreliable and keeps pages out of the
    back/forward cache."""
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", runtime_source(), flags=re.S)
    assert "'unload'" not in code and '"unload"' not in code and "onunload" not in code
    assert "addEventListener('pagehide'" in code
    assert "addEventListener('pageshow'" in code
    finish = code[code.index("      finish() {"):code.index("      state: () =>")]
    assert "transport.terminate()" in finish and "commit" not in finish


def test_runtime_path_sits_beside_the_stylesheet() -> None:
    from lmspack.render.options import STYLESHEET

    assert RUNTIME_PATH.rsplit("/", 1)[0] == STYLESHEET.rsplit("/", 1)[0]


# --- resume state ------------------------------------------------------------------------


def test_encoding_matches_the_value_the_script_produced() -> None:
    # Computed by the script (node) for the same quiz: see tests/browser/runtime.test.js,
    # which checks many more cases against this module.
    assert quiz_signature(EXAMPLE_QUIZ) == "0e42fbw"
    assert encode_state(EXAMPLE_QUIZ, {"q1": "c", "q2": "b", "q3": "d"}) == "L10e42fbw:c,b,d"


def test_encoding_keeps_gaps_and_drops_trailing_unanswered() -> None:
    assert encode_state(EXAMPLE_QUIZ, {}) == "L10e42fbw:"
    assert encode_state(EXAMPLE_QUIZ, {"q2": "a", "q4": "d"}) == "L10e42fbw:,a,,d"
    assert encode_state(EXAMPLE_QUIZ, {"q1": "a"}) == "L10e42fbw:a"


def test_signature_changes_with_the_quiz() -> None:
    changed = [dict(q) for q in EXAMPLE_QUIZ]
    changed[3] = {"id": "q4", "options": ["a", "b", "c"], "correct": "b"}
    assert quiz_signature(changed) != quiz_signature(EXAMPLE_QUIZ)
    assert len(quiz_signature([])) == 7


def test_worst_case_answers_every_question_with_its_longest_value() -> None:
    wide = [{"id": "q1", "options": [letter(k) for k in range(28)], "correct": "a"},
            {"id": "q2", "options": ["a", "b"], "correct": "b"}]
    assert [letter(25), letter(26)] == ["z", "aa"]
    assert worst_case_state(wide) == f"L1{quiz_signature(wide)}:aa,a"
    # The example lessons: 4 questions of 4 options -> "L1" + 7 + ":" + "a,a,a,a".
    assert len(worst_case_state(EXAMPLE_QUIZ)) == 17


def test_state_size_problem_names_lesson_limit_and_way_out() -> None:
    size = StateSize("huge-quiz", 2100, 4209, 4096)
    assert not size.fits
    message = size.problem("SCORM 1.2", SCORM["1.2"].state_hint)
    assert "'huge-quiz'" in message and "4209" in message and "4096" in message
    assert "SCORM 1.2 limit" in message and "--scorm 2004" in message
    assert "--scorm" not in StateSize("huge-quiz", 40000, 80009, 64000).problem(
        "SCORM 2004", SCORM["2004"].state_hint)


def huge_quiz_course(root: Path, questions: int) -> Path:
    """A valid course whose one lesson has ``questions`` two-option questions."""
    lines = ["---", "id: huge-quiz", "title: A very long quiz", "quiz:"]
    for number in range(questions):
        lines += [f"  - q: Question {number}?", f'    options: ["yes {number}", "no {number}"]',
                  f"    answer: {number % 2}"]
    lines += ["---", "", "Text.", ""]
    (root / "lessons").mkdir(parents=True)
    (root / "lessons" / "huge-quiz.md").write_text("\n".join(lines), encoding="utf-8")
    (root / "course.yaml").write_text("id: huge\ntitle: Huge\nversion: '1'\nrules: {Q101: off}\n",
                                      encoding="utf-8")
    return root


def test_a_lesson_over_the_12_limit_is_reported_and_2004_accepts_it(tmp_path: Path) -> None:
    from lmspack import check

    course = check(huge_quiz_course(tmp_path, 2100)).course
    assert course is not None
    [size] = state_sizes(course, SCORM["1.2"].suspend_data_limit)
    # "L1" + signature + ":" + 2100 one-letter answers joined by 2099 commas.
    assert (size.lesson_id, size.questions, size.worst_case) == ("huge-quiz", 2100, 4209)
    with pytest.raises(ContentError) as caught:
        SCORM["1.2"].preflight(course, DEFAULT_TARGET)
    [problem] = caught.value.problems
    assert "huge-quiz" in problem and "4096" in problem
    [measure] = SCORM["2004"].preflight(course, DEFAULT_TARGET)
    assert (measure.lesson_id, measure.used, measure.limit) == ("huge-quiz", 4209, 64000)


def test_the_2004_limit_too() -> None:
    quiz = [{"id": f"q{n}", "options": ["a", "b"], "correct": "a"} for n in range(32000)]
    assert len(worst_case_state(quiz)) == 10 + 32000 + 31999 > SCORM["2004"].suspend_data_limit


# --- presets -----------------------------------------------------------------------------


def test_every_preset_is_consistent() -> None:
    assert DEFAULT_TARGET in TARGETS
    for name, target in TARGETS.items():
        assert target.name == name
        assert target.scorm_version in SCORM
        assert target.no_quiz_status in ("completed", "passed")
        assert target.commit in ("answer", "exit")
        assert target.score in ("final", "always")
        for fmt in SCORM.values():
            settings = target.runtime_settings(fmt.transport)
            assert settings.transports == (fmt.transport,)


def test_default_target_builds_scorm_12_named_as_documented() -> None:
    target = TARGETS[DEFAULT_TARGET]
    assert target.scorm_version == "1.2"
    fmt = require_format("scorm12")
    assert fmt.file_name("ai-builder-ch4", "1.0.0", target.file_suffix) == \
        "ai-builder-ch4-1.0.0-scorm12.zip"
    assert require_format("scorm2004").file_name("c", "2", target.file_suffix) == \
        "c-2-scorm2004.zip"


def test_presets_for_two_lmss_never_share_a_file_name() -> None:
    names = {f.file_name("c", "1", t.file_suffix) for t in TARGETS.values()
             for f in SCORM.values()}
    assert len(names) == len(TARGETS) * len(SCORM)


def test_moodle_gets_12_and_the_satisfied_rule() -> None:
    moodle = get_target("moodle")
    assert moodle.scorm_version == "1.2" and moodle.moodle_satisfied_rule


def test_unknown_target_names_the_choices() -> None:
    with pytest.raises(ConfigError, match="generic, moodle, canvas"):
        get_target("blackboard")


def test_docs_table_is_generated_from_the_registry() -> None:
    text = DOCS.read_text(encoding="utf-8")
    block = re.search(r"<!-- targets:start \(generated\) -->\n(.*?)<!-- targets:end -->",
                      text, re.S)
    assert block is not None, "docs/lms-upload.md lost its generated targets table"
    assert block.group(1) == targets_markdown(), (
        "the preset table in docs/lms-upload.md is stale; replace it with the output of "
        "lmspack.packaging.targets.targets_markdown()")


def test_xapi_packages_write_the_base_iri_into_the_settings() -> None:
    settings = RuntimeSettings(("cmi5",), activity_base="https://x.org/c")
    assert settings_in(runtime_script(settings))["activityBase"] == "https://x.org/c"
    # SCORM packages keep the settings they had: no activityBase key at all
    assert "activityBase" not in settings_in(runtime_script(RuntimeSettings(("scorm12",))))
