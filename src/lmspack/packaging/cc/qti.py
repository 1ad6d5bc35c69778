"""A lesson's quiz as an IMS QTI 1.2 assessment in the Common Cartridge 1.1 profile.

One ``<assessment>`` (``cc_profile`` ``cc.exam.v0p1``) with one ``<section>`` and one
``<item>`` per question, in the author's order. What each importer reads decides the shape
(docs/common-cartridge.md has the table; tests/cc_checker.py checks every point):

* the question text is ``presentation/material/mattext`` and the choices are
  ``response_lid/render_choice/response_label``, never inside ``<flow>`` (Open edX's cc2olx
  reads ``presentation/material/mattext`` only and drops a quiz written with ``<flow>``);
* the correct answer is ONE ``respcondition continue="No"`` setting ``SCORE`` to 100;
  the author's ``explain`` is general feedback: an ``<other/>`` condition with
  ``continue="Yes"`` placed before it, pointing at one ``itemfeedback`` (cc2olx marks
  every option named by a ``varequal`` before the first ``continue="No"`` condition as
  correct, so there are no per-option conditions; Moodle takes ``displayfeedback`` of
  ``continue="Yes"`` conditions as the general feedback);
* texts are ``text/html``: the author's plain text, HTML-escaped, so ``<`` and ``&``
  reach Moodle and Canvas as written; in the question text a ``%`` before two hex digits
  is followed by an empty HTML comment, because cc2olx URL-decodes question texts
  (``K102``);
* a question's shape comes from :func:`lmspack.model.quiz.choice_shape`: multiple choice
  (3+ options), true/false (idents ``true``/``false``, which Moodle requires), or multiple
  response for other two-option questions (``K101``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from lxml import etree

from lmspack.model.lesson import Question
from lmspack.model.quiz import choice_shape, letter, true_false_idents

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
QTI_SCHEMA = "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_qtiasiv1p2p1_v1p0.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
RESPONSE_ID = "response1"
FEEDBACK_ID = "general_fb"
PROFILES = {"multiple_choice": "cc.multiple_choice.v0p1", "true_false": "cc.true_false.v0p1",
            "multiple_response": "cc.multiple_response.v0p1"}
# Canvas's own QTI flavour (the copy in non_cc_assessments/ of the Canvas cartridge) names
# the question type as Canvas's exports do.
CANVAS_TYPES = {"multiple_choice": "multiple_choice_question",
                "true_false": "true_false_question",
                "multiple_response": "multiple_answers_question"}
EXAM_PROFILE = "cc.exam.v0p1"


def _q(tag: str) -> str:
    return f"{{{QTI_NS}}}{tag}"


def _sub(parent: etree._Element, tag: str, text: str | None = None,
         **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, _q(tag), attributes)
    if text is not None:
        element.text = text
    return element


def _metadata(parent: etree._Element, fields: Sequence[tuple[str, str]]) -> None:
    metadata = _sub(parent, "qtimetadata")
    for label, entry in fields:
        field = _sub(metadata, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)


_PERCENT_HEX = re.compile(r"%(?=[0-9A-Fa-f]{2})")


def _material(parent: etree._Element, text: str, *, question: bool = False) -> None:
    html = escape(text, quote=False)
    if question:
        # cc2olx URL-decodes the question text (qti.py, _create_problem_description): an
        # empty comment between % and the digits keeps "%AB" as written, and no LMS shows it.
        html = _PERCENT_HEX.sub("%<!-- -->", html)
    _sub(_sub(parent, "material"), "mattext", html, texttype="text/html")


def option_idents(question: Question) -> list[str]:
    """The ``response_label`` idents of ``question``'s options: ``true``/``false`` for a
    true/false item, ``a``, ``b``, ... otherwise (the letters the pages use)."""
    idents = true_false_idents(question.options)
    return list(idents) if idents else [letter(k) for k in range(len(question.options))]


def item_ident(quiz_ident: str, number: int) -> str:
    """A question's item ident: unique in the whole cartridge (Canvas keys imported
    questions by it), e.g. ``QUIZ-lesson-1-Q2``."""
    return f"{quiz_ident}-Q{number}"


def _item(section: etree._Element, ident: str, number: int, question: Question,
          canvas: bool, language: str) -> None:
    from lmspack.source.locale import translations

    shape = choice_shape(question.options)
    item = _sub(section, "item", ident=ident, title=translations(language).gettext(
        "Question %(number)s") % {"number": number})
    fields = [("cc_profile", PROFILES[shape]), ("cc_weighting", "1")]
    if canvas:
        fields += [("question_type", CANVAS_TYPES[shape]), ("points_possible", "1.0")]
    _metadata(_sub(item, "itemmetadata"), fields)
    presentation = _sub(item, "presentation")
    _material(presentation, question.q, question=True)
    cardinality = "Multiple" if shape == "multiple_response" else "Single"
    choices = _sub(_sub(presentation, "response_lid", ident=RESPONSE_ID,
                        rcardinality=cardinality), "render_choice")
    idents = option_idents(question)
    for ident, text in zip(idents, question.options, strict=True):
        _material(_sub(choices, "response_label", ident=ident), text)
    processing = _sub(item, "resprocessing")
    _sub(_sub(processing, "outcomes"), "decvar", varname="SCORE", vartype="Decimal",
         minvalue="0", maxvalue="100")
    if question.explain:
        general = _sub(processing, "respcondition", title="General feedback")
        general.set("continue", "Yes")  # a keyword in Python: not a keyword argument
        _sub(_sub(general, "conditionvar"), "other")
        _sub(general, "displayfeedback", feedbacktype="Response", linkrefid=FEEDBACK_ID)
    correct = _sub(processing, "respcondition", title="Correct")
    correct.set("continue", "No")
    condition = _sub(correct, "conditionvar")
    right = idents[question.answer]
    if shape == "multiple_response":
        # Exactly the correct option: the others must stay unticked.
        both = _sub(condition, "and")
        _sub(both, "varequal", right, respident=RESPONSE_ID, case="Yes")
        for ident in idents:
            if ident != right:
                _sub(_sub(both, "not"), "varequal", ident, respident=RESPONSE_ID, case="Yes")
    else:
        _sub(condition, "varequal", right, respident=RESPONSE_ID, case="Yes")
    _sub(correct, "setvar", "100", action="Set", varname="SCORE")
    if question.explain:
        feedback = _sub(item, "itemfeedback", ident=FEEDBACK_ID)
        _material(_sub(feedback, "flow_mat"), question.explain)


def assessment_xml(ident: str, title: str, questions: Sequence[Question], *,
                   canvas: bool = False, language: str = "en") -> bytes:
    """The QTI file of one quiz: ``ident`` is the assessment's ident (an NCName), ``title``
    what the LMS names the quiz; ``canvas`` adds Canvas's ``question_type`` and
    ``points_possible`` to each item (the Canvas cartridge's second copy); the items'
    titles ("Question 2") are in the lesson's ``language``."""
    root = etree.Element(_q("questestinterop"), nsmap={None: QTI_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{QTI_NS} {QTI_SCHEMA}")
    assessment = _sub(root, "assessment", ident=ident, title=title)
    _metadata(assessment, [("cc_profile", EXAM_PROFILE),
                           ("qmd_assessmenttype", "Examination"),
                           ("qmd_scoretype", "Percentage"),
                           ("qmd_feedbackpermitted", "Yes"),
                           ("cc_maxattempts", "unlimited")])
    section = _sub(assessment, "section", ident=f"{ident}-SECTION")
    for number, question in enumerate(questions, start=1):
        _item(section, item_ident(ident, number), number, question, canvas, language)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
