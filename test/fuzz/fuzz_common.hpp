/*
 * fuzz_common.hpp: what the libFuzzer targets of test/fuzz/ share: the invariant check
 * (FUZZ_REQUIRE, which names the failed condition before aborting, so the reproducer's log says
 * what broke), the UTF-8 check of texts sent to a client, the check of a MigError, and the
 * revision graph the target and history-range targets resolve against.
 */
#pragma once

#include "core/error.hpp"
#include "core/revision_file.hpp"
#include "core/revision_graph.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace fuzz {

/* Fail: print the condition that does not hold and abort (libFuzzer then saves the input). */
[[noreturn]] inline void
Fail(const char *condition, const char *file, int line) {
	std::fprintf(stderr, "fuzz: invariant failed at %s:%d: %s\n", file, line, condition);
	std::abort();
}

#define FUZZ_REQUIRE(condition) ((condition) ? (void)0 : ::fuzz::Fail(#condition, __FILE__, __LINE__))

/*
 * ValidUtf8: true when text is well-formed UTF-8 (no overlong form, no surrogate, nothing above
 * U+10FFFF); with allow_nul false, a NUL byte fails too (the extension sends texts as C strings).
 */
inline bool
ValidUtf8(std::string_view text, bool allow_nul = false) {
	std::size_t i = 0;
	while (i < text.size()) {
		unsigned char c = static_cast<unsigned char>(text[i]);
		if (c == 0 && !allow_nul)
			return false;
		std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
		if (len == 0 || i + len > text.size())
			return false;
		std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
		for (std::size_t k = 1; k < len; k++) {
			unsigned char cc = static_cast<unsigned char>(text[i + k]);
			if ((cc & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (cc & 0x3F);
		}
		static const std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
		if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += len;
	}
	return true;
}

/* RequireValidError: a five-character SQLSTATE, a primary message, and UTF-8 texts without NUL. */
inline void
RequireValidError(const pgm::MigError &e) {
	FUZZ_REQUIRE(e.Sqlstate().size() == 5);
	FUZZ_REQUIRE(!e.Message().empty());
	FUZZ_REQUIRE(ValidUtf8(e.Message()) && ValidUtf8(e.Detail()) && ValidUtf8(e.Hint()));
}

inline pgm::Revision
Rev(std::string id, std::vector<std::string> parents, std::vector<std::string> labels = {},
    std::vector<std::string> deps = {}) {
	pgm::Revision r;
	r.id = std::move(id);
	r.parents = std::move(parents);
	r.branch_labels = std::move(labels);
	r.depends_on = std::move(deps);
	r.message = "m";
	r.source = r.id + ".sql";
	return r;
}

/*
 * Graph: a history with a branch point (bbbb2222), a merge (eeee5555), a second root carrying
 * the branch label "feat" and a revision on it that depends on the main line (99990000), and
 * an irreversible revision (ab12cd34, on top of the merge).  The ids share prefixes ("a",
 * "ab", "9") so partial ids are ambiguous or not.
 */
inline const pgm::RevisionGraph &
Graph() {
	static const pgm::RevisionGraph graph = [] {
		pgm::Revision irreversible = Rev("ab12cd34", {"eeee5555"}, {"main"});
		irreversible.reversible = false;
		return pgm::RevisionGraph::Build({
		    Rev("aaaa1111", {}),
		    Rev("bbbb2222", {"aaaa1111"}),
		    Rev("cccc3333", {"bbbb2222"}),
		    Rev("dddd4444", {"bbbb2222"}),
		    Rev("eeee5555", {"cccc3333", "dddd4444"}),
		    irreversible,
		    Rev("ffff6666", {}, {"feat"}),
		    Rev("99990000", {"ffff6666"}, {}, {"cccc3333"}),
		});
	}();
	return graph;
}

/*
 * SplitInput: an input of the target and history-range targets, "HEADS\nTEXT": the current
 * heads (the version table's rows), separated by spaces, on the first line, and the text after
 * it.  Without a newline, there are no current heads (an empty database).
 */
inline void
SplitInput(std::string_view input, std::vector<std::string> &heads, std::string &text) {
	heads.clear();
	std::size_t newline = input.find('\n');
	if (newline == std::string_view::npos) {
		text = std::string(input);
		return;
	}
	std::string_view line = input.substr(0, newline);
	text = std::string(input.substr(newline + 1));
	std::size_t start = 0;
	while (start < line.size()) {
		std::size_t end = line.find(' ', start);
		if (end == std::string_view::npos)
			end = line.size();
		if (end > start)
			heads.emplace_back(line.substr(start, end - start));
		start = end + 1;
	}
}

} // namespace fuzz
