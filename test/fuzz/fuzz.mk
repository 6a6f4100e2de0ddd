# fuzz.mk: the sanitized build of the libFuzzer targets, run by scripts/fuzz.sh (under the
# build lock, with -j2).  The sources of core/, autogen/ and the offline script of pgmig are
# compiled once into one static library instrumented for libFuzzer (fuzzer-no-link), ASan and
# UBSan; each target (test/fuzz/fuzz_*.cpp) is one object linked against it.  Header
# dependencies are tracked (-MMD), so a changed header rebuilds what includes it and nothing
# else.
#
#   make -f test/fuzz/fuzz.mk OUT=build/fuzz CXX=clang++-14 -j2

OUT ?= build/fuzz
CXX ?= clang++-14
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=undefined
# -gline-tables-only: file and line in sanitizer reports, at a fraction of -g's compile time.
CXXFLAGS := -std=c++17 -gline-tables-only -O1 -fno-omit-frame-pointer $(SANITIZE) -I.

LIB_SOURCES := $(sort $(wildcard core/*.cpp autogen/*.cpp)) client/common/offline_script.cpp
TARGETS := $(basename $(notdir $(wildcard test/fuzz/fuzz_*.cpp)))

LIB_OBJECTS := $(patsubst %.cpp,$(OUT)/obj/%.o,$(LIB_SOURCES))
TARGET_OBJECTS := $(patsubst %,$(OUT)/obj/test/fuzz/%.o,$(TARGETS))

all: $(addprefix $(OUT)/,$(TARGETS))

$(OUT)/libpgm_fuzz.a: $(LIB_OBJECTS)
	rm -f $@
	ar rcs $@ $^

$(OUT)/obj/%.o: %.cpp
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(OUT)/fuzz_%: $(OUT)/obj/test/fuzz/fuzz_%.o $(OUT)/libpgm_fuzz.a
	$(CXX) $(CXXFLAGS) -fsanitize=fuzzer $^ -lcrypto -o $@

# A change of flags here rebuilds everything.
$(LIB_OBJECTS) $(TARGET_OBJECTS): test/fuzz/fuzz.mk

.PHONY: all
# Keep the targets' objects (make would delete them as intermediate files).
.SECONDARY:
-include $(LIB_OBJECTS:.o=.d) $(TARGET_OBJECTS:.o=.d)
