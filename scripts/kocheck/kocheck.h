/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kocheck: predict what Linux 6.1's load_module() does with a .ko.
 */
#ifndef KOCHECK_H
#define KOCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A module file as the kernel receives it: a buffer and its length. */
struct modfile {
	const char *path;
	const uint8_t *data;
	size_t len;
};

int modfile_read(struct modfile *m, const char *path, char *err, size_t errlen);
void modfile_free(struct modfile *m);

/* An exported symbol: from Module.symvers (vmlinux) or a loaded module. */
struct export {
	char *name;
	uint32_t crc;
	bool has_crc;
	bool gpl_only;
	char *ns;		/* "" when not in a namespace */
	int owner;		/* -1: vmlinux; else an index into struct loaded_set */
};

struct exports {
	struct export *v;
	size_t n, cap;
	bool sorted;
};

void exports_add(struct exports *e, const char *name, uint32_t crc, bool has_crc,
		 bool gpl_only, const char *ns, int owner);
const struct export *exports_find(struct exports *e, const char *name);
void exports_free(struct exports *e);

/* The kernel a module is checked against. */
struct target {
	int elf_class;		/* 1: 32-bit, 2: 64-bit */
	int machine;		/* EM_X86_64, EM_ARM, EM_AARCH64 */
	char *vermagic;
	bool modversions;
	bool module_sig;
	bool sig_force;
	bool force_load;
	bool ns_missing_ok;	/* CONFIG_MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS */
	bool retpoline;		/* CONFIG_RETPOLINE with spectre_v2 mitigation on */
	bool livepatch;		/* CONFIG_LIVEPATCH */
	bool dyndbg;		/* CONFIG_DYNAMIC_DEBUG_CORE */
	bool lockdown;		/* lockdown=integrity or stronger (LSM) */
	const char *comm;	/* current->comm of the loading process */
	const char *blacklist;	/* module_blacklist= */
	struct exports exports;
	char **certs;		/* trusted signing certificates (PEM or DER) */
	size_t ncerts;
};

int target_from_kdir(struct target *t, const char *kdir, char *err, size_t errlen);
int target_read_symvers(struct target *t, const char *path, char *err, size_t errlen);
int target_set_arch(struct target *t, const char *arch);
void target_free(struct target *t);

/* Taint messages the kernel prints only once per boot. */
struct taints {
	bool oot, prop, forced, signote, lockdep, test, livepatch;
};

/* Modules that are already loaded (live): their names and whether they
 * carry TAINT_PROPRIETARY_MODULE (inherit_taint() looks at it). */
struct loaded_mod {
	char *name;
	bool proprietary;
};

struct loaded_set {
	struct loaded_mod *v;
	size_t n;
};

#define KOCHECK_MAX_LINES 256

struct verdict {
	bool loads;
	int err;		/* negative errno when refused */
	char *lines[KOCHECK_MAX_LINES];
	size_t nlines;
	bool truncated;
	char *notes[16];	/* what kocheck could not decide (not kernel lines) */
	size_t nnotes;
};

struct load_request {
	const struct modfile *mod;
	int flags;		/* MODULE_INIT_IGNORE_* (finit_module) */
	bool init_module;	/* init_module(2): a copy in memory */
	const char **params;	/* "name=value" */
	size_t nparams;
	const struct loaded_set *loaded;
};

#define KO_IGNORE_MODVERSIONS 1
#define KO_IGNORE_VERMAGIC 2

void replay_load(const struct target *t, struct exports *loaded_exports,
		 const struct load_request *req, struct taints *taints,
		 struct verdict *v);
void verdict_free(struct verdict *v);

/* An already loaded module: its exports (__ksymtab*, __kcrctab*,
 * namespaces) go into E with owner index OWNER; its name and taint into
 * LM.  E holds the exports of the modules loaded before it (PREV), to
 * find out whether it inherited a proprietary taint.  -1: not a module. */
int module_exports(const struct modfile *m, struct exports *e, int owner,
		   struct loaded_mod *lm, const struct loaded_set *prev);
void loaded_set_free(struct loaded_set *s);
bool license_is_gpl_compatible(const char *license);

/* Signature verification (module_sig_check()'s mod_verify_sig()). */
int sig_verify(const uint8_t *data, size_t len, const uint8_t *sig, size_t siglen,
	       char **certs, size_t ncerts);

/* inspect: output identical to kmod's modinfo / modprobe --dump-modversions. */
int inspect_modinfo(const char *path);
int inspect_modversions(const char *path);

const char *errno_name(int err);

#endif
