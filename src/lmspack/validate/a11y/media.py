"""Rules A111 and A003: a lesson video says how learners who cannot hear it follow it.

Front-matter: ``video.captions: true`` (the video on its platform has captions in the
lesson's language) and/or ``video.transcript`` (a course file relative to the lesson, or
an https URL), which the page links under the video.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lmspack.diagnostics import Diagnostic
from lmspack.diagnostics.rules import emit
from lmspack.source.paths import resolve_local
from lmspack.source.yamlpos import YamlDocument


def check_video_access(root: Path, path: str, data: dict[str, Any],
                       doc: YamlDocument) -> list[Diagnostic]:
    video = data.get("video")
    if not isinstance(video, dict):
        return []
    transcript = video.get("transcript")
    if video.get("captions") is not True and not (isinstance(transcript, str)
                                                  and transcript.strip()):
        return [emit("A111", path, doc.position("/video", key=True),
                     "the video has neither captions nor a transcript: learners who cannot "
                     "hear it miss what it says",
                     hint="caption the video on its platform and add `captions: true`, "
                          "and/or add `transcript: media/<file>` (linked under the video)",
                     pointer="/video")]
    if isinstance(transcript, str) and transcript.strip():
        ref = resolve_local(root, path, transcript)
        if ref.kind in ("missing", "outside"):
            where = "does not exist" if ref.kind == "missing" else "is outside the course"
            return [emit("A003", path, doc.position("/video/transcript"),
                         f"transcript '{transcript}' {where}",
                         hint="the path is relative to the lesson file, e.g. "
                              "media/lesson-transcript.md", pointer="/video/transcript")]
    return []
