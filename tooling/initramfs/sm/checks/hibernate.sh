# SPDX-License-Identifier: GPL-2.0
# Sourced by /init (busybox sh).  A hibernation round trip, driven by
# tooling/hibernate.sh (sm_mode=hibernate): this boot seals as
# usual, writes its image to the swap disk /dev/vda and powers off; a
# second QEMU, booted from the same disk with resume=/dev/vda, restores
# the image, and this shell goes on after its "echo disk" in the restored
# kernel.  There every region must be where, what and as sealed as before,
# the audit must find each one read-only in the page tables with the bytes
# it was sealed with, the writes must fault, and the zero page and the
# huge zero folio must read zeros where they were.

# Name, size, method, state and address of every region.
regions() {
	old=$(cat /proc/sys/kernel/kptr_restrict)
	echo 1 > /proc/sys/kernel/kptr_restrict
	awk 'NR > 1 && NF == 6 { print $1, $2, $4, $5, $6 }' /proc/sealed_mem
	echo "$old" > /proc/sys/kernel/kptr_restrict
}

test_hibernate() {
	# The resuming machine started afresh: it found no image to restore.
	if grep -q 'resume=' /proc/cmdline; then
		say "FAIL hibernation: the resume boot restored no image"
		return
	fi
	test_batch_line			# checks/boot_log.sh
	regions > /tmp/regions.before
	zerocheck before-hibernation | tee /tmp/zc.before
	if ! swap_on_vda; then
		say "FAIL hibernation: no swap on /dev/vda"
		return
	fi
	# Power off once the image is written; make it as small as it goes.
	echo shutdown > /sys/power/disk
	echo 0 > /sys/power/image_size
	say "HIBERNATING with $(wc -l < /tmp/regions.before) regions"
	if ! echo disk > /sys/power/state; then
		dmesg | tail -n 20
		say "FAIL hibernation: echo disk > /sys/power/state failed"
		return
	fi
	# Only the restored kernel gets here: the first one powered off.
	say "PASS hibernation: restored from /dev/vda"
	if regions | cmp -s - /tmp/regions.before; then
		say "PASS hibernation: every region where, what and as sealed as before ($(awk '{ printf "%s %s; ", $1, $4 }' /tmp/regions.before))"
	else
		regions | diff /tmp/regions.before -
		say "FAIL hibernation changed the regions"
	fi
	test_clean_log			# checks/boot_log.sh
	# Reading /proc/sealed_mem audits: read-only, same checksum.
	test_audit			# checks/audit.sh
	zerocheck after-hibernation | tee /tmp/zc.after
	test_huge_zero_not_moved hibernation	# checks/zero.sh
	test_writes			# checks/write.sh
	test_audit
}
