"""The lesson video: a plain link always, the player embed only when asked for.

Why no embed by default: a YouTube or Vimeo iframe is a request to a third party as soon
as the page loads. ``loading="lazy"`` does not defer it on a page without JavaScript (the
HTML standard only lazy-loads when scripting is enabled, so that lazy loading cannot be
used to track scrolling), and an iframe inside a closed ``<details>`` loads as well
(Chromium, measured in tests/browser). A click-to-load facade needs script to swap the
iframe in. So the default page shows a local poster block with a link that opens the
video on its site at the right start time: no request until the learner follows it, and
it works where embeds are blocked (many LMS and corporate proxies block them). With
``RenderOptions(video="embed")`` the player is embedded too, with the same link beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from lmspack.model.lesson import Video
from lmspack.stats import numformat as fmt

EMBED_HOSTS = {"youtube": "https://www.youtube-nocookie.com", "vimeo": "https://player.vimeo.com"}
"""Origins the embed loads from (used for the page's Content-Security-Policy)."""


@dataclass(frozen=True)
class VideoView:
    """What the template shows for a lesson's video."""

    platform: str
    watch_url: str
    embed_url: str
    start: str
    end: str | None
    length: str | None


def watch_url(video: Video) -> str:
    """The video on its own site, starting at ``start``."""
    vid = quote(video.id, safe="")
    if video.platform == "youtube":
        return f"https://www.youtube.com/watch?v={vid}&t={video.start}s"
    return f"https://vimeo.com/{vid}#t={video.start}s"


def embed_url(video: Video) -> str:
    """The player URL, keeping the start (and, on YouTube, the end) time."""
    vid = quote(video.id, safe="")
    if video.platform == "youtube":
        end = f"&end={video.end}" if video.end is not None else ""
        return f"{EMBED_HOSTS['youtube']}/embed/{vid}?start={video.start}{end}"
    # Vimeo's player takes a start time as a fragment and has no end parameter.
    return f"{EMBED_HOSTS['vimeo']}/video/{vid}#t={video.start}s"


def video_view(video: Video) -> VideoView:
    length = None
    if video.end is not None:
        length = fmt.minutes(max((video.end - video.start + 59) // 60, 1))
    return VideoView(
        platform="YouTube" if video.platform == "youtube" else "Vimeo",
        watch_url=watch_url(video),
        embed_url=embed_url(video),
        start=fmt.clock(video.start),
        end=fmt.clock(video.end) if video.end is not None else None,
        length=length,
    )
