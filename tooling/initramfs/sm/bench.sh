# SPDX-License-Identifier: GPL-2.0
# Sourced by /init (busybox sh).  The benchmark (CONFIG_TEST_SEALED_MEM):
# one run, every run, their table, their targets; sm_mode=bench prints
# them (bench_report), make test checks them (checks/bench_targets.sh),
# and the offlining checks use bench_one to seal a given 2M.

BENCH=/sys/kernel/debug/test_sealed_mem
ncpu=$(grep -c '^processor' /proc/cpuinfo)

# One run, through the benchmark's selftest driver
# (tools/testing/selftests/mm/test_sealed_mem.sh): "MODE SCENARIO N"
# prepares it, "seal" seals it between two reads of the kernel's own
# counts.  Prints "BENCH: <the benchmark's result> <the deltas>".
bench_one() {
	sh /lib/sm/test_sealed_mem.sh run "$@"
}

# pairs1g (large pages in a 1G leaf, naive and batch only) where the
# linear map has 1G leaves left.
BENCH_RUNS="boot:1 scattered:16 scattered:256 scattered:4096 pairs:4 huge:8 tables:64"
grep -q '^DirectMap1G: *[1-9]' /proc/meminfo && BENCH_RUNS="$BENCH_RUNS pairs1g:4"

# The bare-arch run of the largest scattered layout goes after its naive
# run: under TCG, code runs slower the first time (translation).  Times
# vary from run to run under TCG: $1 bare-arch and batch pairs, taken
# alternately, give the spread.  sm_bench_runs="scenario:N ..." on the
# kernel command line picks other runs.
bench_all() {
	pairs=$(seq "${1:-1}" | sed 's/.*/calibrate batch/' | tr '\n' ' ')
	# For the times of make bench, the boot's deferred work settles first;
	# a first run, not reported, warms the code paths.  The sleep is safe:
	# only make bench takes it, no check depends on it (make test checks
	# counts and does not wait), and "settled" has no event to wait for.
	[ "${sm_mode:-}" != bench ] || sleep 2
	bench_one batch scattered 16 > /dev/null
	for run in ${sm_bench_runs:-$BENCH_RUNS}; do
		modes="naive batch pool"
		[ "$run" = scattered:4096 ] && modes="naive $pairs pool"
		[ "${run%:*}" = pairs1g ] && modes="naive batch"
		for mode in $modes; do
			bench_one "$mode" "${run%:*}" "${run#*:}"
		done
	done
}

# A markdown table of the BENCH lines in $1.  Runs repeated to see the
# spread (bare arch and batch on 4096 scattered pages) are one row each,
# of their medians.  The lower bound of such a batch is its ranges times
# the median per-range cost of the bare arch hook (same layout, no
# registry), plus the batch's own flush; "/ bound" is the median batch
# against it, and the line under the table gives every run's ratio.
# "register us" is the registration before the seal (batch and pool),
# where the registry takes its page references; it is not in "time us".
bench_table() {
	awk '
	function v(k,  i, a) {
		for (i = 2; i <= NF; i++) {
			split($i, a, "=")
			if (a[1] == k) return a[2]
		}
		return "?"
	}
	function us(ns) { return sprintf("%.0f", ns / 1000) }
	function sp(got, min) { return got " (" (min < 0 ? "n/a" : min) ")" }
	# The median of x[k, 1..n[k]].
	function med(x, k,  a, i, j, t, m) {
		m = n[k]
		for (i = 1; i <= m; i++) a[i] = x[k, i] + 0
		for (i = 2; i <= m; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
	}
	BEGIN {
		print "| scenario | mode | regions | ranges | pages | waste B | 2M splits (min) | 1G splits (min) | flushes | flush IPIs | other IPIs | time us | update us | flush us | rest us | register us | / bound |"
		print "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	}
	$1 != "BENCH:" { next }
	# Pass 1: the repeated runs.
	NR == FNR {
		if (v("scenario") != "scattered" || v("n") != 4096) next
		k = v("mode"); i = ++n[k]
		T[k, i] = v("total_ns"); U[k, i] = v("update_ns")
		F[k, i] = v("flush_ns"); P[k, i] = v("update_ns") / v("calls")
		R[k, i] = v("total_ns") - v("update_ns") - v("flush_ns")
		G[k, i] = v("register_ns")
		next
	}
	{
		mode = v("mode"); c = v("cpus") - 1
		rep = v("scenario") == "scattered" && v("n") == 4096 && n[mode] > 1
		if (rep && seen[mode]++) next
		total = v("total_ns"); update = v("update_ns"); flush = v("flush_ns")
		rest = total - update - flush; reg = v("register_ns")
		if (rep) {
			total = med(T, mode); update = med(U, mode)
			flush = med(F, mode); rest = med(R, mode)
			reg = med(G, mode)
		}
		# Every flush, and on x86 every split, interrupts each other CPU.
		want = "-"; other = "-"
		if (v("split_2m") != "-") {
			want = c * (v("flushes") + v("split_2m") + v("split_1g"))
			other = v("ipis") - want
		}
		ratio = "-"
		if (mode == "batch" && rep && n["calibrate"]) {
			u = med(P, "calibrate")
			ratio = sprintf("%.2f", total / (v("ranges") * u + flush))
			line = ""
			for (i = 1; i <= n[mode]; i++)
				line = line sprintf(" %.2f", T[mode, i] / (v("ranges") * u + F[mode, i]))
		}
		label = (mode == "calibrate" ? "bare arch" : mode) (rep ? " (median of " n[mode] ")" : "")
		printf "| %s %s | %s | %d | %d | %d | %d | %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			v("scenario"), v("n"), label,
			v("regions"), v("ranges"), v("pages"), v("pages") * 4096 - v("bytes"),
			sp(v("split_2m"), v("min_2m")), sp(v("split_1g"), v("min_1g")),
			v("flushes"), v("ipis"), other, us(total),
			mode == "naive" ? "-" : us(update),
			mode == "naive" ? "-" : us(flush),
			mode == "naive" ? "-" : us(rest),
			(mode == "naive" || mode == "calibrate") ? "-" : us(reg), ratio
	}
	END {
		if (line != "")
			print "\nbatch / bound, scattered 4096, each run against the median bound:" line
	}' "$1" "$1"
}

# The targets, on counts only: every range read-only; the batch (and the
# pool) splits exactly the physical minimum and flushes once.  Its flush
# IPIs on x86_64 are then cpus - 1 for the flush plus cpus - 1 for each
# split (x86 flushes after splitting a large page), whatever the number of
# regions, where per-region sealing flushes, and interrupts every other
# CPU, once a region.  The function-call line of /proc/interrupts also
# counts remote wakeups (1 to 4 in every window here, even around the bare
# arch hook), and a flush IPI is saved when one is pending (up to 35 in
# 4096 here): a batch must be within 5 of its count, per-region sealing
# at 90% of its own or more.  Those IPI bounds are checked by make bench
# only (bench_check FILE ipis): other activity perturbs them, so make test
# checks what cannot vary, flushes and splits.  64 small tables from the pool cost at most one split
# and waste at most one page.
bench_check() {
	awk -v arch="$(uname -m)" -v ipis="${2:-}" '
	function v(k,  i, a) {
		for (i = 2; i <= NF; i++) {
			split($i, a, "=")
			if (a[1] == k) return a[2]
		}
		return "?"
	}
	function check(ok, what) {
		printf "SM: %s bench %s %s %s: %s\n", ok ? "PASS" : "FAIL",
			v("mode"), v("scenario"), v("n"), what
	}
	$1 != "BENCH:" { next }
	{
		mode = v("mode"); c = v("cpus") - 1
		if (v("err") != 0) { check(0, "error " v("err")); next }
		if (mode == "calibrate") next
		check(v("sealed") == v("ranges"), v("sealed") "/" v("ranges") " ranges read-only")
		want = c * (v("flushes") + v("split_2m") + v("split_1g"))
		if (mode == "naive") {
			check(v("flushes") == v("regions"), v("flushes") " flushes for " v("regions") " regions")
			if (arch == "x86_64" && ipis != "")
				check(v("ipis") >= 0.9 * c * v("flushes"), v("ipis") " IPIs >= 90% of " c " x " v("flushes") " flushes (+ " v("split_2m") "+" v("split_1g") " splits)")
			next
		}
		check(v("flushes") == 1, v("flushes") " flush for " v("regions") " regions")
		if (arch == "x86_64") {
			check(v("split_2m") == v("min_2m") && v("split_1g") == v("min_1g"),
				"splits 2M " v("split_2m") "/" v("min_2m") ", 1G " v("split_1g") "/" v("min_1g") " (measured/minimum)")
			if (ipis != "")
				check(v("ipis") >= want - 5 && v("ipis") <= want + 5,
					v("ipis") " IPIs, " want " = " c " x (1 flush + " v("split_2m") "+" v("split_1g") " splits)")
		}
		if (mode == "pool" && v("scenario") == "tables") {
			waste = v("pages") * 4096 - v("bytes")
			check(v("split_2m") + 0 <= 1 && waste <= 4096,
				v("split_2m") " 2M splits, " waste " bytes wasted for " v("bytes") " bytes")
		}
	}' "$1"
}

# sm_mode=bench: the boot batch, every run with its bare-arch and batch
# pairs (sm_bench_pairs, default 20), the table, and the targets with
# their IPI bounds.
bench_report() {
	echo "----- /proc/sealed_mem (the boot batch, the pool in it) -----"
	cat /proc/sealed_mem
	[ -e "$BENCH" ] || { say "FAIL no $BENCH: CONFIG_TEST_SEALED_MEM=y"; say DONE; reboot -f; }
	echo "----- benchmark: $ncpu cpus, $(uname -m), $(grep -m1 -E '^(model name|CPU part)' /proc/cpuinfo | sed 's/.*: //') -----"
	grep -E '^DirectMap' /proc/meminfo
	bench_all "${sm_bench_pairs:-20}" | tee /tmp/bench.out
	grep -E '^DirectMap' /proc/meminfo
	bench_table /tmp/bench.out
	bench_check /tmp/bench.out ipis
}
