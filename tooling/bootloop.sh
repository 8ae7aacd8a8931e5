#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the same x86_64 kernel configuration, with the series and without
# it (the pristine base), N times each on the same QEMU CPU, and count the
# boots that do not reach user space.  It answers whether an early-boot
# crash is the series' or the machine's: the benchmark configuration
# (tooling/configs/bench.config, no debug options) with CONFIG_JUMP_LABEL
# on, on -cpu max, where one boot in three of an earlier version of the
# series once "died of an unhandled int3 while patching code".
#
# usage: bootloop.sh [N]   (default 30; BOOTLOOP_CPU, BOOTLOOP_MEM, and
# BOOTLOOP_ACCEL: tcg, QEMU's multi-threaded default, or tcg,thread=single)
# It runs /usr/bin's QEMU itself, not the tooling's wrapper (common.sh).
# Kernels in build/out/bootloop-{series,base}, logs in build/logs/bootloop/.

. "$(dirname "$0")/common.sh"

n=${1:-30}
cpu=${BOOTLOOP_CPU:-max}
mem=${BOOTLOOP_MEM:-3072}
accel=${BOOTLOOP_ACCEL:-tcg}
logs=$BUILD/logs/bootloop
wt=$BUILD/bootloop-base

ensure_deps
"$TOP/tooling/tree.sh"
use_ccache
mkdir -p "$logs"

# The base at the same place as the series' tree, so that both builds see
# the same paths.
if ! git -C "$wt" rev-parse --git-dir >/dev/null 2>&1; then
	rm -rf "$wt"
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$wt" base
fi
git -C "$wt" checkout -q --detach base

build() {
	local src=$1 out=$OUT/bootloop-$2 frag
	mkdir -p "$out"
	frag=$out/bootloop.fragment
	{
		grep -h '^CONFIG_' "$TOP/tooling/configs/boot.config" \
			"$TOP/tooling/configs/bench.config"
		printf '%s\n' CONFIG_SERIAL_8250=y CONFIG_SERIAL_8250_CONSOLE=y \
			CONFIG_JUMP_LABEL=y "# CONFIG_KUNIT is not set"
	} | grep -v 'SEALED_MEM\|LKDTM' > "$frag"
	[ "$2" = base ] || echo CONFIG_SEALED_MEM=y >> "$frag"
	log "building $2 (build/out/bootloop-$2)"
	{
		cp "$frag" "$out/.config" &&
		make -C "$src" O="$out" ARCH=x86_64 -j"$JOBS" olddefconfig &&
		grep -qx CONFIG_JUMP_LABEL=y "$out/.config" &&
		make -C "$src" O="$out" ARCH=x86_64 -j"$JOBS" bzImage
	} > "$out.log" 2>&1 || { tail -n 30 "$out.log"; die "build of $2 failed ($out.log)"; }
}

# A boot that reaches user space reboots at once, which ends QEMU
# (-no-reboot): busybox as init.  (This config has no ACPI power-off.)
initramfs=$OUT/bootloop-initramfs.cpio.gz
if [ ! -f "$initramfs" ]; then
	stage=$(mktemp -d)
	mkdir -p "$stage/bin"
	cp /bin/busybox "$stage/bin/busybox"
	(cd "$stage" && find . | cpio -o -H newc --quiet) | gzip -9 > "$initramfs"
	rm -rf "$stage"
fi

boots() {
	local kind=$1 i ok=0 bad=0 log
	for i in $(seq 1 "$n"); do
		log=$logs/$kind-$accel-$i.log
		timeout 300 /usr/bin/qemu-system-x86_64 -accel "$accel" -bios qboot.rom \
			-nodefaults -cpu "$cpu" \
			-smp 2 -m "$mem" -no-reboot -nographic -serial stdio \
			-kernel "$OUT/bootloop-$kind/arch/x86/boot/bzImage" -initrd "$initramfs" \
			-append "console=ttyS0 panic=-1 rdinit=/bin/busybox -- reboot -f" \
			< /dev/null > "$log" 2>&1
		if grep -q 'Run /bin/busybox as init process' "$log" &&
		   grep -q 'reboot: Restarting system' "$log" &&
		   ! grep -qE 'int3|Oops|BUG:|Kernel panic' "$log"; then
			ok=$((ok + 1))
		else
			bad=$((bad + 1))
			echo "$kind boot $i did not reach user space: $(grep -m1 -E 'int3|Oops|BUG:|panic' "$log" || tail -n 1 "$log")"
		fi
	done
	echo "$kind: $ok of $n boots reached user space and rebooted, $bad did not (-accel $accel -cpu $cpu -smp 2 -m $mem, JUMP_LABEL=y)"
}

build "$TREE" series
build "$wt" base
# The same configuration but for the series' own options.
if ! diff <(grep -v SEALED_MEM "$OUT/bootloop-series/.config") \
	  <(grep -v SEALED_MEM "$OUT/bootloop-base/.config") > "$logs/config.diff"; then
	cat "$logs/config.diff"
	die "the two configurations differ in more than SEALED_MEM"
fi
echo "configurations: identical but for $(grep -c '^CONFIG_.*SEALED_MEM' "$OUT/bootloop-series/.config") SEALED_MEM options"
boots series
boots base
