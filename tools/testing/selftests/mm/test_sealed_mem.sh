#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Drives the sealed_mem benchmark, lib/test_sealed_mem.c
# (CONFIG_TEST_SEALED_MEM), through /sys/kernel/debug/test_sealed_mem.
#
#   test_sealed_mem.sh                        a short run of every mode
#   test_sealed_mem.sh run MODE SCENARIO N    one run, printed as a BENCH: line
#
# MODE is naive, batch, pool or calibrate; SCENARIO and N are described at
# the top of lib/test_sealed_mem.c.  Around each run's "seal" it reads the
# kernel's own counts: direct-map splits from /proc/vmstat (x86) and
# function-call and TLB IPIs from /proc/interrupts.
#
# Every run seals fresh memory for good: run it on a machine built to
# measure, not on one you keep.  Plain POSIX sh and awk (busybox will do).

ksft_skip=4
F=/sys/kernel/debug/test_sealed_mem

if [ ! -w "$F" ]; then
	mount -t debugfs none /sys/kernel/debug 2>/dev/null
	if [ ! -w "$F" ]; then
		echo "SKIP: no $F (CONFIG_TEST_SEALED_MEM=y and root needed)"
		exit $ksft_skip
	fi
fi

# One run: "MODE SCENARIO N" prepares it, "seal" seals it between two reads
# of the counts, all inside one awk process so that nothing else of ours
# runs in the window.
run_one() {
	awk -v cmd="$*" -v f="$F" \
	    -v n="$(grep -c '^processor' /proc/cpuinfo)" '
	function counts(  line, a, i, k) {
		S2 = "-"; S3 = "-"; CAL = 0; TLB = 0
		while ((getline line < "/proc/vmstat") > 0) {
			split(line, a, " ")
			if (a[1] == "direct_map_level2_splits") S2 = a[2]
			if (a[1] == "direct_map_level3_splits") S3 = a[2]
		}
		close("/proc/vmstat")
		while ((getline line < "/proc/interrupts") > 0) {
			k = split(line, a, " ")
			if (a[1] == "CAL:" || a[1] == "IPI1:")
				for (i = 2; i <= n + 1 && i <= k; i++) {
					CAL += a[i]; PER[i - 2] = a[i]
				}
			if (a[1] == "TLB:")
				for (i = 2; i <= n + 1 && i <= k; i++) TLB += a[i]
		}
		close("/proc/interrupts")
	}
	function d(x, y) { return x == "-" ? "-" : y - x }
	BEGIN {
		print cmd > f
		close(f)
		counts(); b2 = S2; b3 = S3; bcal = CAL; btlb = TLB
		for (i = 0; i < n; i++) BPER[i] = PER[i]
		print "seal" > f
		close(f)
		counts()
		res = ""
		getline res < f
		close(f)
		per = PER[0] - BPER[0]
		for (i = 1; i < n; i++) per = per "/" (PER[i] - BPER[i])
		printf "BENCH: %s cpus=%d split_2m=%s split_1g=%s",
			res, n, d(b2, S2), d(b3, S3)
		printf " ipis=%d ipis_per_cpu=%s tlb_ipis=%d\n",
			CAL - bcal, per, TLB - btlb
	}'
}

# The value of key $1 in a BENCH: line on stdin.
field() {
	sed -n "s/.* $1=\([^ ]*\).*/\1/p"
}

if [ "$1" = run ]; then
	shift
	run_one "$@"
	exit
fi

# Without arguments: each mode seals 16 scattered pages.  Every run must
# succeed, leave every coalesced range read-only, and flush once (naive:
# once per region).
rc=0
for mode in naive batch pool calibrate; do
	line=$(run_one "$mode" scattered 16)
	echo "$line"
	err=$(echo "$line" | field err)
	ranges=$(echo "$line" | field ranges)
	sealed=$(echo "$line" | field sealed)
	flushes=$(echo "$line" | field flushes)
	want=1
	[ "$mode" = naive ] && want=$(echo "$line" | field regions)
	if [ "$err" != 0 ] || [ -z "$ranges" ] || [ "$sealed" != "$ranges" ] ||
	   [ "$flushes" != "$want" ]; then
		echo "FAIL: $mode: err=$err, $sealed of $ranges ranges read-only," \
		     "$flushes flushes (want $want)"
		rc=1
	else
		echo "PASS: $mode: $sealed ranges read-only, $flushes flushes"
	fi
done
exit $rc
