#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the KUnit-built kernel of ARCH again, with KUnit disabled and a small
# busybox initramfs, in QEMU.  usage: boot.sh ARCH MODE [args...]
# MODE "run" shows sealed_mem at work; "test" prints SM: PASS/FAIL lines
# and exits non-zero if any check failed or the guest did not finish;
# "mmtests" and "hibernate" do so for the mm selftests
# (tooling/mm-selftests.sh) and the hibernation round trip
# (tooling/hibernate.sh); "bench" runs the benchmark and prints its table.
#
# BOOT_OUT (the object tree under build/out, default ARCH), BOOT_SMP,
# BOOT_CPU and BOOT_MEM change the kernel and the machine, BOOT_DISK and
# BOOT_END are below; ARCH x86_64-1g
# is x86_64 with 1G pages, x86_64-movable x86_64 with a ZONE_MOVABLE,
# x86_64-numa x86_64 with two NUMA nodes (below).

. "$(dirname "$0")/common.sh"
use_tcg

arch=${1:?usage: boot.sh ARCH MODE}
mode=${2:?usage: boot.sh ARCH MODE}
shift 2
machine=$arch
mte= numa=

# x86_64-1g: the x86_64 kernel on the machine with 1G pages (common.sh):
# the test must then see the benchmark's pairs1g run (sm_expect_1g=1).
if [ "$arch" = x86_64-1g ]; then
	arch=x86_64
	BOOT_CPU=${BOOT_CPU:-$MACHINE_1G_CPU}
	BOOT_MEM=${BOOT_MEM:-$MACHINE_1G_MEM}
	set -- sm_expect_1g=1 "$@"
fi
# x86_64-movable: the x86_64 kernel with a ZONE_MOVABLE (common.sh), whose
# memory sealed_mem must refuse so that it stays offlinable.
if [ "$arch" = x86_64-movable ]; then
	arch=x86_64
	BOOT_MEM=${BOOT_MEM:-$MACHINE_MOVABLE_MEM}
	set -- movablecore=$MOVABLECORE sm_expect_movable=1 "$@"
fi

# x86_64-numa: the x86_64 kernel with two emulated NUMA nodes, which
# give it a NUMA distance table (sealed: the guest checks it).
if [ "$arch" = x86_64-numa ]; then
	arch=x86_64
	set -- numa=fake=2 sm_expect_numa=1 "$@"
fi

# The user-space checks of the zero page and the huge zero folio, static.
make_zerocheck() {
	local src=$TOP/tooling/initramfs/zerocheck.c
	[ "$zerocheck" -nt "$src" ] && return 0
	"$cc" -static -O2 -Wall -Wextra -Werror -o "$zerocheck.tmp" "$src" ||
		die "could not build $zerocheck"
	mv "$zerocheck.tmp" "$zerocheck"
}

# The mm selftests of the tree under test named in MM_LIST, static, in
# $mm: each from its .c and the helpers the selftests' Makefile links it
# with, against the uapi headers of the tree for this arch (installed once
# in $OUT/headers-$arch).  Without liburing (local_config.h_gen as
# check_config.sh writes it then): cow's io_uring cases skip.
MM_SRC=$TREE/tools/testing/selftests/mm
MM_LIST=$TOP/tooling/initramfs/sm/mm-selftests.txt
mm_selftests() {
	sed -n 's/^\([a-z_-][a-z0-9_-]*\).*/\1/p' "$MM_LIST" | sort -u
}

make_mm_selftests() {
	local hdr=$OUT/headers-$arch bin srcs
	if [ ! -f "$hdr/.done" ]; then
		make -s -C "$TREE" O="$hdr" ARCH="${arch/x86_64/x86}" \
			INSTALL_HDR_PATH="$hdr/usr" headers_install ||
			die "could not install the $arch uapi headers"
		touch "$hdr/.done"
	fi
	mkdir -p "$mm"
	[ -f "$mm/local_config.h_gen" ] ||
		echo '// No liburing support found' > "$mm/local_config.h_gen"
	for bin in $(mm_selftests); do
		srcs="$bin.c vm_util.c hugepage_settings.c"
		case $bin in uffd-*) srcs="$srcs uffd-common.c" ;; esac
		# shellcheck disable=SC2086
		[ -f "$mm/$bin" ] && [ -z "$(cd "$MM_SRC" &&
			find $srcs ./*.h -newer "$mm/$bin")" ] && continue
		# From their directory, as kselftest builds them: some name
		# their scratch files after __FILE__.
		# shellcheck disable=SC2086
		(cd "$MM_SRC" && "$cc" -static -O2 -Wall -U_FORTIFY_SOURCE \
			-I "$mm" -I "$TREE/tools/testing/selftests" -I "$TREE" \
			-isystem "$hdr/usr/include" -isystem "$TREE/tools/include/uapi" \
			-o "$mm/$bin.tmp" $srcs -lrt -lpthread -lm) ||
			die "could not build the mm selftest $bin for $arch"
		mv "$mm/$bin.tmp" "$mm/$bin"
	done
}

# The guest's /init (tooling/initramfs/init) and what it sources, the
# files of tooling/initramfs/sm as /lib/sm; the benchmark's selftest
# driver, also in /lib/sm; and LKDTM's selftest of the tree under test,
# in /lib/sm/lkdtm, its runner installed under each WRITE_SEALED_* test's
# name as kselftest installs it.  The directories count too: a file
# removed from sm/ makes the initramfs stale.
SELFTEST=$TOP/tools/testing/selftests/mm/test_sealed_mem.sh
LKDTM_TESTS=$TREE/tools/testing/selftests/lkdtm
initramfs_sources() {
	echo "$TOP/tooling/initramfs/init"
	echo "$SELFTEST"
	echo "$LKDTM_TESTS/run.sh"
	echo "$LKDTM_TESTS/tests.txt"
	find "$TOP/tooling/initramfs/sm"
}

initramfs_fresh() {
	local f
	[ -f "$initramfs" ] && [ "$initramfs" -nt "$busybox" ] &&
		[ "$initramfs" -nt "$zerocheck" ] || return 1
	for f in $(initramfs_sources) $(mm_selftests | sed "s|^|$mm/|"); do
		[ "$initramfs" -nt "$f" ] || return 1
	done
}

make_initramfs() {
	local stage f
	make_zerocheck
	make_mm_selftests
	initramfs_fresh && return 0
	stage=$(mktemp -d)
	chmod 0755 "$stage"
	mkdir -p "$stage"/{bin,dev,etc,lib,proc,sys,tmp}
	cp "$busybox" "$stage/bin/busybox"
	cp "$zerocheck" "$stage/bin/zerocheck"
	install -m 0755 "$TOP/tooling/initramfs/init" "$stage/init"
	for f in $(cd "$TOP/tooling/initramfs" && find sm -type f -name '*.sh'); do
		install -D -m 0644 "$TOP/tooling/initramfs/$f" "$stage/lib/$f"
	done
	for f in "$TOP"/tooling/initramfs/sm/shim/*; do
		install -D -m 0755 "$f" "$stage/lib/sm/shim/${f##*/}"
	done
	install -m 0755 "$SELFTEST" "$stage/lib/sm/test_sealed_mem.sh"
	install -m 0644 "$MM_LIST" "$stage/lib/sm/mm-selftests.txt"
	for f in $(mm_selftests); do
		install -D -m 0755 "$mm/$f" "$stage/lib/sm/mm/$f"
	done
	install -D -m 0644 "$LKDTM_TESTS/tests.txt" "$stage/lib/sm/lkdtm/tests.txt"
	for f in $(sed -n 's/^\(WRITE_SEALED_[A-Z0-9_]*\)$/\1/p' "$LKDTM_TESTS/tests.txt"); do
		install -m 0755 "$LKDTM_TESTS/run.sh" "$stage/lib/sm/lkdtm/$f.sh"
	done
	(cd "$stage" && find . | cpio -o -H newc --quiet) | gzip -9 > "$initramfs.tmp"
	mv "$initramfs.tmp" "$initramfs"
	rm -rf "$stage"
}

case $arch in
x86_64)
	busybox=/bin/busybox
	cc=gcc
	initramfs=$OUT/initramfs-x86_64.cpio.gz
	kernel=$OUT/${BOOT_OUT:-x86_64}/arch/x86/boot/bzImage
	# -accel tcg: the wrapper (use_tcg) makes it single-threaded.
	qemu=(qemu-system-x86_64 -accel tcg -bios qboot.rom -smp "${BOOT_SMP:-2}")
	qemu+=(-cpu "${BOOT_CPU:-$MACHINE_2M_CPU}")
	console=ttyS0 ;;
arm64)
	ensure_arm64_busybox
	busybox=$BUILD/busybox-arm64/bin/busybox
	cc=aarch64-linux-gnu-gcc
	initramfs=$OUT/initramfs-arm64.cpio.gz
	kernel=$OUT/${BOOT_OUT:-arm64}/arch/arm64/boot/Image.gz
	# The default CPU has MTE, and the machine tag memory: the zero page
	# and the huge zero folio are checked in PROT_MTE mappings.
	if [ -z "${BOOT_CPU:-}" ]; then
		qemu=(qemu-system-aarch64 -machine virt,mte=on -cpu max,pauth-impdef=on)
		mte=sm_expect_mte=1
	else
		qemu=(qemu-system-aarch64 -machine virt -cpu "$BOOT_CPU")
	fi
	smp=${BOOT_SMP:-2}
	qemu+=(-smp "$smp")
	# Two NUMA nodes, each with half the memory and half the CPUs, and
	# a distance-map in the device tree, so that the kernel has a NUMA
	# distance table (sm_expect_numa: the guest checks it is sealed).
	half_mem=$(( ${BOOT_MEM:-1024} / 2 )) half_cpus=$((smp / 2))
	if [ "$half_cpus" -gt 0 ]; then
		qemu+=(-object "memory-backend-ram,id=node0,size=${half_mem}M"
		       -object "memory-backend-ram,id=node1,size=${half_mem}M"
		       -numa "node,nodeid=0,cpus=0-$((half_cpus - 1)),memdev=node0"
		       -numa "node,nodeid=1,cpus=$half_cpus-$((smp - 1)),memdev=node1"
		       -numa dist,src=0,dst=1,val=20)
		numa=sm_expect_numa=1
	fi
	console=ttyAMA0 ;;
*) die "boot.sh: unsupported arch $arch" ;;
esac
[ -f "$kernel" ] || die "no $kernel: build it first (tooling/kunit.sh $arch)"
[ -x "$busybox" ] || die "no busybox for $arch at $busybox"
zerocheck=$OUT/zerocheck-$arch
mm=$OUT/mm-selftests-$arch
make_initramfs

# BOOT_DISK: a raw image the guest sees as /dev/vda (virtio-blk).
if [ -n "${BOOT_DISK:-}" ]; then
	qemu+=(-drive "file=$BOOT_DISK,if=none,format=raw,id=vda")
	case $arch in
	x86_64) qemu+=(-device virtio-blk-pci,drive=vda) ;;
	arm64) qemu+=(-device virtio-blk-device,drive=vda) ;;
	esac
fi

# The main job shows curated excerpts of the log; keep the console quiet.
# The other modes are tests: the whole log, SM: lines on the terminal.
testing=1 quiet=
case $mode in
run|bench) testing= quiet=loglevel=1 ;;
esac

log="$OUT/boot-${BOOT_OUT:-$machine}-$mode$(printf %s "${*:+-$*}" | tr -c "a-z0-9=\n-" "_").log"
timeout "${BOOT_TIMEOUT:-600}" "${qemu[@]}" -nodefaults -m "${BOOT_MEM:-1024}" \
	-kernel "$kernel" -initrd "$initramfs" -no-reboot -nographic -serial stdio \
	-append "console=$console panic=-1 kunit.enable=0 sm_mode=$mode $quiet $mte $numa $*" \
	< /dev/null 2>&1 | tr -d '\r' | tee "$log" |
	if [ -n "$testing" ]; then grep '^SM: ' || true; else cat; fi

# BOOT_END: the line that shows the guest got where it must, if not DONE.
grep -q "${BOOT_END:-^SM: DONE}" "$log" ||
	die "the $arch guest did not finish (see $log)"
if [ -n "$testing" ] && grep -q '^SM: FAIL' "$log"; then
	exit 1
fi
exit 0
