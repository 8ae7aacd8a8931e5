#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark: what sealing costs in large-page splits, TLB flushes and
# time, per-region set_memory_ro() against the sealed_mem batch and the
# sealed pool, next to the physical minimum.  Builds the kernels, boots
# each machine below in QEMU with sm_mode=bench and prints its table.
#
#   x86_64, default CPU (2M direct map), 2 and 4 vCPUs
#   x86_64, -cpu max (1G direct map), 2 vCPUs
#   arm64, rodata=full (page-granular linear map), 2 vCPUs
#
# The x86_64 kernel is built without the debug options of the test kernel
# (KASAN, lockdep), in build/out/bench-x86_64; the arm64 test kernel has
# none and serves as is.  BENCH_MACHINES="x86_64-2m-smp2 ..." picks
# machines.  Sealed memory is never freed: the guests get 3 GiB, the 1G one
# 5 GiB, 2 of them above 4 GiB: ZONE_NORMAL, where the kernel allocates
# first, mapped with 1G pages.

. "$(dirname "$0")/common.sh"

MACHINES=${BENCH_MACHINES:-x86_64-2m-smp2 x86_64-2m-smp4 x86_64-1g-smp2 arm64-smp2}

ensure_deps
"$TOP/tooling/tree.sh"

build() {
	local what=$1 log=$BUILD/build-$1.log
	shift
	log "building the $what kernel (build/out/$what)"
	"$@" > "$log" 2>&1 || { tail -n 30 "$log"; die "build failed ($log)"; }
}

case " $MACHINES " in *" x86_64-"*)
	build bench-x86_64 "$TOP/tooling/kunit.sh" x86_64 --build-only --bench ;;
esac
case " $MACHINES " in *" arm64-"*)
	build arm64 "$TOP/tooling/kunit.sh" arm64 --build-only ;;
esac

for m in $MACHINES; do
	case $m in
	x86_64-2m-smp*) arch=x86_64 out=bench-x86_64 cpu= mem=3072 ;;
	x86_64-1g-smp*) arch=x86_64 out=bench-x86_64 cpu=max mem=5120 ;;
	arm64-smp*) arch=arm64 out=arm64 cpu= mem=3072 ;;
	*) die "unknown machine $m" ;;
	esac
	echo
	echo "## $m"
	echo
	BOOT_OUT=$out BOOT_SMP=${m##*-smp} BOOT_CPU=$cpu BOOT_MEM=$mem \
		"$TOP/tooling/boot.sh" "$arch" bench "sm_machine=$m" |
		grep -vE '^(BENCH: |SM: DONE|\[ *[0-9]+\.[0-9]+\] )'
done
