# SPDX-License-Identifier: GPL-2.0
# Shared settings and helpers for the sealed_mem tooling (sourced, not run).

set -euo pipefail

# Debian's python3 (with python3-ply and python3-sphinx) before any other.
export PATH=/usr/bin:/bin:$PATH

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
TREE=$BUILD/linux
OUT=$BUILD/out
JOBS=${JOBS:-$(nproc)}

# The x86_64 machines: QEMU's -cpu max, the CPU a user's kernel meets,
# running kernels with jump labels (boot.config), on single-threaded TCG.
# On QEMU's multi-threaded TCG, one boot in a hundred of such a kernel
# dies of an int3 executed after text_poke put the final instruction
# back, with or without the series; with thread=single, none did
# (tooling/bootloop.sh): QEMU's, not ours.
#
# Without la57: with 5-level paging, an interrupt taken while
# identify_cpu() has cleared the boot CPU's capabilities (before the
# alternatives are patched, so pgtable_l5_enabled() reads them) makes
# outline KASAN compute its shadow start for 4-level paging and report a
# wild-memory-access in rcu_is_watching().  Seen in two boot logs of
# 2026-12-02, in start_kernel() before any sealed_mem code runs: a 7.3
# bug, not ours.  With panic_on_warn it would end a KUnit run before its first
# test: most likely how one run once ended.  (No machine here runs
# 5-level paging, then.)
#
# The 2M machine hides 1G pages from the guest; the 1G machine has them
# and 8 GiB, so that 1G leaves are left after the boot (with 4 GiB, the
# KASAN kernel's pairs1g batch found no 8M to take in a 1G page in one
# boot of two).
MACHINE_2M_CPU=max,-pdpe1gb,-la57
MACHINE_1G_CPU=max,+pdpe1gb,-la57
MACHINE_1G_MEM=8192
X86_ACCEL=tcg,thread=single

# ZONE_MOVABLE (movablecore=), whose pages sealed_mem must refuse, for the
# KUnit runs and the x86_64-movable boot test, which offlines a block of
# it.  Half of memory: memblock allocates from the top, where ZONE_MOVABLE
# lies, and leaves a smaller one without a free block (KASAN's shadow
# alone is 1/8 of memory).  The boot machine has MACHINE_MOVABLE_MEM: with
# half of it, 1 GiB left no block of the kernel zone that could be offlined.
MOVABLECORE=50%
MACHINE_MOVABLE_MEM=2048

# The base: Linux 7.3 from Debian's linux-source-7.3 (trixie-backports),
# fetched into build/base with a private apt configuration, so that the
# machine's own apt sources and state are left alone.  Pinned to BASE_PIN
# while the archive offers it, else the newest 7.3 it offers.
BASE_PKG=linux-source-7.3
BASE_PIN=${BASE_PIN:-7.3.4-1~bpo13+1}
BASE_SUITE=${BASE_SUITE:-trixie-backports}
BASE_MIRROR=${BASE_MIRROR:-http://deb.debian.org/debian}
BASE_DIR=$BUILD/base
BASE_TARBALL=$BASE_DIR/linux-source-7.3.tar.xz

# Debian packages the tooling needs, with a command that proves each is there.
DEPS=(
	"gcc:gcc" "make:make" "flex:flex" "bison:bison" "bc:bc"
	"libelf-dev:/usr/include/libelf.h" "libssl-dev:/usr/include/openssl/ssl.h"
	"python3:python3" "git:git" "xz-utils:xz" "cpio:cpio" "perl:perl"
	"rsync:rsync" "ccache:ccache" "sparse:sparse"
	"qemu-system-x86:qemu-system-x86_64" "qemu-system-arm:qemu-system-aarch64"
	"gcc-aarch64-linux-gnu:aarch64-linux-gnu-gcc"
	"libc6-dev:/usr/lib/x86_64-linux-gnu/libc.a"
	"libc6-dev-arm64-cross:/usr/aarch64-linux-gnu/lib/libc.a"
	"busybox-static:/bin/busybox"
	"python3-sphinx:/usr/lib/python3/dist-packages/sphinx"
	"python3-yaml:/usr/lib/python3/dist-packages/yaml"
	"python3-ply:/usr/lib/python3/dist-packages/ply"
	"python3-git:/usr/lib/python3/dist-packages/git"
	"debian-archive-keyring:/usr/share/keyrings/debian-archive-keyring.gpg"
)

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

have() {
	case $1 in
	/*) [ -e "$1" ] ;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac
}

# Install what is missing when root, or say exactly what to run.
ensure_deps() {
	local missing=() d
	for d in "${DEPS[@]}"; do
		have "${d#*:}" || missing+=("${d%%:*}")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		die "missing packages; run as root:
  apt-get update && apt-get install -y ${missing[*]}"
	fi
	log "installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq "${missing[@]}" >/dev/null
}

# apt with its own sources list and state under build/base/apt.
base_apt() {
	local cmd=$1 dir=$BASE_DIR/apt
	shift
	"$cmd" -q -o Dir::Etc::SourceList="$dir/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null -o Dir::State="$dir/state" \
		-o Dir::State::Status=/var/lib/dpkg/status -o Dir::Cache="$dir/cache" \
		-o APT::Sandbox::User=root -o Debug::NoLocking=1 "$@"
}

# Fetch linux-source-7.3 and check it: apt verifies the .deb against the
# archive's signed index; the package's name and version are checked here,
# and the tarball inside must be a 7.3 tree (tree.sh).  Prints the tarball.
ensure_base() {
	local dir=$BASE_DIR/apt version deb
	if [ -n "${LINUX_SRC:-}" ]; then
		echo "$LINUX_SRC"
		return 0
	fi
	if [ -f "$BASE_TARBALL" ] && [ -f "$BASE_DIR/version" ]; then
		echo "$BASE_TARBALL"
		return 0
	fi
	log "fetching $BASE_PKG from $BASE_SUITE (private apt state in build/base/apt)"
	rm -rf "$dir" && mkdir -p "$dir/state/lists/partial" "$dir/cache/archives/partial"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $BASE_MIRROR $BASE_SUITE main" \
		> "$dir/sources.list"
	base_apt apt-get update >&2 || die "apt-get update of $BASE_SUITE failed"
	if base_apt apt-cache madison "$BASE_PKG" | grep -q "| $BASE_PIN |"; then
		version=$BASE_PIN
	else
		version=$(base_apt apt-cache madison "$BASE_PKG" | awk -F' *[|] *' 'NR == 1 { print $2 }')
		[ -n "$version" ] || die "$BASE_SUITE offers no $BASE_PKG"
		log "$BASE_PKG $BASE_PIN is not offered; taking $version"
	fi
	(cd "$dir" && base_apt apt-get download "$BASE_PKG=$version" >&2) ||
		die "could not download $BASE_PKG=$version"
	deb=$(ls "$dir"/"${BASE_PKG}"_*.deb)
	[ "$(dpkg-deb -f "$deb" Package)" = "$BASE_PKG" ] &&
		[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] ||
		die "$deb is not $BASE_PKG $version"
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO ./usr/src/linux-source-7.3.tar.xz > "$BASE_TARBALL.tmp" ||
		die "$deb holds no linux-source-7.3.tar.xz"
	mv "$BASE_TARBALL.tmp" "$BASE_TARBALL"
	rm -f "$deb"
	echo "$BASE_PKG $version" > "$BASE_DIR/version"
	echo "$BASE_TARBALL"
}

# QEMU on TCG only.  7.3's kunit.py asks for "-accel kvm -accel hvf -accel
# tcg"; where /dev/kvm exists but the CPU has no virtualization extensions,
# QEMU 7.2 then hangs silently.  Wrappers ahead in PATH drop kvm and hvf,
# and give the x86_64 one the accelerator of its machines ($X86_ACCEL).
use_tcg() {
	local dir=$BUILD/qemu-tcg q tcg tmp
	mkdir -p "$dir"
	for q in qemu-system-x86_64 qemu-system-aarch64; do
		tcg=tcg
		[ "$q" = qemu-system-x86_64 ] && tcg=$X86_ACCEL
		tmp=$(mktemp "$dir/$q.XXXXXX")
		cat > "$tmp" <<EOS
#!/bin/sh
# Generated by sealed_mem's tooling/common.sh: run $q on TCG alone ($tcg).
n=\$#
while [ \$n -gt 0 ]; do
	a=\$1; shift; n=\$((n - 1))
	if [ "\$a" = -accel ] && [ \$n -gt 0 ]; then
		case \$1 in
		kvm|hvf) shift; n=\$((n - 1)); continue ;;
		tcg) shift; n=\$((n - 1)); set -- "\$@" -accel $tcg; continue ;;
		esac
	fi
	set -- "\$@" "\$a"
done
exec /usr/bin/$q "\$@"
EOS
		chmod +x "$tmp"
		if cmp -s "$tmp" "$dir/$q"; then
			rm -f "$tmp"
		else
			mv "$tmp" "$dir/$q"
		fi
	done
	export PATH=$dir:$PATH
}

# Compilers go through ccache when it is there.
use_ccache() {
	if [ -d /usr/lib/ccache ]; then
		export PATH=/usr/lib/ccache:$PATH
		export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/sealed_mem-ccache}
		export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
		# The build directory is part of the command line; keep hits across clones.
		export CCACHE_BASEDIR=$BUILD
		export CCACHE_NOHASHDIR=1
	fi
	# Reproducible build stamps keep ccache hits across rebuilds.
	export KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 2026'
	export KBUILD_BUILD_USER=sealed_mem KBUILD_BUILD_HOST=qemu
}

# busybox-static for the arm64 guest, unpacked under build/.
ensure_arm64_busybox() {
	local dir=$BUILD/busybox-arm64 tmp deb
	[ -x "$dir/bin/busybox" ] && return 0
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		[ "$(id -u)" -eq 0 ] || die "the arm64 guest needs busybox-static:arm64; run as root:
  dpkg --add-architecture arm64 && apt-get update"
		dpkg --add-architecture arm64
		apt-get update -qq
	fi
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -q busybox-static:arm64 >/dev/null 2>&1) ||
		die "could not download busybox-static:arm64 (apt-get download)"
	deb=$(ls "$tmp"/*.deb)
	rm -rf "$dir.tmp"
	dpkg-deb -x "$deb" "$dir.tmp"
	mv "$dir.tmp" "$dir"
	rm -rf "$tmp"
}
