#!/bin/bash
# tests/dkms.sh: the repository's dkms.conf with Debian's dkms, for real.
# For every ready tree of the host's arch, and every cross-arch tree whose
# cross compiler is installed: dkms add (a copy of the sources), dkms build
# and install against the tree (-k RELEASE/ARCH --kernelsourcedir KDIR),
# the modules' vermagic, their sameness with a plain `make KDIR=` build
# (modinfo and symbol versions), depmod's view of the install, a load of
# both modules in the tree's kernel under QEMU; then dkms remove.
# Everything goes to a private DKMS tree (--dkmstree, --sourcetree,
# --installtree, a private signing key, --no-depmod): the host's
# /var/lib/dkms and /lib/modules are not touched, and a test says so.
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

# The host's own DKMS and module directories, to show they stay as they were.
host_state() { find /var/lib/dkms /lib/modules -maxdepth 3 -printf '%p %T@\n' 2>/dev/null | sort; }
host_before=$(host_state)

# The sources as a user unpacks them: /usr/src/kmdemo-VER is $out/src/...
mkdir -p "$out/src" "$out/dkms"
mkdir -p "$out/src/kmdemo-$ver"
git ls-files -z | xargs -0 cp --parents -t "$out/src/kmdemo-$ver"
cp dkms.conf "$out/src/kmdemo-$ver/"
# One DKMS tree for every kernel and arch, but an install tree per arch:
# the lab's lab-x86_64 and lab-arm kernels share a release, and an install
# tree is keyed by release alone (/lib/modules/RELEASE), as a host's is.
dk=(--dkmstree "$out/dkms" --sourcetree "$out/src")
# dkms signs what it builds (Debian's sign-file is there when
# linux-kbuild-6.1 is): with a key of our own, not /var/lib/dkms/mok.key.
export mok_signing_key=$out/mok.key mok_certificate=$out/mok.pub

check "dkms add" dkms add -m kmdemo -v "$ver" "${dk[@]}" --installtree "$out/root-none"

# The trees: the host's arch, then the others when their compiler is here.
host_arch=$(uname -m)
mapfile -t names < <(trees all | awk -v h="$host_arch" '$2 == h { print $1 }'; trees all | awk -v h="$host_arch" '$2 != h { print $1 }')
selected=()
for t in "${names[@]}"; do
	tree_ready "$t" || { echo "# $t: not ready, skipped (scripts/fetch-trees $t)"; continue; }
	a=$(tree_field "$t" arch)
	cc=$(arch_field "$a" ARCH_CROSS_COMPILE)gcc
	command -v "$cc" >/dev/null || { echo "# $t: no $cc, skipped"; continue; }
	selected+=("$t")
done

# modinfo without what differs by design: the file name, dkms's signature.
info_of() { modinfo "$1" | grep -vE '^(filename|sig_id|signer|sig_key|sig_hashalgo|signature):|^[[:space:]]'; }

mkdir -p "$out/scenario"
cat >"$out/scenario/dkms" <<'EOF'
step 1 'insmod /lab/kmdemo_core.ko'
step 2 'insmod /lab/kmdemo_client.ko'
step 3 'cat /sys/kernel/kmdemo/total /sys/kernel/kmdemo/clients'
step 4 'rmmod kmdemo_client && rmmod kmdemo_core'
EOF

boots=()
for t in "${selected[@]}"; do
	d=$(tree_dir "$t")
	rel=$(cat "$d/release") a=$(tree_field "$t" arch)
	mapfile -t kargs < <(kbuild_args "$a")
	karch=${kargs[0]#ARCH=}
	# dkms takes -k RELEASE/ARCH; make takes ARCH and CROSS_COMPILE from
	# the environment (dkms.conf's MAKE passes no arch of its own).
	# A strict kernel loads only modules signed with its key: dkms signs
	# with whatever key it is given.
	key=() ; [ ! -f "$d/signing-key.pem" ] || key=(mok_signing_key="$d/signing-key.pem" mok_certificate="$d/signing-key.pem")
	root=$out/root-$a
	run_dkms() { env "${kargs[@]}" "${key[@]}" dkms "$@" -m kmdemo -v "$ver" "${dk[@]}" --installtree "$root/lib/modules" -k "$rel/$karch" --kernelsourcedir "$d/kdir"; }
	check "$t: dkms build -k $rel/$karch --kernelsourcedir" run_dkms build
	mkdir -p "$root/lib/modules/$rel"
	check "$t: dkms install --no-depmod" run_dkms install --no-depmod
	inst=$root/lib/modules/$rel/updates/dkms
	for m in kmdemo_core kmdemo_client; do
		same "$t: $m is built for $a (ELF e_machine)" "$(arch_field "$a" ARCH_ELF_MACHINE)" \
			"$(od -An -tu2 -j18 -N2 "$inst/$m.ko" 2>&1 | tr -d ' ')"
		same "$t: $m vermagic is the tree's release" "$rel" "$(modinfo -F vermagic "$inst/$m.ko" 2>&1 | awk '{ print $1 }')"
	done
	# The same modules as the usual build.
	mk=$out/make/$t
	mkdir -p "$mk"
	cp -r "$out/src/kmdemo-$ver/." "$mk/"
	if make -C "$mk" KDIR="$d/kdir" "${kargs[@]}" >"$out/make-$t.log" 2>&1; then
		for m in kmdemo_core kmdemo_client; do
			same "$t: $m modinfo as make KDIR= builds it" "$(info_of "$mk/module/$m.ko")" "$(info_of "$inst/$m.ko")"
			# (none in a kernel without CONFIG_MODVERSIONS: the strict ones)
			same "$t: $m symbol versions as make KDIR= builds them" \
				"$(modprobe --dump-modversions "$mk/module/$m.ko" 2>/dev/null)" "$(modprobe --dump-modversions "$inst/$m.ko" 2>/dev/null)"
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
		scripts/boot cold "$t" "$out/initramfs-$t" "$out/boot/$t" dkms >>"$out/boot-$t.log" 2>&1 &
		boots+=("$t:$!")
	else
		fail "$t: initramfs" "see $out/boot-$t.log"
	fi
done

# The boots run side by side; their results, in order.
for b in "${boots[@]}"; do
	t=${b%%:*}
	wait "${b#*:}"
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
	check "$t: dkms remove -k $rel/$karch" dkms remove -m kmdemo -v "$ver" "${dk[@]}" \
		--installtree "$out/root-$a/lib/modules" -k "$rel/$karch" --no-depmod
done
left=$(find "$out"/root-* -name '*.ko' 2>&1; ls "$out/dkms" 2>&1)
same "dkms remove: no module installed or registered is left" "" "$left"
same "the host's /var/lib/dkms and /lib/modules are untouched" "$host_before" "$(host_state)"
