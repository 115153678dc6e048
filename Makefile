# uptodate — one Makefile, dependencies found with pkg-config.
#   make            build/uptodate
#   make check      unit tests, fuzz corpus replay, integration tests against
#                   the testbed, then the same under ASan+UBSan, hostile
#                   servers (ASan+UBSan), the testssl.sh oracle
#   make asan       build/asan/uptodate
#   make fuzz       build/fuzz/* (clang libFuzzer targets)

CC      ?= cc
PKGS    := libunbound libevent ldns jansson libcurl openssl libpsl libmicrohttpd sqlite3 libpq
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wno-unused-parameter
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Isrc $(PKG_CFLAGS) -MMD -MP
LDLIBS  := $(PKG_LIBS) -lm

B       ?= build
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

SRC      := $(shell find src -name '*.c' ! -name main.c | sort)
MAIN     := src/main.c
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))

OBJ      = $(SRC:%.c=$(B)/obj/%.o)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)

.SECONDARY:
.PHONY: all check unit tools asan fuzz fuzz-replay integration oracle hostile clean lint
all: $(B)/uptodate

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# doc/openapi.yaml, served by `uptodate serve`, built into the program.
GEN_OBJ = $(B)/obj/gen/openapi.o
$(B)/gen/openapi.c: doc/openapi.yaml
	@mkdir -p $(dir $@)
	{ echo 'extern const char serve_openapi_yaml[];'; \
	  echo 'const char serve_openapi_yaml[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	  echo ';'; } >$@
$(B)/obj/gen/openapi.o: $(B)/gen/openapi.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(B)/libuptodate.a: $(OBJ) $(GEN_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/uptodate: $(B)/obj/src/main.o $(B)/libuptodate.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: $(B)/obj/tests/unit/%.o $(B)/libuptodate.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# Small driver programs for manual runs (e.g. build/tools/tlsscan).
TOOL_SRC := $(sort $(wildcard tests/tools/*.c))
TOOL_BIN  = $(TOOL_SRC:tests/tools/%.c=$(B)/tools/%)

$(B)/tools/%: $(B)/obj/tests/tools/%.o $(B)/libuptodate.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

tools: $(TOOL_BIN)

unit: $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do echo "== $$t"; $$t || fail=1; done; exit $$fail

ASAN_MAKE = $(MAKE) B=build/asan CFLAGS="-O1 -g $(SAN)"
asan:
	$(ASAN_MAKE) all $(addprefix build/asan/tests/,$(notdir $(UNIT_BIN)))

# libFuzzer targets: each fuzz/fuzz_X.c links the library objects built with
# clang and the fuzzer runtime; fuzz/corpus/X/ is replayed by `make check`.
FUZZ_B   := build/fuzz
fuzz:
	$(MAKE) CC=clang B=$(FUZZ_B) CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" $(FUZZ_B)/libuptodate.a
	@mkdir -p $(FUZZ_B)/bin
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	  echo "clang $$f -> $(FUZZ_B)/bin/$$n"; \
	  clang -std=c11 -D_GNU_SOURCE $(WARN) -O1 -g -fsanitize=fuzzer,address,undefined -Isrc $(PKG_CFLAGS) \
	    $$f $(FUZZ_B)/libuptodate.a $(LDLIBS) -o $(FUZZ_B)/bin/$$n || exit 1; done

fuzz-replay: fuzz
	@fail=0; for f in $(FUZZ_SRC); do n=$$(basename $$f .c); c=fuzz/corpus/$${n#fuzz_}; \
	  echo "== replay $$n on $$c ($$(ls $$c | wc -l) inputs)"; \
	  $(FUZZ_B)/bin/$$n -runs=0 $$c >$(FUZZ_B)/$$n.log 2>&1 || { tail -30 $(FUZZ_B)/$$n.log; fail=1; }; done; exit $$fail

integration: all
	tests/integration/run build/uptodate

check: lint all unit fuzz-replay tools
	$(ASAN_MAKE) all unit
	tests/integration/run build/uptodate build/asan/uptodate
	tests/hostile/run build/asan/uptodate
	tests/oracle/compare

# Hostile servers inside the testbed (tests/hostile); check runs them
# with the sanitizer build.
hostile: all
	tests/hostile/run build/uptodate

# The scanner against testssl.sh on every testbed TLS endpoint (~5 min).
oracle: tools
	tests/oracle/compare

lint:
	scripts/checksrc

clean:
	rm -rf build

-include $(shell find $(B) -name '*.d' 2>/dev/null)
