/*
 * core_test_helpers.hpp: small helpers shared by the core's unit tests: building revisions
 * and graphs tersely, and catching a MigError to assert on its parts.
 */
#pragma once

#include "error.hpp"
#include "graph.hpp"
#include "revision_file.hpp"

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

/* Linear: ids r000..r(n-1), each revising the previous one. */
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
