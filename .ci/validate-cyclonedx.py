#!/usr/bin/env python3
"""Validate CycloneDX 1.6 JSON documents with cyclonedx-python-lib's strict JSON validator.

Usage: validate-cyclonedx.py FILE...   (exit 1 if any file is invalid)
Needs: pip install 'cyclonedx-python-lib[json-validation]'
"""
import sys

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

validator = JsonStrictValidator(SchemaVersion.V1_6)
failed = False
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        error = validator.validate_str(f.read())
    if error is not None:
        failed = True
        print(f"{path}: INVALID: {str(error).splitlines()[0]}")
    else:
        print(f"{path}: valid CycloneDX 1.6")
sys.exit(1 if failed else 0)
