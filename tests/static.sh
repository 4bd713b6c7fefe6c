#!/bin/bash
# Static checks: shellcheck, checkpatch.pl --strict, sparse, kernel-doc,
# and the C tools' warnings as errors.
set -eu
. "$(dirname "$0")/lib.sh"
cd "$KMODLAB_ROOT"
need_pkgs shellcheck sparse perl gcc-arm-linux-gnueabihf libc6-dev-armhf-cross

# Every shell script of the project, found by its first line.
mapfile -t shells < <(git ls-files | while read -r f; do
	case $f in *.sh) echo "$f"; continue ;; esac
	head -c 40 "$f" 2>/dev/null | grep -qE '^#!/bin/(ba)?sh' && echo "$f"
done)
for f in "${shells[@]}"; do
	check "shellcheck $f" shellcheck -x -P SCRIPTDIR "$f"
done

src=$(kernel_source)
mapfile -t csrc < <(git ls-files 'module/*.[ch]' 'kunit/*.[ch]' 'module/faulty/*.[ch]')
for f in "${csrc[@]}"; do
	check "checkpatch --strict $f" "$src/scripts/checkpatch.pl" --strict --no-tree --terse --show-types -f "$f"
done

# kernel-doc: every exported symbol is documented, with no warnings.
exported=$(sed -n 's/^EXPORT_SYMBOL[A-Z_]*(\([a-z_0-9]*\).*/\1/p' module/kmdemo_core.c | sort)
# (kernel-doc -export of 6.1 does not know EXPORT_SYMBOL_NS: ask -v.)
documented=$("$src/scripts/kernel-doc" -v -none module/kmdemo_core.c 2>&1 |
	sed -n 's/.*Scanning doc for function \([a-z_0-9]*\)$/\1/p' | sort)
same "kernel-doc documents every EXPORT_SYMBOL of kmdemo_core" "$exported" "$documented"
check "kernel-doc has no warnings on module/" \
	sh -c "! '$src/scripts/kernel-doc' -none module/*.c module/*.h 2>&1 | grep -v 'Sphinx version' | grep ."

# sparse on a real build (C=2 checks every file).
tree=$(trees x86_64 | awk '$3 == "debian" { print $1; exit }')
if tree_ready "$tree"; then
	tmp=$(mktemp -d)
	cp -r Kbuild module kunit "$tmp/"
	check "sparse (make C=2) is clean against $tree" sh -c \
		"make -C '$(tree_dir "$tree")/kdir' M='$tmp' C=2 modules 2>&1 | grep -E 'warning|error' | grep -v BTF && exit 1 || exit 0"
	rm -rf "$tmp"
else
	fail "sparse (make C=2)" "tree $tree is not ready: run scripts/fetch-trees"
fi

for cc in gcc arm-linux-gnueabihf-gcc; do
	check "rootfs/kmload.c builds with $cc -Wall -Wextra -Werror" \
		"$cc" -static -Os -Wall -Wextra -Werror -o /dev/null rootfs/kmload.c
done
