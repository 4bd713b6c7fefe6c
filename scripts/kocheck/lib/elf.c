// SPDX-License-Identifier: GPL-2.0
/*
 * elf_validity_check() (5.10, 6.1) and elf_validity_cache_copy() (6.12,
 * 7.2) of kernel/module/main.c, with each arch's elf_check_arch().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* validate_section_offset(), with the target's unsigned long. */
static bool section_fits(const struct info *in, const struct shdr *s)
{
	uint64_t end = s->offset + s->size;

	if (in->cls == ELFCLASS32) {
		uint32_t e32 = (uint32_t)s->offset + (uint32_t)s->size;

		/* Elf32_Shdr fields are 32 bits: no truncation to worry about */
		return e32 >= (uint32_t)s->offset && e32 <= in->len;
	}
	return end >= s->offset && end <= in->len;
}

/* elf_check_arch() of the target: arch/arm/kernel/elf.c on arm (a CPU
 * with Thumb and VFP, no 26-bit mode), e_machine alone elsewhere. */
static bool elf_check_arch(const struct info *in)
{
	uint32_t entry, flags;

	if (in->eh.machine != in->t->machine)
		return false;
	if (in->t->machine != EM_ARM)
		return true;
	entry = ehdr_entry(in->hdr, in->cls);
	flags = in->eh.flags;
	if (!(entry & 1) && (entry & 3))
		return false;
	if ((flags & EF_ARM_EABIMASK) == EF_ARM_EABI_UNKNOWN && (flags & EF_ARM_APCS_26))
		return false;
	return true;
}

/*
 * The checks elf_validity_check() (6.1) and elf_validity_cache_copy()
 * (6.12, 7.2) share, each with its pr_err() line, refusing with ENOEXEC.
 * 5.10's elf_validity_check() makes them silently (LOUD false), but for
 * the two about a section's contents and name.
 */

/* elf_validity_ehdr() (6.12+; module_elf_check_arch() is true but on
 * ppc) and the section header table's place, the start of
 * elf_validity_cache_sechdrs(): the first checks of elf_validity_check()
 * up to 6.1, in the same order. */
static int elf_validity_headers(struct info *in, bool loud)
{
	if (in->len < ehdr_size(in->cls)) {
		if (loud)
			say(in, "Invalid ELF header len %zu", in->len);
		return -ENOEXEC;
	}
	read_ehdr(in->hdr, in->cls, &in->eh);
	if (memcmp(in->hdr, ELFMAG, SELFMAG)) {
		if (loud)
			say(in, "Invalid ELF header magic: != \177ELF");
		return -ENOEXEC;
	}
	if (in->eh.type != ET_REL) {
		if (loud)
			say(in, "Invalid ELF header type: %u != %u", in->eh.type, ET_REL);
		return -ENOEXEC;
	}
	if (!elf_check_arch(in)) {
		if (loud)
			say(in, "Invalid architecture in ELF header: %u", in->eh.machine);
		return -ENOEXEC;
	}
	if (in->eh.shentsize != shdr_size(in->cls)) {
		if (loud)
			say(in, "Invalid ELF section header size");
		return -ENOEXEC;
	}
	if (in->eh.shoff >= in->len ||
	    (uint64_t)in->eh.shnum * shdr_size(in->cls) > in->len - in->eh.shoff) {
		if (loud)
			say(in, "Invalid ELF section header overflow");
		return -ENOEXEC;
	}
	return 0;
}

/* Section 0 is the all-zero SHT_NULL one. */
static int elf_validity_section0(struct info *in, bool loud)
{
	struct shdr s;

	shdr(in, 0, &s);
	if (s.type != SHT_NULL || s.size != 0 || s.addr != 0) {
		if (loud)
			say(in, "ELF Spec violation: section 0 type(%d)!=SH_NULL or non-zero len or addr",
			    (int)s.type);
		return -ENOEXEC;
	}
	return 0;
}

/* validate_section_offset() of section I, which has contents (all four
 * generations print this line). */
static int elf_validity_contents(struct info *in, unsigned int i, const struct shdr *s)
{
	if (!section_fits(in, s)) {
		say(in, "Invalid ELF section in module (section %u type %u)", i, s->type);
		return -ENOEXEC;
	}
	return 0;
}

/* e_shstrndx, the section name table's index. */
static int elf_validity_shstrndx(struct info *in, bool loud)
{
	if (in->eh.shstrndx == SHN_UNDEF || in->eh.shstrndx >= in->eh.shnum) {
		if (loud)
			say(in, "Invalid ELF section name index: %d || e_shstrndx (%d) >= e_shnum (%d)",
			    in->eh.shstrndx, in->eh.shstrndx, in->eh.shnum);
		return -ENOEXEC;
	}
	return 0;
}

/* The section name table STRHDR: not empty, NUL-terminated.  5.10 does
 * not refuse an empty one: it reads the byte before it. */
static int elf_validity_secstrings(struct info *in, const struct shdr *strhdr, bool loud)
{
	in->secstrings = in->hdr + strhdr->offset;
	in->secstrings_size = strhdr->size;
	if (strhdr->size == 0) {
		if (loud) {
			say(in, "empty section name table");
			return -ENOEXEC;
		}
		/* 5.10: secstrings[-1], the file's byte before, or memory
		 * before the module's buffer */
		if (!strhdr->offset) {
			uneval(in, "an empty section name table at offset 0: the kernel reads the byte before the module's buffer");
			in->unknown = true;
			return 0;
		}
		return in->hdr[strhdr->offset - 1] != '\0' ? -ENOEXEC : 0;
	}
	if (in->secstrings[strhdr->size - 1] != '\0') {
		if (loud)
			say(in, "ELF Spec violation: section name table isn't null terminated");
		return -ENOEXEC;
	}
	return 0;
}

/* A symbol table's sh_link, the index of its string table: checked in
 * elf_validity_check()'s loop up to 6.1, by elf_validity_cache_index_str()
 * from 6.12. */
static int elf_validity_symtab_link(struct info *in, const struct shdr *s, bool loud)
{
	if (s->link == SHN_UNDEF || s->link >= in->eh.shnum) {
		if (loud)
			say(in, "Invalid ELF sh_link!=SHN_UNDEF(%d) or (sh_link(%d) >= hdr->e_shnum(%d)",
			    (int)s->link, (int)s->link, in->eh.shnum);
		return -ENOEXEC;
	}
	return 0;
}

/* elf_validity_check() of 5.10 (kernel/module.c, LOUD false) and 6.1
 * (kernel/module/main.c). */
static int elf_validity_check_gen(struct info *in, bool loud)
{
	struct shdr s, strhdr;
	unsigned int i;
	int err;

	err = elf_validity_headers(in, loud);
	if (!err)
		err = elf_validity_shstrndx(in, loud);
	if (err)
		return err;
	shdr(in, in->eh.shstrndx, &strhdr);
	if (!section_fits(in, &strhdr)) {
		if (loud)
			say(in, "Invalid ELF section hdr(type %u)", strhdr.type);
		return -ENOEXEC;
	}
	err = elf_validity_secstrings(in, &strhdr, loud);
	if (!err)
		err = elf_validity_section0(in, loud);
	if (err)
		return err;
	for (i = 1; i < in->eh.shnum; i++) {
		shdr(in, i, &s);
		if (s.type == SHT_NULL || s.type == SHT_NOBITS)
			continue;
		err = s.type == SHT_SYMTAB ? elf_validity_symtab_link(in, &s, loud) : 0;
		if (!err)
			err = elf_validity_contents(in, i, &s);
		if (err)
			return err;
		if ((s.flags & SHF_ALLOC) && s.name >= strhdr.size) {
			say(in, "Invalid ELF section name in module (section %u type %u)", i, s.type);
			return -ENOEXEC;
		}
	}
	return 0;
}

/* elf_validity_check() (kernel/module/main.c of 6.1; kernel/module.c of
 * 5.10, whose checks are silent: a failure is then "Module has invalid
 * ELF structures" (load_module())) */
int elf_validity_check(struct info *in)
{
	bool loud = in->t->gen >= KGEN_6_1;
	int err = elf_validity_check_gen(in, loud);

	if (err && !loud)
		say(in, "Module has invalid ELF structures");
	return err;
}

/* The name of section S as the kernel reads it, strcmp() against NAME:
 * 1 equal, 0 not; -1 when the name is outside the name table (only an
 * SHT_NULL section's may be, 6.12+ checks the others). */
static int secname_is(struct info *in, const struct shdr *s, const char *name)
{
	const char *n = str_in(in->secstrings, in->secstrings_size, s->name);

	if (!n)
		return -1;
	return !strcmp(n, name);
}

/* find_any_unique_sec() (6.12 and 7.2, kernel/module/main.c): the index
 * of the one section NAME, SHF_ALLOC or not; 0: none; -count: several.
 * A name the kernel reads past the name table is not decided. */
static int find_any_unique_sec(struct info *in, const char *name)
{
	unsigned int i, idx = 0, count = 0;
	struct shdr s;

	for (i = 1; i < in->eh.shnum; i++) {
		int r;

		shdr(in, i, &s);
		r = secname_is(in, &s, name);
		if (r < 0) {
			uneval(in, "the name of SHT_NULL section %u is past the section name table (what find_any_unique_sec() compares)",
			       i);
			in->unknown = true;
			continue;
		}
		if (r) {
			count++;
			idx = i;
		}
	}
	return count == 1 ? (int)idx : -(int)count;
}

/* The module's name inside .gnu.linkonce.this_module: struct module is
 * state, a list_head, then name[MODULE_NAME_LEN] (5.10 to 7.2). */
void read_this_module_name(struct info *in)
{
	size_t off = in->cls == ELFCLASS32 ? 12 : 24, max = in->cls == ELFCLASS32 ? 60 : 56;
	struct shdr s;

	shdr(in, in->index_mod, &s);
	if (in_file(in, &s) && s.size > off) {
		size_t avail = s.size - off < max ? s.size - off : max;

		snprintf(in->modname, sizeof(in->modname), "%.*s", (int)avail,
			 (const char *)in->hdr + s.offset + off);
	} else if (s.offset + off < in->len) {
		size_t avail = in->len - s.offset - off;

		snprintf(in->modname, sizeof(in->modname), "%.*s",
			 (int)(avail < max ? avail : max), (const char *)in->hdr + s.offset + off);
	}
}

/* elf_validity_cache_copy() of 6.12 and 7.2 (kernel/module/main.c),
 * which took over setup_load_info(): elf_validity_cache_sechdrs(),
 * elf_validity_cache_secstrings(), elf_validity_cache_index() (.modinfo,
 * .gnu.linkonce.this_module, the symbol table and its strings, and in
 * 7.2 the extended modversions), 7.2's elf_validity_cache_strtab(). */
int elf_validity_cache_copy(struct info *in, int flags)
{
	const char *missing = "(missing .modinfo section or name field)";
	struct shdr s, strhdr;
	unsigned int i, nsym = 0;
	int idx, err;

	/* elf_validity_cache_sechdrs(), with elf_validity_ehdr() */
	err = elf_validity_headers(in, true);
	if (!err)
		err = elf_validity_section0(in, true);
	for (i = 1; !err && i < in->eh.shnum; i++) {
		shdr(in, i, &s);
		if (s.type != SHT_NULL && s.type != SHT_NOBITS)
			err = elf_validity_contents(in, i, &s);
	}
	/* elf_validity_cache_secstrings() */
	if (!err)
		err = elf_validity_shstrndx(in, true);
	if (err)
		return err;
	shdr(in, in->eh.shstrndx, &strhdr);
	if (strhdr.type != SHT_STRTAB) {
		say(in, "Invalid ELF section name table type: %u", strhdr.type);
		return -ENOEXEC;
	}
	/* an SHT_STRTAB section's contents were checked in bounds above */
	err = elf_validity_secstrings(in, &strhdr, true);
	if (err)
		return err;
	for (i = 0; i < in->eh.shnum; i++) {
		shdr(in, i, &s);
		if (s.type != SHT_NULL && s.name >= strhdr.size) {
			say(in, "Invalid ELF section name in module (section %u type %u)", i, s.type);
			return -ENOEXEC;
		}
	}
	/* elf_validity_cache_index_info() */
	idx = find_any_unique_sec(in, ".modinfo");
	if (idx < 0) {
		say(in, "Only one .modinfo section must exist.");
		return -ENOEXEC;
	}
	in->index_info = (unsigned int)idx;
	{
		const char *name = idx ? get_modinfo(in, "name") : NULL;

		if (name)
			snprintf(in->name, sizeof(in->name), "%s", name);
	}
	/* elf_validity_cache_index_mod() */
	idx = find_any_unique_sec(in, ".gnu.linkonce.this_module");
	if (idx <= 0) {
		say(in, "module %s: Exactly one .gnu.linkonce.this_module section must exist.",
		    in->name[0] ? in->name : missing);
		return -ENOEXEC;
	}
	shdr(in, (unsigned int)idx, &s);
	if (s.type == SHT_NOBITS) {
		say(in, "module %s: .gnu.linkonce.this_module section must have a size set",
		    in->name[0] ? in->name : missing);
		return -ENOEXEC;
	}
	if (!(s.flags & SHF_ALLOC)) {
		say(in, "module %s: .gnu.linkonce.this_module must occupy memory during process execution",
		    in->name[0] ? in->name : missing);
		return -ENOEXEC;
	}
	if (!in->t->struct_module_size) {
		uneval(in, "sizeof(struct module) of the target (the tree has no vmlinux with BTF; give --struct-module-size): .gnu.linkonce.this_module is %llu bytes",
		       (unsigned long long)s.size);
		in->unknown = true;
	} else if (s.size != in->t->struct_module_size) {
		say(in, "module %s: .gnu.linkonce.this_module section size must match the kernel's built struct module size at run time",
		    in->name[0] ? in->name : missing);
		return -ENOEXEC;
	}
	in->index_mod = (unsigned int)idx;
	/* elf_validity_cache_index_sym(): exactly one symbol table */
	for (i = 1; i < in->eh.shnum; i++) {
		shdr(in, i, &s);
		if (s.type == SHT_SYMTAB) {
			nsym++;
			in->index_sym = i;
		}
	}
	if (nsym != 1) {
		say(in, "%s: module has no symbols (stripped?)", in->name[0] ? in->name : missing);
		return -ENOEXEC;
	}
	/* elf_validity_cache_index_str() */
	shdr(in, in->index_sym, &s);
	err = elf_validity_symtab_link(in, &s, true);
	if (err)
		return err;
	in->index_str = s.link;
	shdr(in, in->index_str, &strhdr);
	if (strhdr.type != SHT_STRTAB) {
		say(in, "Invalid ELF symbol string table type: %u", strhdr.type);
		return -ENOEXEC;
	}
	if (in->t->gen >= KGEN_7_2) {
		err = elf_validity_cache_index_versions(in, flags);
		if (err)
			return err;
		/* elf_validity_cache_strtab() */
		if (strhdr.size == 0) {
			say(in, "empty symbol string table");
			return -ENOEXEC;
		}
		if (in->hdr[strhdr.offset] != '\0') {
			say(in, "symbol string table missing leading NUL");
			return -ENOEXEC;
		}
		if (in->hdr[strhdr.offset + strhdr.size - 1] != '\0') {
			say(in, "symbol string table isn't NUL terminated");
			return -ENOEXEC;
		}
		shdr(in, in->index_sym, &s);
		if (in_file(in, &s)) {
			uint64_t k, n = s.size / sym_size(in->cls);

			for (k = 0; k < n; k++) {
				struct sym sym;

				read_sym(in->hdr + s.offset + k * sym_size(in->cls), in->cls, &sym);
				if (sym.name >= strhdr.size) {
					say_open(in, "symbol name out of bounds in string table");
					return -ENOEXEC;
				}
			}
		}
	} else {
		in->index_vers = (flags & KO_IGNORE_MODVERSIONS) ? 0 : find_sec(in, "__versions");
	}
	read_this_module_name(in);
	if (!in->name[0])
		snprintf(in->name, sizeof(in->name), "%s", in->modname);
	return 0;
}

/* elf_validity_cache_index_versions() (7.2, kernel/module/main.c): the
 * extended modversions (CONFIG_EXTENDED_MODVERSIONS, 6.15+) come as
 * two sections, __version_ext_crcs (u32s) and __version_ext_names
 * (strings), both or neither, a name for every CRC. */
int elf_validity_cache_index_versions(struct info *in, int flags)
{
	unsigned int crcs, names;
	struct shdr c, n;

	in->index_vers = in->index_vers_ext_crc = in->index_vers_ext_name = 0;
	if (flags & KO_IGNORE_MODVERSIONS)
		return 0;
	crcs = find_sec(in, "__version_ext_crcs");
	names = find_sec(in, "__version_ext_names");
	if (!!crcs != !!names) {
		say_open(in, "extended version crc+name presence does not match");
		return -ENOEXEC;
	}
	if (crcs) {
		uint64_t count, remaining, off;

		shdr(in, crcs, &c);
		shdr(in, names, &n);
		count = c.size / 4;
		remaining = n.size;
		off = n.offset;
		if (n.type == SHT_NOBITS && count) {
			uneval(in, "__version_ext_names is SHT_NOBITS: the kernel reads its names outside the file");
			in->unknown = true;
			count = 0;
		}
		while (count--) {
			uint64_t len = strnlen((const char *)in->hdr + off, remaining) + 1;

			if (len > remaining) {
				say_open(in, "more extended version crcs than names");
				return -ENOEXEC;
			}
			remaining -= len;
			off += len;
		}
	}
	in->index_vers = find_sec(in, "__versions");
	in->index_vers_ext_crc = crcs;
	in->index_vers_ext_name = names;
	return 0;
}
