/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of the model share: struct info (the kernel's struct
 * load_info and the struct module being formed) and the steps of
 * load_module(), each in the file named after the kernel's.
 */
#ifndef KOCHECK_INTERNAL_H
#define KOCHECK_INTERNAL_H

#include "elfread.h"
#include "kocheck.h"

/* include/linux/elf.h of the kernel, not in <elf.h> */
#define SHN_LIVEPATCH 0xff20
#define SHF_RELA_LIVEPATCH 0x00100000
/* arch/arm/include/asm/elf.h's name of <elf.h>'s R_ARM_THM_PC22 */
#define R_ARM_THM_CALL R_ARM_THM_PC22
/* arch/arm64/include/asm/elf.h: the withdrawn R_AARCH64_NONE (256) that
 * the kernel takes besides R_ARM_NONE (0, <elf.h>'s R_AARCH64_NONE) */
#define R_AARCH64_NONE_OLD 256
#define MODVERSION_SIZE 64
#define MODULE_SIG_STRING "~Module signature appended~\n"

/* What the kernel keeps in struct load_info (and the temporary struct
 * module inside the file) while it checks. */
struct info {
	const struct target *t;
	const uint8_t *hdr;
	size_t len;
	int cls;
	struct ehdr eh;
	const uint8_t *secstrings;
	uint64_t secstrings_size;
	unsigned int index_info, index_vers, index_sym, index_str, index_mod;
	unsigned int index_vers_ext_crc, index_vers_ext_name;	/* 7.2 */
	unsigned int index_pcpu;	/* .data..percpu (find_pcpusec()) */
	/* the sections module_frob_arch_sections() made SHT_NOBITS with
	 * SHF_EXECINSTR | SHF_ALLOC (arm's, arm64's .plt, .init.plt and
	 * arm64's ftrace trampolines); 0: none */
	unsigned int frobbed[4];
	char name[64];		/* info->name: .modinfo name=, else mod->name */
	char modname[64];	/* mod->name: the name in .gnu.linkonce.this_module */
	bool sig_ok;
	uint32_t mod_taints;	/* mod->taints */
	bool using_gplonly;	/* mod->using_gplonly_symbols */
	bool unknown;		/* something not evaluated decides the outcome */
	char **uses;		/* ref_module(): the live modules it uses */
	size_t nuses;
	struct verdict *v;
	struct kstate *s;
};


/* report.c */
void say(struct info *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A line the kernel prints without a newline (pr_err("...") ): printk
 * stores it as a record that can still be continued, and readers of the
 * log (dmesg, /dev/kmsg, the console) see it only once the next line is
 * logged (printk_ringbuffer's finalization, 5.10 and later). */
void say_open(struct info *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void note(struct info *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void uneval(struct info *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int refuse(struct info *in, const char *func, int err);

/* loadinfo.c */
void shdr(const struct info *in, unsigned int i, struct shdr *s);
bool in_file(const struct info *in, const struct shdr *s);
const char *str_in(const uint8_t *base, uint64_t size, uint64_t off);
unsigned int find_sec(const struct info *in, const char *name);
const char *next_modinfo(const struct info *in, const char *tag, const char *prev);
const char *get_modinfo(const struct info *in, const char *tag);
int setup_load_info(struct info *in, int flags);
bool blacklisted(const char *list, const char *name);
int check_modinfo(struct info *in, int flags);
int check_module_license_and_versions(struct info *in);
void module_augment_kernel_taints(struct info *in);
void module_sig_taint(struct info *in);

/* taint.c */
void add_taint(struct info *in, int flag, bool now_unreliable);
void add_taint_module(struct info *in, int flag, bool now_unreliable);
bool test_taint(const struct info *in, int flag);
int try_to_force_load(struct info *in, const char *reason);

/* signing.c */
int module_sig_check(struct info *in, int flags);

/* elf.c */
int elf_validity_check(struct info *in);
int elf_validity_cache_copy(struct info *in, int flags);
int elf_validity_cache_index_versions(struct info *in, int flags);
void read_this_module_name(struct info *in);

/* version.c */
bool check_version(struct info *in, const char *symname, const uint32_t *crc);
bool check_modstruct_version(struct info *in, struct exports *kernel);
bool same_magic(const char *a, const char *b, bool has_crcs);

/* symbols.c */
int simplify_symbols(struct info *in, struct exports *kernel);
int verify_exported_symbols(struct info *in, struct exports *kernel);
int setup_modinfo_import_ns(struct info *in);

/* params.c */
int parse_args(struct info *in, const struct load_request *req);

/* decompress.c */
int module_decompress(struct info *in, const uint8_t *buf, size_t size, uint8_t **out);

/* layout.c */
int layout_and_allocate(struct info *in, int flags);
uint64_t module_percpu_size(const struct info *in, uint64_t *align);
int percpu_modalloc(struct info *in);
int find_module_sections(struct info *in);
int module_finalize(struct info *in);

/* relocate.c */
int apply_relocations(struct info *in, struct exports *kernel);

/* sysfs.c */
int mod_sysfs_setup(struct info *in);

#endif
