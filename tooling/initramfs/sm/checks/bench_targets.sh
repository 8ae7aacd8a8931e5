# SPDX-License-Identifier: GPL-2.0
# Sourced by /init (busybox sh).  The split and flush targets of the
# benchmark (bench.sh), on counts only, as make test checks them.

test_bench_targets() {
	# No console output in the windows: it only slows them down.
	dmesg -n 1
	bench_all > /tmp/bench.out
	dmesg -n 7
	bench_check /tmp/bench.out
	# On a CPU with 1G pages the 1G split target must be checked.
	if [ -n "${sm_expect_1g:-}" ] &&
	   ! grep -q '^BENCH: mode=batch scenario=pairs1g ' /tmp/bench.out; then
		say "FAIL bench pairs1g did not run: no 1G page left in the direct map ($(grep DirectMap1G /proc/meminfo))"
	fi
	bench_table /tmp/bench.out | sed 's/^/  /'
}
