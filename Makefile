# herald: make builds bin/herald; make site builds the example site; make test runs the suite.
# Local overrides (CC, CFLAGS...) may go in config.mk, which is not committed.
-include config.mk

CC      ?= cc
PKG_CONFIG ?= pkg-config
PKGS     = libxml-2.0 yaml-0.1 libcmark-gfm
WARN     = -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes \
           -Wwrite-strings -Wshadow -Wno-unused-parameter
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Isrc \
           $$($(PKG_CONFIG) --cflags $(PKGS))
LIBS     = $$($(PKG_CONFIG) --libs $(PKGS)) -lm

OBJS = util.o diag.o yaml.o load.o validate.o model.o markdown.o value.o \
       layout.o html5.o pages.o publish.o embedded.o
MAIN = main.o

# The default layouts and assets, carried inside the binary.
LAYOUTS = $(sort $(patsubst layouts/%,%,$(wildcard layouts/*.html \
          layouts/partials/*.html layouts/assets/*)))

# Debian packages that building and testing need.
BUILD_DEBS = gcc make pkg-config libxml2-dev libyaml-dev libcmark-gfm-dev \
             libcmark-gfm-extensions-dev
TEST_DEBS  = libxml2-utils python3 valgrind

.PHONY: all site test test-unit test-e2e test-asan clean deps test-deps golden

all: bin/herald

deps:
	@sh tools/need-debs.sh $(BUILD_DEBS)

test-deps: deps
	@sh tools/need-debs.sh $(TEST_DEBS)

build/release/%.o: src/%.c src/herald.h | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/release/embedded.o: build/embedded.c src/herald.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/embedded.c: build/embed $(addprefix layouts/,$(LAYOUTS))
	build/embed $@ layouts $(LAYOUTS)

build/embed: tools/embed.c | deps
	@mkdir -p $(@D)
	$(CC) -O2 -Wall -Wextra -Werror -o $@ tools/embed.c

bin/herald: $(addprefix build/release/,$(OBJS) $(MAIN))
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

# The same program with AddressSanitizer and UndefinedBehaviorSanitizer.
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer \
      -fno-sanitize-recover=undefined
build/asan/%.o: src/%.c src/herald.h | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -c -o $@ $<

build/asan/embedded.o: build/embedded.c src/herald.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -c -o $@ $<

build/asan/herald: $(addprefix build/asan/,$(OBJS) $(MAIN))
	$(CC) $(ALL_CFLAGS) $(SAN) -o $@ $^ $(LIBS)

build/%/unit: tests/unit.c $(addprefix build/%/,$(OBJS))
	$(CC) $(ALL_CFLAGS) $(if $(findstring asan,$*),-O1 $(SAN)) -o $@ $^ $(LIBS)

site: bin/herald
	bin/herald build

test: test-deps bin/herald build/asan/herald build/release/unit build/asan/unit
	@/usr/bin/python3 tests/run.py

clean:
	rm -rf build bin output .output.herald-tmp-*

# Rewrites the golden files from the current output; review with git diff.
golden: bin/herald build/release/unit
	@HERALD_GOLDEN=1 /usr/bin/python3 tests/run.py golden
