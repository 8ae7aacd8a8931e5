# SPDX-License-Identifier: GPL-2.0
# Sourced by /init (busybox sh).

# /proc/sealed_mem: root only, a fixed header, one line per region with
# the state this boot expects, the counters, no tampering found, and
# addresses only as kptr_restrict allows.
PROC_HEADER='name bytes owner method state address'
proc_state() {
	awk -v n="$1" '$1 == n { print $5 }' /proc/sealed_mem
}

test_proc() {
	linear=${sm_expect:-sealed}
	# Clients that exist on one architecture only.
	case $(uname -m) in
	x86_64) ARCH_REGIONS="e820_table:$linear e820_table_kexec:$linear e820_table_firmware:$linear" ;;
	aarch64) ARCH_REGIONS="aarch32_sigpage:$linear aarch32_vectors:$linear fdt:$linear" ;;
	*) ARCH_REGIONS= ;;
	esac
	# The machine has NUMA distances (boot.sh): the kernel keeps a table.
	[ -z "${sm_expect_numa:-}" ] || ARCH_REGIONS="$ARCH_REGIONS numa_distance:$linear"
	if [ "$(stat -c '%a %u' /proc/sealed_mem)" = "400 0" ] &&
	   [ "$(head -n 1 /proc/sealed_mem | tr -s ' ')" = "$PROC_HEADER" ]; then
		say "PASS /proc/sealed_mem mode 0400 root, header"
	else
		say "FAIL /proc/sealed_mem mode or header: $(stat -c '%a %u' /proc/sealed_mem)"
	fi
	for r in saved_command_line:$linear huge_zero_folio:$linear zero_page:sealed \
		 pcpu_group_offsets:$linear pcpu_group_sizes:$linear \
		 pcpu_unit_map:$linear pcpu_unit_offsets:$linear $ARCH_REGIONS; do
		name=${r%%:*} want=${r#*:}
		got=$(proc_state "$name")
		if [ "$got" = "$want" ]; then
			say "PASS /proc/sealed_mem: $name $got"
		else
			say "FAIL /proc/sealed_mem: $name is '$got', expected $want"
		fi
	done
	missing=
	for key in regions bytes ranges tlb_flushes splits_pmd splits_pud batch_us audits tampered; do
		grep -q "^$key: [0-9n]" /proc/sealed_mem || missing="$missing $key"
	done
	tampered=$(sed -n 's/^tampered: //p' /proc/sealed_mem)
	if [ -z "$missing" ] && [ "$tampered" = 0 ]; then
		say "PASS /proc/sealed_mem counters: $(sed -n '/^$/,$p' /proc/sealed_mem | tr '\n' ' ')"
	else
		say "FAIL /proc/sealed_mem counters: missing$missing, tampered '$tampered'"
	fi
	# Leaks: no read for an unprivileged user; no address for root with
	# kptr_restrict=2; the real one with kptr_restrict=1.
	echo 'nobody:x:65534:65534:nobody:/:/bin/sh' > /etc/passwd
	echo 'nogroup:x:65534:' > /etc/group
	nobody() { su -s /bin/sh nobody -c "$1" > /tmp/nobody.out 2>&1; }
	if ! nobody 'head -c 1 /proc/version'; then
		say "FAIL cannot run a command as nobody: $(head -n 1 /tmp/nobody.out)"
	elif nobody 'cat /proc/sealed_mem'; then
		say "FAIL /proc/sealed_mem readable by nobody"
	elif grep -q "sealed_mem.*Permission denied" /tmp/nobody.out; then
		say "PASS /proc/sealed_mem denied to nobody: $(head -n 1 /tmp/nobody.out)"
	else
		say "FAIL /proc/sealed_mem as nobody: $(head -n 1 /tmp/nobody.out)"
	fi
	old=$(cat /proc/sys/kernel/kptr_restrict)
	echo 2 > /proc/sys/kernel/kptr_restrict
	hidden=$(awk 'NR > 1 && NF == 6 && $6 !~ /^0+$/' /proc/sealed_mem)
	echo 1 > /proc/sys/kernel/kptr_restrict
	shown=$(awk -v a="$(awk 'NR == 2 { print $6 }' /proc/sealed_mem)" 'BEGIN { print (a ~ /^0+$/) ? "" : a }')
	echo "$old" > /proc/sys/kernel/kptr_restrict
	if [ -z "$hidden" ] && [ -n "$shown" ]; then
		say "PASS kptr_restrict=2 hides every address from root, =1 shows them"
	else
		say "FAIL kptr_restrict: with 2: '$hidden'; with 1: '$shown'"
	fi
}
