"""Generate the published JSON Schema files from the pydantic models.

The models in :mod:`lmspack.model.lesson` are the single source of truth; ``schemas/*.schema.json``
are generated from them with ``python scripts/generate.py`` and shipped inside the wheel
(as ``lmspack/schemas/``). ``tests/unit/test_schemas.py`` fails when a committed file is not
exactly what the models generate.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from lmspack.model.lesson import CourseFile, Lesson
from lmspack.widgets.models import AlertConfigurator, Dashboard, DriftLab

DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: file stem -> (model, what the schema describes)
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "lesson": (Lesson, "lmspack lesson front-matter (the YAML between --- lines)"),
    "course": (CourseFile, "lmspack course file (course.yaml)"),
    "widget-drift-detection-lab": (DriftLab, "lmspack widget data: drift_detection_lab"),
    "widget-model-monitoring-dashboard": (Dashboard,
                                          "lmspack widget data: model_monitoring_dashboard"),
    "widget-alert-configurator": (AlertConfigurator, "lmspack widget data: alert_configurator"),
}


def generate(name: str) -> dict[str, Any]:
    model, title = SCHEMAS[name]
    schema = model.model_json_schema()
    return {"$schema": DIALECT, **schema, "title": title}


def render(name: str) -> str:
    return json.dumps(generate(name), indent=2, ensure_ascii=False) + "\n"


def file_name(name: str) -> str:
    return f"{name}.schema.json"


def schema_dir() -> Path:
    """Where the published schema files are: inside the installed wheel, or the checkout's
    ``schemas/`` folder in a development install."""
    packaged = Path(str(resources.files("lmspack"))) / "schemas"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "schemas"
