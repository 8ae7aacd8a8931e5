#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Static checks of the series.
#   check.sh series     export the series and check it applies to the base
#   check.sh checkpatch checkpatch --strict on every exported patch
#   check.sh kerneldoc  kernel-doc -Wall on the header and the sources
#   check.sh rst        docutils on the new documentation, warnings fatal
#   check.sh sparse ARCH  sparse (C=2) and W=1 on the new objects
#   check.sh hardening  `make defconfig hardening.config` turns sealed_mem on
#   check.sh hotpath ARCH  nothing outside sealed_mem's own code, boot-time
#                       code, LKDTM, the benchmark and the tests calls into
#                       sealed_mem in the built image (arm64: no DEBUG_VM)
#   check.sh bisect     build x86_64 (the KUnit config) at every patch; slow,
#                       not part of `make test`

. "$(dirname "$0")/common.sh"

SERIES_DIR=$BUILD/series

new_files() {
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$TOP/patches/series" |
		while read -r _ files; do
			for f in $files; do echo "$f"; done
		done
}

# The cover letter's subject and blurb come from patches/cover-letter.txt:
# its first line is the subject, the rest the blurb.
fill_cover_letter() {
	python3 - "$1" "$TOP/patches/cover-letter.txt" <<'PY'
import sys
mail, text = sys.argv[1], open(sys.argv[2]).read().split("\n", 1)
s = open(mail).read()
for mark, new in (("*** SUBJECT HERE ***", text[0].strip()),
                  ("*** BLURB HERE ***", text[1].strip())):
    if mark not in s:
        sys.exit(f"{mail}: no '{mark}' to fill")
    s = s.replace(mark, new)
open(mail, "w").write(s)
PY
}

# Write the series as mail, with a cover letter, into build/series.
export_series() {
	rm -rf "$SERIES_DIR"
	git -C "$TREE" -c user.name="sealed_mem developers" \
		-c user.email=sealed-mem@lists.example.org \
		format-patch -q --cover-letter --no-signature \
		--subject-prefix="PATCH" -o "$SERIES_DIR" base..HEAD
	fill_cover_letter "$SERIES_DIR"/0000-cover-letter.patch
	ls "$SERIES_DIR"/*.patch | grep -v 0000-cover-letter
}

check_series() {
	local tmp n=0 p
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' RETURN
	export_series > /dev/null
	# git am onto a pristine checkout of the base.
	git -C "$TREE" worktree add -q --detach "$tmp/wt" base
	for p in $(ls "$SERIES_DIR"/*.patch | grep -v 0000-cover-letter); do
		git -C "$tmp/wt" -c user.name=check -c user.email=check@localhost \
			am -q "$p" || { git -C "$TREE" worktree remove --force "$tmp/wt"; die "$(basename "$p") does not apply with git am"; }
		n=$((n + 1))
	done
	if ! git -C "$tmp/wt" diff --quiet HEAD "$(git -C "$TREE" rev-parse HEAD)"; then
		git -C "$TREE" worktree remove --force "$tmp/wt"
		die "the series applied with git am differs from build/linux"
	fi
	git -C "$TREE" worktree remove --force "$tmp/wt"
	echo "$n patches apply with git am to a pristine base"
}

check_checkpatch() {
	local p bad=0 out
	for p in $(export_series); do
		if ! out=$(cd "$TREE" && perl scripts/checkpatch.pl --strict --quiet \
				--show-types "$p" 2>&1); then
			printf '%s\n%s\n' "$(basename "$p")" "$out"
			bad=1
		fi
	done
	[ $bad -eq 0 ] && echo "checkpatch --strict: $(export_series | wc -l) patches clean"
	return $bad
}

check_kerneldoc() {
	local out files
	files=$(new_files | grep -E '\.[ch]$')
	# shellcheck disable=SC2086
	out=$(cd "$TREE" && perl scripts/kernel-doc -none -Wall $files 2>&1)
	if [ -n "$out" ]; then
		echo "$out"
		return 1
	fi
	echo "kernel-doc -Wall: clean on $(echo $files | wc -w) files"
}

check_rst() {
	local files
	files=$(new_files | grep '\.rst$' | sed "s|^|$TREE/|")
	# shellcheck disable=SC2086
	python3 "$TOP/tooling/rstcheck.py" $files
	echo "docutils: clean on $(echo $files | wc -w) files"
}

# Rebuild the new objects with W=1 and sparse in the arch's build dir.
check_sparse() {
	local arch=$1 objs out ours make_args=()
	use_ccache
	[ -f "$OUT/$arch/.config" ] || die "build the $arch kernel first"
	objs=$(new_files | grep '\.c$' | sed 's/\.c$/.o/' | while read -r o; do
		case $o in
		arch/*) case $o in "arch/$( [ "$arch" = x86_64 ] && echo x86 || echo "$arch")/"*) echo "$o" ;; esac ;;
		*) echo "$o" ;;
		esac
	done)
	case $arch in
	x86_64) make_args=(ARCH=x86_64) ;;
	arm64) make_args=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-) ;;
	um) make_args=(ARCH=um) ;;
	esac
	# shellcheck disable=SC2086
	out=$(make -s -C "$TREE" O="$OUT/$arch" "${make_args[@]}" -j"$JOBS" \
		C=2 W=1 $objs 2>&1 | grep -v '^  CHECK\|^  CC' || true)
	# Put the objects back as the normal build makes them.
	# shellcheck disable=SC2086
	make -s -C "$TREE" O="$OUT/$arch" "${make_args[@]}" -j"$JOBS" $objs >/dev/null 2>&1 || true
	# Only our files count: C=2 also checks objects the prepare stage
	# rebuilds (the arm64 vDSO has a known sparse warning of its own).
	ours=$(new_files | grep -E '\.[ch]$' | paste -sd'|')
	if echo "$out" | grep -E "$ours" | grep -qE 'warning|error'; then
		echo "$out" | grep -E "$ours"
		return 1
	fi
	echo "sparse C=2 and W=1 clean ($arch): $(echo $objs)"
}

# The hardening profile on top of defconfig must enable sealed_mem and,
# where THP is on, its huge zero folio client; x86_64 and arm64.
check_hardening() {
	local arch dir cfg want opt bad=0 args
	mkdir -p "$OUT"
	for arch in x86_64 arm64; do
		dir=$OUT/hardening-$arch
		args=(ARCH=$arch)
		[ "$arch" = arm64 ] && args+=(CROSS_COMPILE=aarch64-linux-gnu-)
		make -s -C "$TREE" O="$dir" "${args[@]}" defconfig hardening.config \
			> "$dir.log" 2>&1 || { cat "$dir.log"; return 1; }
		cfg=$dir/.config
		want="CONFIG_SEALED_MEM CONFIG_ARCH_HAS_SEALED_MEM"
		if grep -q '^CONFIG_TRANSPARENT_HUGEPAGE=y' "$cfg"; then
			want="$want CONFIG_PERSISTENT_HUGE_ZERO_FOLIO"
		fi
		for opt in $want; do
			if ! grep -q "^$opt=y" "$cfg"; then
				echo "$arch: defconfig + hardening.config: $opt is not y"
				bad=1
			fi
		done
		[ $bad -eq 0 ] && echo "$arch defconfig + hardening.config: $want all y"
	done
	return $bad
}

# Every patch must build on its own: check out each commit of the series in
# build/linux, build the x86_64 KUnit kernel incrementally, and come back to
# the series tip.
check_bisect() {
	local tip c n=0 failed=0
	use_ccache
	tip=$(git -C "$TREE" rev-parse HEAD)
	git -C "$TREE" diff --quiet HEAD || die "build/linux has local edits"
	for c in $(git -C "$TREE" rev-list --reverse base..HEAD); do
		n=$((n + 1))
		git -C "$TREE" checkout -q "$c"
		if make -s -C "$TREE" O="$OUT/x86_64" ARCH=x86_64 -j"$JOBS" \
			olddefconfig all > "$OUT/bisect-$n.log" 2>&1; then
			echo "builds: $n $(git -C "$TREE" log -1 --format=%s "$c")"
		else
			echo "FAILS:  $n $(git -C "$TREE" log -1 --format=%s "$c") (see $OUT/bisect-$n.log)"
			failed=1
		fi
	done
	git -C "$TREE" checkout -q series
	[ "$(git -C "$TREE" rev-parse HEAD)" = "$tip" ] || die "could not return to the series tip"
	make -s -C "$TREE" O="$OUT/x86_64" ARCH=x86_64 -j"$JOBS" all > /dev/null 2>&1
	return $failed
}

# Every function of the image that calls into sealed_mem.  Apart from the
# functions of the series' own files (sealed_mem, the benchmark, the KUnit
# suite), __init code (gone after boot) and LKDTM, only mark_readonly() may
# (inlined into kernel_init()), once at boot: nothing runs on fault,
# mapping or allocation paths.  Needs an image without
# CONFIG_DEBUG_VM (the arm64 test kernel), where the free-path check
# compiles away.
check_hotpath() {
	local arch=$1 vmlinux=$OUT/$1/vmlinux objdump=objdump callers bad
	[ "$arch" = arm64 ] && objdump=aarch64-linux-gnu-objdump
	[ -f "$vmlinux" ] || die "no $vmlinux: build it first (tooling/kunit.sh $arch)"
	grep -q '^CONFIG_DEBUG_VM=y' "$OUT/$arch/.config" &&
		die "$arch has CONFIG_DEBUG_VM, whose free-path check is meant to call in"
	callers=$("$objdump" -d --no-show-raw-insn -j .text "$vmlinux" | awk '
		/^[0-9a-f]+ <[^>]+>:$/ { fn = substr($2, 2, length($2) - 3) }
		/\t(bl|b|call|jmp)[ \t]+[0-9a-f]+ <_*(arch_)?sealed_mem_/ { print fn }' |
		sort -u)
	# Functions defined in the series' own C files.
	ours=$(new_files | grep '\.c$' | sed "s|^|$TOP/|" | xargs sed -n \
		's/^[A-Za-z].*[ *]\([a-z_0-9]*\)(.*/\1/p' | sort -u)
	bad=$(comm -23 <(echo "$callers") <(echo "$ours") |
		grep -vE '^(lkdtm_.*|kernel_init|mark_readonly)$' || true)
	echo "callers in .text:" $callers
	[ -z "$bad" ] || die "sealed_mem called from: $bad"
	[ -n "$callers" ] || die "no caller found: is $vmlinux built with CONFIG_SEALED_MEM?"
	echo "hotpath: $arch .text calls into sealed_mem only from its own code, the tests, LKDTM, the benchmark and mark_readonly()"
}

case ${1:-} in
series) check_series ;;
bisect) check_bisect ;;
hardening) check_hardening ;;
hotpath) check_hotpath "${2:?arch}" ;;
checkpatch) check_checkpatch ;;
kerneldoc) check_kerneldoc ;;
rst) check_rst ;;
sparse) check_sparse "${2:?arch}" ;;
export) export_series ;;
*) die "usage: check.sh series|checkpatch|kerneldoc|rst|sparse ARCH|hardening|bisect|export" ;;
esac
