# shellcheck shell=bash disable=SC2154
# kocheck on kmodlab's own modules and byte edits of them (scripts/ko-forge),
# against the Debian trees and the strict lab tree.  Sourced by
# tests/kocheck/unit once the trees and module builds are there.

K=$(tree_dir "$amd")/kdir
B=$KMODLAB_OUT/build/$amd/ko
core=$B/kmdemo_core.ko client=$B/kmdemo_client.ko
forge=$kc/../ko-forge
vm=$(modinfo -F vermagic "$core")
first="kmdemo_core: loading out-of-tree module taints kernel.
dmesg: kmdemo_core: module verification failed: signature and/or required key missing - tainting kernel"

# elf_validity_check()
: >"$tmp/empty.ko"
expect "empty file: kernel_read_file() refuses it, no line" 1 "verdict: refused: EINVAL (errno 22)" check --kdir "$K" "$tmp/empty.ko"
"$forge" "$core" "$tmp/short.ko" short 16
expect "short file, as busybox insmod (init_module is silent)" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: Invalid ELF header len 16" check --kdir "$K" --insmod "$tmp/short.ko"
"$forge" "$core" "$tmp/magic.ko" magic
expect "bad magic" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: Invalid ELF header magic: != \\x7fELF" check --kdir "$K" "$tmp/magic.ko"
"$forge" "$core" "$tmp/exec.ko" elf-type 2
expect "not ET_REL" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: Invalid ELF header type: 2 != 1" check --kdir "$K" "$tmp/exec.ko"
expect "arm module on x86_64" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: Invalid architecture in ELF header: 40" check --kdir "$K" "$KMODLAB_OUT/build/$arm/ko/kmdemo_core.ko"
expect "x86_64 module on arm" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: Invalid architecture in ELF header: 62" check --kdir "$(tree_dir "$arm")/kdir" "$core"
# arm64: an ELF64 aarch64 module (e_machine 183) is refused on x86_64 and
# passes the architecture check of an arm64 target.
cp "$core" "$tmp/a64.ko"
printf '\267\000' | dd of="$tmp/a64.ko" bs=1 seek=18 conv=notrunc status=none
expect "aarch64 module on x86_64" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: Invalid architecture in ELF header: 183" check --kdir "$K" "$tmp/a64.ko"
expect "aarch64 module on an arm64 target gets to vermagic" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: kmdemo_core: version magic '$vm' should be '6.1.0 SMP preempt mod_unload modversions aarch64'" \
	check --arch arm64 --vermagic "6.1.0 SMP preempt mod_unload modversions aarch64" --module-sig off "$tmp/a64.ko"
cp "$core" "$tmp/shent.ko"
printf '\050' | dd of="$tmp/shent.ko" bs=1 seek=58 conv=notrunc status=none
expect "wrong section header size" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: Invalid ELF section header size" check --kdir "$K" "$tmp/shent.ko"
"$forge" "$core" "$tmp/cut.ko" cut-shdrs
expect "truncated section table" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: Invalid ELF section header overflow" check --kdir "$K" "$tmp/cut.ko"
cp "$core" "$tmp/strndx.ko"
printf '\377\177' | dd of="$tmp/strndx.ko" bs=1 seek=62 conv=notrunc status=none
shnum=$(od -An -tu2 -j60 -N2 "$core" | tr -d ' ')
expect "bad section name index" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: Invalid ELF section name index: 32767 || e_shstrndx (32767) >= e_shnum ($shnum)" check --kdir "$K" "$tmp/strndx.ko"

# check_modstruct_version(), check_modinfo()
"$forge" "$core" "$tmp/layout.ko" crc module_layout
expect "module_layout CRC, checked before vermagic" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: kmdemo_core: disagrees about version of symbol module_layout" check --kdir "$K" "$tmp/layout.ko"
expect "a module of another ABI" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: kmdemo_core: disagrees about version of symbol module_layout" check --kdir "$(tree_dir "$amd50")/kdir" "$core"
"$forge" "$core" "$tmp/flags.ko" vermagic "${vm/preempt /}"
expect "vermagic flags" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: kmdemo_core: version magic '${vm/preempt /}' should be '$vm'" check --kdir "$K" "$tmp/flags.ko"
"$forge" "$core" "$tmp/release.ko" vermagic "9.9.9 ${vm#* }"
expect "vermagic release ignored with CRCs" 0 "verdict: loads
dmesg: $first" check --kdir "$K" "$tmp/release.ko"
"$forge" "$core" "$tmp/nover.ko" no-versions
expect "no __versions, MODULE_FORCE_LOAD" 0 "verdict: loads
dmesg: kmdemo_core: module_layout: kernel tainted.
dmesg: Disabling lock debugging due to kernel taint
dmesg: $first" check --kdir "$K" "$tmp/nover.ko"
expect "no __versions, no MODULE_FORCE_LOAD (silent)" 1 "verdict: refused: ENOEXEC (errno 8)" \
	check --kdir "$K" --force-load off "$tmp/nover.ko"
expect "no __versions: release compared in full" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: kmdemo_core: module_layout: kernel tainted.
dmesg: Disabling lock debugging due to kernel taint
dmesg: kmdemo_core: version magic '9.9.9 ${vm#* }' should be '$vm'" \
	check --kdir "$K" --ignore-modversions "$tmp/release.ko"
expect "--ignore-vermagic" 0 "verdict: loads
dmesg: kmdemo_core: bad vermagic: kernel tainted.
dmesg: Disabling lock debugging due to kernel taint
dmesg: $first" check --kdir "$K" --ignore-vermagic "$tmp/flags.ko"

# simplify_symbols()
"$forge" "$core" "$tmp/printk.ko" crc _printk
expect "one symbol's CRC" 1 "verdict: refused: EINVAL (errno 22)
dmesg: $first
dmesg: kmdemo_core: disagrees about version of symbol _printk
dmesg: kmdemo_core: Unknown symbol _printk (err -22)" check --kdir "$K" "$tmp/printk.ko"
unknown=$(readelf -sW "$client" | awk '$7 == "UND" && $8 ~ /^kmdemo_/ { print "dmesg: kmdemo_client: Unknown symbol " $8 " (err -2)" }')
expect "client without the core, busybox insmod, taints already printed" 1 "verdict: refused: ENOENT (errno 2)
$unknown
$unknown" check --kdir "$K" --insmod --taints oot,signote "$client"
expect "client with the core loaded" 0 "verdict: loads" check --kdir "$K" --taints oot,signote --loaded "$core" "$client"
expect "core already loaded: EEXIST, silent" 1 "verdict: refused: EEXIST (errno 17)" \
	check --kdir "$K" --taints oot,signote --loaded "$core" "$core"
expect "GPL-only symbols hidden from a proprietary module" 1 "verdict: refused: ENOENT (errno 2)
dmesg: kmdemo_nogpl: module license 'Proprietary' taints kernel.
dmesg: Disabling lock debugging due to kernel taint
$(readelf -sW "$B/kmdemo_nogpl.ko" | awk '$7 == "UND" && $8 ~ /^kmdemo_/ { print "dmesg: kmdemo_nogpl: Unknown symbol " $8 " (err -2)" }')" \
	check --kdir "$K" --taints oot,signote --loaded "$core" "$B/kmdemo_nogpl.ko"
expect "namespace not imported" 1 "verdict: refused: EINVAL (errno 22)
dmesg: kmdemo_nons: module uses symbol (kmdemo_checksum) from namespace KMDEMO, but does not import it.
dmesg: kmdemo_nons: Unknown symbol kmdemo_checksum (err -22)" \
	check --kdir "$K" --taints oot,signote --loaded "$core" "$B/kmdemo_nons.ko"
expect "ABI 2 client against an ABI 1 core" 1 "verdict: refused: EINVAL (errno 22)
dmesg: kmdemo_client: disagrees about version of symbol kmdemo_add
dmesg: kmdemo_client: Unknown symbol kmdemo_add (err -22)" \
	check --kdir "$K" --taints oot,signote --loaded "$core" "$B/abi2/kmdemo_client.ko"
expect "unknown parameter ignored" 0 "verdict: loads
dmesg: kmdemo_core: unknown parameter 'bogus' ignored" \
	check --kdir "$K" --taints oot,signote --param limit=5 --param bogus=1 --setter-returns limit=0 "$core"

# module_sig_check() on a kernel that enforces signatures
expect "unsigned module, signatures enforced" 1 "verdict: refused: EKEYREJECTED (errno 129)
dmesg: Loading of unsigned module is rejected" check --kdir "$K" --sig-enforce on "$core"
strict="strict-x86_64"
if tree_ready "$strict" && [ -f "$KMODLAB_OUT/build/$strict/ko/kmdemo_core.ko" ]; then
	sk=$(tree_dir "$strict")
	cp "$KMODLAB_OUT/build/$strict/ko/kmdemo_core.ko" "$tmp/signed.ko"
	"$sk/kdir/scripts/sign-file" sha256 "$sk/signing-key.pem" "$sk/signing-key.pem" "$tmp/signed.ko"
	expect "signed with the kernel's key" 0 "verdict: loads
dmesg: kmdemo_core: loading out-of-tree module taints kernel." check --kdir "$sk/kdir" "$tmp/signed.ko"
	cp "$tmp/signed.ko" "$tmp/tampered.ko"
	printf 'X' | dd of="$tmp/tampered.ko" bs=1 seek=$(($(stat -c %s "$tmp/signed.ko") / 3)) conv=notrunc status=none
	expect "signed, then changed: EKEYREJECTED, silent" 1 "verdict: refused: EKEYREJECTED (errno 129)" \
		check --kdir "$sk/kdir" "$tmp/tampered.ko"
	expect "signed with a key the kernel does not have" 1 "verdict: refused: EKEYREJECTED (errno 129)
dmesg: Loading of module with unavailable key is rejected" check --kdir "$K" --sig-enforce on "$tmp/signed.ko"
	expect "forcing skips the signature: counts as unsigned" 1 "verdict: refused: EKEYREJECTED (errno 129)
dmesg: Loading of unsigned module is rejected" check --kdir "$sk/kdir" --ignore-vermagic "$tmp/signed.ko"
else
	echo "not ok - kocheck: signature tests need tree $strict and its modules (scripts/fetch-trees $strict, scripts/build-modules $strict)"
	failed=$((failed + 1))
fi

# --json, and bad input
json=$("$k" check --kdir "$K" --json "$tmp/layout.ko" || true)
if python3 -c 'import json, sys; d = json.loads(sys.argv[1]); assert d["verdict"] == "refused" and d["errno"] == 8 and d["errno_name"] == "ENOEXEC" and d["dmesg"] == ["kmdemo_core: disagrees about version of symbol module_layout"]' "$json"; then
	echo "ok - kocheck: --json"; passed=$((passed + 1))
else
	echo "not ok - kocheck: --json gave: $json"; failed=$((failed + 1))
fi
expect "no target" 2 "kocheck: give the target kernel: --kdir DIR, or --vermagic STRING" check "$core"
expect "missing module" 2 "kocheck: /nonexistent.ko: No such file or directory" check --kdir "$K" /nonexistent.ko
expect "not a kernel tree" 2 "kocheck: /tmp/.config: No such file or directory (is --kdir a configured kernel tree?)" check --kdir /tmp "$core"
expect "--loaded that is not a module" 2 "kocheck: --loaded $tmp/empty.ko: not a kernel module" check --kdir "$K" --loaded "$tmp/empty.ko" "$core"
expect "bad --taints" 2 "kocheck: --taints takes oot,prop,forced,signote,lockdep,test,livepatch,extver, not 'x'" check --kdir "$K" --taints x "$core"
expect "explicit target" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: kmdemo_core: version magic '$vm' should be '6.1.0-zz SMP mod_unload '" check --arch x86_64 --vermagic "6.1.0-zz SMP mod_unload " --module-sig off "$core"

