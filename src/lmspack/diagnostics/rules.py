"""The registry of every check lmspack makes: code, name, default severity, explanation.

Codes are a family letter and three digits. Within a family, 001-099 are errors by default
and 101-199 are warnings by default. The README's rule table, ``lmspack rules`` and
``lmspack rule CODE`` are all generated from :data:`RULES`.

Families: ``F`` files and YAML, ``S`` schema (fields and types), ``Q`` quiz, ``L`` links
between lessons, ``V`` video, ``W`` widget references, ``T`` text, ``C`` course file,
``D`` widget data and CSV files, ``M`` local files referenced from Markdown, ``P`` SCORM
data-model limits (each in its format's folder: :mod:`lmspack.exports.scorm12.limits`),
``K`` Common Cartridge and question banks, ``A`` accessibility (WCAG 2.2 AA,
:mod:`lmspack.validate.a11y`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from textwrap import dedent

from lmspack.commandline import format_option
from lmspack.diagnostics import Diagnostic, Position, Severity


@dataclass(frozen=True)
class Rule:
    """One check, with the text ``lmspack rule CODE`` prints."""

    code: str
    name: str
    severity: Severity
    summary: str
    explanation: str
    scope: str = "file"
    """``file``: about one file's own content; ``course``: about how files fit together,
    reported whichever files were named on the command line."""
    stage: str = "validate"
    """``validate``: reported by ``lmspack validate``; ``export``: only by the export that
    needs it (``C101`` matters only for xAPI and cmi5 packages); ``format``: by ``lmspack
    validate`` given the option of a format not checked by default (the K rules: ``--cc``)."""

    @property
    def family(self) -> str:
        return self.code[0]


FAMILIES: dict[str, str] = {
    "F": "files and YAML",
    "S": "schema: fields, types and values",
    "Q": "quiz",
    "L": "links between lessons",
    "V": "video",
    "W": "widgets",
    "T": "text",
    "C": "course file",
    "D": "widget data and CSV files",
    "M": "local files referenced from Markdown",
    "P": "SCORM data-model limits (per SCORM version: lmspack validate --scorm)",
    "K": "Common Cartridge and question banks: what they lose or alter (lmspack validate "
         "--cc)",
    "A": "accessibility (WCAG 2.2 AA)",
}

E, W = Severity.ERROR, Severity.WARNING

_RULES: tuple[Rule, ...] = (
    Rule("F001", "not-utf8", E, "File is not valid UTF-8.", """
        Lessons, widget files, CSV files and the course file must be UTF-8, with or
        without a byte-order mark; lessons, widget files and the course file end their
        lines with LF or CRLF. The diagnostic points at the first byte that does not
        decode (line, column and byte offset), at a UTF-16 or UTF-32 byte-order mark, or at
        a carriage return that is not followed by a line feed (classic Mac OS line ends).
        Fix: re-save the file as UTF-8 with LF line ends (most editors: "Save with
        encoding" and "Line endings")."""),
    Rule("F002", "missing-front-matter", E, "Lesson has no YAML front-matter.", """
        A lesson starts with a line `---`, the YAML front-matter, and a closing `---`.
        Bad:   # My lesson            (no front-matter at all)
        Fix:   ---
               id: my-lesson
               title: My lesson
               ---
               # My lesson"""),
    Rule("F003", "unclosed-front-matter", E, "Front-matter is opened but never closed.", """
        The opening `---` line has no matching closing `---` (or `...`) line, so the
        whole file would be read as YAML.
        Fix: add a line containing only `---` after the last front-matter key."""),
    Rule("F004", "yaml-syntax", E, "YAML syntax error.", """
        The front-matter or course file is not valid YAML. The position is where the
        parser noticed the problem; the mistake is often on the line before it.
        Bad:   title: Monitoring: the basics     (an unquoted ': ' inside a value)
        Fix:   title: 'Monitoring: the basics'"""),
    Rule("F005", "not-a-mapping", E, "Front-matter or course file is not a YAML mapping.", """
        The document must be a mapping of keys to values, not a list or a plain string.
        Bad:   - id: my-lesson
        Fix:   id: my-lesson"""),
    Rule("F006", "duplicate-key", E, "The same key appears twice in one mapping.", """
        YAML and JSON parsers silently keep the last value, so the first one is lost. In a
        widget file the diagnostic points at the first of the repeated keys.
        Bad:   title: Intro
               title: Introduction
        Fix:   keep one of them."""),
    Rule("F007", "file-outside-course", E, "A course file is a link to a file outside the "
         "course.", """
        A lesson, widget file or course file that is a symbolic link leading out of the
        course root is never read or published: course repositories take contributions
        from many authors, and a link could publish any file the build can read.
        Bad:   lessons/intro.md -> /home/me/notes/intro.md
        Fix: copy the file into the course (or link within the course)."""),
    Rule("F008", "broken-link", E, "A course file is a symbolic link that reaches no file.", """
        A lesson, widget file or course file that is a symbolic link to itself, a ring
        of links, or a link whose target is missing cannot be read; it is reported
        instead of being skipped unseen (a link loop once stopped validate with an
        internal error). A path in a lesson or widget file that runs into such a link
        names no file (M001, W002, D001).
        Bad:   widgets/lab.json -> lab.json
        Fix: replace the link with the file it was meant to be, or remove it."""),
    Rule("F009", "file-too-large", E, "A lesson, widget file or course file is over 16 MiB.",
         """
        Each of them is read whole, with its YAML or JSON tree, by validate and every
        build; the limit keeps a run within a CI runner's memory whatever a file holds.
        CSV files a widget reads have their own limits (D012).
        Fix: split a long lesson into several, or move bulk data into CSV files."""),
    Rule("S001", "unknown-key", E, "Unknown key.", """
        The key is not part of the format; often a typo. The message suggests the
        closest known key.
        Bad:   prerequisites: [intro]
        Fix:   prereqs: [intro]"""),
    Rule("S002", "missing-field", E, "A required field is missing.", """
        Lessons need at least `id` and `title`; a quiz question needs `q`, `options`
        and `answer`; a widget needs `type` and `data`.
        Fix: add the field."""),
    Rule("S003", "wrong-type", E, "Value has the wrong type.", """
        YAML guesses types: `yes` is a boolean, `2024-05-01` is a date, `010` is a
        number. lmspack does not coerce them.
        Bad:   duration_min: yes        title: 2024-05-01
        Fix:   duration_min: 45         title: '2024-05-01'"""),
    Rule("S004", "invalid-id", E, "Lesson id has the wrong format.", """
        Ids are lower-case letters, digits and single hyphens, starting with a letter
        (`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`), so they are safe in URLs, file names and
        SCORM identifiers.
        Bad:   id: Lesson 3
        Fix:   id: lesson-3"""),
    Rule("S005", "invalid-value", E, "Value is out of range or badly formed.", """
        A number below its minimum, an empty string or list where content is required,
        or a value outside the allowed set.
        Bad:   duration_min: 0
        Fix:   duration_min: 45"""),
    Rule("S006", "text-not-xml", E, "Text holds a character no package can hold.", """
        Every string of the front-matter, the course file and the widget files must be
        text XML can hold, because titles, descriptions, questions, options, the version
        and the language go into SCORM manifests, tincan.xml and cmi5.xml. Refused: NUL
        and the other control characters except tab, line feed and carriage return;
        half of a surrogate pair (a `\\ud800` escape alone); the Unicode noncharacters
        U+FDD0-U+FDEF and U+xFFFE/U+xFFFF (U+FFFE and U+FFFF among them). They usually
        come in through YAML or JSON escapes (`"\\0"`, `"\\uffff"`) or a paste from a
        binary file.
        Bad:   title: "Intro\\0"
        Fix:   title: Intro"""),
    Rule("Q001", "answer-out-of-range", E, "Quiz answer index is not one of the options.", """
        `answer` is the 0-based index of the correct option.
        Bad:   options: [a, b, c]
               answer: 3
        Fix:   answer: 2   (the third option)"""),
    Rule("Q002", "too-few-options", E, "Quiz question has fewer than two options.", """
        A multiple-choice question needs at least two options to choose between.
        Fix: add options, or turn the question into reflection text."""),
    Rule("Q003", "empty-option", E, "Quiz option is empty.", """
        An empty option renders as a blank radio button.
        Bad:   options: ["Yes", ""]
        Fix:   remove it or give it text."""),
    Rule("Q004", "duplicate-option", E, "Two options of a question have the same text.", """
        Learners cannot tell them apart, and the answer key becomes ambiguous.
        Fix: make every option distinct (compared ignoring case and surrounding space)."""),
    Rule("Q101", "answers-same-position", W,
         "Every quiz answer is at the same option position.", """
        When all (three or more) questions have their correct answer at the same index,
        learners can game the quiz by always picking that position.
        Bad:   answer: 1, answer: 1, answer: 1, answer: 1
        Fix:   reorder the options so the correct answers vary."""),
    Rule("L001", "duplicate-id", E, "Two lessons have the same id.", """
        Ids identify lessons in links, prerequisites and LMS tracking; they must be unique
        within a course. Both files are reported.
        Fix: rename one of them (and update links to it)."""),
    Rule("L002", "unknown-prereq", E, "Prerequisite names a lesson that does not exist.", """
        Bad:   prereqs: [ai-builder-ch4-lesson01]
        Fix:   prereqs: [ai-builder-ch4-lesson1]   (the message suggests close ids)"""),
    Rule("L003", "unknown-next", E, "`next` names a lesson that does not exist.", """
        Bad:   next: lesson-04
        Fix:   next: lesson-4"""),
    Rule("L004", "self-link", E, "A lesson names itself as prerequisite or next.", """
        A lesson cannot require itself, and `next` must lead somewhere else.
        Fix: remove the id from the list, or point at the intended lesson."""),
    Rule("L005", "prereq-cycle", E, "Prerequisites form a cycle.", """
        A requires B, B requires A (possibly through others): no learner can start any of
        them. The message prints the whole cycle.
        Fix: remove one prerequisite in the cycle."""),
    Rule("L101", "next-not-prereq", W, "A lesson's `next` does not list it as a prerequisite.", """
        Lesson A says `next: B`, but B does not name A in `prereqs`, so an LMS may let
        learners open B first.
        Fix: add A to B's prereqs, or change A's next."""),
    Rule("L102", "unreachable-lesson", W, "Lesson cannot be reached from any starting lesson.", """
        Starting lessons are the ones without prerequisites; from them a learner follows
        `next` links and unlocks lessons whose prerequisites they completed. A lesson no
        path reaches (typically one behind a cycle or an unknown prerequisite) is dead.
        Fix: give it reachable prerequisites, or link to it with `next`."""),
    Rule("L103", "id-not-filename", W, "Lesson id differs from its file name.", """
        `lessons/intro.md` with `id: introduction` makes lessons hard to find.
        Fix: rename the file to `<id>.md` or change the id."""),
    Rule("V001", "video-range", E, "Video start is not before its end.", """
        Bad:   start: 300
               end: 120
        Fix:   start: 120
               end: 300"""),
    Rule("V101", "video-longer-than-lesson", W, "Video is longer than the lesson duration.", """
        `end - start` (seconds) exceeds `duration_min` x 60: the stated duration is too
        short to watch the video.
        Fix: raise duration_min or trim the clip."""),
    Rule("W001", "unknown-widget-type", E, "Widget type is not known.", """
        The type must name an installed widget kind: lmspack's own are
        drift_detection_lab, model_monitoring_dashboard and alert_configurator; plug-ins
        add more (docs/widgets.md). The message lists the installed ones.
        Bad:   type: drift_lab
        Fix:   type: drift_detection_lab"""),
    Rule("W002", "widget-data-missing", E, "Widget data file does not exist.", """
        `data` is a course-root path such as `/widgets/drift.json`.
        Fix: create the file or correct the path (the message suggests close names)."""),
    Rule("W003", "widget-data-outside", E, "Widget data path is outside the widgets folder.", """
        Data paths must resolve inside the course's `widgets/` folder; `..` segments,
        absolute file-system paths and URLs are refused so a build never reads outside
        the course.
        Bad:   data: /../secrets.json     data: https://example.com/w.json
        Fix:   data: /widgets/drift.json"""),
    Rule("W004", "widget-json-invalid", E, "Widget data file is not well-formed JSON.", """
        The position is where the JSON parser stopped.
        Fix: correct the syntax (trailing commas and single quotes are common causes)."""),
    Rule("W101", "unused-widget-file", W, "Widget data file is not used by any lesson.", """
        A JSON file in `widgets/` that no lesson references is probably left over.
        Fix: reference it from a lesson's `widgets`, or delete it."""),
    Rule("T101", "mojibake", W, "Text looks like UTF-8 that was decoded as Latin-1.", """
        Sequences such as `Ã©` or `Â²` appear when UTF-8 text passes through a Latin-1 or
        Windows-1252 step. The message shows what the text should read.
        Bad:   RMSE, MAE, RÂ² for regression
        Fix:   RMSE, MAE, R² for regression"""),
    Rule("T102", "unsafe-html", W, "Markdown contains HTML that could run scripts.", """
        Lesson pages work without JavaScript, and lesson text is not trusted to run code:
        the renderer's sanitiser removes `<script>`, `<iframe>`, `<object>`, `<form>` and
        similar elements, `on...` event-handler attributes and `javascript:` URLs. The
        warning points at what will be missing from the page.
        Bad:   <a href="javascript:go()">Start</a>     <img src="x.png" onerror="...">
        Fix:   link to a page or a course file, and use a widget for interactive content."""),
    Rule("T103", "missing-alt-text", W, "Image has no alt text.", """
        Screen readers announce an image by its alt text; without one, learners who cannot
        see it miss what it shows.
        Bad:   ![](media/drift.png)
        Fix:   ![PSI per feature: only fare drifts](media/drift.png)
               (a purely decorative image: <img src="line.png" alt="">)"""),
    Rule("T001", "quiz-marker-reveals-answer", E,
         "Another dialect's quiz marker shows the right answer as text.", """
        LiaScript marks the right option of a quiz with `[(X)]` (or `[[X]]`, the answer
        itself in `[[...]]`, or the right choice in parentheses in `[[a|(b)|c]]`). lmspack
        does not read LiaScript, so the page shows the line as typed, and the learner sees
        which answer is right. (Survey options such as `[(1)]` reveal nothing: T104.)
        Bad:   [( )] 3
               [(X)] 4
        Fix:   quiz:                           (in the front-matter)
                 - q: What is 2 + 2?
                   options: ["3", "4"]
                   answer: 1"""),
    Rule("T002", "bad-placement", E, "A placement directive names nothing the lesson has.", """
        `<!-- lmspack: quiz -->` or `<!-- lmspack: widget N -->` on a line of its own
        places the quiz or the lesson's N-th widget (counting `widgets:` from 1) there in
        the page, instead of after the text. Each can be placed once, and only what the
        lesson has.
        Bad:   <!-- lmspack: widget 3 -->     (the lesson has two widgets)
        Fix:   <!-- lmspack: widget 2 -->"""),
    Rule("T104", "other-dialect-quiz", W, "A quiz written in another dialect is plain text.", """
        LiaScript quiz lines (`[( )]`, `[[ ]]`, `[[?]]`) are not a quiz to lmspack: the
        learner sees them as text and cannot answer. (A marker that reveals the answer is
        T001, an error.)
        Fix: write the question in the front-matter `quiz:` (see T001)."""),
    Rule("T105", "other-dialect-script", W, "LiaScript code or a macro is shown, never run.", """
        LiaScript runs code blocks marked `@eval`/`@input` and expands macros such as
        `@eval` on a line of their own. lmspack pages run no author code: the code block
        is shown as code and the macro line as typed text. (`<script>` is T102.)
        Bad:   ```js @eval            or a line:  @eval
        Fix:   show the code and its result as text, or use a widget."""),
    Rule("T106", "template-tag", W, "A template tag is shown as typed.", """
        `{% ... %}` and `{{ name }}` (Jinja, Liquid, Jekyll, MkDocs macros) are expanded
        by those tools before Markdown is read; lmspack does not expand them, so the
        learner sees the braces. In code (`` `{% raw %}` ``) they are fine.
        Fix: write the text the tag stands for."""),
    Rule("T107", "attribute-block", W, "A Pandoc/kramdown attribute block or fenced div is "
         "shown as typed.", """
        `## Title {#id .class}`, `![x](a.png){width=50%}`, `{: .note}` and `::: note`
        blocks are read by Pandoc, kramdown or MyST; here they are text on the page.
        Fix: remove the attributes; use a callout (`> [!NOTE]`) instead of a fenced div."""),
    Rule("T108", "maths-not-rendered", W, "Maths the page cannot show as maths.", """
        With maths on (the default), `$...$` and `$$...$$` become MathML at build time.
        TeX's `\\(...\\)` and `\\[...\\]` are not maths here: Markdown drops the
        backslash and the learner sees the TeX. With `maths: false` in course.yaml, `$$`
        is shown as typed.
        Bad:   \\(x^2\\)
        Fix:   $x^2$"""),
    Rule("T109", "mkdocs-admonition", W, "An MkDocs admonition is shown as typed.", """
        `!!! note` and `??? note` are MkDocs (Python-Markdown) admonitions; lmspack
        shows the line as text, and the indented text below it as a code block.
        Bad:   !!! warning
                   Check the data first.
        Fix:   > [!WARNING]
               > Check the data first."""),
    Rule("T110", "maths-unreadable", W, "TeX that cannot be turned into MathML.", """
        Maths is converted to MathML when the pages are built (latex2mathml). TeX it
        cannot read (an unclosed brace, a `^` without its exponent, `\\left` without
        `\\right`) is shown on the page as TeX in a code font instead.
        Bad:   $\\frac{1}{$
        Fix:   $\\frac{1}{2}$"""),
    Rule("M001", "local-file-missing", E, "A file linked from Markdown does not exist.", """
        Images and links to local files are copied into the built site. The path is
        relative to the lesson file, like in any Markdown viewer.
        Bad:   ![Chart](chart.png)          (the file is lessons/media/chart.png)
        Fix:   ![Chart](media/chart.png)"""),
    Rule("M002", "local-file-outside", E, "A file linked from Markdown is outside the course.", """
        Only files inside the course folder are copied into the site, so a build never
        reads (or publishes) anything else. Absolute paths, `file:` URLs and `..` that
        climb above the course root are refused.
        Bad:   ![Plot](/home/me/plot.png)     [data](../../secrets.csv)
        Fix:   copy the file into the course and use a relative path: ![Plot](media/plot.png)"""),
    Rule("M003", "remote-image", W, "An image is on another site.", """
        Pages load nothing from other sites (no request leaves the course's own files), so
        an image on another site cannot show: the page turns it into a link to the image.
        Bad:   ![Drift over time](https://example.com/drift.png)
        Fix:   download it into the course and use a relative path:
               ![Drift over time](media/drift.png)"""),
    Rule("A001", "link-without-name", E, "A link has no text a screen reader can announce.", """
        A link's name is its text, or the alt text of the image inside it. Without one,
        screen readers announce only "link" (WCAG 2.4.4, 4.1.2). Badges are the usual case.
        Bad:   [![](https://ci.example.org/badge.svg)](https://ci.example.org)    [](page.md)
        Fix:   [![Build status](media/badge.svg)](https://ci.example.org)"""),
    Rule("A002", "lang-invalid", E, "A `lang` attribute is not a language tag.", """
        `lang` tells screen readers which voice and pronunciation to use for a passage
        (WCAG 3.1.2). A value that is not a BCP 47 tag is ignored.
        Bad:   <span lang="french">bonjour</span>
        Fix:   <span lang="fr">bonjour</span>"""),
    Rule("A003", "transcript-missing", E, "The video's transcript file does not exist.", """
        `video.transcript` names a file relative to the lesson (or an https URL); the page
        links it under the video, so it must exist inside the course.
        Bad:   transcript: transcript.md        (the file is lessons/media/transcript.md)
        Fix:   transcript: media/transcript.md"""),
    Rule("A101", "heading-h1-in-body", W, "A level-1 heading in the lesson body.", """
        The lesson title is the page's one h1 (WCAG 1.3.1, 2.4.6). The renderer shifts
        the body's headings below it, but a `#` heading in the body usually means the
        lesson repeats its title or was written for a tool where `#` starts sections.
        Bad:   # Introduction
        Fix:   ## Introduction"""),
    Rule("A102", "heading-level-skipped", W, "A heading skips a level.", """
        Screen-reader users move through a page by heading level; a jump from h2 to h4
        hides the missing level's section (WCAG 1.3.1). The first body heading follows
        the page title (h1), so it is `##`.
        Bad:   ## Drift  then  #### PSI
        Fix:   ## Drift  then  ### PSI"""),
    Rule("A103", "link-text-generic", W, "Link text does not say where the link goes.", """
        Screen readers list a page's links by their text alone; "click here", "here" or
        "read more" say nothing there (WCAG 2.4.4).
        Bad:   To install it, [click here](https://scikit-learn.org/stable/install.html).
        Fix:   Follow the [scikit-learn installation guide](https://scikit-learn.org/stable/install.html)."""),
    Rule("A104", "link-text-url", W, "Link text is a bare URL.", """
        A screen reader spells a URL out character by character, and it rarely says what
        the page is (WCAG 2.4.4). Autolinks (`<https://...>`) count too.
        Bad:   See https://docs.python.org/3/library/pickle.html    <https://onnx.ai>
        Fix:   See the [pickle module's documentation](https://docs.python.org/3/library/pickle.html)"""),
    Rule("A105", "table-without-headers", W, "An HTML table has no header cells.", """
        Without `<th>` cells a screen reader cannot say which column or row a value
        belongs to (WCAG 1.3.1). Markdown tables always have a header row.
        Bad:   <table><tr><td>PSI</td><td>0.31</td></tr></table>
        Fix:   <table><tr><th>Metric</th><th>Value</th></tr>
               <tr><td>PSI</td><td>0.31</td></tr></table>"""),
    Rule("A106", "table-empty-header", W, "A table header cell is empty.", """
        An empty header cell gives the cells under it no name (WCAG 1.3.1). An empty
        corner cell above row names is common: name it after what the rows are. The
        renderer writes an empty Markdown header cell as a data cell, so the page is not
        wrong, but the column stays unnamed.
        Bad:   |   | Before | After |
        Fix:   | Metric | Before | After |"""),
    Rule("A107", "table-without-caption", W, "An HTML data table has no caption.", """
        A caption names the table for screen-reader users, who can list a page's tables
        (WCAG 1.3.1). Markdown tables cannot carry a caption in CommonMark; lmspack takes a
        paragraph `Table: ...` right before the table as its caption (as Pandoc does), and
        otherwise labels the table's scrolling region after the heading above it. So only
        HTML tables are reported.
        Bad:   <table><tr><th>Metric</th>...
        Fix:   <table><caption>Drift per feature</caption><tr><th>Metric</th>...
               (Markdown:  Table: Drift per feature  on the line before the table)"""),
    Rule("A108", "alt-is-file-name", W, "Alt text repeats the image's file name.", """
        Tools often fill the alt text with the file name; it tells a screen-reader user
        nothing about the image (WCAG 1.1.1).
        Bad:   ![drift_chart.png](media/drift_chart.png)    ![IMG_2041](media/IMG_2041.jpg)
        Fix:   ![PSI per feature: only fare drifts](media/drift_chart.png)"""),
    Rule("A109", "alt-not-descriptive", W,
         "Alt text names the kind of image, not what it shows.", """
        "Image", "chart" or "screenshot" says what the thing is, not what it shows
        (WCAG 1.1.1). A purely decorative image is marked as such instead: its title
        `"decorative"` makes lmspack write `alt=""`, so screen readers skip it.
        Bad:   ![image](media/pipeline.png)     ![decorative](media/rule.png)
        Fix:   ![Pipeline: scaler, then model, in one artefact](media/pipeline.png)
               ![](media/rule.png "decorative")"""),
    Rule("A110", "contrast-too-low", W, "Inline colours fail WCAG AA contrast.", """
        Text needs a contrast ratio of 4.5:1 against its background (3:1 when large:
        24 px, or 18.66 px bold) (WCAG 1.4.3). Colours set in `style` attributes are
        checked (hex, rgb() and common colour names; unset ones are the theme's). lmspack
        pages drop inline styles, but the lesson shows them wherever else it is read.
        Bad:   <span style="color:#aaa">Note</span>
        Fix:   <strong>Note</strong>, or a darker colour such as #595959"""),
    Rule("A111", "video-without-captions", W, "A video has neither captions nor a transcript.", """
        Deaf and hard-of-hearing learners need captions or a transcript (WCAG 1.2.1,
        1.2.2). lmspack cannot look inside a hosted video, so the front-matter says what
        exists: `captions: true` when the video has captions on its platform, and/or
        `transcript:` a course file or URL, which the page links under the video.
        Bad:   video: {platform: youtube, id: abc123}
        Fix:   video: {platform: youtube, id: abc123, captions: true,
                       transcript: media/abc123-transcript.md}"""),
    Rule("A112", "lesson-language-undeclared", W,
         "The lesson is written in another language than its page says.", """
        Pages are marked with the course's `language` (or the lesson's own), which
        screen readers use to pick a voice (WCAG 3.1.1). Judged from the commonest words
        of the text (English, German, French, Spanish, Italian, Dutch, Portuguese).
        Bad:   a German lesson in a course with `language: en`
        Fix:   language: de       (in the lesson's front-matter)"""),
    Rule("A113", "passage-language-unmarked", W,
         "A passage is in another language without a `lang` mark.", """
        A paragraph in another language than the page is read with the wrong voice unless
        it is marked (WCAG 3.1.2). Judged like A112, on paragraphs of 12 words or more.
        Bad:   a French quotation as a plain paragraph in an English lesson
        Fix:   <span lang="fr">...</span>, or <div lang="fr"> with blank lines around the
               Markdown inside it"""),
    Rule("C005", "order-before-prereq", E, "Course order puts a lesson before a prerequisite.", """
        The course file lists lesson B before lesson A although B requires A; an LMS
        would show B first and keep it locked.
        Bad:   lessons: [b, a]     (b.md has prereqs: [a])
        Fix:   lessons: [a, b]"""),
    Rule("C006", "no-lessons", E, "The course has no lessons.", """
        lmspack found the course root (a folder with `lessons/` or `course.yaml`) but no
        `lessons/*.md` file in it, so there is nothing to check or export. The position is
        the course file when there is one.
        Fix: add lessons as lessons/<id>.md, or run lmspack from the right folder (--root)."""),
    Rule("D001", "data-file-missing", E, "A CSV file a widget reads is missing or outside "
         "widgets/.", """
        CSV paths in widget files are course-root paths inside `widgets/`, like widget
        data paths (see W002, W003).
        Bad:   "csv": "/data/titanic.csv"
        Fix:   "csv": "/widgets/data/titanic.csv" """),
    Rule("D002", "csv-missing-column", E, "A CSV file lacks a column the widget needs.", """
        The widget names a column (a drift feature, a prediction-log field, a group
        attribute) that the CSV header does not have. The hint lists the header.
        Fix: correct the column name in the widget file, or add the column."""),
    Rule("D003", "csv-bad-row", E, "A CSV row does not have as many fields as the header.", """
        Usually an unquoted comma inside a value, or a truncated export.
        Bad:   name,age      then   Smith, John,42
        Fix:   "Smith, John",42"""),
    Rule("D004", "csv-bad-value", E, "A CSV value has the wrong kind for its column.", """
        Numeric columns need numbers (missing values may be empty, `?`, `NA` or `NaN`);
        predictions and labels are 0 or 1; scores are probabilities in [0, 1];
        timestamps are ISO 8601 with a UTC offset or epoch seconds.
        Bad:   latency_ms = fast
        Fix:   latency_ms = 120"""),
    Rule("D005", "widget-type-mismatch", E, "A widget file's type differs from the lesson's.", """
        The lesson declares `type: drift_detection_lab` but the JSON file says
        `"type": "alert_configurator"` (or has no type).
        Fix: point the lesson at the right file, or correct the type."""),
    Rule("D006", "unknown-name", E, "A widget file names something that does not exist.", """
        A scenario transforms a column that is not a feature, an alert rule watches a
        metric the dashboard does not compute, `suppressed_by` names an unknown rule, or
        `dashboard` is not a dashboard widget file.
        Bad:   "metric": "acuracy"
        Fix:   "metric": "accuracy"   (the message suggests close names)"""),
    Rule("D007", "value-out-of-range", E, "A widget setting is outside what makes sense.", """
        A threshold outside its metric's range (a p-value above 1, an accuracy of 1.5),
        resampling shares that do not add up to 1, a period that ends before it starts,
        a window wider than the whole log, or a baseline that leaves no window to judge.
        Fix: the message gives the allowed range."""),
    Rule("D008", "duplicate-name", E, "Two scenarios, rules or incidents share an id.", """
        Ids inside one widget file must be unique: pages link to them.
        Fix: rename one of them."""),
    Rule("D009", "csv-column-reused", E, "One CSV column is given two roles.", """
        A prediction log's timestamp, prediction, score, label, latency and group columns
        must be different columns: a column read both as the prediction and as the label
        (or as a group) cannot be checked for both, and its metrics mean nothing.
        Bad:   "log": {"csv": "/widgets/data/log.csv", "prediction": "label"}
        Fix:   "log": {"csv": "/widgets/data/log.csv", "prediction": "predicted"}"""),
    Rule("D010", "csv-duplicate-column", E, "A column the widget reads appears twice in a CSV "
         "header.", """
        Names are compared without the spaces around them, so `age` and `age ` are the
        same column; which of the two the widget should read is unclear.
        Bad:   age,fare,age
        Fix:   age,fare,age_at_boarding"""),
    Rule("D011", "csv-no-rows", E, "A CSV file a widget reads has no data rows.", """
        A header alone (or a header and blank lines) gives every statistic an empty
        sample: there is no drift to measure, no window to monitor.
        Bad:   age,fare            (and nothing below)
        Fix: add the rows, or point the widget at the file that holds them."""),
    Rule("D012", "data-too-large", E, "A CSV file a widget reads is over a documented "
         "limit.", """
        The limits keep validate and the build within memory and time on a CI runner,
        whatever a file holds: a CSV file a widget reads is at most 1 GiB and 10,000,000
        data rows, and a cell of a column it reads at most 10,000 characters (columns no
        widget reads are not limited). Numbers are limited too (D004: within 1e50).
        Fix: sample the rows the widget needs, or shorten the cell (a group name or a
        category is a few words)."""),
    Rule("C001", "unknown-lesson-in-order", E,
         "Course file lists a lesson that does not exist.", """
        Every id under `lessons:` or a module's `lessons:` must be a lesson id.
        Fix: correct the id or remove it."""),
    Rule("C002", "lesson-not-in-order", W, "Lesson is missing from the course file's order.", """
        When the course file gives an explicit order, a lesson left out of it is not
        exported.
        Fix: add the lesson id to `lessons:` (or a module)."""),
    Rule("C003", "unknown-rule", E, "Course file configures a rule code that does not exist.", """
        Bad:   rules: {Q999: off}
        Fix:   use a code listed by `lmspack rules`."""),
    Rule("C004", "lesson-listed-twice", E, "Course file lists a lesson more than once.", """
        A lesson can appear once in the course order.
        Fix: remove the repeated entry."""),
    Rule("C101", "base-iri-unset", W, "xAPI/cmi5 export without a base IRI in the course "
         "file.", """
        xAPI and cmi5 packages name every course, lesson and question by an activity id
        (an IRI), which LRSs keep for good. Without `base_iri`, lmspack uses
        `urn:lmspack:<course id>`: stable, but not yours, so another course with the same
        id would share its activities. Reported by `lmspack export --xapi/--cmi5` only.
        Fix:   base_iri: https://courses.example.org/ai-builder/ch4     (in course.yaml;
               a site you control, and never change it once statements exist)""",
         stage="export"),
    Rule("C102", "no-interface-catalog", W, "The course's (or a lesson's) language has no "
         "interface catalog.", """
        Pages show their own words (headings such as "Learning goals", the quiz's buttons
        and feedback, "Next lesson") in the `language` of the course file or the lesson,
        from lmspack's message catalogs: English, German, French and Spanish. A region tag
        uses its language's catalog (`de-CH` uses `de`). Any other language gets the
        English interface, with this warning; the `lang` attribute still says `language`.
        Bad:   language: pt-BR
        Fix:   add a catalog, or accept English: rules: {C102: off}"""),
    Rule("P001", "scorm12-too-many-options", E,
         "A question has more options than a SCORM 1.2 choice can report.", """
        SCORM 1.2 reports a choice answer as single characters (0-9, a-z), so a package
        for SCORM 1.2 can hold at most 36 options per question. Checked when the course
        is validated for SCORM 1.2 (the default; `lmspack validate --scorm 2004` and
        `lmspack export --scorm 2004` skip it), and `lmspack export --scorm 1.2` refuses.
        Bad:   options: [o1, o2, ..., o37]
        Fix:   split the question, or ship SCORM 2004 only."""),
    Rule("P101", "scorm2004-long-question", W,
         "A question's text is longer than a SCORM 2004 interaction description.", """
        The runtime sends each question's text as `cmi.interactions.n.description`, which
        holds 250 characters in SCORM 2004; a longer text reaches the LMS's reports cut
        to 249 characters and an ellipsis. Checked when the course is validated for
        SCORM 2004 (the default; `lmspack validate --scorm 1.2` skips it).
        Bad:   q: "<a 300-character question>"
        Fix:   keep the question short and put the detail in the lesson text."""),
    Rule("K101", "cc-two-option-question", W,
         "A two-option question that is not True/False changes shape in a cartridge.", """
        Common Cartridge 1.1 wants at least three options in a multiple-choice question.
        Two options that read True and False become a true/false question; any other two
        options travel as a multiple-response question (tick boxes, one of them correct),
        which Moodle, Canvas and Open edX show differently from the page's radio buttons.
        The question banks (Moodle XML, GIFT) keep it as it is. Reported by
        `lmspack validate --cc`.
        Bad:   options: ["Batch", "Online"]
        Fix:   add a third option, or ask a true/false question: options: [True, False]""",
         stage="format"),
    Rule("K102", "cc-percent-sequence", W,
         "A question contains % and two hex digits, which Open edX decodes.", """
        Open edX's cartridge import (cc2olx) URL-decodes every question text, so `%41`
        would arrive as `A`. The cartridge keeps it by writing an empty HTML comment after
        the `%` (invisible in every LMS, but there when the question is edited in one).
        Reported by `lmspack validate --cc`.
        Bad:   q: "Which share is 20%AB of the traffic?"
        Fix:   q: "Which share is 20 % of the traffic (AB)?\"""",
         stage="format"),
    Rule("K103", "cc-markup-in-quiz-text", W,
         "A quiz text holds Markdown or HTML that a cartridge shows literally.", """
        Questions, options and feedback are plain text on the page and in a cartridge's
        QTI and the question banks, so `**bold**`, backticks and `[text](url)` appear as
        written in every LMS, and Open edX reads `<tag>` and `&name;` as HTML. Reported
        by `lmspack validate --cc`.
        Bad:   q: "What does `pickle.load` do?"
        Fix:   q: "What does pickle.load do?\"""",
         stage="format"),
    Rule("K104", "cc-special-character-in-option", W,
         "An option holds <, > or &, which Open edX shows as an HTML entity.", """
        Options are HTML in a cartridge, escaped so that Moodle and Canvas show `a < b`
        as written; Open edX's cartridge import (cc2olx) copies an option's HTML as plain
        text, so its learners read `a &lt; b`. Reported by `lmspack
        validate --cc`.
        Bad:   options: ["a < c", "c < a", "a = c"]
        Fix:   options: ["a is less than c", "c is less than a", "a equals c"]""",
         stage="format"),
)

# Rules about how files fit together: a change to one file can break another, so these are
# reported wherever they occur, even when only some files are named (pre-commit).
_COURSE_WIDE = {"C101", "L001", "L002", "L003", "L005", "L101", "L102", "W002", "W101",
                "C001", "C002", "C004", "C005", "C006", "D001", "D005", "D006"}

RULES: dict[str, Rule] = {
    rule.code: replace(rule, scope="course") if rule.code in _COURSE_WIDE else rule
    for rule in _RULES
}
RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in _RULES}


def explanation(rule: Rule) -> str:
    """The explanation of a rule as plain text with its examples."""
    return dedent(rule.explanation).strip("\n")


def lookup(code_or_name: str) -> Rule | None:
    """Find a rule by code (case-insensitive) or by kebab-case name."""
    return RULES.get(code_or_name.upper()) or RULES_BY_NAME.get(code_or_name.lower())


# Author text quoted in a message may hold control characters (a NUL in a path, a line break
# in a key): shown as escapes, so a diagnostic stays one line and terminals, JSON consumers
# and XML reports (JUnit, where most are illegal) get printable text.
# Surrogates and noncharacters (see lmspack.source.xmltext) are shown as \\u escapes too: a
# lone surrogate cannot even be written as UTF-8.
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F) if chr(c) != "\t"}
_CONTROLS.update({c: f"\\u{c:04x}" for c in (*range(0xD800, 0xE000), *range(0xFDD0, 0xFDF0))})
_CONTROLS.update({c: f"\\U{c:08x}" for plane in range(17)
                  for c in (plane * 0x10000 + 0xFFFE, plane * 0x10000 + 0xFFFF)})


def emit(code: str, path: str, position: Position, message: str, *,
         hint: str | None = None, pointer: str | None = None) -> Diagnostic:
    """Make a diagnostic for rule ``code`` with the rule's default severity."""
    return Diagnostic(path, position.line, position.column, code, RULES[code].severity,
                      message.translate(_CONTROLS), hint and hint.translate(_CONTROLS),
                      pointer and pointer.translate(_CONTROLS))


LISTING_OPTION = format_option(("text", "markdown"))
"""``lmspack rules --format``: :func:`rules_listing` or :func:`rules_markdown`."""


def rules_listing() -> str:
    """``lmspack rules``: every rule by family, with its code, name and default severity."""
    lines = []
    for family, title in FAMILIES.items():
        lines.append(f"{family}: {title}")
        lines += [f"  {rule.code}  {rule.name:<26} {rule.severity.value:<8} {rule.summary}"
                  for rule in RULES.values() if rule.family == family]
    return "\n".join(lines) + "\n"


def rules_markdown() -> str:
    """The README's rule table (``lmspack rules --format markdown``)."""
    lines = ["| code | name | default | what it checks |", "|---|---|---|---|"]
    lines += [f"| `{r.code}` | `{r.name}` | {r.severity.value} | {r.summary} |"
              for r in RULES.values()]
    return "\n".join(lines) + "\n"


def rule_text(rule: Rule) -> str:
    """``lmspack rule CODE``: one rule with its scope, summary, example and fix."""
    scope = "course-wide (reported whichever files are named)" if rule.scope == "course" \
        else "per file"
    return (f"{rule.code} {rule.name} ({rule.severity.value}, {scope})\n\n{rule.summary}\n\n"
            f"{explanation(rule)}\n")
