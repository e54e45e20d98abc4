# herald: make builds bin/herald; make site builds the example site; make test runs the suite.
# Local overrides (CC, CFLAGS...) may go in config.mk, which is not committed.
-include config.mk

CC      ?= cc
PKG_CONFIG ?= pkg-config
PKGS     = libxml-2.0 yaml-0.1 libcmark-gfm libqrencode harfbuzz-subset \
           libmicrohttpd
WARN     = -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes \
           -Wwrite-strings -Wshadow -Wno-unused-parameter
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Isrc \
           $$($(PKG_CONFIG) --cflags $(PKGS))
LIBS     = -pthread $$($(PKG_CONFIG) --libs $(PKGS)) -lhpdf -lstemmer -lm

# The objects, stage by stage: the pipeline reads top to bottom.
CORE_OBJS     = core/util.o core/arena.o core/files.o core/utf8.o core/dates.o \
                core/diag.o core/jobs.o core/tz.o core/sandbox.o core/sitefs.o

MODEL_OBJS    = model/types.o model/yaml.o model/load.o model/fields.o \
                model/validate.o model/settings.o model/model.o \
                model/partner.o model/yaml_errors.o model/placeholders.o \
                model/themes.o model/colours.o

MARKDOWN_OBJS = markdown/markdown.o

HTML_OBJS     = html/value.o html/layout_load.o html/layout_compile.o \
                html/layout_fill.o html/html5.o html/pages.o html/partner.o

OUT_OBJS      = out/search.o out/search_words.o out/search_index.o out/calendar.o out/feeds.o out/publish.o \
                out/redirects.o
OUT_OBJS     += out/email.o out/email_html.o out/email_text.o out/mime.o

PDF_OBJS      = pdf/fonts.o pdf/subset.o pdf/haru.o pdf/atoms.o pdf/flow.o \
                pdf/draw.o pdf/furniture.o pdf/safer7.o pdf/practitioner.o \
                pdf/save.o pdf/tags.o pdf/tagtree.o pdf/pdf.o

SERVE_OBJS    = serve/http.o serve/watch.o serve/overlay.o serve/serve.o

OBJS = $(CORE_OBJS) $(MODEL_OBJS) $(MARKDOWN_OBJS) $(HTML_OBJS) $(OUT_OBJS) \
       $(PDF_OBJS) $(SERVE_OBJS) embedded.o
MAIN = main.o cli.o main_init.o

# Headers: herald.h is shared by every stage; a stage's own header sits in its folder.
HDRS = src/herald.h src/cli.h src/main_init.h src/model/fields.h src/model/yaml_errors.h \
       src/html/layout.h src/html/html5.h src/core/sandbox.h \
       src/pdf/pdf.h src/pdf/tags.h src/out/email.h \
       src/serve/serve.h src/out/search.h

# The default layouts and assets, carried inside the binary.
LAYOUTS = $(sort $(patsubst layouts/%,%,$(wildcard layouts/*.html \
          layouts/partials/*.html layouts/assets/* layouts/extras/*)))

# Debian packages that building and testing need.
BUILD_DEBS = gcc make pkg-config libxml2-dev libyaml-dev libcmark-gfm-dev \
             libcmark-gfm-extensions-dev libhpdf-dev libqrencode-dev \
             libharfbuzz-dev fonts-noto-core fonts-dejavu-core \
             libmicrohttpd-dev libstemmer-dev
TEST_DEBS  = libxml2-utils python3 valgrind clang libclang-rt-14-dev \
             poppler-utils qpdf python3-feedparser python3-icalendar tzdata \
             mandoc python3-pikepdf

.PHONY: bench all site serve test test-unit test-e2e test-asan clean deps test-deps golden \
        fuzz fuzz-build test-browser browser-deps

all: bin/herald

deps:
	@sh tools/need-debs.sh $(BUILD_DEBS)

test-deps: deps
	@sh tools/need-debs.sh $(TEST_DEBS)

build/release/%.o: src/%.c $(HDRS) | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/release/embedded.o: build/embedded.c $(HDRS)
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
build/asan/%.o: src/%.c $(HDRS) | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -DHERALD_TEST_HOOKS -c -o $@ $<

build/asan/embedded.o: build/embedded.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -c -o $@ $<

build/asan/herald: $(addprefix build/asan/,$(OBJS) $(MAIN))
	$(CC) $(ALL_CFLAGS) $(SAN) -o $@ $^ $(LIBS)

# ThreadSanitizer: the threaded build must have no data race.
TSAN = -fsanitize=thread
build/tsan/%.o: src/%.c $(HDRS) | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(TSAN) -c -o $@ $<

build/tsan/embedded.o: build/embedded.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(TSAN) -c -o $@ $<

build/tsan/herald: $(addprefix build/tsan/,$(OBJS) $(MAIN))
	$(CC) $(ALL_CFLAGS) $(TSAN) -o $@ $^ $(LIBS)

build/%/unit: tests/unit.c $(addprefix build/%/,$(OBJS))
	$(CC) $(ALL_CFLAGS) $(if $(findstring asan,$*),-O1 $(SAN)) -o $@ $^ $(LIBS)

# The search tests' word list with libstemmer's stems (tests/search/).
build/%/stemwords: tests/search/stemwords.c $(addprefix build/%/,$(OBJS))
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

site: bin/herald
	bin/herald build

# A live preview at http://127.0.0.1:8000/, rebuilt on every save.
serve: bin/herald
	bin/herald serve

test: test-deps browser-deps bin/herald build/asan/herald build/tsan/herald \
      build/release/unit build/asan/unit build/release/layer build/asan/layer \
      build/release/stemwords fuzz-build tests/browser/node_modules/.package-lock.json
	@$(MAKE) -s test-man
	@/usr/bin/python3 tests/run.py

# The example site in Debian's Chromium (playwright-core, axe-core), through the
# Nu HTML Checker (vnu.jar on Debian's Java) and linkchecker: tests/browser/.
# The npm packages are pinned in tests/browser/package-lock.json; their install
# scripts are not run (vnu-jar's would download a Java of its own).
BROWSER_DEBS = chromium default-jre-headless linkchecker python3

browser-deps:
	@sh tools/need-debs.sh $(BROWSER_DEBS)

test-browser: browser-deps bin/herald tests/browser/node_modules/.package-lock.json
	@cd tests/browser && HERALD=$(CURDIR)/bin/herald node test.js

tests/browser/node_modules/.package-lock.json: tests/browser/package.json \
    tests/browser/package-lock.json
	@command -v npm >/dev/null 2>&1 || sh tools/need-debs.sh nodejs npm
	cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund

# ---- Install, uninstall and the manual pages ----
# make install PREFIX=/usr/local DESTDIR= puts bin/herald in $(DESTDIR)$(PREFIX)/bin and the
# manual pages in share/man/man1 and man5 below it; make uninstall, with the same PREFIX and
# DESTDIR, removes exactly those three files.  make test-man lints the pages with mandoc and
# checks both (tools/test-install.sh).
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
MANDIR   = $(PREFIX)/share/man

.PHONY: install uninstall test-man

install: bin/herald man/herald.1 man/herald.5
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 bin/herald $(DESTDIR)$(BINDIR)/herald
	install -m 644 man/herald.1 $(DESTDIR)$(MANDIR)/man1/herald.1
	install -m 644 man/herald.5 $(DESTDIR)$(MANDIR)/man5/herald.5

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/herald $(DESTDIR)$(MANDIR)/man1/herald.1 \
	    $(DESTDIR)$(MANDIR)/man5/herald.5

test-man: bin/herald
	@sh tools/need-debs.sh mandoc
	@MAKE="$(MAKE)" sh tools/test-install.sh
# ---- end of install ----

clean:
	rm -rf build bin output .output.herald-tmp-* .output.herald-prev .output.herald-lock

# Rewrites the golden files from the current output; review with git diff.
golden: bin/herald build/release/unit
	@HERALD_GOLDEN=1 /usr/bin/python3 tests/run.py golden

# ---- The layer cases: tests/layout, tests/markdown, tests/pdf ----
# build/*/layer runs one layer on its own through herald.h (tests/tools/
# layer.c); tests/lib/layers.py runs the cases. make golden rewrites their
# expected files too.
.PHONY: golden-layers

build/%/layer: tests/tools/layer.c $(addprefix build/%/,$(OBJS))
	$(CC) $(ALL_CFLAGS) $(if $(findstring asan,$*),-O1 $(SAN)) -o $@ $^ $(LIBS)

golden-layers: bin/herald build/release/layer
	@HERALD_GOLDEN=1 /usr/bin/python3 tests/run.py layout markdown pdf-cases

golden: golden-layers
# ---- end of the layer cases ----

# libFuzzer targets (fuzz/*.c), built with clang and sanitizers; their seed
# corpora come from tests/, content/ and layouts/ (tools/fuzz-seeds.py).
# make fuzz runs each for FUZZ_SECONDS; make test replays the seeds once.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS  = frontmatter site_yaml markdown layout feeds calendar pdf
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                -fno-omit-frame-pointer
FUZZ_CFLAGS   = -std=c11 -D_GNU_SOURCE $(WARN) -O1 -g -Isrc -Ifuzz \
                $$($(PKG_CONFIG) --cflags $(PKGS))
FUZZ_BINS     = $(addprefix build/fuzz/bin/,$(FUZZ_TARGETS))
FUZZ_OBJS     = $(addprefix build/fuzz/obj/,$(OBJS)) build/fuzz/obj/fuzz-common.o

# Kept between builds, though only pattern rules name them.
.SECONDARY: $(FUZZ_OBJS)

build/fuzz/obj/%.o: src/%.c $(HDRS) | test-deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_SAN) -c -o $@ $<

build/fuzz/obj/embedded.o: build/embedded.c $(HDRS) | test-deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_SAN) -c -o $@ $<

build/fuzz/obj/fuzz-common.o: fuzz/common.c fuzz/fuzz.h $(HDRS) | test-deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_SAN) -c -o $@ $<

build/fuzz/bin/%: fuzz/%.c fuzz/fuzz.h $(FUZZ_OBJS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $< \
	    $(FUZZ_OBJS) $(LIBS)

fuzz-build: $(FUZZ_BINS) | test-deps
	@/usr/bin/python3 tools/fuzz-seeds.py $(FUZZ_TARGETS)

fuzz: fuzz-build
	@sh tools/fuzz-run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Speed side by side with Hugo and the cmark-gfm floor; never fails on a figure.
bench: bin/herald
	@sh tools/need-debs.sh hugo time $(BUILD_DEBS)
	@/usr/bin/python3 tests/bench/bench.py
