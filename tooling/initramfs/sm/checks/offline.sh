# SPDX-License-Identifier: GPL-2.0
# Sourced by /init (busybox sh).  Memory offlining against sealed memory
# (bench_one: bench.sh).

MEM=/sys/devices/system/memory

# Pages in a memory block.
block_pages() { echo $(( 0x$(cat "$MEM/block_size_bytes") / 4096 )); }

# The highest memory block in zone $1 ("!Z": in any zone but Z) that goes
# offline and back online while it holds nothing unmovable.  From the top
# down, every block: on 4 and 8 GiB guests none of the last eight goes
# offline, even empty.
empty_block() {
	: > /tmp/empty.log
	for b in $(ls "$MEM" | sed -n 's/^memory\([0-9]*\)$/\1/p' | sort -rn); do
		z=$(cat "$MEM/memory$b/valid_zones")
		case $1 in
		!*) [ "$z" != "${1#!}" ] || continue ;;
		*) [ "$z" = "$1" ] || continue ;;
		esac
		# Not the last block of a kernel zone: offline, it would shrink
		# the zone, and a block of a zone below ZONE_NORMAL would come
		# back online in ZONE_NORMAL.
		[ "$z" = Movable ] ||
			[ "$(cat "$MEM/memory$((b + 1))/valid_zones" 2> /dev/null)" = "$z" ] || continue
		# Bounded: in ZONE_MOVABLE, a page that cannot be migrated makes
		# offlining retry until a signal.
		if ! timeout 60 sh -c "echo offline > $MEM/memory$b/state" 2> /tmp/empty.err; then
			echo "memory$b ($z): $(sed 's/.*: //' /tmp/empty.err)" >> /tmp/empty.log
			continue
		fi
		if [ "$z" = Movable ]; then
			echo online_movable > "$MEM/memory$b/state"
		else
			echo online_kernel > "$MEM/memory$b/state"
		fi
		back=$(cat "$MEM/memory$b/valid_zones")
		if [ "$(cat "$MEM/memory$b/state")" = online ] && [ "$back" = "$z" ]; then
			echo "$b"
			return
		fi
		echo "memory$b ($z): back $(cat "$MEM/memory$b/state") in $back" >> /tmp/empty.log
	done
}

# Offlining a memory block that holds sealed memory must fail cleanly and
# leave the memory where it is.  A block outside ZONE_MOVABLE that goes
# offline and back online holds nothing unmovable; the benchmark then
# seals the 2M at its start (alloc_contig_range(), one batch), and
# offlining it again must fail, at the first sealed page: the kernel names
# the unmovable page it stopped at, and the scan starts there.
test_offline() {
	if [ ! -e "$MEM/block_size_bytes" ]; then
		say "SKIP memory offlining: this kernel is built without memory hotplug"
		return
	fi
	per=$(block_pages)
	block=$(empty_block '!Movable')
	if [ -z "$block" ]; then
		say "FAIL memory offlining: no memory block goes offline even empty: $(tr '\n' ' ' < /tmp/empty.log)"
		return
	fi
	st=$MEM/memory$block/state
	bench_one batch at $(( block * per )) > /tmp/bench.at
	pfn=$(awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^pfn=/) print substr($i, 5) }' /tmp/bench.at)
	if ! grep -q ' sealed=1 .*err=0' /tmp/bench.at; then
		say "FAIL memory offlining: could not seal the start of memory$block: $(cat /tmp/bench.at)"
		return
	fi
	echo "sealed_mem test: offlining memory$block" > /dev/kmsg
	if echo offline > "$st" 2> /tmp/offline.err; then
		echo online_kernel > "$st"
		say "FAIL memory offlining: memory$block went offline with 2M sealed at pfn $pfn"
		return
	fi
	at=$(dmesg | sed -n "/sealed_mem test: offlining memory$block/,\$p" |
		grep -m1 -o 'pfn:0x[0-9a-f]*' | sed 's/pfn://')
	if [ "$(cat "$st")" = online ] && grep -q 'busy' /tmp/offline.err &&
	   [ -n "$at" ] && [ $(( at )) -ge $(( pfn )) ] && [ $(( at )) -lt $(( pfn + 512 )) ]; then
		say "PASS memory offlining: memory$block went offline and back empty; with 2M sealed at pfn $pfn it is refused ($(sed 's/.*: //' /tmp/offline.err)) at sealed pfn $at, and stays online"
	else
		say "FAIL memory offlining of memory$block (sealed pfn $pfn): state $(cat "$st"), error '$(cat /tmp/offline.err)', stopped at pfn '${at:-?}'"
	fi
}

# ZONE_MOVABLE (movablecore=, sm_expect_movable=1) must stay offlinable:
# sealed_mem refuses its memory and pins nothing.  The benchmark takes the
# 2M at the start of an empty movable block (alloc_contig_range()) and
# offers it: refused with -EPERM and given back; the block must then go
# offline.  Sealed, it would make offlining retry until a signal, which
# the timeout sends.
test_offline_movable() {
	block=$(empty_block Movable)
	if [ -z "$block" ]; then
		say "FAIL movable offlining: no block of ZONE_MOVABLE goes offline even empty: $(tr '\n' ' ' < /tmp/empty.log)"
		return
	fi
	st=$MEM/memory$block/state
	pfn=$(( block * $(block_pages) ))
	echo "sealed_mem test: offering memory$block" > /dev/kmsg
	echo "batch at $pfn" > "$BENCH" 2> /dev/null
	res=$(cat "$BENCH")
	why=$(dmesg | sed -n "/sealed_mem test: offering memory$block/,\$p" |
		grep -m1 "sealed_mem: .*refused region 'at' .*: movable, CMA or isolated memory" |
		sed 's/^\[[^]]*\] //')
	case $res in
	*" prepared err=-1") [ -n "$why" ] || { say "FAIL movable offlining: refused without the movable reason in the log"; return; } ;;
	*)
		say "FAIL movable offlining: the 2M at pfn $pfn (memory$block, ZONE_MOVABLE) was not refused: $res"
		return ;;
	esac
	if timeout 120 sh -c "echo offline > $st" 2> /tmp/offline.err &&
	   [ "$(cat "$st")" = offline ]; then
		echo online_movable > "$st"
		if [ "$(cat "$st")" = online ] && [ "$(cat "$MEM/memory$block/valid_zones")" = Movable ]; then
			say "PASS movable offlining: the 2M at pfn $pfn of ZONE_MOVABLE refused ($why); memory$block went offline, and back online_movable"
		else
			say "FAIL movable offlining: memory$block went offline but did not come back to ZONE_MOVABLE: $(cat "$st"), $(cat "$MEM/memory$block/valid_zones")"
		fi
	else
		say "FAIL movable offlining: memory$block (ZONE_MOVABLE) did not go offline after its 2M was refused: state $(cat "$st"), '$(cat /tmp/offline.err)'"
	fi
}
