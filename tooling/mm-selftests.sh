#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The mm selftests listed in tooling/initramfs/sm/mm-selftests.txt, run in
# the test kernel of ARCH (x86_64, arm64) booted twice: sealed, and with
# sealed_mem=off.  usage: mm-selftests.sh ARCH
# Each boot must pass its own checks (no test failed, no splat, the audit
# clean); then every run's kselftest totals (pass, fail, xfail, xpass,
# skip, error), its exit code and the result of each of its test cases must
# be identical in both boots: sealing changes nothing the selftests see.

. "$(dirname "$0")/common.sh"

arch=${1:?usage: mm-selftests.sh ARCH}
# 3 GiB: mremap_test maps 2 GiB regions, which the default overcommit
# policy refuses on a smaller machine.  proc_mem.force_override=always:
# ksm_functional_tests and mkdirty write through /proc/self/mem, as
# distributions' kernels allow (the test kernel's default is ptrace only).
export BOOT_MEM=${BOOT_MEM:-3072}
# A boot runs for about 6 minutes under TCG; leave it room.
export BOOT_TIMEOUT=${BOOT_TIMEOUT:-1800}
# arm64 boots with one CPU (and so one NUMA node): with two, under TCG,
# cow's vmsplice() cases on 64K hugetlb pages, which cow expects to fail,
# pass now and then, with sealed_mem=off as sealed (README: what was
# measured).  No comparison of two boots can carry that race.
[ "$arch" = arm64 ] && export BOOT_SMP=${BOOT_SMP:-1}
# A swap disk: khugepaged's swap-in cases need swap.
export BOOT_DISK=$OUT/mm-selftests-swap-$arch.img
rm -f "$BOOT_DISK"
truncate -s 512M "$BOOT_DISK"
rc=0
for boot in sealed off; do
	args=(proc_mem.force_override=always)
	[ "$boot" = off ] && args+=(sealed_mem=off sm_expect=disabled)
	echo "== $arch, $boot"
	bash "$TOP/tooling/boot.sh" "$arch" mmtests "${args[@]}" |
		tee "$OUT/mmtests-$arch-$boot.txt" || rc=1
done
[ "$rc" = 0 ] || die "a boot failed its checks"

# Totals and exit codes, then case by case: a case is its run, number and
# result (some descriptions carry measured numbers, which may differ).
for boot in sealed off; do
	txt=$OUT/mmtests-$arch-$boot
	sed -n 's/^SM: MMTEST //p' "$txt.txt" > "$txt.counts"
	sed -n 's/^SM: MMCASE //p' "$txt.txt" > "$txt.cases"
	sed -E -e 's/: ok ([0-9]+) # (XFAIL|XPASS|SKIP)( .*)?$/: \2 \1/' \
		-e 's/: not ok ([0-9]+) # error( .*)?$/: ERROR \1/' \
		-e 's/: ok ([0-9]+)( .*)?$/: PASS \1/' \
		-e 's/: not ok ([0-9]+)( .*)?$/: FAIL \1/' \
		"$txt.cases" > "$txt.results"
done
for what in counts results; do
	if ! diff -u "$OUT/mmtests-$arch-sealed.$what" "$OUT/mmtests-$arch-off.$what"; then
		diff "$OUT/mmtests-$arch-sealed.cases" "$OUT/mmtests-$arch-off.cases"
		echo "mm selftests: sealed and sealed_mem=off differ on $arch (above)"
		exit 1
	fi
done
n=$(grep -c . "$OUT/mmtests-$arch-sealed.counts")
cases=$(grep -c . "$OUT/mmtests-$arch-sealed.results")
[ "$n" -gt 0 ] && [ "$cases" -gt 0 ] || die "no mm selftest ran"
echo "mm selftests: $n runs, $cases cases on $arch, each with the same result sealed and with sealed_mem=off"
rm -f "$BOOT_DISK"
