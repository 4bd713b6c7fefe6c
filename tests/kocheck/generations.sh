# shellcheck shell=bash disable=SC2154
# The loader of each generation kocheck replays (5.10, 6.1, 6.12, 7.2),
# on crafted modules: sourced by tests/kocheck/unit after crafted.sh
# (its $sv, mk, expect).  Each test is a difference between generations,
# checked in that generation's source (docs/agreement.md lists them).

g() { printf '%s SMP preempt mod_unload modversions ' "$1"; }
V510=$(g 5.10.0-x) V61=$(g 6.1.0-x) V612=$(g 6.12.0-x) V72=$(g 7.2.0-x)
gbase=(--name kotest --modinfo name=kotest --modinfo license=GPL --modinfo retpoline=Y
	--version module_layout:1234 --version _printk:99 --undef _printk)
goot="dmesg: kotest: loading out-of-tree module taints kernel."
obs="dmesg: kotest: ignoring obsolete section __ksymtab_gpl
dmesg: kotest: ignoring obsolete section __kcrctab_gpl"
for v in 510 61 612 72; do
	vm=V$v
	mk "$tmp/g$v.ko" "${gbase[@]}" --modinfo "vermagic=${!vm}"
done
# check on a target of that generation whose sizeof(struct module) is mkko's
gopts=(--symvers "$sv" --sig off --struct-module-size 848)
G510=(check --vermagic "$V510" "${gopts[@]}")
G61=(check --vermagic "$V61" "${gopts[@]}")
G612=(check --vermagic "$V612" "${gopts[@]}")
G72=(check --vermagic "$V72" "${gopts[@]}")

# elf_validity_check(): 5.10 names no check; ET_EXEC instead of ET_REL
for v in 510 61 612; do
	cp "$tmp/g$v.ko" "$tmp/g$v-exec.ko"
	printf '\002' | dd of="$tmp/g$v-exec.ko" bs=1 seek=16 conv=notrunc status=none
done
expect "generations: 5.10 elf_validity_check() is silent" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: Module has invalid ELF structures" "${G510[@]}" "$tmp/g510-exec.ko"
expect "generations: 6.1 names the check" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: Invalid ELF header type: 2 != 1" "${G61[@]}" "$tmp/g61-exec.ko"
expect "generations: 6.12 names the check" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: Invalid ELF header type: 2 != 1" "${G612[@]}" "$tmp/g612-exec.ko"

# finit_module(): MODULE_INIT_COMPRESSED_FILE is 5.17+
expect "generations: 5.10 has no MODULE_INIT_COMPRESSED_FILE: EINVAL" 1 "verdict: refused: EINVAL (errno 22)" \
	"${G510[@]}" --finit-module --compressed-file "$tmp/g510.ko"
expect "generations: 6.1 without CONFIG_MODULE_DECOMPRESS: EOPNOTSUPP" 1 "verdict: refused: EOPNOTSUPP (errno 95)" \
	"${G61[@]}" --finit-module --compressed-file "$tmp/g61.ko"

# TAINT_TEST is 5.19+
mk "$tmp/g510t.ko" "${gbase[@]}" --modinfo "vermagic=$V510" --modinfo test=Y
mk "$tmp/g61t.ko" "${gbase[@]}" --modinfo "vermagic=$V61" --modinfo test=Y
expect "generations: 5.10 ignores test=Y" 0 "verdict: loads
$goot" "${G510[@]}" --init-returns 0 "$tmp/g510t.ko"
expect "generations: 6.1 taints test=Y" 0 "verdict: loads
$goot
dmesg: kotest: loading test module taints kernel." "${G61[@]}" --init-returns 0 "$tmp/g61t.ko"

# No .gnu.linkonce.this_module: setup_load_info() up to 6.1,
# elf_validity_cache_index_mod() from 6.4
mk "$tmp/g61n.ko" "${gbase[@]}" --modinfo "vermagic=$V61" --no-this-module
mk "$tmp/g612n.ko" "${gbase[@]}" --modinfo "vermagic=$V612" --no-this-module
expect "generations: 6.1 no module" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: kotest: No module found in object" "${G61[@]}" "$tmp/g61n.ko"
expect "generations: 6.12 no module" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: module kotest: Exactly one .gnu.linkonce.this_module section must exist." "${G612[@]}" "$tmp/g612n.ko"
# sizeof(struct module): refused when it differs, unknown when not known
expect "generations: 6.12 struct module size differs" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: module kotest: .gnu.linkonce.this_module section size must match the kernel's built struct module size at run time" \
	"${G612[@]}" --struct-module-size 1280 "$tmp/g612.ko"
expect "generations: 6.12 struct module size not known: unknown" 3 "verdict: unknown (predicted: loads)
$goot" check --vermagic "$V612" --symvers "$sv" --sig off --init-returns 0 "$tmp/g612.ko"
# the size from a module built against the target (a probe: its
# .gnu.linkonce.this_module is sizeof(struct module)); its vermagic must be
# the target's
expect "generations: 6.12 struct module size from a probe module" 0 "verdict: loads
$goot" check --vermagic "$V612" --symvers "$sv" --sig off --struct-module-size "$tmp/g612.ko" --init-returns 0 "$tmp/g612.ko"
expect "generations: 6.12 struct module size from a probe of another release: an error" 2 \
	"kocheck: --struct-module-size $tmp/g61.ko: built for another kernel: vermagic '$V61', the target's '$V612'" \
	check --vermagic "$V612" --symvers "$sv" --sig off --struct-module-size "$tmp/g61.ko" "$tmp/g612.ko"
# the size from the BTF of a tree's vmlinux (a struct "module" of 848 bytes)
kd=$tmp/kdir612
mkdir -p "$kd/include/generated"
printf 'CONFIG_X86_64=y\nCONFIG_MODVERSIONS=y\nCONFIG_SMP=y\nCONFIG_PREEMPT_BUILD=y\nCONFIG_MODULE_UNLOAD=y\nCONFIG_MODULE_FORCE_LOAD=y\n' >"$kd/.config"
printf '#define UTS_RELEASE "6.12.0-x"\n' >"$kd/include/generated/utsrelease.h"
cp "$sv" "$kd/Module.symvers"
{
	# struct btf_header: magic, version 1, flags 0, hdr_len 24, type_off 0,
	# type_len 12, str_off 12, str_len 8; one BTF_KIND_STRUCT "module" of 848 bytes
	printf '\237\353\001\000\030\000\000\000\000\000\000\000\014\000\000\000\014\000\000\000\010\000\000\000'
	printf '\001\000\000\000\000\000\000\004\120\003\000\000'
	printf '\000module\000'
} >"$tmp/btf"
cp "$tmp/g612.ko" "$kd/vmlinux"
objcopy --add-section .BTF="$tmp/btf" "$kd/vmlinux" 2>/dev/null
expect "generations: the release and sizeof(struct module) from a 6.12 tree" 0 "verdict: loads
$goot" check --kdir "$kd" --init-returns 0 "$tmp/g612.ko"
printf '\120\004' | dd of="$tmp/btf" bs=1 seek=32 conv=notrunc status=none
cp "$tmp/g612.ko" "$kd/vmlinux"
objcopy --add-section .BTF="$tmp/btf" "$kd/vmlinux" 2>/dev/null
expect "generations: a 6.12 tree whose struct module is 1104 bytes" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: module kotest: .gnu.linkonce.this_module section size must match the kernel's built struct module size at run time" \
	check --kdir "$kd" "$tmp/g612.ko"

# 6.12: a live module of the name is EEXIST in early_mod_check(), before
# layout_and_allocate(); the taint lines come after add_unformed_module()
mk "$tmp/g61wx.ko" "${gbase[@]}" --modinfo "vermagic=$V61" --section .wx:awx:16
mk "$tmp/g612wx.ko" "${gbase[@]}" --modinfo "vermagic=$V612" --section .wx:awx:16
expect "generations: 6.1 taints before module_enforce_rwx_sections()" 1 "verdict: refused: ENOEXEC (errno 8)
$goot
dmesg: kotest: section .wx (index 19) has invalid WRITE|EXEC flags" "${G61[@]}" --strict-rwx on "$tmp/g61wx.ko"
expect "generations: 6.12 taints after it" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: kotest: section .wx (index 19) has invalid WRITE|EXEC flags" "${G612[@]}" --strict-rwx on "$tmp/g612wx.ko"
expect "generations: 6.12 EEXIST before the layout" 1 "verdict: refused: EEXIST (errno 17)" \
	"${G612[@]}" --strict-rwx on --loaded "$tmp/g612.ko" "$tmp/g612wx.ko"

# 7.2: extended modversions
mk "$tmp/g72e.ko" --name kotest --modinfo name=kotest --modinfo license=GPL --modinfo retpoline=Y \
	--no-versions --ext-version module_layout:1234 --ext-version _printk:99 --undef _printk --modinfo "vermagic=$V72"
expect "generations: 7.2 extended modversions" 0 "verdict: loads
$goot
$obs" "${G72[@]}" --init-returns 0 "$tmp/g72e.ko"
mk "$tmp/g72b.ko" --name kotest --modinfo name=kotest --modinfo license=GPL --modinfo retpoline=Y \
	--no-versions --ext-version module_layout:1234 --ext-version _printk:98 --undef _printk --modinfo "vermagic=$V72"
expect "generations: 7.2 extended CRC differs" 1 "verdict: refused: EINVAL (errno 22)
$goot
$obs
dmesg: kotest: disagrees about version of symbol _printk
dmesg: kotest: Unknown symbol _printk (err -22)" "${G72[@]}" "$tmp/g72b.ko"
mk "$tmp/g72m.ko" --name kotest --modinfo name=kotest --modinfo license=GPL --modinfo retpoline=Y \
	--no-versions --ext-version module_layout:1234 --undef _printk --modinfo "vermagic=$V72"
expect "generations: 7.2 no extended version: once" 0 "verdict: loads
$goot
$obs
dmesg: kotest: no extended symbol version for _printk" "${G72[@]}" --init-returns 0 "$tmp/g72m.ko"
expect "generations: 7.2 no extended version, already printed" 0 "verdict: loads
$goot
$obs" "${G72[@]}" --init-returns 0 --taints extver "$tmp/g72m.ko"
# 6.12 does not read the extended sections: no __versions, no CRC
mk "$tmp/g612e.ko" --name kotest --modinfo name=kotest --modinfo license=GPL --modinfo retpoline=Y \
	--no-versions --ext-version module_layout:1234 --undef _printk --modinfo "vermagic=$V612"
expect "generations: 6.12 ignores extended modversions" 1 "verdict: refused: ENOEXEC (errno 8)" \
	"${G612[@]}" --force-load off "$tmp/g612e.ko"
mk "$tmp/g72p.ko" "${gbase[@]}" --modinfo "vermagic=$V72" --section __version_ext_crcs:a:4
# elf_validity_cache_index_versions()'s pr_err()s have no newline: the
# log holds the line back until the kernel logs the next one.
expect "generations: 7.2 extended crcs without names" 1 "verdict: refused: ENOEXEC (errno 8)
held: extended version crc+name presence does not match" "${G72[@]}" --save-state "$tmp/held.json" "$tmp/g72p.ko"
expect "generations: 7.2 a held line shows with the next line: insmod's two calls" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: extended version crc+name presence does not match
dmesg: extended version crc+name presence does not match
held: extended version crc+name presence does not match" "${G72[@]}" --state "$tmp/held.json" --insmod "$tmp/g72p.ko"
mk "$tmp/g72c.ko" "${gbase[@]}" --modinfo "vermagic=$V72" --section __version_ext_crcs:a:8 \
	--section __version_ext_names:a:0
expect "generations: 7.2 more crcs than names" 1 "verdict: refused: ENOEXEC (errno 8)
held: more extended version crcs than names" "${G72[@]}" "$tmp/g72c.ko"
# 7.2: an explicit import of a module namespace; one line for init > 0
mk "$tmp/g72n.ko" "${gbase[@]}" --modinfo "vermagic=$V72" --modinfo import_ns=module:foo
expect "generations: 7.2 import of a module namespace" 1 "verdict: refused: EPERM (errno 1)
$goot
$obs
dmesg: kotest: module tries to import module namespace: module:foo" "${G72[@]}" "$tmp/g72n.ko"
expect "generations: 7.2 init returns 1" 0 "verdict: loads
$goot
$obs
dmesg: kotest: init suspiciously returned 1, it should follow 0/-E convention" "${G72[@]}" --init-returns 1 "$tmp/g72.ko"
expect "generations: 6.12 init returns 1" 0 "verdict: loads
$goot
dmesg: do_init_module: 'kotest'->init suspiciously returned 1, it should follow 0/-E convention
dmesg: do_init_module: loading module anyway..." "${G612[@]}" --init-returns 1 "$tmp/g612.ko"
# exports: 7.2 wants __kflagstab
mk "$tmp/g72x.ko" "${gbase[@]}" --modinfo "vermagic=$V72" --export myfn:crc=1
expect "generations: 7.2 exports without __kflagstab" 1 "verdict: refused: ENOEXEC (errno 8)
$goot
$obs
dmesg: kotest: no flags for exported symbols" "${G72[@]}" "$tmp/g72x.ko"

# a release of no modelled generation: replayed as the one before, unknown
mk "$tmp/g66.ko" "${gbase[@]}" --modinfo "vermagic=$(g 6.6.0-x)"
expect "generations: 6.6 is not modelled: unknown" 3 "verdict: unknown (predicted: loads)
$goot" check --vermagic "$(g 6.6.0-x)" --symvers "$sv" --sig off --init-returns 0 "$tmp/g66.ko"
# every line above is known to explain, with its generations
out=$("$k" explain "kotest: no extended symbol version for _printk" "Module has invalid ELF structures" 2>&1) || true
if grep -qx "generations: Linux 7.2" <<<"$out" && grep -qx "generations: Linux 5.10" <<<"$out"; then
	echo "ok - kocheck: generations: explain names the generations"; passed=$((passed + 1))
else
	echo "not ok - kocheck: generations: explain names the generations"; printf '%s\n' "$out" | sed 's/^/#   /'
	failed=$((failed + 1))
fi
