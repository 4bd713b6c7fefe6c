// SPDX-License-Identifier: GPL-2.0
/*
 * ko-mutate: an ELF mutation fuzzer for kernel modules.
 *
 * usage: ko-mutate [-k KIND] IN.ko OUT.ko SEED
 *
 * Copies IN.ko to OUT.ko with exactly one field changed, chosen at random
 * from SEED (the same seed and input give the same output, on any host):
 *
 *   ehdr      an ELF header field (e_ident's magic, class, data, version,
 *             OS ABI bytes; e_type ... e_shstrndx)
 *   shdr      a section header field (sh_name, sh_type, sh_flags, sh_addr,
 *             sh_offset, sh_size, sh_link, sh_info, sh_addralign, sh_entsize)
 *   sym       a symbol's st_shndx, st_info or st_value (.symtab)
 *   modinfo   one byte of .modinfo
 *   versions  a __versions entry's CRC or one byte of its name
 *   rel       a relocation's r_info (a REL or RELA section)
 *
 * Without -k the kind is drawn from those the module has.  The new value
 * always differs from the old one.  One line on standard output says what
 * changed, ending with the field's place in the file:
 *
 *   shdr [12] .rela.text sh_info: 0x3 -> 0x15 (offset 0x1a2c4, 4 bytes)
 *   modinfo [14] .modinfo byte 15: 0x63 -> 0x23 (offset 0x1cb, 1 byte)
 *
 * The rest of the file (an appended signature too) is copied as it is, so
 * a signed module's signature no longer matches its contents.
 * Exit status: 0 done, 1 error (unreadable or malformed input), 2 usage,
 * 3 the module has no field of KIND.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHT_SYMTAB 2
#define SHT_RELA 4
#define SHT_NOBITS 8
#define SHT_REL 9

struct elf {
	unsigned char *b;
	size_t len;
	int is64, be;
	uint64_t shoff;
	unsigned int shnum, shentsize, shstrndx;
};

static uint64_t rng_state;

/* splitmix64: small, and the same sequence everywhere. */
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, n); n > 0. */
static uint64_t below(uint64_t n)
{
	return rnd() % n;
}

__attribute__((noreturn, format(printf, 1, 2))) static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("ko-mutate: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static int in_file(const struct elf *e, uint64_t off, uint64_t size)
{
	return off <= e->len && size <= e->len - off;
}

static uint64_t get(const struct elf *e, uint64_t off, unsigned int size)
{
	uint64_t v = 0;
	unsigned int i;

	if (!in_file(e, off, size))
		die("internal error: read past the end of the file");
	for (i = 0; i < size; i++) {
		unsigned int k = e->be ? i : size - 1 - i;

		v = (v << 8) | e->b[off + k];
	}
	return v;
}

static void put(struct elf *e, uint64_t off, unsigned int size, uint64_t v)
{
	unsigned int i;

	if (!in_file(e, off, size))
		die("internal error: write past the end of the file");
	for (i = 0; i < size; i++) {
		unsigned int k = e->be ? size - 1 - i : i;

		e->b[off + k] = (unsigned char)(v >> (8 * i));
	}
}

static uint64_t mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

/* The file offset of section header i's field at (64-bit, 32-bit) offsets. */
static uint64_t shdr_at(const struct elf *e, unsigned int i)
{
	return e->shoff + (uint64_t)i * e->shentsize;
}

struct field {
	const char *name;
	unsigned int off64, size64, off32, size32;
};

static const struct field shdr_fields[] = {
	{ "sh_name", 0, 4, 0, 4 },	     { "sh_type", 4, 4, 4, 4 },
	{ "sh_flags", 8, 8, 8, 4 },	     { "sh_addr", 16, 8, 12, 4 },
	{ "sh_offset", 24, 8, 16, 4 },	     { "sh_size", 32, 8, 20, 4 },
	{ "sh_link", 40, 4, 24, 4 },	     { "sh_info", 44, 4, 28, 4 },
	{ "sh_addralign", 48, 8, 32, 4 },   { "sh_entsize", 56, 8, 36, 4 },
};

enum { SH_NAME, SH_TYPE, SH_FLAGS, SH_ADDR, SH_OFFSET, SH_SIZE, SH_LINK, SH_INFO, SH_ADDRALIGN, SH_ENTSIZE };

static uint64_t sh(const struct elf *e, unsigned int i, int f)
{
	const struct field *d = &shdr_fields[f];

	return get(e, shdr_at(e, i) + (e->is64 ? d->off64 : d->off32), e->is64 ? d->size64 : d->size32);
}

/* The name of section i, or "?" when it is not a string in the file. */
static const char *sec_name(const struct elf *e, unsigned int i)
{
	uint64_t off, size, name;
	size_t n;

	if (e->shstrndx >= e->shnum)
		return "?";
	off = sh(e, e->shstrndx, SH_OFFSET);
	size = sh(e, e->shstrndx, SH_SIZE);
	name = sh(e, i, SH_NAME);
	if (!in_file(e, off, size) || name >= size)
		return "?";
	n = strnlen((const char *)e->b + off + name, size - name);
	if (n == size - name)
		return "?";
	return (const char *)e->b + off + name;
}

/* A section's contents, when they are in the file. */
static int sec_data(const struct elf *e, unsigned int i, uint64_t *off, uint64_t *size)
{
	if (sh(e, i, SH_TYPE) == SHT_NOBITS)
		return 0;
	*off = sh(e, i, SH_OFFSET);
	*size = sh(e, i, SH_SIZE);
	return in_file(e, *off, *size);
}

static int find_section(const struct elf *e, const char *name)
{
	unsigned int i;

	for (i = 1; i < e->shnum; i++)
		if (!strcmp(sec_name(e, i), name))
			return (int)i;
	return -1;
}

static void load(struct elf *e, const char *path)
{
	FILE *f = fopen(path, "rb");
	long n = 0;

	if (!f)
		die("%s: %s", path, strerror(errno));
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		die("%s: cannot read: %s", path, strerror(errno));
	e->len = (size_t)n;
	e->b = malloc(e->len ? e->len : 1);
	if (!e->b)
		die("out of memory");
	if (fread(e->b, 1, e->len, f) != e->len)
		die("%s: short read", path);
	fclose(f);

	if (e->len < 52 || memcmp(e->b, "\177ELF", 4))
		die("%s: not an ELF file", path);
	if (e->b[4] != 1 && e->b[4] != 2)
		die("%s: bad ELF class %u", path, e->b[4]);
	if (e->b[5] != 1 && e->b[5] != 2)
		die("%s: bad ELF data encoding %u", path, e->b[5]);
	e->is64 = e->b[4] == 2;
	e->be = e->b[5] == 2;
	if (e->is64 && e->len < 64)
		die("%s: short ELF header", path);
	e->shoff = get(e, e->is64 ? 40 : 32, e->is64 ? 8 : 4);
	e->shentsize = (unsigned int)get(e, e->is64 ? 58 : 46, 2);
	e->shnum = (unsigned int)get(e, e->is64 ? 60 : 48, 2);
	e->shstrndx = (unsigned int)get(e, e->is64 ? 62 : 50, 2);
	if (e->shentsize != (e->is64 ? 64u : 40u))
		die("%s: section header size %u", path, e->shentsize);
	if (e->shnum < 2 || !in_file(e, e->shoff, (uint64_t)e->shnum * e->shentsize))
		die("%s: the section headers are not in the file", path);
}

/*
 * A new value for a field of SIZE bytes holding OLD: one of the common
 * ways to break a number, or one of the CHOICES (values that mean
 * something for this field).  Never OLD.
 */
static uint64_t new_value(uint64_t old, unsigned int size, const uint64_t *choices, size_t nchoices)
{
	uint64_t m = mask(size), v = old;
	int tries;

	for (tries = 0; tries < 1000 && v == old; tries++) {
		switch (below(nchoices ? 7 : 6)) {
		case 0:
			v = old ^ (1ULL << below(8 * size));
			break;
		case 1: {
			int64_t d = (int64_t)below(32) - 16;

			v = old + (uint64_t)(d ? d : 1);
			break;
		}
		case 2:
			v = 0;
			break;
		case 3:
			v = m;
			break;
		case 4:
			v = below(256);
			break;
		case 5:
			v = rnd();
			break;
		default:
			v = choices[below(nchoices)];
			break;
		}
		v &= m;
	}
	if (v == old)
		v = (old ^ 1) & m;
	return v;
}

/* A new byte for a string: something the parsers care about. */
static uint64_t new_byte(uint64_t old)
{
	static const uint64_t bytes[] = { 0, '=', ' ', '\n', '.', '-', '_', 0x7f, 0x80, 0xff };
	uint64_t v = old;

	while (v == old) {
		switch (below(4)) {
		case 0:
			v = bytes[below(sizeof(bytes) / sizeof(bytes[0]))];
			break;
		case 1:
			v = 0x20 + below(0x5f);
			break;
		case 2:
			v = below(256);
			break;
		default:
			v = old ^ (1ULL << below(8));
			break;
		}
	}
	return v;
}

struct change {
	char where[160];
	const char *field;
	uint64_t off;
	unsigned int size;
	uint64_t new;
	char namebuf[32];
};

static void set_field(struct change *c, uint64_t off, unsigned int size)
{
	c->off = off;
	c->size = size;
}

static int mutate_ehdr(struct elf *e, struct change *c)
{
	static const struct field f[] = {
		{ "e_ident[EI_MAG0]", 0, 1, 0, 1 },  { "e_ident[EI_MAG1]", 1, 1, 1, 1 },
		{ "e_ident[EI_MAG2]", 2, 1, 2, 1 },  { "e_ident[EI_MAG3]", 3, 1, 3, 1 },
		{ "e_ident[EI_CLASS]", 4, 1, 4, 1 }, { "e_ident[EI_DATA]", 5, 1, 5, 1 },
		{ "e_ident[EI_VERSION]", 6, 1, 6, 1 }, { "e_ident[EI_OSABI]", 7, 1, 7, 1 },
		{ "e_type", 16, 2, 16, 2 },	     { "e_machine", 18, 2, 18, 2 },
		{ "e_version", 20, 4, 20, 4 },	     { "e_entry", 24, 8, 24, 4 },
		{ "e_phoff", 32, 8, 28, 4 },	     { "e_shoff", 40, 8, 32, 4 },
		{ "e_flags", 48, 4, 36, 4 },	     { "e_ehsize", 52, 2, 40, 2 },
		{ "e_phentsize", 54, 2, 42, 2 },     { "e_phnum", 56, 2, 44, 2 },
		{ "e_shentsize", 58, 2, 46, 2 },     { "e_shnum", 60, 2, 48, 2 },
		{ "e_shstrndx", 62, 2, 50, 2 },
	};
	const struct field *d = &f[below(sizeof(f) / sizeof(f[0]))];
	unsigned int size = e->is64 ? d->size64 : d->size32;
	uint64_t off = e->is64 ? d->off64 : d->off32, old = get(e, off, size);
	uint64_t choices[8];
	size_t n = 0;

	if (!strcmp(d->name, "e_type")) {
		choices[n++] = 0; /* ET_NONE */
		choices[n++] = 2; /* ET_EXEC */
		choices[n++] = 3; /* ET_DYN */
		choices[n++] = 4; /* ET_CORE */
	} else if (!strcmp(d->name, "e_machine")) {
		choices[n++] = 3;   /* EM_386 */
		choices[n++] = 40;  /* EM_ARM */
		choices[n++] = 62;  /* EM_X86_64 */
		choices[n++] = 183; /* EM_AARCH64 */
	} else if (!strcmp(d->name, "e_shoff")) {
		choices[n++] = e->len;
		choices[n++] = e->shoff + 1;
		choices[n++] = e->len - (uint64_t)e->shnum * e->shentsize + 1;
	} else if (!strcmp(d->name, "e_shnum") || !strcmp(d->name, "e_shstrndx")) {
		choices[n++] = e->shnum + 1;
		choices[n++] = e->shnum - 1;
		choices[n++] = below(e->shnum);
		choices[n++] = 0xffff; /* SHN_XINDEX */
	} else if (!strcmp(d->name, "e_ident[EI_CLASS]") || !strcmp(d->name, "e_ident[EI_DATA]")) {
		choices[n++] = 1;
		choices[n++] = 2;
	}
	snprintf(c->where, sizeof(c->where), "ELF header");
	c->field = d->name;
	set_field(c, off, size);
	c->new = new_value(old, size, choices, n);
	return 0;
}

static int mutate_shdr(struct elf *e, struct change *c)
{
	static const uint64_t types[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18,
					  0x6ffffff6, 0x70000001, 0x70000003 };
	static const uint64_t entsizes[] = { 0, 1, 4, 8, 12, 16, 24, 64 };
	unsigned int i = (unsigned int)below(e->shnum), fi;
	const struct field *d;
	unsigned int size;
	uint64_t off, old, choices[32];
	size_t n = 0, k;

	/* The fields the kernel's loader reads most, more often. */
	static const int pick[] = { SH_NAME, SH_TYPE, SH_TYPE, SH_FLAGS, SH_FLAGS, SH_ADDR, SH_OFFSET,
				    SH_OFFSET, SH_SIZE, SH_SIZE, SH_LINK, SH_LINK, SH_INFO, SH_INFO,
				    SH_ADDRALIGN, SH_ENTSIZE, SH_ENTSIZE };
	fi = (unsigned int)pick[below(sizeof(pick) / sizeof(pick[0]))];
	d = &shdr_fields[fi];
	size = e->is64 ? d->size64 : d->size32;
	off = shdr_at(e, i) + (e->is64 ? d->off64 : d->off32);
	old = get(e, off, size);
	switch (fi) {
	case SH_TYPE:
		for (k = 0; k < sizeof(types) / sizeof(types[0]); k++)
			choices[n++] = types[k];
		break;
	case SH_FLAGS:
		choices[n++] = old ^ 0x1;	 /* SHF_WRITE */
		choices[n++] = old ^ 0x2;	 /* SHF_ALLOC */
		choices[n++] = old ^ 0x4;	 /* SHF_EXECINSTR */
		choices[n++] = old ^ 0x10;	 /* SHF_MERGE */
		choices[n++] = old ^ 0x20;	 /* SHF_STRINGS */
		choices[n++] = old ^ 0x40;	 /* SHF_INFO_LINK */
		choices[n++] = old ^ 0x200;	 /* SHF_GROUP */
		choices[n++] = old ^ 0x400;	 /* SHF_TLS */
		choices[n++] = old ^ 0x80000000; /* SHF_EXCLUDE */
		break;
	case SH_LINK:
	case SH_INFO:
		choices[n++] = below(e->shnum);
		choices[n++] = below(e->shnum);
		choices[n++] = e->shnum;
		choices[n++] = e->shnum + 1;
		break;
	case SH_OFFSET:
	case SH_SIZE:
		choices[n++] = e->len;
		choices[n++] = e->len + 1;
		choices[n++] = e->len - (fi == SH_OFFSET ? 1 : 0);
		choices[n++] = sh(e, (unsigned int)below(e->shnum), fi);
		choices[n++] = old + 1;
		choices[n++] = old - 1;
		break;
	case SH_ENTSIZE:
		for (k = 0; k < sizeof(entsizes) / sizeof(entsizes[0]); k++)
			choices[n++] = entsizes[k];
		break;
	case SH_ADDRALIGN:
		choices[n++] = 0;
		choices[n++] = 3;
		choices[n++] = 4096;
		choices[n++] = old * 2;
		break;
	case SH_NAME:
		choices[n++] = sh(e, (unsigned int)below(e->shnum), SH_NAME);
		break;
	}
	snprintf(c->where, sizeof(c->where), "[%u] %s", i, sec_name(e, i));
	c->field = d->name;
	set_field(c, off, size);
	c->new = new_value(old, size, choices, n);
	return 0;
}

/* The sections of TYPE (and, when wanted, with whole entries in the file). */
static unsigned int sections_of(const struct elf *e, uint64_t type, uint64_t entsize, unsigned int *out)
{
	unsigned int i, n = 0;
	uint64_t off, size;

	for (i = 1; i < e->shnum; i++) {
		if (sh(e, i, SH_TYPE) != type || !sec_data(e, i, &off, &size) || size < entsize)
			continue;
		out[n++] = i;
	}
	return n;
}

static int mutate_sym(struct elf *e, struct change *c)
{
	unsigned int entsize = e->is64 ? 24 : 16, *secs, ns, s, i;
	uint64_t off, size, nsyms, sym, old, choices[16];
	size_t n = 0;
	int which;

	secs = calloc(e->shnum, sizeof(*secs));
	if (!secs)
		die("out of memory");
	ns = sections_of(e, SHT_SYMTAB, 2 * entsize, secs);
	if (!ns) {
		free(secs);
		return 3;
	}
	s = secs[below(ns)];
	free(secs);
	sec_data(e, s, &off, &size);
	nsyms = size / entsize;
	i = (unsigned int)(1 + below(nsyms - 1));
	sym = off + (uint64_t)i * entsize;
	which = (int)below(3);
	if (which == 0) {
		c->field = "st_shndx";
		set_field(c, sym + (e->is64 ? 6 : 14), 2);
		old = get(e, c->off, 2);
		choices[n++] = 0;	       /* SHN_UNDEF */
		choices[n++] = 0xfff1;	       /* SHN_ABS */
		choices[n++] = 0xfff2;	       /* SHN_COMMON */
		choices[n++] = 0xff20;	       /* SHN_LIVEPATCH */
		choices[n++] = 0xffff;	       /* SHN_XINDEX */
		choices[n++] = e->shnum;
		choices[n++] = 1 + below(e->shnum - 1);
		choices[n++] = 1 + below(e->shnum - 1);
	} else if (which == 1) {
		c->field = "st_info";
		set_field(c, sym + (e->is64 ? 4 : 12), 1);
		old = get(e, c->off, 1);
		/* (bind << 4) | type: LOCAL GLOBAL WEAK GNU_UNIQUE x NOTYPE
		 * OBJECT FUNC SECTION FILE COMMON TLS GNU_IFUNC */
		choices[n++] = (old & 0xf) | 0x00;
		choices[n++] = (old & 0xf) | 0x10;
		choices[n++] = (old & 0xf) | 0x20;
		choices[n++] = (old & 0xf) | 0xa0;
		choices[n++] = (old & 0xf0) | 0;
		choices[n++] = (old & 0xf0) | 1;
		choices[n++] = (old & 0xf0) | 2;
		choices[n++] = (old & 0xf0) | 3;
		choices[n++] = (old & 0xf0) | 4;
		choices[n++] = (old & 0xf0) | 5;
		choices[n++] = (old & 0xf0) | 6;
		choices[n++] = (old & 0xf0) | 10;
	} else {
		c->field = "st_value";
		set_field(c, sym + (e->is64 ? 8 : 4), e->is64 ? 8 : 4);
		old = get(e, c->off, c->size);
	}
	snprintf(c->where, sizeof(c->where), "[%u] %s symbol %u", s, sec_name(e, s), i);
	c->new = new_value(old, c->size, choices, n);
	return 0;
}

static int mutate_modinfo(struct elf *e, struct change *c)
{
	int s = find_section(e, ".modinfo");
	uint64_t off, size, i;

	if (s < 0 || !sec_data(e, (unsigned int)s, &off, &size) || !size)
		return 3;
	i = below(size);
	snprintf(c->where, sizeof(c->where), "[%d] .modinfo", s);
	snprintf(c->namebuf, sizeof(c->namebuf), "byte %" PRIu64, i);
	c->field = c->namebuf;
	set_field(c, off + i, 1);
	c->new = new_byte(get(e, c->off, 1));
	return 0;
}

static int mutate_versions(struct elf *e, struct change *c)
{
	int s = find_section(e, "__versions");
	unsigned int entsize = 64, crcsize = e->is64 ? 8 : 4;
	uint64_t off, size, nent, ent, i, namelen;

	if (s < 0 || !sec_data(e, (unsigned int)s, &off, &size) || size < entsize)
		return 3;
	nent = size / entsize;
	i = below(nent);
	ent = off + i * entsize;
	namelen = strnlen((const char *)e->b + ent + crcsize, entsize - crcsize);
	if (below(2)) {
		snprintf(c->where, sizeof(c->where), "[%d] __versions entry %" PRIu64 " (%.*s)", s, i,
			 (int)namelen, (const char *)e->b + ent + crcsize);
		c->field = "crc";
		set_field(c, ent, crcsize);
		c->new = new_value(get(e, ent, crcsize), crcsize, NULL, 0);
	} else {
		/* A byte of the name or its terminating NUL. */
		uint64_t j = below(namelen < entsize - crcsize ? namelen + 1 : namelen);

		snprintf(c->where, sizeof(c->where), "[%d] __versions entry %" PRIu64 " (%.*s)", s, i,
			 (int)namelen, (const char *)e->b + ent + crcsize);
		snprintf(c->namebuf, sizeof(c->namebuf), "name byte %" PRIu64, j);
		c->field = c->namebuf;
		set_field(c, ent + crcsize + j, 1);
		c->new = new_byte(get(e, c->off, 1));
	}
	return 0;
}

static int mutate_rel(struct elf *e, struct change *c)
{
	unsigned int *secs, ns = 0, s;
	uint64_t off, size, entsize, nent, i, ent, old, choices[8], sym, type, nsyms = 0;
	size_t n = 0;
	int rela, symtab;

	secs = calloc(2 * (size_t)e->shnum, sizeof(*secs));
	if (!secs)
		die("out of memory");
	ns = sections_of(e, SHT_RELA, e->is64 ? 24 : 12, secs);
	ns += sections_of(e, SHT_REL, e->is64 ? 16 : 8, secs + ns);
	if (!ns) {
		free(secs);
		return 3;
	}
	s = secs[below(ns)];
	free(secs);
	rela = sh(e, s, SH_TYPE) == SHT_RELA;
	entsize = e->is64 ? (rela ? 24 : 16) : (rela ? 12 : 8);
	sec_data(e, s, &off, &size);
	nent = size / entsize;
	i = below(nent);
	ent = off + i * entsize;
	c->field = "r_info";
	set_field(c, ent + (e->is64 ? 8 : 4), e->is64 ? 8 : 4);
	old = get(e, c->off, c->size);
	symtab = (int)sh(e, s, SH_LINK);
	if (symtab > 0 && (unsigned int)symtab < e->shnum)
		nsyms = sh(e, (unsigned int)symtab, SH_SIZE) / (e->is64 ? 24 : 16);
	/* Another symbol, or another type. */
	sym = e->is64 ? old >> 32 : old >> 8;
	type = e->is64 ? old & 0xffffffff : old & 0xff;
	if (e->is64) {
		choices[n++] = ((uint64_t)below(nsyms + 2) << 32) | type;
		choices[n++] = (sym << 32) | below(64);
		choices[n++] = (sym << 32) | below(64);
		choices[n++] = ((uint64_t)nsyms << 32) | type;
		choices[n++] = sym << 32;
	} else {
		choices[n++] = ((uint64_t)below(nsyms + 2) << 8) | type;
		choices[n++] = (sym << 8) | below(64);
		choices[n++] = (sym << 8) | below(64);
		choices[n++] = ((uint64_t)nsyms << 8) | type;
		choices[n++] = sym << 8;
	}
	snprintf(c->where, sizeof(c->where), "[%u] %s entry %" PRIu64, s, sec_name(e, s), i);
	c->new = new_value(old, c->size, choices, n);
	return 0;
}

struct kind {
	const char *name;
	int (*mutate)(struct elf *e, struct change *c);
	unsigned int weight;
};

static const struct kind kinds[] = {
	{ "ehdr", mutate_ehdr, 2 },	   { "shdr", mutate_shdr, 4 }, { "sym", mutate_sym, 3 },
	{ "modinfo", mutate_modinfo, 2 }, { "versions", mutate_versions, 2 },
	{ "rel", mutate_rel, 3 },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static void usage(void)
{
	fprintf(stderr, "usage: ko-mutate [-k ehdr|shdr|sym|modinfo|versions|rel] IN.ko OUT.ko SEED\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *kind = NULL, *in, *out;
	struct elf e = { 0 };
	struct change c;
	unsigned long long seed;
	char *end;
	FILE *f;
	int rc = 3, argi = 1;
	unsigned int k;

	if (argc > 2 && !strcmp(argv[1], "-k")) {
		kind = argv[2];
		argi = 3;
	}
	if (argc - argi != 3)
		usage();
	in = argv[argi];
	out = argv[argi + 1];
	errno = 0;
	seed = strtoull(argv[argi + 2], &end, 0);
	if (errno || !*argv[argi + 2] || *end)
		usage();
	rng_state = seed;
	load(&e, in);
	memset(&c, 0, sizeof(c));

	if (kind) {
		for (k = 0; k < NKINDS; k++)
			if (!strcmp(kind, kinds[k].name))
				break;
		if (k == NKINDS)
			usage();
		rc = kinds[k].mutate(&e, &c);
		if (rc == 3) {
			fprintf(stderr, "ko-mutate: %s: no %s field to change\n", in, kind);
			free(e.b);
			return 3;
		}
	} else {
		/* Draw a kind by weight; one the module lacks is drawn again. */
		unsigned int total = 0, tried = 0, r;

		for (k = 0; k < NKINDS; k++)
			total += kinds[k].weight;
		while (rc == 3 && tried < 64) {
			r = (unsigned int)below(total);
			for (k = 0; r >= kinds[k].weight; k++)
				r -= kinds[k].weight;
			rc = kinds[k].mutate(&e, &c);
			kind = kinds[k].name;
			tried++;
		}
		if (rc == 3)
			die("%s: no field to change", in);
	}

	{
		uint64_t old = get(&e, c.off, c.size);

		if (old == c.new)
			die("internal error: %s %s: the new value is the old one", c.where, c.field);
		put(&e, c.off, c.size, c.new);
		printf("%s %s %s: 0x%" PRIx64 " -> 0x%" PRIx64 " (offset 0x%" PRIx64 ", %u byte%s)\n", kind,
		       c.where, c.field, old, c.new, c.off, c.size, c.size == 1 ? "" : "s");
	}
	f = fopen(out, "wb");
	if (!f)
		die("%s: %s", out, strerror(errno));
	if (fwrite(e.b, 1, e.len, f) != e.len || fclose(f))
		die("%s: write failed", out);
	free(e.b);
	return 0;
}
