#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Refresh the diff of some files in one patch of the series from build/linux.

usage: tooling/refresh.py PATCH FILE...

For each FILE, the diff block of PATCH is replaced by `git diff base -- FILE`
taken in build/linux (edits included), or added if PATCH had none.  That is
only right when no other patch of the series touches FILE: the script checks
and refuses otherwise.  Then run `make tree FORCE=1`.
"""

import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TREE = os.path.join(TOP, "build", "linux")


def blocks(text):
    """Split a patch into its header and {path: diff block}, in order."""
    parts = re.split(r"(?m)^(?=diff --git )", text)
    head, files = parts[0], {}
    for part in parts[1:]:
        path = part.split("\n", 1)[0].split(" b/", 1)[1]
        files[path] = part
    return head, files


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    patch = os.path.join(TOP, "patches", os.path.basename(argv[1]))
    wanted = argv[2:]
    with open(os.path.join(TOP, "patches", "series")) as f:
        series = [l.split()[0] for l in f if l.strip() and not l.startswith("#")]
    for other in series:
        if os.path.basename(patch) == other:
            continue
        with open(os.path.join(TOP, "patches", other)) as f:
            touched = blocks(f.read())[1]
        clash = [w for w in wanted if w in touched]
        if clash:
            sys.exit(f"{other} also touches {' '.join(clash)}: edit by hand")
    with open(patch) as f:
        head, files = blocks(f.read())
    for path in wanted:
        diff = subprocess.run(["git", "-C", TREE, "diff", "base", "--", path],
                              check=True, capture_output=True,
                              text=True).stdout
        if not diff:
            files.pop(path, None)
        else:
            files[path] = diff
    with open(patch, "w") as f:
        f.write(head + "".join(files[p] for p in sorted(files)))


if __name__ == "__main__":
    main(sys.argv)
