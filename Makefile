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

modules:
	@test -d "$(KDIR)" || { echo "make: KDIR=$(KDIR) is not a kernel tree: install the headers (apt-get install linux-headers-$$(uname -r)) or pass KDIR=<tree>"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

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
