"""The one Markdown reading of a lesson: the token stream both the validator and the
renderer work from, so what ``lmspack validate`` checks is what the page shows.

The dialect is CommonMark plus what authors bring from GitHub and from maths-heavy courses,
all through markdown-it-py and its plug-in family (mdit-py-plugins), never our own parser:

* GitHub: tables (with alignment), ``~~strikethrough~~``, task lists (``- [x]``), callouts
  (``> [!NOTE]``, ``TIP``, ``IMPORTANT``, ``WARNING``, ``CAUTION``), footnotes
  (``[^1]`` and ``[^1]: The note.``), bare ``https://`` and ``www.`` links;
* definition lists (``Term`` then ``: definition``);
* maths, unless the course turns it off: ``$...$`` inline and ``$$...$$`` as a block
  (a ``$`` followed by a space or a digit, as in "$5 and $10", stays a dollar sign);
* fenced code with a language and an optional title: ```` ```python numpy_arrays.py ````.

Raw HTML is parsed (``<details>`` works) and the renderer's sanitiser keeps only what is
safe. The parser is imported only when a lesson body is read, and a text is read by a
parser holding only the plug-ins whose syntax it can contain (:func:`plug_ins_for`: the same
tokens, less work). markdown-it-py was kept after measuring faster engines against this
dialect (issue 20, bench/bench_markdown.py, the README's dependency table).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

PLACEMENT = re.compile(r"^\s*<!--\s*lmspack\s*:\s*(?P<what>.*?)\s*-->\s*$", re.DOTALL)
"""A placement directive: ``<!-- lmspack: quiz -->`` or ``<!-- lmspack: widget 2 -->`` on a
line of its own (an HTML comment, so other renderers show nothing)."""
_TARGET = re.compile(r"^(quiz|widget\s+[1-9][0-9]{0,3})$")


def placement(token: Token) -> str | None:
    """The directive's text (``quiz``, ``widget 2``, or whatever else an author wrote after
    ``lmspack:``) when ``token`` is a placement directive, else ``None``."""
    if token.type != "html_block":
        return None
    match = PLACEMENT.match(token.content)
    return " ".join(match.group("what").split()).lower() if match else None


def placement_target(what: str) -> str | None:
    """``quiz`` or ``widget N`` when ``what`` names one, else ``None``."""
    return what if _TARGET.match(what) else None


PLUG_INS = ("table", "strikethrough", "footnote", "deflist", "autolink", "maths")
"""The parts of the dialect a body may not use: each is left out of the parser that reads a
text in which its syntax cannot occur (:func:`plug_ins_for`)."""


def _definition_marker(text: str) -> bool:
    """Whether a `:` or `~` starts a line, after the indentation and `>` of containers (a
    definition's marker). Markdown-it ends a line at a carriage return too."""
    for marker in (":", "~"):
        at = text.find(marker)
        while at >= 0:
            if at == 0 or text[at - 1] in " \t>\n\r":  # most are inside a line: "Note:"
                start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
                if not text[start:at].strip(" \t>"):
                    return True
            at = text.find(marker, at + 1)
    return False


def _autolink_start(text: str) -> bool:
    """Whether a GFM autolink can start: ``www.``, ``http:``, ``https:``, ``mailto:``,
    ``xmpp:`` (the plug-in matches them in lower case only) or an e-mail's ``@``."""
    return any(start in text for start in ("@", "www.", "http:", "https:", "mailto:", "xmpp:"))


_NEEDS: dict[str, Callable[[str], bool]] = {
    "table": lambda text: "|" in text,  # a delimiter row holds a pipe
    "strikethrough": lambda text: "~" in text,
    "footnote": lambda text: "[^" in text,  # both `[^1]` and `[^1]: note` start so
    "deflist": lambda text: (":" in text or "~" in text) and _definition_marker(text),
    "autolink": _autolink_start,
    "maths": lambda text: "$" in text,
}


def plug_ins_for(text: str, maths: bool = True) -> frozenset[str]:
    """The plug-ins whose syntax can occur in ``text``: each of the others needs a character
    sequence ``text`` lacks (every rule of it starts by looking for that sequence and
    declines without it), so a parser without them reads ``text`` to the very same tokens
    (tests/unit/test_markdown_reading.py and the property tests compare the token streams).
    Markdown-it-py is pure Python, and every rule it holds is tried at every block and at
    every special character: a lesson without footnotes or maths does not pay for them."""
    return frozenset(name for name, needs in _NEEDS.items()
                     if (maths or name != "maths") and needs(text))


def new_parser(maths: bool = True, plug_ins: frozenset[str] | None = None,
               off: frozenset[str] = frozenset()) -> MarkdownIt:
    """A fresh parser for lmspack's dialect (see the module doc); ``maths=False`` leaves
    dollar signs as text. ``plug_ins``: only these of :data:`PLUG_INS` (``None``: all);
    ``off``: markdown-it's own rules left out (:func:`rules_off` of the text to read)."""
    from markdown_it import MarkdownIt

    wanted = frozenset(PLUG_INS) if plug_ins is None else plug_ins
    md = MarkdownIt("commonmark", {"tasklists": True, "alerts": True})
    md.enable([name for name in ("table", "strikethrough") if name in wanted])
    if "footnote" in wanted:
        from mdit_py_plugins.footnote import footnote_plugin

        md.use(footnote_plugin, inline=False)  # ^[inline notes] are not GitHub's syntax
    if "deflist" in wanted:
        from mdit_py_plugins.deflist import deflist_plugin

        md.use(deflist_plugin)
    if "autolink" in wanted:
        from mdit_py_plugins.gfm_autolink import gfm_autolink_plugin

        md.use(gfm_autolink_plugin)
    if maths and "maths" in wanted:
        from mdit_py_plugins.dollarmath import dollarmath_plugin

        md.use(dollarmath_plugin, allow_space=False, allow_digits=False,
               allow_blank_lines=False)
    if off:
        md.disable(sorted(off))
    return md


_THEMATIC_BREAK = re.compile(r"([*_-])(?:[ \t]*\1){2,}[ \t]*$", re.MULTILINE)
"""Three or more markers of one kind, only spaces or tabs between and after them, ending a
line: every thematic break (``---``, ``* * *``) is such a line's tail, whatever container
markers come before it (a table's ``|---|---|`` is not)."""
_SETEXT_UNDERLINE = re.compile(r"^[ \t>]*(?:=+|-+)[ \t]*$", re.MULTILINE)
"""A line of ``=`` or ``-`` alone after any indentation and ``>`` markers: the underline of
every setext heading is one (the container markers before it are spaces and ``>``)."""


def _lines_normalised(text: str) -> str:
    # markdown-it ends a line at "\r\n" and at a lone "\r" too
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


_RULE_NEEDS: tuple[tuple[tuple[str, ...], Callable[[str], bool]], ...] = (
    (("code",), lambda text: "    " in text or "\t" in text),  # four columns of indentation
    (("fence",), lambda text: "```" in text or "~~~" in text),
    (("blockquote",), lambda text: ">" in text),
    (("hr",), lambda text: _THEMATIC_BREAK.search(_lines_normalised(text)) is not None),
    (("reference",), lambda text: "]:" in text),  # `[label]:`, the colon right after
    (("html_block", "html_inline", "autolink"), lambda text: "<" in text),
    (("heading",), lambda text: "#" in text),
    (("lheading",), lambda text: _SETEXT_UNDERLINE.search(_lines_normalised(text)) is not None),
    (("escape",), lambda text: "\\" in text),
    (("entity",), lambda text: "&" in text),
    # only the escape and entity rules make the `text_special` tokens text_join merges
    (("text_join",), lambda text: "\\" in text or "&" in text),
    (("backticks",), lambda text: "`" in text),
    (("image",), lambda text: "![" in text),
    (("link",), lambda text: "[" in text),
    (("emphasis",), lambda text: "*" in text or "_" in text),
)
"""markdown-it's own rules (block, inline and core) that a text can do without: each is
paired with what the text must hold for the rule ever to match (the character or run every
match starts with or contains: a ``>`` for a block quote, a ``[`` for a link). A rule that
cannot match declines without changing the parser's state, so leaving it out changes no
token (tests/property/test_fast_reading.py); it saves a call at every line (block rules
are also tried as terminators on every line of a paragraph, and the setext-heading rule
reads every paragraph once more) or at every special character."""


def rules_off(text: str) -> frozenset[str]:
    """markdown-it's rules that cannot match anywhere in ``text`` (:data:`_RULE_NEEDS`)."""
    return frozenset(name for names, needs in _RULE_NEEDS if not needs(text) for name in names)


@functools.lru_cache(maxsize=256)
def _shared(maths: bool, plug_ins: frozenset[str],
            off: frozenset[str] = frozenset()) -> MarkdownIt:
    return new_parser(maths, plug_ins, off)


def _reader(text: str, maths: bool) -> MarkdownIt:
    return _shared(maths, plug_ins_for(text, maths), rules_off(text))


def parse(text: str, maths: bool = True) -> list[Token]:
    """The token stream of ``text`` (a lesson body, or a one-line quiz text), read by a
    parser holding only the plug-ins and rules whose syntax ``text`` can contain (the same
    tokens as the full parser, less work: tests/property/test_fast_reading.py)."""
    return _reader(text, maths).parse(text, {})


def parse_inline(text: str, maths: bool = True) -> list[Token]:
    """The inline tokens of a one-paragraph text (a quiz option, a goal): block syntax such
    as ``# `` or ``- `` at its start stays text."""
    return _reader(text, maths).parseInline(text, {})


def plain_text(text: str, maths: bool = True) -> str:
    """``text`` read as inline Markdown, as plain text for formats that hold no markup
    (SCORM interaction descriptions, xAPI definitions, cmi5 titles): emphasis and code
    markers dropped, a link's text kept, an image's alt text kept, maths kept as its TeX."""
    if not any(c in text for c in "*_`[]<$~\\&!"):
        return text
    out: list[str] = []
    for token in walk(parse_inline(text, maths)):
        if token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type == "math_inline":
            out.append(token.content)
        elif token.type == "image":
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return " ".join("".join(out).split())


def walk(tokens: list[Token]) -> Iterator[Token]:
    """Every token in document order, inline children in place of their parent, skipping
    an image's children (its alt text is the image token's ``content``)."""
    for token in tokens:
        yield token
        if token.children and token.type != "image":
            yield from walk(token.children)


@dataclass(frozen=True)
class Fence:
    """A fenced code block's info string read as ``language title`` (GitHub, MkDocs and
    Pandoc write ``python numpy_arrays.py``, ``python title="numpy_arrays.py"`` or
    ``{.python}``)."""

    language: str
    title: str


_TITLE_ATTR = re.compile(r"""title\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")


def fence_info(info: str) -> Fence:
    info = info.strip()
    if not info:
        return Fence("", "")
    language, _, rest = info.partition(" ")
    language = language.strip("{}").lstrip(".")
    rest = rest.strip()
    if rest.startswith("@"):  # LiaScript's `@eval`: no title (the validator warns, T105)
        return Fence(language, "")
    attr = _TITLE_ATTR.search(rest)
    if attr:
        return Fence(language, next(g for g in attr.groups() if g is not None))
    return Fence(language, rest if "=" not in rest and not rest.startswith("{") else "")
