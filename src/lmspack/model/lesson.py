"""The author-facing document shapes: lesson front-matter and the course file.

These pydantic models are the single source of truth. ``schemas/lesson.schema.json`` and
``schemas/course.schema.json`` are generated from them (``python scripts/generate.py``),
and ``tests/unit/test_schemas.py`` proves that the published files are exactly what the models
produce and that jsonschema and the validator agree on every fixture.

Models are strict: YAML's ``yes`` is not an integer and ``2024-05-01`` is not a string.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from lmspack.model import docstrings

ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
LANGUAGE_PATTERN = r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$"
# An absolute IRI (a scheme, then no white space, quotes or angle brackets), without a query
# or fragment: lmspack appends `/lessons/<id>`, which a `?` or `#` would swallow.
BASE_IRI_PATTERN = r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s\"<>{}|\\^`?#]+$"

def slugify(value: object, prefix: str = "lesson") -> str:
    """A valid id made from any text (``Lesson 3`` -> ``lesson-3``)."""
    words = "".join(c.lower() if c.isalnum() and c.isascii() else " " for c in str(value))
    slug = "-".join(words.split()) or prefix
    return slug if slug[0].isalpha() else f"{prefix}-{slug}"


LessonId = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=100)]
Text = Annotated[str, StringConstraints(min_length=1)]
Title = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
"""A title: some character that is not white space (a package needs a visible name)."""


docstrings.install()  # before the first model: the fields' descriptions, read faster


class StrictModel(BaseModel):
    model_config = ConfigDict(
        strict=True, extra="forbid", frozen=True, use_attribute_docstrings=True
    )


class Video(StrictModel):
    """A video shown at the top of the lesson, with a plain link beside the embed."""

    platform: Literal["youtube", "vimeo"]
    """Where the video is hosted."""
    id: Text
    """The platform's video id (quote numeric Vimeo ids: `id: '76979871'`)."""
    start: Annotated[int, Field(ge=0)] = 0
    """Start time in seconds."""
    end: Annotated[int, Field(ge=1)] | None = None
    """End time in seconds; omitted means the end of the video."""
    captions: bool = False
    """The video has captions in the lesson's language on its platform (rule A111)."""
    transcript: Text | None = None
    """A transcript: a course file relative to the lesson (`media/intro-transcript.md`) or
    an https URL; the page links it under the video (rule A111)."""


class Widget(StrictModel):
    """An interactive widget whose results lmspack precomputes at build time."""

    type: Text
    """The widget type: the name of an installed widget kind (`lmspack validate` lists them
    when the name is unknown)."""
    data: Text
    """Course-root path of the widget's JSON data, inside `widgets/` (e.g. `/widgets/x.json`)."""


class Question(StrictModel):
    """One multiple-choice quiz question."""

    q: Text
    """The question."""
    options: Annotated[list[Text], Field(min_length=2)]
    """The options, in the order they are shown."""
    answer: Annotated[int, Field(ge=0)]
    """0-based index of the correct option."""
    explain: Text | None = None
    """Feedback shown after answering: why the answer is right."""


Flashcard = Annotated[dict[Text, Text], Field(min_length=1, max_length=1)]


class Lesson(StrictModel):
    """YAML front-matter of a lesson file (`lessons/<id>.md`)."""

    id: LessonId
    """Unique lesson id: lower-case letters, digits and hyphens; by convention the file name."""
    title: Title
    """Lesson title."""
    duration_min: Annotated[int, Field(ge=1)] | None = None
    """Expected time to complete, in minutes."""
    prereqs: list[LessonId] = []
    """Ids of lessons to complete first."""
    tags: list[Text] = []
    """Free-form tags."""
    video: Video | None = None
    """Optional lesson video."""
    widgets: list[Widget] = []
    """Interactive widgets, shown in this order."""
    goals: list[Text] = []
    """Learning goals."""
    quiz: list[Question] = []
    """Multiple-choice questions; the lesson's score is the share answered correctly."""
    flashcards: list[Flashcard] = []
    """Flashcards, each a one-key mapping `term: definition`."""
    reflection: list[Text] = []
    """Reflection prompts."""
    next: LessonId | None = None
    """Id of the lesson that follows this one."""
    pass_mark: Annotated[int, Field(ge=0, le=100)] | None = None
    """Percentage of quiz answers needed to pass; overrides the course's pass mark."""
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)] | None = None
    """BCP 47 language tag of this lesson, when it differs from the course's: its page is
    marked up and its interface strings shown in this language."""


# YAML 1.1 reads a bare `off` as false, so false means "off" too.
RuleSetting = Literal["error", "warning", "off", False]


class Module(StrictModel):
    """A group of lessons in the course order."""

    id: LessonId
    """Module id."""
    title: Title
    """Module title."""
    lessons: Annotated[list[LessonId], Field(min_length=1)]
    """Lesson ids in this module, in order."""


class CourseFile(StrictModel):
    """The optional course file, `course.yaml` at the course root."""

    id: LessonId | None = None
    """Course id; defaults to the course folder's name."""
    title: Title | None = None
    """Course title; defaults to the id in title case."""
    version: Annotated[str, StringConstraints(min_length=1, max_length=20)] = "1.0.0"
    """Course version, shown in packages (a SCORM manifest's version holds 20 characters)."""
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)] = "en"
    """BCP 47 language tag of the content; the pages' interface strings (headings, buttons,
    feedback) are shown in it when lmspack has a catalog for it (en, de, fr, es), else in
    English (warning C102)."""
    maths: bool = True
    """Read `$...$` and `$$...$$` in lessons as maths (rendered to MathML at build time);
    `false` leaves dollar signs as text."""
    pass_mark: Annotated[int, Field(ge=0, le=100)] = 80
    """Default percentage of quiz answers needed to pass a lesson."""
    base_iri: Annotated[str, StringConstraints(pattern=BASE_IRI_PATTERN,
                                               max_length=500)] | None = None
    """Base IRI of the course's xAPI/cmi5 activity ids, one you control (e.g.
    `https://courses.example.org/ai-builder/ch4`); lessons become `<base>/lessons/<id>`,
    questions `<base>/lessons/<id>/questions/<q>`. Default: `urn:lmspack:<course id>`."""
    lessons: list[LessonId] | None = None
    """Explicit lesson order (use either this or `modules`)."""
    modules: list[Module] | None = None
    """Lesson order grouped in modules (use either this or `lessons`)."""
    rules: dict[str, RuleSetting] = {}
    """Severity per rule code: `error`, `warning` or `off` (e.g. `{Q101: error, L103: off}`)."""
