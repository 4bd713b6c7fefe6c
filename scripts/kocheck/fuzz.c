// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: any bytes as a module, replayed against a small
 * x86_64 and a small arm target, by finit_module(2) with each flag
 * combination (gzip and xz decompression included) and by
 * init_module(2), from a state where the same bytes are a live module
 * (so sequence, EEXIST, exports and unload run too); as a compressed
 * file; as a state file (JSON); and as a kernel line to escape.
 */
#include <stdlib.h>
#include <string.h>

#include "kocheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void each(const struct modfile *m, const struct verdict *v, const struct kstate *s,
		 void *arg)
{
	(void)m;
	(void)v;
	kstate_json(s, arg);
}

static void targets(struct target *t64, struct target *t32)
{
	target_set_arch(t64, "x86_64");
	t64->vermagic = strdup("6.1.0 SMP preempt mod_unload modversions ");
	t64->modversions = t64->module_sig = t64->force_load = true;
	t64->retpoline = t64->dyndbg = true;
	t64->decompress = Z_XZ;
	t64->strict_rwx = t64->constructors = true;
	exports_add(&t64->exports, "module_layout", 0x160c03af, true, false, "", -1);
	exports_add(&t64->exports, "_printk", 0x92997ed8, true, false, "", -1);
	exports_add(&t64->exports, "gpl_only", 1, true, true, "", -1);
	exports_add(&t64->exports, "in_ns", 2, true, false, "NS", -1);
	exports_add(&t64->exports, "param_ops_int", 3, true, false, "", -1);
	target_set_arch(t32, "arm");
	t32->vermagic = strdup("6.1.0 mod_unload ARMv7 p2v8 ");
	t32->sig_force = t32->module_sig = true;
	t32->livepatch = true;
	t32->blacklist = "a,,b";
	t32->decompress = Z_GZIP;
	t32->module_plts = t32->thumb2 = t32->group_relocs = true;
	exports_add(&t32->exports, "_printk", 0, false, false, "", -1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct target t64, t32;
	static int ready;
	struct modfile m = { .path = "/fuzz.ko", .raw = data, .rawlen = size, .data = data,
			     .len = size };
	static const char *params[] = { "limit=5", "verbose", "label", "x.dyndbg=+p", "a-b=0x10",
					"p" };
	static const struct setter_ret setters[] = { { "q", -22 } };
	struct load_request req = {
		.file = &m, .buf = data, .len = size, .params = params, .nparams = 6,
		.setters = setters, .nsetters = 1,
	};
	struct kstate s = { 0 }, live = { 0 };
	struct verdict v = { 0 };
	char err[256], name[64], *line;
	uint8_t *out;
	size_t outlen;
	uint32_t taints;
	struct jval *j;
	int flags;

	if (!ready) {
		zunpack_max = 16 << 20;
		targets(&t64, &t32);
		ready = 1;
	}
	/* the same bytes as a live module: exports, taints, uses */
	if (!module_static_info(&m, &t64, name, sizeof(name), &taints))
		kstate_add(&live, &t64, &m, NULL, -1, NULL, 0, err, sizeof(err));
	for (flags = 0; flags < 8; flags++) {
		req.flags = flags;
		req.init_known = flags & 1;
		req.init_ret = flags & 2 ? -19 : 1;
		kstate_copy(&s, &live);
		replay_load(&t64, &s, &req, &v);
		verdict_free(&v);
		kstate_free(&s);
		replay_load(&t32, &s, &req, &v);
		verdict_free(&v);
		/* a second load in the same state: EEXIST or the same again */
		replay_load(&t32, &s, &req, &v);
		verdict_free(&v);
		kstate_unload(&s, &t32, name);
		kstate_free(&s);
	}
	req.flags = 0;
	req.init_module = true;
	replay_load(&t64, &s, &req, &v);
	verdict_free(&v);
	kstate_free(&s);
	kstate_free(&live);
	/* as a file the tools load: kmod, busybox insmod and modprobe */
	{
		static FILE *null;
		struct load_opts o = { .t = &t64, .params = params, .nparams = 6 };
		struct modfile f = m;
		enum load_how how;

		if (!null)
			null = fopen("/dev/null", "w");
		f.format = zformat_of(data, size, "/fuzz.ko.lzma");
		if (f.format != Z_NONE &&
		    !zunpack(f.format, data, size, &out, &outlen, err, sizeof(err))) {
			f.data = out;
			f.len = outlen;
		} else if (f.format != Z_NONE) {
			f.unpack_err = err;
		}
		for (how = H_KMOD; how <= H_INIT; how++) {
			o.how = how;
			if (how == H_MODPROBE) {
				tool_modprobe(&o, &s, &f, 1, each, null, err, sizeof(err));
			} else if (!tool_load(&o, &s, &f, &v, err, sizeof(err))) {
				if (null)
					kstate_json(&s, null);
			}
			verdict_free(&v);
		}
		kstate_free(&s);
		if (f.data != data)
			free((void *)f.data);
	}
	/* as a state file */
	j = json_parse((const char *)data, size, err, sizeof(err));
	json_free(j);
	/* as a kernel line */
	line = strndup((const char *)data, size);
	if (line) {
		free(dmesg_escape(line));
		kstate_taint_keywords(&s, line);
		free(line);
	}
	return 0;
}
