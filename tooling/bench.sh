#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark: what sealing costs in large-page splits, TLB flushes and
# time, per-region set_memory_ro() against the sealed_mem batch and the
# sealed pool, next to the physical minimum.  Builds the kernels, boots
# each machine below in QEMU with sm_mode=bench and prints its table.
#
#   x86_64, -cpu max without pdpe1gb (2M direct map), 2 and 4 vCPUs
#   x86_64, -cpu max (1G direct map), 2 vCPUs
#   arm64, rodata=on (page-granular linear map under QEMU), 2 vCPUs
#
# The kernels, build/out/bench-ARCH, are built as a user's would be:
# without the debug options of the test kernels (KASAN, lockdep) and
# without KUnit, whose stub points would add calls to the code timed here.
# BENCH_MACHINES="x86_64-2m-smp2 ..." picks machines.  Sealed memory is
# never freed: the guests get 3 GiB, the 1G one 8 GiB, so that 1G pages of
# the direct map are left whole after the boot and the other runs for the
# pairs1g run (which takes memory inside one, for each mode).

. "$(dirname "$0")/common.sh"

MACHINES=${BENCH_MACHINES:-x86_64-2m-smp2 x86_64-2m-smp4 x86_64-1g-smp2 arm64-smp2}

ensure_deps
"$TOP/tooling/tree.sh"

# The configuration: the defaults of this tree plus tooling/configs/
# bench.config and boot.config (what the guest needs) and the serial
# console, with KUnit off; make only rebuilds what a change touches.
build_kernel() {
	local arch=$1 out=$OUT/bench-$1 log=$BUILD/build-bench-$1.log
	local make=(make -C "$TREE" O="$out" -j"$JOBS") image serial opt
	case $arch in
	x86_64)	make+=(ARCH=x86_64) image=bzImage
		serial="CONFIG_SERIAL_8250=y CONFIG_SERIAL_8250_CONSOLE=y" ;;
	arm64)	make+=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-) image=Image.gz
		serial="CONFIG_SERIAL_AMBA_PL011=y CONFIG_SERIAL_AMBA_PL011_CONSOLE=y" ;;
	esac
	log "building the $arch benchmark kernel (build/out/bench-$arch)"
	mkdir -p "$out"
	{
		grep -h '^CONFIG_' "$TOP/tooling/configs/bench.config" \
			"$TOP/tooling/configs/boot.config"
		[ "$arch" != arm64 ] || sed -n '/^CONFIG_/p' "$TOP/tooling/configs/arm64.config"
		printf '%s\n' $serial "# CONFIG_KUNIT is not set"
	} > "$out/bench.fragment"
	{
		cp "$out/bench.fragment" "$out/.config" &&
		"${make[@]}" olddefconfig &&
		for opt in $(grep '^CONFIG_' "$out/bench.fragment"); do
			grep -qx "$opt" "$out/.config" ||
				{ echo "$opt did not survive olddefconfig"; exit 1; }
		done &&
		! grep -q '^CONFIG_KUNIT=' "$out/.config" &&
		"${make[@]}" "$image"
	} > "$log" 2>&1 || { tail -n 30 "$log"; die "build failed ($log)"; }
}

use_ccache
case " $MACHINES " in *" x86_64-"*) build_kernel x86_64 ;; esac
case " $MACHINES " in *" arm64-"*) build_kernel arm64 ;; esac

for m in $MACHINES; do
	case $m in
	x86_64-2m-smp*) arch=x86_64 out=bench-x86_64 cpu= mem=3072 ;;
	x86_64-1g-smp*) arch=x86_64 out=bench-x86_64 cpu=$MACHINE_1G_CPU mem=$MACHINE_1G_MEM ;;
	arm64-smp*) arch=arm64 out=bench-arm64 cpu= mem=3072 ;;
	*) die "unknown machine $m" ;;
	esac
	echo
	echo "## $m"
	echo
	BOOT_OUT=$out BOOT_SMP=${m##*-smp} BOOT_CPU=$cpu BOOT_MEM=$mem \
		"$TOP/tooling/boot.sh" "$arch" bench "sm_machine=$m" |
		grep -vE '^(BENCH: |SM: DONE|\[ *[0-9]+\.[0-9]+\] )'
done
