"""One page per lesson: metadata, video, goals, body, widget fallbacks, quiz, flashcards,
reflection and previous/next navigation (see ``templates/lesson.html.j2``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from lmspack.model.course import Course, LessonEntry
from lmspack.render.fallback import WidgetContext, render_fallback
from lmspack.render.jinja import environment
from lmspack.render.markdown import render_markdown
from lmspack.render.media import MediaFiles
from lmspack.render.options import INDEX, STYLESHEET, RenderOptions
from lmspack.render.quiz import DATA_ID, lesson_data, quiz_view
from lmspack.render.video import EMBED_HOSTS, video_view
from lmspack.stats import numformat as fmt

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


def _link(course: Course, lesson_id: str, options: RenderOptions) -> LessonLink:
    titles = {entry.id: entry.lesson.title for entry in course.lessons}
    return LessonLink(lesson_id, titles.get(lesson_id, lesson_id),
                      f"{lesson_id}.html" if options.links and lesson_id in titles else None)


def _widgets(entry: LessonEntry, results: Results) -> list[Markup]:
    out = []
    for number, widget in enumerate(entry.lesson.widgets, start=1):
        result = find_result(results, widget.data)
        title = widget.type.replace("_", " ").capitalize()
        out.append(render_fallback(widget.type, result,
                                   WidgetContext(f"widget-{number}", 2, title),
                                   result_key(widget.data)))
    return out


def render_lesson(course: Course, entry: LessonEntry, results: Results, options: RenderOptions,
                  media: MediaFiles) -> str:
    """The HTML of ``entry``'s page (which lives in ``lessons/``)."""
    lesson = entry.lesson
    position = [e.id for e in course.lessons].index(entry.id)
    previous = course.lessons[position - 1] if position > 0 else None
    following = course.lessons[position + 1] if position + 1 < len(course.lessons) else None
    return environment().get_template("lesson.html.j2").render(
        course=course, lesson=lesson, options=options,
        lang=course.language, root="../",
        stylesheet="../" + STYLESHEET, index_href="../" + INDEX if options.links else None,
        csp=content_security_policy(options),
        runtime=("../" + options.runtime_script) if options.runtime_script else None,
        duration=fmt.minutes(lesson.duration_min),
        prereqs=[_link(course, p, options) for p in lesson.prereqs],
        next_link=_link(course, lesson.next, options) if lesson.next else None,
        video=video_view(lesson.video) if lesson.video else None,
        body=Markup(render_markdown(entry.body, media.rewriter(entry))),
        widgets=_widgets(entry, results),
        questions=quiz_view(entry), pass_mark=course.pass_mark_for(entry),
        data_id=DATA_ID, data=lesson_data(course, entry),
        flashcards=[next(iter(card.items())) for card in lesson.flashcards],
        previous=_link(course, previous.id, options) if previous and options.links else None,
        following=_link(course, following.id, options) if following and options.links
        else None,
        position=position + 1, total=len(course.lessons),
    )
