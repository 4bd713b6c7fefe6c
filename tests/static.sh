#!/bin/bash
# Static checks: shellcheck, checkpatch.pl --strict, sparse, kernel-doc,
# and the C tools' warnings as errors.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KMODLAB_ROOT"
mapfile -t arch_pkgs < <(all_arch_pkgs)
need_pkgs shellcheck sparse perl python3 pyflakes3 "${arch_pkgs[@]}"

# Every shell script of the project, found by its first line.
mapfile -t shells < <(git ls-files | while read -r f; do
	case $f in *.sh) echo "$f"; continue ;; esac
	head -c 40 "$f" 2>/dev/null | grep -qE '^#!/bin/(ba)?sh' && echo "$f"
done)
for f in "${shells[@]}"; do
	check "shellcheck $f" shellcheck -x -P SCRIPTDIR "$f"
done

src=$(kernel_source 6.1)
mapfile -t csrc < <(git ls-files 'module/*.[ch]' 'kunit/*.[ch]' 'module/faulty/*.[ch]')
# The newest generation's checkpatch.pl knows the newest rules (and the
# string form of MODULE_IMPORT_NS); 6.1's is the one kmodlab began with.
newest=$(kernel_source 7.2)
for f in "${csrc[@]}"; do
	ignore=()
	# Its bug-on fault is a BUG_ON() on purpose: that is what it shows.
	[ "$f" != module/faulty/kmdemo_runtime.c ] || ignore=(--ignore AVOID_BUG)
	check "checkpatch --strict ${ignore[*]}${ignore[*]:+ }$f" "$src/scripts/checkpatch.pl" --strict --no-tree --terse --show-types "${ignore[@]}" -f "$f"
	check "checkpatch --strict (7.2) ${ignore[*]}${ignore[*]:+ }$f" "$newest/scripts/checkpatch.pl" --strict --no-tree --terse --show-types "${ignore[@]}" -f "$f"
done

# kernel-doc: every exported symbol is documented, with no warnings.
exported=$(sed -n 's/^EXPORT_SYMBOL[A-Z_]*(\([a-z_0-9]*\).*/\1/p' module/kmdemo_core.c | sort)
# (kernel-doc -export of 6.1 does not know EXPORT_SYMBOL_NS: ask -v.)
documented=$("$src/scripts/kernel-doc" -v -none module/kmdemo_core.c 2>&1 |
	sed -n 's/.*Scanning doc for function \([a-z_0-9]*\)$/\1/p' | sort)
same "kernel-doc documents every EXPORT_SYMBOL of kmdemo_core" "$exported" "$documented"
check "kernel-doc has no warnings on module/ and module/faulty/" \
	sh -c "! '$src/scripts/kernel-doc' -none module/*.c module/*.h module/faulty/*.c 2>&1 | grep -v 'Sphinx version' | grep ."

# sparse on a real build (C=2 checks every file).
tree=$(trees x86_64 | awk '$3 == "debian" { print $1; exit }')
if tree_ready "$tree"; then
	tmp=$(mktemp -d)
	cp -r Kbuild module kunit "$tmp/"
	# Clean means: the build worked, sparse checked every file (a CHECK
	# line each), and said nothing.
	if ! make -C "$(tree_dir "$tree")/kdir" M="$tmp" C=2 modules >"$tmp/sparse.log" 2>&1; then
		fail "sparse (make C=2) against $tree" "the build failed (is sparse installed?):" "$(tail -n 5 "$tmp/sparse.log")"
	elif [ "$(grep -c '^  CHECK ' "$tmp/sparse.log")" -ne "$(grep '^  CC \[M\] ' "$tmp/sparse.log" | grep -vc '\.mod\.o$')" ]; then
		fail "sparse (make C=2) against $tree" "sparse did not run on every file: $(grep -c '^  CHECK ' "$tmp/sparse.log") CHECK lines"
	elif grep -E 'warning|error' "$tmp/sparse.log" | grep -v BTF >/dev/null; then
		fail "sparse (make C=2) is clean against $tree" "$(grep -E 'warning|error' "$tmp/sparse.log" | head -n 5)"
	else
		pass "sparse (make C=2) is clean against $tree ($(grep -c '^  CHECK ' "$tmp/sparse.log") files)"
	fi
	rm -rf "$tmp"
else
	fail "sparse (make C=2)" "tree $tree is not ready: run scripts/fetch-trees"
fi

for arch in $(arch_names); do
	cc=$(arch_field "$arch" ARCH_CROSS_COMPILE)gcc
	check "rootfs/kmload.c builds with $cc -Wall -Wextra -Werror" \
		"$cc" -static -Os -Wall -Wextra -Werror -o /dev/null rootfs/kmload.c
done

# The Python tools compile, and pyflakes finds nothing.
pytools=(scripts/verify scripts/report scripts/agree scripts/lava)
for f in "${pytools[@]}"; do
	check "python3 compiles $f" python3 -m py_compile "$f"
done
check "pyflakes: ${pytools[*]} scripts/report_lib" pyflakes3 "${pytools[@]}" scripts/report_lib
