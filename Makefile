# SPDX-License-Identifier: GPL-2.0
# lockwarden: build lockwarden.ko against a kernel, and run the project's checks.
#
#   make [KDIR=DIR]               build against DIR (default: the running kernel)
#   make module [KDIR=DIR]        lockwarden.ko alone, no test module (dkms.conf's build)
#   make check                    every test tier; ends with "N passed, N failed"
#   make matrix                   W=1 builds against every test kernel's headers
#   make demo                     boot the debug kernel and show an ABBA finding
#   make bench                    lock costs, raw and wrapped (a benchmark, not a test)
#   make irqsoff                  the longest time lockwarden keeps interrupts off (a benchmark)
#   make fuzz [SECONDS=N]         libFuzzer targets: replay their corpus, fuzz N s each (60)
#   make torture [MINUTES=N] [KERNEL=NAME] [VERBS=0|"KIND ..."]
#                                 the torture test, default 2 minutes on stock-6.1;
#                                 VERBS=0 writes no control verbs, VERBS="reset offon"
#                                 only those kinds (Documentation/testing.rst)
#   make vm-modules KERNEL=NAME   build for test kernel NAME (tools/vm/README) in build/NAME
#   make convert DRIVER=DIR [OUT=DIR]
#                                 convert a driver's own locks to lockwarden's, into OUT
#                                 (default build/convert/NAME; Documentation/converting.rst)
#   make sparse | checkpatch      the static checks alone
#   make htmldocs                 render Documentation/ into build/htmldocs (warnings fail)
#   make clean

KDIR ?= /lib/modules/$(shell uname -r)/build
KERNEL ?= debug
MINUTES ?= 2
# The torture runs on stock-6.1 unless KERNEL is given.
TORTURE_KERNEL = $(if $(filter command line environment,$(origin KERNEL)),$(KERNEL),stock-6.1)

# Every kernel-style source: checkpatch's input.
KERNEL_SOURCES = $(shell git -C $(CURDIR) ls-files -- '*.c' '*.h' ':!tools/')

all: modules

# The first step of modules and module: KDIR must be a kernel build directory.
need_kdir = @test -d "$(KDIR)" || { echo "lockwarden: no kernel build directory at $(KDIR);" \
	"set KDIR=DIR, or build for a test kernel: make KDIR=\$$(tools/vm/kdir stock)"; \
	exit 1; }

modules:
	$(need_kdir)
	$(MAKE) -C "$(KDIR)" M=$(CURDIR) modules

module:
	$(need_kdir)
	$(MAKE) -C "$(KDIR)" M=$(CURDIR)/module modules

vm-modules:
	tools/vm/build-modules $(KERNEL)

convert:
	@test -n "$(DRIVER)" || { echo "usage: make convert DRIVER=DIR|FILE.c [OUT=DIR]" >&2; exit 2; }
	tools/convert/convert "$(DRIVER)" "$(or $(OUT),build/convert/$(basename $(notdir $(abspath $(DRIVER)))))"

check:
	selftests/run_all.sh

matrix:
	selftests/run_all.sh matrix

demo:
	tools/vm/demo

bench:
	tools/vm/bench

irqsoff:
	tools/vm/irqsoff

SECONDS ?= 60
fuzz:
	tools/testing/fuzz/run.sh -s $(SECONDS)

torture:
	selftests/torture.sh --kernel $(TORTURE_KERNEL) --minutes $(MINUTES) \
		$(if $(filter 0,$(VERBS)),--no-verbs,$(if $(VERBS),--verbs "$(VERBS)"))

sparse:
	LW_BUILD_NAME=sparse-stock tools/vm/build-modules stock C=2

htmldocs:
	LW_KERNEL_SRC="$$(tools/vm/kernel-src)" sphinx-build -W -q -b html \
		-d build/htmldocs/.doctrees Documentation build/htmldocs

# checkpatch on every core: groups of 16 files, one checkpatch.pl each.
checkpatch:
	printf '%s\n' $(KERNEL_SOURCES) | xargs -P "$$(nproc)" -n 16 \
		"$$(tools/vm/kernel-src)/scripts/checkpatch.pl" --no-tree --strict --quiet \
		--ignore FILE_PATH_CHANGES -f

# shellcheck and pyflakes on every tracked script, TAP.
lint:
	selftests/lint.sh

clean:
	@if [ -d "$(KDIR)" ]; then $(MAKE) -C "$(KDIR)" M=$(CURDIR) clean; fi
	@# A dkms source tree (dkms.conf's CLEAN) has no tools/.
	if [ -d tools/testing/engine ]; then $(MAKE) -C tools/testing/engine clean; fi
	if [ -d tools/testing/verbs ]; then $(MAKE) -C tools/testing/verbs clean; fi
	if [ -d tools/lockwarden ]; then $(MAKE) -C tools/lockwarden clean; fi
	rm -rf build

.PHONY: all modules module vm-modules convert check matrix demo bench irqsoff fuzz torture sparse htmldocs \
	checkpatch lint clean
