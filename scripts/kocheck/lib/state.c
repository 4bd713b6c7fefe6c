// SPDX-License-Identifier: GPL-2.0
/*
 * The state of a boot across its loads: the kernel's taint mask
 * (tainted_mask, kernel/panic.c), what it prints only once per boot
 * (pr_notice_once() in load_module() and check_modinfo_livepatch(),
 * __debug_locks_off() in add_taint()), and the live modules with their
 * exports, taints and users (the modules list of kernel/module/main.c).
 *
 * Saved as JSON:
 *   {"kocheck_state": 1, "taints": "OE", "tainted": 12288,
 *    "once": {"signote": true, "livepatch": false, "lockdep": false},
 *    "loaded": [{"name": "a", "path": "/abs/a.ko", "taints": "OE",
 *                "uses": ["b"]}]}
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kocheck.h"

void taints_string(uint32_t mask, char *buf)
{
	int i, n = 0;

	for (i = 0; i < TAINT_FLAGS_COUNT; i++)
		if (mask & TBIT(i))
			buf[n++] = TAINT_LETTERS[i];
	buf[n] = '\0';
}

/* "OE", or a number as /proc/sys/kernel/tainted has it; -1: neither */
static long taints_parse(const struct jval *v)
{
	uint32_t mask = 0;
	const char *p, *l;

	if (v->t == J_NUM)
		return v->num >= 0 && v->num < (1 << TAINT_FLAGS_COUNT) ? (long)v->num : -1;
	if (v->t != J_STR)
		return -1;
	for (p = v->str; *p; p++) {
		l = strchr(TAINT_LETTERS, *p);
		if (!l)
			return -1;
		mask |= TBIT(l - TAINT_LETTERS);
	}
	return mask;
}

static void mod_free(struct live_module *m)
{
	size_t i;

	free(m->name);
	free(m->path);
	for (i = 0; i < m->nuses; i++)
		free(m->uses[i]);
	free(m->uses);
}

void kstate_free(struct kstate *s)
{
	size_t i;

	for (i = 0; i < s->nmods; i++)
		mod_free(&s->mods[i]);
	free(s->mods);
	exports_free(&s->exports);
	free(s->held);
	memset(s, 0, sizeof(*s));
}

static char **strv_dup(char *const *v, size_t n)
{
	char **d = calloc(n ? n : 1, sizeof(*d));
	size_t i;

	if (!d)
		return NULL;
	for (i = 0; i < n; i++) {
		d[i] = strdup(v[i]);
		if (!d[i]) {
			while (i)
				free(d[--i]);
			free(d);
			return NULL;
		}
	}
	return d;
}

int kstate_copy(struct kstate *d, const struct kstate *s)
{
	size_t i;

	memset(d, 0, sizeof(*d));
	d->taints = s->taints;
	d->signote = s->signote;
	d->livepatch = s->livepatch;
	d->lockdep = s->lockdep;
	d->extver = s->extver;
	if (s->held && !(d->held = strdup(s->held)))
		return -1;
	d->mods = calloc(s->nmods ? s->nmods : 1, sizeof(*d->mods));
	if (!d->mods)
		return -1;
	for (i = 0; i < s->nmods; i++) {
		struct live_module *m = &d->mods[i];

		m->name = strdup(s->mods[i].name);
		m->path = strdup(s->mods[i].path);
		m->taints = s->mods[i].taints;
		m->uses = strv_dup(s->mods[i].uses, s->mods[i].nuses);
		m->nuses = s->mods[i].nuses;
		m->percpu_size = s->mods[i].percpu_size;
		d->nmods = i + 1;
		if (!m->name || !m->path || !m->uses) {
			kstate_free(d);
			return -1;
		}
	}
	for (i = 0; i < s->exports.n; i++) {
		const struct export *e = &s->exports.v[i];

		exports_add(&d->exports, e->name, e->crc, e->has_crc, e->gpl_only, e->ns, e->owner);
	}
	return 0;
}

int kstate_find(const struct kstate *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nmods; i++)
		if (!strcmp(s->mods[i].name, name))
			return (int)i;
	return -1;
}

struct uses_arg {
	struct kstate *s;
	const struct target *t;
	char ***uses;
	size_t *nuses;
};

/* An undefined symbol of a module loaded before the state knew whom it
 * uses: the live module that exports it (find_symbol(): vmlinux first). */
static void add_use(const char *sym, void *arg)
{
	struct uses_arg *a = arg;
	const struct export *e;
	const char *owner;
	char **u;
	size_t i;

	if (a->t && exports_find((struct exports *)&a->t->exports, sym))
		return;
	e = exports_find(&a->s->exports, sym);
	if (!e || e->owner < 0 || (size_t)e->owner >= a->s->nmods)
		return;
	owner = a->s->mods[e->owner].name;
	for (i = 0; i < *a->nuses; i++)
		if (!strcmp((*a->uses)[i], owner))
			return;
	u = realloc(*a->uses, (*a->nuses + 1) * sizeof(*u));
	if (!u)
		return;
	*a->uses = u;
	u[*a->nuses] = strdup(owner);
	if (u[*a->nuses])
		(*a->nuses)++;
}

int kstate_add(struct kstate *s, const struct target *t, const struct modfile *m0,
	       const char *name, long taints, char **uses, size_t nuses,
	       char *err, size_t errlen)
{
	/* A loaded module, read as the kernel read it: with its class. */
	struct modfile mk = *m0, *m = &mk;
	struct live_module *mods, *lm;
	char nm[64], *path;
	uint32_t derived;

	mk.kclass = t->elf_class;

	if (module_static_info(m, t, nm, sizeof(nm), &derived)) {
		snprintf(err, errlen, "%s: not a kernel module", m->path);
		return -1;
	}
	if (!name)
		name = nm;
	if (kstate_find(s, name) >= 0) {
		snprintf(err, errlen, "%s: a module named %s is loaded already", m->path, name);
		return -1;
	}
	path = m->path[0] == '/' ? strdup(m->path) : realpath(m->path, NULL);
	if (!path) {
		snprintf(err, errlen, "%s: %s", m->path, strerror(errno));
		return -1;
	}
	mods = realloc(s->mods, (s->nmods + 1) * sizeof(*mods));
	if (!mods) {
		free(path);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->mods = mods;
	lm = &s->mods[s->nmods];
	memset(lm, 0, sizeof(*lm));
	lm->name = strdup(name);
	lm->path = path;
	lm->percpu_size = module_section_size(m, ".data..percpu");
	if (taints < 0) {
		/* a module loaded before: what its first load did to the kernel */
		lm->taints = derived;
		s->taints |= derived;
		if (derived & (TBIT(TAINT_PROPRIETARY_MODULE) | TBIT(TAINT_FORCED_MODULE)))
			s->lockdep = true;
		if (derived & TBIT(TAINT_UNSIGNED_MODULE))
			s->signote = true;
		if (derived & TBIT(TAINT_LIVEPATCH))
			s->livepatch = true;
	} else {
		lm->taints = (uint32_t)taints;
	}
	if (uses) {
		lm->uses = strv_dup(uses, nuses);
		lm->nuses = nuses;
	} else {
		struct uses_arg a = { s, t, &lm->uses, &lm->nuses };

		module_undefs(m, add_use, &a);
	}
	if (!lm->name || (!lm->uses && lm->nuses)) {
		mod_free(lm);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->nmods++;
	if (module_exports(m, &s->exports, (int)s->nmods - 1)) {
		snprintf(err, errlen, "%s: not a kernel module", m->path);
		return -1;
	}
	return 0;
}

int kstate_unload(struct kstate *s, const struct target *t, const char *name)
{
	int idx = kstate_find(s, name);
	size_t i, j, k;

	/* without CONFIG_MODULE_UNLOAD (no "mod_unload " in the vermagic)
	 * there is no delete_module(2) */
	if (t && t->vermagic && !strstr(t->vermagic, "mod_unload "))
		return -ENOSYS;
	/* find_module() */
	if (idx < 0)
		return -ENOENT;
	/* !list_empty(&mod->source_list): other modules depend on us */
	for (i = 0; i < s->nmods; i++)
		for (j = 0; j < s->mods[i].nuses; j++)
			if ((int)i != idx && !strcmp(s->mods[i].uses[j], name))
				return -EWOULDBLOCK;
	/* "If it has an init func, it must have an exit func to unload"
	 * (without CONFIG_MODULE_FORCE_UNLOAD's O_TRUNC) */
	{
		struct modfile f;
		char err[256];
		bool busy = false;

		if (!modfile_read_module(&f, s->mods[idx].path, err, sizeof(err))) {
			busy = module_permanent(&f) == 1;
			modfile_free(&f);
		}
		if (busy)
			return -EBUSY;
	}
	mod_free(&s->mods[idx]);
	memmove(&s->mods[idx], &s->mods[idx + 1], (s->nmods - idx - 1) * sizeof(*s->mods));
	s->nmods--;
	for (i = k = 0; i < s->exports.n; i++) {
		struct export *e = &s->exports.v[i];

		if (e->owner == idx) {
			free(e->name);
			free(e->ns);
			continue;
		}
		if (e->owner > idx)
			e->owner--;
		s->exports.v[k++] = *e;
	}
	s->exports.n = k;
	return 0;
}

/* --taints: each keyword stands for one kernel line already printed this
 * boot (see kocheck's usage); they add up. */
int kstate_taint_keywords(struct kstate *s, const char *list)
{
	char *copy = strdup(list), *tok, *save = NULL;
	int ret = 0;

	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		/* "name" or "name=0|1" (=0 adds nothing) */
		char *eq = strchr(tok, '=');
		bool on = !eq || strcmp(eq + 1, "0");

		if (eq)
			*eq = '\0';
		if (eq && strcmp(eq + 1, "0") && strcmp(eq + 1, "1"))
			ret = -1;
		else if (!strcmp(tok, "oot"))
			s->taints |= on ? TBIT(TAINT_OOT_MODULE) : 0;
		else if (!strcmp(tok, "prop"))
			s->taints |= on ? TBIT(TAINT_PROPRIETARY_MODULE) : 0;
		else if (!strcmp(tok, "forced"))
			s->taints |= on ? TBIT(TAINT_FORCED_MODULE) : 0;
		else if (!strcmp(tok, "test"))
			s->taints |= on ? TBIT(TAINT_TEST) : 0;
		else if (!strcmp(tok, "signote")) {
			s->signote |= on;
			s->taints |= on ? TBIT(TAINT_UNSIGNED_MODULE) : 0;
		} else if (!strcmp(tok, "livepatch")) {
			s->livepatch |= on;
			s->taints |= on ? TBIT(TAINT_LIVEPATCH) : 0;
		} else if (!strcmp(tok, "lockdep"))
			s->lockdep |= on;
		else if (!strcmp(tok, "extver"))
			s->extver |= on;
		else if (*tok)
			ret = -1;
	}
	free(copy);
	return ret;
}

void kstate_json(const struct kstate *s, FILE *f)
{
	char t[TAINT_FLAGS_COUNT + 1];
	size_t i, j;

	taints_string(s->taints, t);
	fprintf(f, "{\"kocheck_state\": 1, \"taints\": \"%s\", \"tainted\": %u, ", t, s->taints);
	fprintf(f, "\"once\": {\"signote\": %s, \"livepatch\": %s, \"lockdep\": %s, \"extver\": %s}, \"loaded\": [",
		s->signote ? "true" : "false", s->livepatch ? "true" : "false",
		s->lockdep ? "true" : "false", s->extver ? "true" : "false");
	for (i = 0; i < s->nmods; i++) {
		taints_string(s->mods[i].taints, t);
		fprintf(f, "%s{\"name\": ", i ? ", " : "");
		json_string(f, s->mods[i].name);
		fprintf(f, ", \"path\": ");
		json_string(f, s->mods[i].path);
		fprintf(f, ", \"taints\": \"%s\", ", t);
		{
			/* "[permanent]" in /proc/modules (informative: read
			 * back from the file, not from here) */
			struct modfile mf;
			char e2[256];

			if (!modfile_read_module(&mf, s->mods[i].path, e2, sizeof(e2))) {
				if (module_permanent(&mf) == 1)
					fprintf(f, "\"permanent\": true, ");
				modfile_free(&mf);
			}
		}
		fprintf(f, "\"uses\": [");
		for (j = 0; j < s->mods[i].nuses; j++) {
			fprintf(f, j ? ", " : "");
			json_string(f, s->mods[i].uses[j]);
		}
		fprintf(f, "]}");
	}
	fprintf(f, "]");
	if (s->held) {
		fprintf(f, ", \"held\": ");
		json_string(f, s->held);
	}
	fprintf(f, "}");
}

int kstate_save(const struct kstate *s, const char *path, char *err, size_t errlen)
{
	char tmp[PATH_MAX];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid());
	f = fopen(tmp, "w");
	if (!f) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	kstate_json(s, f);
	fputc('\n', f);
	if (fclose(f) || rename(tmp, path)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

static const char *bad(char *err, size_t errlen, const char *path, const char *what)
{
	snprintf(err, errlen, "%s: not a kocheck state: %s", path, what);
	return NULL;
}

int kstate_load(struct kstate *s, const struct target *t0, const char *path, char *err,
		size_t errlen)
{
	struct modfile f;
	struct jval *root;
	const struct jval *v, *once, *loaded;
	char perr[256];
	size_t i, j;
	long mask;

	if (modfile_read(&f, path, err, errlen))
		return -1;
	root = json_parse((const char *)f.raw, f.rawlen, perr, sizeof(perr));
	modfile_free(&f);
	if (!root) {
		snprintf(err, errlen, "%s: not JSON: %s", path, perr);
		return -1;
	}
	v = json_get(root, "kocheck_state");
	if (!v || v->t != J_NUM || v->num != 1) {
		bad(err, errlen, path, "\"kocheck_state\": 1 missing");
		goto fail;
	}
	v = json_get(root, "taints");
	if (v && (mask = taints_parse(v)) < 0) {
		bad(err, errlen, path, "\"taints\" takes taint letters (" TAINT_LETTERS ") or a number");
		goto fail;
	}
	if (v)
		s->taints |= mask;
	once = json_get(root, "once");
	if (once && once->t != J_OBJ) {
		bad(err, errlen, path, "\"once\" is not an object");
		goto fail;
	}
	for (i = 0; once && i < once->n; i++) {
		bool b = once->items[i].t == J_BOOL && once->items[i].b;

		if (once->items[i].t != J_BOOL) {
			bad(err, errlen, path, "the values of \"once\" are true or false");
			goto fail;
		}
		if (!strcmp(once->keys[i], "signote"))
			s->signote |= b;
		else if (!strcmp(once->keys[i], "livepatch"))
			s->livepatch |= b;
		else if (!strcmp(once->keys[i], "lockdep"))
			s->lockdep |= b;
		else if (!strcmp(once->keys[i], "extver"))
			s->extver |= b;
		else {
			bad(err, errlen, path, "\"once\" has signote, livepatch, lockdep, extver");
			goto fail;
		}
	}
	v = json_get(root, "held");
	if (v && v->t != J_STR) {
		bad(err, errlen, path, "\"held\" is not a string");
		goto fail;
	}
	if (v && !(s->held = strdup(v->str))) {
		bad(err, errlen, path, "out of memory");
		goto fail;
	}
	loaded = json_get(root, "loaded");
	if (loaded && loaded->t != J_ARR) {
		bad(err, errlen, path, "\"loaded\" is not an array");
		goto fail;
	}
	for (i = 0; loaded && i < loaded->n; i++) {
		const struct jval *e = &loaded->items[i];
		const struct jval *name = json_get(e, "name"), *p = json_get(e, "path");
		const struct jval *t = json_get(e, "taints"), *u = json_get(e, "uses");
		char **uses = NULL;
		long mt = -1;
		int r;

		if (!p || p->t != J_STR || (name && name->t != J_STR) ||
		    (u && u->t != J_ARR)) {
			bad(err, errlen, path, "each \"loaded\" entry has a \"path\" string (and \"name\", \"taints\", \"uses\")");
			goto fail;
		}
		if (t && (mt = taints_parse(t)) < 0) {
			bad(err, errlen, path, "a module's \"taints\" takes taint letters");
			goto fail;
		}
		if (u) {
			uses = calloc(u->n ? u->n : 1, sizeof(*uses));
			for (j = 0; uses && j < u->n; j++)
				uses[j] = u->items[j].t == J_STR ? u->items[j].str : "";
		}
		if (modfile_read_module(&f, p->str, err, errlen)) {
			free(uses);
			goto fail;
		}
		/* no "uses": from the symbols it imports */
		r = kstate_add(s, t0, &f, name ? name->str : NULL, mt < 0 ? 0 : mt,
			       uses, u ? u->n : 0, err, errlen);
		free(uses);
		modfile_free(&f);
		if (r)
			goto fail;
	}
	json_free(root);
	return 0;
fail:
	json_free(root);
	return -1;
}
