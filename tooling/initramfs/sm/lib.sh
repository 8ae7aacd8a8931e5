# SPDX-License-Identifier: GPL-2.0
# Sourced by /init (busybox sh): the helpers that several checks share.
# Every result line starts with "SM: " so the host can parse it.

say() { echo "SM: $*"; }

# The main job (sm_mode=run): the sealed_mem lines of the boot log.
show() {
	echo "----- sealed_mem in the boot log -----"
	dmesg | grep 'sealed_mem' || echo "(no sealed_mem lines)"
	echo "--------------------------------------"
}

# LKDTM type $1 in a child: the write must oops with a write-permission
# fault and leave the memory as it was.
FAULT_RE='permissions violation|write to read-only memory'
lkdtm_write() {
	sh -c "echo $1 > /sys/kernel/debug/provoke-crash/DIRECT" 2>/dev/null
	dmesg | sed -n "/Performing direct entry $1/,\$p" > /tmp/lkdtm.$1
	if grep -q 'FAIL: survived' /tmp/lkdtm.$1; then
		grep 'lkdtm' /tmp/lkdtm.$1
		return 1
	fi
	grep -qE "$FAULT_RE" /tmp/lkdtm.$1
}

fault_line() {
	grep -m1 -E "$FAULT_RE" /tmp/lkdtm.$1 | sed 's/^\[[^]]*\] //'
}

# Swap on /dev/vda, the disk the host gave the machine (BOOT_DISK).
swap_on_vda() {
	mkswap /dev/vda > /dev/null && swapon /dev/vda
}
