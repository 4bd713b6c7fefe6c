// SPDX-License-Identifier: GPL-2.0
/*
 * kocheck - will this module load on that kernel, and if not, why?
 *
 *   kocheck check [TARGET] [STATE] [HOW] [MODULE OPTIONS] [OUTPUT] MODULE...
 *   kocheck unload [TARGET] [STATE] [OUTPUT] NAME...
 *   kocheck inspect [--modinfo|--modversions] MODULE...
 *
 * check replays what Linux 6.1 does from the system call to
 * do_init_module() on the host, and prints the verdict, the errno and the
 * exact lines the kernel would log; the boot's state (taints, messages
 * printed once, live modules) can be read from and saved to a file.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kocheck.h"

static const char usage[] =
"usage: kocheck check [TARGET] [STATE] [HOW] [MODULE OPTIONS] [OUTPUT] MODULE...\n"
"       kocheck unload [TARGET] [STATE] [OUTPUT] NAME...\n"
"       kocheck inspect [--modinfo|--modversions] MODULE...\n"
"       kocheck fit [--kdir TREE]... [STATE] [HOW] [MODULE OPTIONS] [--json] MODULE\n"
"       kocheck explain [--json|--brief] LINE...|-\n"
"A MODULE may be compressed (.ko.xz, .ko.gz, .ko.zst, .ko.bz2, .ko.lzma).\n"
"\n"
"TARGET: --kdir DIR (a configured kernel tree: .config, Module.symvers,\n"
"        include/generated/utsrelease.h), or --vermagic STRING\n"
"        The release (UTS_RELEASE, else the Makefile's VERSION.PATCHLEVEL;\n"
"        with --vermagic its first word) picks the loader replayed: Linux\n"
"        5.10, 6.1, 6.12 or 7.2; another version is replayed as the one\n"
"        before it and the verdict is unknown.  6.4+ compare\n"
"        .gnu.linkonce.this_module with sizeof(struct module): from the\n"
"        BTF of DIR/vmlinux, or --struct-module-size N|PROBE.ko (PROBE.ko: a\n"
"        module built against the target's headers, e.g. an empty one: its\n"
"        .gnu.linkonce.this_module is sizeof(struct module) of that config;\n"
"        its vermagic must be the target's); unknown without.\n"
"        [--symvers FILE] [--arch x86_64|arm|arm64 (default: the module's)];\n"
"        then, to override (on|off; --opt=on or --opt on):\n"
"        --modversions  --sig (CONFIG_MODULE_SIG; alias --module-sig)\n"
"        --sig-enforce (module.sig_enforce)  --force-load (MODULE_FORCE_LOAD)\n"
"        --retpoline (x86 spectre_v2 module check)  --livepatch  --dyndbg\n"
"        --lockdown (lockdown=integrity)  --ns-missing-ok\n"
"        --module-decompress none|gzip|xz|zstd (CONFIG_MODULE_DECOMPRESS and the\n"
"            CONFIG_MODULE_COMPRESS_* it unpacks; default from .config: none)\n"
"        --strict-rwx (CONFIG_STRICT_MODULE_RWX)  --module-plts (CONFIG_ARM_\n"
"            MODULE_PLTS, CONFIG_ARM64_MODULE_PLTS)  --thumb2 (CONFIG_THUMB2_\n"
"            KERNEL)  --group-relocs (CONFIG_ARM_HAS_GROUP_RELOCS)\n"
"            --constructors (CONFIG_CONSTRUCTORS)  --dynamic-ftrace\n"
"            (CONFIG_DYNAMIC_FTRACE: arm64's .text.ftrace_trampoline); with\n"
"            --vermagic the defaults are on, on, off, on, off, on\n"
"        --builtin FILE (modules.builtin.modinfo or modules.builtin: the\n"
"            built-in modules; --kdir reads DIR's, or the image package's)\n"
"        --cert FILE (a trusted signing certificate, PEM or DER; repeatable)\n"
"        --blacklist LIST (module_blacklist=)  --comm NAME (the loading\n"
"            process in Lockdown: lines; default insmod for --kmod and\n"
"            --insmod, modprobe for --modprobe, kmload for --finit-module and\n"
"            --init-module)\n"
"\n"
"STATE:  the boot so far; without these, a freshly booted kernel (nothing\n"
"        loaded, not tainted, nothing printed yet).\n"
"        --state FILE       the state a previous run saved\n"
"        --save-state FILE  write the state after this run (FILE may be the\n"
"                           --state file): the state after the last MODULE\n"
"        --loaded KO        add a live module (repeatable, in load order): its\n"
"                           exports, CRCs, namespaces; the taints its first\n"
"                           load set (P by license, O without intree, C\n"
"                           staging, N test, K livepatch, E unsigned with\n"
"                           CONFIG_MODULE_SIG) go to it and to the kernel,\n"
"                           with the once-flags they imply (P/F: lockdep,\n"
"                           E: signote, K: livepatch)\n"
"        --taints LIST      kernel lines this boot has already printed, so\n"
"                           the kernel prints them no more; comma-separated,\n"
"                           repeatable: the flags add up (union), NAME=0\n"
"                           adds nothing.  Each stands for one line:\n"
"           oot       \"X: loading out-of-tree module taints kernel.\"\n"
"                     (check_modinfo(); taint O)\n"
"           prop      \"X: module license 'L' taints kernel.\" (set_license())\n"
"                     and \"X: module license taints kernel.\"\n"
"                     (check_module_license_and_versions()); taint P\n"
"           forced    \"X: R: kernel tainted.\" (try_to_force_load(); taint F)\n"
"           signote   \"X: module verification failed: signature and/or\n"
"                     required key missing - tainting kernel\" (load_module()'s\n"
"                     pr_notice_once(); taint E)\n"
"           lockdep   \"Disabling lock debugging due to kernel taint\"\n"
"                     (add_taint(): __debug_locks_off() already done)\n"
"           test      \"X: loading test module taints kernel.\" (taint N)\n"
"           livepatch \"X: tainting kernel with TAINT_LIVEPATCH\"\n"
"                     (check_modinfo_livepatch()'s pr_notice_once(); taint K)\n"
"           extver    \"X: no extended symbol version for S\" (7.2's\n"
"                     check_version() pr_warn_once(); no taint)\n"
"\n"
"HOW (one of; default --kmod):\n"
"        --kmod             as kmod's insmod: finit_module(2) of the file with\n"
"                           the --ignore-* flags; a compressed file unpacked and\n"
"                           given to init_module(2)\n"
"        --insmod           as busybox 1.35 insmod (bb_init_module()):\n"
"                           finit_module(fd, params, 0); if that fails,\n"
"                           init_module(2) with the file's contents, unpacked by\n"
"                           busybox when gzip, bzip2, xz (by magic) or lzma (by\n"
"                           the .lzma name); zstd is passed as it is (busybox's\n"
"                           compress(1) .Z is not read by kocheck: an error)\n"
"        --modprobe         as busybox 1.35 modprobe: the first MODULE is the\n"
"                           one asked for (it gets the --param values), the\n"
"                           others its dependencies in any order; loaded\n"
"                           dependencies first (by each one's depends=), the\n"
"                           ones the state has skipped, each as --insmod;\n"
"                           EEXIST counts as loaded; it stops at the first\n"
"                           failure\n"
"        --finit-module     one finit_module(2) of the file's bytes, with\n"
"                           --ignore-vermagic --ignore-modversions\n"
"                           (MODULE_INIT_IGNORE_*) --compressed-file\n"
"                           (MODULE_INIT_COMPRESSED_FILE: the kernel unpacks\n"
"                           gzip or xz, per --module-decompress; -EOPNOTSUPP\n"
"                           without CONFIG_MODULE_DECOMPRESS)\n"
"        --init-module      one init_module(2) with the file's bytes as given\n"
"        --sequence         the MODULEs are loaded one after the other, each\n"
"                           seeing the state the ones before it left; without\n"
"                           it each MODULE is checked on its own from the same\n"
"                           state (and --save-state saves the last one's)\n"
"\n"
"MODULE OPTIONS:\n"
"        --param NAME=VALUE one argument of the tool, repeatable; the tool joins\n"
"                           them into the string parse_args() splits with\n"
"                           next_arg() (busybox: 'arg ' each, modprobe\n"
"                           quoting values with spaces; kmod, kmload: joined\n"
"                           with spaces)\n"
"        --init-returns N   what the module's init function returns (default:\n"
"                           not evaluated: assumed 0 and listed as unevaluated)\n"
"        --setter-returns NAME=N  what the set function of parameter NAME\n"
"                           returns when kocheck cannot run it (a module's own\n"
"                           kernel_param_ops, or an array of such elements);\n"
"                           without it such a parameter makes the verdict\n"
"                           unknown\n"
"\n"
"OUTPUT: --json: one JSON object per line per module: module, verdict\n"
"        (loads|refused|unknown), errno (positive; 0 when it loads),\n"
"        errno_name, strerror, moderror (busybox's text), dmesg (the kernel's\n"
"        lines, as the log shows them once the command is done), held\n"
"        (only when there is one: [LINE], a last line the kernel printed\n"
"        without a newline, which the log shows only with the next line\n"
"        the kernel logs: the state keeps it and the next check's dmesg\n"
"        starts with it), refused_by (the kernel function), doc (the\n"
"        docs/ page), unevaluated, notes, state (the state after this\n"
"        module).\n"
"        Text: [MODULE: ]verdict: loads | refused: ENAME (errno N) |\n"
"        unknown (predicted: ...), then dmesg: LINE per kernel line, and\n"
"        held: LINE; --verbose adds note: and unevaluated: lines.\n"
"        Kernel lines are shown as util-linux dmesg shows them: a byte that\n"
"        is neither printable nor a space (in the C locale) as \\xNN.\n"
"        Exit: 0 loads, 1 refused (any), 2 usage or input error, 3 unknown.\n"
"\n"
"unload: delete_module(2) of each NAME (a file name is cut at its first dot,\n"
"        - read as _, as rmmod does) on the --state/--loaded state:\n"
"        refused with EAGAIN (EWOULDBLOCK) while a live module uses NAME,\n"
"        ENOSYS without CONFIG_MODULE_UNLOAD (no mod_unload in the vermagic),\n"
"        EBUSY when it has an init function but no exit function, ENOENT when\n"
"        NAME is not loaded; no kernel line.  Exit 0 unloaded, 1 refused,\n"
"        2 error; same output forms.\n"
"\n"
"fit:    the verdict on MODULE of each TREE (--kdir, repeatable; a TREE that\n"
"        is a lab tree's .../NAME/kdir is shown as NAME and also trusts the\n"
"        DER certificates NAME/certs/*.der).  Without --kdir: the lab's\n"
"        trees, every $KMODLAB_CACHE/trees/NAME/kdir (KMODLAB_CACHE defaults\n"
"        to ${XDG_CACHE_HOME:-$HOME/.cache}/kmodlab) whose NAME/arch (x86_64,\n"
"        arm, arm64) is the module's ELF machine, in name order.  STATE, HOW,\n"
"        MODULE OPTIONS and --cert as for check, applied to every tree; each\n"
"        tree is a first check of MODULE on its own (no --sequence,\n"
"        --save-state, --vermagic, --symvers or --arch).  One row per tree:\n"
"        TREE RELEASE LINUX (the loader generation replayed: 5.10, 6.1,\n"
"        6.12, 7.2, or X.Y-as-G when X.Y is not one) VERDICT (loads |\n"
"        refused ENAME | unknown | error) CHECK\n"
"        (the kernel function that refused) DOC (the docs/ page) LINE (the\n"
"        first kernel line of the refusal, as dmesg shows it; for an error,\n"
"        why the tree cannot be used); --verbose adds what was not\n"
"        evaluated.  --json: an array of objects {tree, release, generation, verdict,\n"
"        errno, errno_name, refused_by, line, doc, unevaluated, error}.\n"
"        Exit 0 when it loads on at least one tree, 1 on none, 2 on error.\n"
"\n"
"explain: the kernel line LINE (each line of the standard input with -),\n"
"        as dmesg, journalctl or kocheck show it: with or without a\n"
"        \"[   12.345678] \" timestamp and the \"MODNAME: \" prefix, with \\xNN\n"
"        escapes or raw bytes.  Prints the check it belongs to, the\n"
"        function and file that print it (6.1's, or of the generation\n"
"        that has it), the generations (5.10 6.1 6.12 7.2) that print it,\n"
"        the values in it,\n"
"        whether the load goes on, what it means, its usual causes and\n"
"        fixes, and the docs/ page.  Every line check predicts is known.\n"
"        --brief: CHECK<TAB>LINE per line (? when unknown).  --json: one\n"
"        object per line: line, known, format, check, function,\n"
"        generations, file,\n"
"        values, outcome (refuses|goes on|depends), errno, errno_name,\n"
"        meaning, causes, fix, doc (error when unknown).  --formats: the\n"
"        format strings known, one a line, C-escaped; --self-test: the\n"
"        table checks itself.  Exit 0 all known, 1 an unknown line (\"not\n"
"        a line of the module loader that kocheck knows\"), 2 usage.\n";

static int onoff(const char *opt, const char *v)
{
	if (!strcmp(v, "on"))
		return 1;
	if (!strcmp(v, "off"))
		return 0;
	fprintf(stderr, "kocheck: %s takes on or off, not '%s'\n", opt, v);
	exit(2);
}

static int parse_int(const char *opt, const char *v)
{
	char *e;
	long n;

	errno = 0;
	n = strtol(v, &e, 0);
	if (errno || *e || !*v || n < -2147483647L - 1 || n > 2147483647L) {
		fprintf(stderr, "kocheck: %s takes an integer, not '%s'\n", opt, v);
		exit(2);
	}
	return (int)n;
}

static int cmd_inspect(int argc, char **argv)
{
	int modinfo = 1, modversions = 1, i, ret = 0;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--modinfo"))
			modinfo = 1, modversions = 0;
		else if (!strcmp(argv[i], "--modversions"))
			modinfo = 0, modversions = 1;
		else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			fputs(usage, stderr);
			return 2;
		}
	}
	if (i >= argc) {
		fputs(usage, stderr);
		return 2;
	}
	/* Default: kmod's modinfo output, then its --dump-modversions. */
	for (; i < argc; i++) {
		if (modinfo && inspect_modinfo(argv[i]) < 0)
			ret = 2;
		if (modversions && inspect_modversions(argv[i]) < 0)
			ret = 2;
	}
	return ret;
}

struct opts {
	struct target t;
	struct kstate state;
	struct load_opts lo;
	bool how_set;
	bool sequence, json, verbose;
	const char **params;
	struct setter_ret *setters;
	const char *save_state;
	bool multi;
	bool unload;		/* kocheck unload: success is "unloaded" */
};

enum { O_KDIR = 256, O_ARCH, O_VERMAGIC, O_SYMVERS, O_MODVERSIONS, O_MODSIG, O_SIGFORCE,
	O_FORCELOAD, O_CERT, O_LOADED, O_TAINTS, O_INSMOD, O_INIT, O_IGNVM, O_IGNMV, O_PARAM,
	O_JSON, O_RETPOLINE, O_LIVEPATCH, O_DYNDBG, O_LOCKDOWN, O_NSOK, O_BLACKLIST, O_COMM,
	O_VERBOSE, O_STATE, O_SAVE, O_KMOD, O_MODPROBE, O_FINIT, O_COMPRESSED, O_SEQUENCE,
	O_INITRET, O_SETTER, O_DECOMPRESS, O_RWX, O_PLTS, O_THUMB2, O_GROUP, O_CTORS, O_BUILTIN,
	O_FTRACE, O_MODSIZE };

static const struct option check_opts[] = {
	{ "kdir", required_argument, 0, O_KDIR },
	{ "arch", required_argument, 0, O_ARCH },
	{ "vermagic", required_argument, 0, O_VERMAGIC },
	{ "symvers", required_argument, 0, O_SYMVERS },
	{ "modversions", required_argument, 0, O_MODVERSIONS },
	{ "sig", required_argument, 0, O_MODSIG },
	{ "module-sig", required_argument, 0, O_MODSIG },
	{ "sig-enforce", required_argument, 0, O_SIGFORCE },
	{ "force-load", required_argument, 0, O_FORCELOAD },
	{ "retpoline", required_argument, 0, O_RETPOLINE },
	{ "livepatch", required_argument, 0, O_LIVEPATCH },
	{ "dyndbg", required_argument, 0, O_DYNDBG },
	{ "lockdown", required_argument, 0, O_LOCKDOWN },
	{ "ns-missing-ok", required_argument, 0, O_NSOK },
	{ "module-decompress", required_argument, 0, O_DECOMPRESS },
	{ "strict-rwx", required_argument, 0, O_RWX },
	{ "module-plts", required_argument, 0, O_PLTS },
	{ "thumb2", required_argument, 0, O_THUMB2 },
	{ "group-relocs", required_argument, 0, O_GROUP },
	{ "constructors", required_argument, 0, O_CTORS },
	{ "dynamic-ftrace", required_argument, 0, O_FTRACE },
	{ "builtin", required_argument, 0, O_BUILTIN },
	{ "struct-module-size", required_argument, 0, O_MODSIZE },
	{ "blacklist", required_argument, 0, O_BLACKLIST },
	{ "comm", required_argument, 0, O_COMM },
	{ "cert", required_argument, 0, O_CERT },
	{ "state", required_argument, 0, O_STATE },
	{ "save-state", required_argument, 0, O_SAVE },
	{ "loaded", required_argument, 0, O_LOADED },
	{ "taints", required_argument, 0, O_TAINTS },
	{ "kmod", no_argument, 0, O_KMOD },
	{ "insmod", no_argument, 0, O_INSMOD },
	{ "modprobe", no_argument, 0, O_MODPROBE },
	{ "finit-module", no_argument, 0, O_FINIT },
	{ "init-module", no_argument, 0, O_INIT },
	{ "ignore-vermagic", no_argument, 0, O_IGNVM },
	{ "ignore-modversions", no_argument, 0, O_IGNMV },
	{ "compressed-file", no_argument, 0, O_COMPRESSED },
	{ "sequence", no_argument, 0, O_SEQUENCE },
	{ "param", required_argument, 0, O_PARAM },
	{ "init-returns", required_argument, 0, O_INITRET },
	{ "setter-returns", required_argument, 0, O_SETTER },
	{ "json", no_argument, 0, O_JSON },
	{ "verbose", no_argument, 0, O_VERBOSE },
	{ 0, 0, 0, 0 },
};

static void print_lines(const char *prefix, char *const *v, size_t n, bool json, bool escape)
{
	size_t i;

	if (json)
		printf("[");
	for (i = 0; i < n; i++) {
		char *e = escape ? dmesg_escape(v[i]) : NULL;
		const char *s = e ? e : v[i];

		if (json) {
			printf(i ? ", " : "");
			json_string(stdout, s);
		} else {
			printf("%s%s\n", prefix, s);
		}
		free(e);
	}
	if (json)
		printf("]");
}

static const char *kind_name(const struct opts *o, enum verdict_kind k)
{
	return k == V_LOADS ? (o->unload ? "unloaded" : "loads") : k == V_REFUSED ? "refused" : "unknown";
}

static void print_verdict(const struct opts *o, const char *path, const struct verdict *v,
			  const struct kstate *after)
{
	int e = v->err < 0 ? -v->err : v->err;

	if (v->truncated)
		fprintf(stderr, "kocheck: %s: out of memory: some of the kernel's lines are missing below\n", path);
	if (o->json) {
		printf("{\"module\": ");
		json_string(stdout, path);
		printf(", \"verdict\": \"%s\", \"errno\": %d, \"errno_name\": ", kind_name(o, v->kind), e);
		json_string(stdout, errno_name(e));
		printf(", \"strerror\": ");
		json_string(stdout, e ? strerror(e) : "");
		printf(", \"moderror\": ");
		json_string(stdout, o->unload ? "" : bb_moderror(e));
		printf(", \"dmesg\": ");
		print_lines("", v->lines, v->nlines, true, true);
		if (v->held) {
			printf(", \"held\": ");
			print_lines("", &v->held, 1, true, true);
		}
		printf(", \"refused_by\": ");
		json_string(stdout, e && v->refused_by ? v->refused_by : "");
		printf(", \"doc\": ");
		json_string(stdout, e ? doc_for(v->refused_by) : "");
		printf(", \"unevaluated\": ");
		print_lines("", v->uneval, v->nuneval, true, false);
		printf(", \"notes\": ");
		print_lines("", v->notes, v->nnotes, true, false);
		printf(", \"state\": ");
		kstate_json(after, stdout);
		printf("}\n");
		return;
	}
	if (o->multi)
		printf("%s: ", path);
	if (v->kind == V_UNKNOWN)
		printf("verdict: unknown (predicted: ");
	else
		printf("verdict: ");
	if (!e)
		printf("loads");
	else
		printf("refused: %s (errno %d)", errno_name(e), e);
	printf("%s\n", v->kind == V_UNKNOWN ? ")" : "");
	print_lines("dmesg: ", v->lines, v->nlines, false, true);
	/* printed without a newline: dmesg shows it with the next line */
	if (v->held)
		print_lines("held: ", &v->held, 1, false, true);
	if (o->verbose) {
		print_lines("note: ", v->notes, v->nnotes, false, false);
		print_lines("unevaluated: ", v->uneval, v->nuneval, false, false);
	}
}

/* The arch of a module file from its ELF header, for an explicit target
 * that does not name one. */
static const char *module_arch(const struct modfile *m)
{
	unsigned int machine;

	if (m->len < EI_NIDENT + 4 || memcmp(m->data, ELFMAG, SELFMAG))
		return NULL;
	machine = m->data[18] | m->data[19] << 8;
	switch (machine) {
	case EM_X86_64: return "x86_64";
	case EM_ARM: return "arm";
	case EM_AARCH64: return "arm64";
	default: return NULL;
	}
}

static int verdict_exit(int ret, const struct verdict *v)
{
	if (v->kind == V_REFUSED)
		return 1;
	if (v->kind == V_UNKNOWN && ret != 1)
		return 3;
	return ret;
}

struct each_arg {
	const struct opts *o;
	int ret;
};

static void modprobe_each(const struct modfile *m, const struct verdict *v,
			  const struct kstate *s, void *arg)
{
	struct each_arg *a = arg;

	print_verdict(a->o, m->path, v, s);
	a->ret = verdict_exit(a->ret, v);
}

/* --modprobe: the first file is the module asked for */
static int cmd_modprobe(struct opts *o, char **files, size_t n)
{
	struct modfile *m = calloc(n, sizeof(*m));
	struct each_arg a = { o, 0 };
	char err[4096];
	size_t i, nread = 0;
	int ret = 2;

	if (!m) {
		perror("kocheck");
		return 2;
	}
	for (i = 0; i < n; i++, nread++) {
		if (modfile_read_module(&m[i], files[i], err, sizeof(err))) {
			fprintf(stderr, "kocheck: %s\n", err);
			goto out;
		}
	}
	if (tool_modprobe(&o->lo, &o->state, m, n, modprobe_each, &a, err, sizeof(err))) {
		fprintf(stderr, "kocheck: %s\n", err);
		goto out;
	}
	ret = a.ret;
out:
	for (i = 0; i < nread; i++)
		modfile_free(&m[i]);
	free(m);
	return ret;
}

/* Options common to check and unload: the target and the state. */
static int parse_common(int argc, char **argv, struct opts *o, bool check)
{
	const char *kdir = NULL, *arch = NULL, *vermagic = NULL, *symvers = NULL;
	const char *state = NULL, *decompress = NULL, *modsize = NULL;
	const char **loaded = calloc(argc, sizeof(char *)), **certs = calloc(argc, sizeof(char *));
	const char **taints = calloc(argc, sizeof(char *));
	int set_mv = -1, set_sig = -1, set_force = -1, set_fl = -1, set_rp = -1, set_lp = -1;
	int set_dd = -1, set_ld = -1, set_ns = -1, opt, ret = -1;
	int set_rwx = -1, set_plts = -1, set_thumb2 = -1, set_group = -1, set_ctors = -1;
	int set_ftrace = -1;
	const char *builtin = NULL;
	size_t nloaded = 0, ncerts = 0, ntaints = 0, i;
	char err[4096];

	o->params = calloc(argc, sizeof(char *));
	o->setters = calloc(argc, sizeof(*o->setters));
	if (!loaded || !certs || !taints || !o->params || !o->setters) {
		perror("kocheck");
		goto out;
	}
	while ((opt = getopt_long(argc, argv, "", check_opts, NULL)) != -1) {
		switch (opt) {
		case O_KDIR: kdir = optarg; break;
		case O_ARCH: arch = optarg; break;
		case O_VERMAGIC: vermagic = optarg; break;
		case O_SYMVERS: symvers = optarg; break;
		case O_MODVERSIONS: set_mv = onoff("--modversions", optarg); break;
		case O_MODSIG: set_sig = onoff("--sig", optarg); break;
		case O_SIGFORCE: set_force = onoff("--sig-enforce", optarg); break;
		case O_FORCELOAD: set_fl = onoff("--force-load", optarg); break;
		case O_RETPOLINE: set_rp = onoff("--retpoline", optarg); break;
		case O_LIVEPATCH: set_lp = onoff("--livepatch", optarg); break;
		case O_DYNDBG: set_dd = onoff("--dyndbg", optarg); break;
		case O_LOCKDOWN: set_ld = onoff("--lockdown", optarg); break;
		case O_NSOK: set_ns = onoff("--ns-missing-ok", optarg); break;
		case O_DECOMPRESS: decompress = optarg; break;
		case O_MODSIZE: modsize = optarg; break;
		case O_RWX: set_rwx = onoff("--strict-rwx", optarg); break;
		case O_PLTS: set_plts = onoff("--module-plts", optarg); break;
		case O_THUMB2: set_thumb2 = onoff("--thumb2", optarg); break;
		case O_GROUP: set_group = onoff("--group-relocs", optarg); break;
		case O_CTORS: set_ctors = onoff("--constructors", optarg); break;
		case O_FTRACE: set_ftrace = onoff("--dynamic-ftrace", optarg); break;
		case O_BUILTIN: builtin = optarg; break;
		case O_BLACKLIST: o->t.blacklist = optarg; break;
		case O_COMM: o->t.comm = optarg; break;
		case O_CERT: certs[ncerts++] = optarg; break;
		case O_STATE: state = optarg; break;
		case O_SAVE: o->save_state = optarg; break;
		case O_LOADED: loaded[nloaded++] = optarg; break;
		case O_TAINTS: taints[ntaints++] = optarg; break;
		case O_JSON: o->json = true; break;
		case O_VERBOSE: o->verbose = true; break;
		default:
			if (!check) {
				fputs(usage, stderr);
				goto out;
			}
			switch (opt) {
			case O_PARAM: o->params[o->lo.nparams++] = optarg; break;
			case O_SEQUENCE: o->sequence = true; break;
			case O_IGNVM: o->lo.flags |= KO_IGNORE_VERMAGIC; break;
			case O_IGNMV: o->lo.flags |= KO_IGNORE_MODVERSIONS; break;
			case O_COMPRESSED: o->lo.flags |= KO_COMPRESSED_FILE; break;
			case O_INITRET:
				o->lo.init_known = true;
				o->lo.init_ret = parse_int("--init-returns", optarg);
				break;
			case O_SETTER: {
				char *eq = strchr(optarg, '=');

				if (!eq || eq == optarg) {
					fprintf(stderr, "kocheck: --setter-returns takes NAME=N, not '%s'\n",
						optarg);
					goto out;
				}
				*eq = '\0';
				o->setters[o->lo.nsetters].name = optarg;
				o->setters[o->lo.nsetters++].ret = parse_int("--setter-returns", eq + 1);
				break;
			}
			case O_KMOD: case O_INSMOD: case O_MODPROBE: case O_FINIT: case O_INIT: {
				enum load_how h = opt == O_KMOD ? H_KMOD : opt == O_INSMOD ? H_INSMOD :
					     opt == O_MODPROBE ? H_MODPROBE : opt == O_FINIT ? H_FINIT : H_INIT;

				if (o->how_set && o->lo.how != h) {
					fprintf(stderr, "kocheck: --kmod, --insmod, --modprobe, --finit-module and --init-module exclude each other\n");
					goto out;
				}
				o->lo.how = h;
				o->how_set = true;
				break;
			}
			default:
				fputs(usage, stderr);
				goto out;
			}
		}
	}
	if (check && optind >= argc) {
		fprintf(stderr, "kocheck: check needs a module\n%s", usage);
		goto out;
	}
	if (!check && optind >= argc) {
		fprintf(stderr, "kocheck: unload needs a module name\n%s", usage);
		goto out;
	}
	/* current->comm: the tool that makes the system call */
	if (!o->t.comm)
		o->t.comm = o->lo.how == H_MODPROBE ? "modprobe" :
			    o->lo.how == H_FINIT || o->lo.how == H_INIT ? "kmload" : "insmod";
	o->lo.t = &o->t;
	o->lo.params = o->params;
	o->lo.setters = o->setters;
	if ((o->lo.flags & KO_COMPRESSED_FILE) && o->lo.how != H_FINIT) {
		fprintf(stderr, "kocheck: --compressed-file is a flag of --finit-module\n");
		goto out;
	}
	if (o->lo.flags && (o->lo.how == H_INSMOD || o->lo.how == H_MODPROBE || o->lo.how == H_INIT)) {
		fprintf(stderr, "kocheck: --ignore-vermagic, --ignore-modversions: busybox and init_module(2) have no such flags; use --kmod or --finit-module\n");
		goto out;
	}
	if (kdir) {
		if (target_from_kdir(&o->t, kdir, err, sizeof(err))) {
			fprintf(stderr, "kocheck: %s\n", err);
			goto out;
		}
	} else if (vermagic) {
		if (!arch) {
			/* the arch of the first module that says one */
			for (i = optind; check && i < (size_t)argc && !arch; i++) {
				struct modfile m;

				if (modfile_read(&m, argv[i], err, sizeof(err)))
					continue;
				arch = module_arch(&m);
				modfile_free(&m);
			}
			/* unload: the arch does not matter */
			if (!arch && !check)
				arch = "x86_64";
			if (!arch) {
				fprintf(stderr, "kocheck: no --arch and no x86_64, arm or arm64 module to take it from\n");
				goto out;
			}
		}
		if (target_set_arch(&o->t, arch)) {
			fprintf(stderr, "kocheck: unknown --arch '%s' (x86_64, arm, arm64)\n", arch);
			goto out;
		}
		o->t.vermagic = strdup(vermagic);
		/* the release, the vermagic's first word, says the generation */
		target_set_release(&o->t, vermagic);
		o->t.modversions = strstr(vermagic, " modversions ") != NULL;
		o->t.force_load = true;
		o->t.dyndbg = true;
		o->t.strict_rwx = o->t.module_plts = o->t.group_relocs = true;
		o->t.dynamic_ftrace = true;
	} else {
		fprintf(stderr, "kocheck: give the target kernel: --kdir DIR, or --vermagic STRING\n");
		goto out;
	}
	if (set_mv >= 0)
		o->t.modversions = set_mv;
	if (set_sig >= 0)
		o->t.module_sig = set_sig;
	if (set_force >= 0)
		o->t.sig_force = set_force;
	if (set_fl >= 0)
		o->t.force_load = set_fl;
	if (set_rp >= 0)
		o->t.retpoline = set_rp;
	if (set_lp >= 0)
		o->t.livepatch = set_lp;
	if (set_dd >= 0)
		o->t.dyndbg = set_dd;
	if (set_ld >= 0)
		o->t.lockdown = set_ld;
	if (set_ns >= 0)
		o->t.ns_missing_ok = set_ns;
	if (set_rwx >= 0)
		o->t.strict_rwx = set_rwx;
	if (set_plts >= 0)
		o->t.module_plts = set_plts;
	if (set_thumb2 >= 0)
		o->t.thumb2 = set_thumb2;
	if (set_group >= 0)
		o->t.group_relocs = set_group;
	if (set_ctors >= 0)
		o->t.constructors = set_ctors;
	if (set_ftrace >= 0)
		o->t.dynamic_ftrace = set_ftrace;
	if (builtin && target_read_builtin(&o->t, builtin, err, sizeof(err))) {
		fprintf(stderr, "kocheck: --builtin %s\n", err);
		goto out;
	}
	/* module.sig_enforce and lockdown only exist with CONFIG_MODULE_SIG */
	if (set_force == 1 || set_ld == 1)
		o->t.module_sig = true;
	if (modsize) {
		char *end;

		errno = 0;
		o->t.struct_module_size = strtoull(modsize, &end, 0);
		if (errno || *end || !o->t.struct_module_size) {
			/* A module built against the target's own headers:
			 * modpost's .mod.c defines __this_module, a struct
			 * module, in .gnu.linkonce.this_module, so the
			 * section's size is sizeof(struct module) of the
			 * headers' config, what 6.4+'s elf_validity_cache_copy()
			 * (6.12 kernel/module/main.c:1987) compares. */
			struct modfile pm;
			const char *vm;

			o->t.struct_module_size = 0;
			if (modfile_read_module(&pm, modsize, err, sizeof(err))) {
				fprintf(stderr, "kocheck: --struct-module-size takes a size in bytes or a module built against the target, not '%s': %s\n",
					modsize, err);
				goto out;
			}
			o->t.struct_module_size = module_section_size(&pm, ".gnu.linkonce.this_module");
			vm = module_modinfo(&pm, "vermagic");
			if (!o->t.struct_module_size) {
				fprintf(stderr, "kocheck: --struct-module-size %s: no allocated .gnu.linkonce.this_module in it\n",
					modsize);
				modfile_free(&pm);
				goto out;
			}
			if (o->t.vermagic && (!vm || strcmp(vm, o->t.vermagic))) {
				fprintf(stderr, "kocheck: --struct-module-size %s: built for another kernel: vermagic '%s', the target's '%s'\n",
					modsize, vm ? vm : "(none)", o->t.vermagic);
				modfile_free(&pm);
				goto out;
			}
			modfile_free(&pm);
		}
	}
	if (decompress) {
		if (!strcmp(decompress, "none"))
			o->t.decompress = Z_NONE;
		else if (!strcmp(decompress, "gzip"))
			o->t.decompress = Z_GZIP;
		else if (!strcmp(decompress, "xz"))
			o->t.decompress = Z_XZ;
		else if (!strcmp(decompress, "zstd") && o->t.gen >= KGEN_6_12)
			o->t.decompress = Z_ZSTD;
		else {
			fprintf(stderr, "kocheck: --module-decompress takes none, gzip or xz (and zstd from 6.2: 6.12, 7.2), not '%s'\n",
				decompress);
			goto out;
		}
	}
	for (i = 0; i < ncerts; i++) {
		if (target_add_cert_file(&o->t, certs[i], err, sizeof(err))) {
			fprintf(stderr, "kocheck: --cert %s\n", err);
			goto out;
		}
	}
	if (symvers && target_read_symvers(&o->t, symvers, err, sizeof(err))) {
		fprintf(stderr, "kocheck: %s\n", err);
		goto out;
	}
	if (state && kstate_load(&o->state, &o->t, state, err, sizeof(err))) {
		fprintf(stderr, "kocheck: --state %s\n", err);
		goto out;
	}
	for (i = 0; i < nloaded; i++) {
		struct modfile lm;

		if (modfile_read_module(&lm, loaded[i], err, sizeof(err))) {
			fprintf(stderr, "kocheck: --loaded %s\n", err);
			goto out;
		}
		if (kstate_add(&o->state, &o->t, &lm, NULL, -1, NULL, 0, err, sizeof(err))) {
			fprintf(stderr, "kocheck: --loaded %s\n", err);
			modfile_free(&lm);
			goto out;
		}
		modfile_free(&lm);
	}
	for (i = 0; i < ntaints; i++) {
		if (kstate_taint_keywords(&o->state, taints[i])) {
			fprintf(stderr, "kocheck: --taints takes oot,prop,forced,signote,lockdep,test,livepatch,extver, not '%s'\n",
				taints[i]);
			goto out;
		}
	}
	ret = 0;
out:
	free(loaded);
	free(certs);
	free(taints);
	return ret;
}

static void opts_free(struct opts *o)
{
	free(o->params);
	free(o->setters);
	kstate_free(&o->state);
	target_free(&o->t);
}

static int save(const struct opts *o, const struct kstate *s)
{
	char err[4096];

	if (o->save_state && kstate_save(s, o->save_state, err, sizeof(err))) {
		fprintf(stderr, "kocheck: --save-state %s\n", err);
		return 2;
	}
	return 0;
}

static int cmd_check(int argc, char **argv)
{
	struct opts o = { 0 };
	struct kstate last = { 0 };
	char err[4096];
	int ret = 2;

	if (parse_common(argc, argv, &o, true))
		goto out;
	o.multi = argc - optind > 1;
	if (o.lo.how == H_MODPROBE) {
		ret = cmd_modprobe(&o, argv + optind, argc - optind);
		if (ret != 2 && save(&o, &o.state))
			ret = 2;
		goto out;
	}
	ret = 0;
	for (; optind < argc; optind++) {
		struct verdict v = { 0 };
		struct modfile m;
		struct kstate own, *s = &o.state;

		if (modfile_read(&m, argv[optind], err, sizeof(err))) {
			fprintf(stderr, "kocheck: %s\n", err);
			ret = 2;
			continue;
		}
		if (!o.sequence) {
			/* each from the same state */
			if (kstate_copy(&own, &o.state)) {
				perror("kocheck");
				modfile_free(&m);
				ret = 2;
				break;
			}
			s = &own;
		}
		if (tool_load(&o.lo, s, &m, &v, err, sizeof(err))) {
			fprintf(stderr, "kocheck: %s\n", err);
			ret = 2;
		} else {
			print_verdict(&o, argv[optind], &v, s);
			if (ret != 2)
				ret = verdict_exit(ret, &v);
		}
		verdict_free(&v);
		modfile_free(&m);
		if (!o.sequence) {
			kstate_free(&last);
			last = own;
		}
	}
	if (save(&o, o.sequence ? &o.state : &last))
		ret = 2;
out:
	kstate_free(&last);
	opts_free(&o);
	return ret;
}

static int cmd_unload(int argc, char **argv)
{
	struct opts o = { 0 };
	int ret = 2;

	o.unload = true;
	if (parse_common(argc, argv, &o, false))
		goto out;
	o.multi = argc - optind > 1;
	ret = 0;
	for (; optind < argc; optind++) {
		struct verdict v = { 0 };
		char name[256];
		const char *base = strrchr(argv[optind], '/');
		size_t i;

		/* rmmod's filename2modname(): up to the first dot, - as _ */
		snprintf(name, sizeof(name), "%s", base ? base + 1 : argv[optind]);
		name[strcspn(name, ".")] = '\0';
		for (i = 0; name[i]; i++)
			if (name[i] == '-')
				name[i] = '_';
		v.err = kstate_unload(&o.state, &o.t, name);
		v.kind = v.err ? V_REFUSED : V_LOADS;
		v.refused_by = v.err ? "delete_module" : NULL;
		if (!v.err && v.nuneval < KOCHECK_MAX_NOTES)
			v.uneval[v.nuneval++] = strdup("the module's exit function and its lines");
		verdict_log(&v, &o.state, !v.err);
		if (v.nuneval < KOCHECK_MAX_NOTES)
			v.uneval[v.nuneval++] = strdup("references held by other than modules (try_stop_module())");
		if (o.json) {
			print_verdict(&o, argv[optind], &v, &o.state);
		} else {
			if (o.multi)
				printf("%s: ", argv[optind]);
			if (v.err)
				printf("verdict: refused: %s (errno %d)\n", errno_name(v.err), -v.err);
			else
				printf("verdict: unloaded\n");
			if (o.verbose)
				print_lines("unevaluated: ", v.uneval, v.nuneval, false, false);
		}
		if (v.err)
			ret = 1;
		verdict_free(&v);
	}
	if (save(&o, &o.state))
		ret = 2;
out:
	opts_free(&o);
	return ret;
}

/* A C string literal's body for S: what --formats prints, so that it
 * can be compared with the say() formats of lib/ as they are written. */
static void print_c_escaped(const char *s)
{
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '\\' || c == '"')
			printf("\\%c", c);
		else if (c == '\n')
			printf("\\n");
		else if (c < 0x20 || c >= 0x7f)
			printf("\\%03o", c);
		else
			putchar(c);
	}
	putchar('\n');
}

static void explain_json(const char *line, const struct kmsg_match *m)
{
	const struct kmsg *k = m->k;
	char *e = dmesg_escape(m->line ? m->line : line);

	printf("{\"line\": ");
	json_string(stdout, e ? e : line);
	free(e);
	if (!k) {
		printf(", \"known\": false, \"error\": \"not a line of the module loader that kocheck knows\"}\n");
		return;
	}
	printf(", \"known\": true, \"format\": ");
	e = dmesg_escape(k->fmt);
	json_string(stdout, e ? e : k->fmt);
	free(e);
	printf(", \"check\": ");
	json_string(stdout, k->check);
	printf(", \"function\": ");
	json_string(stdout, k->func);
	printf(", \"generations\": ");
	json_string(stdout, kmsg_gens(k));
	printf(", \"file\": ");
	json_string(stdout, k->file);
	printf(", \"values\": {");
	{
		const char *f = k->fields;
		size_t i;

		for (i = 0; i < m->nvalues && *f; i++) {
			size_t n = strcspn(f, ",");
			char name[64];

			snprintf(name, sizeof(name), "%.*s", (int)n, f);
			f += n + (f[n] == ',');
			printf(i ? ", " : "");
			json_string(stdout, name);
			printf(": ");
			e = dmesg_escape(m->values[i]);
			json_string(stdout, e ? e : m->values[i]);
			free(e);
		}
	}
	printf("}, \"outcome\": ");
	json_string(stdout, kmsg_outcome_name(k->outcome));
	printf(", \"errno\": %d, \"errno_name\": ", k->err);
	json_string(stdout, errno_name(k->err));
	printf(", \"meaning\": ");
	json_string(stdout, k->meaning);
	printf(", \"causes\": ");
	json_string(stdout, k->causes);
	printf(", \"fix\": ");
	json_string(stdout, k->fix);
	printf(", \"doc\": ");
	json_string(stdout, kmsg_doc(k));
	printf("}\n");
}

static void explain_text(const char *line, const struct kmsg_match *m, bool first)
{
	const struct kmsg *k = m->k;
	char *e = dmesg_escape(m->line ? m->line : line);
	const char *f;
	size_t i;

	if (!first)
		printf("\n");
	printf("line: %s\n", e ? e : line);
	free(e);
	if (!k) {
		printf("not a line of the module loader that kocheck knows\n");
		return;
	}
	printf("check: %s()\n", k->check);
	printf("printed by: %s() in %s\n", k->func, k->file);
	/* the loader generations that print it (5.10's loader is the one
	 * file kernel/module.c) */
	printf("generations: Linux %s\n", kmsg_gens(k));
	f = k->fields;
	for (i = 0; i < m->nvalues && *f; i++) {
		size_t n = strcspn(f, ",");

		if (!(i == 0 && m->prefix_cut)) {
			e = dmesg_escape(m->values[i]);
			printf("%s%.*s=%s", i == 0 || (i == 1 && m->prefix_cut) ? "values: " : " ",
			       (int)n, f, e ? e : m->values[i]);
			free(e);
		}
		f += n + (f[n] == ',');
	}
	if (m->nvalues > (m->prefix_cut ? 1u : 0u))
		printf("\n");
	switch (k->outcome) {
	case KM_REFUSES:
		if (k->err)
			printf("outcome: the load is refused: %s (errno %d)\n", errno_name(k->err), k->err);
		else
			printf("outcome: the load is refused\n");
		break;
	case KM_GOES_ON:
		printf("outcome: the load goes on\n");
		break;
	case KM_DEPENDS:
		printf("outcome: refused (%s, errno %d) or not, by the kernel's configuration\n",
		       errno_name(k->err), k->err);
		break;
	}
	printf("meaning: %s\n", k->meaning);
	printf("causes: %s\n", k->causes);
	printf("fix: %s\n", k->fix);
	printf("doc: %s\n", kmsg_doc(k));
}

/* kocheck explain [--json|--brief] LINE...|- */
static int cmd_explain(int argc, char **argv)
{
	bool json = false, brief = false, first = true;
	int i, ret = 0;
	char *buf = NULL;
	size_t cap = 0;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--brief")) {
			brief = true;
		} else if (!strcmp(argv[i], "--formats")) {
			size_t n, j;
			const struct kmsg *t = kmsg_table(&n);

			for (j = 0; j < n; j++)
				print_c_escaped(t[j].fmt);
			return 0;
		} else if (!strcmp(argv[i], "--self-test")) {
			return kmsg_selftest(stderr) ? 1 : 0;
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			fprintf(stderr, "kocheck: explain: unknown option %s\n%s", argv[i], usage);
			return 2;
		}
	}
	if (i >= argc || (json && brief)) {
		fprintf(stderr, "kocheck: explain needs a LINE (or - for the standard input), and --json or --brief\n");
		return 2;
	}
	for (; i < argc; i++) {
		bool in = !strcmp(argv[i], "-");

		for (;;) {
			const char *line = argv[i];
			struct kmsg_match m;

			if (in) {
				ssize_t n = getline(&buf, &cap, stdin);

				if (n < 0)
					break;
				if (n && buf[n - 1] == '\n')
					buf[--n] = '\0';
				if (n && buf[n - 1] == '\r')
					buf[--n] = '\0';
				if (!buf[strspn(buf, " \t")])
					continue;
				line = buf;
			}
			if (kmsg_explain(line, &m))
				ret = 1;
			if (json) {
				explain_json(line, &m);
			} else if (brief) {
				char *e = dmesg_escape(m.line ? m.line : line);

				printf("%s\t%s\n", m.k ? m.k->check : "?", e ? e : line);
				free(e);
			} else {
				explain_text(line, &m, first);
			}
			first = false;
			kmsg_match_free(&m);
			if (!in)
				break;
		}
	}
	free(buf);
	return ret;
}

/* One tree of kocheck fit */
struct fit_row {
	char *tree, *kdir, *release;
	char gen[32];		/* the loader generation replayed: "6.12", "6.6 as 6.1" */
	char **certs;
	size_t ncerts;
	char *error;		/* the tree cannot be used: why */
	enum verdict_kind kind;
	int err;		/* positive errno */
	const char *refused_by;
	char *line;		/* the refusal's first line, as dmesg shows it */
	char **uneval;
	size_t nuneval;
};

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d) {
		perror("kocheck");
		exit(2);
	}
	return d;
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The DER files in NAME/certs/ of a lab tree's directory, in name order */
static void fit_certs(struct fit_row *r, const char *treedir)
{
	char path[4096];
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/certs", treedir);
	dir = opendir(path);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		size_t n = strlen(d->d_name);

		if (n <= 4 || strcmp(d->d_name + n - 4, ".der"))
			continue;
		r->certs = realloc(r->certs, (r->ncerts + 1) * sizeof(*r->certs));
		if (!r->certs) {
			perror("kocheck");
			exit(2);
		}
		snprintf(path, sizeof(path), "%s/certs/%s", treedir, d->d_name);
		r->certs[r->ncerts++] = xstrdup(path);
	}
	closedir(dir);
	if (r->ncerts)
		qsort(r->certs, r->ncerts, sizeof(*r->certs), cmpstr);
}

/* The first line of a small file, or NULL */
static char *first_line(const char *path)
{
	char line[512];
	FILE *f = fopen(path, "r");

	if (!f)
		return NULL;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	return line[0] ? xstrdup(line) : NULL;
}

/* A row for the tree whose kdir is KDIR: a lab tree's .../NAME/kdir is
 * NAME, with the DER files of NAME/certs/. */
static void fit_row_init(struct fit_row *r, const char *kdir)
{
	char *copy = xstrdup(kdir), *slash, *parent;
	size_t n = strlen(copy);

	memset(r, 0, sizeof(*r));
	r->kdir = xstrdup(kdir);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	slash = strrchr(copy, '/');
	if (!strcmp(slash ? slash + 1 : copy, "kdir")) {
		char path[4096];

		if (slash == copy)
			parent = xstrdup("/");
		else if (slash)
			parent = strndup(copy, slash - copy);
		else
			parent = xstrdup(".");
		snprintf(path, sizeof(path), "%s/release", parent);
		r->release = first_line(path);
		fit_certs(r, parent);
		slash = strrchr(parent, '/');
		r->tree = xstrdup(slash && slash[1] ? slash + 1 : parent);
		free(parent);
	} else {
		r->tree = xstrdup(kdir);
	}
	free(copy);
}

static void fit_row_free(struct fit_row *r)
{
	size_t i;

	free(r->tree);
	free(r->kdir);
	free(r->release);
	for (i = 0; i < r->ncerts; i++)
		free(r->certs[i]);
	free(r->certs);
	free(r->error);
	free(r->line);
	for (i = 0; i < r->nuneval; i++)
		free(r->uneval[i]);
	free(r->uneval);
}

/* $KMODLAB_CACHE/trees/NAME/kdir whose NAME/arch is ARCH, by name */
static int fit_lab_trees(const char *arch, struct fit_row **rows, size_t *nrows, char *cache,
			 size_t cachelen)
{
	const char *env = getenv("KMODLAB_CACHE"), *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	char path[4096], **names = NULL;
	size_t n = 0, i;
	struct dirent *d;
	DIR *dir;

	if (env && *env)
		snprintf(cache, cachelen, "%s", env);
	else if (xdg && *xdg)
		snprintf(cache, cachelen, "%s/kmodlab", xdg);
	else
		snprintf(cache, cachelen, "%s/.cache/kmodlab", home ? home : "");
	snprintf(path, sizeof(path), "%s/trees", cache);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((d = readdir(dir))) {
		struct stat st;
		char *a;
		bool match;

		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/trees/%s/kdir", cache, d->d_name);
		if (stat(path, &st) || !S_ISDIR(st.st_mode))
			continue;
		snprintf(path, sizeof(path), "%s/trees/%s/arch", cache, d->d_name);
		a = first_line(path);
		match = a && !strcmp(a, arch);
		free(a);
		if (!match)
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (!names) {
			perror("kocheck");
			exit(2);
		}
		names[n++] = xstrdup(d->d_name);
	}
	closedir(dir);
	if (n)
		qsort(names, n, sizeof(*names), cmpstr);
	*rows = calloc(n ? n : 1, sizeof(**rows));
	if (!*rows) {
		perror("kocheck");
		exit(2);
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/trees/%s/kdir", cache, names[i]);
		fit_row_init(&(*rows)[i], path);
		free(names[i]);
	}
	free(names);
	*nrows = n;
	return 0;
}

/* parse_common() for one tree, its messages kept for the row */
static int parse_quiet(int argc, char **argv, struct opts *o, char **msg)
{
	FILE *saved = stderr, *mem;
	char *buf = NULL;
	size_t len = 0;
	int ret;

	fflush(stderr);
	mem = open_memstream(&buf, &len);
	if (mem)
		stderr = mem;
	optind = 0;
	ret = parse_common(argc, argv, o, true);
	if (mem) {
		stderr = saved;
		fclose(mem);
	}
	*msg = NULL;
	if (ret && buf) {
		char *s = buf;

		if (!strncmp(s, "kocheck: ", 9))
			s += 9;
		s[strcspn(s, "\n")] = '\0';
		*msg = xstrdup(*s ? s : "the tree cannot be used");
	} else if (ret) {
		*msg = xstrdup("the tree cannot be used");
	}
	free(buf);
	return ret;
}

/* The verdict of the module on one tree */
static void fit_one(struct fit_row *r, char **rest, size_t nrest, const char *module,
		    const struct modfile *m)
{
	size_t argc = 0, i;
	char **argv = calloc(nrest + 2 * r->ncerts + 6, sizeof(char *));
	struct opts o = { 0 };
	struct verdict v = { 0 };
	char err[4096];

	if (!argv) {
		perror("kocheck");
		exit(2);
	}
	/* parse_common() writes into its arguments: copies */
	argv[argc++] = xstrdup("fit");
	argv[argc++] = xstrdup("--kdir");
	argv[argc++] = xstrdup(r->kdir);
	for (i = 0; i < r->ncerts; i++) {
		argv[argc++] = xstrdup("--cert");
		argv[argc++] = xstrdup(r->certs[i]);
	}
	for (i = 0; i < nrest; i++)
		argv[argc++] = xstrdup(rest[i]);
	argv[argc++] = xstrdup("--");
	argv[argc++] = xstrdup(module);
	if (parse_quiet((int)argc, argv, &o, &r->error))
		goto out;
	if (o.t.vermagic) {
		free(r->release);
		r->release = strndup(o.t.vermagic, strcspn(o.t.vermagic, " "));
	}
	if (o.t.gen_exact)
		snprintf(r->gen, sizeof(r->gen), "%s", kgen_name(o.t.gen));
	else
		snprintf(r->gen, sizeof(r->gen), "%d.%d-as-%s", o.t.linux_version / 100,
			 o.t.linux_version % 100, kgen_name(o.t.gen));
	if (tool_load(&o.lo, &o.state, m, &v, err, sizeof(err))) {
		r->error = xstrdup(err);
		goto out;
	}
	r->kind = v.kind;
	r->err = v.err < 0 ? -v.err : v.err;
	r->refused_by = r->err ? v.refused_by : NULL;
	if (r->err) {
		const char *l = verdict_refusal_line(&v);

		/* the refusal's line may be one the log holds back */
		if (!l && v.held)
			l = v.held;

		r->line = l ? dmesg_escape(l) : NULL;
	}
	if (v.nuneval) {
		r->uneval = calloc(v.nuneval, sizeof(char *));
		for (i = 0; r->uneval && i < v.nuneval; i++)
			r->uneval[r->nuneval++] = xstrdup(v.uneval[i]);
	}
out:
	verdict_free(&v);
	opts_free(&o);
	for (i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}

static const char *fit_verdict(const struct fit_row *r, char *buf, size_t len)
{
	if (r->error)
		return "error";
	if (r->kind == V_UNKNOWN)
		return "unknown";
	if (r->kind == V_LOADS)
		return "loads";
	snprintf(buf, len, "refused %s", errno_name(r->err));
	return buf;
}


/* The first six columns of a fit row, as the text table shows them:
 * LINUX is the generation whose loader was replayed. */
static void fit_cells(const struct fit_row *r, char *vb, size_t vblen, const char *cell[6])
{
	cell[0] = r->tree;
	cell[1] = r->release ? r->release : "-";
	cell[2] = r->gen[0] ? r->gen : "-";
	cell[3] = fit_verdict(r, vb, vblen);
	cell[4] = !r->error && r->err && r->refused_by ? r->refused_by : "-";
	cell[5] = !r->error && r->err ? doc_for(r->refused_by) : "-";
}
static void fit_print(const struct fit_row *rows, size_t n, bool json, bool verbose)
{
	static const char *const head[] = { "TREE", "RELEASE", "LINUX", "VERDICT", "CHECK", "DOC" };
	size_t w[6], i, j;
	char vb[64];

	if (json) {
		printf("[");
		for (i = 0; i < n; i++) {
			const struct fit_row *r = &rows[i];
			const char *verdict = r->error ? "error" : r->kind == V_LOADS ? "loads" :
					      r->kind == V_REFUSED ? "refused" : "unknown";

			printf("%s\n{\"tree\": ", i ? "," : "");
			json_string(stdout, r->tree);
			printf(", \"release\": ");
			json_string(stdout, r->release ? r->release : "");
			printf(", \"generation\": ");
			json_string(stdout, r->gen);
			printf(", \"verdict\": \"%s\", \"errno\": %d, \"errno_name\": ", verdict,
			       r->error ? 0 : r->err);
			json_string(stdout, r->error ? "" : errno_name(r->err));
			printf(", \"refused_by\": ");
			json_string(stdout, !r->error && r->err && r->refused_by ? r->refused_by : "");
			printf(", \"line\": ");
			json_string(stdout, r->line ? r->line : "");
			printf(", \"doc\": ");
			json_string(stdout, !r->error && r->err ? doc_for(r->refused_by) : "");
			printf(", \"unevaluated\": ");
			print_lines("", r->uneval, r->nuneval, true, false);
			printf(", \"error\": ");
			json_string(stdout, r->error ? r->error : "");
			printf("}");
		}
		printf("%s]\n", n ? "\n" : "");
		return;
	}
	for (j = 0; j < 6; j++)
		w[j] = strlen(head[j]);
	for (i = 0; i < n; i++) {
		const struct fit_row *r = &rows[i];
		const char *cell[6];

		fit_cells(r, vb, sizeof(vb), cell);

		for (j = 0; j < 6; j++)
			if (strlen(cell[j]) > w[j])
				w[j] = strlen(cell[j]);
	}
	for (j = 0; j < 6; j++)
		printf("%-*s  ", (int)w[j], head[j]);
	printf("LINE\n");
	for (i = 0; i < n; i++) {
		const struct fit_row *r = &rows[i];
		const char *cell[6];

		fit_cells(r, vb, sizeof(vb), cell);

		for (j = 0; j < 6; j++)
			printf("%-*s  ", (int)w[j], cell[j]);
		printf("%s\n", r->error ? r->error : r->line ? r->line : "-");
	}
	for (i = 0; verbose && i < n; i++)
		for (j = 0; j < rows[i].nuneval; j++)
			printf("%s: unevaluated: %s\n", rows[i].tree, rows[i].uneval[j]);
}

/* kocheck fit [--kdir TREE]... [STATE] [HOW] [MODULE OPTIONS] [--json] MODULE */
static int cmd_fit(int argc, char **argv)
{
	char **copy = calloc(argc + 1, sizeof(char *)), **rest = calloc(2 * argc + 1, sizeof(char *));
	const char **kdirs = calloc(argc + 1, sizeof(char *));
	struct fit_row *rows = NULL;
	size_t nkdirs = 0, nrest = 0, nrows = 0, i;
	bool json = false, verbose = false, loads = false;
	const char *module;
	struct modfile m;
	char err[4096], cache[2048];
	int opt, li, ret = 2;

	if (!copy || !rest || !kdirs) {
		perror("kocheck");
		return 2;
	}
	/* the options once, on a copy (getopt permutes): the trees, the
	 * output, and the rest for each tree's parse_common() */
	memcpy(copy, argv, argc * sizeof(char *));
	optind = 0;
	while ((opt = getopt_long(argc, copy, "", check_opts, &li)) != -1) {
		switch (opt) {
		case O_KDIR: kdirs[nkdirs++] = optarg; continue;
		case O_JSON: json = true; continue;
		case O_VERBOSE: verbose = true; continue;
		case O_VERMAGIC: case O_SYMVERS: case O_ARCH: case O_SAVE: case O_SEQUENCE:
			fprintf(stderr, "kocheck: fit takes its targets as trees (--kdir), each a first check of one module: no --%s\n",
				check_opts[li].name);
			goto out;
		case O_MODVERSIONS: case O_MODSIG: case O_SIGFORCE: case O_FORCELOAD:
		case O_RETPOLINE: case O_LIVEPATCH: case O_DYNDBG: case O_LOCKDOWN: case O_NSOK:
		case O_RWX: case O_PLTS: case O_THUMB2: case O_GROUP: case O_CTORS: case O_FTRACE: {
			char name[64];

			/* checked here: parse_common() exits on a bad value */
			snprintf(name, sizeof(name), "--%s", check_opts[li].name);
			onoff(name, optarg);
			break;
		}
		case O_INITRET:
			parse_int("--init-returns", optarg);
			break;
		case O_SETTER: {
			const char *eq = strchr(optarg, '=');

			if (!eq || eq == optarg) {
				fprintf(stderr, "kocheck: --setter-returns takes NAME=N, not '%s'\n", optarg);
				goto out;
			}
			parse_int("--setter-returns", eq + 1);
			break;
		}
		case '?':
			fputs(usage, stderr);
			goto out;
		default:
			break;
		}
		{
			char name[72];

			snprintf(name, sizeof(name), "--%s", check_opts[li].name);
			rest[nrest++] = xstrdup(name);
		}
		if (check_opts[li].has_arg)
			rest[nrest++] = xstrdup(optarg);
	}
	if (optind != argc - 1) {
		fprintf(stderr, "kocheck: fit takes one module\n%s", usage);
		goto out;
	}
	module = copy[optind];
	if (modfile_read(&m, module, err, sizeof(err))) {
		fprintf(stderr, "kocheck: %s\n", err);
		goto out;
	}
	if (nkdirs) {
		rows = calloc(nkdirs, sizeof(*rows));
		if (!rows) {
			perror("kocheck");
			exit(2);
		}
		for (i = 0; i < nkdirs; i++)
			fit_row_init(&rows[nrows++], kdirs[i]);
	} else {
		const char *arch = module_arch(&m);

		if (!arch) {
			fprintf(stderr, "kocheck: %s: not an x86_64, arm or arm64 module: give the trees with --kdir\n",
				module);
			modfile_free(&m);
			goto out;
		}
		if (fit_lab_trees(arch, &rows, &nrows, cache, sizeof(cache)) || !nrows) {
			fprintf(stderr, "kocheck: no %s tree in %s/trees (scripts/fetch-trees; or give --kdir)\n",
				arch, cache);
			modfile_free(&m);
			goto out;
		}
	}
	for (i = 0; i < nrows; i++) {
		fit_one(&rows[i], rest, nrest, module, &m);
		loads |= !rows[i].error && rows[i].kind == V_LOADS;
	}
	fit_print(rows, nrows, json, verbose);
	modfile_free(&m);
	ret = loads ? 0 : 1;
out:
	for (i = 0; i < nrows; i++)
		fit_row_free(&rows[i]);
	free(rows);
	for (i = 0; i < nrest; i++)
		free(rest[i]);
	free(rest);
	free(kdirs);
	free(copy);
	return ret;
}

int main(int argc, char **argv)
{
	bool help = argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"));

	if (argc >= 2 && !strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "unload"))
		return cmd_unload(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "inspect"))
		return cmd_inspect(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "fit"))
		return cmd_fit(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "explain"))
		return cmd_explain(argc - 1, argv + 1);
	fputs(usage, help ? stdout : stderr);
	return help ? 0 : 2;
}
