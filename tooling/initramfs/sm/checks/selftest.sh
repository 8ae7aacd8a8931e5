# SPDX-License-Identifier: GPL-2.0
# Sourced by /init (busybox sh).  The benchmark's selftest driver, run as
# kselftest runs it (tools/testing/selftests/mm/test_sealed_mem.sh, no
# arguments): it must exit 0, with one PASS line per mode.

test_selftest() {
	sh /lib/sm/test_sealed_mem.sh > /tmp/selftest.out 2>&1
	rc=$?
	if [ $rc -eq 0 ] && [ "$(grep -c '^PASS: ' /tmp/selftest.out)" -eq 4 ]; then
		say "PASS test_sealed_mem.sh: $(grep '^PASS: ' /tmp/selftest.out | sed 's/^PASS: //' | tr '\n' ';')"
	else
		sed 's/^/  | /' /tmp/selftest.out
		say "FAIL test_sealed_mem.sh exited $rc"
	fi
}
