#!/bin/bash
# tests/dkms.sh: the repository's dkms.conf with Debian's dkms, for real.
# For every ready tree of the host's arch, and every cross-arch tree whose
# cross compiler is installed: dkms add (a copy of the sources), dkms build
# and install against the tree (-k RELEASE/ARCH --kernelsourcedir KDIR),
# the modules' vermagic and compiler, their sameness with a plain
# `make KDIR=` build with that compiler (modinfo, symbol versions, the
# compiler's .comment), depmod's view of the install, a load of both
# modules in the tree's kernel under QEMU; then dkms remove.
# dkms runs as a user of the tree's kernel runs it: a tree built with the
# host's gcc (bookworm's 6.1) with the host's dkms; a tree of another
# compiler (5.10: gcc-10, 6.12: gcc-14, 7.2: gcc-16) inside the root of
# its Debian suite that scripts/toolchain makes, with that suite's dkms
# (bullseye 2.8.4, trixie and sid 3.2.2) and gcc-N, which Debian's
# headers pick themselves (.kernelvariables: CC = $(CROSS_COMPILE)gcc-N).
# Everything goes to private DKMS trees (--dkmstree, --sourcetree,
# --installtree, a private signing key, --no-depmod): one per dkms (the
# host's, each toolchain root's), as on the machines of those users.  The
# host's /var/lib/dkms and /lib/modules, and the toolchain roots', are not
# touched, and a test says so.
# Prints ok / not ok lines; logs in out/tests/dkms/.
set -uo pipefail
export PROG=tests/dkms.sh
. "$(dirname "$0")/lib.sh"
cd "$KMODLAB_ROOT" || exit 1

need_pkgs dkms kmod openssl
out=$KMODLAB_OUT/tests/dkms
rm -rf "$out"
mkdir -p "$out"
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)
[ -n "$ver" ] || die "dkms.conf: no PACKAGE_VERSION"

# The trees and how each is built: tree_compiler's words, the command
# prefix (env, or scripts/toolchain run SUITE N) in RUN, CC=... in CCV, the
# dkms that builds (host, or SUITE-gccN) in DK_ENV; and in DK_ROOT the root
# file system it runs in (/ for the host's).
declare -A words_of
compiler_of() {
	local w
	RUN=(env) CCV=() DK_ENV=host DK_ROOT=/
	while read -r w; do
		case $w in
		'') ;;
		CC=*) CCV+=("$w") ;;
		*) RUN+=("$w") ;;
		esac
	done <<<"${words_of[$1]}"
	# scripts/toolchain run SUITE N: the root of SUITE's gcc-N, where env
	# sets the make variables (ARCH, CROSS_COMPILE) and dkms's.
	if [ ${#RUN[@]} -eq 5 ]; then
		DK_ENV=${RUN[3]}-gcc${RUN[4]}
		DK_ROOT=$(scripts/toolchain path "${RUN[3]}" "${RUN[4]}")
		RUN=("${RUN[@]:1}" env)
	fi
}

# The trees: the host's arch, then the others when their compiler is here
# (the host's cross compiler, or a toolchain root, which has every arch's).
host_arch=$(uname -m)
mapfile -t names < <(trees all | awk -v h="$host_arch" '$2 == h { print $1 }'; trees all | awk -v h="$host_arch" '$2 != h { print $1 }')
selected=()
for t in "${names[@]}"; do
	tree_ready "$t" || { echo "# $t: not ready, skipped (scripts/fetch-trees $t)"; continue; }
	words_of[$t]=$(tree_compiler "$t") || { echo "# $t: no compiler of its kernel, skipped"; continue; }
	compiler_of "$t"
	if [ "$DK_ENV" = host ]; then
		a=$(tree_field "$t" arch)
		cc=${CCV[0]:-}
		cc=${cc#CC=}
		cc=${cc:-$(arch_field "$a" ARCH_CROSS_COMPILE)gcc}
		command -v "$cc" >/dev/null || { echo "# $t: no $cc, skipped"; continue; }
	fi
	selected+=("$t")
done

# The DKMS environments: the host's, and the toolchain roots the trees
# need (made now if they are not in the cache: a few minutes, once).
declare -A roots
for t in "${selected[@]}"; do
	compiler_of "$t"
	roots[$DK_ENV]=$DK_ROOT
done

# The DKMS and module directories of the host and of each root, to show
# they stay as they were.
host_state() {
	local r
	for r in "${roots[@]}"; do
		find "${r%/}/var/lib/dkms" "${r%/}/lib/modules" -maxdepth 3 -printf '%p %T@\n' 2>/dev/null
	done | sort
}
host_before=$(host_state)

# The sources as a user unpacks them: /usr/src/kmdemo-VER is $out/src/...
mkdir -p "$out/src/kmdemo-$ver"
git ls-files -z | xargs -0 cp --parents -t "$out/src/kmdemo-$ver"
cp dkms.conf "$out/src/kmdemo-$ver/"
# One DKMS tree per dkms (DK_ENV) for every kernel and arch it builds
# for, but an install tree per arch: the lab's lab-x86_64 and lab-arm
# kernels share a release, and an install tree is keyed by release alone
# (/lib/modules/RELEASE), as a host's is.
dk_of() { dk=(--dkmstree "$out/dkms-$1" --sourcetree "$out/src"); }
# dkms signs what it builds when it finds sign-file (the host's
# linux-kbuild-6.1 has one; the toolchain roots have none, and the 5.10,
# 6.12 and 7.2 kernels take unsigned modules): with a key of our own, not
# /var/lib/dkms/mok.key.
export mok_signing_key=$out/mok.key mok_certificate=$out/mok.pub

declare -A dkms_ver
for e in $(printf '%s\n' "${!roots[@]}" | sort); do
	dk_of "$e"
	mkdir -p "$out/dkms-$e"
	if [ "$e" = host ]; then RUN=(env); else RUN=(scripts/toolchain run "${e%-gcc*}" "${e##*-gcc}"); fi
	dkms_ver[$e]=$("${RUN[@]}" dkms --version 2>&1 | sed -n 's/^dkms[: -]*//p')
	check "dkms add ($e's dkms ${dkms_ver[$e]})" \
		"${RUN[@]}" dkms add -m kmdemo -v "$ver" "${dk[@]}" --installtree "$out/root-none"
done

# modinfo without what differs by design: the file name, dkms's signature.
info_of() { modinfo "$1" | grep -vE '^(filename|sig_id|signer|sig_key|sig_hashalgo|signature):|^[[:space:]]'; }
# The compilers that made an object (its .comment: "GCC: (Debian 14.2.0-19) 14.2.0").
comment_of() { readelf -p .comment "$1" 2>&1 | sed -n 's/^ *\[ *[0-9a-f]*\]  *//p' | sort -u; }

mkdir -p "$out/scenario"
cat >"$out/scenario/dkms" <<'EOF'
step 1 'insmod /lab/kmdemo_core.ko'
step 2 'insmod /lab/kmdemo_client.ko'
step 3 'cat /sys/kernel/kmdemo/total /sys/kernel/kmdemo/clients'
step 4 'rmmod kmdemo_client && rmmod kmdemo_core'
EOF

boots=()
guests=${KMODLAB_GUESTS:-$(nproc)}
for t in "${selected[@]}"; do
	d=$(tree_dir "$t")
	rel=$(cat "$d/release") a=$(tree_field "$t" arch)
	kgcc=$(($(sed -n 's/^CONFIG_GCC_VERSION=//p' "$d/kdir/.config") / 10000))
	mapfile -t kargs < <(kbuild_args "$a")
	karch=${kargs[0]#ARCH=}
	# dkms takes -k RELEASE/ARCH; make takes ARCH and CROSS_COMPILE from
	# the environment (dkms.conf's MAKE passes no arch of its own).
	# A strict kernel loads only modules signed with its key: dkms signs
	# with whatever key and sign-file it is given. Its own guess at
	# sign-file is /usr/lib/linux-kbuild-${kernelver%.*}/scripts/sign-file,
	# which the host has for 6.1 releases only (7.2.13-kmodlab-strict's
	# would be linux-kbuild-7.2's): the tree's own, built with it.
	key=()
	[ ! -f "$d/signing-key.pem" ] ||
		key=(mok_signing_key="$d/signing-key.pem" mok_certificate="$d/signing-key.pem" sign_file="$d/kdir/scripts/sign-file")
	root=$out/root-$a
	compiler_of "$t"
	dk_of "$DK_ENV"
	# dkms 2.x (bullseye's) "prepares" a tree given by --kernelsourcedir:
	# make mrproper, oldconfig and prepare in it, and mrproper again after
	# the build; headers are ready as they are (3.x only checks them).
	noprep=()
	[[ ${dkms_ver[$DK_ENV]} != 2.* ]] || noprep=(--no-prepare-kernel --no-clean-kernel)
	run_dkms() { "${RUN[@]}" "${kargs[@]}" "${key[@]}" dkms "$@" -m kmdemo -v "$ver" "${dk[@]}" --installtree "$root/lib/modules" -k "$rel/$karch" --kernelsourcedir "$d/kdir" "${noprep[@]}"; }
	check "$t: dkms build -k $rel/$karch --kernelsourcedir ($DK_ENV)" run_dkms build
	mkdir -p "$root/lib/modules/$rel"
	check "$t: dkms install --no-depmod" run_dkms install --no-depmod
	inst=$root/lib/modules/$rel/updates/dkms
	for m in kmdemo_core kmdemo_client; do
		same "$t: $m is built for $a (ELF e_machine)" "$(arch_field "$a" ARCH_ELF_MACHINE)" \
			"$(od -An -tu2 -j18 -N2 "$inst/$m.ko" 2>&1 | tr -d ' ')"
		same "$t: $m vermagic is the tree's release" "$rel" "$(modinfo -F vermagic "$inst/$m.ko" 2>&1 | awk '{ print $1 }')"
		# Signed with the tree's key when the kernel takes no other.
		[ ${#key[@]} -eq 0 ] ||
			same "$t: $m is signed by the tree's key (modinfo signer)" \
				"$(openssl x509 -in "$d/signing-key.pem" -noout -subject -nameopt multiline 2>&1 | sed -n 's/^ *commonName *= //p')" \
				"$(modinfo -F signer "$inst/$m.ko" 2>&1)"
		# The compiler's major version is the kernel's (its headers
		# test and pass flags of that compiler).
		same "$t: $m is compiled by the kernel's gcc-$kgcc (.comment)" "$kgcc" \
			"$(comment_of "$inst/$m.ko" | sed -n 's/^GCC: (.*) \([0-9]*\)\..*/\1/p' | sort -u)"
	done
	# The same modules as the usual build, with the compiler the lab
	# builds with for this tree (tree_compiler: the same root and gcc-N).
	mk=$out/make/$t
	mkdir -p "$mk"
	cp -r "$out/src/kmdemo-$ver/." "$mk/"
	if "${RUN[@]}" make -C "$mk" KDIR="$d/kdir" "${kargs[@]}" "${CCV[@]}" >"$out/make-$t.log" 2>&1; then
		modv=no
		! grep -qx 'CONFIG_MODVERSIONS=y' "$d/kdir/.config" || modv=yes
		for m in kmdemo_core kmdemo_client; do
			same "$t: $m modinfo as make KDIR= builds it" "$(info_of "$mk/module/$m.ko")" "$(info_of "$inst/$m.ko")"
			same "$t: $m compiler as make KDIR= builds it (.comment)" "$(comment_of "$mk/module/$m.ko")" "$(comment_of "$inst/$m.ko")"
			# Symbol versions when the kernel has CONFIG_MODVERSIONS
			# (not the strict ones, not Debian's 7.2), and the same.
			mv_make=$(modprobe --dump-modversions "$mk/module/$m.ko" 2>/dev/null)
			same "$t: $m has symbol versions: $modv (CONFIG_MODVERSIONS)" "$modv" "$([ -n "$mv_make" ] && echo yes || echo no)"
			same "$t: $m symbol versions as make KDIR= builds them" \
				"$mv_make" "$(modprobe --dump-modversions "$inst/$m.ko" 2>/dev/null)"
		done
	else
		fail "$t: make KDIR= build" "see $out/make-$t.log"
	fi
	depmod -b "$root" "$rel" 2>"$out/depmod-$t.log"
	same "$t: depmod sees the client depend on the core" \
		"updates/dkms/kmdemo_client.ko: updates/dkms/kmdemo_core.ko" \
		"$(grep '^updates/dkms/kmdemo_client' "$root/lib/modules/$rel/modules.dep" 2>&1)"
	# The installed modules in the tree's kernel.
	mkdir -p "$out/payload/$t"
	cp "$inst"/*.ko "$out/payload/$t/"
	if rootfs/mkinitramfs "$a" "$out/initramfs-$t" "$out/scenario" "$out/payload/$t" >"$out/boot-$t.log" 2>&1; then
		# A few guests at a time (TCG: one core each), beside the builds:
		# all at once, the slow ones (arm, 7.2) outlast their timeout.
		while [ "$(jobs -rp | wc -l)" -ge "$guests" ]; do wait -n; done
		scripts/boot cold "$t" "$out/initramfs-$t" "$out/boot/$t" dkms >>"$out/boot-$t.log" 2>&1 &
		boots+=("$t:$!")
	else
		fail "$t: initramfs" "see $out/boot-$t.log"
	fi
done

# The boots run side by side; their results, in order.
for b in "${boots[@]}"; do
	t=${b%%:*}
	# (one that wait -n reaped already has ended: not a child any more)
	wait "${b#*:}" 2>/dev/null
	s=$out/boot/$t/dkms/steps
	same "$t: QEMU: insmod kmdemo_core.ko from dkms" "0" "$(cat "$s/1.rc" 2>&1)"
	if grep -qx 'kmdemo_core: loaded: label=kmdemo limit=100 total=0' "$s/1.dmesg" 2>/dev/null; then
		pass "$t: QEMU: the core's init line"
	else
		fail "$t: QEMU: the core's init line" "in $s/1.dmesg:" "$(cat "$s/1.dmesg" 2>&1)" "status: $(cat "$out/boot/$t/status" 2>&1)"
	fi
	same "$t: QEMU: insmod kmdemo_client.ko from dkms" "0" "$(cat "$s/2.rc" 2>&1)"
	same "$t: QEMU: the client registered" "$(printf '1\nkmdemo_client')" "$(cat "$s/3.out" 2>&1)"
	same "$t: QEMU: both unload" "0" "$(cat "$s/4.rc" 2>&1)"
done

for t in "${selected[@]}"; do
	rel=$(cat "$(tree_dir "$t")/release") a=$(tree_field "$t" arch)
	karch=$(arch_field "$a" ARCH_KERNEL)
	compiler_of "$t"
	dk_of "$DK_ENV"
	check "$t: dkms remove -k $rel/$karch ($DK_ENV)" "${RUN[@]}" dkms remove -m kmdemo -v "$ver" "${dk[@]}" \
		--installtree "$out/root-$a/lib/modules" -k "$rel/$karch" --no-depmod
done
left=$(find "$out"/root-* -name '*.ko*' 2>&1; for e in "${!roots[@]}"; do ls "$out/dkms-$e" 2>&1; done)
same "dkms remove: no module installed or registered is left" "" "$left"
same "the host's /var/lib/dkms and /lib/modules (and the toolchain roots') are untouched" "$host_before" "$(host_state)"
