# jixiao: a plain Makefile with pkg-config and explicit object lists.
#   make          build ./jixiao (installs missing Debian packages first)
#   make run      build, load the seed and demo users into jixiao.db, start the web application
#   make test     build with ASan+UBSan, run every test, end with "N passed, N failed"
#   make bench    the benchmark (bench/README.md)
#   make fuzz     run each libFuzzer target for FUZZ_SECONDS (default 60)

PKGS     := jansson sqlite3 libsodium libmicrohttpd cairo cairo-pdf pangocairo
PKGS     += xlsxwriter libzip expat libpq
CC       ?= cc
CSTD     := -std=c17 -D_GNU_SOURCE -pthread
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
# cracklib (libcrack2-dev) has no pkg-config file: the password rule's dictionary check
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lcrack
BANNED   := -include src/util/compat.h
DB       ?= jixiao.db
SEED     := data/seed/000_9689327832df0943.txt
FUZZ_SECONDS ?= 60
GEN      := build/gen
PROFILES := $(sort $(wildcard profiles/*.json))
STATIC   := $(sort $(wildcard static/*))

UTIL   := src/util/err.c src/util/strbuf.c src/util/arena.c src/util/diag.c src/util/text.c \
          src/util/password.c src/util/embedded.c $(GEN)/static.c \
          src/util/csv_cell.c
MODEL  := src/model/decl.c src/model/decl_hash.c src/model/user.c \
          src/model/workflow.c
MODEL  += src/model/round_review.c
MODEL  += src/model/selfeval_workflow.c
MODEL  += src/model/state_table.c
MODEL  += src/model/write_policy.c
PARSE  := src/parse/scalar.c src/parse/value.c src/parse/reader.c src/parse/parse_text.c \
          src/parse/json_read.c src/parse/selfeval_read.c src/parse/parse_any.c
PARSE  += src/parse/xlsx_book.c src/parse/cellval.c src/parse/flat.c src/parse/xlsx_read.c \
          src/parse/csv_read.c
RENDER := src/render/decl_diff.c src/render/json_write.c src/render/review_json.c src/render/html.c src/render/form_html.c \
          src/render/form_pdf.c src/render/selfeval_layout.c src/render/selfeval_html.c
RENDER += src/render/xlsx_write.c src/render/overview.c
RENDER += src/render/monitor_template.c
RENDER += src/render/selfeval_json.c
SCORE  := src/score/score.c src/score/monitor.c
SCORE  += src/score/monitor_read.c
REVIEW := src/review/rules.c src/review/profile.c src/review/review.c src/review/goal_match.c src/review/review_load.c \
          src/review/vague.c \
          $(GEN)/profiles.c
STORE  := src/store/store.c src/store/engine.c src/store/store_decl.c src/store/store_sqlite.c \
          src/store/store_pg.c
STORE  += src/store/store_copy.c
STORE  += src/store/store_workflow.c src/store/store_monitor.c src/store/store_users.c \
          src/store/store_selfeval.c
SERVICE:= src/service/save.c src/service/selfeval.c src/service/history.c src/service/workflow.c \
          src/service/monitor.c
HTTP   := src/http/server.c src/http/routes.c src/http/auth.c src/http/cache.c src/http/layout.c \
          src/http/access.c src/http/importer.c src/http/page_auth.c src/http/page_list.c \
          src/http/page_decl.c src/http/page_edit.c src/http/page_import.c \
          src/http/page_static.c src/http/page_overview.c src/http/page_monitor.c \
          src/http/api.c
HTTP   += src/http/page_selfeval.c
CLI    := src/cli/main.c src/cli/common.c src/cli/help.c src/cli/json_out.c \
          src/cli/cmd_convert.c src/cli/cmd_import.c src/cli/cmd_list.c \
          src/cli/cmd_show.c src/cli/cmd_export.c src/cli/cmd_check.c src/cli/cmd_rules.c \
          src/cli/cmd_history.c src/cli/cmd_user.c src/cli/cmd_serve.c src/cli/cmd_score.c src/cli/export_json.c \
          src/cli/export_pdf.c src/cli/export_html.c src/cli/outfile.c
CLI    += src/cli/export_xlsx.c
CLI    += src/cli/cmd_copy.c
CORE   := $(UTIL) $(MODEL) $(PARSE) $(SCORE) $(REVIEW) $(RENDER) $(STORE) $(SERVICE)
SRCS   := $(CORE) $(HTTP) $(CLI)

UNIT_TESTS := test_value test_text test_scalar test_reader test_goal_match test_html test_score \
              test_monitor test_form_pdf test_parse_text test_selfeval_table
UNIT_TESTS += test_write_policy
UNIT_TESTS += test_xlsx
UNIT_TESTS += test_monitor_read
UNIT_TESTS += test_selfeval
UNIT_TESTS += test_password test_login_throttle
UNIT_TESTS += test_store_tx
UNIT_TESTS += test_csv_cell
UNIT_TESTS += test_vague
# unit tests that need a PostgreSQL server: tests/run.sh runs each under
# pg_virtualenv, a throwaway cluster (a missing PostgreSQL fails them)
PG_UNIT_TESTS := test_store_pg
FUZZERS    := fuzz_text fuzz_value fuzz_json fuzz_profile fuzz_check fuzz_selfeval
FUZZERS    += fuzz_xlsx
FUZZERS    += fuzz_monitor
FUZZERS    += fuzz_http

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

.PHONY: all deps deps-test deps-bench run test unit golden bench fuzz docs clean
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

# data compiled in: the review profiles and the web application's static files
$(GEN)/profiles.c: $(PROFILES) scripts/embed.sh
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)scripts/embed.sh $@ profile_files $(PROFILES)

$(GEN)/static.c: $(STATIC) scripts/embed.sh
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)scripts/embed.sh $@ static_files $(STATIC)

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
	@scripts/demo.sh $(DB) $(SEED)

test: deps-test jixiao $(SAN_DIR)/jixiao $(UNIT_TESTS:%=$(SAN_DIR)/tests/%) \
      $(PG_UNIT_TESTS:%=$(SAN_DIR)/tests/%)
	@JIXIAO=$(SAN_DIR)/jixiao UNIT_DIR=$(SAN_DIR)/tests UNIT_TESTS="$(UNIT_TESTS)" \
	 PG_UNIT_TESTS="$(PG_UNIT_TESTS)" tests/run.sh

bench: deps deps-bench jixiao
	@bash bench/bench.sh

$(SAN_DIR)/fuzz/%: fuzz/%.c fuzz/fuzz_parts.c fuzz/fuzz_parts.h $(CORE)
	@mkdir -p $(dir $@)
	@echo "  LD [fuzz] $@"
	$(Q)clang $(CSTD) -O1 -g -fsanitize=fuzzer,address,undefined $(BANNED) $(PKG_CFLAGS) \
		-o $@ $< fuzz/fuzz_parts.c $(CORE) $(PKG_LIBS)

# the HTTP target drives the whole server (fuzz/fuzz_http.c): the web code too
$(SAN_DIR)/fuzz/fuzz_http: fuzz/fuzz_http.c $(CORE) $(HTTP) $(wildcard src/*/*.h src/*/*.def)
	@mkdir -p $(dir $@)
	@echo "  LD [fuzz] $@"
	$(Q)clang $(CSTD) -O1 -g -fsanitize=fuzzer,address,undefined $(BANNED) $(PKG_CFLAGS) \
		-o $@ $< $(CORE) $(HTTP) $(PKG_LIBS)

fuzz: deps-test $(FUZZERS:%=$(SAN_DIR)/fuzz/%)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_DIR=$(SAN_DIR)/fuzz FUZZERS="$(FUZZERS)" fuzz/run.sh

# docs/rules.md: the hand-written head and the catalogue generated from the rule table
docs: jixiao
	$(Q){ cat docs/src/rules.head.md; ./jixiao rules --format markdown; } > docs/rules.md
	@echo "  GEN     docs/rules.md"

clean:
	rm -rf build jixiao
