#!/bin/bash
# The boot harness on its own, for each arch: a hung guest and a panicking
# guest are detected and reported, keeping the steps that ran, cold and
# restored from a snapshot; a restored guest is a fresh kernel; and the
# users' own flow, make KDIR=<tree> on a clean copy.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KMODLAB_ROOT"
need_pkgs kmod binutils

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/payload" "$tmp/scen"
# A busy loop, not sleep: on lab-arm (no COMPAT_32BIT_TIME) busybox's
# sleep returns at once.
printf "step 1 'echo before'\nstep 2 'while :; do :; done'\n" >"$tmp/scen/hang"
printf "step 1 'echo before'\nstep 2 'echo c > /proc/sysrq-trigger'\n" >"$tmp/scen/panic"
printf "step 1 'echo fresh; grep -c kmdemo /proc/modules'\nstep 2 'insmod /lab/x.ko'\n" >"$tmp/scen/fresh"

for arch in $(arch_names); do
	# A lab kernel boots in a second or two: the hang timeouts stay short
	# even on a busy machine.
	tree=$(trees all | awk -v a="$arch" '$2 == a && $3 == "lab" { print $1; exit }')
	[ -n "$tree" ] || tree=$(trees all | awk -v a="$arch" '$2 == a { print $1; exit }')
	if [ -z "$tree" ]; then
		fail "harness on $arch" "no tree of $arch in $TREES_LIST"
		continue
	fi
	if ! tree_ready "$tree"; then
		fail "harness on $arch" "tree $tree is not ready: run scripts/fetch-trees $tree"
		continue
	fi
	initrd=$tmp/$arch.cpio
	rootfs/mkinitramfs "$arch" "$initrd" "$tmp/scen" "$tmp/payload"

	if KMODLAB_BOOT_TIMEOUT=25 scripts/boot cold "$tree" "$initrd" "$tmp/hang-$arch" hang 2>/dev/null; then
		fail "a hung guest is reported ($tree)" "boot succeeded"
	else
		same "a hung guest is reported ($tree)" "hung: no end of the run after 25s (KMODLAB_BOOT_TIMEOUT, KMODLAB_SCENARIO_TIMEOUT)" \
			"$(cat "$tmp/hang-$arch/status")"
	fi
	same "the steps before the hang are kept ($tree)" "before" "$(cat "$tmp/hang-$arch/hang/steps/1.out" 2>&1)"
	check "the console log of a hung guest is kept ($tree)" grep -q '@@step 2' "$tmp/hang-$arch/console.log"
	check "the QEMU command line of a boot is kept ($tree)" grep -q -- "-kernel .*-initrd $initrd" "$tmp/hang-$arch/qemu-cmd"

	if scripts/boot cold "$tree" "$initrd" "$tmp/panic-$arch" panic 2>/dev/null; then
		fail "a panicking guest is reported ($tree)" "boot succeeded"
	else
		same "a panicking guest is reported ($tree)" "panic: Kernel panic - not syncing: sysrq triggered crash" \
			"$(cat "$tmp/panic-$arch/status")"
	fi
	same "the steps before the panic are kept ($tree)" "before" "$(cat "$tmp/panic-$arch/panic/steps/1.out" 2>&1)"

	# A snapshot of the booted guest, restored once per scenario: a panic
	# in one restored guest is that run's result, and the next restore
	# is a fresh kernel again.
	check "a booted guest is snapshotted ($tree)" scripts/boot snapshot "$tree" "$initrd" "$tmp/snap-$arch"
	if scripts/boot restore "$tree" "$initrd" "$tmp/snap-$arch" panic "$tmp/scen/panic" "$tmp/rpanic-$arch" 2>/dev/null; then
		fail "a panic after a restore is reported ($tree)" "boot succeeded"
	else
		same "a panic after a restore is reported ($tree)" "panic: Kernel panic - not syncing: sysrq triggered crash" \
			"$(cat "$tmp/rpanic-$arch/status")"
	fi
	check "the next restore runs on a fresh kernel ($tree)" \
		scripts/boot restore "$tree" "$initrd" "$tmp/snap-$arch" fresh "$tmp/scen/fresh" "$tmp/rfresh-$arch"
	same "the restored guest ran the steps sent to it ($tree)" "fresh 0" \
		"$(tr '\n' ' ' <"$tmp/rfresh-$arch/fresh/steps/1.out" | sed 's/ $//')"
	if KMODLAB_SCENARIO_TIMEOUT=20 scripts/boot restore "$tree" "$initrd" "$tmp/snap-$arch" hang "$tmp/scen/hang" "$tmp/rhang-$arch" 2>/dev/null; then
		fail "a hung restored guest is reported ($tree)" "boot succeeded"
	else
		check "a hung restored guest is reported ($tree)" grep -q '^hung: ' "$tmp/rhang-$arch/status"
	fi

	# What a user does: make KDIR=... in the source tree.
	src=$tmp/user-$arch
	git archive --format=tar HEAD | (mkdir -p "$src" && tar -xf - -C "$src")
	mapfile -t args < <(kbuild_args "$arch")
	check "make KDIR=<$tree> ${args[*]} builds the modules" make -C "$src" KDIR="$(tree_dir "$tree")/kdir" "${args[@]}"
	same "the modules' vermagic names the tree's release ($tree)" "$(cat "$(tree_dir "$tree")/release")" \
		"$(modinfo -F vermagic "$src/module/kmdemo_core.ko" | cut -d' ' -f1)"
	same "modinfo shows the client's dependency ($tree)" "kmdemo_core" "$(modinfo -F depends "$src/module/kmdemo_client.ko")"
	check "make clean removes what the build made ($tree)" sh -c \
		"make -C '$src' KDIR='$(tree_dir "$tree")/kdir' ${args[*]} clean >/dev/null && ! find '$src' -name '*.ko' -o -name '*.o' | grep ."
done

# A tree that cannot be had fails on its own line; the others still run.
good=$(trees x86_64 | awk '$3 == "debian" { print $1; exit }')
printf 'debian-6.1.0-1-amd64 x86_64 debian 6.1.0-1-amd64\n%s\n' "$(trees "$good")" >"$tmp/mixed.list"
if TREES_LIST="$tmp/mixed.list" KMODLAB_OUT="$tmp/out" scripts/lab -s client-before-core >"$tmp/mixed.log" 2>&1; then
	fail "a missing tree fails the lab run" "scripts/lab exited 0"
else
	check "a missing tree is reported on its own TAP line" \
		grep -qx 'not ok 1 - debian-6.1.0-1-amd64: the tree could not be fetched or built (see the messages above)' "$tmp/out/results/latest/steps.tap"
	check "the other trees still boot and pass" grep -q "^ok [0-9]* - $good x86_64 client-before-core: insmod client without the core" "$tmp/out/results/latest/steps.tap"
	check "the run ends with its count" grep -qx '4 passed, 1 failed, 0 skipped' "$tmp/mixed.log"
fi
