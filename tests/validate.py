#!/usr/bin/env python3
"""Validates JSON files against the declaration schema.
Usage: validate.py SCHEMA FILE...   prints one line per file: "valid FILE" or
"invalid FILE: reason"; exits 1 when any file is invalid."""
import json
import sys

import jsonschema


def main():
    schema = json.load(open(sys.argv[1], encoding='utf-8'))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in sys.argv[2:]:
        try:
            data = json.load(open(path, encoding='utf-8'))
        except ValueError as e:
            print(f'invalid {path}: not JSON: {e}')
            bad += 1
            continue
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
        if errors:
            e = errors[0]
            print(f'invalid {path}: {"/".join(map(str, e.path))}: {e.message}')
            bad += 1
        else:
            print(f'valid {path}')
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
