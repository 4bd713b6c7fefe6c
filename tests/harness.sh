#!/bin/bash
# The boot harness on its own: a hung guest and a panicking guest are
# detected and reported, keeping the steps that ran; and the users' own
# flow, make KDIR=<tree> on a clean copy, for each arch.
set -eu
. "$(dirname "$0")/lib.sh"
cd "$KMODLAB_ROOT"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/payload"

for arch in x86_64 arm; do
	tree=$(trees "$arch" | awk '$3 == "debian" { print $1; exit }')
	if ! tree_ready "$tree"; then
		fail "harness on $arch" "tree $tree is not ready: run scripts/fetch-trees $tree"
		continue
	fi

	printf "step 1 'echo before'\nstep 2 'sleep 600'\n" >"$tmp/hang.steps"
	if KMODLAB_BOOT_TIMEOUT=40 scripts/boot "$tree" "$tmp/hang.steps" "$tmp/payload" "$tmp/hang-$arch" 2>/dev/null; then
		fail "a hung guest is reported ($tree)" "boot succeeded"
	else
		same "a hung guest is reported ($tree)" "hung: no end of the run after 40s (KMODLAB_BOOT_TIMEOUT)" \
			"$(cat "$tmp/hang-$arch/status")"
	fi
	same "the steps before the hang are kept ($tree)" "before" "$(cat "$tmp/hang-$arch/steps/1.out" 2>&1)"
	check "the console log of a hung guest is kept ($tree)" grep -q '@@step 2' "$tmp/hang-$arch/console.log"

	printf "step 1 'echo before'\nstep 2 'echo c > /proc/sysrq-trigger'\n" >"$tmp/panic.steps"
	if scripts/boot "$tree" "$tmp/panic.steps" "$tmp/payload" "$tmp/panic-$arch" 2>/dev/null; then
		fail "a panicking guest is reported ($tree)" "boot succeeded"
	else
		same "a panicking guest is reported ($tree)" "panic: Kernel panic - not syncing: sysrq triggered crash" \
			"$(cat "$tmp/panic-$arch/status")"
	fi
	same "the steps before the panic are kept ($tree)" "before" "$(cat "$tmp/panic-$arch/steps/1.out" 2>&1)"

	# What a user does: make KDIR=... in the source tree.
	src=$tmp/user-$arch
	git archive --format=tar HEAD | (mkdir -p "$src" && tar -xf - -C "$src")
	args=$(kbuild_arch_args "$arch")
	# shellcheck disable=SC2086
	check "make KDIR=<$tree> $args builds the modules" make -C "$src" KDIR="$(tree_dir "$tree")/kdir" $args
	same "the modules' vermagic names the tree's release ($tree)" "$(cat "$(tree_dir "$tree")/release")" \
		"$(modinfo -F vermagic "$src/module/kmdemo_core.ko" | cut -d' ' -f1)"
	same "modinfo shows the client's dependency ($tree)" "kmdemo_core" "$(modinfo -F depends "$src/module/kmdemo_client.ko")"
	# shellcheck disable=SC2086
	check "make clean removes what the build made ($tree)" sh -c \
		"make -C '$src' KDIR='$(tree_dir "$tree")/kdir' $args clean >/dev/null && ! find '$src' -name '*.ko' -o -name '*.o' | grep ."
done
