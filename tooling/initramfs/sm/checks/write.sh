# SPDX-License-Identifier: GPL-2.0
# Sourced by /init (busybox sh).  Writes to sealed memory through LKDTM
# (lkdtm_write and fault_line: lib.sh).

# Write to sealed region $2 through LKDTM type $1.  Normally the write
# must fault.  With sm_expect=unsupported (arm64 with rodata=noalias) the kernel
# cannot seal the linear map, with sm_expect=disabled (sealed_mem=off) it
# does not: the write must survive without an oops and LKDTM must say the
# region is not sealed.  $3=rodata marks a region in the kernel's read-only
# data, which faults whatever sm_expect says.  /proc/cmdline must read as
# before either way.
test_write() {
	before=$(cat /proc/cmdline)
	if [ "${sm_expect:-sealed}" != sealed ] && [ "$3" != rodata ]; then
		lkdtm_write "$1"
		if grep -q "XFAIL: survived bad write: $2 is $sm_expect, not sealed" "/tmp/lkdtm.$1" &&
		   ! grep -qE "$FAULT_RE|Oops" "/tmp/lkdtm.$1" &&
		   [ "$(cat /proc/cmdline)" = "$before" ]; then
			say "PASS $1 reports $sm_expect, no oops, /proc/cmdline unchanged"
		else
			cat "/tmp/lkdtm.$1"
			say "FAIL $1 on a kernel that cannot seal"
		fi
	elif lkdtm_write "$1" && [ "$(cat /proc/cmdline)" = "$before" ]; then
		say "PASS $1 faults, /proc/cmdline unchanged: $(fault_line "$1")"
	else
		say "FAIL $1"
	fi
}

# Every sealed region this machine has: "LKDTM_TYPE region [rodata]".
sealed_types() {
	echo WRITE_SEALED_CMDLINE saved_command_line
	echo WRITE_SEALED_HUGE_ZERO huge_zero_folio
	echo WRITE_SEALED_PERCPU pcpu_unit_offsets
	case $(uname -m) in
	x86_64) echo WRITE_SEALED_E820 e820_table ;;
	aarch64)
		echo WRITE_SEALED_AARCH32_SIGPAGE aarch32_sigpage
		echo WRITE_SEALED_AARCH32_VECTORS aarch32_vectors
		echo WRITE_SEALED_FDT fdt ;;
	esac
	[ -z "${sm_expect_numa:-}" ] || echo WRITE_SEALED_NUMA_DISTANCE numa_distance
	echo WRITE_SEALED_ZERO_PAGE zero_page rodata
	echo WRITE_SEALED_ZERO_PAGE_IMAGE zero_page rodata
}

# Each of them in turn.
test_writes() {
	sealed_types > /tmp/sealed_types
	while read -r type region how; do
		test_write "$type" "$region" "$how"
	done < /tmp/sealed_types
}

# The main job: trigger $1 and show what the kernel said.
show_write() {
	echo "----- LKDTM $1: a write to sealed memory -----"
	sh -c "echo $1 > /sys/kernel/debug/provoke-crash/DIRECT" 2>/dev/null
	dmesg | sed -n "/Performing direct entry $1/,\$p" | head -n 8
}
