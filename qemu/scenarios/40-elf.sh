# shellcheck shell=bash
# elf_validity_check(): files that are not a loadable module at all.
# The forged files come from scripts/ko-forge (see scripts/lab).

add_scenario elf-short "a file shorter than an ELF header"
# The check that refuses a file cut short: elf_validity_check(), or, where
# signatures are enforced, module_sig_check() first (no signature trailer).
cut_short_line() {
	if [ "$CFG_MODULE_SIG_FORCE" = y ]; then
		echo "Loading of unsigned module is rejected"
	else
		echo "$1"
	fi
}
cut_short_errno() {
	if [ "$CFG_MODULE_SIG_FORCE" = y ]; then echo EKEYREJECTED; else echo ENOEXEC; fi
}

scn_elf_short() {
	# finit_module: load_module() says so; busybox's init_module retry is
	# refused by copy_module_from_user() before any check prints.
	refused_with "$(cut_short_line "Invalid ELF header len 16")"
	insmod_refused "insmod a 16-byte file" short "$(cut_short_errno)" "$F/short.ko"
	refused_with "$(cut_short_line "Invalid ELF header len 16")"
	kmload_refused "finit_module on it" early "$(cut_short_errno)" "$F/short.ko"
	kmload_refused "init_module on it (silent)" short ENOEXEC "$F/short.ko" -i
}

add_scenario elf-magic "a file without the ELF magic"
scn_elf_magic() {
	refused_with "$(printf 'Invalid ELF header magic: != \177ELF')"
	insmod_refused "insmod a module with magic \\177ELG" early ENOEXEC "$F/magic.ko"
}

add_scenario elf-type "an ELF file that is not relocatable (ET_EXEC)"
scn_elf_type() {
	refused_with "Invalid ELF header type: 2 != 1"
	insmod_refused "insmod a module marked ET_EXEC" early ENOEXEC "$F/exec.ko"
}

add_scenario elf-arch "a module built for the other architecture"
scn_elf_arch() {
	if [ -z "$FOREIGN_CORE" ]; then
		not_applicable "no tree of the other arch in $TREES_LIST"
		return 0
	fi
	refused_with "Invalid architecture in ELF header: $FOREIGN_MACHINE"
	insmod_refused "insmod the other arch's kmdemo_core" early ENOEXEC "$FOREIGN_CORE"
}

add_scenario elf-shdrs "a truncated section header table"
scn_elf_shdrs() {
	refused_with "$(cut_short_line "Invalid ELF section header overflow")"
	insmod_refused "insmod a module cut inside its section table" early "$(cut_short_errno)" "$F/cut.ko"
}
