"""What the two question-bank formats share (``--moodle-xml``, ``--gift``): one plain file,
``<course>-<version>-questions.<extension>``, every quiz of the course in it, one category
per lesson (:mod:`lmspack.packaging.banks`)."""

from __future__ import annotations

from typing import ClassVar

from lmspack.formats import FormatJob, Output, PackageFormat
from lmspack.model.course import Course


class BankFormat(PackageFormat):
    """A question bank: subclasses name the file's extension and write the bytes."""

    output = "file"
    extension: ClassVar[str]

    def write(self, course: Course) -> bytes:
        raise NotImplementedError

    def build(self, job: FormatJob) -> Output:
        from lmspack.formats.format import file_safe

        name = self.file_name(job.course.id, file_safe(job.course.version))
        return Output(name, {name: self.write(job.course)}, len(job.course.lessons))

    def file_name(self, course_id: str, version: str, suffix: str = "") -> str:
        del suffix  # one bank serves every LMS that imports the format
        return f"{course_id}-{version}-questions.{self.extension}"
