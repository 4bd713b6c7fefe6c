# shellcheck shell=bash
# elf_validity_check(): files that are not a loadable module at all.
# The forged files come from scripts/ko-forge (see scripts/lab).

# On a kernel that enforces signatures, module_sig_check() refuses a file
# without a signature trailer before anything looks at its ELF header.
unsigned_or() {
	if [ "$CFG_MODULE_SIG_FORCE" = y ]; then
		expect_verdict EKEYREJECTED
		key_lines "Loading of unsigned module is rejected"
	else
		expect_verdict "$1"
		key_lines "$2"
	fi
}

# elf_check_line LINE: the kernel line that names the check a file
# fails (6.1 and later); 5.10's load_module() says the same line for any.
elf_check_line() {
	if linux_before 6.1; then
		echo "Module has invalid ELF structures"
	else
		echo "$1"
	fi
}

add_scenario elf-short "a file shorter than an ELF header"
scn_elf_short() {
	# finit_module: load_module() says so; busybox's init_module retry is
	# refused by copy_module_from_user() before any check prints, and its
	# errno is the one insmod reports.
	insmod_step "insmod a 16-byte file" "$F/short.ko"
	unsigned_or ENOEXEC "$(elf_check_line "Invalid ELF header len 16")"
	expect_verdict ENOEXEC
	kmload_step "finit_module on it" "$F/short.ko"
	unsigned_or ENOEXEC "$(elf_check_line "Invalid ELF header len 16")"
	kmload_step "init_module on it (silent)" "$F/short.ko" -i
	expect_verdict ENOEXEC
}

add_scenario elf-magic "a file without the ELF magic"
scn_elf_magic() {
	insmod_step "insmod a module with magic \\177ELG" "$F/magic.ko"
	expect_verdict ENOEXEC
	# Kernel lines show a byte that is not printable as util-linux's
	# dmesg does (busybox's prints the byte itself): \x7f.
	key_lines "$(elf_check_line 'Invalid ELF header magic: != \x7fELF')"
}

add_scenario elf-type "an ELF file that is not relocatable (ET_EXEC)"
scn_elf_type() {
	insmod_step "insmod a module marked ET_EXEC" "$F/exec.ko"
	expect_verdict ENOEXEC
	key_lines "$(elf_check_line "Invalid ELF header type: 2 != 1")"
}

add_scenario elf-arch "a module built for another architecture"
scn_elf_arch() {
	if [ -z "$FOREIGN_CORE" ]; then
		not_applicable "no tree of another arch in $TREES_LIST"
		return 0
	fi
	insmod_step "insmod another arch's kmdemo_core" "$FOREIGN_CORE"
	expect_verdict ENOEXEC
	# e_machine of that file, as the kernel prints it.
	key_lines "$(elf_check_line "Invalid architecture in ELF header: $(od -An -tu2 -j18 -N2 "$(host_path "$FOREIGN_CORE")" | tr -d ' ')")"
}

add_scenario elf-shdrs "a truncated section header table"
scn_elf_shdrs() {
	insmod_step "insmod a module cut inside its section table" "$F/cut.ko"
	unsigned_or ENOEXEC "$(elf_check_line "Invalid ELF section header overflow")"
}

add_scenario compressed "an xz-compressed module: insmod decompresses after the kernel refuses it"
scn_compressed() {
	# busybox insmod hands the file to finit_module() as it is (refused:
	# no ELF magic, or no signature where signatures are enforced), then
	# decompresses it and calls init_module() with the module inside.
	insmod_step "insmod kmdemo_core.ko.xz" "$M/kmdemo_core.ko.xz"
	expect_verdict loads
	core_loaded_line
	core_down
}
