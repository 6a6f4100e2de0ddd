/*
 * core_test_helpers.hpp: small helpers shared by the core's unit tests: building revisions
 * and graphs tersely, the graphs several test files use, and catching a MigError to assert on
 * its parts.
 */
#pragma once

#include "core/error.hpp"
#include "core/revision_file.hpp"
#include "core/revision_graph.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace pgm::test {

/* R: a revision with parents, a message, and a source named after the id. */
inline Revision
R(std::string id, std::vector<std::string> parents = {}, std::string message = {}) {
	Revision rev;
	rev.id = id;
	rev.parents = std::move(parents);
	rev.message = std::move(message);
	rev.source = id + ".sql";
	return rev;
}

inline Revision
WithLabels(Revision rev, std::vector<std::string> labels) {
	rev.branch_labels = std::move(labels);
	return rev;
}

inline Revision
WithDeps(Revision rev, std::vector<std::string> deps) {
	rev.depends_on = std::move(deps);
	return rev;
}

inline Revision
Irreversible(Revision rev) {
	rev.reversible = false;
	return rev;
}

/* CatchMigError: runs f, which must throw MigError; returns the error (or an empty one). */
template <typename F>
MigError
CatchMigError(F &&f) {
	try {
		f();
	} catch (const MigError &e) {
		return e;
	} catch (const std::exception &e) {
		ADD_FAILURE() << "expected MigError, got std::exception: " << e.what();
		return MigError("", "");
	}
	ADD_FAILURE() << "expected MigError, nothing was thrown";
	return MigError("", "");
}

/* IsCleanUtf8: well-formed UTF-8 without NUL (checked here independently of the core). */
inline bool
IsCleanUtf8(const std::string &s) {
	for (std::size_t i = 0; i < s.size();) {
		unsigned char c = static_cast<unsigned char>(s[i]);
		std::size_t len = c == 0                     ? 0
		                  : c < 0x80                 ? 1
		                  : (c >= 0xC2 && c <= 0xDF) ? 2
		                  : (c >= 0xE0 && c <= 0xEF) ? 3
		                  : (c >= 0xF0 && c <= 0xF4) ? 4
		                                             : 0;
		if (len == 0 || i + len > s.size()) {
			return false;
		}
		unsigned code = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
		for (std::size_t k = 1; k < len; k++) {
			unsigned char b = static_cast<unsigned char>(s[i + k]);
			if ((b & 0xC0) != 0x80) {
				return false;
			}
			code = (code << 6) | (b & 0x3F);
		}
		const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
		if (code < min[len] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
			return false;
		}
		i += len;
	}
	return true;
}

/* ExpectCleanMessage: every part of e is well-formed UTF-8 without NUL. */
inline void
ExpectCleanMessage(const MigError &e) {
	EXPECT_TRUE(IsCleanUtf8(e.Message())) << e.Message();
	EXPECT_TRUE(IsCleanUtf8(e.Detail())) << e.Detail();
	EXPECT_TRUE(IsCleanUtf8(e.Hint())) << e.Hint();
}

/*
 * AlembicExample: the graph of reference/alembic.md section 7, loaded in file-name order:
 *   aaaa1111 -> bbbb2222 -> {cccc3333, dddd4444} -> eeee5555 (merge)
 *   ffff6666 (feat) -> 99990000, which also depends on cccc3333
 */
inline std::vector<Revision>
AlembicExampleRevisions() {
	return {
	    WithDeps(R("99990000", {"ffff6666"}, "feat two"), {"cccc3333"}),
	    R("aaaa1111", {}, "create account table"),
	    R("bbbb2222", {"aaaa1111"}, "add column"),
	    R("cccc3333", {"bbbb2222"}, "third"),
	    R("dddd4444", {"bbbb2222"}, "side"),
	    R("eeee5555", {"cccc3333", "dddd4444"}, "merge c and d"),
	    WithLabels(R("ffff6666", {}, "feat base"), {"feat"}),
	};
}

inline RevisionGraph
AlembicExample() {
	return RevisionGraph::Build(AlembicExampleRevisions());
}

/* Linear: aaaa1111 -> bbbb2222 -> cccc3333 -> dddd4444, each with a message. */
inline RevisionGraph
Linear() {
	return RevisionGraph::Build({R("aaaa1111", {}, "create account table"), R("bbbb2222", {"aaaa1111"}, "add column"),
	                             R("cccc3333", {"bbbb2222"}, "third"), R("dddd4444", {"cccc3333"}, "fourth")});
}

/*
 * Small: aaaa1111 -> bbbb2222 (core) -> {cccc3333, dddd4444} -> eeee5555; ffff6666 depends on
 * cccc3333.  Every kind of node the graph drawing and the offline script treat apart.
 */
inline RevisionGraph
Small() {
	return RevisionGraph::Build(
	    {R("aaaa1111", {}, "create account table"), WithLabels(R("bbbb2222", {"aaaa1111"}, "add column"), {"core"}),
	     R("cccc3333", {"bbbb2222"}, "left"), R("dddd4444", {"bbbb2222"}, "right"),
	     R("eeee5555", {"cccc3333", "dddd4444"}, "merge"), WithDeps(R("ffff6666", {}, ""), {"cccc3333"})});
}

/* LinearRevisions: ids r00000..r(n-1), each revising the previous one. */
inline std::vector<Revision>
LinearRevisions(std::size_t n) {
	std::vector<Revision> revs;
	auto name = [](std::size_t i) {
		std::string digits = std::to_string(i);
		return "r" + std::string(digits.size() < 5 ? 5 - digits.size() : 0, '0') + digits;
	};
	for (std::size_t i = 0; i < n; i++) {
		revs.push_back(R(name(i), i == 0 ? std::vector<std::string>{} : std::vector<std::string>{name(i - 1)}));
	}
	return revs;
}

} // namespace pgm::test
