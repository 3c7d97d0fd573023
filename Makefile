# SPDX-License-Identifier: GPL-2.0
# lockwarden: build lockwarden.ko against a kernel, and run the project's checks.
#
#   make [KDIR=DIR]               build against DIR (default: the running kernel)
#   make check                    every test tier; ends with "N passed, N failed"
#   make demo                     boot the debug kernel and show an ABBA finding
#   make bench                    lock costs, raw and wrapped (a benchmark, not a test)
#   make torture [MINUTES=N] [KERNEL=stock|debug] [VERBS=0|"KIND ..."]
#                                 the torture test, default 2 minutes on the stock
#                                 kernel; VERBS=0 writes no control verbs, VERBS="reset
#                                 offon" only those kinds (Documentation/testing.rst)
#   make vm-modules KERNEL=NAME   build for test kernel NAME (stock, debug) in build/NAME
#   make sparse | checkpatch      the static checks alone
#   make htmldocs                 render Documentation/ into build/htmldocs (warnings fail)
#   make clean

KDIR ?= /lib/modules/$(shell uname -r)/build
KERNEL ?= debug
MINUTES ?= 2
# The torture runs on the stock kernel unless KERNEL is given.
TORTURE_KERNEL = $(if $(filter command line environment,$(origin KERNEL)),$(KERNEL),stock)

# Every kernel-style source: checkpatch's input.
KERNEL_SOURCES = $(shell git -C $(CURDIR) ls-files -- '*.c' '*.h' ':!tools/')

all: modules

modules:
	@test -d "$(KDIR)" || { echo "lockwarden: no kernel build directory at $(KDIR);" \
		"set KDIR=DIR, or build for a test kernel: make KDIR=\$$(tools/vm/kdir stock)"; \
		exit 1; }
	$(MAKE) -C "$(KDIR)" M=$(CURDIR) modules

vm-modules:
	tools/vm/build-modules $(KERNEL)

check:
	selftests/run_all.sh

demo:
	tools/vm/demo

bench:
	tools/vm/bench

torture:
	selftests/torture.sh --kernel $(TORTURE_KERNEL) --minutes $(MINUTES) \
		$(if $(filter 0,$(VERBS)),--no-verbs,$(if $(VERBS),--verbs "$(VERBS)"))

sparse:
	LW_BUILD_NAME=sparse-stock tools/vm/build-modules stock C=2

htmldocs:
	LW_KERNEL_SRC="$$(tools/vm/kernel-src)" sphinx-build -W -q -b html \
		-d build/htmldocs/.doctrees Documentation build/htmldocs

checkpatch:
	"$$(tools/vm/kernel-src)/scripts/checkpatch.pl" --no-tree --strict --quiet \
		--ignore FILE_PATH_CHANGES -f $(KERNEL_SOURCES)

clean:
	@if [ -d "$(KDIR)" ]; then $(MAKE) -C "$(KDIR)" M=$(CURDIR) clean; fi
	$(MAKE) -C tools/testing/engine clean
	$(MAKE) -C tools/lockwarden clean
	rm -rf build

.PHONY: all modules vm-modules check demo bench torture sparse htmldocs checkpatch clean
