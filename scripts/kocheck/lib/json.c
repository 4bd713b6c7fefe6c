// SPDX-License-Identifier: GPL-2.0
/*
 * The little JSON kocheck needs: a parser for its state files and a
 * string writer for its output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kocheck.h"

struct jp {
	const char *p, *end;
	char *err;
	size_t errlen;
	int depth;
};

static void ws(struct jp *j)
{
	while (j->p < j->end && strchr(" \t\r\n", *j->p))
		j->p++;
}

static int fail(struct jp *j, const char *what)
{
	if (!j->err[0])
		snprintf(j->err, j->errlen, "%s", what);
	return -1;
}

static int put_utf8(char **buf, size_t *n, unsigned int c)
{
	char tmp[4];
	size_t k = 0, i;
	char *b;

	if (c < 0x80) {
		tmp[k++] = c;
	} else if (c < 0x800) {
		tmp[k++] = 0xc0 | c >> 6;
		tmp[k++] = 0x80 | (c & 0x3f);
	} else {
		tmp[k++] = 0xe0 | c >> 12;
		tmp[k++] = 0x80 | ((c >> 6) & 0x3f);
		tmp[k++] = 0x80 | (c & 0x3f);
	}
	b = realloc(*buf, *n + k + 1);
	if (!b)
		return -1;
	*buf = b;
	for (i = 0; i < k; i++)
		b[(*n)++] = tmp[i];
	b[*n] = '\0';
	return 0;
}

static int parse_string(struct jp *j, char **out)
{
	char *buf = calloc(1, 1);
	size_t n = 0;

	if (!buf)
		return fail(j, "out of memory");
	j->p++;	/* the opening quote */
	while (j->p < j->end && *j->p != '"') {
		unsigned int c = (unsigned char)*j->p++;

		if (c == '\\') {
			if (j->p >= j->end)
				break;
			c = (unsigned char)*j->p++;
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'u': {
				char hex[5] = { 0 };

				if (j->end - j->p < 4) {
					free(buf);
					return fail(j, "bad \\u escape");
				}
				memcpy(hex, j->p, 4);
				j->p += 4;
				c = strtoul(hex, NULL, 16);
				if (!c || c > 0xffff) {
					free(buf);
					return fail(j, "bad \\u escape");
				}
				break;
			}
			case '"': case '\\': case '/': break;
			default:
				free(buf);
				return fail(j, "bad escape in a string");
			}
			if (put_utf8(&buf, &n, c)) {
				free(buf);
				return fail(j, "out of memory");
			}
			continue;
		}
		if (c < 0x20) {
			free(buf);
			return fail(j, "control character in a string");
		}
		{
			char *b = realloc(buf, n + 2);

			if (!b) {
				free(buf);
				return fail(j, "out of memory");
			}
			buf = b;
			buf[n++] = c;
			buf[n] = '\0';
		}
	}
	if (j->p >= j->end) {
		free(buf);
		return fail(j, "unterminated string");
	}
	j->p++;
	*out = buf;
	return 0;
}

static int parse_value(struct jp *j, struct jval *v);

static int add_item(struct jp *j, struct jval *v, char *key)
{
	struct jval *items = realloc(v->items, (v->n + 1) * sizeof(*items));
	char **keys;

	if (!items)
		return fail(j, "out of memory");
	v->items = items;
	keys = realloc(v->keys, (v->n + 1) * sizeof(*keys));
	if (!keys)
		return fail(j, "out of memory");
	v->keys = keys;
	memset(&v->items[v->n], 0, sizeof(*items));
	v->keys[v->n] = key;
	v->n++;
	return parse_value(j, &v->items[v->n - 1]);
}

static int parse_value(struct jp *j, struct jval *v)
{
	memset(v, 0, sizeof(*v));
	ws(j);
	if (j->p >= j->end)
		return fail(j, "unexpected end of the file");
	if (++j->depth > 64)
		return fail(j, "nested too deeply");
	switch (*j->p) {
	case '{':
		v->t = J_OBJ;
		j->p++;
		ws(j);
		if (j->p < j->end && *j->p == '}') {
			j->p++;
			break;
		}
		for (;;) {
			char *key;

			ws(j);
			if (j->p >= j->end || *j->p != '"')
				return fail(j, "expected a key");
			if (parse_string(j, &key))
				return -1;
			ws(j);
			if (j->p >= j->end || *j->p != ':') {
				free(key);
				return fail(j, "expected ':'");
			}
			j->p++;
			if (add_item(j, v, key))
				return -1;
			ws(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p < j->end && *j->p == '}') {
				j->p++;
				break;
			}
			return fail(j, "expected ',' or '}'");
		}
		break;
	case '[':
		v->t = J_ARR;
		j->p++;
		ws(j);
		if (j->p < j->end && *j->p == ']') {
			j->p++;
			break;
		}
		for (;;) {
			if (add_item(j, v, NULL))
				return -1;
			ws(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p < j->end && *j->p == ']') {
				j->p++;
				break;
			}
			return fail(j, "expected ',' or ']'");
		}
		break;
	case '"':
		v->t = J_STR;
		if (parse_string(j, &v->str))
			return -1;
		break;
	case 't':
	case 'f':
	case 'n': {
		static const char *const words[] = { "true", "false", "null" };
		int w = *j->p == 't' ? 0 : *j->p == 'f' ? 1 : 2;
		size_t l = strlen(words[w]);

		if ((size_t)(j->end - j->p) < l || memcmp(j->p, words[w], l))
			return fail(j, "bad literal");
		j->p += l;
		v->t = w == 2 ? J_NULL : J_BOOL;
		v->b = w == 0;
		break;
	}
	default: {
		char num[64], *e;
		size_t l = 0;

		while (j->p + l < j->end && l < sizeof(num) - 1 && strchr("+-0123456789.eE", j->p[l]))
			l++;
		if (!l)
			return fail(j, "unexpected character");
		memcpy(num, j->p, l);
		num[l] = '\0';
		v->num = strtod(num, &e);
		if (*e)
			return fail(j, "bad number");
		v->t = J_NUM;
		j->p += l;
		break;
	}
	}
	j->depth--;
	return 0;
}

struct jval *json_parse(const char *text, size_t len, char *err, size_t errlen)
{
	struct jp j = { text, text + len, err, errlen, 0 };
	struct jval *v = calloc(1, sizeof(*v));

	err[0] = '\0';
	if (!v)
		return NULL;
	if (parse_value(&j, v) == 0) {
		ws(&j);
		if (j.p == j.end)
			return v;
		fail(&j, "text after the value");
	}
	json_free(v);
	return NULL;
}

const struct jval *json_get(const struct jval *obj, const char *key)
{
	size_t i;

	if (!obj || obj->t != J_OBJ)
		return NULL;
	for (i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return &obj->items[i];
	return NULL;
}

static void jfree(struct jval *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		jfree(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
}

void json_free(struct jval *v)
{
	if (!v)
		return;
	jfree(v);
	free(v);
}

void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}
