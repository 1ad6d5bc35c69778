"""Moodle XML question bank (``--moodle-xml``): every quiz of the course, one category per
lesson, for Moodle's Question bank > Import (:mod:`lmspack.packaging.banks.moodlexml`)."""

from __future__ import annotations

from lmspack.exports.bank_family import BankFormat
from lmspack.model.course import Course


class MoodleXmlBank(BankFormat):
    name = "moodle_xml"
    label = "Moodle XML question bank"
    summary = "every quiz as a Moodle XML question bank, one category per lesson"
    option = "moodle-xml"
    order = 50
    extension = "xml"

    def write(self, course: Course) -> bytes:
        from lmspack.packaging.banks.moodlexml import moodle_xml

        return moodle_xml(course)
