#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check reStructuredText with docutils, failing on any warning.

Sphinx-only directives of the kernel documentation (kernel-doc, toctree)
are accepted without being expanded; kernel-doc itself is checked
separately with scripts/kernel-doc.
"""
import sys

import docutils.core
from docutils.parsers.rst import Directive, directives


class Accept(Directive):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {"export": directives.unchanged,
                   "internal": directives.unchanged,
                   "functions": directives.unchanged,
                   "identifiers": directives.unchanged,
                   "maxdepth": directives.unchanged,
                   "doc": directives.unchanged}

    def run(self):
        return []


for name in ("kernel-doc", "toctree"):
    directives.register_directive(name, Accept)

bad = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        src = f.read()
    try:
        docutils.core.publish_doctree(
            src, source_path=path,
            settings_overrides={"report_level": 2, "halt_level": 2,
                                "warning_stream": sys.stderr})
    except Exception as e:  # docutils raises SystemMessage on halt
        print(f"{path}: {e}", file=sys.stderr)
        bad += 1
sys.exit(1 if bad else 0)
