"""How pages are rendered: for a static site, or as SCOs inside an LMS package."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Mode = Literal["site", "package"]
VideoMode = Literal["link", "embed"]
QuizMode = Literal["form", "separate"]

LESSONS_DIR = "lessons"
ASSETS_DIR = "assets"
MEDIA_DIR = "media"
STYLESHEET = f"{ASSETS_DIR}/lmspack.css"
INDEX = "index.html"


@dataclass(frozen=True)
class RenderOptions:
    """Options of :func:`lmspack.render.render_pages`.

    ``mode``: ``"site"`` (a static site with a course index) or ``"package"`` (each lesson
    page is a SCO the LMS launches; the LMS owns navigation).

    ``navigation``: links between lessons (prerequisites, next, previous/next bar, the
    header's link to the course index). ``None`` means on for a site, off in a package,
    where following a link would leave the SCO behind the LMS's back.

    ``runtime_script``: site-root-relative path of a tracking script (e.g.
    ``"assets/lmspack-runtime.js"``) added to every lesson page as one
    ``<script src=... defer>``; the caller supplies the file. Pages work without it.

    ``network``: the runtime reports over the network (xAPI, cmi5): the page's Content
    Security Policy then lets scripts connect to any http(s) address, since the LMS names
    its LRS only at launch. Off by default, where the page connects nowhere.

    ``video``: ``"link"`` (default) shows a local poster block with a plain link to the
    video and makes no request to the video host; ``"embed"`` also embeds the player
    (youtube-nocookie.com / player.vimeo.com iframe, start and end kept), which the
    browser loads with the page. :mod:`lmspack.render.video` says why link is the default.

    ``quiz``: ``"form"`` (default) puts the quiz on the page as a form, with the lesson's
    machine-readable description for a runtime in a ``<script type="application/json">``
    data block; ``"separate"`` leaves both out and says that the quiz is the next activity
    (a Common Cartridge carries the quiz as a QTI assessment of its own, and Moodle strips
    every ``<script>`` from an imported page).
    """

    mode: Mode = "site"
    navigation: bool | None = None
    runtime_script: str | None = None
    video: VideoMode = "link"
    network: bool = False
    quiz: QuizMode = "form"

    @property
    def links(self) -> bool:
        """Whether pages link to other lessons and to the course index."""
        return self.mode == "site" if self.navigation is None else self.navigation

    def __post_init__(self) -> None:
        if self.mode not in ("site", "package"):
            raise ValueError(f"unknown mode {self.mode!r}; use 'site' or 'package'")
        if self.video not in ("link", "embed"):
            raise ValueError(f"unknown video mode {self.video!r}; use 'link' or 'embed'")
        if self.quiz not in ("form", "separate"):
            raise ValueError(f"unknown quiz mode {self.quiz!r}; use 'form' or 'separate'")
        script = self.runtime_script
        if script is not None and (not script or script.startswith("/") or ".." in
                                   script.split("/") or ":" in script):
            raise ValueError(f"runtime_script {script!r} must be a relative path in the site")
