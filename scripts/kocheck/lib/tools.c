// SPDX-License-Identifier: GPL-2.0
/*
 * The tools that make the system calls: kmod's insmod (libkmod's
 * kmod_module_insert_module()), busybox 1.35's insmod (bb_init_module()
 * of modutils/modutils.c) and modprobe (do_modprobe() of
 * modutils/modprobe.c), and a bare finit_module(2) or init_module(2).
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kocheck.h"

/* The argument string a tool passes: busybox's
 * parse_cmdline_module_options() writes "arg " for each (modprobe with
 * quote_spaces: var="val" when the value has a space); kmod and kmload
 * join them with spaces (NULL here). */
static char *tool_args(const struct load_opts *o)
{
	size_t i, len = 1;
	char *s, *p;

	if (o->how != H_INSMOD && o->how != H_MODPROBE)
		return NULL;
	for (i = 0; i < o->nparams; i++)
		len += strlen(o->params[i]) + 4;
	s = p = calloc(1, len);
	for (i = 0; s && i < o->nparams; i++) {
		const char *a = o->params[i], *val = strchrnul(a, '=');

		if (o->how == H_MODPROBE && *val && strchr(val + 1, ' '))
			p += sprintf(p, "%.*s\"%s\" ", (int)(val + 1 - a), a, val + 1);
		else
			p += sprintf(p, "%s ", a);
	}
	return s;
}

/* One system call on the file M. */
static void syscall_load(const struct load_opts *o, struct kstate *s, const struct modfile *m,
			 bool init, const uint8_t *buf, size_t len, int flags, bool with_params,
			 struct verdict *v)
{
	char *args = with_params ? tool_args(o) : NULL;
	struct load_request req = {
		.file = m, .buf = buf, .len = len, .flags = flags, .init_module = init,
		.params = o->params, .nparams = with_params ? o->nparams : 0,
		.args = args, .init_known = o->init_known, .init_ret = o->init_ret,
		.setters = o->setters, .nsetters = o->nsetters,
	};

	replay_load(o->t, s, &req, v);
	free(args);
}

static void note_add(struct verdict *v, const char *fmt, const char *arg)
{
	char *s;

	if (v->nnotes < KOCHECK_MAX_NOTES && asprintf(&s, fmt, arg) >= 0)
		v->notes[v->nnotes++] = s;
}

/* busybox 1.35 bb_init_module(): finit_module(fd, options, 0); when it
 * fails, init_module() with the file mmap'ed when it starts with the ELF
 * magic (try_to_mmap_module()), else read through
 * xmalloc_open_zipped_read_close(): gzip, .Z, bzip2, xz by their magic
 * (setup_transformer_on_fd()), lzma by the .lzma name, anything else as
 * it is.  1: kocheck cannot model it (ERR says why). */
static int bb_init_module(const struct load_opts *o, struct kstate *s, const struct modfile *m,
			  bool with_params, struct verdict *v, char *err, size_t errlen)
{
	struct verdict again = { 0 };
	const uint8_t *buf = m->raw;
	size_t len = m->rawlen;

	syscall_load(o, s, m, false, m->raw, m->rawlen, 0, with_params, v);
	if (v->kind != V_REFUSED)
		return 0;
	if (m->rawlen < SELFMAG || memcmp(m->raw, ELFMAG, SELFMAG)) {
		/* setup_transformer_on_fd(): xread() of the 2-byte magic, of
		 * 4 more for xz's */
		if (m->rawlen < 2 || (m->raw[0] == 0xfd && m->raw[1] == '7' && m->rawlen < 6)) {
			note_add(v, "busybox dies with 'short read' (exit status 1) before init_module(): %s",
				 m->path);
			return 0;
		}
		switch (m->format) {
		case Z_GZIP: case Z_BZIP2: case Z_XZ: case Z_LZMA: case Z_COMPRESS:
			if (m->unpack_err) {
				snprintf(err, errlen, "busybox cannot unpack %s", m->unpack_err);
				return 1;
			}
			buf = m->data;
			len = m->len;
			break;
		default:
			break;
		}
	}
	syscall_load(o, s, m, true, buf, len, 0, with_params, &again);
	verdict_append(v, &again);
	v->kind = again.kind;
	v->err = again.err;
	v->refused_by = again.refused_by;
	verdict_free(&again);
	return 0;
}

/* The module's own code ran: its init (even one that failed). */
static bool init_ran(const struct verdict *v)
{
	return v->kind == V_LOADS || (v->refused_by && !strcmp(v->refused_by, "do_init_module"));
}

static int tool_syscalls(const struct load_opts *o, struct kstate *s, const struct modfile *m,
			 struct verdict *v, char *err, size_t errlen)
{
	switch (o->how) {
	case H_INSMOD:
	case H_MODPROBE:
		return bb_init_module(o, s, m, true, v, err, errlen);
	case H_FINIT:
		syscall_load(o, s, m, false, m->raw, m->rawlen, o->flags, true, v);
		return 0;
	case H_INIT:
		syscall_load(o, s, m, true, m->raw, m->rawlen, 0, true, v);
		return 0;
	default:
		/* kmod 30's kmod_module_insert_module(): finit_module() of a
		 * file it can hand over directly, else init_module() of the
		 * contents it unpacked */
		if (m->format == Z_NONE) {
			syscall_load(o, s, m, false, m->raw, m->rawlen, o->flags, true, v);
			return 0;
		}
		if (m->unpack_err) {
			snprintf(err, errlen, "%s", m->unpack_err);
			return 1;
		}
		if (o->flags) {
			snprintf(err, errlen, "%s: kmod strips __versions or vermagic of a compressed module itself before init_module(2): not modelled; use --finit-module --compressed-file or --init-module",
				 m->path);
			return 1;
		}
		syscall_load(o, s, m, true, m->data, m->len, 0, true, v);
		return 0;
	}
}

int tool_load(const struct load_opts *o, struct kstate *s, const struct modfile *m,
	      struct verdict *v, char *err, size_t errlen)
{
	if (tool_syscalls(o, s, m, v, err, errlen))
		return 1;
	verdict_log(v, s, init_ran(v));
	return 0;
}

struct pm {
	const struct modfile *m;
	char name[64];
	char deps[4096];
	int state;	/* 0 new, 1 visiting, 2 ordered */
};

/* modules.dep order: a module after the ones its depends= names */
static int order_deps(struct pm *v, size_t n, size_t i, size_t *order, size_t *no)
{
	char *copy, *tok, *save = NULL;
	size_t j;

	if (v[i].state == 2)
		return 0;
	if (v[i].state == 1)
		return -1;
	v[i].state = 1;
	copy = strdup(v[i].deps);
	for (tok = copy ? strtok_r(copy, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save)) {
		for (j = 0; j < n; j++) {
			if (strcmp(v[j].name, tok))
				continue;
			if (order_deps(v, n, j, order, no)) {
				free(copy);
				return -1;
			}
		}
	}
	free(copy);
	v[i].state = 2;
	order[(*no)++] = i;
	return 0;
}

int tool_modprobe(const struct load_opts *o, struct kstate *s, const struct modfile *files,
		  size_t n, void (*each)(const struct modfile *m, const struct verdict *v,
					 const struct kstate *s, void *arg),
		  void *arg, char *err, size_t errlen)
{
	struct pm *v = calloc(n ? n : 1, sizeof(*v));
	size_t *order = calloc(n ? n : 1, sizeof(*order)), no = 0, i, k;
	uint32_t taints;
	int ret = 0;

	if (!v || !order) {
		snprintf(err, errlen, "out of memory");
		ret = -1;
		goto out;
	}
	for (i = 0; i < n; i++) {
		v[i].m = &files[i];
		if (module_static_info(&files[i], NULL, v[i].name, sizeof(v[i].name), &taints)) {
			snprintf(err, errlen, "%s: not a kernel module", files[i].path);
			ret = -1;
			goto out;
		}
		module_depends(&files[i], v[i].deps, sizeof(v[i].deps));
	}
	if (n && order_deps(v, n, 0, order, &no)) {
		snprintf(err, errlen, "the depends= of the modules make a cycle");
		ret = -1;
		goto out;
	}
	for (i = 1; i < n; i++) {
		if (v[i].state != 2) {
			snprintf(err, errlen, "%s: %s does not need it (depends=)", files[i].path,
				 v[0].name);
			ret = -1;
			goto out;
		}
	}
	for (k = 0; k < no; k++) {
		struct pm *p = &v[order[k]];
		struct verdict vd = { 0 };
		bool stop;

		if (kstate_find(s, p->name) >= 0) {
			/* MODULE_FLAG_LOADED from /proc/modules */
			vd.kind = V_LOADS;
			note_add(&vd, "%s is loaded already: modprobe skips it", p->name);
		} else if (bb_init_module(o, s, p->m, order[k] == 0, &vd, err, errlen)) {
			verdict_free(&vd);
			ret = -1;
			goto out;
		} else {
			verdict_log(&vd, s, init_ran(&vd));
		}
		stop = vd.kind == V_REFUSED && vd.err != -EEXIST;
		if (vd.kind == V_REFUSED && vd.err == -EEXIST)
			note_add(&vd, "modprobe takes EEXIST for %s as loaded", p->name);
		for (i = k + 1; stop && i < no; i++)
			note_add(&vd, "modprobe stops here: %s is not loaded", v[order[i]].name);
		each(p->m, &vd, s, arg);
		verdict_free(&vd);
		if (stop)
			break;
	}
out:
	free(v);
	free(order);
	return ret;
}
