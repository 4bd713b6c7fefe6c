/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bounds-checked reading of ELF headers of either class from a buffer.
 * The kernel reads a module with its own Elf_Ehdr/Elf_Shdr types whatever
 * the file says, so the class to read with is a parameter.
 */
#ifndef KOCHECK_ELFREAD_H
#define KOCHECK_ELFREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <elf.h>

struct ehdr {
	uint16_t type, machine, shentsize, shnum, shstrndx;
	uint64_t shoff;
	uint32_t flags;
};

struct shdr {
	uint32_t name, type, link, info;
	uint64_t flags, addr, offset, size, addralign, entsize;
};

struct sym {
	uint32_t name;
	uint8_t info;
	uint16_t shndx;
	uint64_t value, size;
};

static inline uint64_t rd(const uint8_t *p, int n)
{
	uint64_t v = 0;
	int i;

	for (i = n - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static inline size_t ehdr_size(int cls) { return cls == ELFCLASS32 ? sizeof(Elf32_Ehdr) : sizeof(Elf64_Ehdr); }
static inline size_t shdr_size(int cls) { return cls == ELFCLASS32 ? sizeof(Elf32_Shdr) : sizeof(Elf64_Shdr); }
static inline size_t sym_size(int cls) { return cls == ELFCLASS32 ? sizeof(Elf32_Sym) : sizeof(Elf64_Sym); }

/* The kernel reads the headers as its own Elf_Ehdr, Elf_Shdr, Elf_Sym
 * (<elf.h>'s Elf32_* or Elf64_*), in its byte order: the targets and
 * this host are all little-endian. */

/* Caller guarantees len >= ehdr_size(cls). */
static inline void read_ehdr(const uint8_t *b, int cls, struct ehdr *h)
{
	if (cls == ELFCLASS32) {
		Elf32_Ehdr e;

		memcpy(&e, b, sizeof(e));
		h->type = e.e_type;
		h->machine = e.e_machine;
		h->shoff = e.e_shoff;
		h->flags = e.e_flags;
		h->shentsize = e.e_shentsize;
		h->shnum = e.e_shnum;
		h->shstrndx = e.e_shstrndx;
	} else {
		Elf64_Ehdr e;

		memcpy(&e, b, sizeof(e));
		h->type = e.e_type;
		h->machine = e.e_machine;
		h->shoff = e.e_shoff;
		h->flags = e.e_flags;
		h->shentsize = e.e_shentsize;
		h->shnum = e.e_shnum;
		h->shstrndx = e.e_shstrndx;
	}
}

/* The entry point of an ELF header (arm's elf_check_arch() looks at it). */
static inline uint64_t ehdr_entry(const uint8_t *b, int cls)
{
	return cls == ELFCLASS32 ? rd(b + offsetof(Elf32_Ehdr, e_entry), 4) :
				   rd(b + offsetof(Elf64_Ehdr, e_entry), 8);
}

/* Caller guarantees the header lies inside the buffer. */
static inline void read_shdr(const uint8_t *p, int cls, struct shdr *s)
{
	if (cls == ELFCLASS32) {
		Elf32_Shdr h;

		memcpy(&h, p, sizeof(h));
		s->name = h.sh_name;
		s->type = h.sh_type;
		s->flags = h.sh_flags;
		s->addr = h.sh_addr;
		s->offset = h.sh_offset;
		s->size = h.sh_size;
		s->link = h.sh_link;
		s->info = h.sh_info;
		s->addralign = h.sh_addralign;
		s->entsize = h.sh_entsize;
	} else {
		Elf64_Shdr h;

		memcpy(&h, p, sizeof(h));
		s->name = h.sh_name;
		s->type = h.sh_type;
		s->flags = h.sh_flags;
		s->addr = h.sh_addr;
		s->offset = h.sh_offset;
		s->size = h.sh_size;
		s->link = h.sh_link;
		s->info = h.sh_info;
		s->addralign = h.sh_addralign;
		s->entsize = h.sh_entsize;
	}
}

static inline void read_sym(const uint8_t *p, int cls, struct sym *s)
{
	if (cls == ELFCLASS32) {
		Elf32_Sym y;

		memcpy(&y, p, sizeof(y));
		s->name = y.st_name;
		s->info = y.st_info;
		s->shndx = y.st_shndx;
		s->value = y.st_value;
		s->size = y.st_size;
	} else {
		Elf64_Sym y;

		memcpy(&y, p, sizeof(y));
		s->name = y.st_name;
		s->info = y.st_info;
		s->shndx = y.st_shndx;
		s->value = y.st_value;
		s->size = y.st_size;
	}
}

/* A relocation entry of section type TYPE (SHT_REL or SHT_RELA). */
struct rel {
	uint64_t offset, sym, type;
	int64_t addend;
	bool has_addend;
};

static inline size_t rel_size(int cls, uint32_t type)
{
	if (cls == ELFCLASS32)
		return type == SHT_RELA ? sizeof(Elf32_Rela) : sizeof(Elf32_Rel);
	return type == SHT_RELA ? sizeof(Elf64_Rela) : sizeof(Elf64_Rel);
}

static inline void read_rel(const uint8_t *p, int cls, uint32_t type, struct rel *r)
{
	if (cls == ELFCLASS32) {
		Elf32_Rela e = { 0 };

		memcpy(&e, p, rel_size(cls, type));
		r->offset = e.r_offset;
		r->sym = ELF32_R_SYM(e.r_info);
		r->type = ELF32_R_TYPE(e.r_info);
		r->addend = (int32_t)e.r_addend;
	} else {
		Elf64_Rela e = { 0 };

		memcpy(&e, p, rel_size(cls, type));
		r->offset = e.r_offset;
		r->sym = ELF64_R_SYM(e.r_info);
		r->type = ELF64_R_TYPE(e.r_info);
		r->addend = e.r_addend;
	}
	r->has_addend = type == SHT_RELA;
}

#endif
