#!/usr/bin/env python3
"""Validates an OpenAPI 3.1 document written by `client-codegen --openapi FILE`.

1. The document against the OpenAPI 3.1 specification, with `openapi-spec-validator`.
2. Every example in it against its schema, as JSON Schema 2020-12 (the dialect of OpenAPI 3.1)
   with `jsonschema`, `$ref`s resolved inside the document, formats checked:
   - a schema's `examples` (a list of values) against that schema;
   - a media type's or parameter's `examples` (a map of Example objects) against its `schema`.

usage: validate.py FILE     exit 0 when all is valid, 1 with every problem listed otherwise
"""

import json
import sys
from urllib.parse import quote

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry
from referencing.jsonschema import DRAFT202012

BASE = "urn:otc-ecs:openapi"
# Values of these keywords are data, never schemas or OpenAPI objects: not searched for examples.
DATA_KEYS = {"examples", "example", "const", "enum", "default"}


def pointer(parts):
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return "/" + "/".join(escaped) if parts else ""


def find_examples(node, parts, found, problems):
    """Collects (where, value, pointer to the schema) for every example below `node`."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            find_examples(item, parts + [i], found, problems)
        return
    if not isinstance(node, dict):
        return
    examples = node.get("examples")
    if isinstance(examples, list):
        for i, value in enumerate(examples):
            found.append((pointer(parts + ["examples", i]), value, pointer(parts)))
    elif isinstance(examples, dict):
        if "schema" not in node:
            problems.append(f"{pointer(parts)}: examples without a schema")
        for name, example in examples.items():
            where = pointer(parts + ["examples", name])
            if not isinstance(example, dict) or "value" not in example:
                problems.append(f"{where}: an example without a value")
                continue
            found.append((where, example["value"], pointer(parts + ["schema"])))
    if "example" in node:
        problems.append(f"{pointer(parts)}: `example` is deprecated in OpenAPI 3.1; use `examples`")
    for key, value in node.items():
        if key not in DATA_KEYS:
            find_examples(value, parts + [key], found, problems)


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        document = json.load(f)
    validate(document)
    print("validate.py: the document is valid OpenAPI", document.get("openapi"))

    registry = Registry().with_resource(BASE, DRAFT202012.create_resource(document))
    found, problems = [], []
    find_examples(document, [], found, problems)
    for where, value, schema_at in found:
        ref = {"$ref": BASE + "#" + quote(schema_at, safe="/~")}
        validator = Draft202012Validator(
            ref, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        for error in validator.iter_errors(value):
            at = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"{where} (at `{at}`): {error.message}")
    if not found:
        problems.append("the document holds no examples at all")
    if problems:
        for p in problems:
            print("validate.py:", p, file=sys.stderr)
        print(f"validate.py: {len(problems)} problem(s) in {len(found)} example(s)", file=sys.stderr)
        return 1
    print(f"validate.py: all {len(found)} examples validate against their schemas")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
