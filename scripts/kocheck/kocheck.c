// SPDX-License-Identifier: GPL-2.0
/*
 * kocheck - will this module load on that kernel, and if not, why?
 *
 *   kocheck check [TARGET] [LOAD] [--json] MODULE.ko
 *   kocheck inspect [--modinfo|--modversions] MODULE.ko...
 *
 * check replays the checks of Linux 6.1's load_module() on the host and
 * prints the verdict, the errno and the exact lines the kernel would log.
 * Exit status: 0 the module loads, 1 it is refused, 2 usage or input error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kocheck.h"

static const char usage[] =
"usage: kocheck check [TARGET] [LOAD] [--json] [--verbose] MODULE.ko...\n"
"       kocheck inspect [--modinfo|--modversions] MODULE.ko...\n"
"TARGET: --kdir DIR (a configured kernel tree: .config, Module.symvers,\n"
"        include/generated/utsrelease.h), or --vermagic STRING\n"
"        [--symvers FILE] [--arch x86_64|arm|arm64 (default: the module's)];\n"
"        then, to override (on|off; --opt=on or --opt on):\n"
"        --modversions  --sig (CONFIG_MODULE_SIG; alias --module-sig)\n"
"        --sig-enforce (module.sig_enforce)  --force-load (MODULE_FORCE_LOAD)\n"
"        --retpoline (x86 spectre_v2 module check)  --livepatch  --dyndbg\n"
"        --lockdown (lockdown=integrity)  --ns-missing-ok\n"
"        --cert FILE (a trusted signing certificate, PEM or DER; repeatable)\n"
"        --blacklist LIST (module_blacklist=)  --comm NAME (default insmod)\n"
"LOAD:   --loaded KO        a module already loaded (its exports, CRCs,\n"
"                           namespaces and license count); repeatable\n"
"        --taints LIST      taint messages already printed this boot:\n"
"                           oot,prop,forced,signote,lockdep,test,livepatch\n"
"        --insmod           as busybox insmod: finit_module(2), then\n"
"                           init_module(2) when that fails\n"
"        --init-module      one init_module(2) call\n"
"        --ignore-vermagic --ignore-modversions   finit_module flags\n"
"                           (MODULE_INIT_IGNORE_*, modprobe --force-*)\n"
"        --param NAME=VALUE a module parameter, one argument; repeatable\n"
"OUTPUT: verdict: loads | verdict: refused: ENAME (errno N), then the\n"
"        kernel's log lines as dmesg: LINE; --verbose adds note: lines\n"
"        (what kocheck could not decide).  Exit 0 loads, 1 refused, 2 error.\n";

const char *errno_name(int err)
{
	switch (err < 0 ? -err : err) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ENOEXEC: return "ENOEXEC";
	case ENOMEM: return "ENOMEM";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case EINVAL: return "EINVAL";
	case EBADMSG: return "EBADMSG";
	case ENOKEY: return "ENOKEY";
	case EKEYREJECTED: return "EKEYREJECTED";
	case ENODATA: return "ENODATA";
	case ENOSPC: return "ENOSPC";
	case ERANGE: return "ERANGE";
	case EFAULT: return "EFAULT";
	case ENOPKG: return "ENOPKG";
	default: return "E?";
	}
}

static int onoff(const char *opt, const char *v)
{
	if (!strcmp(v, "on"))
		return 1;
	if (!strcmp(v, "off"))
		return 0;
	fprintf(stderr, "kocheck: %s takes on or off, not '%s'\n", opt, v);
	exit(2);
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static int parse_taints(struct taints *t, const char *list)
{
	char *copy = strdup(list), *tok, *save = NULL;
	int ret = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		/* "name" or "name=0|1", as scripts/plan.sh records them */
		char *eq = strchr(tok, '=');
		bool on = !eq || strcmp(eq + 1, "0");

		if (eq)
			*eq = '\0';
		if (!strcmp(tok, "oot"))
			t->oot = on;
		else if (!strcmp(tok, "prop"))
			t->prop = on;
		else if (!strcmp(tok, "forced"))
			t->forced = on;
		else if (!strcmp(tok, "signote"))
			t->signote = on;
		else if (!strcmp(tok, "lockdep"))
			t->lockdep = on;
		else if (!strcmp(tok, "test"))
			t->test = on;
		else if (!strcmp(tok, "livepatch"))
			t->livepatch = on;
		else if (*tok)
			ret = -1;
	}
	free(copy);
	return ret;
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

enum { O_KDIR = 256, O_ARCH, O_VERMAGIC, O_SYMVERS, O_MODVERSIONS, O_MODSIG, O_SIGFORCE,
	O_FORCELOAD, O_CERT, O_LOADED, O_TAINTS, O_INSMOD, O_INIT, O_IGNVM, O_IGNMV, O_PARAM,
	O_JSON, O_RETPOLINE, O_LIVEPATCH, O_DYNDBG, O_LOCKDOWN, O_NSOK, O_BLACKLIST, O_COMM,
	O_VERBOSE };

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
	{ "blacklist", required_argument, 0, O_BLACKLIST },
	{ "comm", required_argument, 0, O_COMM },
	{ "cert", required_argument, 0, O_CERT },
	{ "loaded", required_argument, 0, O_LOADED },
	{ "taints", required_argument, 0, O_TAINTS },
	{ "insmod", no_argument, 0, O_INSMOD },
	{ "init-module", no_argument, 0, O_INIT },
	{ "ignore-vermagic", no_argument, 0, O_IGNVM },
	{ "ignore-modversions", no_argument, 0, O_IGNMV },
	{ "param", required_argument, 0, O_PARAM },
	{ "json", no_argument, 0, O_JSON },
	{ "verbose", no_argument, 0, O_VERBOSE },
	{ 0, 0, 0, 0 },
};

static void print_verdict(const char *path, const struct verdict *v, bool json, bool named,
			  bool verbose)
{
	size_t i;

	if (json) {
		printf("{\"module\": ");
		json_string(path);
		printf(", \"verdict\": \"%s\", \"errno\": %d, \"errno_name\": ",
		       v->loads ? "loads" : "refused", v->loads ? 0 : -v->err);
		json_string(v->loads ? "" : errno_name(v->err));
		printf(", \"dmesg\": [");
		for (i = 0; i < v->nlines; i++) {
			printf(i ? ", " : "");
			json_string(v->lines[i]);
		}
		printf("], \"notes\": [");
		for (i = 0; i < v->nnotes; i++) {
			printf(i ? ", " : "");
			json_string(v->notes[i]);
		}
		printf("]}\n");
		return;
	}
	if (named)
		printf("%s: ", path);
	if (v->loads)
		printf("verdict: loads\n");
	else
		printf("verdict: refused: %s (errno %d)\n", errno_name(v->err), -v->err);
	for (i = 0; i < v->nlines; i++)
		printf("dmesg: %s\n", v->lines[i]);
	for (i = 0; verbose && i < v->nnotes; i++)
		printf("note: %s\n", v->notes[i]);
}

/* The arch of a module file from its ELF header, for an explicit target
 * that does not name one. */
static const char *module_arch(const struct modfile *m)
{
	unsigned int machine;

	if (m->len < 20 || memcmp(m->data, "\177ELF", 4))
		return NULL;
	machine = m->data[18] | m->data[19] << 8;
	switch (machine) {
	case 62: return "x86_64";
	case 40: return "arm";
	case 183: return "arm64";
	default: return NULL;
	}
}

static int cmd_check(int argc, char **argv)
{
	struct target t = { 0 };
	struct exports mods = { 0 };
	struct loaded_set ls = { 0 };
	struct taints taints = { 0 };
	struct verdict v = { 0 };
	struct load_request req = { 0 };
	struct modfile m;
	const char *kdir = NULL, *arch = NULL, *vermagic = NULL, *symvers = NULL;
	const char *blacklist = NULL, *comm = NULL;
	const char **loaded = calloc(argc, sizeof(char *));
	const char **params = calloc(argc, sizeof(char *));
	int set_mv = -1, set_sig = -1, set_force = -1, set_fl = -1, set_rp = -1, set_lp = -1;
	int set_dd = -1, set_ld = -1, set_ns = -1;
	char **certs = calloc(argc, sizeof(char *));
	size_t nloaded = 0, nparams = 0, ncerts = 0, i;
	bool json = false, insmod = false, init_module = false, multi = false, verbose = false;
	char err[4096];
	int opt, ret = 2;

	if (!loaded || !params || !certs) {
		perror("kocheck");
		return 2;
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
		case O_BLACKLIST: blacklist = optarg; break;
		case O_COMM: comm = optarg; break;
		case O_CERT: certs[ncerts++] = optarg; break;
		case O_LOADED: loaded[nloaded++] = optarg; break;
		case O_PARAM: params[nparams++] = optarg; break;
		case O_JSON: json = true; break;
		case O_VERBOSE: verbose = true; break;
		case O_INSMOD: insmod = true; break;
		case O_INIT: init_module = true; break;
		case O_IGNVM: req.flags |= KO_IGNORE_VERMAGIC; break;
		case O_IGNMV: req.flags |= KO_IGNORE_MODVERSIONS; break;
		case O_TAINTS:
			if (parse_taints(&taints, optarg)) {
				fprintf(stderr, "kocheck: --taints takes oot,prop,forced,signote,lockdep,test,livepatch, not '%s'\n",
					optarg);
				goto out;
			}
			break;
		default:
			fputs(usage, stderr);
			goto out;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "kocheck: check needs a module\n%s", usage);
		goto out;
	}
	if (kdir) {
		if (target_from_kdir(&t, kdir, err, sizeof(err))) {
			fprintf(stderr, "kocheck: %s\n", err);
			goto out;
		}
	} else if (vermagic) {
		if (!arch) {
			/* the arch of the first module that says one */
			for (i = optind; i < (size_t)argc && !arch; i++) {
				if (modfile_read(&m, argv[i], err, sizeof(err)))
					continue;
				arch = module_arch(&m);
				modfile_free(&m);
			}
			if (!arch) {
				fprintf(stderr, "kocheck: no --arch and no x86_64, arm or arm64 module to take it from\n");
				goto out;
			}
		}
		if (target_set_arch(&t, arch)) {
			fprintf(stderr, "kocheck: unknown --arch '%s' (x86_64, arm, arm64)\n", arch);
			goto out;
		}
		t.vermagic = strdup(vermagic);
		t.modversions = strstr(vermagic, " modversions ") != NULL;
		t.force_load = true;
		t.dyndbg = true;
	} else {
		fprintf(stderr, "kocheck: give the target kernel: --kdir DIR, or --vermagic STRING\n");
		goto out;
	}
	if (set_mv >= 0)
		t.modversions = set_mv;
	if (set_sig >= 0)
		t.module_sig = set_sig;
	if (set_force >= 0)
		t.sig_force = set_force;
	if (set_fl >= 0)
		t.force_load = set_fl;
	if (set_rp >= 0)
		t.retpoline = set_rp;
	if (set_lp >= 0)
		t.livepatch = set_lp;
	if (set_dd >= 0)
		t.dyndbg = set_dd;
	if (set_ld >= 0)
		t.lockdown = set_ld;
	if (set_ns >= 0)
		t.ns_missing_ok = set_ns;
	/* module.sig_enforce and lockdown only exist with CONFIG_MODULE_SIG */
	if (set_force == 1 || set_ld == 1)
		t.module_sig = true;
	t.blacklist = blacklist;
	t.comm = comm;
	for (i = 0; i < ncerts; i++) {
		char **c = realloc(t.certs, (t.ncerts + 1) * sizeof(*t.certs));

		if (!c) {
			perror("kocheck");
			goto out;
		}
		t.certs = c;
		t.certs[t.ncerts++] = strdup(certs[i]);
	}
	if (symvers && target_read_symvers(&t, symvers, err, sizeof(err))) {
		fprintf(stderr, "kocheck: %s\n", err);
		goto out;
	}
	ls.v = calloc(nloaded ? nloaded : 1, sizeof(*ls.v));
	if (!ls.v) {
		perror("kocheck");
		goto out;
	}
	for (i = 0; i < nloaded; i++) {
		struct modfile lm;

		if (modfile_read(&lm, loaded[i], err, sizeof(err))) {
			fprintf(stderr, "kocheck: --loaded %s\n", err);
			goto out;
		}
		if (module_exports(&lm, &mods, (int)i, &ls.v[i], &ls)) {
			fprintf(stderr, "kocheck: --loaded %s: not a kernel module\n", loaded[i]);
			modfile_free(&lm);
			goto out;
		}
		ls.n = i + 1;
		modfile_free(&lm);
	}
	/* Several modules: each is checked on its own, from the same state. */
	ret = 0;
	for (; optind < argc; optind++) {
		struct taints t0 = taints;

		if (modfile_read(&m, argv[optind], err, sizeof(err))) {
			fprintf(stderr, "kocheck: %s\n", err);
			ret = 2;
			continue;
		}
		req.mod = &m;
		req.params = params;
		req.nparams = nparams;
		req.loaded = &ls;
		req.init_module = init_module;
		replay_load(&t, &mods, &req, &t0, &v);
		if (insmod && !v.loads) {
			/* busybox: bb_init_module() retries with init_module(2). */
			struct verdict again = { 0 };

			req.init_module = true;
			replay_load(&t, &mods, &req, &t0, &again);
			for (i = 0; i < again.nlines; i++) {
				if (v.nlines < KOCHECK_MAX_LINES)
					v.lines[v.nlines++] = again.lines[i];
				else
					free(again.lines[i]);
			}
			for (i = 0; i < again.nnotes; i++)
				free(again.notes[i]);
			v.err = again.err;
			v.loads = again.loads;
		}
		print_verdict(argv[optind], &v, json, argc - optind > 1 || multi, verbose);
		multi = true;
		if (!v.loads && ret == 0)
			ret = 1;
		verdict_free(&v);
		modfile_free(&m);
	}
out:
	loaded_set_free(&ls);
	free(loaded);
	free(params);
	free(certs);
	exports_free(&mods);
	target_free(&t);
	return ret;
}

int main(int argc, char **argv)
{
	bool help = argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"));

	if (argc >= 2 && !strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "inspect"))
		return cmd_inspect(argc - 1, argv + 1);
	fputs(usage, help ? stdout : stderr);
	return help ? 0 : 2;
}
