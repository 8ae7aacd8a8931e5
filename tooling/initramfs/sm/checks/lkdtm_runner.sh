# SPDX-License-Identifier: GPL-2.0
# Sourced by /init (busybox sh).  LKDTM's own selftest
# (tools/testing/selftests/lkdtm of the tree under test), run as kselftest
# installs it, run.sh under each test's name next to tests.txt, for every
# WRITE_SEALED_* type in tests.txt.  A type that sealed_types
# (checks/write.sh) expects to fault must pass (exit 0: the oops's call
# trace); any other must be skipped (exit 4: LKDTM's XFAIL, or a type this
# kernel lacks), never fail.  The runner is unchanged; busybox has no
# comm(1), which it uses, so /lib/sm/shim provides one.

test_lkdtm_runner() {
	list=/lib/sm/lkdtm/tests.txt
	faults=$(sealed_types | while read -r type region how; do
		{ [ "${sm_expect:-sealed}" = sealed ] || [ "$how" = rodata ]; } &&
			echo "$type"
	done)
	bad= n=0 passed=0
	for type in $faults; do
		grep -q "^$type\$" "$list" || bad="$bad $type(not in tests.txt)"
	done
	for type in $(sed -n 's/^\(WRITE_SEALED_[A-Z0-9_]*\)$/\1/p' "$list"); do
		want=4
		echo "$faults" | grep -qx "$type" && want=0
		(cd /lib/sm/lkdtm && PATH=/lib/sm/shim:$PATH sh "./$type.sh") \
			> "/tmp/runner.$type" 2>&1
		rc=$?
		n=$((n + 1))
		[ "$rc" = 0 ] && passed=$((passed + 1))
		if [ "$rc" != "$want" ]; then
			sed 's/^/  | /' "/tmp/runner.$type"
			bad="$bad $type=$rc(want $want)"
		fi
	done
	if [ "$n" -gt 0 ] && [ -z "$bad" ]; then
		say "PASS LKDTM selftest runner: $n WRITE_SEALED types, $passed passed, $((n - passed)) skipped, as expected"
	else
		say "FAIL LKDTM selftest runner ($n types):$bad"
	fi
}
