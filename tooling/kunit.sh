#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the kernel for one arch (x86_64, arm64, um) in build/out/<arch> with
# kunit.py and run the sealed_mem KUnit suite in it.  The same x86_64 and
# arm64 images are booted again by the boot tests.
#
# usage: kunit.sh ARCH [--build-only] [kunit.py args...]
#   ARCH: x86_64, x86_64-1g (the x86_64 kernel on the machine with 1G
#   direct-map pages), arm64, um

. "$(dirname "$0")/common.sh"

arch=${1:?usage: kunit.sh ARCH}
shift
# x86_64-1g: the x86_64 kernel, run on the machine with 1G pages.
machine=$arch
[ "$arch" = x86_64-1g ] && arch=x86_64
mode=run
if [ "${1:-}" = --build-only ]; then
	mode=build
	shift
fi
out=$OUT/$arch config=$TOP/tooling/configs/$arch.config

use_ccache
use_tcg
# panic_on_warn: no case may WARN (a CI that runs with it must pass);
# panic=-1: a crash ends the run at once instead of at the timeout;
# movablecore: a ZONE_MOVABLE, whose memory must be refused.
args=(--arch="$arch" --build_dir="$out" --jobs="$JOBS"
      --kunitconfig="$TOP/tooling/configs/kunit.config"
      --kunitconfig="$config")
run_args=(--kernel_args=panic_on_warn=1 --kernel_args=panic=-1
	  --kernel_args=movablecore=$MOVABLECORE)
case $arch in
x86_64)
	args+=(--kunitconfig="$TOP/tooling/configs/boot.config")
	args+=(--qemu_args="-smp 2")
	if [ "$machine" = x86_64-1g ]; then
		args+=(--qemu_args="-cpu $MACHINE_1G_CPU -m $MACHINE_1G_MEM")
	else
		args+=(--qemu_args="-cpu $MACHINE_2M_CPU")
	fi ;;
arm64)
	args+=(--kunitconfig="$TOP/tooling/configs/boot.config")
	args+=(--cross_compile=aarch64-linux-gnu- --qemu_args="-smp 2") ;;
um) ;;
*) die "unknown arch $arch" ;;
esac

mkdir -p "$out"
cd "$TREE"
if [ "$mode" = build ]; then
	exec python3 tools/testing/kunit/kunit.py build "${args[@]}" "$@"
fi
exec python3 tools/testing/kunit/kunit.py run --timeout=600 "${args[@]}" "${run_args[@]}" "$@"
