# jixiao: a plain Makefile with pkg-config and explicit object lists.
#   make          build ./jixiao (installs missing Debian packages first)
#   make run      build, load the seed as demo data into jixiao.db, list and show it
#   make test     build with ASan+UBSan, run every test, end with "N passed, N failed"
#   make bench    the benchmark (bench/README.md)
#   make fuzz     run each libFuzzer target for FUZZ_SECONDS (default 60)

PKGS     := jansson sqlite3 libsodium
CC       ?= cc
CSTD     := -std=c17 -D_GNU_SOURCE -pthread
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))
BANNED   := -include src/util/compat.h
DB       ?= jixiao.db
SEED     := data/seed/000_9689327832df0943.txt
FUZZ_SECONDS ?= 60

UTIL   := src/util/err.c src/util/strbuf.c src/util/arena.c src/util/diag.c src/util/text.c
MODEL  := src/model/decl.c src/model/decl_hash.c
PARSE  := src/parse/scalar.c src/parse/value.c src/parse/reader.c src/parse/parse_text.c \
          src/parse/json_read.c
RENDER := src/render/json_write.c
STORE  := src/store/store.c src/store/store_sqlite.c
CLI    := src/cli/main.c src/cli/common.c src/cli/help.c src/cli/json_out.c \
          src/cli/cmd_convert.c src/cli/cmd_import.c src/cli/cmd_list.c \
          src/cli/cmd_show.c src/cli/cmd_export.c
CORE   := $(UTIL) $(MODEL) $(PARSE) $(RENDER) $(STORE)
SRCS   := $(CORE) $(CLI)

UNIT_TESTS := test_value test_text test_scalar test_reader
FUZZERS    := fuzz_text fuzz_value fuzz_json

# release build
REL_DIR   := build/release
REL_OBJS  := $(SRCS:%.c=$(REL_DIR)/%.o)
REL_FLAGS := $(CSTD) $(WARN) -O2 -g $(BANNED)

# sanitizer build for the tests (clang)
SAN_DIR   := build/asan
SAN_CC    := clang
SAN_OBJS  := $(SRCS:%.c=$(SAN_DIR)/%.o)
SAN_CORE  := $(CORE:%.c=$(SAN_DIR)/%.o)
SAN_FLAGS := $(CSTD) $(WARN) -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
             -fno-omit-frame-pointer $(BANNED)

# V=1 shows the compiler command lines
Q := $(if $(V),,@)

.PHONY: all deps deps-test deps-bench run test unit golden bench fuzz clean
.DEFAULT_GOAL := all

all: deps jixiao

deps:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

deps-bench:
	@scripts/deps.sh bench

jixiao: $(REL_OBJS)
	@echo "  LD      $@"
	$(Q)$(CC) $(REL_FLAGS) -o $@ $(REL_OBJS) $(PKG_LIBS)

$(REL_DIR)/%.o: %.c $(wildcard src/*/*.h src/*/*.def) Makefile
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(REL_FLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(SAN_DIR)/%.o: %.c $(wildcard src/*/*.h src/*/*.def) Makefile
	@mkdir -p $(dir $@)
	@echo "  CC [san] $<"
	$(Q)$(SAN_CC) $(SAN_FLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(SAN_DIR)/jixiao: $(SAN_OBJS)
	@echo "  LD [san] $@"
	$(Q)$(SAN_CC) $(SAN_FLAGS) -o $@ $(SAN_OBJS) $(PKG_LIBS)

$(SAN_DIR)/tests/%: tests/unit/%.c $(SAN_CORE)
	@mkdir -p $(dir $@)
	@echo "  LD [san] $@"
	$(Q)$(SAN_CC) $(SAN_FLAGS) $(PKG_CFLAGS) -o $@ $< $(SAN_CORE) $(PKG_LIBS) $(shell pkg-config --libs cmocka)

run: all
	@rm -f $(DB) $(DB)-wal $(DB)-shm
	./jixiao import $(SEED) --db $(DB)
	./jixiao list --db $(DB)
	./jixiao show 1 --db $(DB)

test: deps-test $(SAN_DIR)/jixiao $(UNIT_TESTS:%=$(SAN_DIR)/tests/%)
	@JIXIAO=$(SAN_DIR)/jixiao UNIT_DIR=$(SAN_DIR)/tests UNIT_TESTS="$(UNIT_TESTS)" tests/run.sh

bench: deps deps-bench jixiao
	@bash bench/bench.sh

$(SAN_DIR)/fuzz/%: fuzz/%.c $(CORE)
	@mkdir -p $(dir $@)
	@echo "  LD [fuzz] $@"
	$(Q)clang $(CSTD) -O1 -g -fsanitize=fuzzer,address,undefined $(BANNED) $(PKG_CFLAGS) \
		-o $@ $< $(CORE) $(PKG_LIBS)

fuzz: deps-test $(FUZZERS:%=$(SAN_DIR)/fuzz/%)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_DIR=$(SAN_DIR)/fuzz FUZZERS="$(FUZZERS)" fuzz/run.sh

clean:
	rm -rf build jixiao
