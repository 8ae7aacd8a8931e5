#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Static checks of the series.
#   check.sh series     the build tree's commits as mail apply to the base
#   check.sh checkpatch checkpatch --strict on them (but the sign-off)
#   check.sh export     make series: the series as the submitter's mail
#   check.sh kerneldoc  kernel-doc -Wall on the header and the sources
#   check.sh htmldocs   the kernel's Sphinx build of the books the series
#                       touches: no warning from the series' files
#   check.sh sparse ARCH  sparse (C=2) and W=1 on the new objects
#   check.sh hardening  `make defconfig hardening.config` turns sealed_mem on
#   check.sh allmodconfig  the KUnit suite is never built as a module
#   check.sh hotpath ARCH  nothing outside sealed_mem's own code, boot-time
#                       code, LKDTM, the benchmark and the tests calls into
#                       sealed_mem in the built image (arm64: no DEBUG_VM)
#   check.sh matrix     the series' objects in configurations 0-day tries
#   check.sh bisect     build x86_64 and arm64 (tinyconfig + bisect.config)
#                       at every patch; `make bisect`, not in `make test`

. "$(dirname "$0")/common.sh"

SERIES_DIR=$BUILD/series
CHECK_DIR=$BUILD/check-series

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

# The submitter: the git identity of whoever runs `make series`, the one
# `git format-patch -s` would sign off with.  There is no default: the
# series is never written under a made-up name.
submitter() {
	local name email
	name=$(git -C "$TOP" config user.name || true)
	email=$(git -C "$TOP" config user.email || true)
	if [ -z "$name" ] || [ -z "$email" ]; then
		die "no git identity to write the series under; set yours with
    git config --global user.name  'Your Name'
    git config --global user.email 'your address'
and run make series again.  The patches are then authored and signed off
(Signed-off-by: the Developer's Certificate of Origin of
Documentation/process/submitting-patches.rst) by you, and MAINTAINERS lists
you as the maintainer: read the series before you sign it off."
	fi
	printf '%s <%s>\n' "$name" "$email"
}

# Commit the series again as the submitter's: author and committer are the
# submitter, and the MAINTAINERS entry gains them as its maintainer (M:),
# in every commit from the one that adds the entry on.  Prints the tip.
submitter_commits() {
	local ident=$1 name email parent c msg blob tree idx
	name=${ident% <*} email=${ident##*<} email=${email%>}
	idx=$(mktemp)
	parent=$(git -C "$TREE" rev-parse base^{commit})
	for c in $(git -C "$TREE" rev-list --reverse base..series); do
		GIT_INDEX_FILE=$idx git -C "$TREE" read-tree "$c"
		# ENVIRON, not awk -v, which would expand backslashes.
		blob=$(git -C "$TREE" show "$c:MAINTAINERS" |
			SM_M="M:	$ident" awk '{ print } /^SEALED MEMORY \(SEALED_MEM\)$/ { print ENVIRON["SM_M"] }' |
			git -C "$TREE" hash-object -w --stdin) || die "$c: cannot rewrite MAINTAINERS"
		if git -C "$TREE" show "$c:MAINTAINERS" | grep -q '^SEALED MEMORY (SEALED_MEM)$' &&
		   ! git -C "$TREE" cat-file blob "$blob" | grep -qxF "M:	$ident"; then
			die "$c: no M: line added to MAINTAINERS"
		fi
		GIT_INDEX_FILE=$idx git -C "$TREE" update-index \
			--cacheinfo "100644,$blob,MAINTAINERS"
		tree=$(GIT_INDEX_FILE=$idx git -C "$TREE" write-tree)
		msg=$(git -C "$TREE" log -1 --format=%B "$c")
		parent=$(GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=$email \
			GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$email \
			git -C "$TREE" commit-tree "$tree" -p "$parent" -m "$msg")
	done
	rm -f "$idx"
	echo "$parent"
}

# make series: the series as mail, with a cover letter, into build/series,
# authored and signed off by the submitter; then the checks a maintainer
# would run on it: checkpatch --strict with nothing ignored, git am to a
# pristine base.
export_series() {
	local ident tip name email new=$SERIES_DIR.new
	ident=$(submitter)
	name=${ident% <*} email=${ident##*<} email=${email%>}
	tip=$(submitter_commits "$ident") || exit 1
	git -C "$TREE" update-ref refs/heads/submit "$tip"
	# Written aside and moved into place only once it passed its checks.
	rm -rf "$new"
	git -C "$TREE" -c user.name="$name" -c user.email="$email" \
		format-patch -q --signoff --cover-letter --no-signature \
		--subject-prefix="PATCH" -o "$new" base..submit
	fill_cover_letter "$new"/0000-cover-letter.patch
	checkpatch_dir "$new" || die "checkpatch --strict fails on the series (in $new)"
	am_check "$new" submit
	rm -rf "$SERIES_DIR"
	mv "$new" "$SERIES_DIR"
	ls "$SERIES_DIR"
}

# For the tests: the build tree's commits as mail, as they are (no
# author of their own, no sign-off: those are the submitter's, added by
# make series), into build/check-series.
export_check() {
	rm -rf "$CHECK_DIR"
	git -C "$TREE" format-patch -q --no-signature --subject-prefix="PATCH" \
		-o "$CHECK_DIR" base..series
}

# git am every patch of DIR onto a pristine base; the result must be the
# tree of REF.
am_check() {
	local dir=$1 ref=$2 tmp n=0 p
	tmp=$(mktemp -d)
	git -C "$TREE" worktree add -q --detach "$tmp/wt" base
	for p in $(ls "$dir"/*.patch | grep -v 0000-cover-letter); do
		if ! git -C "$tmp/wt" -c user.name=check -c user.email=check@localhost \
			am -q "$p"; then
			git -C "$TREE" worktree remove --force "$tmp/wt"; rm -rf "$tmp"
			die "$(basename "$p") does not apply with git am"
		fi
		n=$((n + 1))
	done
	if ! git -C "$tmp/wt" diff --quiet HEAD "$(git -C "$TREE" rev-parse "$ref")"; then
		git -C "$TREE" worktree remove --force "$tmp/wt"; rm -rf "$tmp"
		die "the series applied with git am differs from $ref"
	fi
	git -C "$TREE" worktree remove --force "$tmp/wt"; rm -rf "$tmp"
	echo "$n patches apply with git am to a pristine base"
}

check_series() {
	export_check
	am_check "$CHECK_DIR" series
}

# checkpatch --strict on every patch of DIR; extra arguments go to
# checkpatch.
checkpatch_dir() {
	local dir=$1 p bad=0 out n=0
	shift
	for p in $(ls "$dir"/*.patch | grep -v 0000-cover-letter); do
		n=$((n + 1))
		if ! out=$(cd "$TREE" && perl scripts/checkpatch.pl --strict --quiet \
				--show-types "$@" "$p" 2>&1); then
			printf '%s\n%s\n' "$(basename "$p")" "$out"
			bad=1
		fi
	done
	[ $bad -eq 0 ] && echo "checkpatch --strict${*:+ $*}: $n patches clean"
	return $bad
}

# The tests' checkpatch: everything but the sign-off, which only the
# submitter can give (make series checks it too, with nothing ignored).
check_checkpatch() {
	export_check
	checkpatch_dir "$CHECK_DIR" --ignore MISSING_SIGN_OFF
}

check_kerneldoc() {
	local out files
	files=$(new_files | grep -E '\.[ch]$')
	# shellcheck disable=SC2086
	out=$(cd "$TREE" && scripts/kernel-doc -none -Wall $files 2>&1)
	if [ -n "$out" ]; then
		echo "$out"
		return 1
	fi
	echo "kernel-doc -Wall: clean on $(echo $files | wc -w) files"
}

# The kernel's own documentation build, for the books the series touches
# (mm, admin-guide for kernel-parameters and the ABI, filesystems for
# proc.rst): no warning may name a file the series touches, and the
# kernel-doc directives must render every exported function.  Sphinx only
# re-reads changed documents, and only a document it reads warns: the
# series' documents are touched first, so every run reads them again.
# A one-book build warns about references into books it does not build;
# those name files the series does not touch.
check_htmldocs() {
	local dir=$OUT/docs log=$OUT/docs.log touched html fn missing=""
	mkdir -p "$dir"
	touched=$(git -C "$TREE" diff --name-only base..series)
	# shellcheck disable=SC2086
	(cd "$TREE" && touch $(echo "$touched" | grep '^Documentation/'))
	make -s -C "$TREE" O="$dir" SPHINXDIRS="mm admin-guide filesystems" \
		htmldocs > "$log" 2>&1 || { tail -n 30 "$log"; return 1; }
	if ! python3 - "$TREE" "$log" <<'EOF'
import re, subprocess, sys
tree, log = sys.argv[1], sys.argv[2]
# Lines the series adds, per file; a new file counts whole.
added, new = {}, set()
diff = subprocess.run(["git", "-C", tree, "diff", "-U0", "base..series"],
                      capture_output=True, text=True, check=True).stdout
for line in diff.splitlines():
    if line.startswith("+++ b/"):
        path = line[6:]
        added.setdefault(path, set())
    elif line.startswith("--- /dev/null"):
        new.add("?")
    elif line.startswith("@@"):
        m = re.match(r"@@ -\S+ \+(\d+)(?:,(\d+))? @@", line)
        start, n = int(m.group(1)), int(m.group(2) or 1)
        added[path].update(range(start, start + n))
        if "?" in new:
            new.discard("?")
            new.add(path)
bad = 0
prefix = re.escape(tree.rstrip("/") + "/")
for line in open(log, errors="replace"):
    if not re.search(r"WARNING|ERROR|CRITICAL", line):
        continue
    hit = line.startswith("ERROR:")	# kernel-doc: a file it cannot read
    for path, n in re.findall(prefix + r"([^:\s;]+)(?::(\d+))?", line):
        if path in new or (n and int(n) in added.get(path, ())):
            hit = True
    if hit:
        print(line.rstrip())
        bad = 1
sys.exit(bad)
EOF
	then
		return 1
	fi
	html=$dir/Documentation/output
	for fn in $(sed -n 's/^EXPORT_SYMBOL\(_GPL\|_FOR_MODULES\)\?(\([a-z_0-9]*\).*/\2/p' \
			$(new_files | grep '\.c$' | sed "s|^|$TREE/|") | sort -u); do
		grep -q "id=\"c\.$fn\"" "$html/mm/sealed_mem.html" || missing="$missing $fn"
	done
	[ -z "$missing" ] || { echo "not rendered in mm/sealed_mem.html:$missing"; return 1; }
	grep -q 'sealed_mem=' "$html/admin-guide/kernel-parameters.html" ||
		{ echo "kernel-parameters.html has no sealed_mem="; return 1; }
	grep -q 'sealed_mem' "$html/filesystems/proc.html" ||
		{ echo "proc.html does not list sealed_mem"; return 1; }
	echo "htmldocs (mm admin-guide filesystems): no warning names a file of the series; every exported function rendered"
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

# The hardening profile on top of defconfig must enable sealed_mem and
# leave PERSISTENT_HUGE_ZERO_FOLIO as the base config has it: a PMD-sized
# folio kept for good is 512M on 64K pages.  x86_64, and arm64 with 4K,
# 16K and 64K pages (the page size set on defconfig before the profile).
check_hardening() {
	local v arch page dir cfg opt base bad=0 args
	mkdir -p "$OUT"
	for v in x86_64 arm64 arm64-16K arm64-64K; do
		arch=${v%%-*} page=
		[ "$v" != "$arch" ] && page=ARM64_${v#*-}_PAGES
		dir=$OUT/hardening-$v
		args=(-s -C "$TREE" O="$dir" ARCH=$arch)
		[ "$arch" = arm64 ] && args+=(CROSS_COMPILE=aarch64-linux-gnu-)
		{
			make "${args[@]}" defconfig &&
			if [ -n "$page" ]; then
				"$TREE/scripts/config" --file "$dir/.config" --enable "$page" &&
				make "${args[@]}" olddefconfig
			fi &&
			cp "$dir/.config" "$dir/base.config" &&
			make "${args[@]}" hardening.config
		} > "$dir.log" 2>&1 || { cat "$dir.log"; return 1; }
		cfg=$dir/.config
		for opt in SEALED_MEM ARCH_HAS_SEALED_MEM $page; do
			if ! grep -q "^CONFIG_$opt=y" "$cfg"; then
				echo "$v: defconfig + hardening.config: CONFIG_$opt is not y"
				bad=1
			fi
		done
		opt=CONFIG_PERSISTENT_HUGE_ZERO_FOLIO
		base=$(grep "^$opt=\|^# $opt is not set" "$dir/base.config" || echo "$opt: n/a")
		if [ "$(grep "^$opt=\|^# $opt is not set" "$cfg" || echo "$opt: n/a")" != "$base" ]; then
			echo "$v: hardening.config changes $opt: '$base' in defconfig, '$(grep "$opt" "$cfg")' with the profile"
			bad=1
		fi
		[ $bad -eq 0 ] &&
			echo "$v defconfig + hardening.config: sealed_mem on, huge zero folio as defconfig has it ($base)"
	done
	return $bad
}

# allmodconfig turns every tristate into a module.  The KUnit suite uses
# symbols nobody exports (the arch hooks, CPA's no-flush helper, section
# symbols), so as a module it would not link: it must be bool, and is
# then left out of allmodconfig (KUNIT=m), never =m.
check_allmodconfig() {
	local dir=$OUT/allmodconfig-x86_64 v
	mkdir -p "$dir"
	make -s -C "$TREE" O="$dir" ARCH=x86_64 allmodconfig > "$dir.log" 2>&1 ||
		{ cat "$dir.log"; return 1; }
	grep -q '^CONFIG_SEALED_MEM=y' "$dir/.config" ||
		{ echo "allmodconfig: CONFIG_SEALED_MEM is not y"; return 1; }
	v=$(sed -n 's/^CONFIG_SEALED_MEM_KUNIT_TEST=//p' "$dir/.config")
	[ "$v" != m ] || { echo "allmodconfig: CONFIG_SEALED_MEM_KUNIT_TEST=m, which cannot link"; return 1; }
	echo "allmodconfig (x86_64): CONFIG_SEALED_MEM=y, CONFIG_SEALED_MEM_KUNIT_TEST=${v:-n}, never m"
}

# Every patch must build on its own, on x86_64 and arm64: a worktree of
# build/linux (build/bisect) checks out each commit from the base to the
# tip in turn, and a small kernel (tinyconfig + configs/bisect.config) is
# built there after each, incrementally (only what a patch changed is
# rebuilt).  A build must succeed, and no compiler warning may name a file
# the series touches.  The build tree itself is not moved.
check_bisect() {
	local wt=$BUILD/bisect arch out c n failed=0 args log touched
	use_ccache
	if ! git -C "$wt" rev-parse --git-dir >/dev/null 2>&1; then
		rm -rf "$wt"
		git -C "$TREE" worktree prune
		git -C "$TREE" worktree add -q --detach "$wt" base
	fi
	touched=$(git -C "$TREE" diff --name-only base..series | grep -E '\.[ch]$')
	for arch in x86_64 arm64; do
		out=$OUT/bisect-$arch n=0
		args=(ARCH=$arch)
		[ "$arch" = arm64 ] && args+=(CROSS_COMPILE=aarch64-linux-gnu-)
		mkdir -p "$out"
		for c in $(git -C "$TREE" rev-parse base) \
				$(git -C "$TREE" rev-list --reverse base..series); do
			git -C "$wt" checkout -q --detach "$c"
			log=$out/build-$n.log
			if make -s -C "$wt" O="$out" "${args[@]}" tinyconfig >"$log" 2>&1 &&
				(cd "$wt" && scripts/kconfig/merge_config.sh -m -O "$out" \
					"$out/.config" "$TOP/tooling/configs/bisect.config") >>"$log" 2>&1 &&
				make -s -C "$wt" O="$out" "${args[@]}" olddefconfig >>"$log" 2>&1 &&
				make -s -C "$wt" O="$out" "${args[@]}" -j"$JOBS" >>"$log" 2>&1; then
				if grep 'warning:' "$log" | grep -F "$touched"; then
					echo "WARNS  $arch $n $(git -C "$TREE" log -1 --format=%s "$c")"
					failed=1
				else
					echo "builds $arch $n $(git -C "$TREE" log -1 --format=%s "$c")"
				fi
			else
				echo "FAILS  $arch $n $(git -C "$TREE" log -1 --format=%s "$c") (log: $log)"
				tail -n 20 "$log"
				failed=1
			fi
			n=$((n + 1))
		done
		# At the tip, every C file the series touches was compiled.
		for c in $(echo "$touched" | grep '\.c$' | grep -v '^arch/' ;
				echo "$touched" | grep "^arch/$([ "$arch" = x86_64 ] && echo x86 || echo "$arch")/.*\.c$"); do
			[ -f "$out/${c%.c}.o" ] && continue
			echo "NOT BUILT $arch: $c (configs/bisect.config misses its option)"
			failed=1
		done
	done
	[ $failed -eq 0 ] && echo "bisect: every patch builds on x86_64 and arm64, with every C file of the series"
	return $failed
}

# Every function of the image that calls into sealed_mem.  Apart from the
# functions of the series' own files (sealed_mem, the benchmark, the KUnit
# suite), __init code (gone after boot) and LKDTM, only mark_readonly() may
# (inlined into kernel_init()), once at boot: nothing runs on fault,
# mapping, allocation or free paths.
check_hotpath() {
	local arch=$1 vmlinux=$OUT/$1/vmlinux objdump=objdump callers bad
	[ "$arch" = arm64 ] && objdump=aarch64-linux-gnu-objdump
	[ -f "$vmlinux" ] || die "no $vmlinux: build it first (tooling/kunit.sh $arch)"
	callers=$("$objdump" -d --no-show-raw-insn -j .text "$vmlinux" | awk '
		/^[0-9a-f]+ <[^>]+>:$/ { fn = substr($2, 2, length($2) - 3) }
		/\t(bl|b|call|jmp)[ \t]+[0-9a-f]+ <_*(arch_)?sealed_mem_/ { print fn }' |
		sed 's/\.\(constprop\|isra\|part\|cold\)\..*//' | sort -u)
	# (A compiler clone, fn.constprop.0, is fn's own call.)
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

# Builds 0-day would try, kept cheap: each configuration is tinyconfig
# plus configs/bisect.config (which enables every file of the series)
# plus one change, in build/out/matrix-NAME, and only the series' objects
# are compiled (its new files and those its patches touch), with W=1 and
# sparse (C=2): every one must build, and no warning may name a file of
# the series.  Objects that the change turns off are named, and left out.
#   name|ARCH|the change (a line that must be in .config)|objects left out
MATRIX=(
	"x86_64-tiny|x86_64|CONFIG_SEALED_MEM=y|"
	"x86_64-off|x86_64|# CONFIG_SEALED_MEM is not set|mm/sealed_mem/core.o mm/sealed_mem/batch.o mm/sealed_mem/pool.o mm/sealed_mem/report.o mm/sealed_mem/sealed_mem_test.o arch/x86/mm/sealed.o lib/test_sealed_mem.o"
	"x86_64-nothp|x86_64|# CONFIG_TRANSPARENT_HUGEPAGE is not set|mm/huge_memory.o"
	"i386|i386|CONFIG_X86_32=y|mm/numa_memblks.o"
	"arm64-16K|arm64|CONFIG_ARM64_16K_PAGES=y|"
	"arm64-64K|arm64|CONFIG_ARM64_64K_PAGES=y|"
)

check_matrix() {
	local entry name arch change skip out args objs o log bad=0 ours dir n
	use_ccache
	ours=$( (new_files; git -C "$TREE" diff --name-only base..series) |
		grep -E '\.[ch]$' | sort -u)
	for entry in "${MATRIX[@]}"; do
		IFS='|' read -r name arch change skip <<< "$entry"
		out=$OUT/matrix-$name log=$OUT/matrix-$name.log
		args=(ARCH=$arch)
		[ "$arch" = arm64 ] && args+=(CROSS_COMPILE=aarch64-linux-gnu-)
		dir=$arch
		case $arch in x86_64|i386) dir=x86 ;; esac
		objs=$(echo "$ours" | grep '\.c$' |
			awk -v a="arch/$dir/" '!/^arch\// || index($0, a) == 1' |
			sed 's/\.c$/.o/' | grep -vxF -e "${skip// /$'\n'}" -e '')
		mkdir -p "$out"
		echo "$change" | sed 's/^# \(CONFIG_[A-Z0-9_]*\) is not set$/\1=n/' > "$out/change.config"
		if ! { make -s -C "$TREE" O="$out" "${args[@]}" tinyconfig &&
		       (cd "$TREE" && scripts/kconfig/merge_config.sh -m -O "$out" \
				"$out/.config" "$TOP/tooling/configs/bisect.config" \
				"$out/change.config") &&
		       make -s -C "$TREE" O="$out" "${args[@]}" olddefconfig; } > "$log" 2>&1; then
			echo "FAIL $name: could not configure (log: $log)"
			bad=1
			continue
		fi
		if ! grep -qxF "$change" "$out/.config"; then
			echo "FAIL $name: .config lacks '$change' (log: $log)"
			bad=1
			continue
		fi
		# Compile afresh (ccache makes it cheap) so that W=1 speaks.
		for o in $objs; do rm -f "$out/$o"; done
		# shellcheck disable=SC2086
		make -k -C "$TREE" O="$out" "${args[@]}" -j"$JOBS" C=2 W=1 $objs >> "$log" 2>&1 || true
		if grep -E 'warning:|error:' "$log" | grep -F "$ours"; then
			echo "FAIL $name: warnings or errors in the series' files (log: $log)"
			bad=1
		fi
		n=0
		for o in $objs; do
			if [ -f "$out/$o" ]; then
				n=$((n + 1))
			else
				echo "FAIL $name: $o was not built (log: $log)"
				bad=1
			fi
		done
		echo "$name: $n objects of the series, W=1 and C=2${skip:+; left out: $skip}"
	done
	[ $bad -eq 0 ] && echo "matrix: ${#MATRIX[@]} configurations, every object of the series clean"
	return $bad
}

case ${1:-} in
series) check_series ;;
matrix) check_matrix ;;
bisect) check_bisect ;;
hardening) check_hardening ;;
allmodconfig) check_allmodconfig ;;
hotpath) check_hotpath "${2:?arch}" ;;
checkpatch) check_checkpatch ;;
kerneldoc) check_kerneldoc ;;
htmldocs) check_htmldocs ;;
sparse) check_sparse "${2:?arch}" ;;
export) export_series ;;
*) die "usage: check.sh series|checkpatch|kerneldoc|htmldocs|sparse ARCH|hardening|allmodconfig|matrix|bisect|export" ;;
esac
