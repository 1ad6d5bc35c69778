"""Properties of issue 20's faster reading of lesson bodies, each against the plain way.

The parser chosen for a text (only the plug-ins whose syntax can occur in it,
:func:`lmspack.source.markdown.plug_ins_for`, and only markdown-it's own rules that can
match in it, :func:`lmspack.source.markdown.rules_off`) reads it to exactly the tokens the
parser with every plug-in and rule does, block and inline, maths on and off; texts are
drawn from the characters that start the plug-ins' and rules' syntax, inside every
container they can sit in, and from lesson-shaped documents (headings, nested lists,
tables, fences, emphasis, links, images, references, HTML, entities, other languages).
The language of a paragraph (rules A107/A108) is judged with one look-up a word, as it was
with one pass a language."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lmspack.source.markdown import new_parser, parse, parse_inline
from lmspack.validate.a11y import language

PIECES = st.sampled_from([
    "a", "w", "www.", "www.example.org", "https:", "http://x.org/p", "mailto:a@b.org",
    "xmpp:a@b.org", "a@b.org", "@", ":", "~", "~~", "|", "| a | b |", "|--|--|", "[^1]",
    "[^1]:", "[^", "$", "$$", "$x$", "$5", "\\$", "Term", ": def", "~ def", "  : def",
    "\t: def", "> ", "- ", "1. ", "* ", "```", "`", "*", "_", "[", "](", ")", "!", "<b>",
    "&#58;", "&amp;", "\\", "# ", " ", "  ", "\n", "\n\n", "\r\n", "\r", "> : x", "- [x] ",
    "> [!NOTE]", "> Term\n> : def", "- Term\n  : def", "Term\r: def", "Term\n~ def",
    # markdown-it's own rules (rules_off): breaks, setext underlines, indented code,
    # references, escapes, entities, HTML, autolinks, images, emphasis
    "---", "***", "___", "* * *", "- - -", "-\t-\t-", "--", "**", "===", "=", "-", "\n---\n",
    "*** ", "_ _ _\t", "---\r", "|---|",
    "Title\n===", "Title\r---", "> ---", "    ", "   ", "\t", "    code", "[a]: /u",
    "[a]:/u", "[a]:\n/u", "> T\n> ===",
    "[a]", "]:", "]", "[a]\n: x", "&", "&copy;", "&#", "<", "<http://x.org>", "<a@b.org>",
    "<!-- c -->", "<div>\n", "</div>", "![", "![a](b.png)", "[l](u)", "#", "## h", "\\*",
    "\\[", "\\", "1) ", "10. ", "2. ", "-\n", "``", "~~~", "\x00", "é", "日本"])
# short texts hold one plug-in's syntax alone (the case a too-narrow choice gets wrong),
# long ones mix them
TEXTS = st.one_of(st.lists(PIECES, max_size=5), st.lists(PIECES, max_size=40)).map("".join)


def _dump(tokens: list) -> list[dict]:  # type: ignore[type-arg]
    return [token.as_dict() for token in tokens]


_WORDS = st.sampled_from(["data", "model", "the", "drift", "Modell", "die", "le", "données",
                          "été", "日本語", "naïve", "x", "42", "`code`", "*em*", "**strong**",
                          "_em_", "~~gone~~", "[link](https://example.org/a?b=1&c=2)",
                          "[ref][r1]", "[r1]", "![a chart](media/chart.png)", "![](x.png)",
                          "<https://example.org>", "https://example.org", "www.example.org",
                          "a@b.org", "&amp;", "&nbsp;", "&#8212;", "\\*", "<kbd>Ctrl</kbd>",
                          "$x^2$", "$5", "[^1]", "|", ":", "#", "!", "\\", "<span lang=\"de\">"])
_LINE = st.lists(_WORDS, min_size=1, max_size=8).map(" ".join)
_INDENT = st.sampled_from(["", "  ", "   ", "    ", "\t", "> ", ">", "> > ", "- ", "  - ",
                           "    - ", "1. ", "   1. ", "* "])


@st.composite
def _block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["para", "heading", "setext", "list", "ordered", "nested",
                                 "table", "fence", "indented", "quote", "html", "hr",
                                 "reference", "footnote", "deflist", "callout", "maths"]))
    line = draw(_LINE)
    lines = draw(st.lists(_LINE, min_size=1, max_size=3))
    # a setext heading's text and underline inside a container (quote, list item)
    first, then = draw(st.sampled_from([("", ""), ("> ", "> "), ("> ", ">"), ("- ", "  "),
                                        ("1. ", "   "), ("> - ", ">   ")]))
    underline = draw(st.sampled_from(["===", "---", "-", "= =", "  ---  "]))
    return {
        "para": "\n".join(lines),
        "heading": "#" * draw(st.integers(1, 7)) + " " + line,
        "setext": f"{first}{line}\n{then}{underline}",
        "list": "\n".join(f"- {x}" for x in lines),
        "ordered": "\n".join(f"{n + draw(st.integers(1, 3))}. {x}" for n, x in enumerate(lines)),
        "nested": "\n".join(f"{draw(_INDENT)}{x}" for x in lines),
        "table": "| A | B |\n|" + draw(st.sampled_from(["---|---", ":--|--:", "---"]))
                 + "|\n" + "\n".join(f"| {x} | {line} |" for x in lines),
        "fence": draw(st.sampled_from(["```", "~~~", "````"])) + draw(st.sampled_from(
            ["", "python", "python demo.py"])) + "\n" + "\n".join(lines) + "\n```",
        "indented": "\n".join(f"    {x}" for x in lines),
        "quote": "\n".join(f"> {x}" for x in lines),
        "html": draw(st.sampled_from(["<details>\n<summary>More</summary>\n\n",
                                      "<div lang=\"fr\">\n", "<!-- lmspack: quiz -->\n",
                                      "<table><tr><td>x</td></tr></table>\n"])) + line,
        "hr": draw(st.sampled_from(["---", "***", "___", "- - -", " * * *"])),
        "reference": draw(st.sampled_from(["[r1]: ", "[r1]:", "[r1]:\n", "[R1]:  "]))
        + f"https://example.org/{draw(st.sampled_from(['a', 'b c', '<x>']))}",
        "footnote": f"[^1]: {line}",
        "deflist": f"{line}\n: {lines[0]}",
        "callout": f"> [!{draw(st.sampled_from(['NOTE', 'TIP', 'WARNING']))}]\n> {line}",
        "maths": f"$$\n{line}\n$$",
    }[kind]


LESSONS = st.lists(st.tuples(_block(), st.sampled_from(["\n\n", "\n", "\r\n\r\n"])),
                   min_size=1, max_size=12).map(lambda blocks: "".join(b + s for b, s in blocks))


@given(LESSONS, st.booleans())
def test_a_lesson_shaped_body_reads_as_with_every_rule(text: str, maths: bool) -> None:
    assert _dump(parse(text, maths)) == _dump(new_parser(maths).parse(text, {}))


@given(LESSONS, st.booleans())
def test_a_lesson_shaped_body_renders_as_with_every_rule(text: str, maths: bool) -> None:
    """The page's parse leaves out the same rules and plug-ins: the HTML is the one every
    rule and plug-in gives."""
    from unittest import mock

    from lmspack.render import markdown as page

    chosen = page.render_body(text, maths=maths)
    with mock.patch.object(page, "rules_off", lambda _text: frozenset()), \
            mock.patch.object(page, "plug_ins_for", lambda _text, _maths=True: None):
        assert page.render_body(text, maths=maths) == chosen


@given(TEXTS, st.booleans())
def test_the_chosen_parser_reads_as_the_full_one(text: str, maths: bool) -> None:
    full = new_parser(maths)
    assert _dump(parse(text, maths)) == _dump(full.parse(text, {}))
    assert _dump(parse_inline(text, maths)) == _dump(full.parseInline(text, {}))


COMMON = sorted(frozenset().union(*language._WORDS.values()))
WORDS = st.lists(st.one_of(st.sampled_from(COMMON), st.sampled_from(["Modell", "data", "x",
                                                                     "l'eau", "42", "ÉTÉ"])),
                 max_size=40)


def _detect_one_pass_a_language(text: str) -> str | None:
    words = [w.lower() for w in language._WORD.findall(text)]
    if len(words) < language.MIN_WORDS:
        return None
    scores = sorted(((sum(w in common for w in words) / len(words), lang)
                     for lang, common in language._WORDS.items()), reverse=True)
    (best, lang), (second, _) = scores[0], scores[1]
    return lang if best >= 0.15 and best >= 2 * second else None


@given(WORDS)
def test_language_detection_is_unchanged(words: list[str]) -> None:
    text = " ".join(words)
    assert language.detect(text) == _detect_one_pass_a_language(text)
