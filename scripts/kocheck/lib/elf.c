// SPDX-License-Identifier: GPL-2.0
/*
 * elf_validity_check() of kernel/module/main.c, with each arch's
 * elf_check_arch().
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

/* elf_validity_check() (kernel/module/main.c) */
int elf_validity_check(struct info *in)
{
	struct shdr s, strhdr;
	unsigned int i;

	if (in->len < ehdr_size(in->cls)) {
		say(in, "Invalid ELF header len %zu", in->len);
		return -ENOEXEC;
	}
	read_ehdr(in->hdr, in->cls, &in->eh);
	if (memcmp(in->hdr, ELFMAG, SELFMAG)) {
		say(in, "Invalid ELF header magic: != \177ELF");
		return -ENOEXEC;
	}
	if (in->eh.type != ET_REL) {
		say(in, "Invalid ELF header type: %u != %u", in->eh.type, ET_REL);
		return -ENOEXEC;
	}
	if (!elf_check_arch(in)) {
		say(in, "Invalid architecture in ELF header: %u", in->eh.machine);
		return -ENOEXEC;
	}
	if (in->eh.shentsize != shdr_size(in->cls)) {
		say(in, "Invalid ELF section header size");
		return -ENOEXEC;
	}
	if (in->eh.shoff >= in->len ||
	    (uint64_t)in->eh.shnum * shdr_size(in->cls) > in->len - in->eh.shoff) {
		say(in, "Invalid ELF section header overflow");
		return -ENOEXEC;
	}
	if (in->eh.shstrndx == SHN_UNDEF || in->eh.shstrndx >= in->eh.shnum) {
		say(in, "Invalid ELF section name index: %d || e_shstrndx (%d) >= e_shnum (%d)",
		    in->eh.shstrndx, in->eh.shstrndx, in->eh.shnum);
		return -ENOEXEC;
	}
	shdr(in, in->eh.shstrndx, &strhdr);
	if (!section_fits(in, &strhdr)) {
		say(in, "Invalid ELF section hdr(type %u)", strhdr.type);
		return -ENOEXEC;
	}
	in->secstrings = in->hdr + strhdr.offset;
	in->secstrings_size = strhdr.size;
	if (strhdr.size == 0) {
		say(in, "empty section name table");
		return -ENOEXEC;
	}
	if (in->secstrings[strhdr.size - 1] != '\0') {
		say(in, "ELF Spec violation: section name table isn't null terminated");
		return -ENOEXEC;
	}
	shdr(in, 0, &s);
	if (s.type != SHT_NULL || s.size != 0 || s.addr != 0) {
		say(in, "ELF Spec violation: section 0 type(%d)!=SH_NULL or non-zero len or addr",
		    (int)s.type);
		return -ENOEXEC;
	}
	for (i = 1; i < in->eh.shnum; i++) {
		shdr(in, i, &s);
		if (s.type == SHT_NULL || s.type == SHT_NOBITS)
			continue;
		if (s.type == SHT_SYMTAB && (s.link == SHN_UNDEF || s.link >= in->eh.shnum)) {
			say(in, "Invalid ELF sh_link!=SHN_UNDEF(%d) or (sh_link(%d) >= hdr->e_shnum(%d)",
			    (int)s.link, (int)s.link, in->eh.shnum);
			return -ENOEXEC;
		}
		if (!section_fits(in, &s)) {
			say(in, "Invalid ELF section in module (section %u type %u)", i, s.type);
			return -ENOEXEC;
		}
		if ((s.flags & SHF_ALLOC) && s.name >= strhdr.size) {
			say(in, "Invalid ELF section name in module (section %u type %u)", i, s.type);
			return -ENOEXEC;
		}
	}
	return 0;
}
