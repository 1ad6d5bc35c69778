"""Generate the published JSON Schema files of the lesson front-matter and the course file.

The models in :mod:`lmspack.model.lesson` are the single source of truth;
``schemas/*.schema.json`` are generated from them with ``python scripts/generate.py`` and
shipped inside the wheel (as ``lmspack/schemas/``). ``tests/unit/test_schemas.py`` fails
when a committed file is not exactly what the models generate. Each widget kind publishes
the schema of its own files in its folder (:func:`lmspack.widgets.widget_schema`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from lmspack.model.lesson import CourseFile, Lesson

DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: file stem -> (model, what the schema describes)
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "lesson": (Lesson, "lmspack lesson front-matter (the YAML between --- lines)"),
    "course": (CourseFile, "lmspack course file (course.yaml)"),
}


def generate(name: str, widget_types: Sequence[str] = ()) -> dict[str, Any]:
    """The schema ``name``; for the lesson, ``widget_types`` (the installed widget kinds'
    names) become the choices of a widget's ``type``, so editors can offer them."""
    model, title = SCHEMAS[name]
    schema = model.model_json_schema()
    if name == "lesson" and widget_types:
        field = schema["$defs"]["Widget"]["properties"]["type"]
        schema["$defs"]["Widget"]["properties"]["type"] = {
            "description": field["description"], "enum": list(widget_types),
            "title": field["title"], "type": "string"}
    return {"$schema": DIALECT, **schema, "title": title}


def render(name: str, widget_types: Sequence[str] = ()) -> str:
    return json.dumps(generate(name, widget_types), indent=2, ensure_ascii=False) + "\n"


def file_name(name: str) -> str:
    return f"{name}.schema.json"


def schema_dir() -> Path:
    """Where the published schema files are: inside the installed wheel, or the checkout's
    ``schemas/`` folder in a development install."""
    packaged = Path(str(resources.files("lmspack"))) / "schemas"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "schemas"
