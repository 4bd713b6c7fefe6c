// SPDX-License-Identifier: GPL-2.0
/*
 * mkko: write a small, well-formed kernel module ELF file for kocheck's
 * unit tests, without a compiler or a kernel tree: ELF32 or ELF64,
 * little-endian, with exactly the sections load_module() looks at.
 *
 *   mkko OUT.ko [--class 32|64] [--machine N] [--entry N] [--name NAME]
 *        [--modinfo TAG=VALUE]... [--version SYM:CRC]... [--undef SYM]...
 *        [--weak SYM]... [--common SYM]... [--define SYM]...
 *        [--export SYM[:gpl][:crc=HEX][:ns=NS]]...
 *        [--param NAME:OPS[:unsafe|:hw]]... [--param NAME:param_array_ops:ELEMOPS:MAX]...
 *        [--param NAME:param_ops_string:MAXLEN]... [--no-versions] [--no-modinfo]
 *        [--no-symtab] [--no-this-module] [--no-kcrctab] [--no-plt]
 *        [--section NAME:FLAGS:SIZE[:ALIGN[:nobits]]]... [--abs NAME=VALUE]...
 *        [--symbol NAME:SHNDX]...
 *        [--reloc OFF:TYPE:SYM[:ADDEND]]... [--rodata-byte OFF=VALUE]... [--rodata-rel]
 *
 * Sections: NULL .shstrtab .strtab .symtab .modinfo __versions
 * .gnu.linkonce.this_module __ksymtab __ksymtab_gpl __kcrctab
 * __kcrctab_gpl __ksymtab_strings __param .rela__param/.rel__param
 * .rodata; a section left out is turned into an SHT_NULL entry, so
 * indices never change.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
	uint8_t *p;
	size_t n;
};

static void put(struct buf *b, const void *d, size_t n)
{
	b->p = realloc(b->p, b->n + n + 1);
	if (!b->p) {
		perror("mkko");
		exit(2);
	}
	memcpy(b->p + b->n, d, n);
	b->n += n;
}

/* N bytes of V, little-endian; bytes past the eighth are zero */
static void putn(struct buf *b, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		uint8_t x = i < 8 ? v >> (8 * i) : 0;

		put(b, &x, 1);
	}
}

static size_t putstr(struct buf *b, const char *s)
{
	size_t off = b->n;

	put(b, s, strlen(s) + 1);
	return off;
}

static void pad(struct buf *b, size_t align)
{
	while (b->n % align)
		putn(b, 0, 1);
}

enum { S_NULL, S_SHSTR, S_STR, S_SYM, S_INFO, S_VERS, S_MOD, S_KSYM, S_KSYMG, S_KCRC,
	S_KCRCG, S_KSTR, S_PARAM, S_RPARAM, S_RODATA, S_RRODATA, S_PLT, S_INITPLT, S_FTRACE, S_N };

static const char *const secname[S_N] = {
	"", ".shstrtab", ".strtab", ".symtab", ".modinfo", "__versions",
	".gnu.linkonce.this_module", "__ksymtab", "__ksymtab_gpl", "__kcrctab",
	"__kcrctab_gpl", "__ksymtab_strings", "__param", NULL, ".rodata", NULL, ".plt", ".init.plt",
	".text.ftrace_trampoline",
};

/* A relocation of WSZ-byte pointers: at OFF, against symbol SYM (a spec
 * index + 1, or 0xfffff for the .rodata section symbol; fixed up at the
 * end), with ADDEND (RELA; REL: written into the place by the caller). */
static void reloc_type(struct buf *r, int cls, uint64_t off, uint64_t sym, uint64_t addend,
		       uint64_t type)
{
	if (cls == 64) {
		putn(r, off, 8);
		putn(r, sym << 32 | type, 8);
		putn(r, addend, 8);
	} else {
		putn(r, off, 4);
		putn(r, sym << 8 | type, 4);
	}
}

static void reloc(struct buf *r, int cls, uint64_t off, uint64_t sym, uint64_t addend)
{
	/* R_X86_64_64 (R_AARCH64_ABS64 is 257: the tests use x86_64), R_ARM_ABS32 */
	reloc_type(r, cls, off, sym, addend, cls == 64 ? 1 : 2);
}

/* --section NAME:FLAGS:SIZE[:ALIGN[:nobits]]: an extra section */
struct extra {
	const char *name;
	uint64_t flags, size, align;
	int nobits;
	size_t off, shname;
	struct buf *data;	/* its contents; NULL: zeros */
};

struct symspec {
	const char *name;
	unsigned int bind, shndx;
	uint64_t value;
};

int main(int argc, char **argv)
{
	struct buf sec[S_N] = { 0 }, out = { 0 }, shstr = { 0 };
	struct symspec syms[512];
	struct extra extra[16];
	size_t nsyms = 0, i, off[S_N], shname[S_N], nparams = 0, nextra = 0;
	int cls = 64, machine = 62, skip[S_N] = { 0 }, no_kcrctab = 0, rodata_rel = 0;
	struct buf extcrc = { 0 }, extname = { 0 };
	struct extra *ext = NULL;
	uint64_t modsize = 0;
	uint64_t entry = 0;
	const char *name = "kotest";
	int wsz, esz, ssz;

	if (argc < 2) {
		fprintf(stderr, "usage: mkko OUT.ko [options]: see mkko.c\n");
		return 2;
	}
	for (i = 2; i < (size_t)argc; i++) {
		const char *o = argv[i], *a = i + 1 < (size_t)argc ? argv[i + 1] : NULL;

		if (!strcmp(o, "--no-versions")) skip[S_VERS] = 1;
		else if (!strcmp(o, "--no-modinfo")) skip[S_INFO] = 1;
		else if (!strcmp(o, "--no-symtab")) skip[S_SYM] = 1;
		else if (!strcmp(o, "--no-this-module")) skip[S_MOD] = 1;
		else if (!strcmp(o, "--no-kcrctab")) no_kcrctab = skip[S_KCRC] = skip[S_KCRCG] = 1;
		else if (!strcmp(o, "--no-plt")) skip[S_PLT] = skip[S_INITPLT] = 1;
		else if (!strcmp(o, "--no-ftrace-trampoline")) skip[S_FTRACE] = 2;
		else if (!strcmp(o, "--rodata-rel")) rodata_rel = 1;
		else if (!a) {
			fprintf(stderr, "mkko: %s needs an argument\n", o);
			return 2;
		} else {
			i++;
			if (!strcmp(o, "--class")) cls = atoi(a);
			else if (!strcmp(o, "--machine")) machine = atoi(a);
			else if (!strcmp(o, "--entry")) entry = strtoull(a, NULL, 0);
			else if (!strcmp(o, "--name")) name = a;
			else if (!strcmp(o, "--modinfo")) putstr(&sec[S_INFO], a);
			else if (!strcmp(o, "--this-module-size")) modsize = strtoull(a, NULL, 0);
			else if (!strcmp(o, "--ext-version")) {
				/* NAME:CRC: 7.2's extended modversions, the CRC in
				 * __version_ext_crcs, the name in __version_ext_names
				 * (both SHF_ALLOC, as modpost writes them) */
				const char *colon = strchr(a, ':');

				if (!colon) return 2;
				if (!ext) {
					if (nextra + 2 > 16) return 2;
					ext = &extra[nextra];
					ext[0] = (struct extra){ .name = "__version_ext_crcs", .flags = 2, .align = 4,
								 .data = &extcrc };
					ext[1] = (struct extra){ .name = "__version_ext_names", .flags = 2, .align = 1,
								 .data = &extname };
					nextra += 2;
				}
				putn(&extcrc, strtoull(colon + 1, NULL, 16), 4);
				put(&extname, a, (size_t)(colon - a));
				putn(&extname, 0, 1);
				ext[0].size = extcrc.n;
				ext[1].size = extname.n;
			}
			else if (!strcmp(o, "--section")) {
				/* NAME:FLAGS:SIZE[:ALIGN[:nobits]], FLAGS of a, w, x */
				char *spec = strdup(a), *f = strchr(spec, ':'), *sz, *al;
				struct extra *e = &extra[nextra++];

				if (!f || nextra > 16) return 2;
				*f++ = '\0';
				sz = strchr(f, ':');
				if (!sz) return 2;
				*sz++ = '\0';
				e->name = spec;
				e->flags = (strchr(f, 'a') ? 2 : 0) | (strchr(f, 'w') ? 1 : 0) |
					   (strchr(f, 'x') ? 4 : 0);
				e->size = strtoull(sz, &al, 0);
				e->align = *al == ':' ? strtoull(al + 1, &al, 0) : 1;
				e->nobits = *al == ':' && !strcmp(al + 1, "nobits");
			} else if (!strcmp(o, "--symbol")) {
				/* NAME:SHNDX: a global symbol of that section index */
				char *spec = strdup(a), *c = strchr(spec, ':');

				if (!c) return 2;
				*c = '\0';
				syms[nsyms++] = (struct symspec){ spec, 1, strtoul(c + 1, NULL, 0), 0 };
			} else if (!strcmp(o, "--abs")) {
				/* NAME=VALUE: an SHN_ABS symbol */
				char *spec = strdup(a), *eq = strchr(spec, '=');

				if (!eq) return 2;
				*eq = '\0';
				syms[nsyms++] = (struct symspec){ spec, 1, 0xfff1, strtoull(eq + 1, NULL, 0) };
			} else if (!strcmp(o, "--reloc")) {
				/* OFF:TYPE:SYM[:ADDEND] in .rela.rodata (.rel.rodata
				 * for ELF32); SYM "." is .rodata's section symbol */
				char *spec = strdup(a), *t = strchr(spec, ':'), *sy, *ad;
				uint64_t roff, type, addend = 0, symi = 0xfffff;
				size_t k;

				if (!t) return 2;
				*t++ = '\0';
				sy = strchr(t, ':');
				if (!sy) return 2;
				*sy++ = '\0';
				ad = strchr(sy, ':');
				if (ad) {
					*ad++ = '\0';
					addend = strtoll(ad, NULL, 0);
				}
				roff = strtoull(spec, NULL, 0);
				type = strtoull(t, NULL, 0);
				if (strcmp(sy, ".")) {
					for (k = 0; k < nsyms && strcmp(syms[k].name, sy); k++)
						;
					if (k == nsyms)
						syms[nsyms++] = (struct symspec){ strdup(sy), 1, 0, 0 };
					symi = k + 1;
				}
				while (roff < 0x100000 && sec[S_RODATA].n < roff + 8)
					putn(&sec[S_RODATA], 0, 1);
				reloc_type(&sec[S_RRODATA], cls, roff, symi, addend, type);
			} else if (!strcmp(o, "--rodata-byte")) {
				/* OFF=VALUE */
				uint64_t roff = strtoull(a, NULL, 0);
				const char *eq = strchr(a, '=');

				if (!eq) return 2;
				while (sec[S_RODATA].n < roff + 8)
					putn(&sec[S_RODATA], 0, 1);
				sec[S_RODATA].p[roff] = strtoul(eq + 1, NULL, 0);
			}
			else if (!strcmp(o, "--define"))
				syms[nsyms++] = (struct symspec){ a, 1, S_RODATA, 0 };
			else if (!strcmp(o, "--undef") || !strcmp(o, "--weak") || !strcmp(o, "--common")) {
				syms[nsyms++] = (struct symspec){ a, o[2] == 'w' ? 2 : 1,
					o[2] == 'c' ? 0xfff2 : 0, 0 };
			} else if (!strcmp(o, "--version")) {
				char *colon = strchr(a, ':');
				char nm[64] = { 0 };

				if (!colon) return 2;
				putn(&sec[S_VERS], strtoull(colon + 1, NULL, 16), cls == 32 ? 4 : 8);
				snprintf(nm, sizeof(nm) - (cls == 32 ? 4 : 8), "%.*s", (int)(colon - a), a);
				put(&sec[S_VERS], nm, cls == 32 ? 60 : 56);
			} else if (!strcmp(o, "--export")) {
				char *spec = strdup(a), *tok, *save = NULL, sym[300];
				int gpl = 0;
				uint32_t crc = 0;
				const char *ns = "", *ename;

				ename = strtok_r(spec, ":", &save);
				while ((tok = strtok_r(NULL, ":", &save))) {
					if (!strcmp(tok, "gpl")) gpl = 1;
					else if (!strncmp(tok, "crc=", 4)) crc = strtoul(tok + 4, NULL, 16);
					else if (!strncmp(tok, "ns=", 3)) ns = tok + 3;
				}
				snprintf(sym, sizeof(sym), "__ksymtab_%s", ename);
				syms[nsyms++] = (struct symspec){ strdup(sym), 1, gpl ? S_KSYMG : S_KSYM,
					sec[gpl ? S_KSYMG : S_KSYM].n };
				putn(&sec[gpl ? S_KSYMG : S_KSYM], 0, 12);
				snprintf(sym, sizeof(sym), "__kstrtab_%s", ename);
				syms[nsyms++] = (struct symspec){ strdup(sym), 1, S_KSTR, putstr(&sec[S_KSTR], ename) };
				snprintf(sym, sizeof(sym), "__kstrtabns_%s", ename);
				syms[nsyms++] = (struct symspec){ strdup(sym), 1, S_KSTR, putstr(&sec[S_KSTR], ns) };
				if (!no_kcrctab) {
					snprintf(sym, sizeof(sym), "__crc_%s", ename);
					syms[nsyms++] = (struct symspec){ strdup(sym), 1, gpl ? S_KCRCG : S_KCRC,
						sec[gpl ? S_KCRCG : S_KCRC].n };
					putn(&sec[gpl ? S_KCRCG : S_KCRC], crc, 4);
				}
			} else if (!strcmp(o, "--param")) {
				/* NAME:OPS[:unsafe|:ELEMOPS:MAX|:MAXLEN] -> struct kernel_param
				 * + relocations; arrays and strings get their struct
				 * kparam_array / kparam_string in .rodata */
				char *spec = strdup(a), *ops = strchr(spec, ':'), *flag, *extra = NULL;
				size_t kp = sec[S_PARAM].n, nameoff, argoff = 0;
				int psz = cls == 32 ? 4 : 8;
				bool arr, str;

				if (!ops) return 2;
				*ops++ = '\0';
				flag = strchr(ops, ':');
				if (flag)
					*flag++ = '\0';
				arr = !strcmp(ops, "param_array_ops");
				str = !strcmp(ops, "param_ops_string");
				if (arr || str) {
					extra = flag;
					flag = NULL;
					if (!extra) return 2;
				}
				nameoff = putstr(&sec[S_RODATA], spec);
				if (arr) {
					char *max = strchr(extra, ':');

					if (!max) return 2;
					*max++ = '\0';
					pad(&sec[S_RODATA], 8);
					argoff = sec[S_RODATA].n;
					putn(&sec[S_RODATA], strtoul(max, NULL, 0), 4);	/* max */
					putn(&sec[S_RODATA], 4, 4);			/* elemsize */
					putn(&sec[S_RODATA], 0, psz * 3);		/* num, ops, elem */
					syms[nsyms++] = (struct symspec){ strdup(extra), 1, 0, 0 };
					reloc(&sec[S_RRODATA], cls, argoff + 8 + psz, nsyms, 0);
				} else if (str) {
					pad(&sec[S_RODATA], 8);
					argoff = sec[S_RODATA].n;
					putn(&sec[S_RODATA], strtoul(extra, NULL, 0), 4);	/* maxlen */
					putn(&sec[S_RODATA], 0, psz == 8 ? 12 : 4);	/* string */
				}
				putn(&sec[S_PARAM], 0, psz * 3);		/* name, mod, ops */
				putn(&sec[S_PARAM], 0644, 2);			/* perm */
				putn(&sec[S_PARAM], 0, 1);			/* level */
				/* flags: KERNEL_PARAM_FL_UNSAFE, KERNEL_PARAM_FL_HWPARAM */
				putn(&sec[S_PARAM], !flag ? 0 : !strcmp(flag, "hw") ? 2 : 1, 1);
				if (cls == 64)
					putn(&sec[S_PARAM], 0, 4);
				putn(&sec[S_PARAM], 0, psz);			/* arg */
				/* the kernel's ops are undefined symbols, a module's own defined */
				syms[nsyms++] = (struct symspec){ strdup(ops), 1,
					strncmp(ops, "param_", 6) ? S_RODATA : 0, 0 };
				if (cls == 32) {
					memcpy(sec[S_PARAM].p + kp, &(uint32_t){ nameoff }, 4);
					if (arr || str)
						memcpy(sec[S_PARAM].p + kp + 16, &(uint32_t){ argoff }, 4);
				}
				reloc(&sec[S_RPARAM], cls, kp, 0xfffff, nameoff);
				reloc(&sec[S_RPARAM], cls, kp + 2 * psz, nsyms, 0);
				if (arr || str)
					reloc(&sec[S_RPARAM], cls, kp + (cls == 32 ? 16 : 32), 0xfffff, argoff);
				nparams++;
			} else {
				fprintf(stderr, "mkko: unknown option %s\n", o);
				return 2;
			}
		}
	}
	/* arm and arm64 modules have the .plt and .init.plt sections of
	 * their module linker script */
	if (machine == 62)
		skip[S_PLT] = skip[S_INITPLT] = 1;
	/* and arm64's the ftrace trampoline */
	if (machine != 183)
		skip[S_FTRACE] = 1;
	wsz = cls == 32 ? 4 : 8;
	esz = cls == 32 ? 52 : 64;
	ssz = cls == 32 ? 40 : 64;
	/* struct module: state, list_head, name[]; the rest zero */
	putn(&sec[S_MOD], 0, cls == 32 ? 12 : 24);
	{
		char nm[64] = { 0 };

		snprintf(nm, sizeof(nm), "%s", name);
		put(&sec[S_MOD], nm, cls == 32 ? 60 : 56);
		/* the rest of struct module: 0x300 bytes, or what makes it
		 * --this-module-size (6.4+ compare it with the kernel's) */
		putn(&sec[S_MOD], 0, modsize > sec[S_MOD].n ? modsize - sec[S_MOD].n : modsize ? 0 : 0x300);
	}
	/* .symtab: null symbol, a section symbol for .rodata (index 1), then the specs */
	putstr(&sec[S_STR], "");
	putn(&sec[S_SYM], 0, cls == 32 ? 16 : 24);
	if (cls == 32) {
		putn(&sec[S_SYM], 0, 4); putn(&sec[S_SYM], 0, 4); putn(&sec[S_SYM], 0, 4);
		putn(&sec[S_SYM], 3, 1); putn(&sec[S_SYM], 0, 1); putn(&sec[S_SYM], S_RODATA, 2);
	} else {
		putn(&sec[S_SYM], 0, 4); putn(&sec[S_SYM], 3, 1); putn(&sec[S_SYM], 0, 1);
		putn(&sec[S_SYM], S_RODATA, 2); putn(&sec[S_SYM], 0, 8); putn(&sec[S_SYM], 0, 8);
	}
	for (i = 0; i < nsyms; i++) {
		size_t n = putstr(&sec[S_STR], syms[i].name);

		if (cls == 32) {
			putn(&sec[S_SYM], n, 4);
			putn(&sec[S_SYM], syms[i].value, 4);
			putn(&sec[S_SYM], 0, 4);
			putn(&sec[S_SYM], syms[i].bind << 4, 1);
			putn(&sec[S_SYM], 0, 1);
			putn(&sec[S_SYM], syms[i].shndx, 2);
		} else {
			putn(&sec[S_SYM], n, 4);
			putn(&sec[S_SYM], syms[i].bind << 4, 1);
			putn(&sec[S_SYM], 0, 1);
			putn(&sec[S_SYM], syms[i].shndx, 2);
			putn(&sec[S_SYM], syms[i].value, 8);
			putn(&sec[S_SYM], 0, 8);
		}
	}
	/* the relocations' symbol indices: .rodata is symbol 1, a spec
	 * symbol i is i + 2 (the spec index + 1 was written) */
	for (i = 0; i < sec[S_RPARAM].n + sec[S_RRODATA].n; i += cls == 32 ? 8 : 24) {
		uint8_t *p = i < sec[S_RPARAM].n ? sec[S_RPARAM].p + i + wsz :
			     sec[S_RRODATA].p + (i - sec[S_RPARAM].n) + wsz;
		uint64_t info = 0;
		int k;

		for (k = wsz - 1; k >= 0; k--)
			info = info << 8 | p[k];
		if (cls == 64)
			info = ((info >> 32) == 0xfffff ? 1 : (info >> 32) + 1) << 32 | (info & 0xffffffff);
		else
			info = ((info >> 8) == 0xfffff ? 1 : (info >> 8) + 1) << 8 | (info & 0xff);
		for (k = 0; k < wsz; k++)
			p[k] = info >> (8 * k);
	}
	putstr(&shstr, "");
	for (i = 1; i < S_N; i++)
		shname[i] = putstr(&shstr, i == S_RPARAM ? (cls == 32 ? ".rel__param" : ".rela__param") :
				   i == S_RRODATA ? (cls == 32 ? ".rel.rodata" : ".rela.rodata") :
				   secname[i]);
	for (i = 0; i < nextra; i++)
		extra[i].shname = putstr(&shstr, extra[i].name);
	sec[S_SHSTR] = shstr;
	/* layout: header, sections, section headers */
	putn(&out, 0, esz);
	for (i = 1; i < S_N; i++) {
		pad(&out, 8);
		off[i] = out.n;
		if (sec[i].n)
			put(&out, sec[i].p, sec[i].n);
	}
	for (i = 0; i < nextra; i++) {
		pad(&out, 8);
		extra[i].off = out.n;
		if (extra[i].data)
			put(&out, extra[i].data->p, extra[i].data->n);
		else if (!extra[i].nobits)
			putn(&out, 0, extra[i].size);
	}
	pad(&out, 8);
	{
		size_t shoff = out.n;
		uint8_t *h;

		for (i = 0; i < S_N; i++) {
			int type = 1, link = 0, info = 0;
			uint64_t flags = 2, entsize = 0;

			if (i == S_NULL || skip[i]) {
				putn(&out, 0, ssz);
				continue;
			}
			if (i == S_SHSTR || i == S_STR) type = 3, flags = 0;
			if (i == S_PLT || i == S_INITPLT || i == S_FTRACE) type = 8, flags = 6;
			if (i == S_SYM) type = 2, flags = 0, link = S_STR, info = 2,
				entsize = cls == 32 ? 16 : 24;
			if (i == S_RPARAM || i == S_RRODATA) type = cls == 32 ? 9 : 4, flags = 0x40,
				link = S_SYM, info = i == S_RPARAM ? S_PARAM : S_RODATA,
				entsize = cls == 32 ? 8 : 24;
			if (i == S_RRODATA && rodata_rel)
				type = cls == 32 ? 4 : 9;
			putn(&out, shname[i], 4);
			putn(&out, type, 4);
			putn(&out, flags, wsz);
			putn(&out, 0, wsz);
			putn(&out, off[i], wsz);
			putn(&out, sec[i].n, wsz);
			putn(&out, link, 4);
			putn(&out, info, 4);
			putn(&out, 1, wsz);
			putn(&out, entsize, wsz);
		}
		for (i = 0; i < nextra; i++) {
			putn(&out, extra[i].shname, 4);
			putn(&out, extra[i].nobits ? 8 : 1, 4);
			putn(&out, extra[i].flags, wsz);
			putn(&out, 0, wsz);
			putn(&out, extra[i].off, wsz);
			putn(&out, extra[i].size, wsz);
			putn(&out, 0, 4);
			putn(&out, 0, 4);
			putn(&out, extra[i].align, wsz);
			putn(&out, 0, wsz);
		}
		h = out.p;
		memcpy(h, "\177ELF", 4);
		h[4] = cls == 32 ? 1 : 2;
		h[5] = 1;
		h[6] = 1;
		h[16] = 1;	/* ET_REL */
		h[18] = machine & 0xff;
		h[19] = machine >> 8;
		h[20] = 1;
		if (cls == 32) {
			for (i = 0; i < 4; i++) h[24 + i] = entry >> (8 * i);
			for (i = 0; i < 4; i++) h[32 + i] = shoff >> (8 * i);
			h[36 + 3] = 0x05;	/* EF_ARM_EABI_VER5 */
			h[40] = 52; h[46] = 40; h[48] = S_N + nextra; h[50] = S_SHSTR;
		} else {
			for (i = 0; i < 8; i++) h[24 + i] = entry >> (8 * i);
			for (i = 0; i < 8; i++) h[40 + i] = shoff >> (8 * i);
			h[52] = 64; h[58] = 64; h[60] = S_N + nextra; h[62] = S_SHSTR;
		}
	}
	{
		FILE *f = fopen(argv[1], "wb");

		if (!f || fwrite(out.p, 1, out.n, f) != out.n || fclose(f)) {
			perror(argv[1]);
			return 2;
		}
	}
	return nparams > 100;
}
