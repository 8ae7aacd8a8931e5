# SPDX-License-Identifier: GPL-2.0
# Shared settings and helpers for the sealed_mem tooling (sourced, not run).

set -euo pipefail

# Debian's python3 (with python3-ply and python3-docutils) before any other.
export PATH=/usr/bin:/bin:$PATH

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
TREE=$BUILD/linux
OUT=$BUILD/out
JOBS=${JOBS:-$(nproc)}

# The pinned base, from Debian's linux-source-6.12 package.
BASE_PKG=linux-source-6.12
BASE_PIN=${BASE_PIN:-6.12.117-1~deb12u1}
BASE_TARBALL_DEFAULT=/usr/src/linux-source-6.12.tar.xz

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
	"busybox-static:/bin/busybox" "python3-docutils:/usr/lib/python3/dist-packages/docutils"
	"python3-ply:/usr/lib/python3/dist-packages/ply"
	"python3-git:/usr/lib/python3/dist-packages/git"
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
	[ -n "${LINUX_SRC:-}" ] || [ -f "$BASE_TARBALL_DEFAULT" ] ||
		missing+=("$BASE_PKG")
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		die "missing packages; run as root:
  apt-get update && apt-get install -y ${missing[*]}"
	fi
	log "installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	local pkgs=() p
	for p in "${missing[@]}"; do
		if [ "$p" = "$BASE_PKG" ] &&
		   apt-cache madison "$BASE_PKG" | grep -q " $BASE_PIN "; then
			pkgs+=("$BASE_PKG=$BASE_PIN")
		else
			pkgs+=("$p")
		fi
	done
	apt-get install -y -qq "${pkgs[@]}" >/dev/null
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
