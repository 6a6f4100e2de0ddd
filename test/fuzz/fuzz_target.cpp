/*
 * fuzz_target.cpp: libFuzzer target for the target grammar and the planner.  A fixed graph
 * with a branch point, a merge, a labelled branch and a dependency; the input chooses the
 * current heads (first byte, a subset of the revisions) and the target text (the rest).
 *
 * Properties: PlanUpgrade / PlanDowngrade / ResolveRevision / ResolveHistoryRange / PlanStamp /
 * ResolveOfflineRange / RenderOfflineScript return or throw pgm::MigError and nothing else; a
 * plan's steps are distinct revisions of the graph, run in dependency order (an upgrade never
 * applies a revision before its parents), and its heads exist; a range and a stamp name only
 * revisions of the graph.
 * Built and run by scripts/fuzz.sh.
 */
#include "client/common/offline_script.hpp"
#include "core/error.hpp"
#include "core/history_range.hpp"
#include "core/planner.hpp"
#include "core/revision_graph.hpp"
#include "core/stamp_plan.hpp"

#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

pgm::Revision
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

const pgm::RevisionGraph &
Graph() {
	static const pgm::RevisionGraph graph = pgm::RevisionGraph::Build({
	    Rev("aaaa1111", {}),
	    Rev("bbbb2222", {"aaaa1111"}),
	    Rev("cccc3333", {"bbbb2222"}),
	    Rev("dddd4444", {"bbbb2222"}),
	    Rev("eeee5555", {"cccc3333", "dddd4444"}),
	    Rev("ffff6666", {}, {"feat"}),
	    Rev("99990000", {"ffff6666"}, {}, {"cccc3333"}),
	});
	return graph;
}

void
Require(bool condition) {
	if (!condition)
		std::abort();
}

/* CheckPlan: every step is a distinct revision, applied after its parents when upgrading. */
void
CheckPlan(const pgm::RevisionGraph &graph, const pgm::Plan &plan, const std::set<std::string> &applied) {
	std::set<std::string> seen;
	std::set<std::string> state = applied;
	for (const pgm::Step &step : plan.steps) {
		const pgm::Revision *rev = graph.Find(step.revision);
		Require(rev != nullptr);
		Require(seen.insert(step.revision).second);
		if (plan.direction == pgm::Direction::kUpgrade) {
			for (const std::string &parent : rev->parents)
				Require(state.count(parent) == 1);
			state.insert(step.revision);
		} else {
			state.erase(step.revision);
		}
	}
	for (const std::string &head : plan.heads_after)
		Require(graph.Find(head) != nullptr);
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
	if (size == 0)
		return 0;
	const pgm::RevisionGraph &graph = Graph();
	const std::vector<pgm::Revision> &revs = graph.Revisions();
	std::vector<std::string> heads;
	for (std::size_t i = 0; i < revs.size() && i < 8; i++) {
		if (data[0] & (1u << i))
			heads.push_back(revs[i].id);
	}
	std::string target(reinterpret_cast<const char *>(data + 1), size - 1);

	std::set<std::string> applied;
	try {
		applied = graph.AppliedSet(heads);
	} catch (const pgm::MigError &) {
		return 0;
	}
	try {
		CheckPlan(graph, pgm::PlanUpgrade(graph, heads, target), applied);
	} catch (const pgm::MigError &e) {
		Require(e.Sqlstate().size() == 5);
	}
	try {
		CheckPlan(graph, pgm::PlanDowngrade(graph, heads, target), applied);
	} catch (const pgm::MigError &e) {
		Require(e.Sqlstate().size() == 5);
	}
	try {
		Require(graph.Find(pgm::ResolveRevision(graph, target)) != nullptr);
	} catch (const pgm::MigError &e) {
		Require(e.Sqlstate().size() == 5);
	}
	try {
		for (const std::string &id : pgm::ResolveHistoryRange(graph, heads, target))
			Require(graph.Find(id) != nullptr);
	} catch (const pgm::MigError &e) {
		Require(e.Sqlstate().size() == 5);
	}
	try {
		// Several stamp targets: the text split at spaces.
		std::vector<std::string> targets;
		std::size_t start = 0;
		while (start <= target.size()) {
			std::size_t end = target.find(' ', start);
			if (end == std::string::npos)
				end = target.size();
			targets.push_back(target.substr(start, end - start));
			start = end + 1;
		}
		pgm::StampPlan stamp = pgm::PlanStamp(graph, heads, targets, (data[0] & 0x80) != 0);
		for (const std::string &head : stamp.heads_after)
			Require(graph.Find(head) != nullptr);
	} catch (const pgm::MigError &e) {
		Require(e.Sqlstate().size() == 5);
	}
	try {
		pgm::Direction direction = (data[0] & 0x40) != 0 ? pgm::Direction::kDowngrade : pgm::Direction::kUpgrade;
		pgmig::OfflineRange range = pgmig::ResolveOfflineRange(graph, direction, target);
		pgm::Plan plan = direction == pgm::Direction::kUpgrade
		                     ? pgm::PlanUpgrade(graph, range.start_heads, range.target)
		                     : pgm::PlanDowngrade(graph, range.start_heads, range.target);
		std::map<std::string, pgmig::OfflineStepSource> sources;
		for (const pgm::Revision &rev : graph.Revisions())
			sources[rev.id] = {std::string("SELECT 1;"), std::string(64, 'a')};
		pgmig::RenderOfflineScript(graph, plan, range.start_heads, sources, "fuzz");
	} catch (const pgm::MigError &e) {
		Require(e.Sqlstate().size() == 5);
	}
	return 0;
}
