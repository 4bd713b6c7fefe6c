/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kocheck: predict what Linux 6.1's load_module() does with a .ko.
 */
#ifndef KOCHECK_H
#define KOCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A module file: its bytes, and, when it is compressed (.xz, .gz, .zst,
 * .bz2, .lzma), its unpacked contents. */
enum zformat { Z_NONE, Z_GZIP, Z_XZ, Z_ZSTD, Z_BZIP2, Z_LZMA, Z_COMPRESS };

struct modfile {
	const char *path;
	const uint8_t *raw;	/* the file's bytes */
	size_t rawlen;
	enum zformat format;	/* of the file: Z_NONE when not compressed */
	const uint8_t *data;	/* the module: unpacked, or the file's bytes */
	size_t len;
	char *unpack_err;	/* compressed, but it does not unpack: why */
	int kclass;		/* the ELF class a kernel reads it with (it never
				 * looks at e_ident[EI_CLASS]); 0: the file's */
};

/* Read a file; -1 (ERR says why) only when it cannot be read. */
int modfile_read(struct modfile *m, const char *path, char *err, size_t errlen);
/* The same, and a compressed file must unpack. */
int modfile_read_module(struct modfile *m, const char *path, char *err, size_t errlen);
void modfile_free(struct modfile *m);
/* 7.2's extended modversions of a module: EACH(crc, name) per entry;
 * the count, 0 without them, -1 for a file that is not ELF. */
int module_ext_versions(const struct modfile *m, void (*each)(uint32_t crc, const char *name,
							       void *arg), void *arg);

/* decompress.c */
enum zformat zformat_of(const uint8_t *data, size_t len, const char *path);
const char *zformat_name(enum zformat f);
/* Unpack DATA of format F into a malloc'ed *OUT; 0 or -1 (ERR says why);
 * at most zunpack_max bytes out. */
extern size_t zunpack_max;
int zunpack(enum zformat f, const uint8_t *data, size_t len, uint8_t **out, size_t *outlen,
	    char *err, size_t errlen);

/* An exported symbol: from Module.symvers (vmlinux) or a loaded module. */
struct export {
	char *name;
	uint32_t crc;
	bool has_crc;
	bool gpl_only;
	char *ns;		/* "" when not in a namespace */
	int owner;		/* -1: vmlinux; else an index into kstate.mods */
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

/* A trusted certificate (PEM or DER), in memory. */
struct certblob {
	uint8_t *data;
	size_t len;
};

/* The generations of the module loader kocheck replays: Linux 5.10,
 * 6.1, 6.12 and 7.2, each checked against that release's source.  The
 * value is VERSION * 100 + PATCHLEVEL, so that "6.12 or later" is a
 * comparison. */
enum kgen { KGEN_5_10 = 510, KGEN_6_1 = 601, KGEN_6_12 = 612, KGEN_7_2 = 702 };

/* The generation replayed for RELEASE ("6.12.117+deb13-amd64"): its
 * VERSION.PATCHLEVEL when it is one of the four, else the newest older
 * one (the first that is older, or 5.10), with *EXACT false: the
 * loader of that release is not modelled.  *LINUX gets VERSION * 100 +
 * PATCHLEVEL (0 when RELEASE does not start with N.N). */
enum kgen kgen_of_release(const char *release, int *linux_version, bool *exact);
const char *kgen_name(enum kgen g);	/* "6.12" */

/* The kernel a module is checked against. */
struct target {
	enum kgen gen;		/* whose loader is replayed */
	int linux_version;	/* VERSION * 100 + PATCHLEVEL of the release */
	bool gen_exact;		/* the release is of that generation */
	uint64_t struct_module_size;	/* sizeof(struct module) (6.4+ checks it); 0: unknown */
	int elf_class;		/* ELFCLASS32 / ELFCLASS64 */
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
	enum zformat decompress;	/* CONFIG_MODULE_DECOMPRESS: Z_GZIP or Z_XZ; Z_NONE: off */
	bool strict_rwx;	/* CONFIG_STRICT_MODULE_RWX */
	bool module_plts;	/* CONFIG_ARM_MODULE_PLTS / CONFIG_ARM64_MODULE_PLTS */
	bool thumb2;		/* CONFIG_THUMB2_KERNEL */
	bool group_relocs;	/* CONFIG_ARM_HAS_GROUP_RELOCS */
	bool constructors;	/* CONFIG_CONSTRUCTORS */
	bool dynamic_ftrace;	/* CONFIG_DYNAMIC_FTRACE */
	char **builtin;		/* built-in modules (modules.builtin.modinfo) */
	bool *builtin_version;	/* ... with a version=: /sys/module/NAME exists */
	size_t nbuiltin;
	const char *comm;	/* current->comm of the loading process */
	const char *blacklist;	/* module_blacklist= */
	struct exports exports;
	struct certblob *certs;	/* trusted signing certificates */
	size_t ncerts;
};

int target_from_kdir(struct target *t, const char *kdir, char *err, size_t errlen);
int target_read_symvers(struct target *t, const char *path, char *err, size_t errlen);
int target_set_arch(struct target *t, const char *arch);
/* The generation of RELEASE (kgen_of_release()). */
void target_set_release(struct target *t, const char *release);
/* sizeof(struct module) from the BTF of a vmlinux (the kernel's .BTF
 * section): 0 and t->struct_module_size set, or -1 (ERR says why). */
int target_read_btf(struct target *t, const char *vmlinux, char *err, size_t errlen);
/* The built-in modules: modules.builtin.modinfo or modules.builtin. */
int target_read_builtin(struct target *t, const char *path, char *err, size_t errlen);
/* A certificate from a file, or from memory (a copy is kept). */
int target_add_cert_file(struct target *t, const char *path, char *err, size_t errlen);
void target_add_cert(struct target *t, const uint8_t *data, size_t len);
void target_free(struct target *t);

/* Taint bits of include/linux/panic.h and their letters (kernel/panic.c
 * taint_flags[], the order /proc/modules and /sys/module/X/taint use). */
enum {
	TAINT_PROPRIETARY_MODULE = 0, TAINT_FORCED_MODULE = 1, TAINT_USER = 6,
	TAINT_CRAP = 10, TAINT_OOT_MODULE = 12, TAINT_UNSIGNED_MODULE = 13,
	TAINT_LIVEPATCH = 15, TAINT_TEST = 18, TAINT_FLAGS_COUNT = 19,
};
#define TAINT_LETTERS "PFSRMBUDAWCIOELKXTN"
#define TBIT(t) (1u << (t))

/* A live module of the boot (struct module, MODULE_STATE_LIVE). */
struct live_module {
	char *name;
	char *path;		/* absolute host path of its file */
	uint32_t taints;	/* mod->taints */
	char **uses;		/* the modules it uses (ref_module(): their source_list) */
	size_t nuses;
	uint64_t percpu_size;	/* its .data..percpu (the 8 KiB reserve) */
};

/* What a boot has done so far: the kernel's taint mask, the messages it
 * prints once per boot, the live modules and their exports. */
struct kstate {
	uint32_t taints;	/* tainted_mask */
	bool signote;		/* pr_notice_once() "module verification failed" done */
	bool livepatch;		/* pr_notice_once() "tainting kernel with TAINT_LIVEPATCH" done */
	bool lockdep;		/* __debug_locks_off() done: debug_locks == 0 */
	bool extver;		/* 7.2 check_version()'s pr_warn_once() "no extended
				 * symbol version" done */
	char *held;		/* a line printed without a newline: not in the
				 * log until the kernel logs its next line */
	struct live_module *mods;
	size_t nmods;
	struct exports exports;	/* of the live modules; owner: index into mods */
};

void kstate_free(struct kstate *s);
int kstate_copy(struct kstate *dst, const struct kstate *src);
/* Read a state saved by kstate_save() (its modules' files are read
 * again for their exports). */
int kstate_load(struct kstate *s, const struct target *t, const char *path, char *err,
		size_t errlen);
int kstate_save(const struct kstate *s, const char *path, char *err, size_t errlen);
void kstate_json(const struct kstate *s, FILE *f);
/* Add a live module (its exports from its file M).  TAINTS < 0: derive
 * the module's taints from its file as a first load would set them, and
 * add them to the kernel's (the --loaded shorthand). */
int kstate_add(struct kstate *s, const struct target *t, const struct modfile *m,
	       const char *name, long taints, char **uses, size_t nuses,
	       char *err, size_t errlen);
/* delete_module(2) (kernel/module/main.c) with busybox rmmod's flags
 * (O_NONBLOCK | O_EXCL): 0, -ENOSYS (no CONFIG_MODULE_UNLOAD), -ENOENT,
 * -EWOULDBLOCK (used by a live module), -EBUSY (init without exit) */
int kstate_unload(struct kstate *s, const struct target *t, const char *name);
int kstate_find(const struct kstate *s, const char *name);
/* --taints keywords; 0 or -1 */
int kstate_taint_keywords(struct kstate *s, const char *list);
void taints_string(uint32_t mask, char *buf);	/* letters, buf >= TAINT_FLAGS_COUNT + 1 */

/* A load logs as many lines as it has causes (an Unknown symbol line per
 * missing symbol): the lines grow as needed.  Notes and unevaluated
 * items are kocheck's own, a few per check. */
#define KOCHECK_MAX_NOTES 32

enum verdict_kind { V_LOADS, V_REFUSED, V_UNKNOWN };

struct verdict {
	enum verdict_kind kind;
	int err;		/* negative errno when refused */
	const char *refused_by;	/* the kernel function whose check refused */
	char **lines;		/* the kernel's lines, in order (say()) */
	size_t nlines, lines_cap;
	bool truncated;		/* a line was lost: out of memory */
	bool open_last;		/* the last line was printed without a newline */
	char *held;		/* that line, which the log holds back (verdict_log()) */
	char *notes[KOCHECK_MAX_NOTES];	/* remarks (not kernel lines) */
	size_t nnotes;
	char *uneval[KOCHECK_MAX_NOTES];	/* what kocheck did not evaluate */
	size_t nuneval;
};

/* --setter-returns NAME=N */
struct setter_ret {
	const char *name;
	int ret;
};

struct load_request {
	const struct modfile *file;	/* the module's file (its path goes into the state) */
	const uint8_t *buf;	/* the bytes the system call gets: the file's, */
	size_t len;		/* or what the tool unpacked from it */
	int flags;		/* finit_module flags (MODULE_INIT_*) */
	bool init_module;	/* init_module(2): a copy in memory */
	const char **params;	/* "name=value" */
	size_t nparams;
	const char *args;	/* the argument string itself (else params joined with spaces) */
	bool init_known;	/* --init-returns given */
	int init_ret;
	const struct setter_ret *setters;
	size_t nsetters;
};

#define KO_IGNORE_MODVERSIONS 1	/* MODULE_INIT_IGNORE_MODVERSIONS */
#define KO_IGNORE_VERMAGIC 2	/* MODULE_INIT_IGNORE_VERMAGIC */
#define KO_COMPRESSED_FILE 4	/* MODULE_INIT_COMPRESSED_FILE */

/* One system call: finit_module(2) (req->init_module false) or
 * init_module(2).  A module that loads is added to S; taints and
 * once-flags stay in S whatever the outcome. */
void replay_load(const struct target *t, struct kstate *s, const struct load_request *req,
		 struct verdict *v);
void verdict_free(struct verdict *v);
/* Append the lines, notes and unevaluated items of FROM to TO (moved). */
void verdict_append(struct verdict *to, struct verdict *from);
/* What the log shows of a verdict's lines, on the boot of state S:
 * a line held back by an earlier step comes first, and a last line
 * printed without a newline is held back in S.  CODE_RAN: the module's
 * own init or exit ran, which may have logged a line itself. */
void verdict_log(struct verdict *v, struct kstate *s, bool code_ran);

/* tools.c: how the module gets to the kernel. */
enum load_how { H_KMOD, H_INSMOD, H_MODPROBE, H_FINIT, H_INIT };

struct load_opts {
	const struct target *t;
	enum load_how how;
	int flags;		/* MODULE_INIT_* for H_KMOD and H_FINIT */
	const char **params;
	size_t nparams;
	bool init_known;
	int init_ret;
	const struct setter_ret *setters;
	size_t nsetters;
};

/* One module as O->how loads it (H_MODPROBE: as busybox insmod).  1:
 * kocheck cannot model it (ERR says why). */
int tool_load(const struct load_opts *o, struct kstate *s, const struct modfile *m,
	      struct verdict *v, char *err, size_t errlen);
/* busybox 1.35 modprobe of FILES[0] with FILES[1..] its dependencies:
 * EACH is called for every module it loads or skips, in its order.
 * -1: kocheck cannot model it (ERR says why). */
int tool_modprobe(const struct load_opts *o, struct kstate *s, const struct modfile *files,
		  size_t n, void (*each)(const struct modfile *m, const struct verdict *v,
					 const struct kstate *s, void *arg),
		  void *arg, char *err, size_t errlen);

/* module_exports(): an already loaded module's exports (__ksymtab*,
 * __kcrctab*, namespaces) go into E with owner index OWNER.  -1: not a
 * module. */
int module_exports(const struct modfile *m, struct exports *e, int owner);
/* The name a module gets (.modinfo name=, else struct module's), and the
 * taints a first load sets on it (license, intree, staging, test,
 * livepatch; unsigned when the target has CONFIG_MODULE_SIG and the file
 * carries no signature).  -1: not a module. */
int module_static_info(const struct modfile *m, const struct target *t, char *name,
		       size_t namelen, uint32_t *taints);
/* Call CB for each undefined symbol of a module's symbol table. */
int module_undefs(const struct modfile *m, void (*cb)(const char *name, void *arg), void *arg);
/* Whether the symbol table defines NAME */
bool module_defines(const struct modfile *m, const char *name);
/* The size of the SHF_ALLOC section NAME, or 0 */
uint64_t module_section_size(const struct modfile *m, const char *name);
/* 1: loaded, the module is "[permanent]" (init, no exit); 0 not; -1 bad file */
int module_permanent(const struct modfile *m);
/* The first value of KEY in a module's .modinfo (in M's data), or NULL. */
const char *module_modinfo(const struct modfile *m, const char *key);
/* The depends= of .modinfo, comma-separated, or "" */
const char *module_depends(const struct modfile *m, char *buf, size_t len);
bool license_is_gpl_compatible(const char *license);

/* Signature verification (module_sig_check()'s mod_verify_sig()). */
int sig_verify(const uint8_t *data, size_t len, const uint8_t *sig, size_t siglen,
	       const struct certblob *certs, size_t ncerts, const char **why);

/* inspect: output identical to kmod's modinfo / modprobe --dump-modversions. */
int inspect_modinfo(const char *path);
int inspect_modversions(const char *path);

/* errors.c: the names and texts of errno values, busybox's moderror(),
 * and the docs page for each refusing kernel function. */
const char *errno_name(int err);
const char *bb_moderror(int err);
const char *doc_for(const char *refused_by);

/* A kernel line as util-linux dmesg shows it: each byte that is neither
 * isprint() nor isspace() in the C locale as \xNN.  Malloc'ed. */
char *dmesg_escape(const char *line);

/* explain.c: every line the model prints (its format as lib/ prints
 * it), the Linux 6.1 function and file that print it, the check it
 * belongs to (a verdict's refused_by), what it means, its usual causes
 * and fixes, and the page of docs/. */
enum kmsg_outcome {
	KM_REFUSES,		/* the load fails */
	KM_GOES_ON,		/* a warning or a taint: the load goes on */
	KM_DEPENDS,		/* refuses or not, by the kernel's configuration */
};

struct kmsg {
	const char *fmt;	/* printf conversions; a value may be written out */
	const char *fields;	/* a name per conversion, comma-separated */
	const char *func;	/* the kernel function that prints it */
	const char *file;	/* its file in Linux 6.1 */
	const char *check;	/* the check: a verdict's refused_by */
	enum kmsg_outcome outcome;
	int err;		/* the refusal's errno (positive); 0: none or varies */
	const char *meaning, *causes, *fix;
	const char *doc;	/* NULL: doc_for(check) */
	const char *example;	/* a line it matches (the table's self-test) */
	const char *gens;	/* the generations that print it ("6.12 7.2");
				 * NULL: all four (kmsg_gens() reads it so) */
};

#define KMSG_MAX_VALUES 8

struct kmsg_match {
	const struct kmsg *k;
	bool prefix_cut;	/* matched without its leading "MODNAME: " */
	char *values[KMSG_MAX_VALUES];	/* one per conversion ("" when cut) */
	size_t nvalues;
	char *line;		/* the kernel's line: \xNN decoded, prefixes cut */
};

const struct kmsg *kmsg_table(size_t *n);
/* LINE as dmesg, journalctl or kocheck show it (a timestamp, \xNN
 * escapes or raw bytes, with or without "MODNAME: "): 0 and M filled,
 * or -1 when no entry matches. */
int kmsg_explain(const char *line, struct kmsg_match *m);
void kmsg_match_free(struct kmsg_match *m);
const char *kmsg_doc(const struct kmsg *k);
/* The generations whose loader prints K's line: "5.10 6.1 6.12 7.2"
 * or some of them. */
const char *kmsg_gens(const struct kmsg *k);
const char *kmsg_outcome_name(enum kmsg_outcome o);
/* The line of a refused verdict that shows the refusal, or NULL. */
const char *verdict_refusal_line(const struct verdict *v);
/* Field names per conversion, each example matched by its own entry:
 * the number of faults, each written to F. */
int kmsg_selftest(FILE *f);

/* json.c */
enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };
struct jval {
	enum jtype t;
	bool b;
	double num;
	char *str;
	struct jval *items;	/* of an array or object */
	char **keys;		/* of an object */
	size_t n;
};

struct jval *json_parse(const char *text, size_t len, char *err, size_t errlen);
const struct jval *json_get(const struct jval *obj, const char *key);
void json_free(struct jval *v);
void json_string(FILE *f, const char *s);

#endif
