#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The main job: build the patched x86_64 kernel and boot it in QEMU with a
# busybox initramfs; the guest shows sealed_mem at work and powers off.

. "$(dirname "$0")/common.sh"

ensure_deps
"$TOP/tooling/tree.sh"
log "building the x86_64 kernel (build/out/x86_64)"
"$TOP/tooling/kunit.sh" x86_64 --build-only > "$BUILD/build-x86_64.log" 2>&1 ||
	{ tail -n 30 "$BUILD/build-x86_64.log"; die "build failed (build/build-x86_64.log)"; }
log "booting it in QEMU (TCG)"
exec "$TOP/tooling/boot.sh" x86_64 run
