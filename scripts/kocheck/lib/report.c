// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's log as kocheck records it: the lines a load prints
 * (printk), kocheck's own notes, what it did not evaluate, and which
 * kernel function refused.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum { K_LINE, K_NOTE, K_UNEVAL };

/* Room for one more line; false (and the verdict marked truncated)
 * when there is no memory for it. */
static bool line_room(struct verdict *v)
{
	size_t cap = v->lines_cap ? 2 * v->lines_cap : 16;
	char **l;

	if (v->nlines < v->lines_cap)
		return true;
	l = realloc(v->lines, cap * sizeof(*l));
	if (!l) {
		v->truncated = true;
		return false;
	}
	v->lines = l;
	v->lines_cap = cap;
	return true;
}

/* printk() of a line (without its newline), or a note or an
 * unevaluated item of kocheck's own */
static void vsay(struct verdict *v, int kind, const char *fmt, va_list ap)
{
	char *s, **list;
	size_t *n, max;
	size_t i;

	switch (kind) {
	case K_LINE:
		if (!line_room(v))
			return;
		list = v->lines; n = &v->nlines; max = v->lines_cap;
		break;
	case K_NOTE: list = v->notes; n = &v->nnotes; max = KOCHECK_MAX_NOTES; break;
	default: list = v->uneval; n = &v->nuneval; max = KOCHECK_MAX_NOTES; break;
	}
	if (*n >= max)
		return;
	if (vasprintf(&s, fmt, ap) < 0) {
		v->truncated |= kind == K_LINE;
		return;
	}
	/* a note or an unevaluated item is listed once */
	for (i = 0; kind != K_LINE && i < *n; i++) {
		if (!strcmp(list[i], s)) {
			free(s);
			return;
		}
	}
	list[(*n)++] = s;
	if (kind == K_LINE)
		v->open_last = false;
}

/* A line the kernel logs (without its trailing newline). */
void say(struct info *in, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(in->v, K_LINE, fmt, ap);
	va_end(ap);
}

void say_open(struct info *in, const char *fmt, ...)
{
	va_list ap;
	size_t n = in->v->nlines;

	va_start(ap, fmt);
	vsay(in->v, K_LINE, fmt, ap);
	va_end(ap);
	in->v->open_last = in->v->nlines > n;
}

/* A remark about the prediction: not a kernel line. */
void note(struct info *in, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(in->v, K_NOTE, fmt, ap);
	va_end(ap);
}

/* Something the kernel does that kocheck does not evaluate: the verdict
 * cannot be a confident one unless the caller says what it gives. */
void uneval(struct info *in, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(in->v, K_UNEVAL, fmt, ap);
	va_end(ap);
}

/* The check that refused: its kernel function, and the error. */
int refuse(struct info *in, const char *func, int err)
{
	if (err && !in->v->refused_by)
		in->v->refused_by = func;
	return err;
}

/* the verdict's lines and notes */
void verdict_free(struct verdict *v)
{
	size_t i;

	for (i = 0; i < v->nlines; i++)
		free(v->lines[i]);
	free(v->lines);
	for (i = 0; i < v->nnotes; i++)
		free(v->notes[i]);
	for (i = 0; i < v->nuneval; i++)
		free(v->uneval[i]);
	free(v->held);
	memset(v, 0, sizeof(*v));
}

/* the lines of a second system call after the first's (busybox) */
void verdict_append(struct verdict *to, struct verdict *from)
{
	size_t i;

	for (i = 0; i < from->nlines; i++) {
		if (line_room(to))
			to->lines[to->nlines++] = from->lines[i];
		else
			free(from->lines[i]);
	}
	for (i = 0; i < from->nnotes; i++) {
		if (to->nnotes < KOCHECK_MAX_NOTES)
			to->notes[to->nnotes++] = from->notes[i];
		else
			free(from->notes[i]);
	}
	for (i = 0; i < from->nuneval; i++) {
		size_t j;

		for (j = 0; j < to->nuneval && strcmp(to->uneval[j], from->uneval[i]); j++)
			;
		if (j == to->nuneval && to->nuneval < KOCHECK_MAX_NOTES)
			to->uneval[to->nuneval++] = from->uneval[i];
		else
			free(from->uneval[i]);
	}
	to->truncated |= from->truncated;
	if (from->nlines)
		to->open_last = from->open_last;
	from->nlines = from->nnotes = from->nuneval = 0;
}

void verdict_log(struct verdict *v, struct kstate *s, bool code_ran)
{
	size_t i;

	if (s->held && v->nlines && line_room(v)) {
		/* the next record finalizes the held one (prb_reserve()) */
		for (i = v->nlines; i > 0; i--)
			v->lines[i] = v->lines[i - 1];
		v->lines[0] = s->held;
		v->nlines++;
		s->held = NULL;
	} else if (s->held && code_ran && v->nuneval < KOCHECK_MAX_NOTES &&
		   asprintf(&v->uneval[v->nuneval], "whether the held line \"%s\" shows now: it does if the module's own code logs a line",
			    s->held) >= 0) {
		v->nuneval++;
		if (v->kind == V_LOADS)
			v->kind = V_UNKNOWN;
	}
	if (v->open_last && v->nlines) {
		free(s->held);
		s->held = v->lines[--v->nlines];
		v->held = strdup(s->held);
		v->open_last = false;
	}
}
