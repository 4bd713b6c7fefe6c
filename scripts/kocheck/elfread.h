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
#include <elf.h>

struct ehdr {
	uint16_t type, machine, shentsize, shnum, shstrndx;
	uint64_t shoff;
	uint32_t flags;
};

struct shdr {
	uint32_t name, type, link, info;
	uint64_t flags, addr, offset, size, entsize;
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

/* Caller guarantees len >= ehdr_size(cls). */
static inline void read_ehdr(const uint8_t *b, int cls, struct ehdr *h)
{
	h->type = rd(b + 16, 2);
	h->machine = rd(b + 18, 2);
	if (cls == ELFCLASS32) {
		h->shoff = rd(b + 32, 4);
		h->flags = rd(b + 36, 4);
		h->shentsize = rd(b + 46, 2);
		h->shnum = rd(b + 48, 2);
		h->shstrndx = rd(b + 50, 2);
	} else {
		h->shoff = rd(b + 40, 8);
		h->flags = rd(b + 48, 4);
		h->shentsize = rd(b + 58, 2);
		h->shnum = rd(b + 60, 2);
		h->shstrndx = rd(b + 62, 2);
	}
}

/* Caller guarantees the header lies inside the buffer. */
static inline void read_shdr(const uint8_t *p, int cls, struct shdr *s)
{
	s->name = rd(p, 4);
	s->type = rd(p + 4, 4);
	if (cls == ELFCLASS32) {
		s->flags = rd(p + 8, 4);
		s->addr = rd(p + 12, 4);
		s->offset = rd(p + 16, 4);
		s->size = rd(p + 20, 4);
		s->link = rd(p + 24, 4);
		s->info = rd(p + 28, 4);
		s->entsize = rd(p + 36, 4);
	} else {
		s->flags = rd(p + 8, 8);
		s->addr = rd(p + 16, 8);
		s->offset = rd(p + 24, 8);
		s->size = rd(p + 32, 8);
		s->link = rd(p + 40, 4);
		s->info = rd(p + 44, 4);
		s->entsize = rd(p + 56, 8);
	}
}

static inline void read_sym(const uint8_t *p, int cls, struct sym *s)
{
	s->name = rd(p, 4);
	if (cls == ELFCLASS32) {
		s->value = rd(p + 4, 4);
		s->size = rd(p + 8, 4);
		s->info = p[12];
		s->shndx = rd(p + 14, 2);
	} else {
		s->info = p[4];
		s->shndx = rd(p + 6, 2);
		s->value = rd(p + 8, 8);
		s->size = rd(p + 16, 8);
	}
}

#endif
