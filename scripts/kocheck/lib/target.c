// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel a module is checked against: read from a kernel tree (its
 * Module.symvers, .config and include/generated/utsrelease.h), or given
 * piece by piece on the command line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elfread.h"
#include "kocheck.h"

static int cmp_export(const void *a, const void *b)
{
	return strcmp(((const struct export *)a)->name, ((const struct export *)b)->name);
}

void exports_add(struct exports *e, const char *name, uint32_t crc, bool has_crc,
		 bool gpl_only, const char *ns, int owner)
{
	struct export *x;

	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 256;
		e->v = realloc(e->v, e->cap * sizeof(*e->v));
		if (!e->v) {
			perror("kocheck");
			exit(2);
		}
	}
	x = &e->v[e->n++];
	x->name = strdup(name);
	x->crc = crc;
	x->has_crc = has_crc;
	x->gpl_only = gpl_only;
	x->ns = strdup(ns ? ns : "");
	x->owner = owner;
	if (!x->name || !x->ns) {
		perror("kocheck");
		exit(2);
	}
	e->sorted = false;
}

const struct export *exports_find(struct exports *e, const char *name)
{
	struct export key = { .name = (char *)name };

	if (!e->n)
		return NULL;
	if (!e->sorted) {
		qsort(e->v, e->n, sizeof(*e->v), cmp_export);
		e->sorted = true;
	}
	return bsearch(&key, e->v, e->n, sizeof(*e->v), cmp_export);
}

void exports_free(struct exports *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		free(e->v[i].name);
		free(e->v[i].ns);
	}
	free(e->v);
	memset(e, 0, sizeof(*e));
}

/* Module.symvers: "crc<TAB>symbol<TAB>module<TAB>export type<TAB>namespace".
 * Only vmlinux's own exports are there without loading anything.  The
 * CRCs count only when the target has CONFIG_MODVERSIONS (replay.c). */
int target_read_symvers(struct target *t, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[4096];

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *fields[5] = { 0 }, *p = line, *nl;
		int n = 0;

		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		while (n < 5) {
			fields[n++] = p;
			p = strchr(p, '\t');
			if (!p)
				break;
			*p++ = '\0';
		}
		if (n < 4 || strcmp(fields[2], "vmlinux"))
			continue;
		exports_add(&t->exports, fields[1], (uint32_t)strtoul(fields[0], NULL, 16),
			    true, strstr(fields[3], "_GPL") != NULL,
			    n == 5 ? fields[4] : "", -1);
	}
	fclose(f);
	return 0;
}

/* modules.builtin.modinfo ("name.tag=value" strings) or modules.builtin
 * (kernel/.../name.ko lines): the names, and whether one has a version=. */
int target_read_builtin(struct target *t, const char *path, char *err, size_t errlen)
{
	struct modfile f;
	size_t off = 0;
	bool modinfo = strstr(path, ".modinfo") != NULL;

	if (modfile_read(&f, path, err, errlen))
		return -1;
	while (off < f.rawlen) {
		const char *p = (const char *)f.raw + off;
		size_t len = strnlen(p, f.rawlen - off), nl;
		char name[64];
		const char *dot, *slash;
		size_t i;
		bool version;

		if (!modinfo) {
			nl = strcspn(p, "\n");
			len = nl < len ? nl : len;
		}
		if (modinfo) {
			dot = memchr(p, '.', len);
			if (!dot) {
				off += len + 1;
				continue;
			}
			snprintf(name, sizeof(name), "%.*s", (int)(dot - p), p);
			version = len - (dot - p) > 9 && !strncmp(dot, ".version=", 9);
		} else {
			const char *end = p + len;

			slash = memrchr(p, '/', len);
			slash = slash ? slash + 1 : p;
			dot = memchr(slash, '.', end - slash);
			snprintf(name, sizeof(name), "%.*s", (int)((dot ? dot : end) - slash), slash);
			for (i = 0; name[i]; i++)
				if (name[i] == '-')
					name[i] = '_';
			version = false;
		}
		off += len + 1;
		if (!name[0])
			continue;
		for (i = 0; i < t->nbuiltin && strcmp(t->builtin[i], name); i++)
			;
		if (i == t->nbuiltin) {
			char **b = realloc(t->builtin, (i + 1) * sizeof(*b));
			bool *v = realloc(t->builtin_version, (i + 1) * sizeof(*v));

			if (b)
				t->builtin = b;
			if (v)
				t->builtin_version = v;
			if (!b || !v || !(t->builtin[i] = strdup(name))) {
				snprintf(err, errlen, "out of memory");
				modfile_free(&f);
				return -1;
			}
			t->builtin_version[i] = false;
			t->nbuiltin++;
		}
		t->builtin_version[i] |= version;
	}
	modfile_free(&f);
	return 0;
}

static const struct {
	enum kgen gen;
	const char *name;
} kgens[] = {
	{ KGEN_5_10, "5.10" }, { KGEN_6_1, "6.1" }, { KGEN_6_12, "6.12" }, { KGEN_7_2, "7.2" },
};

const char *kgen_name(enum kgen g)
{
	size_t i;

	for (i = 0; i < sizeof(kgens) / sizeof(kgens[0]); i++)
		if (kgens[i].gen == g)
			return kgens[i].name;
	return "?";
}

enum kgen kgen_of_release(const char *release, int *linux_version, bool *exact)
{
	unsigned int major, minor;
	int v = 0, n = 0;
	size_t i;
	enum kgen g = KGEN_5_10;

	if (sscanf(release, "%u.%u%n", &major, &minor, &n) == 2 && n && major < 100 && minor < 100)
		v = (int)(major * 100 + minor);
	*linux_version = v;
	*exact = false;
	for (i = 0; i < sizeof(kgens) / sizeof(kgens[0]); i++) {
		if ((int)kgens[i].gen <= v)
			g = kgens[i].gen;
		if ((int)kgens[i].gen == v)
			*exact = true;
	}
	return g;
}

void target_set_release(struct target *t, const char *release)
{
	t->gen = kgen_of_release(release, &t->linux_version, &t->gen_exact);
}

/* The BTF of the kernel (include/uapi/linux/btf.h): a header, then
 * struct btf_type records, each followed by what its kind adds.  Only
 * the size of the struct named "module" is wanted: what
 * elf_validity_cache_index_mod() (6.4+) compares the module's
 * .gnu.linkonce.this_module with. */
static int btf_struct_size(const uint8_t *b, size_t len, const char *want, uint64_t *size)
{
	uint32_t hdr_len, type_off, type_len, str_off, str_len;
	const uint8_t *types, *strs;
	size_t off = 0;

	if (len < 24 || rd(b, 2) != 0xeB9F)
		return -1;
	hdr_len = (uint32_t)rd(b + 4, 4);
	type_off = (uint32_t)rd(b + 8, 4);
	type_len = (uint32_t)rd(b + 12, 4);
	str_off = (uint32_t)rd(b + 16, 4);
	str_len = (uint32_t)rd(b + 20, 4);
	if ((uint64_t)hdr_len + type_off + type_len > len || (uint64_t)hdr_len + str_off + str_len > len)
		return -1;
	types = b + hdr_len + type_off;
	strs = b + hdr_len + str_off;
	while (off + 12 <= type_len) {
		uint32_t name = (uint32_t)rd(types + off, 4), info = (uint32_t)rd(types + off + 4, 4);
		uint32_t kind = (info >> 24) & 0x1f, vlen = info & 0xffff;
		static const uint8_t per[] = {	/* bytes after btf_type: fixed, or per vlen */
			[1] = 4, [3] = 12, [14] = 4, [17] = 4,
		};
		static const uint8_t pervlen[] = {
			[4] = 12, [5] = 12, [6] = 8, [13] = 8, [15] = 12, [19] = 12,
		};

		if (kind == 4 && name < str_len && !strncmp((const char *)strs + name, want, str_len - name) &&
		    strnlen((const char *)strs + name, str_len - name) == strlen(want)) {
			*size = rd(types + off + 8, 4);
			return 0;
		}
		if (kind > 19)
			return -1;
		off += 12 + (kind < sizeof(per) ? per[kind] : 0) +
		       (size_t)vlen * (kind < sizeof(pervlen) ? pervlen[kind] : 0);
	}
	return -1;
}

int target_read_btf(struct target *t, const char *vmlinux, char *err, size_t errlen)
{
	struct modfile f;
	struct ehdr eh;
	int cls, ret = -1;
	unsigned int i;

	if (modfile_read(&f, vmlinux, err, errlen))
		return -1;
	cls = f.rawlen > EI_CLASS ? f.raw[EI_CLASS] : 0;
	if (f.rawlen < ehdr_size(ELFCLASS64) || memcmp(f.raw, ELFMAG, SELFMAG) ||
	    (cls != ELFCLASS32 && cls != ELFCLASS64)) {
		snprintf(err, errlen, "%s: not an ELF file", vmlinux);
		goto out;
	}
	read_ehdr(f.raw, cls, &eh);
	if (eh.shoff >= f.rawlen || (uint64_t)eh.shnum * shdr_size(cls) > f.rawlen - eh.shoff ||
	    eh.shstrndx >= eh.shnum) {
		snprintf(err, errlen, "%s: bad section headers", vmlinux);
		goto out;
	}
	for (i = 1; i < eh.shnum; i++) {
		struct shdr s, names;

		read_shdr(f.raw + eh.shoff + (uint64_t)i * shdr_size(cls), cls, &s);
		read_shdr(f.raw + eh.shoff + (uint64_t)eh.shstrndx * shdr_size(cls), cls, &names);
		if (names.offset >= f.rawlen || s.name >= f.rawlen - names.offset ||
		    strncmp((const char *)f.raw + names.offset + s.name, ".BTF",
			    f.rawlen - names.offset - s.name) ||
		    s.offset > f.rawlen || s.size > f.rawlen - s.offset)
			continue;
		if (!btf_struct_size(f.raw + s.offset, s.size, "module", &t->struct_module_size))
			ret = 0;
		break;
	}
	if (ret)
		snprintf(err, errlen, "%s: no BTF of struct module", vmlinux);
out:
	modfile_free(&f);
	return ret;
}

int target_set_arch(struct target *t, const char *arch)
{
	if (!strcmp(arch, "x86_64")) {
		t->elf_class = ELFCLASS64;
		t->machine = EM_X86_64;
	} else if (!strcmp(arch, "arm")) {
		t->elf_class = ELFCLASS32;
		t->machine = EM_ARM;
	} else if (!strcmp(arch, "arm64")) {
		t->elf_class = ELFCLASS64;
		t->machine = EM_AARCH64;
	} else {
		return -1;
	}
	return 0;
}

static bool config(char *const *cfg, size_t n, const char *opt)
{
	size_t i, len = strlen(opt);

	for (i = 0; i < n; i++)
		if (!strncmp(cfg[i], opt, len) && !strcmp(cfg[i] + len, "=y"))
			return true;
	return false;
}

/* __LINUX_ARM_ARCH__ as arch/arm/Makefile sets it: the last of its
 * arch-$(CONFIG_CPU_32vN) assignments that is enabled wins. */
static int arm_arch(char *const *cfg, size_t n)
{
	int v = 0;

	if (config(cfg, n, "CONFIG_CPU_32v7M"))
		v = 7;
	if (config(cfg, n, "CONFIG_CPU_32v7"))
		v = 7;
	if (config(cfg, n, "CONFIG_CPU_32v6"))
		v = 6;
	if (config(cfg, n, "CONFIG_CPU_32v6") && config(cfg, n, "CONFIG_CPU_32v6K"))
		v = 6;
	if (config(cfg, n, "CONFIG_CPU_32v5"))
		v = 5;
	if (config(cfg, n, "CONFIG_CPU_32v4T"))
		v = 4;
	if (config(cfg, n, "CONFIG_CPU_32v4"))
		v = 4;
	if (config(cfg, n, "CONFIG_CPU_32v3"))
		v = 3;
	return v;
}

/* VERMAGIC_STRING of include/linux/vermagic.h and the arch's
 * asm/vermagic.h for this configuration. */
static char *compose_vermagic(const char *kdir, const char *release, char *const *cfg,
			      size_t n, int machine)
{
	char buf[1024], path[4096], line[1024], seed[256] = "";
	FILE *f;

	snprintf(buf, sizeof(buf), "%s %s%s%s%s", release,
		 config(cfg, n, "CONFIG_SMP") ? "SMP " : "",
		 config(cfg, n, "CONFIG_PREEMPT_BUILD") ? "preempt " :
		 config(cfg, n, "CONFIG_PREEMPT_RT") ? "preempt_rt " : "",
		 config(cfg, n, "CONFIG_MODULE_UNLOAD") ? "mod_unload " : "",
		 config(cfg, n, "CONFIG_MODVERSIONS") ? "modversions " : "");
	if (machine == EM_ARM) {
		/* arch/arm/include/asm/vermagic.h */
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "ARMv%d %s%s",
			 arm_arch(cfg, n),
			 config(cfg, n, "CONFIG_THUMB2_KERNEL") ? "thumb2 " : "",
			 config(cfg, n, "CONFIG_ARM_PATCH_PHYS_VIRT") ? "p2v8 " : "");
	} else if (machine == EM_AARCH64) {
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "aarch64");
	}
	/* x86_64: MODULE_ARCH_VERMAGIC is "" */
	if (config(cfg, n, "CONFIG_RANDSTRUCT")) {
		/* MODULE_RANDSTRUCT: "RANDSTRUCT_" RANDSTRUCT_HASHED_SEED */
		snprintf(path, sizeof(path), "%s/include/generated/randstruct_hash.h", kdir);
		f = fopen(path, "r");
		if (f) {
			while (fgets(line, sizeof(line), f))
				if (sscanf(line, "#define RANDSTRUCT_HASHED_SEED \"%255[^\"]\"", seed) == 1)
					break;
			fclose(f);
		}
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "RANDSTRUCT_%s", seed);
	}
	return strdup(buf);
}

void target_add_cert(struct target *t, const uint8_t *data, size_t len)
{
	struct certblob *c = realloc(t->certs, (t->ncerts + 1) * sizeof(*t->certs));

	if (!c) {
		perror("kocheck");
		exit(2);
	}
	t->certs = c;
	c[t->ncerts].data = malloc(len ? len : 1);
	if (!c[t->ncerts].data) {
		perror("kocheck");
		exit(2);
	}
	memcpy(c[t->ncerts].data, data, len);
	c[t->ncerts++].len = len;
}

int target_add_cert_file(struct target *t, const char *path, char *err, size_t errlen)
{
	struct modfile f;

	if (modfile_read(&f, path, err, errlen))
		return -1;
	target_add_cert(t, f.raw, f.rawlen);
	modfile_free(&f);
	return 0;
}

/* VERSION and PATCHLEVEL of the tree's Makefile (a Debian headers
 * tree's is "include" of the common package's: followed once). */
static void makefile_version(struct target *t, const char *kdir)
{
	char path[4096], line[4096], inc[4096] = "";
	unsigned int v = 0, p = 0;
	bool hv = false, hp = false;
	FILE *f;
	int depth;

	snprintf(path, sizeof(path), "%s/Makefile", kdir);
	for (depth = 0; depth < 2; depth++) {
		f = fopen(path, "r");
		if (!f)
			return;
		while (fgets(line, sizeof(line), f)) {
			if (sscanf(line, "VERSION = %u", &v) == 1)
				hv = true;
			else if (sscanf(line, "PATCHLEVEL = %u", &p) == 1)
				hp = true;
			else if (!inc[0])
				sscanf(line, "include %4095s", inc);
		}
		fclose(f);
		if (hv && hp) {
			snprintf(line, sizeof(line), "%u.%u", v, p);
			target_set_release(t, line);
			return;
		}
		if (!inc[0])
			return;
		snprintf(path, sizeof(path), "%s", inc);
	}
}

int target_from_kdir(struct target *t, const char *kdir, char *err, size_t errlen)
{
	char path[4096], line[4096], release[256] = "";
	char **cfg = NULL;
	size_t n = 0, cap = 0;
	FILE *f;
	int ret = -1;

	snprintf(path, sizeof(path), "%s/.config", kdir);
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s (is --kdir a configured kernel tree?)", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "CONFIG_", 7))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			cfg = realloc(cfg, cap * sizeof(*cfg));
			if (!cfg) {
				perror("kocheck");
				exit(2);
			}
		}
		cfg[n++] = strdup(line);
	}
	fclose(f);

	if (config(cfg, n, "CONFIG_X86_64"))
		target_set_arch(t, "x86_64");
	else if (config(cfg, n, "CONFIG_ARM64"))
		target_set_arch(t, "arm64");
	else if (config(cfg, n, "CONFIG_ARM"))
		target_set_arch(t, "arm");
	else {
		snprintf(err, errlen, "%s: neither CONFIG_X86_64, CONFIG_ARM nor CONFIG_ARM64", path);
		goto out;
	}
	t->modversions = config(cfg, n, "CONFIG_MODVERSIONS");
	t->module_sig = config(cfg, n, "CONFIG_MODULE_SIG");
	t->sig_force = config(cfg, n, "CONFIG_MODULE_SIG_FORCE");
	t->force_load = config(cfg, n, "CONFIG_MODULE_FORCE_LOAD");
	t->ns_missing_ok = config(cfg, n, "CONFIG_MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS");
	/* CONFIG_MITIGATION_RETPOLINE: its name since 6.9 */
	t->retpoline = config(cfg, n, "CONFIG_RETPOLINE") || config(cfg, n, "CONFIG_MITIGATION_RETPOLINE");
	t->livepatch = config(cfg, n, "CONFIG_LIVEPATCH");
	t->dyndbg = config(cfg, n, "CONFIG_DYNAMIC_DEBUG_CORE");
	t->strict_rwx = config(cfg, n, "CONFIG_STRICT_MODULE_RWX");
	t->module_plts = config(cfg, n, "CONFIG_ARM_MODULE_PLTS") || config(cfg, n, "CONFIG_ARM64_MODULE_PLTS");
	t->thumb2 = config(cfg, n, "CONFIG_THUMB2_KERNEL");
	t->group_relocs = config(cfg, n, "CONFIG_ARM_HAS_GROUP_RELOCS");
	t->constructors = config(cfg, n, "CONFIG_CONSTRUCTORS");
	t->dynamic_ftrace = config(cfg, n, "CONFIG_DYNAMIC_FTRACE");
	if (config(cfg, n, "CONFIG_MODULE_DECOMPRESS"))
		t->decompress = config(cfg, n, "CONFIG_MODULE_COMPRESS_GZIP") ? Z_GZIP :
				config(cfg, n, "CONFIG_MODULE_COMPRESS_XZ") ? Z_XZ :
				/* 6.2+: module_zstd_decompress() */
				config(cfg, n, "CONFIG_MODULE_COMPRESS_ZSTD") ? Z_ZSTD : Z_NONE;

	snprintf(path, sizeof(path), "%s/include/generated/utsrelease.h", kdir);
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "#define UTS_RELEASE \"%255[^\"]\"", release) == 1)
			break;
	fclose(f);
	if (!release[0]) {
		snprintf(err, errlen, "%s: no UTS_RELEASE", path);
		goto out;
	}
	t->vermagic = compose_vermagic(kdir, release, cfg, n, t->machine);
	target_set_release(t, release);
	/* A release that does not say its version: the tree's Makefile's */
	if (!t->linux_version)
		makefile_version(t, kdir);
	/* sizeof(struct module): the BTF of the tree's vmlinux (Debian's
	 * headers ship one for it; a built tree has its own) */
	snprintf(path, sizeof(path), "%s/vmlinux", kdir);
	if (t->linux_version >= 604 && !access(path, R_OK)) {
		char e2[256];

		target_read_btf(t, path, e2, sizeof(e2));
	}

	snprintf(path, sizeof(path), "%s/Module.symvers", kdir);
	if (target_read_symvers(t, path, err, errlen))
		goto out;

	/* The built-in modules: a lab tree's, or the image package's of a
	 * Debian tree (DIR/../root/lib/modules/RELEASE/) */
	snprintf(path, sizeof(path), "%s/modules.builtin.modinfo", kdir);
	if (access(path, R_OK))
		snprintf(path, sizeof(path), "%s/../root/lib/modules/%s/modules.builtin.modinfo", kdir,
			 release);
	/* The lab's Debian trees: TREE/kdir is a link into TREE/root/usr/src,
	 * so TREE is the directory of the name as given; 6.12's and 7.x's
	 * packages have their modules in usr/lib/modules. */
	for (int u = 0; u < 2 && access(path, R_OK); u++) {
		const char *slash = strrchr(kdir, '/');
		int dl = slash ? (int)(slash - kdir) : 1;

		snprintf(path, sizeof(path), "%.*s/root/%slib/modules/%s/modules.builtin.modinfo", dl,
			 slash ? kdir : ".", u ? "usr/" : "", release);
	}
	if (!access(path, R_OK) && target_read_builtin(t, path, err, errlen))
		goto out;

	/* The certificate a lab kernel built with its own signing key trusts. */
	snprintf(path, sizeof(path), "%s/certs/signing_key.x509", kdir);
	if (t->module_sig && !access(path, R_OK) && target_add_cert_file(t, path, err, errlen))
		goto out;
	ret = 0;
out:
	while (n)
		free(cfg[--n]);
	free(cfg);
	return ret;
}

void target_free(struct target *t)
{
	size_t i;

	free(t->vermagic);
	exports_free(&t->exports);
	for (i = 0; i < t->ncerts; i++)
		free(t->certs[i].data);
	free(t->certs);
	for (i = 0; i < t->nbuiltin; i++)
		free(t->builtin[i]);
	free(t->builtin);
	free(t->builtin_version);
}
