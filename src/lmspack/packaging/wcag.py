"""The 50 WCAG 2.1 level A and AA success criteria, and how lmspack answers each one.

``how`` is one of:

- ``automatic``: lmspack checks it on every lesson (the rules listed; results per lesson in
  the report), and ``look`` says what a person still judges (alt text quality, ...);
- ``theme``: lmspack's page theme meets it by design for every page; ``evidence`` names the
  test that proves the statement (tests/unit/test_accessibility_report.py checks that each
  named test exists);
- ``person``: only a person can judge it, and ``look`` says what to look at.
"""

from __future__ import annotations

from dataclasses import dataclass

THEME_TESTS = "tests/unit/test_accessibility_theme.py"
AXE_TESTS = "tests/browser/test_accessibility.py"
KEYBOARD_TESTS = "tests/browser/test_keyboard.py"


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    level: str
    how: str
    statement: str
    rules: tuple[str, ...] = ()
    look: str = ""
    evidence: str = ""
    video_only: bool = False
    """Asked of a person only for lessons with a video (listed by lesson)."""


def _c(id_: str, name: str, level: str, how: str, statement: str, *, rules: str = "",
       look: str = "", evidence: str = "", video: bool = False) -> Criterion:
    return Criterion(id_, name, level, how, statement, tuple(rules.split()), look, evidence,
                     video)


A, AA = "A", "AA"
AUTO, THEME, PERSON = "automatic", "theme", "person"

CRITERIA: tuple[Criterion, ...] = (
    _c("1.1.1", "Non-text Content", A, AUTO,
       "Images without alt text (T103), alt that repeats the file name (A108) or only names "
       "the kind of image (A109), and linked images without alt (A001) are reported; charts "
       "are role=\"img\" with a title, a description and a data table.",
       rules="T103 A108 A109 A001", look="Does each alt text say what the image shows in "
       "this lesson? Are images marked decorative really decorative?",
       evidence=f"{AXE_TESTS}::test_no_violation_of_any_impact_js_off_and_on"),
    _c("1.2.1", "Audio-only and Video-only (Prerecorded)", A, PERSON,
       "lmspack cannot look inside a hosted video.", look="For a video without speech: "
       "does the transcript describe what it shows?", video=True),
    _c("1.2.2", "Captions (Prerecorded)", A, AUTO,
       "A video must declare captions (`captions: true`) or a transcript (A111); a named "
       "transcript file must exist (A003).", rules="A111 A003",
       look="Are the captions accurate and in sync (automatic captions rarely are)?",
       video=True),
    _c("1.2.3", "Audio Description or Media Alternative (Prerecorded)", A, PERSON,
       "The page links the transcript named in the front-matter.",
       look="Does the transcript also describe what is only shown on screen?", video=True),
    _c("1.2.4", "Captions (Live)", AA, THEME,
       "Pages contain no live audio or video.",
       evidence=f"{THEME_TESTS}::test_pages_load_nothing_live"),
    _c("1.2.5", "Audio Description (Prerecorded)", AA, PERSON,
       "lmspack cannot look inside a hosted video.",
       look="Is visual information the speech does not mention described (audio "
       "description, or in the transcript)?", video=True),
    _c("1.3.1", "Info and Relationships", A, AUTO,
       "Headings (A101, A102), HTML tables without header cells (A105), empty header cells "
       "(A106) and HTML data tables without a caption (A107) are reported; the theme marks "
       "up quizzes as fieldsets with legends, metadata as a description list, and labels "
       "each table and code region.", rules="A101 A102 A105 A106 A107",
       look="Is structure shown only visually anywhere (bold lines used as headings, "
       "lists typed as separate paragraphs)?",
       evidence=f"{AXE_TESTS}::test_no_violation_of_any_impact_js_off_and_on"),
    _c("1.3.2", "Meaningful Sequence", A, THEME,
       "The page's source order is its reading order; the stylesheet does not reorder "
       "content.", evidence=f"{THEME_TESTS}::test_stylesheet_does_not_reorder_content"),
    _c("1.3.3", "Sensory Characteristics", A, PERSON, "Not checked.",
       look="Instructions that rely on shape, colour, size or position alone (\"the red "
       "line\", \"the chart on the right\")."),
    _c("1.3.4", "Orientation", AA, THEME,
       "Pages work in either orientation: nothing locks it, the layout reflows.",
       evidence=f"{THEME_TESTS}::test_stylesheet_does_not_lock_orientation_or_size"),
    _c("1.3.5", "Identify Input Purpose", AA, THEME,
       "Pages ask for no information about the learner (the quiz has radio buttons only).",
       evidence=f"{THEME_TESTS}::test_pages_collect_no_personal_data"),
    _c("1.4.1", "Use of Color", A, THEME,
       "Quiz feedback is written (\"Correct.\", \"Not quite.\"), links are underlined, and "
       "chart series differ by shape or pattern as well as colour.",
       look="Does lesson text or an image convey meaning by colour alone?",
       evidence=f"{THEME_TESTS}::test_links_are_underlined_and_feedback_is_written"),
    _c("1.4.2", "Audio Control", A, THEME,
       "Nothing plays by itself: the video opens on its site, or plays in the embed when "
       "the learner starts it.", evidence=f"{THEME_TESTS}::test_pages_load_nothing_live"),
    _c("1.4.3", "Contrast (Minimum)", AA, AUTO,
       "The theme's text colours meet 4.5:1 on their backgrounds; inline colours in lessons "
       "are checked (A110).", rules="A110", look="Text inside images (screenshots, "
       "diagrams) against its background.",
       evidence=f"{THEME_TESTS}::test_theme_text_colours_meet_aa"),
    _c("1.4.4", "Resize text", AA, THEME,
       "Sizes are in rem/em; nothing has a fixed height that would clip enlarged text.",
       evidence=f"{THEME_TESTS}::test_stylesheet_does_not_lock_orientation_or_size"),
    _c("1.4.5", "Images of Text", AA, PERSON, "Not checked.",
       look="Images that show text which could be written as text (slides, code "
       "screenshots)."),
    _c("1.4.10", "Reflow", AA, THEME,
       "The content column reflows to the window; wide tables and code scroll inside their "
       "own keyboard-focusable region.",
       evidence=f"{AXE_TESTS}::test_no_violation_of_any_impact_js_off_and_on"),
    _c("1.4.11", "Non-text Contrast", AA, THEME,
       "The focus outline and form controls' borders meet 3:1 against the backgrounds.",
       evidence=f"{THEME_TESTS}::test_focus_outline_meets_non_text_contrast"),
    _c("1.4.12", "Text Spacing", AA, THEME,
       "No text container has a fixed height or hides its overflow, so larger spacing "
       "does not clip text.",
       evidence=f"{THEME_TESTS}::test_stylesheet_does_not_lock_orientation_or_size"),
    _c("1.4.13", "Content on Hover or Focus", AA, THEME,
       "No content appears on hover or focus (flashcards and sections open on activation).",
       evidence=f"{THEME_TESTS}::test_stylesheet_does_not_reorder_content"),
    _c("2.1.1", "Keyboard", A, THEME,
       "Every link, summary, region and quiz option is reached and used with the keyboard.",
       evidence=f"{KEYBOARD_TESTS}::test_every_control_is_reached_by_tab"),
    _c("2.1.2", "No Keyboard Trap", A, THEME,
       "Tab moves through the page and out of it; nothing captures focus.",
       evidence=f"{KEYBOARD_TESTS}::test_every_control_is_reached_by_tab"),
    _c("2.1.4", "Character Key Shortcuts", A, THEME, "Pages define no keyboard shortcuts.",
       evidence=f"{THEME_TESTS}::test_pages_load_nothing_live"),
    _c("2.2.1", "Timing Adjustable", A, THEME, "Pages set no time limits.",
       evidence=f"{THEME_TESTS}::test_pages_load_nothing_live"),
    _c("2.2.2", "Pause, Stop, Hide", A, THEME, "Nothing moves, blinks or updates by itself.",
       look="Animated images (GIFs) in lessons.",
       evidence=f"{THEME_TESTS}::test_stylesheet_does_not_reorder_content"),
    _c("2.3.1", "Three Flashes or Below Threshold", A, PERSON,
       "The theme has no animation.", look="Videos and animated images that flash."),
    _c("2.4.1", "Bypass Blocks", A, THEME,
       "Each page starts with a skip link to the main landmark.",
       evidence=f"{KEYBOARD_TESTS}::test_the_skip_link_comes_first"),
    _c("2.4.2", "Page Titled", A, THEME, "Each page's title is the lesson title and the course.",
       evidence=f"{THEME_TESTS}::test_pages_have_titles_and_language"),
    _c("2.4.3", "Focus Order", A, THEME,
       "Focus follows the source order; no positive tabindex.",
       evidence=f"{KEYBOARD_TESTS}::test_every_control_is_reached_by_tab"),
    _c("2.4.4", "Link Purpose (In Context)", A, AUTO,
       "Links without a name (A001), with generic text (A103) or a bare URL as text (A104) "
       "are reported.", rules="A001 A103 A104",
       look="Does every link's text, with its sentence, say where it goes?"),
    _c("2.4.5", "Multiple Ways", AA, PERSON,
       "The static site has an index of lessons and previous/next links.",
       look="In the LMS: is the course outline shown next to the lessons?"),
    _c("2.4.6", "Headings and Labels", AA, AUTO,
       "Heading levels are checked (A101, A102); the theme's own sections and regions "
       "have descriptive headings and labels.", rules="A101 A102",
       look="Does each heading describe the section under it?"),
    _c("2.4.7", "Focus Visible", AA, THEME,
       "Every focusable element shows a 3 px outline when focused by keyboard.",
       evidence=f"{THEME_TESTS}::test_focus_outline_meets_non_text_contrast"),
    _c("2.5.1", "Pointer Gestures", A, THEME, "Nothing needs a gesture or a path.",
       evidence=f"{THEME_TESTS}::test_pages_load_nothing_live"),
    _c("2.5.2", "Pointer Cancellation", A, THEME,
       "Only native controls (links, radio buttons, summaries) are used.",
       evidence=f"{KEYBOARD_TESTS}::test_the_quiz_works_by_keyboard_alone"),
    _c("2.5.3", "Label in Name", A, THEME,
       "Quiz options are named by their visible labels.",
       evidence=f"{AXE_TESTS}::test_no_violation_of_any_impact_js_off_and_on"),
    _c("2.5.4", "Motion Actuation", A, THEME, "Nothing responds to device motion.",
       evidence=f"{THEME_TESTS}::test_pages_load_nothing_live"),
    _c("3.1.1", "Language of Page", A, AUTO,
       "Pages carry the course's language or the lesson's `language`; a lesson that reads as "
       "another language is reported (A112).", rules="A112",
       evidence=f"{THEME_TESTS}::test_pages_have_titles_and_language"),
    _c("3.1.2", "Language of Parts", AA, AUTO,
       "Malformed `lang` attributes (A002) and paragraphs that read as another language "
       "without `lang` (A113) are reported.", rules="A002 A113",
       look="Shorter phrases and names in another language (not judged under 12 words)."),
    _c("3.2.1", "On Focus", A, THEME, "Focus never changes the page or opens anything.",
       evidence=f"{KEYBOARD_TESTS}::test_every_control_is_reached_by_tab"),
    _c("3.2.2", "On Input", A, THEME,
       "Choosing a quiz answer shows feedback under it and changes nothing else.",
       evidence=f"{KEYBOARD_TESTS}::test_the_quiz_works_by_keyboard_alone"),
    _c("3.2.3", "Consistent Navigation", AA, THEME,
       "Every page has the same header, skip link and previous/next navigation.",
       evidence=f"{THEME_TESTS}::test_pages_have_titles_and_language"),
    _c("3.2.4", "Consistent Identification", AA, THEME,
       "The same functions have the same names on every page.",
       evidence=f"{THEME_TESTS}::test_pages_have_titles_and_language"),
    _c("3.3.1", "Error Identification", A, THEME,
       "A wrong quiz answer is identified in text (\"Not quite.\") next to the option.",
       evidence=f"{KEYBOARD_TESTS}::test_the_quiz_works_by_keyboard_alone"),
    _c("3.3.2", "Labels or Instructions", A, THEME,
       "Each quiz question is a legend with labelled options and instructions above.",
       evidence=f"{AXE_TESTS}::test_no_violation_of_any_impact_js_off_and_on"),
    _c("3.3.3", "Error Suggestion", AA, THEME,
       "Feedback on a wrong answer explains the right one when the author wrote `explain`.",
       look="Do the quiz explanations help a learner who chose wrongly?",
       evidence=f"{KEYBOARD_TESTS}::test_the_quiz_works_by_keyboard_alone"),
    _c("3.3.4", "Error Prevention (Legal, Financial, Data)", AA, THEME,
       "Pages submit nothing with legal or financial effect; answers can be changed.",
       evidence=f"{THEME_TESTS}::test_pages_collect_no_personal_data"),
    _c("4.1.1", "Parsing", A, THEME, "Pages are valid HTML (checked by the Nu HTML Checker).",
       evidence="tests/browser/test_html_validity.py"),
    _c("4.1.2", "Name, Role, Value", A, AUTO,
       "Links without a name are reported (A001); the theme uses native elements with "
       "names for every control.", rules="A001",
       evidence=f"{AXE_TESTS}::test_no_violation_of_any_impact_js_off_and_on"),
    _c("4.1.3", "Status Messages", AA, THEME,
       "The runtime's only message (a page restored from history) is role=\"status\".",
       evidence="tests/unit/test_accessibility_report.py::test_the_runtime_status_is_a_status"),
)
