# SPDX-License-Identifier: GPL-2.0
#
# Building the modules, the usual way:
#   make [KDIR=/lib/modules/$(uname -r)/build] [ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf-]
#   sudo insmod module/kmdemo_core.ko && sudo insmod module/kmdemo_client.ko
#
# The lab (see README.md):
#   make lab        fetch trees, build, boot every kernel in QEMU, show results
#   make test       everything above plus all other tests; ends "N passed, N failed"
#   make repro SCENARIO=<name> KERNEL=<tree>    one scenario on one kernel
#   make scenarios  list the scenarios
#   make trees      fetch/build the kernel trees of qemu/trees.list
#   make bench      time set-up, module builds and QEMU runs

KDIR ?= /lib/modules/$(shell uname -r)/build

# CC_FROM_ENV=y (dkms.conf says it): build with the environment's CC.
# dkms sets CC to the compiler the kernel was built with (Debian's
# .kernelvariables in the headers, CONFIG_CC_VERSION_TEXT), which the
# kernel's Makefile would replace with $(CROSS_COMPILE)gcc: the host's
# default gcc, not the kernel's (gcc-10 for 5.10, gcc-14 for 6.12...).
# On the command line it reaches the kernel's make.  Without CC_FROM_ENV a
# CC in the environment (meant for user space) changes nothing, as before.
ifeq ($(CC_FROM_ENV)$(origin CC),yenvironment)
KBUILD_CC = CC="$(CC)"
endif

modules:
	@test -d "$(KDIR)" || { echo "make: KDIR=$(KDIR) is not a kernel tree: install the headers (apt-get install linux-headers-$$(uname -r)) or pass KDIR=<tree>"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(KBUILD_CC) modules

modules_install:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install

clean:
	@if test -d "$(KDIR)"; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	rm -rf out

lab:
	scripts/lab

test:
	tests/run

trees:
	scripts/fetch-trees $(or $(KERNEL),all)

repro:
	scripts/repro "$(SCENARIO)" "$(KERNEL)"

scenarios:
	scripts/repro --list

bench:
	scripts/bench

.PHONY: modules modules_install clean lab test trees repro scenarios bench
