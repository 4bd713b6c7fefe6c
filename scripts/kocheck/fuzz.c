// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: any bytes as a module, replayed against a small
 * x86_64 and a small arm target, with and without the finit_module
 * flags, and read as an already loaded module.
 */
#include <stdlib.h>
#include <string.h>

#include "kocheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void targets(struct target *t64, struct target *t32)
{
	target_set_arch(t64, "x86_64");
	t64->vermagic = strdup("6.1.0 SMP preempt mod_unload modversions ");
	t64->modversions = t64->module_sig = t64->force_load = true;
	t64->retpoline = t64->dyndbg = true;
	exports_add(&t64->exports, "module_layout", 0x160c03af, true, false, "", -1);
	exports_add(&t64->exports, "_printk", 0x92997ed8, true, false, "", -1);
	exports_add(&t64->exports, "gpl_only", 1, true, true, "", -1);
	exports_add(&t64->exports, "in_ns", 2, true, false, "NS", -1);
	target_set_arch(t32, "arm");
	t32->vermagic = strdup("6.1.0 mod_unload ARMv7 p2v8 ");
	t32->sig_force = t32->module_sig = true;
	t32->livepatch = true;
	t32->blacklist = "a,,b";
	exports_add(&t32->exports, "_printk", 0, false, false, "", -1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct target t64, t32;
	static int ready;
	struct modfile m = { .path = "fuzz", .data = data, .len = size };
	struct exports mods = { 0 };
	struct loaded_set ls = { 0 };
	struct loaded_mod lm;
	struct load_request req = { .mod = &m, .loaded = &ls };
	static const char *params[] = { "limit=5", "verbose", "label", "x.dyndbg=+p", "a-b=0x10" };
	struct taints taints = { 0 };
	struct verdict v = { 0 };
	int flags;

	if (!ready) {
		targets(&t64, &t32);
		ready = 1;
	}
	if (!module_exports(&m, &mods, 0, &lm, &ls)) {
		ls.v = &lm;
		ls.n = 1;
	}
	req.params = params;
	req.nparams = 5;
	for (flags = 0; flags < 4; flags++) {
		req.flags = flags;
		replay_load(&t64, &mods, &req, &taints, &v);
		verdict_free(&v);
		memset(&taints, 0, sizeof(taints));
		replay_load(&t32, &mods, &req, &taints, &v);
		verdict_free(&v);
	}
	req.flags = 0;
	req.init_module = true;
	replay_load(&t64, &mods, &req, &taints, &v);
	verdict_free(&v);
	exports_free(&mods);
	if (ls.n)
		free(lm.name);
	return 0;
}
