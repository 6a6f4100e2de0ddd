/*
 * fuzz_history_range.cpp: libFuzzer target for the history range grammar
 * (core/history_range.hpp), `pgmig history -r RANGE` and migrate_history: "[start]:[end]",
 * each side any one-revision target.  The input is "HEADS\nRANGE" (fuzz_common.hpp), resolved
 * on the graph of fuzz_common.hpp.
 *
 * Properties checked on every input:
 *   - ResolveHistoryRange returns or throws pgm::MigError with a valid SQLSTATE and UTF-8 texts;
 *   - the ids listed are distinct revisions of the graph, newest first: none is listed after
 *     one of its ancestors (by parents);
 *   - whitespace around the range does not change the result (Alembic strips it);
 *   - each revision listed, as the range "id:id", lists exactly itself.
 * Built and run by scripts/fuzz.sh.
 */
#include "core/history_range.hpp"
#include "test/fuzz/fuzz_common.hpp"

#include <set>
#include <string>
#include <vector>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
	const pgm::RevisionGraph &graph = fuzz::Graph();
	std::vector<std::string> heads;
	std::string range;
	fuzz::SplitInput(std::string_view(reinterpret_cast<const char *>(data), size), heads, range);

	std::vector<std::string> ids;
	try {
		ids = pgm::ResolveHistoryRange(graph, heads, range);
	} catch (const pgm::MigError &e) {
		fuzz::RequireValidError(e);
		return 0;
	}
	std::set<std::string> seen;
	for (const std::string &id : ids) {
		FUZZ_REQUIRE(graph.Find(id) != nullptr);
		FUZZ_REQUIRE(seen.insert(id).second);
		// Listed newest first: nothing listed so far lies below id.
		std::set<std::string> below = graph.Ancestors(std::vector<std::string>{id}, false);
		for (const std::string &earlier : seen)
			FUZZ_REQUIRE(earlier == id || below.count(earlier) == 0);
	}
	FUZZ_REQUIRE(pgm::ResolveHistoryRange(graph, heads, " \t" + range + "\n ") == ids);
	for (const std::string &id : ids)
		FUZZ_REQUIRE(pgm::ResolveHistoryRange(graph, heads, id + ":" + id) == std::vector<std::string>{id});
	return 0;
}
