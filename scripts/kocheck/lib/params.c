// SPDX-License-Identifier: GPL-2.0
/*
 * Module parameters: parse_args() and parse_one() of kernel/params.c
 * with load_module()'s unknown_module_param_cb(), the kernel's standard
 * kernel_param_ops, and lib/kstrtox.c's parsers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A module parameter as the kernel sees it in __param (struct
 * kernel_param of include/linux/moduleparam.h: name, mod, ops, perm,
 * level, flags, then arg, str or arr), its pointers filled in by
 * relocations; for param_array_ops the struct kparam_array (max,
 * elemsize, num, ops, elem) and for param_ops_string the struct
 * kparam_string (maxlen, string) it points to. */
struct kparam {
	const char *name;
	const char *ops;	/* the symbol ops points to: param_ops_int, ... */
	uint8_t flags;
	bool has_arg;		/* arg's target was found */
	bool own_ops;		/* ops is the module's own kernel_param_ops */
	uint32_t ops_flags;	/* ... its flags (KERNEL_PARAM_OPS_FL_NOARG) */
	uint32_t arr_max;	/* kparam_array.max, or kparam_string.maxlen */
	const char *elem_ops;	/* kparam_array.ops */
};

/* The place the pointer at byte OFF of section SEC points to after
 * relocation: a section and an offset in it (symbol + addend), and the
 * symbol's name.  false: no relocation there. */
static bool reloc_target(const struct info *in, unsigned int sec, uint64_t off,
			 unsigned int *tsec, uint64_t *toff, const char **symname)
{
	struct shdr r, symsec, strsec, data;
	unsigned int i;

	*tsec = 0;
	*toff = 0;
	*symname = NULL;
	shdr(in, in->index_sym, &symsec);
	shdr(in, in->index_str, &strsec);
	shdr(in, sec, &data);
	for (i = 1; i < in->eh.shnum; i++) {
		uint64_t esz, j, n;

		shdr(in, i, &r);
		if ((r.type != SHT_RELA && r.type != SHT_REL) || r.info != sec ||
		    !in_file(in, &r))
			continue;
		esz = rel_size(in->cls, r.type);
		n = r.size / esz;
		for (j = 0; j < n; j++) {
			struct rel rel;
			uint64_t addend;
			struct sym sym;

			read_rel(in->hdr + r.offset + j * esz, in->cls, r.type, &rel);
			if (rel.offset != off)
				continue;
			/* REL: the addend is in the place (arm's R_ARM_ABS32) */
			if (rel.has_addend)
				addend = rel.addend;
			else if (in_file(in, &data) && data.type != SHT_NOBITS && off + 4 <= data.size)
				addend = rd(in->hdr + data.offset + off, 4);
			else
				addend = 0;
			if (rel.sym == 0 || rel.sym >= symsec.size / sym_size(in->cls))
				return false;
			read_sym(in->hdr + symsec.offset + rel.sym * sym_size(in->cls), in->cls, &sym);
			if (in_file(in, &strsec))
				*symname = str_in(in->hdr + strsec.offset, strsec.size, sym.name);
			if (sym.shndx && sym.shndx < in->eh.shnum) {
				*tsec = sym.shndx;
				*toff = (sym.value + addend) &
					(in->cls == ELFCLASS32 ? 0xffffffffu : UINT64_MAX);
			}
			return true;
		}
	}
	return false;
}

/* A NUL-terminated string at TOFF of section TSEC, or NULL. */
static const char *sec_string(const struct info *in, unsigned int tsec, uint64_t toff)
{
	struct shdr t;

	if (!tsec)
		return NULL;
	shdr(in, tsec, &t);
	if (!in_file(in, &t) || t.type == SHT_NOBITS)
		return NULL;
	return str_in(in->hdr + t.offset, t.size, toff);
}

/* A u32 at TOFF of section TSEC (a NOBITS section is zeros). */
static bool sec_u32(const struct info *in, unsigned int tsec, uint64_t toff, uint32_t *v)
{
	struct shdr t;

	if (!tsec)
		return false;
	shdr(in, tsec, &t);
	if (t.type == SHT_NOBITS) {
		*v = 0;
		return toff < t.size;
	}
	if (!in_file(in, &t) || toff > t.size || t.size - toff < 4)
		return false;
	*v = rd(in->hdr + t.offset + toff, 4);
	return true;
}

static size_t module_params(const struct info *in, struct kparam **out)
{
	unsigned int idx = find_sec(in, "__param");
	bool c32 = in->cls == ELFCLASS32;
	size_t ptr = c32 ? 4 : 8, kpsize = c32 ? 20 : 40, opsoff = 2 * ptr;
	size_t flagsoff = 3 * ptr + 3, argoff = c32 ? 16 : 32, i, n;
	struct kparam *kp;
	struct shdr s;

	*out = NULL;
	if (!idx)
		return 0;
	shdr(in, idx, &s);
	if (!in_file(in, &s) || s.type == SHT_NOBITS)
		return 0;
	n = s.size / kpsize;
	if (n > 4096)
		n = 4096;
	kp = calloc(n ? n : 1, sizeof(*kp));
	if (!kp)
		return 0;
	for (i = 0; i < n; i++) {
		const char *dummy;
		unsigned int tsec, asec;
		uint64_t toff, aoff;

		if (reloc_target(in, idx, i * kpsize, &tsec, &toff, &dummy))
			kp[i].name = sec_string(in, tsec, toff);
		reloc_target(in, idx, i * kpsize + opsoff, &tsec, &toff, &kp[i].ops);
		/* struct kernel_param_ops starts with its flags */
		kp[i].own_ops = tsec && sec_u32(in, tsec, toff, &kp[i].ops_flags);
		kp[i].flags = in->hdr[s.offset + i * kpsize + flagsoff];
		if (!kp[i].ops || !reloc_target(in, idx, i * kpsize + argoff, &asec, &aoff, &dummy))
			continue;
		if (!strcmp(kp[i].ops, "param_array_ops")) {
			/* struct kparam_array: max, elemsize, num, ops, elem */
			kp[i].has_arg = sec_u32(in, asec, aoff, &kp[i].arr_max) &&
					reloc_target(in, asec, aoff + 8 + ptr, &tsec, &toff,
						     &kp[i].elem_ops) && kp[i].elem_ops;
		} else if (!strcmp(kp[i].ops, "param_ops_string")) {
			/* struct kparam_string: maxlen, string */
			kp[i].has_arg = sec_u32(in, asec, aoff, &kp[i].arr_max);
		}
	}
	*out = kp;
	return n;
}

/* parameq() (kernel/params.c) */
static bool parameq(const char *a, const char *b)
{
	for (;; a++, b++) {
		char ca = *a == '-' ? '_' : *a, cb = *b == '-' ? '_' : *b;

		if (ca != cb)
			return false;
		if (!ca)
			return true;
	}
}

/* _kstrtoull() and friends (lib/kstrtox.c): 0, -EINVAL or -ERANGE */
static int _kstrtoull(const char *s, unsigned long long *res)
{
	unsigned long long v = 0;
	unsigned int base;
	bool any = false, overflow = false;

	/* _parse_integer_fixup_radix() with base 0 */
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && s[2] &&
	    strchr("0123456789abcdefABCDEF", s[2]))
		base = 16;
	else
		base = s[0] == '0' ? 8 : 10;
	if (base == 16)
		s += 2;
	for (; *s; s++, any = true) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
			d = (*s | 0x20) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		if (v > (~0ULL - d) / base)
			overflow = true;
		v = v * base + d;
	}
	if (overflow)
		return -ERANGE;
	if (!any)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}

static int kstrtoull(const char *s, unsigned long long *res)
{
	if (s[0] == '+')
		s++;
	return _kstrtoull(s, res);
}

/* kstrtoll(), then the range check of kstrtoint() & co. */
static int kstrtoll(const char *s, long long min, long long max)
{
	unsigned long long v;
	int err;

	if (s[0] == '-') {
		err = _kstrtoull(s + 1, &v);
		if (err)
			return err;
		if (v > (unsigned long long)LLONG_MAX + 1)
			return -ERANGE;
		/* -v >= min */
		if (v && v - 1 > (unsigned long long)(-(min + 1)))
			return -ERANGE;
		return 0;
	}
	err = kstrtoull(s, &v);
	if (err)
		return err;
	if (v > (unsigned long long)max)
		return -ERANGE;
	return 0;
}

static int kstrtou(const char *s, unsigned long long max)
{
	unsigned long long v;
	int err = kstrtoull(s, &v);

	if (!err && v > max)
		err = -ERANGE;
	return err;
}

static int kstrtobool(const char *s)
{
	if (strchr("yYtT1nNfF0", s[0]) && s[0])
		return 0;
	if ((s[0] == 'o' || s[0] == 'O') && s[1] && strchr("nNfF", s[1]))
		return 0;
	return -EINVAL;
}

/* The kernel's scalar kernel_param_ops, whose set functions std_set()
 * runs. */
static bool is_std_ops(const char *ops)
{
	static const char *const std[] = {
		"param_ops_byte", "param_ops_short", "param_ops_ushort", "param_ops_int",
		"param_ops_uint", "param_ops_long", "param_ops_ulong", "param_ops_ullong",
		"param_ops_hexint", "param_ops_llong", "param_ops_charp", "param_ops_bool",
		"param_ops_invbool", "param_ops_bint",
	};
	size_t i;

	for (i = 0; i < sizeof(std) / sizeof(std[0]); i++)
		if (!strcmp(ops, std[i]))
			return true;
	return false;
}

/* The kernel's ops with KERNEL_PARAM_OPS_FL_NOARG (all bool-like) */
static bool noarg_ops(const char *ops)
{
	return ops && (!strcmp(ops, "param_ops_bool") || !strcmp(ops, "param_ops_invbool") ||
		       !strcmp(ops, "param_ops_bint") || !strcmp(ops, "param_ops_bool_enable_only"));
}

/* The set function of the kernel's standard kernel_param_ops (kernel/
 * params.c): 0 or an error; 1 when it is not one we can run. */
static int std_set(struct info *in, const char *ops, const char *name, const char *val)
{
	bool l64 = in->cls == ELFCLASS64;

	if (noarg_ops(ops))
		return kstrtobool(val ? val : "1");
	if (!val)
		return 1;
	if (!strcmp(ops, "param_ops_byte"))
		return kstrtou(val, 0xff);
	if (!strcmp(ops, "param_ops_ushort"))
		return kstrtou(val, 0xffff);
	if (!strcmp(ops, "param_ops_uint") || !strcmp(ops, "param_ops_hexint"))
		return kstrtou(val, 0xffffffffu);
	if (!strcmp(ops, "param_ops_ulong"))
		return kstrtou(val, l64 ? ~0ULL : 0xffffffffu);
	if (!strcmp(ops, "param_ops_ullong"))
		return kstrtou(val, ~0ULL);
	if (!strcmp(ops, "param_ops_short"))
		return kstrtoll(val, -32768, 32767);
	if (!strcmp(ops, "param_ops_int"))
		return kstrtoll(val, INT32_MIN, INT32_MAX);
	if (!strcmp(ops, "param_ops_long"))
		return kstrtoll(val, l64 ? LLONG_MIN : INT32_MIN, l64 ? LLONG_MAX : INT32_MAX);
	if (!strcmp(ops, "param_ops_llong"))
		return kstrtoll(val, LLONG_MIN, LLONG_MAX);
	if (!strcmp(ops, "param_ops_charp")) {
		if (strnlen(val, 1025) == 1025) {
			say(in, "%s: string parameter too long", name);
			return -ENOSPC;
		}
		return 0;
	}
	return 1;
}

/* The set function of a parameter that is not one of the kernel's
 * scalar types: what --setter-returns says it returns, or not evaluated. */
static int custom_set(struct info *in, const struct load_request *req, const struct kparam *kp,
		      const char *param, const char *ops)
{
	size_t i;

	for (i = 0; i < req->nsetters; i++)
		if (parameq(req->setters[i].name, param) || parameq(req->setters[i].name, kp->name))
			return req->setters[i].ret;
	uneval(in, "the set function of parameter '%s' (%s): assumed to return 0; give --setter-returns %s=N",
	       kp->name, ops && ops[0] ? ops : "the module's own kernel_param_ops", kp->name);
	in->unknown = true;
	return 0;
}

/* param_array() of kernel/params.c for param_array_ops: each
 * comma-separated element with the element type's set function, the
 * value cut in place at each comma it passes (so parse_args() quotes
 * only the first element afterwards). */
static int param_array(struct info *in, const struct load_request *req, const struct kparam *kp,
		       const char *param, char *val)
{
	unsigned int num = 0;
	char save;
	int ret;

	do {
		size_t len;

		if (num == kp->arr_max) {
			say(in, "%s: can only take %i arguments", kp->name, (int)kp->arr_max);
			return -EINVAL;
		}
		len = strcspn(val, ",");
		save = val[len];
		val[len] = '\0';
		ret = is_std_ops(kp->elem_ops) ? std_set(in, kp->elem_ops, kp->name, val) : 1;
		if (ret == 1)
			ret = custom_set(in, req, kp, param, kp->elem_ops);
		if (ret)
			return ret;
		val += len + 1;
		num++;
	} while (save == ',');
	/* min is 1: at least the one element done */
	return 0;
}

/* param_set_copystring() of kernel/params.c for param_ops_string */
static int param_set_copystring(struct info *in, const struct kparam *kp, const char *val)
{
	if (strnlen(val, kp->arr_max) == kp->arr_max) {
		say(in, "%s: string doesn't fit in %u chars.", kp->name, kp->arr_max - 1);
		return -ENOSPC;
	}
	return 0;
}

/* A query ddebug_exec_queries() takes without a line: flags alone
 * ("+p", "-p", "=pmflt", ...; NULL is "+p"). */
static bool simple_dyndbg(const char *val)
{
	if (!val)
		return true;
	if (!*val || !strchr("+-=", *val))
		return false;
	return strspn(val + 1, "pmflt_") == strlen(val + 1);
}

/* parse_args() (kernel/params.c) with parse_one() and load_module()'s
 * unknown_module_param_cb(): each --param is one argument.  The kernel's
 * scalar types (param_ops_int, _bool, _charp, ...) are evaluated here;
 * any other set function (module_param_cb(), arrays, strings) is not. */
/* isspace() of the kernel's ctype (lib/ctype.c): NBSP (0xa0) too */
static bool kisspace(char c)
{
	return (c && strchr(" \t\n\v\f\r", c)) || (unsigned char)c == 0xa0;
}

static char *skip_spaces(char *s)
{
	while (*s && kisspace(*s))
		s++;
	return s;
}

/* next_arg() of lib/cmdline.c: "param=value", quotes around either */
static char *next_arg(char *args, char **param, char **val)
{
	unsigned int i, equals = 0;
	int in_quote = 0, quoted = 0;

	if (*args == '"') {
		args++;
		in_quote = 1;
		quoted = 1;
	}
	for (i = 0; args[i]; i++) {
		if (kisspace(args[i]) && !in_quote)
			break;
		if (equals == 0 && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	if (!equals) {
		*val = NULL;
	} else {
		args[equals] = '\0';
		*val = args + equals + 1;
		/* Don't include quotes in value. */
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i]) {
		args[i] = '\0';
		args += i + 1;
	} else {
		args += i;
	}
	return skip_spaces(args);
}

/* The argument string of the system call: what the tool made of the
 * parameters (req->args), else them joined with spaces. */
static char *module_args(const struct load_request *req)
{
	size_t i, len = 1;
	char *s;

	if (req->args)
		return strdup(req->args);
	for (i = 0; i < req->nparams; i++)
		len += strlen(req->params[i]) + 1;
	s = calloc(1, len);
	for (i = 0; s && i < req->nparams; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, req->params[i]);
	}
	return s;
}

int parse_args(struct info *in, const struct load_request *req)
{
	struct kparam *kp;
	size_t nkp = module_params(in, &kp), j;
	int err = 0;
	char *buf = module_args(req), *args;

	if (!buf) {
		free(kp);
		return 0;
	}
	/* Chew leading spaces */
	args = skip_spaces(buf);
	while (*args) {
		char *param, *val, *dot;
		int ret = 0;

		args = next_arg(args, &param, &val);
		/* Stop at -- */
		if (!val && !strcmp(param, "--")) {
			/* load_module(): "parameters '%s' after `--' ignored",
			 * unless an error came before */
			if (!err)
				say(in, "%s: parameters '%s' after `--' ignored", in->modname, args);
			break;
		}
		for (j = 0; j < nkp; j++)
			if (kp[j].name && parameq(param, kp[j].name))
				break;
		if (j < nkp) {
			/* parse_one() */
			bool std = kp[j].ops && (is_std_ops(kp[j].ops) || kp[j].has_arg);

			if (!val && std && !noarg_ops(kp[j].ops)) {
				/* "No one handled NULL, so do it here." */
				ret = -EINVAL;
			} else if (!val && !std && kp[j].own_ops &&
				   !(kp[j].ops_flags & 1 /* KERNEL_PARAM_OPS_FL_NOARG */)) {
				ret = -EINVAL;
			} else if ((kp[j].flags & 2 /* KERNEL_PARAM_FL_HWPARAM */) && in->t->lockdown) {
				/* param_check_unsafe():
				 * security_locked_down(LOCKDOWN_MODULE_PARAMETERS) */
				say(in, "Lockdown: %s: unsafe module parameters is restricted; see man kernel_lockdown.7",
				    in->t->comm ? in->t->comm : "insmod");
				ret = -EPERM;
			} else {
				/* param_check_unsafe() */
				if (kp[j].flags & 1 /* KERNEL_PARAM_FL_UNSAFE */) {
					say(in, "Setting dangerous option %s - tainting kernel", kp[j].name);
					add_taint(in, TAINT_USER, false);
				}
				if (!std)
					ret = 1;
				else if (!strcmp(kp[j].ops, "param_array_ops"))
					ret = param_array(in, req, &kp[j], param, val);
				else if (!strcmp(kp[j].ops, "param_ops_string"))
					ret = param_set_copystring(in, &kp[j], val);
				else
					ret = std_set(in, kp[j].ops, kp[j].name, val);
				if (ret == 1)
					ret = custom_set(in, req, &kp[j], param, kp[j].ops);
			}
		} else if (strcmp(param, "async_probe")) {
			/* ddebug_dyndbg_module_param_cb() */
			bool dyndbg;

			if (in->t->dyndbg) {
				dot = strchr(param, '.');
				if (dot)
					*dot = '\0';
				dyndbg = !strcmp(dot ? dot + 1 : param, "dyndbg");
			} else {
				dyndbg = !strcmp(param, "dyndbg");
				if (dyndbg)
					say(in, "dyndbg param is supported only in CONFIG_DYNAMIC_DEBUG builds");
			}
			if (!dyndbg)
				say(in, "%s: unknown parameter '%s' ignored", in->modname, param);
			else if (in->t->dyndbg && !simple_dyndbg(val))
				uneval(in, "the dynamic debug query '%s' (ddebug_exec_queries() may log a parse error; the load goes on)",
				       val);
		}
		switch (ret) {
		case 0:
			break;
		case -ENOENT:
			say(in, "%s: Unknown parameter `%s'", in->modname, param);
			err = ret;
			break;
		case -ENOSPC:
			say(in, "%s: `%s' too large for parameter `%s'", in->modname, val ? val : "", param);
			err = ret;
			break;
		default:
			say(in, "%s: `%s' invalid for parameter `%s'", in->modname, val ? val : "", param);
			err = ret;
			break;
		}
	}
	free(buf);
	free(kp);
	return err ? refuse(in, "parse_args", err) : 0;
}
