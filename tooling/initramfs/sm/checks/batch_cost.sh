# SPDX-License-Identifier: GPL-2.0
# Sourced by /init (busybox sh).

# The boot batch's cost, where the architecture tells how its linear map
# is mapped (x86_64, arm64; "n/a" elsewhere): one TLB flush, and no more
# splits per level than the physical minimum, one per large page that a
# coalesced sealed range covers only in part (a page split earlier costs
# nothing, so the count may be lower).  The linear map's virtual base is
# 1G aligned, so linear addresses tell.
# Read before anything registers after the batch.
count_partial() {	# $1: large-page size; stdin: "start end" per range
	while read -r rs re; do
		[ $((rs % $1)) -ne 0 ] && echo $((rs / $1))
		[ $((re % $1)) -ne 0 ] && echo $(((re - 1) / $1))
	done | sort -u | wc -l
}

test_batch_cost() {
	got2m=$(sed -n 's/^splits_pmd: //p' /proc/sealed_mem)
	got1g=$(sed -n 's/^splits_pud: //p' /proc/sealed_mem)
	flushes=$(sed -n 's/^tlb_flushes: //p' /proc/sealed_mem)
	[ "$got2m" = n/a ] && return
	old=$(cat /proc/sys/kernel/kptr_restrict)
	echo 1 > /proc/sys/kernel/kptr_restrict
	# "start size" of every region the batch sealed, low 48 bits of the
	# address, sorted; then adjacent ones coalesced into "start end".
	awk 'NR > 1 && NF == 6 && $4 == "linear-map" && $5 == "sealed" {
		print substr($6, length($6) - 11), $2 }' /proc/sealed_mem | sort > /tmp/sealed
	echo "$old" > /proc/sys/kernel/kptr_restrict
	cs= ce=
	while read -r a n; do
		rs=$((0x$a)) re=$((0x$a + n))
		if [ -n "$ce" ] && [ "$rs" -eq "$ce" ]; then
			ce=$re
			continue
		fi
		[ -z "$cs" ] || echo "$cs $ce"
		cs=$rs ce=$re
	done < /tmp/sealed > /tmp/ranges
	[ -z "$cs" ] || echo "$cs $ce" >> /tmp/ranges
	min2m=$(count_partial $((2 << 20)) < /tmp/ranges)
	# Without 1G pages (an x86 CPU without pdpe1gb) nothing splits at 1G.
	min1g=0
	if [ "$(uname -m)" != x86_64 ] || grep -qw pdpe1gb /proc/cpuinfo; then
		min1g=$(count_partial $((1 << 30)) < /tmp/ranges)
	fi
	what="$(wc -l < /tmp/ranges) ranges, $flushes flush, splits 2M $got2m (minimum $min2m), 1G $got1g (minimum $min1g)"
	if [ "$flushes" = 1 ] && [ "$got2m" -le "$min2m" ] && [ "$got1g" -le "$min1g" ]; then
		say "PASS boot batch at the physical minimum: $what"
	else
		say "FAIL boot batch cost: $what"
	fi
	# On x86_64 every client is placed (the pool, the huge zero folio
	# next to it) so that the minimum itself is one large page per level.
	[ "$(uname -m)" = x86_64 ] || return
	if [ "$min2m" -le 1 ] && [ "$min1g" -le 1 ]; then
		say "PASS boot batch placement: sealed ranges cover $min2m 2M and $min1g 1G pages in part"
	else
		say "FAIL boot batch placement: sealed ranges cover $min2m 2M and $min1g 1G pages in part, more than one per level"
	fi
}
