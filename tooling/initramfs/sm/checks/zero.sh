# SPDX-License-Identifier: GPL-2.0
# Sourced by /init (busybox sh).  The zero page and the huge zero folio
# seen from user space (zerocheck) before and after the writes: with MTE
# where the machine has it, and the huge zero folio where it was.

zerocheck_before() {
	zerocheck before-writes | tee /tmp/zc.before
}

test_zero_mte() {
	# arm64 booted with MTE: both checked in PROT_MTE mappings, not skipped.
	if [ -n "${sm_expect_mte:-}" ]; then
		for c in "MTE zero page" "MTE huge zero folio"; do
			grep -q "^SM: PASS before-writes: $c:" /tmp/zc.before ||
				say "FAIL $c: the machine has MTE, zerocheck did not pass it"
		done
	fi
}

zerocheck_after() {
	# Every user of the zero page and the huge zero folio still reads zeros.
	zerocheck after-writes | tee /tmp/zc.after
}

hz() { grep -o 'huge zero folio reads zeros (pfn [0-9a-fx]*' "$1"; }
# The huge zero folio at the same pfn in /tmp/zc.before and /tmp/zc.after,
# across $1 (what happened in between).
test_huge_zero_not_moved() {
	if [ -n "$(hz /tmp/zc.before)" ] &&
	   [ "$(hz /tmp/zc.before)" = "$(hz /tmp/zc.after)" ]; then
		say "PASS huge zero folio not moved by ${1:-compaction}: $(hz /tmp/zc.after | sed 's/.*(//')"
	else
		say "FAIL huge zero folio moved by ${1:-compaction}: $(hz /tmp/zc.before) / $(hz /tmp/zc.after)"
	fi
}
