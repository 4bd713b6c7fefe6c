# shellcheck shell=bash disable=SC2154
# Crafted modules for kocheck's unit tests: sourced by tests/kocheck/unit,
# which defines expect(), $k, $tmp and $here.  mkko writes small modules
# of either ELF class with exactly the sections load_module() reads, so
# each check can be hit alone, for x86_64 (ELF64) and arm (ELF32).

cc -O1 -Wall -Wextra -Werror -o "$tmp/mkko" "$here/mkko.c"
mk() { "$tmp/mkko" "$@"; }

VM="6.1.0-x SMP preempt mod_unload modversions "
VMA="6.1.0-x SMP mod_unload modversions ARMv7 p2v8 "
sv=$tmp/Module.symvers
printf '%s\n' \
	"0x00001234	module_layout	vmlinux	EXPORT_SYMBOL	" \
	"0x00000099	_printk	vmlinux	EXPORT_SYMBOL	" \
	"0x00000077	gplsym	vmlinux	EXPORT_SYMBOL_GPL	" \
	"0x00000055	nssym	vmlinux	EXPORT_SYMBOL	NSA" \
	"0x00000001	param_ops_int	vmlinux	EXPORT_SYMBOL	" \
	"0x00000002	param_ops_bool	vmlinux	EXPORT_SYMBOL	" \
	"0x00000003	param_ops_charp	vmlinux	EXPORT_SYMBOL	" \
	>"$sv"
# the common part of a good module
base=(--name kotest --modinfo name=kotest --modinfo license=GPL --modinfo retpoline=Y
	--version module_layout:1234 --version _printk:99 --undef _printk)
X=(check --vermagic "$VM" --symvers "$sv" --sig off)
XA=(check --vermagic "$VMA" --symvers "$sv" --sig off)
oot="dmesg: kotest: loading out-of-tree module taints kernel."

mk "$tmp/good.ko" "${base[@]}" --modinfo "vermagic=$VM"
expect "crafted: a good module loads" 0 "verdict: loads
$oot" "${X[@]}" "$tmp/good.ko"
expect "crafted: out-of-tree taint already printed, CONFIG_MODULE_SIG: the note" 0 "verdict: loads
dmesg: kotest: module verification failed: signature and/or required key missing - tainting kernel" \
	"${X[@]}" --sig on --taints oot "$tmp/good.ko"
expect "crafted: both taint lines already printed" 0 "verdict: loads" \
	"${X[@]}" --sig=on --taints oot,signote "$tmp/good.ko"
expect "crafted: --arch given, same result" 0 "verdict: loads
$oot" "${X[@]}" --arch x86_64 "$tmp/good.ko"
expect "crafted: module.sig_enforce, unsigned" 1 "verdict: refused: EKEYREJECTED (errno 129)
dmesg: Loading of unsigned module is rejected" "${X[@]}" --sig-enforce=on "$tmp/good.ko"
expect "crafted: lockdown, unsigned" 1 "verdict: refused: EPERM (errno 1)
dmesg: Lockdown: modprobe: unsigned module loading is restricted; see man kernel_lockdown.7" \
	"${X[@]}" --lockdown on --comm modprobe "$tmp/good.ko"
expect "crafted: blacklisted" 1 "verdict: refused: EPERM (errno 1)
dmesg: Module kotest is blacklisted" "${X[@]}" --blacklist foo,kotest "$tmp/good.ko"
expect "crafted: already loaded: EEXIST" 1 "verdict: refused: EEXIST (errno 17)" \
	"${X[@]}" --taints oot --loaded "$tmp/good.ko" "$tmp/good.ko"

# setup_load_info()
mk "$tmp/nosym.ko" "${base[@]}" --modinfo "vermagic=$VM" --no-symtab
expect "crafted: no symbol table" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: kotest: module has no symbols (stripped?)" "${X[@]}" "$tmp/nosym.ko"
mk "$tmp/nomod.ko" "${base[@]}" --modinfo "vermagic=$VM" --no-this-module
expect "crafted: no .gnu.linkonce.this_module" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: kotest: No module found in object" "${X[@]}" "$tmp/nomod.ko"
mk "$tmp/noinfo.ko" --name kotest --no-modinfo --no-this-module
expect "crafted: neither .modinfo nor module" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: (missing .modinfo section or name field): No module found in object" "${X[@]}" "$tmp/noinfo.ko"

# check_modstruct_version(), before check_modinfo()
mk "$tmp/layout.ko" --name kotest --modinfo name=kotest --modinfo "vermagic=9 wrong" --version module_layout:4321
expect "crafted: module_layout CRC, before the vermagic" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: kotest: disagrees about version of symbol module_layout" "${X[@]}" "$tmp/layout.ko"
mk "$tmp/nolayout.ko" --name kotest --modinfo name=kotest --modinfo "vermagic=$VM" --version _printk:99
expect "crafted: no module_layout version" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: kotest: no symbol version for module_layout" "${X[@]}" "$tmp/nolayout.ko"
expect "crafted: kernel without MODVERSIONS: no CRC checked" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: kotest: version magic '9 wrong' should be '$VM'" "${X[@]}" --modversions=off "$tmp/layout.ko"

# check_modinfo(): same_magic(), try_to_force_load()
mk "$tmp/rel.ko" "${base[@]}" --modinfo "vermagic=9.9.9 ${VM#* }"
expect "crafted: release ignored when the module has __versions" 0 "verdict: loads
$oot" "${X[@]}" "$tmp/rel.ko"
expect "crafted: --ignore-modversions: release compared, forced taint first" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: kotest: module_layout: kernel tainted.
dmesg: Disabling lock debugging due to kernel taint
dmesg: kotest: version magic '9.9.9 ${VM#* }' should be '$VM'" "${X[@]}" --ignore-modversions "$tmp/rel.ko"
mk "$tmp/nover.ko" --name kotest --modinfo name=kotest --modinfo license=GPL --modinfo retpoline=Y \
	--modinfo "vermagic=$VM" --undef _printk --no-versions
expect "crafted: no __versions: taint once for module_layout, silent for the rest" 0 "verdict: loads
dmesg: kotest: module_layout: kernel tainted.
dmesg: Disabling lock debugging due to kernel taint
$oot" "${X[@]}" "$tmp/nover.ko"
expect "crafted: no __versions, no MODULE_FORCE_LOAD: silent ENOEXEC" 1 "verdict: refused: ENOEXEC (errno 8)" \
	"${X[@]}" --force-load=off "$tmp/nover.ko"
expect "crafted: forced taint already there" 0 "verdict: loads
$oot" "${X[@]}" --taints forced,lockdep "$tmp/nover.ko"
mk "$tmp/novm.ko" "${base[@]}"
expect "crafted: no vermagic: bad vermagic taint" 0 "verdict: loads
dmesg: kotest: bad vermagic: kernel tainted.
dmesg: Disabling lock debugging due to kernel taint
$oot" "${X[@]}" "$tmp/novm.ko"
mk "$tmp/flags.ko" "${base[@]}" --modinfo "vermagic=${VM/preempt /}"
expect "crafted: vermagic flags differ" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: kotest: version magic '${VM/preempt /}' should be '$VM'" "${X[@]}" "$tmp/flags.ko"
expect "crafted: --ignore-vermagic" 0 "verdict: loads
dmesg: kotest: bad vermagic: kernel tainted.
dmesg: Disabling lock debugging due to kernel taint
$oot" "${X[@]}" --ignore-vermagic "$tmp/flags.ko"
expect "crafted: --ignore-vermagic without MODULE_FORCE_LOAD" 1 "verdict: refused: ENOEXEC (errno 8)" \
	"${X[@]}" --ignore-vermagic --force-load off "$tmp/flags.ko"
mk "$tmp/tags.ko" --name kotest --modinfo name=kotest --modinfo "vermagic=$VM" --modinfo intree=Y \
	--modinfo staging=Y --modinfo test=Y --modinfo license=Proprietary --version module_layout:1234
expect "crafted: retpoline, staging, license, test taints in order" 0 "verdict: loads
dmesg: Spectre V2 : System may be vulnerable to spectre v2
dmesg: kotest: loading module not compiled with retpoline compiler.
dmesg: kotest: module is from the staging directory, the quality is unknown, you have been warned.
dmesg: kotest: module license 'Proprietary' taints kernel.
dmesg: Disabling lock debugging due to kernel taint
dmesg: kotest: loading test module taints kernel." "${X[@]}" --retpoline on "$tmp/tags.ko"
mk "$tmp/lp.ko" "${base[@]}" --modinfo "vermagic=$VM" --modinfo livepatch=Y
# check_modinfo_livepatch()'s pr_err() has no newline: the log holds
# the line back until the kernel logs the next one.
expect "crafted: livepatch module, no CONFIG_LIVEPATCH" 1 "verdict: refused: ENOEXEC (errno 8)
$oot
held: kotest: module is marked as livepatch module, but livepatch support is disabled" "${X[@]}" --save-state "$tmp/lp.json" "$tmp/lp.ko"
# The held line shows first when the kernel logs its next line; when the
# loader logs nothing but the module's own init runs, whether it shows is
# not known.
expect "crafted: a held line shows before the next load's first line" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: kotest: module is marked as livepatch module, but livepatch support is disabled
held: kotest: module is marked as livepatch module, but livepatch support is disabled" \
	"${X[@]}" --state "$tmp/lp.json" "$tmp/lp.ko"
expect "crafted: a held line and a load the loader logs nothing of: unknown" 3 "verdict: unknown (predicted: loads)" \
	"${X[@]}" --state "$tmp/lp.json" --taints oot --init-returns 0 "$tmp/good.ko"
# A load logs a line per missing symbol, however many: all of them come,
# after the held line.
undefs=() unknown=""
for i in $(seq 300); do
	undefs+=(--undef "nosuch$i")
	unknown+=$'\n'"dmesg: kotest: Unknown symbol nosuch$i (err -2)"
done
mk "$tmp/many.ko" "${base[@]}" --modinfo "vermagic=$VM" "${undefs[@]}"
expect "crafted: a held line, then 300 Unknown symbol lines" 1 "verdict: refused: ENOENT (errno 2)
dmesg: kotest: module is marked as livepatch module, but livepatch support is disabled$unknown" \
	"${X[@]}" --state "$tmp/lp.json" --taints oot "$tmp/many.ko"
expect "crafted: livepatch module, CONFIG_LIVEPATCH" 0 "verdict: loads
$oot
dmesg: kotest: tainting kernel with TAINT_LIVEPATCH" "${X[@]}" --livepatch on "$tmp/lp.ko"

# check_module_license_and_versions()
mk "$tmp/nocrc.ko" "${base[@]}" --modinfo "vermagic=$VM" --no-kcrctab --export myfn
expect "crafted: exports without CRCs" 0 "verdict: loads
$oot
dmesg: kotest: no versions for exported symbols: kernel tainted.
dmesg: Disabling lock debugging due to kernel taint" "${X[@]}" "$tmp/nocrc.ko"
mk "$tmp/ndis.ko" --name ndiswrapper --modinfo name=ndiswrapper --modinfo license=GPL --modinfo retpoline=Y \
	--modinfo "vermagic=$VM" --version module_layout:1234
expect "crafted: ndiswrapper" 0 "verdict: loads
dmesg: ndiswrapper: loading out-of-tree module taints kernel.
dmesg: Disabling lock debugging due to kernel taint
dmesg: ndiswrapper: module license taints kernel." "${X[@]}" "$tmp/ndis.ko"

# simplify_symbols() and resolve_symbol(), in symbol table order
mk "$tmp/syms.ko" "${base[@]}" --modinfo "vermagic=$VM" --undef nosuch --weak weakone \
	--undef gplsym --version gplsym:76 --undef nssym --version nssym:55 --common cvar
expect "crafted: unknown, weak, CRC, namespace, common: all reported, last error returned" 1 "verdict: refused: ENOEXEC (errno 8)
$oot
dmesg: kotest: Unknown symbol nosuch (err -2)
dmesg: kotest: disagrees about version of symbol gplsym
dmesg: kotest: Unknown symbol gplsym (err -22)
dmesg: kotest: module uses symbol (nssym) from namespace NSA, but does not import it.
dmesg: kotest: Unknown symbol nssym (err -22)
dmesg: kotest: please compile with -fno-common" "${X[@]}" "$tmp/syms.ko"
expect "crafted: MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS" 1 "verdict: refused: ENOEXEC (errno 8)
$oot
dmesg: kotest: Unknown symbol nosuch (err -2)
dmesg: kotest: disagrees about version of symbol gplsym
dmesg: kotest: Unknown symbol gplsym (err -22)
dmesg: kotest: module uses symbol (nssym) from namespace NSA, but does not import it.
dmesg: kotest: please compile with -fno-common" "${X[@]}" --ns-missing-ok on "$tmp/syms.ko"
mk "$tmp/prop.ko" --name kotest --modinfo name=kotest --modinfo license=Proprietary --modinfo retpoline=Y \
	--modinfo "vermagic=$VM" --version module_layout:1234 --undef gplsym --version gplsym:77
expect "crafted: GPL-only symbol invisible to a proprietary module" 1 "verdict: refused: ENOENT (errno 2)
$oot
dmesg: kotest: module license 'Proprietary' taints kernel.
dmesg: Disabling lock debugging due to kernel taint
dmesg: kotest: Unknown symbol gplsym (err -2)" "${X[@]}" "$tmp/prop.ko"
mk "$tmp/ns.ko" "${base[@]}" --modinfo "vermagic=$VM" --modinfo import_ns=NSA --undef nssym --version nssym:55
expect "crafted: namespace imported" 0 "verdict: loads
$oot" "${X[@]}" "$tmp/ns.ko"
mk "$tmp/nomv.ko" "${base[@]}" --modinfo "vermagic=${VM/modversions /}" --version module_layout:1 \
	--undef gplsym --version gplsym:1
expect "crafted: kernel without MODVERSIONS ignores CRCs" 0 "verdict: loads
$oot" "${X[@]}" --modversions off --vermagic "${VM/modversions /}" "$tmp/nomv.ko"
expect "crafted: module with modversions, kernel without" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: kotest: version magic '$VM' should be '${VM/modversions /}'" "${X[@]}" --vermagic "${VM/modversions /}" "$tmp/good.ko"

# --loaded: exports of live modules, their CRCs, namespaces and license
mk "$tmp/prov.ko" --name provider --modinfo name=provider --modinfo license=GPL --modinfo "vermagic=$VM" \
	--version module_layout:1234 --export pfn:crc=abc --export pgpl:gpl:crc=def --export pns:ns=PNS:crc=1
mk "$tmp/propprov.ko" --name propprov --modinfo name=propprov --modinfo license=Proprietary \
	--modinfo "vermagic=$VM" --version module_layout:1234 --export qfn:crc=5
mk "$tmp/user.ko" "${base[@]}" --modinfo "vermagic=$VM" --undef pfn --version pfn:abc --undef pgpl \
	--version pgpl:def --undef pns --version pns:1 --modinfo import_ns=PNS
expect "crafted: symbols of a loaded module" 0 "verdict: loads" "${X[@]}" --taints oot --loaded "$tmp/prov.ko" "$tmp/user.ko"
expect "crafted: ... not loaded" 1 "verdict: refused: ENOENT (errno 2)
dmesg: kotest: Unknown symbol pfn (err -2)
dmesg: kotest: Unknown symbol pgpl (err -2)
dmesg: kotest: Unknown symbol pns (err -2)" "${X[@]}" --taints oot "$tmp/user.ko"
mk "$tmp/user2.ko" "${base[@]}" --modinfo "vermagic=$VM" --undef pfn --version pfn:abd --undef pns --version pns:1
expect "crafted: a loaded module's CRC and namespace" 1 "verdict: refused: EINVAL (errno 22)
dmesg: kotest: disagrees about version of symbol pfn
dmesg: kotest: Unknown symbol pfn (err -22)
dmesg: kotest: module uses symbol (pns) from namespace PNS, but does not import it.
dmesg: kotest: Unknown symbol pns (err -22)" "${X[@]}" --taints oot --loaded "$tmp/prov.ko" "$tmp/user2.ko"
mk "$tmp/inh.ko" "${base[@]}" --modinfo "vermagic=$VM" --undef qfn --version qfn:5 --undef gplsym --version gplsym:77
expect "crafted: inherit_taint(), then GPL-only symbols are hidden" 1 "verdict: refused: ENOENT (errno 2)
dmesg: kotest: module uses symbols qfn from proprietary module propprov, inheriting taint.
dmesg: kotest: Unknown symbol gplsym (err -2)" "${X[@]}" --taints oot --loaded "$tmp/propprov.ko" "$tmp/inh.ko"
mk "$tmp/inh2.ko" "${base[@]}" --modinfo "vermagic=$VM" --undef gplsym --version gplsym:77 --undef qfn --version qfn:5
expect "crafted: GPL-only user of a proprietary module's symbol" 1 "verdict: refused: ENOENT (errno 2)
dmesg: kotest: module using GPL-only symbols uses symbols qfn from proprietary module propprov.
dmesg: kotest: Unknown symbol qfn (err -2)" "${X[@]}" --taints oot --loaded "$tmp/propprov.ko" "$tmp/inh2.ko"

# parse_args(): __param entries and the kernel's own parameter types
mk "$tmp/par.ko" "${base[@]}" --modinfo "vermagic=$VM" --undef param_ops_int --version param_ops_int:1 \
	--undef param_ops_bool --version param_ops_bool:2 --undef param_ops_charp --version param_ops_charp:3 \
	--param count:param_ops_int --param debug-level:param_ops_bool:unsafe --param name:param_ops_charp \
	--param own:my_ops
expect "crafted: parameters accepted, unknown ones ignored" 0 "verdict: loads
dmesg: Setting dangerous option debug-level - tainting kernel
dmesg: kotest: unknown parameter 'bogus' ignored
dmesg: kotest: unknown parameter 'other' ignored" "${X[@]}" --taints oot --param count=-0x10 --param debug_level \
	--param name=x --param own=anything --param bogus=1 --param async_probe --param dyndbg=+p \
	--param other.thing=1 --setter-returns own=0 "$tmp/par.ko"
expect "crafted: a parameter of the module's own ops: unknown without --setter-returns" 3 "verdict: unknown (predicted: loads)
note: the verdict depends on what was not evaluated; the state assumes the prediction
unevaluated: the set function of parameter 'own' (my_ops): assumed to return 0; give --setter-returns own=N
unevaluated: the module's init function (assumed to return 0)" \
	"${X[@]}" --taints oot --verbose --param own=anything "$tmp/par.ko"
expect "crafted: a setter that fails: parse_args()'s line" 1 "verdict: refused: EINVAL (errno 22)
dmesg: kotest: \`anything' invalid for parameter \`own'" \
	"${X[@]}" --taints oot --param own=anything --setter-returns own=-22 "$tmp/par.ko"
expect "crafted: a setter that returns -ENOENT: Unknown parameter" 1 "verdict: refused: ENOENT (errno 2)
dmesg: kotest: Unknown parameter \`own'" \
	"${X[@]}" --taints oot --param own=x --setter-returns own=-2 "$tmp/par.ko"
expect "crafted: a setter that returns -ENOSPC: too large" 1 "verdict: refused: ENOSPC (errno 28)
dmesg: kotest: \`x' too large for parameter \`own'" \
	"${X[@]}" --taints oot --param own=x --setter-returns own=-28 "$tmp/par.ko"
expect "crafted: bad values: EINVAL/ERANGE, every one reported" 1 "verdict: refused: EINVAL (errno 22)
dmesg: kotest: \`99999999999' invalid for parameter \`count'
dmesg: Setting dangerous option debug-level - tainting kernel
dmesg: kotest: \`maybe' invalid for parameter \`debug_level'
dmesg: kotest: \`' invalid for parameter \`name'" "${X[@]}" --taints oot --param count=99999999999 \
	--param debug_level=maybe --param name "$tmp/par.ko"
expect "crafted: dyndbg without DYNAMIC_DEBUG, arguments after --" 0 "verdict: loads
dmesg: dyndbg param is supported only in CONFIG_DYNAMIC_DEBUG builds
dmesg: kotest: parameters 'count=x y' after \`--' ignored" "${X[@]}" --taints oot --dyndbg off \
	--param dyndbg --param -- --param count=x --param y "$tmp/par.ko"

# arm: ELF32, elf_check_arch() of arch/arm/kernel/elf.c
mk "$tmp/arm.ko" --class 32 --machine 40 "${base[@]}" --modinfo "vermagic=$VMA"
expect "crafted arm: a good module loads" 0 "verdict: loads
$oot" "${XA[@]}" "$tmp/arm.ko"
expect "crafted arm: on an x86_64 kernel" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: Invalid architecture in ELF header: 40" "${X[@]}" --arch x86_64 "$tmp/arm.ko"
expect "crafted: x86_64 module on arm" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: Invalid architecture in ELF header: 62" "${XA[@]}" --arch arm "$tmp/good.ko"
mk "$tmp/armentry.ko" --class 32 --machine 40 --entry 2 "${base[@]}" --modinfo "vermagic=$VMA"
expect "crafted arm: misaligned e_entry" 1 "verdict: refused: ENOEXEC (errno 8)
dmesg: Invalid architecture in ELF header: 40" "${XA[@]}" "$tmp/armentry.ko"
mk "$tmp/armcrc.ko" --class 32 --machine 40 --name kotest --modinfo name=kotest --modinfo "vermagic=$VMA" \
	--modinfo license=GPL --version module_layout:1234 --version _printk:98 --undef _printk \
	--param p:param_ops_int --undef param_ops_int --version param_ops_int:1
expect "crafted arm: 32-bit __versions entries, REL relocations of __param" 1 "verdict: refused: EINVAL (errno 22)
$oot
dmesg: kotest: disagrees about version of symbol _printk
dmesg: kotest: Unknown symbol _printk (err -22)" "${XA[@]}" --param p=1 "$tmp/armcrc.ko"
mk "$tmp/armpar.ko" --class 32 --machine 40 "${base[@]}" --modinfo "vermagic=$VMA" \
	--param p:param_ops_int --undef param_ops_int --version param_ops_int:1
expect "crafted arm: a parameter" 1 "verdict: refused: EINVAL (errno 22)
dmesg: kotest: \`x' invalid for parameter \`p'" "${XA[@]}" --taints oot --param p=x "$tmp/armpar.ko"
mk "$tmp/a64.ko" --machine 183 "${base[@]}" --modinfo "vermagic=${VM}aarch64"
expect "crafted arm64: loads, arch from the module" 0 "verdict: loads
$oot" check --vermagic "${VM}aarch64" --symvers "$sv" --sig off "$tmp/a64.ko"

# JSON
json=$("$k" "${X[@]}" --json "$tmp/layout.ko" || true)
if python3 -c 'import json, sys; d = json.loads(sys.argv[1]); assert d["verdict"] == "refused" and d["errno"] == 8 and d["errno_name"] == "ENOEXEC" and d["dmesg"] == ["kotest: disagrees about version of symbol module_layout"] and d["notes"] == []' "$json"; then
	echo "ok - kocheck: crafted: --json"; passed=$((passed + 1))
else
	echo "not ok - kocheck: crafted: --json gave: $json"; failed=$((failed + 1))
fi
expect "crafted: usage error" 2 "kocheck: --sig takes on or off, not 'maybe'" "${X[@]}" --sig maybe "$tmp/good.ko"
