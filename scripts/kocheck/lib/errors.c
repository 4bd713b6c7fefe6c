// SPDX-License-Identifier: GPL-2.0
/*
 * What an errno is called and what the tools print for it; which page of
 * docs/ explains each refusal; kernel lines as dmesg shows them.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kocheck.h"

const char *errno_name(int err)
{
	switch (err < 0 ? -err : err) {
	case 0: return "";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case EINTR: return "EINTR";
	case EIO: return "EIO";
	case ENXIO: return "ENXIO";
	case E2BIG: return "E2BIG";
	case ENOEXEC: return "ENOEXEC";
	case EBADF: return "EBADF";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case ENODEV: return "ENODEV";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case EINVAL: return "EINVAL";
	case EFBIG: return "EFBIG";
	case ENOSPC: return "ENOSPC";
	case EROFS: return "EROFS";
	case ERANGE: return "ERANGE";
	case ENOSYS: return "ENOSYS";
	case ENODATA: return "ENODATA";
	case ETIME: return "ETIME";
	case EBADMSG: return "EBADMSG";
	case EOVERFLOW: return "EOVERFLOW";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ETIMEDOUT: return "ETIMEDOUT";
	case ENOKEY: return "ENOKEY";
	case EKEYREJECTED: return "EKEYREJECTED";
	case ENOPKG: return "ENOPKG";
	default: return "E?";
	}
}

/* moderror() of busybox 1.35's modutils/modutils.c: what insmod and
 * modprobe print after "can't insert '%s': " */
const char *bb_moderror(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case 0: return "";
	case ENOEXEC: return "invalid module format";
	case ENOENT: return "unknown symbol in module, or unknown parameter";
	case ESRCH: return "module has wrong symbol version";
	case ENOSYS: return "kernel does not support requested operation";
	default: return strerror(err);
	}
}

/* The one table: the kernel function that refused, and the page of docs/
 * that explains it. */
static const struct {
	const char *func, *doc;
} docs[] = {
	{ "module_sig_check", "docs/signatures.md" },
	{ "copy_module_from_user", "docs/elf-format.md" },
	{ "finit_module", "docs/README.md" },
	{ "kernel_read_file", "docs/elf-format.md" },
	{ "module_decompress", "docs/README.md" },
	{ "elf_validity_check", "docs/elf-format.md" },
	{ "setup_load_info", "docs/elf-format.md" },
	{ "blacklisted", "docs/README.md" },
	{ "check_modstruct_version", "docs/symbol-versions.md" },
	{ "try_to_force_load", "docs/forcing.md" },
	{ "check_modinfo", "docs/vermagic.md" },
	{ "check_modinfo_livepatch", "docs/README.md" },
	{ "module_frob_arch_sections", "docs/elf-format.md" },
	{ "module_enforce_rwx_sections", "docs/elf-format.md" },
	{ "percpu_modalloc", "docs/README.md" },
	{ "find_module_sections", "docs/elf-format.md" },
	{ "apply_relocations", "docs/elf-format.md" },
	{ "module_finalize", "docs/elf-format.md" },
	{ "mod_sysfs_setup", "docs/in-use.md" },
	{ "add_unformed_module", "docs/in-use.md" },
	{ "check_module_license_and_versions", "docs/symbol-versions.md" },
	{ "simplify_symbols", "docs/unknown-symbol.md" },
	{ "verify_exported_symbols", "docs/unknown-symbol.md" },
	{ "parse_args", "docs/parameters.md" },
	{ "do_init_module", "docs/parameters.md" },
	{ "delete_module", "docs/in-use.md" },
};

const char *doc_for(const char *func)
{
	size_t i;

	for (i = 0; func && i < sizeof(docs) / sizeof(docs[0]); i++)
		if (!strcmp(func, docs[i].func))
			return docs[i].doc;
	return "docs/README.md";
}

/* util-linux dmesg's safe_fwrite() on what /dev/kmsg gave it (the
 * kernel's \x escapes undone): in the C locale, every byte that is
 * neither isprint() nor isspace() is written as \x%02hhx. */
char *dmesg_escape(const char *line)
{
	size_t n = strlen(line), i, o = 0;
	char *out = malloc(n * 4 + 1);

	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = line[i];

		if (c < 0x80 && (isprint(c) || isspace(c))) {
			out[o++] = c;
		} else {
			static const char hex[] = "0123456789abcdef";

			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return out;
}
