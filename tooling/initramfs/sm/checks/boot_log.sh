# SPDX-License-Identifier: GPL-2.0
# Sourced by /init (busybox sh).  The boot log: sealed_mem's batch line,
# the left-writable line where the kernel cannot or must not seal, no
# splat, and the zero page listed as sealed with the read-only data.

test_batch_line() {
	if dmesg | grep -q 'sealed_mem: sealed [0-9]* of [0-9]* regions'; then
		say "PASS batch line: $(dmesg | grep -m1 -o 'sealed [0-9]* of [0-9]* regions.*')"
	else
		say "FAIL batch line"
	fi
}

# sm_expect=unsupported or disabled: the kernel says why it left the
# regions writable.
test_writable_line() {
	case ${sm_expect:-sealed} in
	unsupported) why='this kernel cannot change its linear map' ;;
	disabled) why='disabled by sealed_mem=off' ;;
	*) why= ;;
	esac
	if [ -n "$why" ]; then
		if dmesg | grep -q "sealed_mem: .* regions left writable: $why"; then
			say "PASS left-writable line: $why"
		else
			say "FAIL left-writable line: $why"
		fi
	fi
}

test_clean_log() {
	if dmesg | grep -qE 'BUG:|WARNING:|KASAN|possible circular|Oops'; then
		dmesg | grep -E -A5 'BUG:|WARNING:|KASAN|possible circular|Oops'
		say "FAIL clean boot log"
	else
		say "PASS clean boot log"
	fi
}

test_zero_page_line() {
	if dmesg | grep -q 'sealed_mem: zero_page: sealed with the kernel.s read-only data'; then
		say "PASS zero page listed: sealed with the kernel's read-only data"
	else
		say "FAIL zero page listed"
	fi
}
