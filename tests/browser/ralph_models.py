"""Run by ralph's own interpreter (.venv-ralph/bin/python), not by pytest: validate xAPI
statements with ralph-malph's plain xAPI statement model, ``BaseXapiStatement`` (ralph's
CLI would pick a narrower profile model for some verbs; the plain model is what every
statement must pass). Reads a JSON list of statements on standard input and prints a JSON
list with one list of error messages per statement (empty: valid).
"""

from __future__ import annotations

import json
import sys

from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement


def main() -> None:
    results = []
    for statement in json.load(sys.stdin):
        try:
            BaseXapiStatement.model_validate(statement)
        except ValidationError as error:
            results.append([f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()])
        else:
            results.append([])
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
