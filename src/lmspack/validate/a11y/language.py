"""Which language a passage is written in, judged by its most common short words.

A deliberately small detector: the share of a text's words that are among each
language's commonest function words ("the", "und", "les", ...). It answers only when one
language clearly leads on enough words, and otherwise says nothing, so it flags lessons
and passages in another language without guessing on code, names or short phrases.
Languages it knows: English, German, French, Spanish, Italian, Dutch, Portuguese.
"""

from __future__ import annotations

import re

NAMES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
         "nl": "Dutch", "pt": "Portuguese"}

_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to is in that it for with as are this be on was by not "
                    "or you your from an can which have has we they at if but when".split()),
    "de": frozenset("der die das und ist nicht ein eine zu den mit sich des auf für im dem "
                    "auch es wird werden sind von wie oder wenn".split()),
    "fr": frozenset("le la les et est un une des du pour que qui dans pas sur au ce avec "
                    "sont être plus vous nous il elle ou".split()),
    "es": frozenset("el la los las es un una que de del en por para con no se lo su "
                    "como más pero son está al".split()),
    "it": frozenset("il lo la gli le un una che di del della per con non si sono come "
                    "più ma nel dei anche".split()),
    "nl": frozenset("de het een en is van dat niet te op voor met zijn er aan ook als bij "
                    "wordt worden maar dan".split()),
    "pt": frozenset("os as um uma que de do da em para com não se são como mais "
                    "mas no na dos pelo".split()),
}
# Words of two letters or more: single letters are as often variables (maths, code) as
# words, and "a", "e", "o", "y" are words in several of the languages.
_WORD = re.compile(r"[^\W\d_]{2,}(?:['’][^\W\d_]+)?")

_LANGUAGES_OF: dict[str, tuple[str, ...]] = {
    word: tuple(lang for lang, common in _WORDS.items() if word in common)
    for word in frozenset().union(*_WORDS.values())}
"""Each common word and the languages it is common in: one look-up a word, not one a
language (validate calls :func:`detect` on every paragraph of every lesson)."""

MIN_WORDS = 12
"""Fewer words than this are never judged."""


def detect(text: str) -> str | None:
    """The primary language subtag (``de``) of ``text``, or None when unclear."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < MIN_WORDS:
        return None
    counts = dict.fromkeys(_WORDS, 0)
    for word in words:
        for lang in _LANGUAGES_OF.get(word, ()):
            counts[lang] += 1
    scores = sorted(((count / len(words), lang) for lang, count in counts.items()),
                    reverse=True)
    (best, lang), (second, _) = scores[0], scores[1]
    return lang if best >= 0.15 and best >= 2 * second else None


def primary(tag: str) -> str:
    """``de-CH`` -> ``de``."""
    return tag.split("-", 1)[0].lower()


def name(tag: str) -> str:
    return NAMES.get(primary(tag), tag)
