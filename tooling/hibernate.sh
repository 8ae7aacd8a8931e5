#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# A hibernation round trip of the test kernel of ARCH (x86_64, arm64) in
# QEMU.  usage: hibernate.sh ARCH
# The first machine boots with a swap disk, seals, writes its image to the
# disk and powers off; a second machine, booted from the same disk with
# resume=/dev/vda, restores the image, and the checks run in the restored
# kernel (tooling/initramfs/sm/checks/hibernate.sh).  Exits non-zero if a
# check failed or either machine did not get where it must.
#
# hibernate=nocompress: under TCG, compressing the image costs more time
# than writing it.

. "$(dirname "$0")/common.sh"

arch=${1:?usage: hibernate.sh ARCH}
disk=$OUT/hibernate-$arch.img
args=(hibernate=nocompress no_console_suspend)
rm -f "$disk"
truncate -s 1G "$disk"
export BOOT_DISK=$disk

echo "== 1: seal, write the image to /dev/vda, power off"
BOOT_END='reboot: Power down' bash "$TOP/tooling/boot.sh" "$arch" hibernate "${args[@]}"
echo "== 2: a fresh machine restores the image from /dev/vda"
bash "$TOP/tooling/boot.sh" "$arch" hibernate "${args[@]}" resume=/dev/vda
echo "hibernation round trip on $arch: restored, every check passed"
rm -f "$disk"
