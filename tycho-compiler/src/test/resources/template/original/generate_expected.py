#!/usr/bin/env python3
"""Regenerates the expected output of the original Python Tycho templates for the contexts in contexts.json.

Renders each template of ../../../../../../../shared/conformance/tycho-templates (the shared directory next to
the repository, or the directory given as the first argument) with Python Jinja2 the way Python Tycho does
(a plain jinja2.Template, a global now() returning 2024-01-02 03:04:05), and writes <context>/<template> here.

Usage: python3 generate_expected.py [/path/to/shared/conformance/tycho-templates]
"""
import datetime
import json
import os
import sys

import jinja2

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = ["pod.yaml", "service.yaml", "policy/tycho-default-netpolicy.yaml", "patch.yaml"]


def main():
    templates_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        HERE, "../../../../../../../shared/conformance/tycho-templates")
    with open(os.path.join(HERE, "contexts.json"), encoding="utf-8") as f:
        contexts = json.load(f)
    for context_name, context in contexts.items():
        for name in TEMPLATES:
            with open(os.path.join(templates_dir, name), encoding="utf-8") as f:
                template = jinja2.Template(f.read())
            template.globals["now"] = lambda: datetime.datetime(2024, 1, 2, 3, 4, 5)
            out = os.path.join(HERE, context_name, name)
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with open(out, "w", encoding="utf-8", newline="") as f:
                f.write(template.render(**context))


if __name__ == "__main__":
    main()
