# SPDX-License-Identifier: GPL-2.0
# Sourced by /init (busybox sh).

# Compaction leaves sealed memory where it is: same states (checked
# here), same huge zero folio (checks/zero.sh), nothing tampered with
# (checks/audit.sh).
states() { awk 'NR > 1 && NF == 6 { print $1, $5 }' /proc/sealed_mem; }
test_compaction() {
	states > /tmp/states.before
	echo 1 > /proc/sys/vm/compact_memory
	if states | cmp -s - /tmp/states.before; then
		say "PASS compaction: every region keeps its state ($(tr '\n' ' ' < /tmp/states.before))"
	else
		say "FAIL compaction changed a region's state: $(states | tr '\n' ' ')"
	fi
}
