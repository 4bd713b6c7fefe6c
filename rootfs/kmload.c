// SPDX-License-Identifier: GPL-2.0
/*
 * kmload - load a module with exactly one system call and report its errno.
 *
 * busybox insmod retries a failed finit_module(2) with init_module(2), so
 * the kernel checks (and logs) a refused module twice and insmod reports
 * only the second errno.  kmload makes one call, so a scenario can assert
 * the errno of each system call, and it can pass the MODULE_INIT_IGNORE_*
 * flags that modprobe --force-vermagic / --force-modversion use.
 *
 * usage: kmload [-i] [-V] [-M] [-c] MODULE.ko [PARAM=VALUE]...
 *   -i  use init_module(2) (a copy in memory) instead of finit_module(2)
 *   -V  MODULE_INIT_IGNORE_VERMAGIC      (finit_module only)
 *   -M  MODULE_INIT_IGNORE_MODVERSIONS   (finit_module only)
 *   -c  MODULE_INIT_COMPRESSED_FILE      (finit_module only)
 * Prints "kmload: ok" or "kmload: <call>: <strerror> (errno <n>)" and
 * exits with 0 or the errno.  The errno's name is kocheck's to say.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef MODULE_INIT_IGNORE_MODVERSIONS
#define MODULE_INIT_IGNORE_MODVERSIONS 1
#endif
#ifndef MODULE_INIT_IGNORE_VERMAGIC
#define MODULE_INIT_IGNORE_VERMAGIC 2
#endif
#ifndef MODULE_INIT_COMPRESSED_FILE
#define MODULE_INIT_COMPRESSED_FILE 4
#endif

static char *join_params(int argc, char **argv)
{
	size_t len = 1;
	char *s;
	int i;

	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = calloc(1, len);
	if (!s)
		return NULL;
	for (i = 0; i < argc; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

static int load_copy(int fd, const char *params)
{
	struct stat st;
	char *image;
	ssize_t n, got = 0;

	if (fstat(fd, &st) < 0)
		return -1;
	image = malloc(st.st_size ? st.st_size : 1);
	if (!image)
		return -1;
	while (got < st.st_size) {
		n = read(fd, image + got, st.st_size - got);
		if (n <= 0) {
			free(image);
			return -1;
		}
		got += n;
	}
	n = syscall(SYS_init_module, image, (unsigned long)st.st_size, params);
	free(image);
	return n;
}

int main(int argc, char **argv)
{
	int use_init = 0, flags = 0, opt, fd, ret;
	const char *call;
	char *params;

	while ((opt = getopt(argc, argv, "iVMc")) != -1) {
		switch (opt) {
		case 'i':
			use_init = 1;
			break;
		case 'V':
			flags |= MODULE_INIT_IGNORE_VERMAGIC;
			break;
		case 'M':
			flags |= MODULE_INIT_IGNORE_MODVERSIONS;
			break;
		case 'c':
			flags |= MODULE_INIT_COMPRESSED_FILE;
			break;
		default:
			fprintf(stderr, "usage: kmload [-i] [-V] [-M] [-c] MODULE.ko [PARAM=VALUE]...\n");
			return 2;
		}
	}
	if (optind >= argc || (use_init && flags)) {
		fprintf(stderr, "usage: kmload [-i] [-V] [-M] [-c] MODULE.ko [PARAM=VALUE]...\n"
			"(-V, -M and -c need finit_module, not -i)\n");
		return 2;
	}
	params = join_params(argc - optind - 1, argv + optind + 1);
	fd = open(argv[optind], O_RDONLY | O_CLOEXEC);
	if (!params || fd < 0) {
		fprintf(stderr, "kmload: %s: %s\n", argv[optind], strerror(errno));
		return 2;
	}
	call = use_init ? "init_module" : "finit_module";
	if (use_init)
		ret = load_copy(fd, params);
	else
		ret = syscall(SYS_finit_module, fd, params, flags);
	if (ret == 0) {
		printf("kmload: ok\n");
		return 0;
	}
	ret = errno;
	printf("kmload: %s: %s (errno %d)\n", call, strerror(ret), ret);
	return ret;
}
