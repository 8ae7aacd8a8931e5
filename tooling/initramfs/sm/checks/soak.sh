# SPDX-License-Identifier: GPL-2.0
# Sourced by /init (busybox sh).

# The soak (sm_soak=1, with sealed_mem.audit_interval set): writers
# register pages with the kernel's registry, each sealed at once, while
# readers cat /proc/sealed_mem in a loop, the periodic audit runs, and
# compaction and a tmpfs file that comes and goes keep memory moving.
# Every page must end sealed and intact, nothing may be reported
# tampered with, and the kernel log of the soak must hold no splat.
SOAK_WRITERS=4 SOAK_PAGES=250 SOAK_READERS=3
test_soak() {
	echo "sealed_mem test: soak" > /dev/kmsg
	rm -f /tmp/soak.stop
	loop() { while [ ! -e /tmp/soak.stop ]; do "$@"; done; }
	pids=
	for i in $(seq $SOAK_READERS); do
		loop sh -c 'cat /proc/sealed_mem > /dev/null' &
		pids="$pids $!"
	done
	loop sh -c 'echo 1 > /proc/sys/vm/compact_memory' &
	pids="$pids $!"
	mb=$(awk '/^MemAvailable/ { print int($2 / 4096) }' /proc/meminfo)
	loop sh -c "dd if=/dev/zero of=/tmp/soak.fill bs=1M count=$mb 2>/dev/null; rm -f /tmp/soak.fill" &
	pids="$pids $!"
	writers=
	for i in $(seq $SOAK_WRITERS); do
		timeout 300 sh -c "echo register $SOAK_PAGES > $BENCH" 2> /tmp/soak.err.$i &
		writers="$writers $!"
	done
	failed=0
	for p in $writers; do wait "$p" || failed=$((failed + 1)); done
	touch /tmp/soak.stop
	for p in $pids; do wait "$p"; done
	rm -f /tmp/soak.fill
	log=$(dmesg | sed -n '/sealed_mem test: soak/,$p')
	good=$(echo "$log" | grep -c "soak: $SOAK_PAGES of $SOAK_PAGES pages registered, sealed and intact")
	listed=$(awk '$1 == "soak" && $5 == "sealed"' /proc/sealed_mem | wc -l)
	want=$((SOAK_WRITERS * SOAK_PAGES))
	tampered=$(sed -n 's/^tampered: //p' /proc/sealed_mem)
	what="$SOAK_WRITERS writers of $SOAK_PAGES pages, $SOAK_READERS readers, compaction, a ${mb}M tmpfs file, audits $(sed -n 's/^audits: //p' /proc/sealed_mem)"
	if [ "$failed" = 0 ] && [ "$good" = "$SOAK_WRITERS" ] && [ "$listed" = "$want" ] &&
	   [ "$tampered" = 0 ] && ! echo "$log" | grep -qE 'BUG:|WARNING:|KASAN|possible circular|Oops|tampered'; then
		say "PASS soak: $what: $listed pages sealed and intact, nothing tampered, no splat"
	else
		echo "$log" | grep -E -A5 'soak:|BUG:|WARNING:|KASAN|possible circular|Oops|tampered' | head -40
		say "FAIL soak: $what: writers failed $failed, $good of $SOAK_WRITERS writers intact, $listed of $want listed sealed, tampered '$tampered'"
	fi
}
