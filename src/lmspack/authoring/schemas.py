"""``lmspack schema [DIR]``: the JSON Schemas editors use to check files while authors type.

Writes the published schemas (lesson front-matter, course file, one per installed widget
kind, plug-ins included) and ``widget.schema.json``, which accepts any of those kinds and
picks the right one by its ``type`` (so one editor setting covers every file in
``widgets/``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_origin

from lmspack.authoring.kinds import InstalledKind, widget_kinds

if TYPE_CHECKING:
    from pydantic import BaseModel

ANY_WIDGET = "widget"


def any_widget_schema(kinds: Sequence[InstalledKind]) -> dict[str, Any]:
    """One schema for every kind in ``kinds``, chosen by the file's ``type``: a
    discriminated union when every model declares ``type`` as a ``Literal`` (as lmspack's
    own do), else a plain union (a plug-in whose model does not)."""
    from pydantic import Field, TypeAdapter

    from lmspack.model.schemas import DIALECT

    title = "lmspack widget data: any kind, chosen by its type"
    models = tuple(kind.model for kind in kinds)
    if not models:
        return {"$schema": DIALECT, "title": title, "not": {},
                "description": "No widget kind is installed."}
    if len(models) == 1:
        schema = models[0].model_json_schema()
    else:
        union: Any = Union[models]  # noqa: UP007
        if all(_literal_type(model) for model in models):
            union = Annotated[union, Field(discriminator="type")]
        schema = TypeAdapter(union).json_schema()
    return {"$schema": DIALECT, **schema, "title": title}


def _literal_type(model: type[BaseModel]) -> bool:
    field = model.model_fields.get("type")
    return field is not None and get_origin(field.annotation) is Literal


def schema_files(kinds: Sequence[InstalledKind] | None = None) -> dict[str, str]:
    """File name -> text of every schema ``lmspack schema`` writes, in a stable order: the
    lesson (its widget ``type`` lists the kinds), the course file, each kind's widget file
    and the any-kind ``widget.schema.json``. ``kinds`` defaults to every installed kind."""
    from lmspack.model.schemas import SCHEMAS, file_name, render
    from lmspack.widgets import widget_schema

    kinds = widget_kinds() if kinds is None else kinds
    names = [kind.name for kind in kinds]
    files = {file_name(name): render(name, names) for name in SCHEMAS}
    files.update((kind.schema_file, widget_schema(kind.kind)) for kind in kinds)
    files[file_name(ANY_WIDGET)] = json.dumps(any_widget_schema(kinds), indent=2,
                                              ensure_ascii=False) + "\n"
    return files


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every schema into ``out_dir`` (created if needed); returns the paths written.
    Files that already hold the same text are left alone (their dates do not change)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_files().items():
        path = out_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def vscode_settings(schema_dir: str) -> str:
    """``.vscode/settings.json`` content that points VS Code at the schemas in
    ``schema_dir`` (a path relative to the course root, e.g. ``schemas``)."""
    base = "./" + schema_dir.strip("/").removeprefix("./")
    settings = {
        "yaml.schemas": {f"{base}/course.schema.json": "course.yaml"},
        "json.schemas": [{"fileMatch": ["/widgets/*.json", "/widgets/**/*.json"],
                          "url": f"{base}/widget.schema.json"}],
    }
    return json.dumps(settings, indent=2) + "\n"


def schema_folder(folder: Path | None, root: Path | None, cwd: Path) -> Path:
    """Where ``lmspack schema`` writes: ``folder``, else ``schemas/`` in the course root
    named or found around ``cwd``, else in ``cwd`` (outside a course)."""
    from lmspack.errors import CourseNotFound
    from lmspack.source.files import course_root

    if folder is not None:
        return folder
    try:
        return course_root(root, cwd) / "schemas"
    except CourseNotFound:
        return cwd / "schemas"
