"""Syntax of other Markdown dialects that lmspack does not render: each gets a located
diagnostic saying what the learner would see instead.

Authors bring lessons written for LiaScript, MkDocs, Jekyll or Pandoc. Their extensions are
plain text to a CommonMark reader, so a page would show them as typed, silently. Worst is a
LiaScript quiz, whose markers say which answer is right: printed as text, the page gives the
answer away (T001, an error). Only prose is looked at: code, maths and raw HTML are read by
the same token stream as the page (:mod:`lmspack.source.markdown`), so an example inside a
code block is never reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from lmspack.diagnostics import Position

if TYPE_CHECKING:
    from markdown_it.token import Token


@dataclass(frozen=True)
class Found:
    """A problem found in a lesson body, before it becomes a :class:`Diagnostic`."""

    where: Position
    code: str
    message: str
    hint: str | None = None


class _Locator(Protocol):
    def find(self, block: tuple[int, int], needles: tuple[str, ...],
             skips: tuple[int, ...] = ()) -> Position: ...


# LiaScript quizzes: `[( )]`/`[(X)]` single choice, `[[ ]]`/`[[X]]` multiple choice,
# `[[answer]]` a text answer, `[[a|(b)|c]]` a selection (the right one in parentheses),
# `[(1)]`/`[[1]]`/`[[___]]` survey options (no right answer), `[[?]]` a hint, `[[!]]` a
# check button.
_LIA_OPTION = re.compile(r"^\s*(\[\(\s*\)\]|\[\[\s*\]\]|\[\([^\s)]{1,3}\)\]|\[\[[0-9]{1,3}\]\]"
                         r"|\[\[_+\]\])(?=\s|$)")
_LIA_REVEAL = re.compile(r"^\s*(\[\([xX]\)\]|\[\[[xX]\]\])(?=\s|$)")
_LIA_TEXT_ANSWER = re.compile(r"^\s*\[\[\s*([^\]\[?!_\s][^\]\[]*?)\s*\]\]\s*$")
_LIA_SELECTION = re.compile(r"\[\[[^\]\[]*\|[^\]\[]*\]\]")
_LIA_MACRO = re.compile(r"^\s*@[A-Za-z][\w.]*(\(.*\))?\s*$")
_TEMPLATE = re.compile(r"\{%-?\s*\w.*?%\}|\{\{\s*[\w.]+\s*(\|[^{}]*)?\}\}")
_PANDOC_ATTR = re.compile(r"(?<![\\$])\{:?\s*(?:[#.][A-Za-z][\w:.-]*|[A-Za-z][\w-]*=\S+)"
                          r"(?:\s+(?:[#.][A-Za-z][\w:.-]*|[A-Za-z][\w-]*=\S+))*\s*\}")
_FENCED_DIV = re.compile(r"^\s*:::+\s*(\{[^}]*\}|[\w-]+)\s*$")
_ADMONITION = re.compile(r"^\s*(!!!|\?\?\?\+?)\s+[A-Za-z]+")
_TEX_DELIMITER = re.compile(r"\\[(\[]")


_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_MATH_SPAN = re.compile(r"\$[^$\s](?:[^$]*[^$\s])?\$")


def _lines(token: Token, maths: bool = False) -> Iterator[str]:
    """The prose lines of an inline token, code spans (and inline maths) blanked out."""
    for line in token.content.split("\n"):
        if "`" in line:
            line = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
        if maths and "$" in line:
            line = _MATH_SPAN.sub(lambda m: " " * len(m.group()), line)
        yield line


def _quiz_marker(line: str) -> tuple[str, bool] | None:
    """The LiaScript quiz marker in a line (at its start, or a selection anywhere), and
    whether it reveals the answer."""
    selection = _LIA_SELECTION.search(line)
    if selection and "(" in selection.group(0):
        return selection.group(0), True
    for pattern, reveals in ((_LIA_REVEAL, True), (_LIA_TEXT_ANSWER, True),
                             (_LIA_OPTION, False)):
        match = pattern.match(line)
        if match:
            return match.group(0).strip() if pattern is _LIA_TEXT_ANSWER \
                else match.group(1), reveals
    return None


def _liascript_quiz(token: Token, block: tuple[int, int], locate: _Locator,
                    last: list[int]) -> Iterator[Found]:
    """T104 once per quiz (lines no more than two apart are one quiz: ``last`` holds the
    line of the previous marker), T001 on every marker that reveals an answer."""
    for line in _lines(token):
        found = _quiz_marker(line)
        if found is None:
            continue
        marker, reveals = found
        where = locate.find(block, (marker,))
        if not last or where.line - last[0] > 2:
            yield Found(where, "T104", "LiaScript quiz: lmspack does not read this dialect, so "
                        f"the learner sees the lines ('{marker} ...') as plain text, with no "
                        "way to answer", "write the question in the front-matter `quiz:` "
                        "(lmspack rule T104 shows how)")
        last[:] = [where.line]
        if reveals:
            yield Found(where, "T001", f"quiz marker '{marker}' marks the right answer, and the "
                        "page shows it as typed: the learner sees the answer",
                        "move the question to the front-matter `quiz:` with `answer:` set")


def _text_checks(line: str, maths: bool) -> Iterator[tuple[str, str, str, str]]:
    """(code, matched text, message, hint) for one line of prose."""
    if _LIA_MACRO.match(line):
        yield ("T105", line.strip(), "LiaScript macro: the page shows it as typed and runs "
               "nothing", "remove it; for interactive content use a widget")
    for match in _TEMPLATE.finditer(line):
        yield ("T106", match.group(0), f"template tag '{match.group(0)[:40]}' (Jinja, Liquid, "
               "MkDocs macros) is not expanded: the page shows it as typed",
               "write the text it stands for")
    for match in _PANDOC_ATTR.finditer(line):
        yield ("T107", match.group(0), f"attribute block '{match.group(0)[:40]}' (Pandoc, "
               "kramdown, MkDocs attr_list) is not read: the page shows it as typed",
               "remove it: lmspack styles headings, links and images itself")
    if _FENCED_DIV.match(line):
        yield ("T107", line.strip(), "fenced div ':::' (Pandoc, MyST) is not read: the page "
               "shows the colons as typed", "use a callout instead: > [!NOTE]")
    if _ADMONITION.match(line):
        yield ("T109", line.strip()[:3], "MkDocs admonition: the page shows "
               f"'{line.strip()[:40]}' as typed", "use a callout: > [!NOTE] (or TIP, "
               "IMPORTANT, WARNING, CAUTION) on its own line, then the text with '> '")
    if not maths and "$$" in line:
        yield ("T108", "$$", "maths is off for this course (course.yaml `maths: false`): the "
               "learner sees the '$$' and the TeX as typed",
               "turn maths on (remove `maths: false`), or write the formula in words")
    for match in _TEX_DELIMITER.finditer(line):
        yield ("T108", match.group(0), f"TeX delimiter '{match.group(0)}' is not maths here: "
               "Markdown drops the backslash and the learner sees the TeX as typed",
               "write inline maths as $...$ and display maths as $$...$$"
               if maths else "write the formula in words, or turn maths on")


def _fence(token: Token, block: tuple[int, int], locate: _Locator) -> Iterator[Found]:
    words = token.info.split()
    macros = [w for w in words[1:] if w.startswith("@")]
    if macros:
        yield Found(locate.find(block, (macros[0],)), "T105",
                    f"LiaScript '{macros[0]}' after a code fence runs the code in LiaScript; "
                    "here the page shows the code and runs nothing",
                    "keep the code as an example, or use a widget for results")


def tex_problem(tex: str) -> str | None:
    """Why latex2mathml (the renderer's converter) cannot read ``tex``, or ``None``."""
    from latex2mathml.converter import convert

    try:
        convert(tex)
    except Exception as error:  # it raises many types for TeX it cannot read
        return type(error).__name__
    return None


def _maths(token: Token, block: tuple[int, int], locate: _Locator) -> Iterator[Found]:
    formulas = [token] if token.type.startswith("math_block") else \
        [c for c in token.children or () if c.type.startswith("math_inline")]
    for formula in formulas:
        problem = tex_problem(formula.content)
        if problem is not None:
            tex = formula.content.strip()
            inline = formula.type.startswith("math_inline")
            needles, skips = ((f"${formula.content}$", tex), (1, 0)) if inline else ((tex,), ())
            yield Found(locate.find(block, needles, skips), "T110",
                        f"maths '{formula.content.strip()[:40]}' cannot be rendered ({problem}): "
                        "the page shows the TeX as code", "check the braces and arguments "
                        "(\\frac{a}{b}, x^{2}, \\left( ... \\right))")


def check_dialects(tokens: list[Token], locate: _Locator, maths: bool) -> Iterator[Found]:
    """T001/T104 LiaScript quizzes, T105 LiaScript scripts and macros, T106 template tags,
    T107 attribute blocks and fenced divs, T108 maths the page cannot show, T109 MkDocs
    admonitions, T110 TeX the converter cannot read, in the prose of ``tokens``."""
    block = (0, 1)
    last: list[int] = []
    for token in tokens:
        if token.map is not None:
            block = (token.map[0], token.map[1])
        if token.type in ("fence", "code_block"):
            if token.type == "fence":
                yield from _fence(token, block, locate)
            continue
        if maths and (token.type.startswith("math_block") or (
                token.type == "inline" and "$" in token.content)):
            yield from _maths(token, block, locate)
        if token.type != "inline" or not token.content:
            continue
        yield from _liascript_quiz(token, block, locate, last)
        for line in _lines(token, maths):
            for code, text, message, hint in _text_checks(line, maths):
                yield Found(locate.find(block, (text,)), code, message, hint)
