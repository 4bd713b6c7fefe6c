# shellcheck shell=bash
# Common helpers for kmodlab's host scripts.  Source it; do not run it.

KMODLAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Downloads and kernel builds live outside the clone, keyed by what they
# were made from, so a fresh clone on the same machine reuses them.
KMODLAB_CACHE=${KMODLAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kmodlab}
# Per-run products (module builds, initramfs, console logs, results).
KMODLAB_OUT=${KMODLAB_OUT:-$KMODLAB_ROOT/out}
TREES_LIST=${TREES_LIST:-$KMODLAB_ROOT/qemu/trees.list}
export KMODLAB_ROOT KMODLAB_CACHE KMODLAB_OUT TREES_LIST

PROG=${PROG:-$(basename "$0")}

die() {
	printf '%s: error: %s\n' "$PROG" "$*" >&2
	exit 1
}

warn() {
	printf '%s: warning: %s\n' "$PROG" "$*" >&2
}

info() {
	printf '%s: %s\n' "$PROG" "$*" >&2
}

# trees [NAME-OR-ARCH-FILTER]: print "name arch kind source" for each tree
# in the list.  The filter is a comma-separated list of tree names or
# arches; "all" or empty selects every tree.
trees() {
	local filter=${1:-all}
	[ -r "$TREES_LIST" ] || die "tree list $TREES_LIST not found"
	awk -v filter="$filter" '
		BEGIN { n = split(filter, f, ","); for (i = 1; i <= n; i++) want[f[i]] = 1 }
		/^[ \t]*(#|$)/ { next }
		NF != 4 { printf "%s:%d: expected 4 fields (name arch kind source), got %d\n", FILENAME, NR, NF > "/dev/stderr"; exit 2 }
		filter == "all" || want[$1] || want[$2] { print $1, $2, $3, $4; found = 1 }
		END { if (!found && filter != "all") { printf "no tree matches \"%s\"\n", filter > "/dev/stderr"; exit 3 } }
	' "$TREES_LIST" || die "bad tree selection: see $TREES_LIST (tree names, or arches: $(arch_names | tr '\n' ' '))"
}

# tree_field NAME FIELD(arch|kind|source)
tree_field() {
	local arch kind source
	while read -r _ arch kind source; do
		case $2 in
		arch) echo "$arch" ;;
		kind) echo "$kind" ;;
		source) echo "$source" ;;
		esac
	done < <(trees "$1")
}

# Where a prepared tree lives.  Every tree, whatever its kind, offers:
#   kdir/     a directory usable as KDIR for out-of-tree module builds
#   kernel    the image QEMU boots
#   release   the kernel release (uname -r)
tree_dir() {
	echo "$KMODLAB_CACHE/trees/$1"
}

tree_ready() {
	local d
	d=$(tree_dir "$1")
	[ -d "$d/kdir" ] && [ -f "$d/kernel" ] && [ -s "$d/release" ]
}

# The arches kmodlab knows: one qemu/arch/<arch>.conf each.
arch_names() {
	local f
	for f in "$KMODLAB_ROOT"/qemu/arch/*.conf; do
		basename "$f" .conf
	done
}

# arch_conf ARCH: load the description of ARCH (ARCH_KERNEL, ARCH_QEMU...)
# into this shell.
arch_conf() {
	local f=$KMODLAB_ROOT/qemu/arch/$1.conf
	[ -r "$f" ] || die "unknown arch '$1': no $f (the arches are: $(arch_names | tr '\n' ' '))"
	# shellcheck source=../qemu/arch/x86_64.conf
	. "$f"
}

# kbuild_args ARCH: print the make variables that build for ARCH on this
# host, one a line (read them with mapfile).
kbuild_args() {
	(
		arch_conf "$1"
		echo "ARCH=$ARCH_KERNEL"
		[ -z "$ARCH_CROSS_COMPILE" ] || echo "CROSS_COMPILE=$ARCH_CROSS_COMPILE"
	)
}

# arch_field ARCH VARIABLE: one scalar field of an arch's description.
arch_field() {
	(
		arch_conf "$1"
		printf '%s\n' "${!2}"
	)
}

# arch_of_machine N: the arch whose modules have e_machine N.
arch_of_machine() {
	local a
	for a in $(arch_names); do
		[ "$(arch_field "$a" ARCH_ELF_MACHINE)" = "$1" ] && { echo "$a"; return 0; }
	done
	return 1
}

# all_arch_pkgs: the Debian packages that build for every arch.
all_arch_pkgs() {
	local a
	for a in $(arch_names); do
		(
			arch_conf "$a"
			printf '%s\n' "${ARCH_PKGS[@]}" "$ARCH_QEMU_PKG"
		)
	done | sort -u
}

# apt_update: refresh the package index, retrying because a mirror in the
# middle of a sync serves index files that fail their hash check.
apt_update() {
	local try
	for try in 1 2 3; do
		if apt-get update -q >"$KMODLAB_CACHE/apt-update.log" 2>&1 &&
			! grep -q '^E: ' "$KMODLAB_CACHE/apt-update.log"; then
			return 0
		fi
		warn "apt-get update reported errors (try $try of 3), see $KMODLAB_CACHE/apt-update.log"
		sleep $((try * 2))
	done
	# A partial index is still usable when what we need is in it.
	warn "continuing with a partial package index"
}

# need_foreign_arches: dpkg knows every arch of qemu/arch/ (Debian's
# busybox-static, kernels and headers of each are fetched with apt).
need_foreign_arches() {
	local darch host added=0
	host=$(dpkg --print-architecture)
	for darch in $(for a in $(arch_names); do arch_field "$a" ARCH_DEB; done); do
		[ "$darch" = "$host" ] || dpkg --print-foreign-architectures | grep -x "$darch" >/dev/null || {
			[ "$(id -u)" -eq 0 ] || die "dpkg does not know the $darch architecture: run dpkg --add-architecture $darch as root"
			dpkg --add-architecture "$darch"
			added=1
		}
	done
	if [ $added = 1 ]; then
		mkdir -p "$KMODLAB_CACHE"
		apt_update
	fi
}

# need_pkgs PKG...: install the Debian packages that are missing (PKG or
# PKG:ARCH).  Called by every helper that needs a tool, many times a run:
# what is known installed is remembered (PKGS_INSTALLED), and nothing is
# forked per package.
declare -gA PKGS_INSTALLED=()
need_pkgs() {
	local missing=() p name state ask=()
	for p in "$@"; do
		[ -n "${PKGS_INSTALLED[$p]:-}" ] || ask+=("$p")
	done
	[ ${#ask[@]} -gt 0 ] || return 0
	need_foreign_arches
	# One dpkg-query for all of them: "name:arch status" of each known one.
	while read -r name state; do
		[ "$state" = installed ] || continue
		PKGS_INSTALLED[$name]=1 PKGS_INSTALLED[${name%%:*}]=1
	done < <(dpkg-query -W -f='${Package}:${Architecture} ${db:Status-Status}\n' "${ask[@]}" 2>/dev/null || true)
	for p in "${ask[@]}"; do
		[ -n "${PKGS_INSTALLED[$p]:-}" ] || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "missing packages: ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root"
	mkdir -p "$KMODLAB_CACHE"
	# One installer at a time (fetch-trees builds lab kernels while it
	# fetches, and both lanes may install): apt would refuse the second.
	local lock
	exec {lock}>"$KMODLAB_CACHE/.apt-install.lock"
	flock "$lock" || die "cannot lock $KMODLAB_CACHE/.apt-install.lock"
	info "installing ${missing[*]}"
	apt_update
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
		>"$KMODLAB_CACHE/apt-install.log" 2>&1 ||
		die "apt-get install ${missing[*]} failed, see $KMODLAB_CACHE/apt-install.log"
	exec {lock}>&-
	for p in "${missing[@]}"; do
		PKGS_INSTALLED[$p]=1
	done
}

# debian_mirror: the Debian archive the host's apt is configured with
# (deb822 .sources or one-line sources.list), so that the project's own
# apt configurations use the same mirror and no host name is written into
# the repository.
debian_mirror() {
	local uri
	uri=$( {
		cat /etc/apt/sources.list.d/*.sources 2>/dev/null
		sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/URIs: \2/p' /etc/apt/sources.list 2>/dev/null
	} | awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }')
	[ -n "$uri" ] || die "no Debian archive (a URI ending in /debian) in the host's apt sources: add one, e.g. in /etc/apt/sources.list.d/debian.sources"
	echo "${uri%/}"
}

# apt_index_fresh DIR: apt_private's index in DIR was updated in the last
# day (and the caller did not ask for a refresh with APT_REFRESH=1).
apt_index_fresh() {
	[ "${APT_REFRESH:-0}" != 1 ] && [ -f "$1/updated" ] && [ -n "$(find "$1/updated" -mmin -1440)" ]
}

# apt_private SUITE DARCH: set APT_OPTS to an apt configuration of the
# project's own for SUITE's main for DARCH (plus the host's arch, whose
# linux-kbuild runs on this machine): its own sources list, lists and
# cache under the cache, the host's keyring, the host's mirror.  The
# host's apt sources are never touched.  The lists are refreshed when
# they are missing, older than a day or APT_REFRESH=1.  The mirror may be
# a snapshot whose Release files are past their Valid-Until (sid's last a
# week): their signatures still hold, so that is not checked.
apt_private() {
	local suite=$1 darch=$2 host dir try
	host=$(dpkg --print-architecture)
	dir=$KMODLAB_CACHE/apt/$suite-$darch
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
	: >>"$dir/status"
	printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' \
		"$(debian_mirror)" "$suite" >"$dir/sources.list"
	APT_OPTS=(-o "Dir::Etc::sourcelist=$dir/sources.list" -o Dir::Etc::sourceparts=/nonexistent
		-o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache"
		-o "Dir::State::status=$dir/status" -o Acquire::Languages=none
		-o Acquire::Check-Valid-Until=false
		-o "APT::Architecture=$host" -o "APT::Architectures::=$host" -o "APT::Architectures::=$darch")
	apt_index_fresh "$dir" && return 0
	# One update of an index at a time (a lab kernel's source and a Debian
	# tree may come from the same suite at once); the second finds it
	# fresh.  (An APT_REFRESH caller updates again: it asked to.)
	local lock
	exec {lock}>"$dir/update.lock"
	flock "$lock" || die "cannot lock $dir/update.lock"
	apt_index_fresh "$dir" && { exec {lock}>&-; return 0; }
	# A mirror in the middle of a sync serves index files of the wrong
	# size ("Mirror sync in progress?"): retry, then go on without them.
	# apt-get exits 0 when only some index files failed ("W: Failed to
	# fetch ...", "W: Some index files failed to download"): that is a
	# failure too, and the index is not marked fresh.
	local bad='^(E: |W: Failed to fetch|W: Some index files failed)'
	for try in 1 2 3; do
		if apt-get -q "${APT_OPTS[@]}" update >"$dir/update.log" 2>&1 &&
			! grep -qE "$bad" "$dir/update.log"; then
			touch "$dir/updated"
			exec {lock}>&-
			return 0
		fi
		sleep $((try * 3))
	done
	exec {lock}>&-
	warn "$suite/$darch: apt-get update kept failing ($(grep -m1 -E "$bad" "$dir/update.log" | cut -c4-)); going on with what the index has, see $dir/update.log"
}

# kernel_source [SERIES]: print the directory of Debian's
# linux-source-SERIES (default 6.1, the host's), unpacked once into the
# cache (checkpatch.pl, kernel-doc, gen_init_cpio, kunit.py, the lab
# kernels come from it).  Other series come from the suite that has them
# (source_suite), through the project's own apt configuration.
kernel_source() {
	local series=${1:-6.1} ver dir tmp deb suite lock
	if [ "$series" = 6.1 ]; then
		need_pkgs linux-source-6.1 xz-utils
		ver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
		deb=""
	else
		suite=$(source_suite "$series")
		apt_private "$suite" "$(dpkg --print-architecture)"
		ver=$(apt-cache "${APT_OPTS[@]}" show "linux-source-$series" 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -n 1)
		[ -n "$ver" ] || die "Debian $suite has no linux-source-$series (see $KMODLAB_CACHE/apt/$suite-*/update.log)"
		deb=$KMODLAB_CACHE/debs/linux-source-${series}_${ver}_all.deb
	fi
	dir=$KMODLAB_CACHE/src/linux-source-$ver
	# Unpacked once, whole: "done" is written last, and one unpacker at a
	# time (several labs, builds and tests may ask at once).
	[ -f "$dir/.kmodlab-done" ] && { echo "$dir"; return 0; }
	mkdir -p "$KMODLAB_CACHE/src" "$KMODLAB_CACHE/debs"
	exec {lock}>"$KMODLAB_CACHE/src/.linux-source-$ver.lock"
	flock "$lock" || die "cannot lock $KMODLAB_CACHE/src/.linux-source-$ver.lock"
	if [ ! -f "$dir/.kmodlab-done" ]; then
		info "unpacking linux-source-$series $ver into $dir"
		tmp=$(mktemp -d "$KMODLAB_CACHE/src/.unpack.XXXXXX")
		if [ -n "$deb" ]; then
			[ -s "$deb" ] || apt_download "$KMODLAB_CACHE/debs" "linux-source-$series" ||
				die "downloading linux-source-$series failed, see $KMODLAB_CACHE/debs/download.log"
			dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" "./usr/src/linux-source-$series.tar.xz"
			tar -xJf "$tmp/usr/src/linux-source-$series.tar.xz" -C "$tmp"
		else
			tar -xJf "/usr/src/linux-source-$series.tar.xz" -C "$tmp"
		fi
		rm -rf "$dir"
		mv "$tmp/linux-source-$series" "$dir"
		rm -rf "$tmp"
		touch "$dir/.kmodlab-done"
	fi
	exec {lock}>&-
	echo "$dir"
}

# source_suite SERIES: the Debian suite whose linux-source-SERIES the lab
# kernels of that series are built from.
source_suite() {
	case $1 in
	5.10) echo bullseye ;;
	6.1) echo bookworm ;;
	6.12) echo trixie ;;
	7.2) echo sid ;;
	*) die "no Debian suite is known to have linux-source-$1 (5.10, 6.1, 6.12, 7.2)" ;;
	esac
}

# apt_download DIR PKG...: apt-get download with APT_OPTS into DIR.
apt_download() {
	local dir=$1 try
	shift
	mkdir -p "$dir"
	# apt drops privileges to _apt for downloads; let it write here.
	chown _apt "$dir" 2>/dev/null || true
	# One download into DIR at a time: its download.log is the one the
	# caller's error message names.  (The lock is in a subshell's fd: it
	# goes with the subshell.)
	(
		exec 7>"$dir/.download.lock"
		flock 7 || exit 1
		for try in 1 2 3; do
			(cd "$dir" && apt-get -q "${APT_OPTS[@]}" download "$@") >"$dir/download.log" 2>&1 && exit 0
			sleep $((try * 3))
		done
		exit 1
	)
}

# tree_gcc NAME: the gcc tree NAME's kernel was built with
# (CONFIG_GCC_VERSION), when the host's gcc is another version: its major
# and the host's name for it (<triplet>gcc-N), on one line; else nothing.
tree_gcc() {
	local dir want host cc
	dir=$(tree_dir "$1")
	want=$(sed -n 's/^CONFIG_GCC_VERSION=\([0-9]*\)$/\1/p' "$dir/kdir/.config" 2>/dev/null)
	[ -n "$want" ] || return 0
	want=$((want / 10000))
	host=$(gcc -dumpversion 2>/dev/null || echo 0)
	[ "${host%%.*}" != "$want" ] || return 0
	cc=$(arch_field "$(cat "$dir/arch")" ARCH_CROSS_COMPILE)
	echo "$want ${cc:-$(gcc -dumpmachine)-}gcc-$want"
}

# tree_root NAME: the Debian suite and gcc major of the scripts/toolchain
# root that has tree NAME's compiler, on one line, when the host lacks it;
# else nothing.
tree_root() {
	local want cc dir
	read -r want cc < <(tree_gcc "$1") || return 0
	! command -v "$cc" >/dev/null || return 0
	dir=$(tree_dir "$1")
	[ -s "$dir/suite" ] || die "$1 was built with gcc-$want, which this host lacks, and its Debian suite is unknown"
	echo "$(cat "$dir/suite") $want"
}

# tree_compiler NAME: the command prefix and make variables that build
# modules for tree NAME with its kernel's compiler, one word a line:
# nothing when the host's gcc is that version; CC=<triplet>gcc-N when the
# host has it; else scripts/toolchain's root of the tree's Debian suite
# (tree_root) runs the build, with its CC.
tree_compiler() {
	local gcc root suite want
	gcc=$(tree_gcc "$1")
	[ -n "$gcc" ] || return 0
	# Not in a process substitution: tree_root's die must stop us.
	root=$(tree_root "$1")
	if [ -n "$root" ]; then
		read -r suite want <<<"$root"
		printf '%s\n' "$KMODLAB_ROOT/scripts/toolchain" run "$suite" "$want"
	fi
	echo "CC=${gcc#* }"
}

# printk_symbol KDIR: what printk() calls on that tree: _printk since
# 5.15, printk before (from its Module.symvers, not from our modules).
printk_symbol() {
	if awk '$2 == "_printk" { found = 1 } END { exit !found }' "$1/Module.symvers"; then
		echo _printk
	else
		echo printk
	fi
}

# tree_certs NAME: the certificates the tree's kernel trusts for module
# signatures (built into its image: Debian's per-build key is nowhere
# else), extracted once into the tree's certs/ as DER files; prints their
# paths.  None for a kernel without a built-in keyring.
tree_certs() {
	local dir tool src rc=0
	dir=$(tree_dir "$1")
	if [ ! -f "$dir/certs/.done" ]; then
		src=$KMODLAB_ROOT/scripts/kocheck
		tool=$KMODLAB_CACHE/tools/vmlinuz-certs-$(cat "$src/vmlinuz.c" "$src/vmlinuz.h" "$src/vmlinuz-certs-main.c" | sha256sum | cut -c1-12)
		if [ ! -x "$tool" ]; then
			need_pkgs gcc pkg-config libssl-dev zlib1g-dev liblzma-dev libzstd-dev liblz4-dev liblzo2-dev libbz2-dev
			mkdir -p "$KMODLAB_CACHE/tools"
			# shellcheck disable=SC2046 # pkg-config's flags are words
			# (a private name: two labs may build it at once)
			gcc -O2 -Wall -Wextra -Werror -o "$tool.tmp$$" "$src/vmlinuz-certs-main.c" "$src/vmlinuz.c" \
				$(pkg-config --cflags --libs zlib liblzma libzstd liblz4 lzo2 libcrypto) -lbz2 ||
				die "building vmlinuz-certs failed"
			mv "$tool.tmp$$" "$tool"
		fi
		rm -rf "$dir/certs"
		mkdir -p "$dir/certs.tmp"
		"$tool" "$dir/kernel" "$dir/certs.tmp" >"$dir/certs.tmp/.log" 2>&1 || rc=$?
		# 2: the kernel has no built-in keyring.
		[ $rc = 0 ] || [ $rc = 2 ] || die "$1: no certificates from $dir/kernel: $(tail -n 1 "$dir/certs.tmp/.log")"
		touch "$dir/certs.tmp/.done"
		mv "$dir/certs.tmp" "$dir/certs"
	fi
	find "$dir/certs" -name '*.der' | sort
}
