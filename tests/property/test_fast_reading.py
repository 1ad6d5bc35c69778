"""Properties of issue 20's faster reading of lesson bodies, each against the plain way.

The parser chosen for a text (only the plug-ins whose syntax can
occur in it, :func:`lmspack.source.markdown.plug_ins_for`) reads it to exactly the tokens
the parser with every plug-in does, block and inline, maths on and off; texts are drawn from
the characters that start the plug-ins' syntax, inside every container they can sit in.
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
    "> [!NOTE]", "> Term\n> : def", "- Term\n  : def", "Term\r: def", "Term\n~ def"])
# short texts hold one plug-in's syntax alone (the case a too-narrow choice gets wrong),
# long ones mix them
TEXTS = st.one_of(st.lists(PIECES, max_size=5), st.lists(PIECES, max_size=40)).map("".join)


def _dump(tokens: list) -> list[dict]:  # type: ignore[type-arg]
    return [token.as_dict() for token in tokens]


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
