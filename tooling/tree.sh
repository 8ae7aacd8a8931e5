#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Assemble build/linux: the pristine 7.3 base as the first commit (tag
# "base"), then one commit per entry of patches/series (its edits plus the
# new files it introduces).  The patches carry no author and no sign-off:
# the commits here are the tooling's, and `make series` writes them out
# under the submitter's own identity (see check.sh).  The work tree is
# moved with "git reset --hard", which rewrites only the files whose
# contents changed, so kbuild rebuilds only what an edit touched.  A second run with nothing changed does nothing.

. "$(dirname "$0")/common.sh"

series_file=$TOP/patches/series

make_base() {
	local src=$1 id tmp
	id="$src $(stat -c '%s %Y' "$src")"
	if [ -f "$TREE/.git/sealed-base" ] && [ "$(cat "$TREE/.git/sealed-base")" = "$id" ]; then
		return 0
	fi
	log "creating the base tree from $src"
	tmp=$BUILD/linux.new
	rm -rf "$tmp" && mkdir -p "$tmp"
	if [ -d "$src" ]; then
		rsync -a --exclude=.git "$src"/ "$tmp"/
	else
		tar -xf "$src" -C "$tmp" --strip-components=1
	fi
	[ -f "$tmp/Makefile" ] && grep -q '^PATCHLEVEL = 3$' "$tmp/Makefile" &&
		grep -q '^VERSION = 7$' "$tmp/Makefile" ||
		die "$src is not a Linux 7.3 tree"
	(
		cd "$tmp"
		git init -q
		git config user.name "sealed_mem tooling"
		git config user.email "sealed_mem@localhost"
		git config core.autocrlf false
		git config gc.auto 0
		git add -A -f .
		GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' GIT_COMMITTER_DATE='2026-01-01T00:00:00Z' \
			git commit -q -m "Linux $(make -s kernelversion 2>/dev/null || echo 7.3) (base)"
		git tag base
	)
	echo "$id" > "$tmp/.git/sealed-base"
	rm -rf "$TREE"
	mv "$tmp" "$TREE"
	# Object trees were built from the old base: start them over.
	rm -rf "$OUT"
}

# Entries of patches/series: "<patch> [new file...]", comments with '#'.
series_entries() {
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$series_file"
}

series_hash() {
	{
		cat "$series_file" "$TOP/tooling/tree.sh"
		series_entries | while read -r patch files; do
			cat "$TOP/patches/$patch"
			for f in $files; do echo "$f"; cat "$TOP/$f"; done
		done
	} | sha256sum | cut -d' ' -f1
}

build_series() {
	local parent commit tree idx info msg patch files f n=0
	idx=$(mktemp) info=$(mktemp) msg=$(mktemp) patch=$(mktemp)
	trap 'rm -f "$idx" "$info" "$msg" "$patch"' RETURN
	parent=$(git -C "$TREE" rev-parse base^{commit})
	export GIT_INDEX_FILE=$idx
	git -C "$TREE" read-tree base
	while read -r name files; do
		n=$((n + 1))
		[ -f "$TOP/patches/$name" ] || die "patches/series: no patches/$name"
		git -C "$TREE" mailinfo "$msg" "$patch" < "$TOP/patches/$name" > "$info"
		if [ -s "$patch" ]; then
			git -C "$TREE" apply --cached --whitespace=error-all "$patch" ||
				die "patches/$name does not apply"
		fi
		for f in $files; do
			[ -f "$TOP/$f" ] || die "patches/series: $name introduces $f, which is missing"
			git -C "$TREE" update-index --add --cacheinfo \
				"100644,$(git -C "$TREE" hash-object -w "$TOP/$f"),$f"
		done
		tree=$(git -C "$TREE" write-tree)
		commit=$(
			subject=$(sed -n 's/^Subject: //p' "$info")
			GIT_AUTHOR_DATE="2026-01-01T00:00:$(printf %02d $n)Z" \
			GIT_COMMITTER_DATE="2026-01-01T00:00:$(printf %02d $n)Z" \
			git -C "$TREE" commit-tree "$tree" -p "$parent" \
				-m "$subject" -F "$msg"
		)
		parent=$commit
	done < <(series_entries)
	unset GIT_INDEX_FILE
	echo "$parent"
}

main() {
	ensure_deps
	mkdir -p "$BUILD"
	local src
	src=$(ensure_base)
	[ -e "$src" ] || die "LINUX_SRC=$src does not exist"
	make_base "$src"

	local want have_hash tip
	want=$(series_hash)
	have_hash=$(cat "$TREE/.git/sealed-series" 2>/dev/null || true)
	if [ "$want" = "$have_hash" ] && git -C "$TREE" diff --quiet HEAD; then
		log "tree up to date ($(git -C "$TREE" rev-list --count base..HEAD) patches)"
		return 0
	fi
	if ! git -C "$TREE" diff --quiet HEAD && [ -z "${FORCE:-}" ]; then
		git -C "$TREE" status --short | head -20 >&2
		die "build/linux has local edits; move them into patches/ (see README) or re-run with FORCE=1 to drop them"
	fi
	tip=$(build_series)
	git -C "$TREE" update-ref refs/heads/series "$tip"
	git -C "$TREE" symbolic-ref HEAD refs/heads/series
	git -C "$TREE" reset -q --hard "$tip"
	echo "$want" > "$TREE/.git/sealed-series"
	log "tree at series tip ($(git -C "$TREE" rev-list --count base..HEAD) patches)"
}

main "$@"
