// SPDX-License-Identifier: GPL-2.0
/*
 * The module's sections between check_modinfo() and simplify_symbols():
 * layout_and_allocate()'s module_frob_arch_sections() (arm's and arm64's
 * module-plts.c), module_enforce_rwx_sections() (kernel/module/
 * strict_rwx.c) and move_module()'s module_alloc(); load_module()'s
 * percpu_modalloc() and find_module_sections() (kernel/module/main.c);
 * post_relocation()'s module_finalize() of arm64.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The name of section I as the kernel reads it: secstrings + sh_name,
 * which elf_validity_check() bounded for SHF_ALLOC sections only. */
static const char *secname(const struct info *in, const struct shdr *s)
{
	return str_in(in->secstrings, in->secstrings_size, s->name);
}

/* The ranges of the file [a, a + n) and [b, b + m) share a byte. */
static bool overlap(uint64_t a, uint64_t n, uint64_t b, uint64_t m)
{
	return n && m && a < b + m && b < a + n;
}

/* arm's and arm64's module_frob_arch_sections() (module-plts.c) sort
 * the relocations of every section that applies to executable code, in
 * place in the file's buffer (sort() with cmp_rel()/cmp_rela()).  Where
 * such a section lies over the ELF header, the section headers or another
 * section, the sort rewrites what the kernel reads next: kocheck does not
 * replay the sort, so it does not decide that module. */
static void sorted_relocs_overlap(struct info *in)
{
	unsigned int type = in->t->machine == EM_ARM ? SHT_REL : SHT_RELA, i, j;
	uint64_t shtab = (uint64_t)in->eh.shnum * shdr_size(in->cls);

	for (i = 1; i < in->eh.shnum; i++) {
		struct shdr s, d, o;

		shdr(in, i, &s);
		if (s.type != type || s.info >= in->eh.shnum)
			continue;
		shdr(in, s.info, &d);
		if (!(d.flags & SHF_EXECINSTR) || s.size < 2 * (s.entsize ? s.entsize : 1))
			continue;
		if (overlap(s.offset, s.size, 0, ehdr_size(in->cls)) ||
		    overlap(s.offset, s.size, in->eh.shoff, shtab))
			goto unknown;
		for (j = 1; j < in->eh.shnum; j++) {
			shdr(in, j, &o);
			if (j != i && o.type != SHT_NOBITS && overlap(s.offset, s.size, o.offset, o.size))
				goto unknown;
		}
		continue;
unknown:
		uneval(in, "module_frob_arch_sections() sorts the relocations of section %u in place, over other parts of the file: what the kernel reads after that is not replayed",
		       i);
		in->unknown = true;
		return;
	}
}

/* module_frob_arch_sections(): arm (CONFIG_ARM_MODULE_PLTS) and arm64
 * (CONFIG_ARM64_MODULE_PLTS) want the .plt and .init.plt sections their
 * module linker script makes; x86 has the __weak one that does nothing. */
static int frob_arch_sections(struct info *in)
{
	bool core = false, init = false, syms = false;
	unsigned int i, plt = 0, init_plt = 0, tramp = 0, init_tramp = 0;

	if (in->t->machine == EM_X86_64 || !in->t->module_plts)
		return 0;
	for (i = 0; i < in->eh.shnum; i++) {
		struct shdr s;
		const char *n;

		shdr(in, i, &s);
		n = secname(in, &s);
		if (!n) {
			uneval(in, "module_frob_arch_sections() reads the name of section %u past the name table",
			       i);
			in->unknown = true;
			return 0;
		}
		/* the last section of each name wins, as the kernel's loop
		 * overwrites what it found */
		if (!strcmp(n, ".plt"))
			core = true, plt = i;
		else if (!strcmp(n, ".init.plt"))
			init = true, init_plt = i;
		else if (in->t->machine == EM_AARCH64 && !strcmp(n, ".text.ftrace_trampoline"))
			tramp = i;
		else if (in->t->machine == EM_AARCH64 && in->t->gen >= KGEN_6_12 &&
			 !strcmp(n, ".init.text.ftrace_trampoline"))
			init_tramp = i;	/* 6.12 arm64 module-plts.c:301 */
		else if (s.type == SHT_SYMTAB)
			syms = true;
	}
	if (!core || !init) {
		say(in, "%s: module PLT section(s) missing", in->modname);
		return -ENOEXEC;
	}
	if (!syms) {
		say(in, "%s: module symtab section missing", in->modname);
		return -ENOEXEC;
	}
	sorted_relocs_overlap(in);
	/* Then the PLT sections (and arm64's ftrace trampolines) become
	 * SHT_NOBITS, SHF_EXECINSTR | SHF_ALLOC, whatever their flags in the
	 * file (Debian 5.10's arm64 modules have a WRITE|EXEC .plt):
	 * 5.10 arch/arm64/kernel/module-plts.c:354-373, arch/arm/kernel/
	 * module-plts.c:267-276; 6.1 arm64 356-373, arm 267-276; 6.12 and
	 * 7.2 arm64 347-371, arm 262-271 (7.2: 274-283).  module_enforce_
	 * rwx_sections() runs after it and sees those flags. */
	in->frobbed[0] = plt;
	in->frobbed[1] = init_plt;
	in->frobbed[2] = tramp;
	in->frobbed[3] = init_tramp;
	return 0;
}

/* A section's flags as module_frob_arch_sections() left them. */
static uint64_t frobbed_flags(const struct info *in, unsigned int i, uint64_t flags)
{
	for (unsigned int k = 0; k < sizeof(in->frobbed) / sizeof(in->frobbed[0]); k++)
		if (i && in->frobbed[k] == i)
			return SHF_EXECINSTR | SHF_ALLOC;
	return flags;
}

/* module_enforce_rwx_sections() (CONFIG_STRICT_MODULE_RWX): from
 * section 0, no section both writable and executable */
static int enforce_rwx_sections(struct info *in)
{
	unsigned int i;

	if (!in->t->strict_rwx)
		return 0;
	for (i = 0; i < in->eh.shnum; i++) {
		struct shdr s;
		const char *n;

		shdr(in, i, &s);
		s.flags = frobbed_flags(in, i, s.flags);
		if ((s.flags & (SHF_WRITE | SHF_EXECINSTR)) != (SHF_WRITE | SHF_EXECINSTR))
			continue;
		n = secname(in, &s);
		if (!n) {
			say(in, "%s: section %s (index %d) has invalid WRITE|EXEC flags", in->modname, "?",
			    (int)i);
			uneval(in, "the name of section %u is past the section name table, shown as ?", i);
		} else {
			say(in, "%s: section %s (index %d) has invalid WRITE|EXEC flags", in->modname, n,
			    (int)i);
		}
		return -ENOEXEC;
	}
	return 0;
}

/* What move_module() asks module_alloc() for: the SHF_ALLOC sections.
 * Beyond the module area (x86_64 1.5 GiB, arm 16 MiB, arm64 128 MiB
 * to 2 GiB) it fails with -ENOMEM; kocheck does not lay the sections
 * out, so a large module is not decided. */
static void module_alloc_size(struct info *in)
{
	uint64_t total = 0;
	unsigned int i;

	for (i = 1; i < in->eh.shnum; i++) {
		struct shdr s;

		shdr(in, i, &s);
		if ((s.flags & SHF_ALLOC) && i != in->index_info && i != in->index_vers)
			total += s.size + (s.addralign < 4096 ? s.addralign : 4096);
	}
	if (total > (in->t->machine == EM_ARM ? 8ULL << 20 : 64ULL << 20)) {
		uneval(in, "module_alloc() of about %llu bytes of sections (the module area's free space)",
		       (unsigned long long)total);
		in->unknown = true;
	}
}

/* layout_and_allocate(): check_modinfo() was its first step up to 6.1;
 * the caller does it (from 6.4 early_mod_check() does). */
int layout_and_allocate(struct info *in, int flags)
{
	int err;

	(void)flags;
	err = frob_arch_sections(in);
	if (err)
		return refuse(in, "module_frob_arch_sections", err);
	err = enforce_rwx_sections(in);
	if (err)
		return refuse(in, "module_enforce_rwx_sections", err);
	module_alloc_size(in);
	return 0;
}

/* The per-CPU data a module needs: .data..percpu with SHF_ALLOC. */
uint64_t module_percpu_size(const struct info *in, uint64_t *align)
{
	unsigned int i = find_sec(in, ".data..percpu");
	struct shdr s;

	*align = 1;
	if (!i)
		return 0;
	shdr(in, i, &s);
	*align = s.addralign;
	return s.size;
}

/* percpu_modalloc() (CONFIG_SMP): from the reserved chunk of
 * PERCPU_MODULE_RESERVE (8 KiB) that all modules share. */
int percpu_modalloc(struct info *in)
{
	uint64_t align, size = module_percpu_size(in, &align), used = 0;
	size_t i;

	if (!size)
		return 0;
	if (align > 4096) {
		say(in, "%s: per-cpu alignment %li > %li", in->modname, (long)align, 4096L);
		align = 4096;
	}
	for (i = 0; i < in->s->nmods; i++)
		used += (in->s->mods[i].percpu_size + 7) & ~7ULL;
	if (size > 8192) {
		say(in, "%s: Could not allocate %lu bytes percpu data", in->modname,
		    (unsigned long)(in->cls == ELFCLASS32 ? (uint32_t)size : size));
		return refuse(in, "percpu_modalloc", -ENOMEM);
	}
	if (used + size > 8192) {
		uneval(in, "__alloc_reserved_percpu() of %llu bytes with %llu of the 8 KiB reserve taken by live modules",
		       (unsigned long long)size, (unsigned long long)used);
		in->unknown = true;
	}
	return 0;
}

/* find_module_sections(): the lines it prints */
int find_module_sections(struct info *in)
{
	unsigned int ctors = find_sec(in, ".ctors");

	/* 7.2: GPL-only exports are flagged in __kflagstab; modpost no
	 * longer makes these sections */
	if (in->t->gen >= KGEN_7_2) {
		if (find_sec(in, "__ksymtab_gpl"))
			say(in, "%s: ignoring obsolete section __ksymtab_gpl", in->modname);
		if (find_sec(in, "__kcrctab_gpl"))
			say(in, "%s: ignoring obsolete section __kcrctab_gpl", in->modname);
	}

	if (in->t->constructors && ctors && find_sec(in, ".init_array")) {
		say(in, "%s: has both .ctors and .init_array.", in->modname);
		return refuse(in, "find_module_sections", -EINVAL);
	}
	/* section_addr(info, "__obsparm") */
	if (find_sec(in, "__obsparm"))
		say(in, "%s: Ignoring obsolete parameters", in->modname);
	return 0;
}

/* post_relocation(): arm64's module_finalize() ->
 * module_init_ftrace_plt() (CONFIG_ARM64_MODULE_PLTS and
 * CONFIG_DYNAMIC_FTRACE) wants .text.ftrace_trampoline; -ENOEXEC, no line. */
int module_finalize(struct info *in)
{
	unsigned int i;

	if (in->t->machine != EM_AARCH64 || !in->t->module_plts || !in->t->dynamic_ftrace)
		return 0;
	for (i = 0; i < in->eh.shnum; i++) {
		struct shdr s;
		const char *n;

		shdr(in, i, &s);
		n = secname(in, &s);
		if (n && !strcmp(n, ".text.ftrace_trampoline"))
			return 0;
	}
	return refuse(in, "module_finalize", -ENOEXEC);
}
