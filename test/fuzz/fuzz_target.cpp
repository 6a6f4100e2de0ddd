/*
 * fuzz_target.cpp: libFuzzer target for the target grammar (core/target_grammar.hpp) and what
 * is planned with it: upgrades, downgrades, one-revision specs, stamps and offline scripts.
 * The input is "HEADS\nTARGET" (fuzz_common.hpp): the version table's rows, then the target,
 * resolved on the graph of fuzz_common.hpp (a branch point, a merge, a labelled second root
 * with a dependency, an irreversible head).
 *
 * Properties checked on every input:
 *   - every entry point returns or throws pgm::MigError with a valid SQLSTATE and UTF-8 texts;
 *   - a relative target reads back to its text: branch@symbol+N is the input, and the step
 *     count as Python's int prints it is the number read;
 *   - a plan's steps are distinct revisions of the graph in dependency order (an upgrade never
 *     applies a revision before its parents and dependencies, a downgrade never reverts one before its
 *     children), and the version table after it (heads_after) applies exactly the revisions
 *     the steps leave applied;
 *   - an upgrade to an absolute target (no relative step, not "current") is idempotent: planned
 *     again from the heads after it, it has no step;
 *   - a spec that resolves to a revision resolves to it again by its full id;
 *   - a stamp names only revisions of the graph; an offline script renders or refuses.
 * Built and run by scripts/fuzz.sh.
 */
#include "client/common/offline_script.hpp"
#include "core/planner.hpp"
#include "core/stamp_plan.hpp"
#include "core/target_grammar.hpp"
#include "test/fuzz/fuzz_common.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace {

/* CheckPlan: the steps are distinct revisions in dependency order; heads_after matches them. */
void
CheckPlan(const pgm::RevisionGraph &graph, const pgm::Plan &plan, const std::set<std::string> &applied) {
	std::set<std::string> seen;
	std::set<std::string> state = applied;
	for (const pgm::Step &step : plan.steps) {
		const pgm::Revision *rev = graph.Find(step.revision);
		FUZZ_REQUIRE(rev != nullptr);
		FUZZ_REQUIRE(step.direction == plan.direction);
		FUZZ_REQUIRE(seen.insert(step.revision).second);
		if (plan.direction == pgm::Direction::kUpgrade) {
			FUZZ_REQUIRE(state.count(step.revision) == 0);
			for (const std::string &parent : rev->parents)
				FUZZ_REQUIRE(state.count(parent) == 1);
			for (const std::string &dependency : graph.ResolvedDependencies(step.revision))
				FUZZ_REQUIRE(state.count(dependency) == 1);
			state.insert(step.revision);
		} else {
			FUZZ_REQUIRE(state.count(step.revision) == 1);
			FUZZ_REQUIRE(rev->reversible);
			for (const std::string &child : graph.Children(step.revision))
				FUZZ_REQUIRE(state.count(child) == 0);
			state.erase(step.revision);
		}
	}
	for (const std::string &head : plan.heads_after)
		FUZZ_REQUIRE(graph.Find(head) != nullptr);
	FUZZ_REQUIRE(graph.AppliedSet(plan.heads_after) == state);
}

/* CheckRelative: a relative target is its parts, concatenated. */
void
CheckRelative(const std::string &target) {
	std::optional<pgm::grammar::Relative> rel;
	try {
		rel = pgm::grammar::ParseRelative(target);
	} catch (const pgm::MigError &e) {
		fuzz::RequireValidError(e);
		return;
	}
	if (!rel)
		return;
	std::string text = (rel->branch ? *rel->branch + "@" : "") + rel->symbol.value_or("") + rel->steps_text;
	FUZZ_REQUIRE(text == target);
	FUZZ_REQUIRE(std::to_string(rel->steps) == rel->steps_number);
	FUZZ_REQUIRE(!rel->steps_text.empty() && (rel->steps_text[0] == '+' || rel->steps_text[0] == '-'));
}

/* Absolute: a target that names revisions rather than a walk from the current ones. */
bool
Absolute(const std::string &target) {
	return target.find_first_of("+-") == std::string::npos && target.find("current") == std::string::npos;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
	const pgm::RevisionGraph &graph = fuzz::Graph();
	std::vector<std::string> heads;
	std::string target;
	fuzz::SplitInput(std::string_view(reinterpret_cast<const char *>(data), size), heads, target);

	CheckRelative(target);
	std::set<std::string> applied;
	try {
		applied = graph.AppliedSet(heads);
	} catch (const pgm::MigError &e) {
		fuzz::RequireValidError(e);
		return 0;
	}
	try {
		pgm::Plan plan = pgm::PlanUpgrade(graph, heads, target);
		CheckPlan(graph, plan, applied);
		if (Absolute(target)) {
			pgm::Plan again = pgm::PlanUpgrade(graph, plan.heads_after, target);
			FUZZ_REQUIRE(again.steps.empty());
		}
	} catch (const pgm::MigError &e) {
		fuzz::RequireValidError(e);
	}
	try {
		CheckPlan(graph, pgm::PlanDowngrade(graph, heads, target), applied);
	} catch (const pgm::MigError &e) {
		fuzz::RequireValidError(e);
	}
	try {
		std::string id = pgm::ResolveRevision(graph, target);
		FUZZ_REQUIRE(graph.Find(id) != nullptr);
		FUZZ_REQUIRE(pgm::ResolveRevision(graph, id) == id);
	} catch (const pgm::MigError &e) {
		fuzz::RequireValidError(e);
	}
	// Several stamp targets: the text split at spaces; with and without --purge.
	std::vector<std::string> targets;
	for (std::size_t start = 0; start <= target.size();) {
		std::size_t end = target.find(' ', start);
		if (end == std::string::npos)
			end = target.size();
		targets.push_back(target.substr(start, end - start));
		start = end + 1;
	}
	for (bool purge : {false, true}) {
		try {
			pgm::StampPlan stamp = pgm::PlanStamp(graph, heads, targets, purge);
			for (const std::string &head : stamp.heads_after)
				FUZZ_REQUIRE(graph.Find(head) != nullptr);
		} catch (const pgm::MigError &e) {
			fuzz::RequireValidError(e);
		}
	}
	// An offline script (pgmig upgrade/downgrade --sql) of a "start:end" range.
	for (pgm::Direction direction : {pgm::Direction::kUpgrade, pgm::Direction::kDowngrade}) {
		try {
			pgmig::OfflineRange range = pgmig::ResolveOfflineRange(graph, direction, target);
			pgm::Plan plan = direction == pgm::Direction::kUpgrade
			                     ? pgm::PlanUpgrade(graph, range.start_heads, range.target)
			                     : pgm::PlanDowngrade(graph, range.start_heads, range.target);
			std::map<std::string, pgmig::OfflineStepSource> sources;
			for (const pgm::Revision &rev : graph.Revisions())
				sources[rev.id] = {std::string("SELECT 1;"), std::string(64, 'a')};
			pgmig::RenderOfflineScript(graph, plan, range.start_heads, sources, "fuzz");
		} catch (const pgm::MigError &e) {
			fuzz::RequireValidError(e);
		}
	}
	return 0;
}
