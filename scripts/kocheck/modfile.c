// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a module file, and the exports of an already loaded module (what
 * find_symbol() finds in its __ksymtab, __ksymtab_gpl and __kcrctab*).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf.h"
#include "kocheck.h"

/* finit_module() reads at most INT_MAX bytes. */
#define MAX_MODULE_SIZE (1UL << 30)

int modfile_read(struct modfile *m, const char *path, char *err, size_t errlen)
{
	struct stat st;
	uint8_t *buf;
	size_t got = 0;
	ssize_t r;
	int fd;

	memset(m, 0, sizeof(*m));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || (unsigned long)st.st_size > MAX_MODULE_SIZE) {
		snprintf(err, errlen, "%s: not a regular file of at most 1 GiB", path);
		close(fd);
		return -1;
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf) {
		snprintf(err, errlen, "%s: out of memory", path);
		close(fd);
		return -1;
	}
	while (got < (size_t)st.st_size) {
		r = read(fd, buf + got, st.st_size - got);
		if (r <= 0) {
			snprintf(err, errlen, "%s: read failed", path);
			free(buf);
			close(fd);
			return -1;
		}
		got += r;
	}
	close(fd);
	m->path = path;
	m->data = buf;
	m->len = got;
	return 0;
}

void modfile_free(struct modfile *m)
{
	free((void *)m->data);
	m->data = NULL;
}

struct sec {
	struct shdr h;
	const char *name;
};

/* The sections of a well-formed ELF file of its own class, or NULL. */
static struct sec *sections(const struct modfile *m, int *cls, unsigned int *n)
{
	struct ehdr eh;
	struct sec *s;
	struct shdr strh;
	unsigned int i;

	if (m->len < 64 || memcmp(m->data, "\177ELF", 4) ||
	    (m->data[4] != 1 && m->data[4] != 2))
		return NULL;
	*cls = m->data[4];
	read_ehdr(m->data, *cls, &eh);
	if (eh.shentsize != shdr_size(*cls) || eh.shoff >= m->len ||
	    (uint64_t)eh.shnum * shdr_size(*cls) > m->len - eh.shoff || eh.shstrndx >= eh.shnum)
		return NULL;
	read_shdr(m->data + eh.shoff + (uint64_t)eh.shstrndx * shdr_size(*cls), *cls, &strh);
	if (strh.offset > m->len || strh.size > m->len - strh.offset || !strh.size ||
	    m->data[strh.offset + strh.size - 1])
		return NULL;
	s = calloc(eh.shnum ? eh.shnum : 1, sizeof(*s));
	if (!s)
		return NULL;
	for (i = 0; i < eh.shnum; i++) {
		read_shdr(m->data + eh.shoff + (uint64_t)i * shdr_size(*cls), *cls, &s[i].h);
		s[i].name = s[i].h.name < strh.size ? (const char *)m->data + strh.offset + s[i].h.name : "";
		/* Only file contents within the file are read: a NOBITS section
		 * or one reaching past the end counts as empty. */
		if (s[i].h.type == 8 /* NOBITS */ ||
		    s[i].h.offset > m->len || s[i].h.size > m->len - s[i].h.offset)
			s[i].h.size = 0;
	}
	*n = eh.shnum;
	return s;
}

/* A string inside section sec at off, or "" */
static const char *sec_str(const struct modfile *m, const struct sec *s, uint64_t off)
{
	if (off >= s->h.size || !memchr(m->data + s->h.offset + off, '\0', s->h.size - off))
		return "";
	return (const char *)m->data + s->h.offset + off;
}

/* module_exports(): __ksymtab_NAME says a symbol is exported (plain or GPL);
 * __crc_NAME points at its CRC in __kcrctab*; __kstrtabns_NAME at its
 * namespace in __ksymtab_strings.  NAME gets the module's name. */
int module_exports(const struct modfile *m, struct exports *e, char *name, size_t namelen)
{
	struct sec *s;
	unsigned int n, i, symidx = 0;
	uint64_t k, nsyms;
	int cls;
	const char *modname = NULL;

	s = sections(m, &cls, &n);
	if (!s)
		return -1;
	for (i = 1; i < n; i++) {
		if (s[i].h.type == 2 /* SYMTAB */ && s[i].h.link < n)
			symidx = i;
		if (!strcmp(s[i].name, ".modinfo")) {
			uint64_t off = 0;

			while (off < s[i].h.size) {
				const char *str = sec_str(m, &s[i], off);

				if (!strncmp(str, "name=", 5))
					modname = str + 5;
				off += strlen(str) + 1;
			}
		}
	}
	snprintf(name, namelen, "%s", modname ? modname : "");
	if (!symidx) {
		free(s);
		return 0;
	}
	nsyms = s[symidx].h.size / sym_size(cls);
	for (k = 1; k < nsyms; k++) {
		struct sym sym, other;
		const char *sname, *export;
		char want[512];
		uint32_t crc = 0;
		bool has_crc = false;
		const char *ns = "";
		uint64_t j;

		read_sym(m->data + s[symidx].h.offset + k * sym_size(cls), cls, &sym);
		sname = sec_str(m, &s[s[symidx].h.link], sym.name);
		if (strncmp(sname, "__ksymtab_", 10) || sym.shndx >= n)
			continue;
		export = sname + 10;
		if (strcmp(s[sym.shndx].name, "__ksymtab") && strcmp(s[sym.shndx].name, "__ksymtab_gpl"))
			continue;
		for (j = 1; j < nsyms; j++) {
			const char *oname;

			read_sym(m->data + s[symidx].h.offset + j * sym_size(cls), cls, &other);
			oname = sec_str(m, &s[s[symidx].h.link], other.name);
			if (other.shndx >= n)
				continue;
			snprintf(want, sizeof(want), "__crc_%s", export);
			if (!strcmp(oname, want) && s[other.shndx].h.size >= 4 &&
			    other.value <= s[other.shndx].h.size - 4) {
				crc = rd(m->data + s[other.shndx].h.offset + other.value, 4);
				has_crc = true;
			}
			snprintf(want, sizeof(want), "__kstrtabns_%s", export);
			if (!strcmp(oname, want))
				ns = sec_str(m, &s[other.shndx], other.value);
		}
		exports_add(e, export, crc, has_crc, !strcmp(s[sym.shndx].name, "__ksymtab_gpl"),
			    ns, "module");
	}
	free(s);
	return 0;
}
