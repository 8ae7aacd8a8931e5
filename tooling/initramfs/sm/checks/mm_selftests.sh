# SPDX-License-Identifier: GPL-2.0
# Sourced by /init (busybox sh).  The mm selftests of the tree under test
# listed in /lib/sm/mm-selftests.txt, run as kselftest runs them: in the
# directory that holds them.  Each run prints one "MMTEST" line with its
# kselftest totals and one "MMCASE" line per test case with its result,
# which the host compares between the sealed kernel and the same kernel
# booted with sealed_mem=off (tooling/mm-selftests.sh): sealing must change
# none of them.  A run passes here when it failed no
# test and exited 0, or 4 (kselftest's skip: this machine lacks a feature).
# Swap is on /dev/vda, a disk tooling/mm-selftests.sh gives the machine.

test_mm_selftests() {
	bad= n=0
	# khugepaged's swap-in cases page out to swap: the host's disk.
	if ! swap_on_vda; then
		say "FAIL mm selftests: no swap on /dev/vda"
		return
	fi
	while read -r bin args; do
		case $bin in ''|'#'*) continue ;; esac
		n=$((n + 1))
		log=/tmp/mm.$n.log
		t0=$(date +%s)
		# shellcheck disable=SC2086
		(cd /lib/sm/mm && "./$bin" $args) > "$log" 2>&1
		rc=$?
		echo "  | $bin took $(($(date +%s) - t0)) s"
		totals=$(grep -a '^# Totals:' "$log" | tail -n 1 | sed 's/^# Totals: //')
		say "MMTEST $bin${args:+ $args}: ${totals:-no totals} exit $rc"
		grep -a -E '^(not )?ok [0-9]+ ' "$log" |
			sed "s|^|SM: MMCASE $bin${args:+ $args}: |"
		case "$rc:$totals" in
		[04]:pass:*\ fail:0\ *error:0)
			;;
		*)
			tail -n 40 "$log" | sed 's/^/  | /'
			bad="$bad $bin" ;;
		esac
	done < /lib/sm/mm-selftests.txt
	if [ "$n" -gt 0 ] && [ -z "$bad" ]; then
		say "PASS mm selftests: $n runs, none failed a test"
	else
		say "FAIL mm selftests ($n runs) failed:$bad"
	fi
}
