"""GIFT question bank (``--gift``): every quiz of the course in Moodle's plain-text format,
one ``$CATEGORY`` per lesson (:mod:`lmspack.packaging.banks.gift`)."""

from __future__ import annotations

from lmspack.exports.bank_family import BankFormat
from lmspack.model.course import Course


class GiftBank(BankFormat):
    name = "gift"
    label = "GIFT question bank"
    summary = "every quiz as a GIFT question bank, one category per lesson"
    option = "gift"
    order = 51
    extension = "gift"

    def write(self, course: Course) -> bytes:
        from lmspack.packaging.banks.gift import gift

        return gift(course)
