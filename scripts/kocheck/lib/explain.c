// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel lines kocheck predicts, each with the Linux 6.1 function
 * and file that prints it, the check it belongs to, what it means, its
 * usual causes and fixes, and the page of docs/: `kocheck explain` and
 * the refusal line of `kocheck fit`.
 *
 * The model prints through say() at many call sites of lib/; each of
 * their format strings is here, as it is there (tests/kocheck/fit.sh
 * checks that every say() format of lib/ is in this table and that
 * every line kocheck predicts on its test inputs is recognised).  An
 * entry may also be a format with one of its values written out (the
 * symbol module_layout, the reason of a forced load, err -2): the match
 * with the most literal characters wins.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kocheck.h"

#define F_MAIN "kernel/module/main.c"
#define F_VERSION "kernel/module/version.c"
#define F_SIGNING "kernel/module/signing.c"
#define F_DECOMP "kernel/module/decompress.c"
#define F_PARAMS "kernel/params.c"
#define F_X86 "arch/x86/kernel/module.c"
#define F_ARM "arch/arm/kernel/module.c"
#define F_ARM64 "arch/arm64/kernel/module.c"

#define ELF_CAUSES "A truncated or corrupted file (a partial copy or download), a file that is not a kernel module, or one edited by hand or by a tool that broke its section headers."
#define ELF_FIX "Rebuild the module (make -C /lib/modules/$(uname -r)/build M=$PWD) and copy it again; check it with readelf -h -S."
#define RELOC_FIX "Build the module with the same compiler and kbuild flags as the kernel (its own tree's Makefile, not hand-made flags); use a toolchain the kernel supports."

/* The function, file, check, outcome and errno of a group of entries */
#define SIG_REJECTED(func, file) func, file, "module_sig_check", KM_REFUSES, EKEYREJECTED
#define ELF_CHECK "elf_validity_check", F_MAIN, "elf_validity_check", KM_REFUSES, ENOEXEC
#define CACHE_COPY(func) func, F_MAIN, "elf_validity_cache_copy", KM_REFUSES, ENOEXEC
#define RELOCATION(func, file) func, file, "apply_relocations", KM_REFUSES, ENOEXEC

/* arm64's overflow line, FMT (the value as a number, or kocheck's '?'),
 * as 5.10 and 6.1 print it, then as 6.12 and later do, with
 * arch/arm64/kernel/module.c's pr_fmt "Modules: " */
#define ARM64_OVERFLOW(fmt, example) \
	ARM64_OVERFLOW_GENS(fmt, example, "5.10 6.1"), \
	ARM64_OVERFLOW_GENS("Modules: " fmt, "Modules: " example, "6.12 7.2")
#define ARM64_OVERFLOW_GENS(fmt, example, gens) \
	{ fmt, "module,type,val", RELOCATION("apply_relocate_add", F_ARM64), \
	  "An arm64 relocation's value does not fit its field (a branch or ADRP too far).", \
	  "A module built without module PLTs or with an unsupported code model.", RELOC_FIX, \
	  NULL, example, gens }

/* The last column: the generations that print the line (NULL: all
 * four), each checked in that generation's source.  5.10's
 * elf_validity_check() is silent (kernel/module.c), 6.1 added a line per
 * check; 6.12 replaced setup_load_info()'s "No module found" and 6.1's
 * "Invalid ELF section hdr"; 5.10 has no module decompression, no
 * TAINT_TEST, no section index check in simplify_symbols() and names no
 * symbol in inherit_taint(); 7.2's do_init_module() prints one line. */
static const struct kmsg table[] = {
	/* module_sig_check() and what it calls */
	{ "Loading of unsigned module is rejected", "",
	  SIG_REJECTED("module_sig_check", F_SIGNING),
	  "The kernel enforces module signatures (CONFIG_MODULE_SIG_FORCE or module.sig_enforce=1) and the module carries none.",
	  "A module built out of tree and never signed; a signature stripped by strip or objcopy after signing.",
	  "Sign it with a key the kernel trusts: scripts/sign-file sha256 signing_key.pem signing_key.x509 x.ko (or enroll a MOK key with mokutil on Secure Boot systems).",
	  NULL, "Loading of unsigned module is rejected", NULL },
	{ "Loading of module with unavailable key is rejected", "",
	  SIG_REJECTED("module_sig_check", F_SIGNING),
	  "The module is signed, but with a key that is not in the kernel's trusted keyrings, and signatures are enforced.",
	  "Signed with another kernel's or distribution's key, or with a MOK key that was not enrolled.",
	  "Sign it with the key of this kernel's build, or enroll the signing certificate (mokutil --import) and reboot.",
	  NULL, "Loading of module with unavailable key is rejected", NULL },
	{ "Loading of module with unsupported crypto is rejected", "",
	  SIG_REJECTED("module_sig_check", F_SIGNING),
	  "The signature block is not a PKCS#7 message (mod_check_sig() says ENOPKG) and signatures are enforced.",
	  "A signature made by an old or foreign signing tool; a damaged signature trailer.",
	  "Sign the module again with this kernel tree's scripts/sign-file.",
	  NULL, "Loading of module with unsupported crypto is rejected", NULL },
	{ "Loading of %s is rejected", "reason",
	  SIG_REJECTED("module_sig_check", F_SIGNING),
	  "Signatures are enforced and the module's signature is missing or cannot be checked.",
	  "An unsigned module, or one signed with a key the kernel does not have.",
	  "Sign the module with a key the kernel trusts.",
	  NULL, "Loading of some module is rejected", NULL },
	{ "Lockdown: %s: unsigned module loading is restricted; see man kernel_lockdown.7", "process",
	  "lockdown_is_locked_down", "security/lockdown/lockdown.c", "module_sig_check", KM_REFUSES, EPERM,
	  "The kernel is locked down (lockdown=integrity or confidentiality, or Secure Boot on some distributions) and the module's signature is missing or unusable; signatures are then required even without module.sig_enforce.",
	  "An unsigned out-of-tree module on a Secure Boot machine; a module signed with a key that was not enrolled.",
	  "Sign the module and enroll the key (mokutil --import), or boot without lockdown (lockdown=none) where that is acceptable.",
	  NULL, "Lockdown: insmod: unsigned module loading is restricted; see man kernel_lockdown.7", NULL },
	{ "module: not signed with expected PKCS#7 message", "",
	  "mod_check_sig", "kernel/module_signature.c", "module_sig_check", KM_DEPENDS, ENOPKG,
	  "The signature trailer's id_type is not PKEY_ID_PKCS7: the kernel cannot use it (ENOPKG). Where signatures are enforced the next line is 'Loading of module with unsupported crypto is rejected'; otherwise the load goes on unsigned.",
	  "A signature appended by an old or foreign tool; bytes of the trailer damaged.",
	  "Sign the module again with this kernel tree's scripts/sign-file.",
	  NULL, "module: not signed with expected PKCS#7 message", NULL },
	{ "module: PKCS#7 signature info has unexpected non-zero params", "",
	  "mod_check_sig", "kernel/module_signature.c", "module_sig_check", KM_REFUSES, EBADMSG,
	  "The 12-byte struct module_signature before the marker has fields that must be zero for PKCS#7: the signature is malformed, and the load fails (EBADMSG) even where signatures are not enforced.",
	  "A damaged or hand-made signature trailer.",
	  "Strip the broken signature and sign again with scripts/sign-file.",
	  NULL, "module: PKCS#7 signature info has unexpected non-zero params", NULL },
	{ "PKCS7: Invalid module sig (not pkcs7-data)", "",
	  SIG_REJECTED("pkcs7_verify", "crypto/asymmetric_keys/pkcs7_verify.c"),
	  "The PKCS#7 message does not sign plain data, as a module signature must: the signature is rejected (EKEYREJECTED), enforced or not.",
	  "A signature made with the wrong content type (not by sign-file).",
	  "Sign the module again with this kernel tree's scripts/sign-file.",
	  NULL, "PKCS7: Invalid module sig (not pkcs7-data)", NULL },
	{ "PKCS7: Invalid module sig (has authattrs)", "",
	  SIG_REJECTED("pkcs7_verify", "crypto/asymmetric_keys/pkcs7_verify.c"),
	  "The PKCS#7 signature has authenticated attributes, which module signatures must not have: it is rejected (EKEYREJECTED), enforced or not.",
	  "Signed with openssl cms/smime without -noattr, instead of sign-file.",
	  "Sign with scripts/sign-file (or openssl cms -sign -noattr -binary -outform DER -nocerts).",
	  NULL, "PKCS7: Invalid module sig (has authattrs)", NULL },
	{ "PKCS7: Unknown OID: [%lu] %s", "offset,oid",
	  "pkcs7_note_OID", "crypto/asymmetric_keys/pkcs7_parser.c", "module_sig_check", KM_GOES_ON, 0,
	  "5.10's PKCS#7 parser met an object identifier its OID registry does not hold (at that offset of the signature), e.g. ecdsa-with-SHA256 (1.2.840.10045.4.3.2): ECDSA module signatures came with 5.13. Informative: the next line says whether the algorithm is refused.",
	  "A module signed for a newer kernel (ECDSA keys: Debian 6.12 and later) loaded into 5.10.",
	  "Sign the module with an RSA key this kernel trusts, or build it for this kernel.",
	  NULL, "PKCS7: Unknown OID: [150] 1.2.840.10045.4.3.2", "5.10" },
	{ "Unsupported pkey algo: %u", "oid",
	  "pkcs7_sig_note_pkey_algo", "crypto/asymmetric_keys/pkcs7_parser.c", "module_sig_check", KM_DEPENDS, ENOPKG,
	  "5.10's PKCS#7 parser takes only RSA signatures; the number is the OID's index in its registry (78: none). The signature cannot be checked (ENOPKG): where signatures are enforced the load is refused ('Loading of module with unsupported crypto is rejected'), else it goes on as unsigned.",
	  "A module signed with ECDSA (Debian 6.12 and later) loaded into 5.10.",
	  "Sign the module with an RSA key this kernel trusts, or build it for this kernel.",
	  NULL, "Unsupported pkey algo: 78", "5.10" },
	{ "Unsupported digest algo: %u", "oid",
	  "pkcs7_sig_note_digest_algo", "crypto/asymmetric_keys/pkcs7_parser.c", "module_sig_check", KM_DEPENDS, ENOPKG,
	  "5.10's PKCS#7 parser takes md4, md5, sha1, sha224, sha256, sha384 and sha512 digests; the number is the OID's index in its registry (78: none). The signature cannot be checked (ENOPKG).",
	  "A module signed with a digest 5.10 lacks (sha3).",
	  "Sign the module with sha256 or sha512.",
	  NULL, "Unsupported digest algo: 78", "5.10" },
	{ "PKCS7: %s", "reason",
	  SIG_REJECTED("pkcs7_verify", "crypto/asymmetric_keys/pkcs7_verify.c"),
	  "The module's PKCS#7 signature does not verify.",
	  "A signature that does not match the module, or is malformed.",
	  "Sign the module again with this kernel tree's scripts/sign-file.",
	  NULL, "PKCS7: Invalid module sig (something)", NULL },

	/* module_decompress() (CONFIG_MODULE_DECOMPRESS, MODULE_INIT_COMPRESSED_FILE) */
	{ "not a gzip compressed module", "",
	  "module_gzip_decompress", F_DECOMP, "module_decompress", KM_REFUSES, EINVAL,
	  "finit_module() was asked to decompress (MODULE_INIT_COMPRESSED_FILE) on a kernel built for gzip modules, and the file does not start with the gzip magic.",
	  "A module compressed with xz or zstd given to a kernel with CONFIG_MODULE_COMPRESS_GZIP; an uncompressed file passed with the flag.",
	  "Compress modules with the method the kernel decompresses (gzip here), or let the tool (kmod) decompress it.",
	  NULL, "not a gzip compressed module", "6.1 6.12 7.2" },
	{ "not an xz compressed module", "",
	  "module_xz_decompress", F_DECOMP, "module_decompress", KM_REFUSES, EINVAL,
	  "finit_module() was asked to decompress on a kernel built for xz modules, and the file does not start with the xz magic.",
	  "A gzip or zstd module given to a kernel with CONFIG_MODULE_COMPRESS_XZ; an uncompressed file passed with the flag.",
	  "Compress with xz --check=crc32 --lzma2=dict=1MiB (as kbuild does), or let the tool decompress it.",
	  NULL, "not an xz compressed module", "6.1 6.12 7.2" },
	{ "decompression failed with status %d", "status",
	  "module_gzip_decompress/module_xz_decompress", F_DECOMP, "module_decompress", KM_REFUSES, EINVAL,
	  "The kernel's decoder could not unpack the compressed module (zlib's or xz_dec's status number).",
	  "A truncated or damaged .ko.gz/.ko.xz; an xz file with a check the kernel's decoder lacks (SHA-256: use crc32) or a dictionary too large.",
	  "Compress the module again as kbuild does (xz --check=crc32 --lzma2=dict=1MiB, or gzip -n).",
	  NULL, "decompression failed with status 1", "6.1 6.12 7.2" },

	/* elf_validity_check() */
	{ "Invalid ELF header len %zu", "length",
	  ELF_CHECK,
	  "The file is shorter than an ELF header: the kernel cannot even read its header.", ELF_CAUSES, ELF_FIX,
	  NULL, "Invalid ELF header len 16", "6.1 6.12 7.2" },
	{ "Invalid ELF header magic: != \177ELF", "",
	  ELF_CHECK,
	  "The file does not start with the ELF magic (\\x7fELF): it is not an ELF object at all.",
	  "A compressed module (.ko.xz, .ko.zst) given to a tool or kernel that does not decompress it; a text or HTML file saved as .ko; a corrupted file.",
	  "Decompress it first (or use kmod's insmod, which does), or rebuild and copy the module again.",
	  NULL, "Invalid ELF header magic: != \\x7fELF", "6.1 6.12 7.2" },
	{ "Invalid ELF header type: %u != %u", "type,expected",
	  ELF_CHECK,
	  "The ELF type is not ET_REL (1): a module must be a relocatable object, not an executable (2) or shared object (3).",
	  "A program or shared library renamed .ko; a module linked with the wrong flags.",
	  "Build the module with kbuild (obj-m), which links a relocatable .ko.",
	  NULL, "Invalid ELF header type: 2 != 1", "6.1 6.12 7.2" },
	{ "Invalid architecture in ELF header: %u", "machine",
	  ELF_CHECK,
	  "The module was built for another machine (e_machine: 62 x86_64, 40 arm, 183 aarch64) or ELF class than this kernel's.",
	  "A module built for another architecture (an x86_64 .ko on an arm board, or the other way); a cross build with the wrong ARCH/CROSS_COMPILE.",
	  "Build the module against this kernel's tree with its ARCH and CROSS_COMPILE.",
	  NULL, "Invalid architecture in ELF header: 40", "6.1 6.12 7.2" },
	{ "Invalid ELF section header size", "",
	  ELF_CHECK,
	  "e_shentsize is not the size of a section header of this class.", ELF_CAUSES, ELF_FIX,
	  NULL, "Invalid ELF section header size", "6.1 6.12 7.2" },
	{ "Invalid ELF section header overflow", "",
	  ELF_CHECK,
	  "The section header table lies (partly) past the end of the file.",
	  "Usually a truncated file: the section headers are at the end of a .ko.", ELF_FIX,
	  NULL, "Invalid ELF section header overflow", "6.1 6.12 7.2" },
	{ "Invalid ELF section name index: %d || e_shstrndx (%d) >= e_shnum (%d)", "shstrndx,e_shstrndx,e_shnum",
	  ELF_CHECK,
	  "e_shstrndx, the index of the section name table, is 0 or past the last section.", ELF_CAUSES, ELF_FIX,
	  NULL, "Invalid ELF section name index: 0 || e_shstrndx (0) >= e_shnum (20)", "6.1 6.12 7.2" },
	{ "Invalid ELF section hdr(type %u)", "type",
	  ELF_CHECK,
	  "The section name table is not an SHT_STRTAB section, or lies outside the file.", ELF_CAUSES, ELF_FIX,
	  NULL, "Invalid ELF section hdr(type 1)", "6.1" },
	{ "empty section name table", "",
	  ELF_CHECK,
	  "The section name table has size 0.", ELF_CAUSES, ELF_FIX,
	  NULL, "empty section name table", "6.1 6.12 7.2" },
	{ "ELF Spec violation: section name table isn't null terminated", "",
	  ELF_CHECK,
	  "The last byte of the section name table is not NUL.", ELF_CAUSES, ELF_FIX,
	  NULL, "ELF Spec violation: section name table isn't null terminated", "6.1 6.12 7.2" },
	{ "ELF Spec violation: section 0 type(%d)!=SH_NULL or non-zero len or addr", "type",
	  ELF_CHECK,
	  "Section 0 must be the all-zero SHT_NULL section.", ELF_CAUSES, ELF_FIX,
	  NULL, "ELF Spec violation: section 0 type(1)!=SH_NULL or non-zero len or addr", "6.1 6.12 7.2" },
	{ "Invalid ELF sh_link!=SHN_UNDEF(%d) or (sh_link(%d) >= hdr->e_shnum(%d)", "link,sh_link,e_shnum",
	  ELF_CHECK,
	  "The symbol table's sh_link (its string table) is 0 or past the last section.", ELF_CAUSES, ELF_FIX,
	  NULL, "Invalid ELF sh_link!=SHN_UNDEF(0) or (sh_link(0) >= hdr->e_shnum(20)", "6.1 6.12 7.2" },
	{ "Invalid ELF section in module (section %u type %u)", "section,type",
	  ELF_CHECK,
	  "A section with contents lies (partly) outside the file, or its size wraps around.",
	  "A truncated or corrupted file.", ELF_FIX,
	  NULL, "Invalid ELF section in module (section 5 type 1)", NULL },
	{ "Invalid ELF section name in module (section %u type %u)", "section,type",
	  ELF_CHECK,
	  "An allocated section's name offset is past the end of the section name table.", ELF_CAUSES, ELF_FIX,
	  NULL, "Invalid ELF section name in module (section 5 type 1)", NULL },

	/* 6.12 and 7.2: elf_validity_cache_copy() and what it calls
	 * (elf_validity_cache_secstrings(), _index_info(), _index_mod(),
	 * _index_sym(), _index_str(); 7.2: _index_versions(), _strtab()) */
	{ "Module has invalid ELF structures", "",
	  "load_module", "kernel/module.c (5.10)", "elf_validity_check", KM_REFUSES, ENOEXEC,
	  "5.10's elf_validity_check() refused the file; most of its checks print nothing else (no line names the check; 6.1 prints one per check).",
	  ELF_CAUSES, ELF_FIX, NULL, "Module has invalid ELF structures", "5.10" },
	{ "Invalid ELF section name table type: %u", "type",
	  CACHE_COPY("elf_validity_cache_secstrings"),
	  "The section e_shstrndx names is not SHT_STRTAB (6.12+ check its type).",
	  ELF_CAUSES, ELF_FIX, NULL, "Invalid ELF section name table type: 1", "6.12 7.2" },
	{ "Only one .modinfo section must exist.", "",
	  CACHE_COPY("elf_validity_cache_index_info"),
	  "The file has more than one section named .modinfo (6.12+ want it unique, SHF_ALLOC or not).",
	  "A module linked twice with its .mod.o, or edited by a tool that added a section.", ELF_FIX,
	  NULL, "Only one .modinfo section must exist.", "6.12 7.2" },
	{ "module %s: Exactly one .gnu.linkonce.this_module section must exist.", "module",
	  CACHE_COPY("elf_validity_cache_index_mod"),
	  "There is no .gnu.linkonce.this_module section (the struct module modpost generates), or more than one: the object is not a kernel module (6.12+; 6.1 says 'No module found in object').",
	  "A plain object file (.o) renamed .ko; a module linked without modpost's .mod.o.",
	  "Build the module with kbuild (obj-m += x.o), which runs modpost.",
	  NULL, "module foo: Exactly one .gnu.linkonce.this_module section must exist.", "6.12 7.2" },
	{ "module %s: .gnu.linkonce.this_module section must have a size set", "module",
	  CACHE_COPY("elf_validity_cache_index_mod"),
	  "The module's struct module section is SHT_NOBITS: it has no contents.", ELF_CAUSES, ELF_FIX,
	  NULL, "module foo: .gnu.linkonce.this_module section must have a size set", "6.12 7.2" },
	{ "module %s: .gnu.linkonce.this_module must occupy memory during process execution", "module",
	  CACHE_COPY("elf_validity_cache_index_mod"),
	  "The module's struct module section lacks SHF_ALLOC.", ELF_CAUSES, ELF_FIX,
	  NULL, "module foo: .gnu.linkonce.this_module must occupy memory during process execution", "6.12 7.2" },
	{ "module %s: .gnu.linkonce.this_module section size must match the kernel's built struct module size at run time", "module",
	  CACHE_COPY("elf_validity_cache_index_mod"),
	  "The module's struct module (.gnu.linkonce.this_module) is not sizeof(struct module) of the running kernel (6.4+ check it; before, only the CRC of module_layout caught it with CONFIG_MODVERSIONS): it was built against another kernel or configuration.",
	  "A module built for another kernel release or flavour (struct module depends on the .config); headers that do not match the running kernel; a kernel without CONFIG_MODVERSIONS, where nothing else catches it.",
	  "Build the module against this kernel's own headers (/lib/modules/$(uname -r)/build).",
	  "docs/symbol-versions.md", "module foo: .gnu.linkonce.this_module section size must match the kernel's built struct module size at run time", "6.12 7.2" },
	{ "Invalid ELF symbol string table type: %u", "type",
	  CACHE_COPY("elf_validity_cache_index_str"),
	  "The symbol table's sh_link is not an SHT_STRTAB section (6.12+).", ELF_CAUSES, ELF_FIX,
	  NULL, "Invalid ELF symbol string table type: 1", "6.12 7.2" },
	{ "extended version crc+name presence does not match", "",
	  CACHE_COPY("elf_validity_cache_index_versions"),
	  "The module has one of __version_ext_crcs and __version_ext_names (CONFIG_EXTENDED_MODVERSIONS) but not the other.",
	  "A module edited after modpost (a section removed); a hand-made module.", "Rebuild the module with kbuild.",
	  "docs/symbol-versions.md", "extended version crc+name presence does not match", "7.2" },
	{ "more extended version crcs than names", "",
	  CACHE_COPY("elf_validity_cache_index_versions"),
	  "__version_ext_crcs has more CRCs than __version_ext_names has names.",
	  "A damaged or hand-edited module.", "Rebuild the module with kbuild.",
	  "docs/symbol-versions.md", "more extended version crcs than names", "7.2" },
	{ "empty symbol string table", "",
	  CACHE_COPY("elf_validity_cache_strtab"),
	  "The symbol table's string table is empty (7.2 checks it).", ELF_CAUSES, ELF_FIX,
	  NULL, "empty symbol string table", "7.2" },
	{ "symbol string table missing leading NUL", "",
	  CACHE_COPY("elf_validity_cache_strtab"),
	  "The symbol string table does not start with a NUL byte, as ELF requires (7.2 checks it).", ELF_CAUSES, ELF_FIX,
	  NULL, "symbol string table missing leading NUL", "7.2" },
	{ "symbol string table isn't NUL terminated", "",
	  CACHE_COPY("elf_validity_cache_strtab"),
	  "The symbol string table's last byte is not NUL (7.2 checks it).", ELF_CAUSES, ELF_FIX,
	  NULL, "symbol string table isn't NUL terminated", "7.2" },
	{ "symbol name out of bounds in string table", "",
	  CACHE_COPY("elf_validity_cache_strtab"),
	  "A symbol's st_name is past the end of the symbol string table (7.2 checks every symbol).", ELF_CAUSES, ELF_FIX,
	  NULL, "symbol name out of bounds in string table", "7.2" },
	{ "%s: no extended symbol version for %s", "module,symbol",
	  "check_version", F_VERSION, "simplify_symbols", KM_GOES_ON, 0,
	  "The module has extended modversions (__version_ext_crcs) but none for this symbol: 7.2 lets it link unchecked. Printed once per boot (pr_warn_once()).",
	  "A module whose modpost did not see the symbol as versioned (a symbol exported without a CRC).",
	  "Nothing needed; rebuild against the kernel's Module.symvers to have it versioned.",
	  "docs/symbol-versions.md", "foo: no extended symbol version for bar", "7.2" },
	{ "%s: ignoring obsolete section __ksymtab_gpl", "module",
	  "find_module_sections", F_MAIN, "find_module_sections", KM_GOES_ON, 0,
	  "7.2 flags GPL-only exports in __kflagstab; a __ksymtab_gpl section (from an older modpost or a hand-made module) is ignored: its exports are not exported.",
	  "A module built with an older kernel's kbuild; a hand-made module.", "Build the module with this kernel's headers.",
	  NULL, "foo: ignoring obsolete section __ksymtab_gpl", "7.2" },
	{ "%s: ignoring obsolete section __kcrctab_gpl", "module",
	  "find_module_sections", F_MAIN, "find_module_sections", KM_GOES_ON, 0,
	  "7.2 ignores a __kcrctab_gpl section (GPL-only exports are flagged in __kflagstab, their CRCs in __kcrctab).",
	  "A module built with an older kernel's kbuild; a hand-made module.", "Build the module with this kernel's headers.",
	  NULL, "foo: ignoring obsolete section __kcrctab_gpl", "7.2" },
	{ "%s: no flags for exported symbols", "module",
	  "check_export_symbol_sections", F_MAIN, "check_export_symbol_sections", KM_REFUSES, ENOEXEC,
	  "The module exports symbols (__ksymtab) without the __kflagstab 7.2 needs for them.",
	  "A module built with an older kernel's kbuild, or edited after modpost.", "Build the module with this kernel's headers.",
	  NULL, "foo: no flags for exported symbols", "7.2" },
	{ "%s: module tries to import module namespace: %s", "module,namespace",
	  "setup_modinfo", F_MAIN, "setup_modinfo", KM_REFUSES, EPERM,
	  "An import_ns= of a 'module:' namespace: those are granted by the exporter's EXPORT_SYMBOL_FOR_MODULES() and cannot be imported (7.2).",
	  "MODULE_IMPORT_NS(\"module:...\") in the source.", "Remove the import; the exporter must list the module.",
	  NULL, "foo: module tries to import module namespace: module:bar", "7.2" },
	{ "%s: init suspiciously returned %d, it should follow 0/-E convention", "module,ret",
	  "do_init_module", F_MAIN, "do_init_module", KM_GOES_ON, 0,
	  "The module's init function returned a positive value: 7.2 warns and keeps the module loaded (one line, no stack dump).",
	  "An init function returning a count or a positive errno.", "Return 0 or a negative errno from the init function.",
	  NULL, "foo: init suspiciously returned 1, it should follow 0/-E convention", "7.2" },
	{ "not a zstd compressed module", "",
	  "module_zstd_decompress", F_DECOMP, "module_decompress", KM_REFUSES, EINVAL,
	  "finit_module() was asked to decompress on a kernel built for zstd modules (6.2+), and the file does not start with the zstd magic.",
	  "An xz or gzip module given to a kernel with CONFIG_MODULE_COMPRESS_ZSTD; an uncompressed file passed with the flag.",
	  "Compress with zstd, or let the tool decompress it.",
	  NULL, "not a zstd compressed module", "6.12 7.2" },
	{ "%s: module using GPL-only symbols uses symbols from proprietary module %s.", "module,owner",
	  "inherit_taint", "kernel/module.c (5.10)", "simplify_symbols", KM_REFUSES, ENOENT,
	  "The module uses GPL-only symbols and also symbols of a proprietary module: 5.10 refuses that symbol (Unknown symbol, err -2); its line does not name the symbol.",
	  "A GPL module linking against a proprietary module's exports.", "Do not mix GPL-only symbols with a proprietary module's.",
	  "docs/unknown-symbol.md", "foo: module using GPL-only symbols uses symbols from proprietary module baz.", "5.10" },
	{ "%s: module uses symbols from proprietary module %s, inheriting taint.", "module,owner",
	  "inherit_taint", "kernel/module.c (5.10)", "simplify_symbols", KM_GOES_ON, 0,
	  "The module uses symbols of a proprietary module and takes its P taint (5.10's line, without the symbol).",
	  "Using a proprietary module's exports.", "Nothing to fix; the module is tainted P.",
	  "docs/unknown-symbol.md", "foo: module uses symbols from proprietary module baz, inheriting taint.", "5.10" },

	/* setup_load_info() */
	{ "%s: module has no symbols (stripped?)", "module",
	  "setup_load_info", F_MAIN, "setup_load_info", KM_REFUSES, ENOEXEC,
	  "The module has no symbol table (SHT_SYMTAB): the kernel needs it to link the module.",
	  "strip or strip --strip-all run on the .ko (only --strip-debug is safe); a packaging step that stripped modules.",
	  "Rebuild it, or strip with --strip-debug only (INSTALL_MOD_STRIP=1 does that).",
	  NULL, "foo: module has no symbols (stripped?)", NULL },
	{ "%s: No module found in object", "module",
	  "setup_load_info", F_MAIN, "setup_load_info", KM_REFUSES, ENOEXEC,
	  "There is no .gnu.linkonce.this_module section (the struct module modpost generates): the object is not a kernel module. Without a .modinfo name the module is shown as '(missing .modinfo section or name field)'.",
	  "A plain object file (.o) renamed .ko; a module linked without modpost's .mod.o.",
	  "Build the module with kbuild (obj-m += x.o), which runs modpost.",
	  NULL, "foo: No module found in object", "5.10 6.1" },
	{ "Module %s is blacklisted", "module",
	  "load_module", F_MAIN, "blacklisted", KM_REFUSES, EPERM,
	  "The module's name is in the kernel's module_blacklist= boot parameter.",
	  "module_blacklist=NAME on the kernel command line (a blacklist in modprobe.d only stops modprobe, with no kernel line).",
	  "Remove the name from module_blacklist= (in the boot loader's configuration) and reboot.",
	  NULL, "Module foo is blacklisted", NULL },

	/* check_modstruct_version(), check_version() */
	{ "%s: disagrees about version of symbol module_layout", "module",
	  "check_version", F_VERSION, "check_modstruct_version", KM_REFUSES, ENOEXEC,
	  "check_modstruct_version() found that the CRC of module_layout the module was built against differs from this kernel's: it was built for another kernel ABI (CONFIG_MODVERSIONS). This is checked before vermagic.",
	  "A module built against another kernel release or ABI (e.g. Debian 6.1.0-47 vs 6.1.0-50), or another configuration of the same release.",
	  "Rebuild the module against this kernel's headers (linux-headers-$(uname -r)); DKMS does it on kernel upgrades. Forcing (modprobe --force-modversion) is unsafe.",
	  NULL, "foo: disagrees about version of symbol module_layout", NULL },
	{ "%s: no symbol version for module_layout", "module",
	  "check_version", F_VERSION, "check_modstruct_version", KM_REFUSES, ENOEXEC,
	  "The module has a __versions section, but no CRC for module_layout in it, on a CONFIG_MODVERSIONS kernel.",
	  "A module built without CONFIG_MODVERSIONS data for module_layout (a broken build, or __versions edited by a tool).",
	  "Rebuild the module against this kernel's tree.",
	  NULL, "foo: no symbol version for module_layout", NULL },
	{ "%s: disagrees about version of symbol %s", "module,symbol",
	  "check_version", F_VERSION, "simplify_symbols", KM_REFUSES, EINVAL,
	  "resolve_symbol() found the symbol, but the CRC of its prototype in the module's __versions differs from the kernel's (or the exporting module's): the interface changed. The next line is 'Unknown symbol SYMBOL (err -22)'.",
	  "A module built against another kernel ABI, or against another build of the module that exports the symbol.",
	  "Rebuild the module (and the module exporting the symbol) against this kernel's tree.",
	  "docs/symbol-versions.md", "foo: disagrees about version of symbol _printk", NULL },
	{ "%s: no symbol version for %s", "module,symbol",
	  "check_version", F_VERSION, "simplify_symbols", KM_REFUSES, EINVAL,
	  "The module uses the symbol but its __versions section has no CRC for it, on a CONFIG_MODVERSIONS kernel. The next line is 'Unknown symbol SYMBOL (err -22)'.",
	  "A module built where the symbol had no CRC (a module exporting without modversions), or __versions edited.",
	  "Rebuild the module against this kernel's tree and the exporting module's Module.symvers (KBUILD_EXTRA_SYMBOLS).",
	  "docs/symbol-versions.md", "foo: no symbol version for _printk", NULL },

	/* try_to_force_load() */
	{ "%s: bad vermagic: kernel tainted.", "module",
	  "try_to_force_load", F_MAIN, "check_modinfo", KM_GOES_ON, 0,
	  "The module has no vermagic (or it was ignored: MODULE_INIT_IGNORE_VERMAGIC, modprobe --force-vermagic), and the kernel has CONFIG_MODULE_FORCE_LOAD: the load goes on with the kernel tainted F (forced).",
	  "modprobe --force / --force-vermagic; a module whose .modinfo lost its vermagic.",
	  "Rebuild the module against this kernel instead of forcing it.",
	  "docs/forcing.md", "foo: bad vermagic: kernel tainted.", NULL },
	{ "%s: no versions for exported symbols: kernel tainted.", "module",
	  "try_to_force_load", F_MAIN, "check_module_license_and_versions", KM_GOES_ON, 0,
	  "The module exports symbols without CRCs on a CONFIG_MODVERSIONS kernel, and the kernel has CONFIG_MODULE_FORCE_LOAD: it loads with the kernel tainted F.",
	  "A module built without modversions data for its exports (its __kcrctab sections missing).",
	  "Rebuild the module against this kernel's tree with CONFIG_MODVERSIONS.",
	  "docs/forcing.md", "foo: no versions for exported symbols: kernel tainted.", NULL },
	{ "%s: %s: kernel tainted.", "module,symbol",
	  "try_to_force_load", F_MAIN, "check_version", KM_GOES_ON, 0,
	  "The module has no __versions section (or its CRCs were ignored: MODULE_INIT_IGNORE_MODVERSIONS, modprobe --force-modversion) on a CONFIG_MODVERSIONS kernel with CONFIG_MODULE_FORCE_LOAD: the symbol (first module_layout) is taken unchecked and the kernel tainted F. Without CONFIG_MODULE_FORCE_LOAD the same case is refused with ENOEXEC and no line.",
	  "modprobe --force or --force-modversion; a module built without CONFIG_MODVERSIONS for a kernel with it.",
	  "Rebuild the module against this kernel's tree instead of forcing it.",
	  "docs/forcing.md", "foo: module_layout: kernel tainted.", NULL },

	/* check_modinfo() and what it calls */
	{ "%s: version magic '%s' should be '%s'", "module,module_vermagic,kernel_vermagic",
	  "check_modinfo", F_MAIN, "check_modinfo", KM_REFUSES, ENOEXEC,
	  "The module's vermagic (release and SMP, preempt, mod_unload, modversions, arch flags) differs from the kernel's. When the module has __versions only the flags after the release count.",
	  "A module built for another kernel release or configuration (preempt model, no modversions, thumb2...).",
	  "Rebuild the module against this kernel's tree (the same .config); compare modinfo -F vermagic x.ko with the kernel's.",
	  NULL, "foo: version magic '6.1.0-47-amd64 SMP preempt mod_unload modversions ' should be '6.1.0-50-amd64 SMP preempt mod_unload modversions '", NULL },
	{ "%s: loading out-of-tree module taints kernel.", "module",
	  "check_modinfo", F_MAIN, "check_modinfo", KM_GOES_ON, 0,
	  "The module was not built inside the kernel tree (no intree=Y in .modinfo): the kernel is tainted O. Informational, printed once per boot; the load goes on.",
	  "Any module built with M= (DKMS, vendor drivers, your own).",
	  "Nothing to fix; upstream the driver to lose the taint.",
	  "docs/README.md", "foo: loading out-of-tree module taints kernel.", NULL },
	{ "Spectre V2 : System may be vulnerable to spectre v2", "",
	  "retpoline_module_ok", "arch/x86/kernel/cpu/bugs.c", "check_modinfo", KM_GOES_ON, 0,
	  "The kernel uses retpolines against Spectre v2 and the module was built without them (no retpoline=Y in .modinfo): its indirect branches are not protected. The load goes on.",
	  "A module built with a compiler without -mindirect-branch=thunk-extern, or without the kernel's flags.",
	  "Rebuild the module with the kernel's compiler and kbuild.",
	  "docs/README.md", "Spectre V2 : System may be vulnerable to spectre v2", NULL },
	{ "%s: loading module not compiled with retpoline compiler.", "module",
	  "check_modinfo_retpoline", F_MAIN, "check_modinfo", KM_GOES_ON, 0,
	  "The module has no retpoline=Y in .modinfo while the kernel mitigates Spectre v2 with retpolines; the load goes on.",
	  "A module built with a compiler or flags without retpoline support.",
	  "Rebuild the module with the kernel's compiler and kbuild.",
	  "docs/README.md", "foo: loading module not compiled with retpoline compiler.", NULL },
	{ "%s: module is from the staging directory, the quality is unknown, you have been warned.", "module",
	  "check_modinfo", F_MAIN, "check_modinfo", KM_GOES_ON, 0,
	  "The module comes from drivers/staging (staging=Y in .modinfo): the kernel is tainted C. The load goes on.",
	  "Loading a staging driver.", "Nothing to fix; prefer a mainline driver if there is one.",
	  "docs/README.md", "foo: module is from the staging directory, the quality is unknown, you have been warned.", NULL },
	{ "%s: module is marked as livepatch module, but livepatch support is disabled", "module",
	  "check_modinfo_livepatch", F_MAIN, "check_modinfo_livepatch", KM_REFUSES, ENOEXEC,
	  "The module is a live patch (livepatch=Y in .modinfo) and the kernel has no CONFIG_LIVEPATCH.",
	  "A live patch built for another kernel configuration.", "Use a kernel with CONFIG_LIVEPATCH, or do not load the patch.",
	  NULL, "foo: module is marked as livepatch module, but livepatch support is disabled", NULL },
	{ "%s: tainting kernel with TAINT_LIVEPATCH", "module",
	  "check_modinfo_livepatch", F_MAIN, "check_modinfo_livepatch", KM_GOES_ON, 0,
	  "A live patch module is loading: the kernel is tainted K. Printed once per boot; the load goes on.",
	  "Loading a live patch.", "Nothing to fix.",
	  "docs/README.md", "foo: tainting kernel with TAINT_LIVEPATCH", NULL },
	{ "%s: module license '%s' taints kernel.", "module,license",
	  "set_license", F_MAIN, "check_modinfo", KM_GOES_ON, 0,
	  "The module's license is not GPL-compatible (or missing: 'unspecified'): the kernel is tainted P and the module cannot use GPL-only symbols. Printed once per boot; the load goes on.",
	  "A proprietary driver; a module without MODULE_LICENSE().",
	  "Add MODULE_LICENSE(\"GPL\") if the code is GPL; otherwise expect the taint and no GPL-only symbols.",
	  "docs/README.md", "foo: module license 'Proprietary' taints kernel.", NULL },
	{ "%s: loading test module taints kernel.", "module",
	  "check_modinfo", F_MAIN, "check_modinfo", KM_GOES_ON, 0,
	  "The module is a test module (test=Y in .modinfo, KUnit tests): the kernel is tainted N. Printed once per boot; the load goes on.",
	  "Loading a KUnit or other test module.", "Nothing to fix; do not load test modules on production systems.",
	  "docs/README.md", "foo: loading test module taints kernel.", "6.1 6.12 7.2" },
	{ "%s: module license taints kernel.", "module",
	  "check_module_license_and_versions", F_MAIN, "check_module_license_and_versions", KM_GOES_ON, 0,
	  "The module is one the kernel knows to load proprietary code whatever its license says (ndiswrapper, driverloader, lve): the kernel is tainted P. The load goes on.",
	  "Loading ndiswrapper, driverloader or lve.", "Nothing to fix.",
	  "docs/README.md", "ndiswrapper: module license taints kernel.", NULL },

	/* layout_and_allocate() */
	{ "%s: module PLT section(s) missing", "module",
	  "module_frob_arch_sections", "arch/arm/kernel/module-plts.c", "module_frob_arch_sections", KM_REFUSES, ENOEXEC,
	  "The kernel has CONFIG_ARM(64)_MODULE_PLTS and the module lacks the empty .plt (and .init.plt) sections the kernel's module.lds adds.",
	  "A module not linked with the kernel tree's scripts/module.lds (hand-made build, another kernel's tree).",
	  "Build the module with kbuild against this kernel's tree.",
	  NULL, "foo: module PLT section(s) missing", NULL },
	{ "%s: module symtab section missing", "module",
	  "module_frob_arch_sections", "arch/arm/kernel/module-plts.c", "module_frob_arch_sections", KM_REFUSES, ENOEXEC,
	  "module_frob_arch_sections() found no symbol table while counting PLT entries.",
	  "A stripped or corrupted module.", "Rebuild it; strip with --strip-debug only.",
	  NULL, "foo: module symtab section missing", NULL },
	{ "%s: section %s (index %d) has invalid WRITE|EXEC flags", "module,section,index",
	  "module_enforce_rwx_sections", "kernel/module/strict_rwx.c", "module_enforce_rwx_sections", KM_REFUSES, ENOEXEC,
	  "With CONFIG_STRICT_MODULE_RWX no section may be both writable and executable (SHF_WRITE|SHF_EXECINSTR).",
	  "Assembly with a section declared \"awx\"; a linker script or objcopy that set both flags.",
	  "Give the section either \"ax\" or \"aw\" flags, not both.",
	  NULL, "foo: section .text.rw (index 5) has invalid WRITE|EXEC flags", NULL },
	{ "%s: per-cpu alignment %li > %li", "module,align,max",
	  "percpu_modalloc", F_MAIN, "percpu_modalloc", KM_GOES_ON, 0,
	  "The module's .data..percpu asks for an alignment above a page; the kernel uses a page instead and goes on.",
	  "A per-CPU variable declared with an excessive __aligned().", "Reduce the alignment.",
	  NULL, "foo: per-cpu alignment 8192 > 4096", NULL },
	{ "%s: Could not allocate %lu bytes percpu data", "module,size",
	  "percpu_modalloc", F_MAIN, "percpu_modalloc", KM_REFUSES, ENOMEM,
	  "The module's per-CPU data does not fit in the reserved per-CPU area for modules (PERCPU_MODULE_RESERVE, 8 KiB, shared by all loaded modules).",
	  "A module with large DEFINE_PER_CPU variables, or many modules with per-CPU data already loaded.",
	  "Allocate large per-CPU data at run time with alloc_percpu() instead of DEFINE_PER_CPU.",
	  NULL, "foo: Could not allocate 16384 bytes percpu data", NULL },
	{ "%s: has both .ctors and .init_array.", "module",
	  "find_module_sections", F_MAIN, "find_module_sections", KM_REFUSES, EINVAL,
	  "The module has both kinds of constructor table, which the kernel does not support together.",
	  "Objects compiled with different compilers or flags linked into one module (C++ or coverage instrumentation).",
	  "Build all objects of the module with the kernel's compiler and flags.",
	  NULL, "foo: has both .ctors and .init_array.", NULL },
	{ "%s: Ignoring obsolete parameters", "module",
	  "find_module_sections", F_MAIN, "find_module_sections", KM_GOES_ON, 0,
	  "The module has a __obsparm section (MODULE_PARM of Linux 2.4); it is ignored and the load goes on.",
	  "Very old driver code.", "Convert MODULE_PARM to module_param().",
	  NULL, "foo: Ignoring obsolete parameters", NULL },
	{ "%s: module verification failed: signature and/or required key missing - tainting kernel", "module",
	  "load_module", F_MAIN, "module_sig_check", KM_GOES_ON, 0,
	  "The kernel checks signatures (CONFIG_MODULE_SIG) without enforcing them, and the module is unsigned or signed with an unknown key: it loads, and the kernel is tainted E. Printed once per boot.",
	  "An out-of-tree module that was not signed (DKMS without a MOK key, your own build).",
	  "Sign the module with a key the kernel trusts to avoid the taint; nothing is needed for it to load.",
	  "docs/signatures.md", "foo: module verification failed: signature and/or required key missing - tainting kernel", NULL },

	/* simplify_symbols() and resolve_symbol() */
	{ "%s: Unknown symbol %s (err -2)", "module,symbol",
	  "simplify_symbols", F_MAIN, "simplify_symbols", KM_REFUSES, ENOENT,
	  "The module uses a symbol that neither the kernel nor any loaded module exports to it (ENOENT): not exported, its module not loaded yet, or GPL-only while the module's license is not GPL-compatible.",
	  "The module that exports it is not loaded (insmod does not load dependencies; modprobe does, after depmod); the symbol is not exported by this kernel or its configuration; a proprietary module using an EXPORT_SYMBOL_GPL symbol.",
	  "Load the dependency first (modprobe, after depmod -a), build against this kernel's exports, or fix MODULE_LICENSE.",
	  NULL, "foo: Unknown symbol kmdemo_add (err -2)", NULL },
	{ "%s: Unknown symbol %s (err -22)", "module,symbol",
	  "simplify_symbols", F_MAIN, "simplify_symbols", KM_REFUSES, EINVAL,
	  "The symbol was found but may not be used (EINVAL): its CRC differs (the line before says 'disagrees about version of symbol'), or it is in a namespace the module does not import (the line before says so).",
	  "A module built against another ABI; a missing MODULE_IMPORT_NS().",
	  "Rebuild the module against this kernel's tree; add MODULE_IMPORT_NS(NS) for namespaced symbols.",
	  "docs/unknown-symbol.md", "foo: Unknown symbol _printk (err -22)", NULL },
	{ "%s: Unknown symbol %s (err %d)", "module,symbol,err",
	  "simplify_symbols", F_MAIN, "simplify_symbols", KM_REFUSES, 0,
	  "The module uses a symbol that cannot be resolved; the err is the negative errno of resolve_symbol().",
	  "A missing dependency, a CRC mismatch or a namespace not imported.",
	  "See the line before it; load the dependency or rebuild the module against this kernel.",
	  NULL, "foo: Unknown symbol bar (err -5)", NULL },
	{ "%s: module uses symbol (%s) from namespace %s, but does not import it.", "module,symbol,namespace",
	  "verify_namespace_is_imported", F_MAIN, "simplify_symbols", KM_DEPENDS, EINVAL,
	  "The symbol is exported in a namespace (EXPORT_SYMBOL_NS) that the module does not import: the load fails with 'Unknown symbol SYMBOL (err -22)', unless the kernel has CONFIG_MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS, where it is only a warning.",
	  "A module missing MODULE_IMPORT_NS(NAMESPACE).",
	  "Add MODULE_IMPORT_NS(NAMESPACE) to the module (make nsdeps does it) and rebuild.",
	  "docs/unknown-symbol.md", "foo: module uses symbol (bar) from namespace NS, but does not import it.", NULL },
	{ "%s: module using GPL-only symbols uses symbols %s from proprietary module %s.", "module,symbol,owner",
	  "inherit_taint", F_MAIN, "simplify_symbols", KM_REFUSES, ENOENT,
	  "The module uses GPL-only symbols and also a symbol of a proprietary (P-tainted) module: mixing both is refused; the next line is 'Unknown symbol SYMBOL (err -2)'.",
	  "A GPL module linking against a proprietary module's exports.",
	  "Do not use symbols of proprietary modules from a module that uses GPL-only symbols.",
	  "docs/unknown-symbol.md", "foo: module using GPL-only symbols uses symbols bar from proprietary module baz.", "6.1 6.12 7.2" },
	{ "%s: module uses symbols %s from proprietary module %s, inheriting taint.", "module,symbol,owner",
	  "inherit_taint", F_MAIN, "simplify_symbols", KM_GOES_ON, 0,
	  "The module uses a symbol of a proprietary (P-tainted) module, so it is tainted P as well. The load goes on.",
	  "A module depending on a proprietary module.", "Nothing to fix.",
	  "docs/unknown-symbol.md", "foo: module uses symbols bar from proprietary module baz, inheriting taint.", "6.1 6.12 7.2" },
	{ "%s: please compile with -fno-common", "module",
	  "simplify_symbols", F_MAIN, "simplify_symbols", KM_REFUSES, ENOEXEC,
	  "The module has a common (SHN_COMMON) symbol, an uninitialised global the kernel cannot place.",
	  "Built without the kernel's -fno-common (gcc before 10 defaults to -fcommon).",
	  "Build with kbuild (it passes -fno-common), or initialise or make static the global.",
	  NULL, "foo: please compile with -fno-common", NULL },
	{ "%s: Symbol %s has an invalid section index %u (max %u)", "module,symbol,index,max",
	  "simplify_symbols", F_MAIN, "simplify_symbols", KM_REFUSES, ENOEXEC,
	  "A symbol refers to a section that does not exist.", ELF_CAUSES, ELF_FIX,
	  NULL, "foo: Symbol bar has an invalid section index 99 (max 20)", "6.1 6.12 7.2" },

	/* apply_relocations(): the arch's apply_relocate(_add)() */
	{ "module: %s: Unknown rela relocation: %llu", "module,type",
	  RELOCATION("__write_relocate_add", F_X86),
	  "x86_64 does not handle this relocation type in modules.",
	  "A module built with flags the kernel does not use (-fPIC, large code model, GOT relocations of a new toolchain).", RELOC_FIX,
	  NULL, "module: foo: Unknown rela relocation: 42", NULL },
	{ "module: x86/modules: Skipping invalid relocation target, existing value is nonzero for type %d, loc %s, val %s", "type,loc,val",
	  RELOCATION("__write_relocate_add", F_X86),
	  "The place a relocation writes to is not zero: the relocation was already applied or the object is damaged.",
	  "A module relocated twice (a tool wrote absolute values), duplicated relocation entries, a corrupted file.", RELOC_FIX,
	  NULL, "module: x86/modules: Skipping invalid relocation target, existing value is nonzero for type 1, loc 00000000c0ffee00, val ffffffffc0123456", NULL },
	{ "module: overflow in relocation type %d val %llx", "type,val",
	  RELOCATION("__write_relocate_add", F_X86),
	  "A relocation's value does not fit its field (e.g. a 32-bit sign-extended field for a 64-bit address). The next line says the module was likely not compiled with -mcmodel=kernel.",
	  "A module built without the kernel's -mcmodel=kernel, or referencing an absolute address out of range.", RELOC_FIX,
	  NULL, "module: overflow in relocation type 10 val ffffffffc0123456", NULL },
	{ "module: overflow in relocation type %d val %s", "type,val",
	  RELOCATION("__write_relocate_add", F_X86),
	  "A relocation's value does not fit its field. The next line says the module was likely not compiled with -mcmodel=kernel.",
	  "A module built without the kernel's -mcmodel=kernel.", RELOC_FIX,
	  NULL, "module: overflow in relocation type 10 val ?", NULL },
	{ "module: `%s' likely not compiled with -mcmodel=kernel", "module",
	  RELOCATION("__write_relocate_add", F_X86),
	  "Follows an overflow in a relocation: x86_64 modules must use the kernel code model.",
	  "Built outside kbuild without -mcmodel=kernel.", RELOC_FIX,
	  NULL, "module: `foo' likely not compiled with -mcmodel=kernel", NULL },
	{ "%s: section %u reloc %u: bad relocation sym offset", "module,section,reloc",
	  RELOCATION("apply_relocate", F_ARM),
	  "An arm relocation refers to a symbol index past the symbol table.", ELF_CAUSES, ELF_FIX,
	  NULL, "foo: section 3 reloc 7: bad relocation sym offset", NULL },
	{ "%s: section %u reloc %u sym '%s': out of bounds relocation, offset %d size %u", "module,section,reloc,symbol,offset,size",
	  RELOCATION("apply_relocate", F_ARM),
	  "An arm relocation writes outside the section it applies to.", ELF_CAUSES, ELF_FIX,
	  NULL, "foo: section 3 reloc 7 sym 'bar': out of bounds relocation, offset 4096 size 64", NULL },
	{ "%s: section %u reloc %u sym '%s': unsupported interworking call (ARM -> Thumb)", "module,section,reloc,symbol",
	  RELOCATION("apply_relocate", F_ARM),
	  "An ARM-mode branch (R_ARM_CALL/JUMP24) targets a Thumb function, which the kernel's module loader cannot fix up.",
	  "Parts of the module or kernel built in different instruction sets (thumb2 kernel, ARM module or the other way).",
	  "Build the module with the kernel's flags (CONFIG_THUMB2_KERNEL decides -mthumb).",
	  NULL, "foo: section 3 reloc 7 sym 'bar': unsupported interworking call (ARM -> Thumb)", NULL },
	{ "%s: section %u reloc %u sym '%s': unsupported interworking call (Thumb -> ARM)", "module,section,reloc,symbol",
	  RELOCATION("apply_relocate", F_ARM),
	  "A Thumb branch targets an ARM-mode function, which the kernel's module loader cannot fix up.",
	  "Parts of the module or kernel built in different instruction sets.",
	  "Build the module with the kernel's flags (CONFIG_THUMB2_KERNEL decides -mthumb).",
	  NULL, "foo: section 3 reloc 7 sym 'bar': unsupported interworking call (Thumb -> ARM)", NULL },
	{ "%s: unknown relocation: %u", "module,type",
	  RELOCATION("apply_relocate", F_ARM),
	  "arm does not handle this relocation type in modules (or a branch is out of range without module PLTs).",
	  "A module built with flags the kernel does not use (-fPIC, movw/movt group relocations without CONFIG_ARM_HAS_GROUP_RELOCS).", RELOC_FIX,
	  NULL, "foo: unknown relocation: 96", NULL },
	{ "module %s: unsupported RELA relocation: %llu", "module,type",
	  RELOCATION("apply_relocate_add", F_ARM64),
	  "arm64 does not handle this relocation type in modules.",
	  "A module built with flags the kernel does not use (-fPIC, a TLS or GOT relocation).", RELOC_FIX,
	  NULL, "module foo: unsupported RELA relocation: 1024", "5.10 6.1" },
	{ "Modules: module %s: unsupported RELA relocation: %llu", "module,type",
	  RELOCATION("apply_relocate_add", F_ARM64),
	  "arm64 does not handle this relocation type in modules (6.12 and later print it with the file's pr_fmt, \"Modules: \").",
	  "A module built with flags the kernel does not use (-fPIC, a TLS or GOT relocation).", RELOC_FIX,
	  NULL, "Modules: module foo: unsupported RELA relocation: 1024", "6.12 7.2" },
	ARM64_OVERFLOW("module %s: overflow in relocation type %d val %llx",
		       "module foo: overflow in relocation type 282 val ffff800008000000"),
	ARM64_OVERFLOW("module %s: overflow in relocation type %d val %s",
		       "module foo: overflow in relocation type 282 val ?"),
	{ "module %s: REL relocation unsupported", "module",
	  RELOCATION("apply_relocate", F_MAIN),
	  "The module has SHT_REL relocations, which this architecture (arm64, x86_64) does not take: it uses RELA.",
	  "An object built for another ABI or by a foreign toolchain.", RELOC_FIX,
	  NULL, "module foo: REL relocation unsupported", NULL },

	/* complete_formation(), mod_sysfs_setup() */
	{ "%s: exports duplicate symbol %s (owned by %s)", "module,symbol,owner",
	  "verify_exported_symbols", F_MAIN, "verify_exported_symbols", KM_REFUSES, ENOEXEC,
	  "The module exports a symbol that the kernel or a loaded module already exports.",
	  "Two versions of the same driver (built in and as a module, or an old and a new module); a copied helper exported under the same name.",
	  "Unload the other module, rename or stop exporting the symbol.",
	  NULL, "foo: exports duplicate symbol bar (owned by kernel)", NULL },
	{ "%s: module is already loaded", "module",
	  "mod_sysfs_init", "kernel/module/sysfs.c", "mod_sysfs_setup", KM_REFUSES, EINVAL,
	  "/sys/module/NAME already exists: the module is built into the kernel (and has parameters or a version), so it cannot be loaded as a module.",
	  "Loading a module that this kernel has built in (=y in its .config).",
	  "Nothing to load: the code is already in the kernel (see /sys/module/NAME); rename your module if it is a different one.",
	  NULL, "foo: module is already loaded", NULL },

	/* parse_args() and the parameter set functions */
	{ "%s: Unknown parameter `%s'", "module,parameter",
	  "parse_args", F_PARAMS, "parse_args", KM_REFUSES, ENOENT,
	  "A parameter's set function returned ENOENT.",
	  "A module's own parameter handler refusing a name it does not know.",
	  "Check the parameter with modinfo -p and the module's documentation.",
	  NULL, "foo: Unknown parameter `bar'", NULL },
	{ "%s: `%s' too large for parameter `%s'", "module,value,parameter",
	  "parse_args", F_PARAMS, "parse_args", KM_REFUSES, ENOSPC,
	  "The value is too long for the parameter (a string longer than its buffer); the load fails.",
	  "A string parameter given more characters than its declared size.",
	  "Give a shorter value (modinfo -p shows the parameters).",
	  NULL, "foo: `aaaaaaaaaaaa' too large for parameter `name'", NULL },
	{ "%s: `%s' invalid for parameter `%s'", "module,value,parameter",
	  "parse_args", F_PARAMS, "parse_args", KM_REFUSES, EINVAL,
	  "The parameter's set function refused the value (not a number, out of range, a bool that is not y/n/1/0, a missing value); the load fails, with the error the set function gave.",
	  "A typo in the value, a value out of the type's range, NAME without =VALUE for a parameter that needs one.",
	  "Give a value of the parameter's type (modinfo -p x.ko lists them).",
	  NULL, "foo: `abc' invalid for parameter `count'", NULL },
	{ "%s: string parameter too long", "parameter",
	  "param_set_charp", F_PARAMS, "parse_args", KM_REFUSES, ENOSPC,
	  "A charp parameter's value is longer than 1024 bytes.", "A very long string value.",
	  "Give a shorter value.",
	  NULL, "name: string parameter too long", NULL },
	{ "%s: can only take %i arguments", "parameter,max",
	  "param_array", F_PARAMS, "parse_args", KM_REFUSES, EINVAL,
	  "An array parameter was given more comma-separated elements than it holds.",
	  "Too many values in NAME=a,b,c.", "Give at most that many elements.",
	  NULL, "list: can only take 4 arguments", NULL },
	{ "%s: string doesn't fit in %u chars.", "parameter,max",
	  "param_set_copystring", F_PARAMS, "parse_args", KM_REFUSES, ENOSPC,
	  "A string parameter (module_param_string) was given a value longer than its buffer.",
	  "A value too long for the parameter.", "Give a shorter value.",
	  NULL, "name: string doesn't fit in 15 chars.", NULL },
	{ "%s: parameters '%s' after `--' ignored", "module,parameters",
	  "load_module", F_MAIN, "parse_args", KM_GOES_ON, 0,
	  "Parameters after a -- argument are not given to the module; the load goes on.",
	  "A -- in the module's options.", "Remove the --.",
	  NULL, "foo: parameters 'x=1' after `--' ignored", NULL },
	{ "Lockdown: %s: unsafe module parameters is restricted; see man kernel_lockdown.7", "process",
	  "lockdown_is_locked_down", "security/lockdown/lockdown.c", "parse_args", KM_REFUSES, EPERM,
	  "The kernel is locked down and the parameter sets hardware resources (module_param_hw: I/O ports, IRQs): not allowed.",
	  "Setting io=, irq= and similar parameters on a locked-down (Secure Boot) kernel.",
	  "Let the driver probe the hardware itself, or boot without lockdown.",
	  NULL, "Lockdown: insmod: unsafe module parameters is restricted; see man kernel_lockdown.7", NULL },
	{ "Setting dangerous option %s - tainting kernel", "parameter",
	  "param_check_unsafe", F_PARAMS, "parse_args", KM_GOES_ON, 0,
	  "The parameter is marked unsafe (module_param_unsafe): setting it taints the kernel U. The load goes on.",
	  "Setting a debugging or unsafe parameter.", "Nothing to fix if it is wanted.",
	  NULL, "Setting dangerous option debug - tainting kernel", NULL },
	{ "dyndbg param is supported only in CONFIG_DYNAMIC_DEBUG builds", "",
	  "ddebug_dyndbg_module_param_cb", "include/linux/dynamic_debug.h", "parse_args", KM_GOES_ON, 0,
	  "dyndbg= was given but the kernel has no dynamic debug: ignored, the load goes on.",
	  "dyndbg= in the module's options on a kernel without CONFIG_DYNAMIC_DEBUG.", "Remove dyndbg=.",
	  NULL, "dyndbg param is supported only in CONFIG_DYNAMIC_DEBUG builds", NULL },
	{ "%s: unknown parameter '%s' ignored", "module,parameter",
	  "unknown_module_param_cb", F_MAIN, "parse_args", KM_GOES_ON, 0,
	  "The module has no parameter of that name: it is ignored and the load goes on.",
	  "A misspelt or removed parameter, often in /etc/modprobe.d.",
	  "Check the name with modinfo -p x.ko and fix the options.",
	  NULL, "foo: unknown parameter 'bar' ignored", NULL },

	/* do_init_module(), add_taint() */
	{ "do_init_module: '%s'->init suspiciously returned %d, it should follow 0/-E convention", "module,ret",
	  "do_init_module", F_MAIN, "do_init_module", KM_GOES_ON, 0,
	  "The module's init function returned a positive value; the kernel warns (with a stack dump) and keeps the module loaded.",
	  "A bug in the module's init function (returning a count or 1 for success).",
	  "Return 0 on success and a negative errno on failure.",
	  NULL, "do_init_module: 'foo'->init suspiciously returned 1, it should follow 0/-E convention", "5.10 6.1 6.12" },
	{ "do_init_module: loading module anyway...", "",
	  "do_init_module", F_MAIN, "do_init_module", KM_GOES_ON, 0,
	  "Follows 'init suspiciously returned': the module stays loaded.",
	  "A positive return from the module's init function.", "Return 0 on success.",
	  NULL, "do_init_module: loading module anyway...", "5.10 6.1 6.12" },
	{ "Disabling lock debugging due to kernel taint", "",
	  "add_taint", "kernel/panic.c", "add_taint", KM_GOES_ON, 0,
	  "A taint that makes lock debugging unreliable (P proprietary, F forced) switched lockdep off. Printed once per boot; nothing was refused.",
	  "A proprietary or forced module loaded on a kernel with lock debugging.", "Nothing to fix.",
	  "docs/README.md", "Disabling lock debugging due to kernel taint", NULL },
};

#define NTABLE (sizeof(table) / sizeof(table[0]))

const struct kmsg *kmsg_table(size_t *n)
{
	*n = NTABLE;
	return table;
}

const char *kmsg_gens(const struct kmsg *k)
{
	return k->gens ? k->gens : "5.10 6.1 6.12 7.2";
}

const char *kmsg_doc(const struct kmsg *k)
{
	return k->doc ? k->doc : doc_for(k->check);
}

const char *kmsg_outcome_name(enum kmsg_outcome o)
{
	return o == KM_REFUSES ? "refuses" : o == KM_GOES_ON ? "goes on" : "depends";
}

/* The matcher: literal characters, and printf conversions (flags and
 * length modifiers skipped): %s any text (possibly empty), %d %i a
 * signed number, %u an unsigned one, %x hex (kocheck prints the '?' of
 * a run-time value through a %s). */
struct cap {
	const char *p;
	size_t len;
};

struct mstate {
	struct cap caps[KMSG_MAX_VALUES];
	unsigned long steps;
};

#define MATCH_STEPS 200000

static bool match_at(const char *f, const char *s, unsigned int ci, struct mstate *st)
{
	while (*f) {
		const char *p, *next;
		char conv;
		size_t n, d;

		if (++st->steps > MATCH_STEPS)
			return false;
		if (*f != '%') {
			if (*f != *s)
				return false;
			f++, s++;
			continue;
		}
		p = f + 1;
		while (*p == 'l' || *p == 'z' || *p == 'h' || *p == 'L')
			p++;
		conv = *p;
		next = conv ? p + 1 : p;
		if (conv == '%') {
			if (*s != '%')
				return false;
			f = next, s++;
			continue;
		}
		if (conv == 's') {
			size_t len = strlen(s);

			for (n = 0; n <= len; n++) {
				if (ci < KMSG_MAX_VALUES)
					st->caps[ci] = (struct cap){ s, n };
				/* a literal must follow: skip positions it cannot */
				if (*next && *next != '%' && s[n] != *next)
					continue;
				if (match_at(next, s + n, ci + 1, st))
					return true;
				if (st->steps > MATCH_STEPS)
					return false;
			}
			return false;
		}
		n = (conv == 'd' || conv == 'i') && *s == '-';
		for (d = 0; conv == 'x' ? isxdigit((unsigned char)s[n + d]) :
			    isdigit((unsigned char)s[n + d]); d++)
			;
		if (!d)
			return false;
		n += d;
		if (ci < KMSG_MAX_VALUES)
			st->caps[ci] = (struct cap){ s, n };
		f = next, s += n, ci++;
	}
	return *s == '\0';
}

static size_t literal_chars(const char *f)
{
	size_t n = 0;

	while (*f) {
		if (*f == '%') {
			f++;
			while (*f == 'l' || *f == 'z' || *f == 'h' || *f == 'L')
				f++;
			if (*f == '%')
				n++;
			if (*f)
				f++;
		} else {
			n++, f++;
		}
	}
	return n;
}

static size_t count_conversions(const char *f)
{
	size_t n = 0;

	for (; *f; f++) {
		if (*f != '%')
			continue;
		if (f[1] == '%') {
			f++;
			continue;
		}
		n++;
	}
	return n;
}

/* \xNN escapes (as dmesg shows them) back to bytes */
static char *unescape(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	if (!out)
		return NULL;
	while (*s) {
		if (s[0] == '\\' && s[1] == 'x' && isxdigit((unsigned char)s[2]) &&
		    isxdigit((unsigned char)s[3])) {
			char hex[3] = { s[2], s[3], 0 };

			*o++ = (char)strtoul(hex, NULL, 16);
			s += 4;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return out;
}

/* What is not the kernel's line: the newline, kocheck's "dmesg: ", a
 * journal's "... kernel: ", a syslog "<N>", a timestamp "[   12.345678] "
 * (or dmesg -T's "[date] "): no line of the loader starts with '['. */
static const char *cut_prefixes(char *s)
{
	size_t n = strlen(s);
	char *k, *e;

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	/* kocheck check's own "dmesg: " */
	if (!strncmp(s, "dmesg: ", 7))
		s += 7;
	k = strstr(s, " kernel: ");
	if (k && k - s < 80)
		s = k + 9;
	if (s[0] == '<') {
		size_t d = strspn(s + 1, "0123456789");

		if (d && s[1 + d] == '>')
			s += d + 2;
	}
	if (s[0] == '[' && (e = strchr(s, ']')) && e - s < 48) {
		s = e + 1;
		while (*s == ' ')
			s++;
	}
	return s;
}

static void match_free_values(struct kmsg_match *m)
{
	size_t i;

	for (i = 0; i < m->nvalues; i++)
		free(m->values[i]);
	m->nvalues = 0;
}

/* The best entry for the text S; *SCORE is raised when one beats it. */
static void best_for(const char *s, struct kmsg_match *m, size_t *score)
{
	size_t i, j;

	for (i = 0; i < NTABLE; i++) {
		const struct kmsg *k = &table[i];
		struct mstate st;
		bool cut = false;
		size_t lit = literal_chars(k->fmt) * 2 + 1, nconv = count_conversions(k->fmt);
		const char *f = k->fmt;

		if (lit <= *score)
			continue;
		memset(&st, 0, sizeof(st));
		if (!match_at(f, s, 0, &st)) {
			/* without its "MODNAME: " prefix */
			if (strncmp(f, "%s: ", 4))
				continue;
			memset(&st, 0, sizeof(st));
			if (!match_at(f + 4, s, 1, &st))
				continue;
			cut = true;
			lit -= 5;
			if (lit <= *score)
				continue;
			st.caps[0] = (struct cap){ "", 0 };
		}
		match_free_values(m);
		m->k = k;
		m->prefix_cut = cut;
		*score = lit;
		for (j = 0; j < nconv && j < KMSG_MAX_VALUES; j++)
			m->values[m->nvalues++] = strndup(st.caps[j].p, st.caps[j].len);
	}
}

int kmsg_explain(const char *line, struct kmsg_match *m)
{
	char *raw = strdup(line), *dec = unescape(line);
	const char *text;
	size_t score = 0;
	int ret = -1;

	memset(m, 0, sizeof(*m));
	if (!raw || !dec)
		goto out;
	/* the line as dmesg shows it (\xNN decoded), else as given */
	text = cut_prefixes(dec);
	best_for(text, m, &score);
	if (!m->k) {
		text = cut_prefixes(raw);
		best_for(text, m, &score);
	}
	if (m->k) {
		m->line = strdup(text);
		ret = 0;
	}
out:
	free(raw);
	free(dec);
	return ret;
}

void kmsg_match_free(struct kmsg_match *m)
{
	match_free_values(m);
	free(m->line);
	memset(m, 0, sizeof(*m));
}

/* The line of a verdict that shows its refusal: the first that refuses
 * for the check that refused (busybox's second system call may refuse
 * for another reason than its first), else the first that refuses, else
 * the first of that check that may refuse; NULL when none (a refusal
 * without a line, or a load). */
const char *verdict_refusal_line(const struct verdict *v)
{
	const char *any = NULL, *maybe = NULL;
	size_t i;

	if (!v->err)
		return NULL;
	for (i = 0; i < v->nlines; i++) {
		struct kmsg_match m;
		bool same;

		if (kmsg_explain(v->lines[i], &m))
			continue;
		same = v->refused_by && !strcmp(m.k->check, v->refused_by);
		if (m.k->outcome == KM_REFUSES && same) {
			kmsg_match_free(&m);
			return v->lines[i];
		}
		if (m.k->outcome == KM_REFUSES && !any)
			any = v->lines[i];
		if (m.k->outcome == KM_DEPENDS && same && !maybe)
			maybe = v->lines[i];
		kmsg_match_free(&m);
	}
	return any ? any : maybe;
}

/* The table's own consistency: a name per conversion, and each
 * example matched by its own entry.  The number of faults; each is
 * written to F. */
int kmsg_selftest(FILE *f)
{
	size_t i, j;
	int bad = 0;

	for (i = 0; i < NTABLE; i++) {
		const struct kmsg *k = &table[i];
		size_t nf = k->fields[0] ? 1 : 0;
		struct kmsg_match m;

		for (j = 0; k->fields[j]; j++)
			nf += k->fields[j] == ',';
		if (nf != count_conversions(k->fmt) || nf > KMSG_MAX_VALUES) {
			fprintf(f, "kocheck: explain: '%s': %zu field names for %zu conversions\n",
				k->fmt, nf, count_conversions(k->fmt));
			bad++;
		}
		if (kmsg_explain(k->example, &m)) {
			fprintf(f, "kocheck: explain: the example '%s' is not recognised\n", k->example);
			bad++;
			continue;
		}
		if (m.k != k) {
			fprintf(f, "kocheck: explain: the example '%s' of '%s' is taken for '%s'\n",
				k->example, k->fmt, m.k->fmt);
			bad++;
		}
		kmsg_match_free(&m);
	}
	return bad;
}
