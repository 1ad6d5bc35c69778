"""``lmspack schema [DIR]``: the JSON Schemas editors use to check files while authors type.

Writes the published schemas (lesson front-matter, course file, one per widget kind) and
``widget.schema.json``, which accepts any widget kind and picks the right one by its
``type`` (so one editor setting covers every file in ``widgets/``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Union

from lmspack.authoring.kinds import widget_kinds

ANY_WIDGET = "widget"


def any_widget_schema() -> dict[str, Any]:
    """One schema for every widget kind, dispatched on ``type`` (a discriminated union)."""
    from pydantic import Field, TypeAdapter

    from lmspack.schemas import DIALECT

    models = tuple(kind.model for kind in widget_kinds())
    union = Annotated[Union[models], Field(discriminator="type")]  # type: ignore[valid-type]  # noqa: UP007
    schema = TypeAdapter(union).json_schema()
    return {"$schema": DIALECT, **schema,
            "title": "lmspack widget data: any kind, chosen by its type"}


def schema_files() -> dict[str, str]:
    """File name -> text of every schema ``lmspack schema`` writes, in a stable order."""
    from lmspack.schemas import SCHEMAS, file_name, render

    files = {file_name(name): render(name) for name in SCHEMAS}
    files[file_name(ANY_WIDGET)] = json.dumps(any_widget_schema(), indent=2,
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
