"""Markdown body -> safe HTML, from the token stream :mod:`lmspack.source.markdown` reads
(the validator walks the same one): headings shifted under the page's ``h1``, code
highlighted, maths as MathML, footnotes, callouts and task lists as plain HTML, local URLs
rewritten, then the allow-list sanitiser.

Headings: the lesson title is the page's only ``h1``, so the body's shallowest heading
becomes ``h2``, and no heading is more than one level below the one before it (an author's
``##`` then ``####`` becomes ``h2`` then ``h3``): screen-reader users navigate by level.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from html import escape
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import escape as escape_markup

from lmspack.render.highlight import code_block
from lmspack.render.maths import mathml
from lmspack.render.regions import label_regions, prepare_tokens
from lmspack.render.sanitize import UrlRewriter, clean, remote_images_as_links
from lmspack.source.markdown import (
    new_parser,
    placement,
    placement_target,
    plug_ins_for,
    rules_off,
)

TOP_LEVEL = 2
"""The level the body's shallowest heading is shifted to."""

Gettext = Callable[[str], str]

def N_(text: str) -> str:
    """Marks ``text`` for the message catalogs; it is translated where it is shown."""
    return text


CALLOUTS = {"NOTE": N_("Note"), "TIP": N_("Tip"), "IMPORTANT": N_("Important"),
            "WARNING": N_("Warning"), "CAUTION": N_("Caution")}
"""GitHub's callout kinds and their titles (translated on the page)."""
NOTES, BACK_TO_TEXT = N_("Notes"), N_("Back to the text")


def _t(env: dict[str, Any], text: str) -> str:
    gettext: Gettext = env.get("gettext", str)
    return gettext(text)


def _note_id(token: Token) -> str:
    return str(token.meta["id"] + 1)


def _ref_id(token: Token) -> str:
    sub = token.meta.get("subId", 0)
    return _note_id(token) + (f"-{sub}" if sub else "")


Rule = Callable[[Any, Sequence[Token], int, Any, dict[str, Any]], str]


def _rules() -> dict[str, Rule]:
    def fence(_r: Any, tokens: Sequence[Token], i: int, _o: Any, _e: dict[str, Any]) -> str:
        return code_block(tokens[i].content, tokens[i].info)

    def code(_r: Any, tokens: Sequence[Token], i: int, _o: Any, _e: dict[str, Any]) -> str:
        return code_block(tokens[i].content, "")

    def math_inline(_r: Any, tokens: Sequence[Token], i: int, _o: Any,
                    _e: dict[str, Any]) -> str:
        return mathml(tokens[i].content, False)

    def math_block(_r: Any, tokens: Sequence[Token], i: int, _o: Any,
                   _e: dict[str, Any]) -> str:
        return f'<div class="math-block">{mathml(tokens[i].content.strip(), True)}</div>\n'

    def footnote_ref(_r: Any, tokens: Sequence[Token], i: int, _o: Any,
                     _e: dict[str, Any]) -> str:
        token = tokens[i]
        return (f'<sup class="footnote-ref"><a href="#fn-{_note_id(token)}" '
                f'id="fnref-{_ref_id(token)}">{_note_id(token)}</a></sup>')

    def notes_open(_r: Any, _t2: Sequence[Token], _i: int, _o: Any, env: dict[str, Any]) -> str:
        return (f'<div class="footnotes"><p class="footnotes-title"><strong>{_t(env, NOTES)}'
                '</strong></p>\n<ol>\n')

    def notes_close(*_: Any) -> str:
        return "</ol>\n</div>\n"

    def note_open(_r: Any, tokens: Sequence[Token], i: int, _o: Any,
                  _e: dict[str, Any]) -> str:
        return f'<li id="fn-{_note_id(tokens[i])}">'

    def note_close(*_: Any) -> str:
        return "</li>\n"

    def note_anchor(_r: Any, tokens: Sequence[Token], i: int, _o: Any,
                    env: dict[str, Any]) -> str:
        return (f' <a href="#fnref-{_ref_id(tokens[i])}" class="footnote-back">'
                f'<span aria-hidden="true">\u21a9\ufe0e</span><span class="visually-hidden">'
                f'{_t(env, BACK_TO_TEXT)}</span></a>')

    def alert_open(_r: Any, tokens: Sequence[Token], i: int, _o: Any,
                   env: dict[str, Any]) -> str:
        kind = str(tokens[i].meta.get("kind", "NOTE")).upper()
        title = _t(env, CALLOUTS.get(kind, kind.title()))
        return (f'<div class="callout callout-{kind.lower()}"><p class="callout-title">'
                f"<strong>{escape(title)}</strong></p>\n")

    def list_item_open(renderer: Any, tokens: Sequence[Token], i: int, options: Any,
                       env: dict[str, Any]) -> str:
        token = tokens[i]
        if "checked" not in (token.meta or {}):
            return str(renderer.renderToken(tokens, i, options, env))
        done = bool(token.meta["checked"])
        state = _t(env, "done") if done else _t(env, "to do")
        return (f'<li class="task{" task-done" if done else ""}"><span class="task-box" '
                f'aria-hidden="true">{"☑" if done else "☐"}</span> '
                f'<span class="visually-hidden">({escape(state)}) </span>')

    return {"fence": fence, "code_block": code, "math_inline": math_inline,
            "math_inline_double": math_block, "math_block": math_block,
            "math_block_label": math_block, "footnote_ref": footnote_ref,
            "footnote_block_open": notes_open, "footnote_block_close": notes_close,
            "footnote_open": note_open, "footnote_close": note_close,
            "footnote_anchor": note_anchor, "alert_open": alert_open,
            "list_item_open": list_item_open}


@functools.lru_cache(maxsize=256)
def parser(maths: bool = True, plug_ins: frozenset[str] | None = None,
           off: frozenset[str] = frozenset()) -> MarkdownIt:
    """The shared reading (:func:`lmspack.source.markdown.new_parser`) with lmspack's HTML
    for code, maths, footnotes, callouts and task lists; ``plug_ins`` as there (``None``:
    all), chosen for a text by :func:`lmspack.source.markdown.plug_ins_for`; ``off``:
    markdown-it's rules the text cannot match (:func:`lmspack.source.markdown.rules_off`),
    left out: the same tokens, so the same HTML, as validation reads."""
    md = new_parser(maths, plug_ins, off)
    for name, rule in _rules().items():
        md.add_render_rule(name, rule)
    return md


def heading_levels(levels: Sequence[int], top: int = TOP_LEVEL) -> list[int]:
    """New levels for headings found at ``levels``, in document order (see module doc).

    Each heading goes one level below the nearest earlier heading that the author wrote at
    a higher level (its parent in the outline), or to ``top`` when there is none, so
    siblings stay siblings and nothing skips a level.
    """
    out: list[int] = []
    parents: list[tuple[int, int]] = []  # (author level, new level) of the open outline
    for level in levels:
        while parents and parents[-1][0] >= level:
            parents.pop()
        new = min(parents[-1][1] + 1, 6) if parents else top
        parents.append((level, new))
        out.append(new)
    return out


def _shift_headings(tokens: list[Token]) -> None:
    opens = [t for t in tokens if t.type == "heading_open"]
    levels = heading_levels([int(t.tag[1]) for t in opens])
    closes = [t for t in tokens if t.type == "heading_close"]
    for open_, close, level in zip(opens, closes, levels, strict=True):
        open_.tag = close.tag = f"h{level}"


def _align_classes(tokens: list[Token]) -> None:
    # markdown-it writes style="text-align:..."; a class keeps style attributes out of the
    # allow-list entirely.
    for token in tokens:
        style = token.attrs.get("style") if token.type in ("th_open", "td_open") else None
        if isinstance(style, str) and style.startswith("text-align:"):
            del token.attrs["style"]
            token.attrs["class"] = "align-" + style.split(":", 1)[1]


def remote_image_text(src: str, alt: str, gettext: Gettext = str) -> str:
    """What stands for an image on another site: its alt text and the site's name."""
    host = urlsplit(src).hostname or gettext("another site")
    return gettext("{alt} (image on {host})").format(alt=alt or gettext("Image"), host=host)


def _images_in_links(tokens: list[Token], gettext: Gettext) -> None:
    """An image on another site inside a link becomes text inside that link (outside a link
    it becomes a link of its own, :func:`remote_images_as_links`): a link never holds a
    link, and the outer link is kept."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        depth = 0
        for index, child in enumerate(token.children):
            depth += child.nesting if child.type in ("link_open", "link_close") else 0
            src = str(child.attrs.get("src", "")) if child.type == "image" else ""
            if depth > 0 and src.lower().startswith(("http://", "https://")):
                text = Token("text", "", 0)
                text.content = remote_image_text(src, child.content, gettext)
                token.children[index] = text


def _alert_title(tokens: list[Token], index: int) -> bool:
    """Whether ``tokens[index]`` is part of a callout's own title (``alert_open`` writes a
    translated one instead)."""
    return tokens[index].type.startswith("alert_title_") or (
        tokens[index].type == "inline" and index > 0
        and tokens[index - 1].type == "alert_title_open")


def tokens_to_html(md: MarkdownIt, tokens: list[Token], gettext: Gettext = str) -> str:
    """Render parsed ``tokens`` (with footnotes) before sanitising."""
    return str(md.renderer.render(tokens, md.options, {"gettext": gettext}))


_INLINE_SYNTAX = re.compile(r"[*_`\[\]<>$~\\&!:@]|www\.")
"""Characters that may start inline Markdown (or an autolink); text without any is plain."""


def render_inline(text: str, rewrite_url: UrlRewriter | None = None, *, maths: bool = True,
                  gettext: Gettext = str) -> str:
    """Sanitised HTML of a one-line text written in inline Markdown (a quiz question or
    option, a goal, a flashcard, a reflection prompt): emphasis, code, links, maths;
    ``rewrite_url`` maps local links and images as in the body."""
    if not _INLINE_SYNTAX.search(text):
        # plain words: escaped exactly as the template would (pages stay byte-identical)
        return str(escape_markup(text))
    md = parser(maths, plug_ins_for(text, maths), rules_off(text))
    tokens = md.parseInline(text, {})
    _images_in_links(tokens, gettext)
    return remote_images_as_links(clean(tokens_to_html(md, tokens, gettext), rewrite_url),
                                  gettext)


def render_markdown(text: str, rewrite_url: UrlRewriter | None = None, *, maths: bool = True,
                    gettext: Gettext = str) -> str:
    """Sanitised HTML for a lesson body; ``rewrite_url`` maps local links and images;
    ``gettext`` translates the few words the page adds (callout titles, "Notes")."""
    return "".join(html for html, _ in render_body(text, rewrite_url, maths=maths,
                                                    gettext=gettext))


_SLOT = "\ue000"
_SLOTS = re.compile(f"<p>{_SLOT}(quiz|widget [0-9]+){_SLOT}</p>\n?")


def render_body(text: str, rewrite_url: UrlRewriter | None = None, *, maths: bool = True,
                gettext: Gettext = str) -> list[tuple[str, str | None]]:
    """A lesson body split at its placement directives (``<!-- lmspack: quiz -->``):
    ``[(html, place), ...]`` where ``place`` (``quiz``, ``widget 2``) goes after ``html``,
    and the last part's place is ``None``. A directive that names nothing (validation
    reports it, T002) is dropped like any comment."""
    text = text.replace(_SLOT, "")
    md = parser(maths, plug_ins_for(text, maths), rules_off(text))
    tokens = md.parse(text, {})
    for token in tokens:
        what = placement(token)
        if what is not None and placement_target(what) is not None:
            token.content = f"<p>{_SLOT}{placement_target(what)}{_SLOT}</p>\n"
    pieces = _SLOTS.split(finish_html(md, tokens, rewrite_url, gettext))
    return [(pieces[n], pieces[n + 1] if n + 1 < len(pieces) else None)
            for n in range(0, len(pieces), 2)]


def finish_html(md: MarkdownIt, tokens: list[Token], rewrite_url: UrlRewriter | None,
                gettext: Gettext = str) -> str:
    """Shift headings, render, sanitise and wrap tables: the HTML of parsed ``tokens``."""
    tokens = [t for n, t in enumerate(tokens) if not _alert_title(tokens, n)]
    _shift_headings(tokens)
    _align_classes(tokens)
    tokens = prepare_tokens(md, tokens)
    _images_in_links(tokens, gettext)
    html = remote_images_as_links(clean(tokens_to_html(md, tokens, gettext), rewrite_url),
                                  gettext)
    return label_regions(html, gettext("Table"))
