"""Accessibility rules (family ``A``, WCAG 2.2 AA) run by ``lmspack validate`` on each lesson.

Body rules walk the markdown-it token stream the renderer builds pages from
(:func:`lmspack.source.markdown.tokens`), so they judge what the page will be made of:

- headings (A101 a ``#`` heading in the body, A102 a skipped level),
- links (A001 no name, A103 generic text, A104 a bare URL as text),
- images (A108 alt repeats the file name, A109 alt names the kind of image; a missing
  alt is T103, and ``![](file.png "decorative")`` marks a decorative image),
- tables (A105 no header cells, A106 an empty header cell, A107 an HTML data table
  without a caption), colours (A110 inline styles below AA contrast),
- language (A002 a malformed ``lang``, A112 a lesson in another language than it
  declares, A113 a passage in another language without ``lang``).

Front-matter rules: A111 a video without captions or a transcript, A003 a transcript
file that does not exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lmspack.diagnostics import Diagnostic, Position
from lmspack.diagnostics.rules import emit
from lmspack.validate.a11y import language
from lmspack.validate.a11y.found import Found
from lmspack.validate.a11y.media import check_video_access

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = ["BODY_ACCESS_CODES", "check_body", "check_body_access", "check_video_access"]

BODY_ACCESS_CODES = frozenset({"T103"})
"""Rules outside the A family that judge a body's accessibility (T103: an image without
alt text, from :func:`lmspack.validate.markdown.check_markdown`)."""


def check_body(body: str, page_lang: str, lang_declared: bool = False,
               tokens: list[Token] | None = None, maths: bool = True) -> list[Found]:
    """Findings for a lesson body (lines 0-based within the body). ``page_lang``: the
    language the page says it is in (the lesson's ``language``, else the course's).
    ``tokens``: the body already parsed (:func:`lmspack.source.markdown.parse`)."""
    from lmspack.source.markdown import parse  # markdown-it: only when a body is read
    from lmspack.validate.a11y.walk import passages_in_other_language, read_body

    lines = body.split("\n")
    reading = read_body(parse(body, maths) if tokens is None else tokens, lines)
    found = [*reading.found, *_headings(reading.headings)]
    whole = language.detect(" ".join(text for _, text, marked in reading.passages
                                     if not marked))
    if whole is not None and whole != language.primary(page_lang):
        first = reading.passages[0][0] if reading.passages else 0
        found.append(Found(first, 1, "A112", f"the lesson reads as {language.name(whole)}, "
                           f"but its page is marked {language.name(page_lang)} ({page_lang})",
                           f"add `language: {whole}` to the lesson's front-matter"
                           if not lang_declared else "correct the lesson's `language`"))
    else:
        for line, other in passages_in_other_language(reading, page_lang):
            found.append(Found(line, 1, "A113", f"this passage reads as "
                               f"{language.name(other)}, but it is not marked as such",
                               f"wrap it in <span lang=\"{other}\">...</span>, or in "
                               f"<div lang=\"{other}\"> with blank lines around the Markdown"))
    return found


def _headings(headings: list[tuple[int, int, int]]) -> list[Found]:
    out = []
    previous = 1  # the page title is the h1
    for level, line, column in sorted(headings, key=lambda h: (h[1], h[2])):
        if level == 1:
            out.append(Found(line, column, "A101", "a level-1 heading in the body: the "
                             "lesson title is already the page's only h1",
                             "start the body's sections at ## (the page shifts them to h2 "
                             "anyway; the source then reads as the page does)"))
        elif level > previous + 1:
            out.append(Found(line, column, "A102", f"heading level {level} follows level "
                             f"{previous}: level {previous + 1} is skipped",
                             f"use {'#' * (previous + 1)} here; screen-reader users move "
                             "through a page by heading level"))
        previous = level
    return out


def check_body_access(path: str, body: str, body_line: int, data: dict[str, Any] | None,
                      course_language: str, tokens: list[Token] | None = None,
                      maths: bool = True) -> list[Diagnostic]:
    """The A rules on the body of lesson ``path`` (from file line ``body_line``;
    ``tokens``: already parsed), in the language its front-matter ``data`` declares, else
    ``course_language``."""
    if not body.strip():
        return []
    lesson_lang = data.get("language") if data is not None else None
    declared = isinstance(lesson_lang, str) and bool(lesson_lang)
    page_lang = lesson_lang if isinstance(lesson_lang, str) and declared else course_language
    return [emit(f.code, path, Position(body_line + f.line, f.column), f.message, hint=f.hint)
            for f in check_body(body, page_lang, declared, tokens, maths)]
