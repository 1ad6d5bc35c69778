"""The one interface a widget kind implements, and what each stage hands it.

A widget kind is a folder (a Python package) holding its data model, its checks, its
compute step, its fallback template and its published schema, with one subclass of
:class:`WidgetKind` in its ``__init__``. lmspack finds kinds through the entry-point group
``lmspack.widgets`` (:mod:`lmspack.widgets.registry`); its own three kinds are registered
there the same way a third party's are. ``docs/widgets.md`` walks through writing one.

Each stage calls one method:

- ``lmspack validate``: :attr:`WidgetKind.model` checks a widget file's shape (with
  positions), then :meth:`WidgetKind.check` what a schema cannot say, through a
  :class:`CheckContext`. Keep the kind's ``__init__`` and checks light (no numpy, no
  templates): ``lmspack validate`` runs in pre-commit.
- precompute: :meth:`WidgetKind.inputs` (the files the results depend on) and
  :meth:`WidgetKind.compute` (the result document, strict JSON). Import heavy modules
  inside these methods.
- render: :meth:`WidgetKind.fallback`, the HTML shown instead of the interactive widget
  (it must work with JavaScript off); :func:`lmspack.render.fallback.render_template`
  renders a Jinja template from the kind's folder with lmspack's escaping and filters.
"""

from __future__ import annotations

import json
import re
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, ClassVar, Generic, Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lmspack.diagnostics import Diagnostic
from lmspack.errors import ComputeError
from lmspack.model import docstrings
from lmspack.source.csvfile import ColumnRule, CsvSummary
from lmspack.source.files import is_file, read_text

ResultDoc = dict[str, Any]
ModelT = TypeVar("ModelT", bound=BaseModel)
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


docstrings.install()  # the fields' descriptions, read faster (lmspack.model.docstrings)


class ResultPart(BaseModel):
    """A part of a result document: strict JSON types, no key the model does not name."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True,
                              use_attribute_docstrings=True)


class Inputs(ResultPart):
    sha256: str = Field(pattern="^[0-9a-f]{64}$", description=(
        "SHA-256 of every input file and of the lmspack/numpy/scipy versions; a run with "
        "the same digest reuses this file."))


class ResultModel(ResultPart):
    """The envelope precompute writes around every kind's results; a kind's result model
    (:attr:`WidgetKind.result_model`) subclasses it with what its :meth:`WidgetKind.compute`
    returns (``type`` and ``title`` at least)."""

    format: Literal[1] = Field(description="Version of the result document format.")
    source: str = Field(description="Course-relative path of the widget file.")
    inputs: Inputs


class CheckContext(Protocol):
    """What :meth:`WidgetKind.check` gets: where to report, and the course's other files.

    Codes are lmspack's rule codes; kinds use the widget-data family: ``D001`` (a
    referenced file is missing), ``D006`` (a name that refers to nothing), ``D007`` (a
    value that is allowed alone but wrong in context), ``D008`` (a duplicate).
    """

    @property
    def path(self) -> str:
        """The widget file being checked (course-relative)."""

    def report(self, code: str, pointer: str, message: str, hint: str | None = None,
               *, key: bool = False) -> None:
        """One diagnostic at ``pointer`` (its value; its key when ``key``)."""

    def csv(self, pointer: str, path: str, columns: Mapping[str, ColumnRule],
            collect: tuple[str, ...] = ()) -> CsvSummary | None:
        """Check the CSV file at ``path`` (a course-root path, named at ``pointer``) for
        ``columns``; cells problems are reported at their line and column. ``collect``
        names columns whose distinct values the summary returns. None when unreadable."""

    def widget(self, pointer: str, path: str, kind: str, what: str) -> BaseModel | None:
        """Another widget file this one refers to (at ``pointer``), parsed with ``kind``'s
        model; reports it as ``what`` when it is missing or of another kind."""


@dataclass(frozen=True)
class DataFiles:
    """The files a widget may read at build time: course-root paths inside ``widgets/``."""

    root: Path
    resolve_path: Callable[[str], str | None]
    load_widget: Callable[[str], BaseModel]

    def path(self, ref: str) -> Path:
        """The file at course-root path ``ref``; :class:`ComputeError` when it is missing
        or outside ``widgets/`` (``lmspack validate`` reports that first)."""
        rel = self.resolve_path(ref)
        if rel is None or not is_file(self.root / rel):
            raise ComputeError(f"{ref}: missing or outside widgets/ (run lmspack validate)")
        return self.root / rel

    def text(self, ref: str) -> str:
        """The text of the file at course-root path ``ref`` (UTF-8, a BOM dropped)."""
        path = self.path(ref)
        text = read_text(self.root, path.relative_to(self.root).as_posix())
        if isinstance(text, Diagnostic):
            raise ComputeError(f"{text.location}: {text.message}")
        return text

    def widget(self, ref: str) -> BaseModel:
        """Another widget file, parsed with its kind's model."""
        return self.load_widget(ref)


@dataclass(frozen=True)
class WidgetContext:
    """Where a widget sits on its page.

    ``anchor`` is unique on the page and prefixes every ``id`` the widget uses (so two
    widgets never clash); ``level`` is the heading level of the widget's title.
    """

    anchor: str
    level: int = 2
    title: str | None = None
    """Fallback title when the result document has none."""
    language: str = "en"
    """The page's language (a BCP 47 tag from the course or lesson): the fallback's words
    come from its message catalog (:meth:`gettext`, and ``_()`` in the kind's template) and
    its numbers and dates are written its way (``locale=`` of
    :mod:`lmspack.stats.numformat`)."""

    def gettext(self, message: str) -> str:
        """``message`` in the page's language (itself when there is no translation; an
        empty message stays empty: gettext would return the catalog's header)."""
        from lmspack.source.locale import translations

        return translations(self.language).gettext(message) if message else message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The singular or plural form for ``count``, as the language's catalog says."""
        from lmspack.source.locale import translations

        return translations(self.language).ngettext(singular, plural, count)

    @property
    def sub(self) -> int:
        """The heading level below the title (capped at 6)."""
        return min(self.level + 1, 6)

    def id(self, *parts: object) -> str:
        """A page-unique, valid ``id`` built from the anchor and ``parts``."""
        raw = "-".join([self.anchor, *(str(p) for p in parts)])
        return re.sub(r"[^A-Za-z0-9_-]+", "-", raw).strip("-")


class WidgetKind(ABC, Generic[ModelT]):
    """One kind of widget, whose files :attr:`model` (``ModelT``) parses. Subclass it in
    the kind's package ``__init__`` and register the class under the entry-point group
    ``lmspack.widgets`` with the kind's ``name``."""

    name: ClassVar[str]
    """The ``type`` lessons and widget files give (``snake_case``)."""
    model: type[ModelT]
    """The widget file's format; its JSON Schema is published from it."""
    schema_file: ClassVar[str] = "widget.schema.json"
    """The published schema, in the kind's folder (:func:`widget_schema` writes it)."""
    result_model: ClassVar[type[ResultModel] | None] = None
    """The result document's format (what precompute writes: the envelope and what
    :meth:`compute` returns); precompute checks every document against it and its
    ``result.schema.json`` is generated from it. None: the results are not typed (and no
    result schema is published)."""
    result_schema_file: ClassVar[str | None] = "result.schema.json"
    """The schema of the result document, in the kind's folder (:func:`result_schema`
    writes it when the kind has a :attr:`result_model`; None: not published)."""

    def check(self, widget: ModelT, context: CheckContext) -> None:
        """Report what the schema cannot say (files it refers to, cross-field rules).
        ``widget`` is the file as :attr:`model` parsed it (parts that failed the schema
        removed). Runs on every ``lmspack validate``: stay light."""
        del widget, context  # a kind whose schema says everything checks nothing more

    def inputs(self, widget: ModelT, files: DataFiles) -> list[Path]:
        """Every file besides the widget file that the results depend on (a change in any
        of them recomputes the widget)."""
        return []

    def versions(self) -> str:
        """Versions of the libraries :meth:`compute` uses, folded into the inputs digest so
        an upgrade recomputes results (e.g. ``"numpy 2.1.0"``)."""
        return ""

    @abstractmethod
    def compute(self, widget: ModelT, files: DataFiles) -> ResultDoc:
        """The result document the fallback (and the interactive widget) show: strict JSON
        types only. Raise :class:`ComputeError` for inputs that cannot be computed."""

    @abstractmethod
    def fallback(self, result: Mapping[str, Any], context: WidgetContext) -> str:
        """The widget as HTML that needs no script (safe markup: escape what you insert;
        :func:`lmspack.render.fallback.render_template` does)."""

    # --- the kind's folder ------------------------------------------------------------

    @classmethod
    def package(cls) -> str:
        """The Python package that is the kind's folder."""
        return package_of(cls.__module__)

    @classmethod
    def folder(cls) -> Traversable:
        """The kind's folder (templates and schemas live there)."""
        return resources.files(cls.package())

    def schema(self) -> dict[str, Any]:
        """The widget file's JSON Schema, generated from :attr:`model`."""
        schema = self.model.model_json_schema()
        return {"$schema": SCHEMA_DIALECT, **schema,
                "title": f"lmspack widget data: {self.name}"}

    def result_schema(self) -> dict[str, Any] | None:
        """The result document's JSON Schema, generated from :attr:`result_model`."""
        if self.result_model is None:
            return None
        schema = self.result_model.model_json_schema()
        return {"$schema": SCHEMA_DIALECT, **schema, "title": f"lmspack result: {self.name}",
                "description": "Written by lmspack precompute to "
                "dist/precompute/<widget>.json."}

    def read_result(self, document: Mapping[str, Any]) -> ResultModel | None:
        """``document`` (a result document read back) as :attr:`result_model`, or None
        for a kind without one; :class:`ComputeError` when it does not match."""
        if self.result_model is None:
            return None
        try:
            return self.result_model.model_validate(document)
        except ValidationError as exc:
            raise ComputeError(f"the {self.name} result does not match its format: "
                               f"{_first_error(exc)}") from None


def package_of(module: str) -> str:
    """The package holding the (imported) module ``module``: itself when it is one."""
    spec = sys.modules[module].__spec__
    if spec is not None and spec.submodule_search_locations is not None:
        return module
    return module.rpartition(".")[0]


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = "/" + "/".join(str(part) for part in error["loc"])
    more = exc.error_count() - 1
    return f"{where}: {error['msg']}" + (f" (and {more} more)" if more else "")


def result_schema(kind: WidgetKind[Any]) -> str | None:
    """The text of ``kind``'s result schema file, or None when it has no result model
    (``scripts/generate.py`` writes it; a test fails when the committed file differs)."""
    schema = kind.result_schema()
    return None if schema is None else json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def widget_schema(kind: WidgetKind[Any]) -> str:
    """The text of ``kind``'s published schema file (``scripts/generate.py`` writes it into
    the kind's folder; a test fails when the committed file differs)."""
    return json.dumps(kind.schema(), indent=2, ensure_ascii=False) + "\n"
