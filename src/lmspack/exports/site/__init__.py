"""The static site: every page, the index, the stylesheet and the media, as a folder
``site/`` in the output folder (``--html``). It opens from ``file://`` and from any static
server; no script is needed to read it."""

from __future__ import annotations

from lmspack.formats import FormatJob, Output, PackageFormat

SITE_DIR = "site"


class StaticSite(PackageFormat):
    name = "site"
    label = "static site"
    summary = "the static site in OUT/site/: every page works with JavaScript off"
    option = "html"
    output = "folder"
    order = 90

    def build(self, job: FormatJob) -> Output:
        from lmspack.render import render_pages

        rendered = render_pages(job.course, job.results, cache=job.cache)
        return Output(SITE_DIR, rendered.files, len(rendered.lesson_pages()),
                      rendered.missing_results)

    def file_name(self, course_id: str, version: str, suffix: str = "") -> str:
        del course_id, version, suffix  # one site per output folder
        return SITE_DIR
