"""Moodle XML question bank: one ``category`` pseudo-question per lesson, then its
questions as single-answer ``multichoice`` questions (fraction 100 for the right option,
0 for the others), options in the author's order (``shuffleanswers`` off, so the letters
match the pages), general feedback from ``explain`` and per-option feedback as the page
shows it. Moodle's format: https://docs.moodle.org/en/Moodle_XML_format."""

from __future__ import annotations

from html import escape

from lxml import etree

from lmspack.model.course import Course
from lmspack.packaging.banks import bank_questions, option_feedback


def _text(parent: etree._Element, tag: str, text: str, *, html: bool = True) -> None:
    element = etree.SubElement(parent, tag, {"format": "html"} if html else {})
    etree.SubElement(element, "text").text = escape(text, quote=False) if html else text


def moodle_xml(course: Course) -> bytes:
    """The course's quizzes as one Moodle XML file (UTF-8)."""
    root = etree.Element("quiz")
    category = None
    for item in bank_questions(course):
        if item.category != category:
            category = item.category
            pseudo = etree.SubElement(root, "question", type="category")
            _text(pseudo, "category", category, html=False)
        question = item.question
        element = etree.SubElement(root, "question", type="multichoice")
        _text(element, "name", item.name, html=False)
        _text(element, "questiontext", question.q)
        _text(element, "generalfeedback", question.explain or "")
        for tag, value in (("defaultgrade", "1"), ("penalty", "0"), ("hidden", "0"),
                           ("single", "true"), ("shuffleanswers", "false"),
                           ("answernumbering", "abc")):
            etree.SubElement(element, tag).text = value
        for index, option in enumerate(question.options):
            answer = etree.SubElement(element, "answer", format="html",
                                      fraction="100" if index == question.answer else "0")
            etree.SubElement(answer, "text").text = escape(option, quote=False)
            _text(answer, "feedback", option_feedback(question, index, item.language))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
