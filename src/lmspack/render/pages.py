"""One page per lesson: metadata, video, goals, body, widget fallbacks, quiz, flashcards,
reflection and previous/next navigation (see ``templates/lesson.html.j2``)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from lmspack.model.course import Course, LessonEntry
from lmspack.model.quiz import quiz_title
from lmspack.render import localize
from lmspack.render.fallback import WidgetContext, render_fallback
from lmspack.render.jinja import localized
from lmspack.render.markdown import render_body, render_inline
from lmspack.render.media import MediaFiles, lesson_files
from lmspack.render.options import INDEX, STYLESHEET, RenderOptions
from lmspack.render.quiz import DATA_ID, lesson_data, quiz_view
from lmspack.render.video import EMBED_HOSTS, video_view
from lmspack.source.locale import interface_language, translations

Results = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class LessonLink:
    """Another lesson as the page shows it: its title, and a URL when links are on."""

    id: str
    title: str
    href: str | None


def result_key(data: str) -> str:
    """The ``results`` key of a widget's ``data`` path (``/widgets/x.json`` ->
    ``widgets/x.json``)."""
    return data.lstrip("/")


def find_result(results: Results, data: str) -> Mapping[str, Any] | None:
    """The result document of a widget, keyed with or without the leading slash."""
    return results.get(result_key(data)) or results.get(data)


def content_security_policy(options: RenderOptions) -> str:
    """What the page may load: its own files only (plus the video player when embedded).
    A second guarantee next to the templates' own discipline: even a bug cannot make a
    browser fetch anything else. ``file:`` is listed beside ``'self'`` because browsers
    disagree on whether ``'self'`` covers other files of a page opened from disk. The SCORM
    tracking runtime talks to the LMS through a JavaScript object in a parent frame, not
    over the network, so no connection is allowed; xAPI and cmi5 packages
    (``options.network``) may connect to the LRS the LMS names at launch, any http(s)
    address."""
    frames = " ".join(EMBED_HOSTS.values()) if options.video == "embed" else "'none'"
    connect = "https: http:" if options.network else "'none'"
    return ("default-src 'none'; style-src 'self' file:; img-src 'self' file: data:; "
            f"script-src 'self' file:; frame-src {frames}; connect-src {connect}; "
            "form-action 'none'; base-uri 'none'")


class PageSet:
    """What every page of one build shares, worked out once: lesson titles and positions
    (each page names its neighbours and prerequisites), and each widget's fallback.

    A widget file used by many lessons has one result document, and its fallback depends
    only on that, its kind and where it sits on the page (``WidgetContext``): so it is
    rendered once per build and reused, not once per lesson.
    """

    def __init__(self, course: Course, results: Results) -> None:
        self.course = course
        self.results = results
        self.ids = [entry.id for entry in course.lessons]
        self.titles = {entry.id: entry.lesson.title for entry in course.lessons}
        self.positions = {lesson_id: n for n, lesson_id in enumerate(self.ids)}
        self._lesson_files: dict[str, str] | None = None
        self._fallbacks: dict[tuple[str, str, int, str, str], Markup] = {}
        self._digests: dict[str, str] = {}

    def result_digest(self, data: str) -> str:
        """SHA-256 of a widget's result document in canonical JSON ("" when missing)."""
        key = result_key(data)
        if key not in self._digests:
            result = find_result(self.results, data)
            text = "" if result is None else json.dumps(result, sort_keys=True, default=repr)
            self._digests[key] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return self._digests[key]

    def lesson_files(self) -> dict[str, str]:
        """Lesson file -> lesson id (what a page's links to ``.md`` files resolve to), made
        once for the build; read-only for its users."""
        if self._lesson_files is None:
            self._lesson_files = lesson_files(self.course)
        return self._lesson_files

    def link(self, lesson_id: str, options: RenderOptions) -> LessonLink:
        return LessonLink(lesson_id, self.titles.get(lesson_id, lesson_id),
                          f"{lesson_id}.html" if options.links and lesson_id in self.titles
                          else None)

    def widgets(self, entry: LessonEntry) -> list[Markup]:
        out = []
        language = interface_language(self.course.language_for(entry))
        _ = translations(language).gettext
        for number, widget in enumerate(entry.lesson.widgets, start=1):
            title = _(widget.type.replace("_", " ").capitalize())
            key = (widget.type, result_key(widget.data), number, title, language)
            if key not in self._fallbacks:
                result = find_result(self.results, widget.data)
                self._fallbacks[key] = render_fallback(
                    widget.type, result,
                    WidgetContext(f"widget-{number}", 2, title, language),
                    result_key(widget.data))
            out.append(self._fallbacks[key])
        return out


def page_flow(parts: list[tuple[str, str | None]], widgets: list[Markup],
              quiz: bool) -> list[tuple[str, Markup | None]]:
    """What the page shows between its goals and its flashcards, in order: the body's
    parts (``prose``) with the widgets and the quiz its placement directives put between
    them, then every widget not placed, in the lesson's order, then the quiz if not placed
    (the order of a lesson without directives)."""
    flow: list[tuple[str, Markup | None]] = []
    placed: set[str] = set()
    for number, (html, place) in enumerate(parts):
        if number == 0 or html.strip():
            flow.append(("prose", Markup(html)))
        if place == "quiz" and quiz and place not in placed:
            flow.append(("quiz", None))
        elif place and place.startswith("widget ") and place not in placed \
                and int(place.split()[1]) <= len(widgets):
            flow.append(("widget", widgets[int(place.split()[1]) - 1]))
        else:
            continue
        placed.add(place)
    flow += [("widget", w) for n, w in enumerate(widgets, 1) if f"widget {n}" not in placed]
    if quiz and "quiz" not in placed:
        flow.append(("quiz", None))
    return flow


def render_lesson(course: Course, entry: LessonEntry, results: Results, options: RenderOptions,
                  media: MediaFiles, pages: PageSet | None = None) -> str:
    """The HTML of ``entry``'s page (which lives in ``lessons/``). ``pages``: what the pages
    of one build share (made here when not given)."""
    pages = pages if pages is not None else PageSet(course, results)

    rewrite = media.rewriter(entry)
    gettext = translations(course.language_for(entry)).gettext

    def inline(text: str) -> Markup:
        return Markup(render_inline(text, rewrite, maths=course.maths, gettext=gettext))

    _link = pages.link
    lesson = entry.lesson
    position = pages.positions[entry.id]
    previous = course.lessons[position - 1] if position > 0 else None
    following = course.lessons[position + 1] if position + 1 < len(course.lessons) else None
    language = course.language_for(entry)
    return localized(language).get_template("lesson.html.j2").render(
        course=course, lesson=lesson, options=options,
        lang=language, root="../",
        stylesheet="../" + STYLESHEET, index_href="../" + INDEX if options.links else None,
        csp=content_security_policy(options),
        runtime=("../" + options.runtime_script) if options.runtime_script else None,
        duration=localize.duration(lesson.duration_min, language),
        prereqs=[_link(p, options) for p in lesson.prereqs],
        next_link=_link(lesson.next, options) if lesson.next else None,
        video=video_view(lesson.video) if lesson.video else None,
        transcript=rewrite("a", lesson.video.transcript)
        if lesson.video and lesson.video.transcript else None,
        flow=page_flow(render_body(entry.body, rewrite, maths=course.maths,
                                   gettext=gettext),
                       pages.widgets(entry), bool(lesson.quiz)),
        questions=quiz_view(entry, course.maths, rewrite),
        pass_mark=localize.percent(course.pass_mark_for(entry), language),
        goals=[inline(goal) for goal in lesson.goals],
        reflection=[inline(prompt) for prompt in lesson.reflection],
        quiz_title=quiz_title(lesson.title, language),
        data_id=DATA_ID, data=lesson_data(course, entry),
        flashcards=[tuple(map(inline, next(iter(card.items())))) for card in lesson.flashcards],
        previous=_link(previous.id, options) if previous and options.links else None,
        following=_link(following.id, options) if following and options.links
        else None,
        position=position + 1, total=len(course.lessons),
    )
