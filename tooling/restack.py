#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Rewrite the diffs of one file that several patches of the series touch.

usage: tooling/restack.py FILE VERSIONS_DIR

VERSIONS_DIR holds, for each patch that should touch FILE, a file named
after the patch (e.g. VERSIONS_DIR/0001-mm-add-sealed_mem.patch) with the
content of FILE after that patch.  Each such patch gets, as its diff block
for FILE, the diff from the content after the previous one (the base's,
from build/linux's tag "base", for the first); every other patch of the
series loses its block for FILE.  Then run `make tree FORCE=1`.
"""

import os
import subprocess
import sys
import tempfile

# The series' layout and the patch splitting are refresh.py's.
from refresh import TOP, TREE, blocks


def diff(path, old, new):
    """A git-style diff of FILE from old to new content, or ''."""
    with tempfile.TemporaryDirectory() as tmp:
        a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
        for name, text in ((a, old), (b, new)):
            with open(name, "w") as f:
                f.write(text)
        out = subprocess.run(["git", "diff", "--no-index", "--no-color",
                              "--abbrev=7", a, b],
                             capture_output=True, text=True).stdout
    if not out:
        return ""
    out = out.replace(a, "/a", 1).replace(b, "/b", 1)
    lines = out.split("\n")
    lines[0] = f"diff --git a/{path} b/{path}"
    lines = [f"--- a/{path}" if l.startswith("--- ") else
             f"+++ b/{path}" if l.startswith("+++ ") else l
             for l in lines[:4]] + lines[4:]
    return "\n".join(lines)


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    path, vdir = argv[1], argv[2]
    with open(os.path.join(TOP, "patches", "series")) as f:
        series = [l.split()[0] for l in f
                  if l.strip() and not l.startswith("#")]
    prev = subprocess.run(["git", "-C", TREE, "show", f"base:{path}"],
                          check=True, capture_output=True, text=True).stdout
    for name in series:
        patch = os.path.join(TOP, "patches", name)
        with open(patch) as f:
            head, files = blocks(f.read())
        version = os.path.join(vdir, name)
        if os.path.exists(version):
            with open(version) as f:
                new = f.read()
            block = diff(path, prev, new)
            if block:
                files[path] = block
            else:
                files.pop(path, None)
            prev = new
        else:
            files.pop(path, None)
        with open(patch, "w") as f:
            f.write(head + "".join(files[p] for p in sorted(files)))


if __name__ == "__main__":
    main(sys.argv)
