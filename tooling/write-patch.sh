#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Write one commit of build/linux (or of a worktree of it) as a patch in
# the form patches/ keeps: a one-line Subject, the message and the diff,
# without author, date or sign-off (make series adds the submitter's).
# For a new patch, or one whose files other patches also touch, where
# refresh.py cannot help: commit the change on top of the series in a
# worktree, then write it out and list it in patches/series.
#
# usage: tooling/write-patch.sh REPO COMMIT patches/NNNN-name.patch

set -euo pipefail
repo=${1:?usage: write-patch.sh REPO COMMIT OUT}
commit=${2:?usage: write-patch.sh REPO COMMIT OUT}
out=${3:?usage: write-patch.sh REPO COMMIT OUT}

git -C "$repo" format-patch --stdout -1 -N --no-stat --no-signature --zero-commit "$commit" |
	awk '
	!body && /^$/ { body = 1; print subject; print; next }
	body { print; next }
	/^Subject: / { subject = $0; insubject = 1; next }
	insubject && /^ / { subject = subject $0; next }
	{ insubject = 0 }' > "$out.tmp"
mv "$out.tmp" "$out"
