/*
 * stamp_plan.cpp: planning `stamp REV...` (stamp_plan.hpp) as Alembic's stamp_revision does:
 * targets read with the target grammar (target_grammar.hpp), each one replacing the version
 * rows on its lineage.  Nothing is executed here.
 */
#include "core/stamp_plan.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/message_text.hpp"
#include "core/planner.hpp"
#include "core/target_grammar.hpp"

#include <algorithm>
#include <optional>
#include <set>

namespace pgm {

namespace {

using grammar::CheckedCurrentHeads;
using grammar::Deduped;
using grammar::ParseRelative;
using grammar::RejectRange;
using grammar::Resolver;
using grammar::SafeSpec;

/* A resolved stamp target: a revision, or the base of everything / of one branch. */
struct StampTarget {
	bool base = false;
	std::optional<std::string> branch; // for base: "feat@base"
	std::string id;                    // for a revision
	std::string spec;                  // as written, for messages
};

/* Alembic's filter_for_lineage(..., include_dependencies=True) for one row against revisions. */
bool
RowSharesLineage(const RevisionGraph &graph, const std::string &row, const std::vector<std::string> &against) {
	if (against.empty()) {
		return true;
	}
	std::set<std::string> related = graph.Ancestors({row}, true);
	std::set<std::string> up = graph.Descendants({row}, true);
	related.insert(up.begin(), up.end());
	for (const std::string &a : against) {
		if (related.count(a) > 0) {
			return true;
		}
	}
	return false;
}

/*
 * ResolveStampTargets: each spec as revisions or a base, as Alembic's stamp reads them: "head"
 * with several heads fails with stamp's own message, a relative spec names one revision, a
 * revision named twice counts once.  Then no two targets may overlap: one per lineage, and a
 * base only with revisions of other branches.
 */
std::vector<StampTarget>
ResolveStampTargets(const Resolver &resolver, const RevisionGraph &graph, const std::vector<std::string> &specs) {
	std::vector<StampTarget> out;
	for (const std::string &raw : specs) {
		const std::string spec = SafeSpec(raw);
		RejectRange(spec);
		std::optional<std::string> branch;
		std::string id = spec;
		if (std::size_t at = spec.find('@'); at != std::string::npos) {
			branch = spec.substr(0, at);
			id = spec.substr(at + 1);
		}
		if (id == "head" && !ParseRelative(spec)) {
			std::vector<std::string> heads = graph.Heads();
			if (branch) {
				heads = resolver.FilterForLineage(heads, *branch);
			}
			if (heads.size() > 1) {
				throw MigError(sqlstate::kMultipleHeads,
				               "multiple heads are present; please specify a single target revision",
				               "\"" + spec + "\" matches the heads " + JoinComma(heads) + ".",
				               "Stamp \"heads\" for all heads, or name one revision or '<branchname>@head'.");
			}
		}
		std::vector<std::string> ids;
		if (ParseRelative(spec)) {
			ids = {ResolveRevision(graph, spec)};
		} else {
			ids = resolver.GetRevisions(spec);
		}
		if (ids.empty() && id == "base") {
			StampTarget t;
			t.base = true;
			if (branch) {
				t.branch = resolver.ResolveBranch(*branch);
			}
			t.spec = spec;
			out.push_back(std::move(t));
			continue;
		}
		for (std::string &rev : ids) {
			bool seen = false;
			for (const StampTarget &t : out) {
				seen = seen || (!t.base && t.id == rev);
			}
			if (!seen) {
				StampTarget t;
				t.id = std::move(rev);
				t.spec = spec;
				out.push_back(std::move(t));
			}
		}
	}
	/* Targets must not overlap: one per lineage, and base only with revisions of other branches. */
	for (std::size_t i = 0; i < out.size(); i++) {
		for (std::size_t j = i + 1; j < out.size(); j++) {
			const StampTarget &a = out[i];
			const StampTarget &b = out[j];
			bool clash = false;
			std::string detail;
			if (a.base && b.base) {
				clash = !a.branch || !b.branch || *a.branch == *b.branch;
				detail = "Both " + QuoteName(a.spec) + " and " + QuoteName(b.spec) + " stamp the empty state.";
			} else if (a.base || b.base) {
				const StampTarget &base = a.base ? a : b;
				const StampTarget &rev = a.base ? b : a;
				clash = !base.branch || graph.SharesLineage(rev.id, *base.branch);
				detail = QuoteName(base.spec) + " removes the revisions that " + QuoteName(rev.spec) + " stamps.";
			} else {
				clash = graph.SharesLineage(a.id, b.id);
				detail = "Revisions " + QuoteName(a.id) + " and " + QuoteName(b.id) + " are on the same lineage.";
			}
			if (clash) {
				throw MigError(sqlstate::kInvalidParameterValue,
				               "stamp targets " + QuoteName(a.spec) + " and " + QuoteName(b.spec) + " overlap", detail,
				               "Name at most one revision per branch.");
			}
		}
	}
	return out;
}

} // namespace

/*
 * Alembic's stamp_revision: the targets in turn, each against the rows the previous ones left.
 * A base removes the rows on its lineage (every row for plain "base"), one step per row; a
 * revision already in the table is left alone; any other revision replaces every row on its
 * lineage in one step (none: it is inserted).
 */
StampPlan
PlanStamp(const RevisionGraph &graph, const std::vector<std::string> &current_heads,
          const std::vector<std::string> &targets, bool purge) {
	if (targets.empty()) {
		throw MigError(sqlstate::kInvalidParameterValue, "stamp needs at least one target revision", "",
		               "Use \"heads\", \"base\" or revision ids.");
	}
	StampPlan plan;
	std::vector<std::string> rows;
	if (purge) {
		/* The rows may name revisions that are not in the graph: that is what purge is for. */
		rows = Deduped(current_heads);
		if (!rows.empty()) {
			plan.steps.push_back(StampStep{rows, {}});
		}
		rows.clear();
	} else {
		std::set<std::string> applied;
		rows = CheckedCurrentHeads(graph, current_heads, applied);
	}
	Resolver resolver(graph);
	const std::vector<StampTarget> resolved = ResolveStampTargets(resolver, graph, targets);

	InterruptTicker ticks;
	for (const StampTarget &target : resolved) {
		if (target.base) {
			std::vector<std::string> against;
			if (target.branch) {
				against.push_back(*target.branch);
			}
			std::vector<std::string> kept;
			for (const std::string &row : rows) {
				ticks.Tick();
				if (RowSharesLineage(graph, row, against)) {
					plan.steps.push_back(StampStep{{row}, {}});
				} else {
					kept.push_back(row);
				}
			}
			rows = std::move(kept);
			continue;
		}
		if (std::find(rows.begin(), rows.end(), target.id) != rows.end()) {
			continue;
		}
		std::vector<std::string> related;
		std::vector<std::string> kept;
		for (const std::string &row : rows) {
			ticks.Tick();
			(RowSharesLineage(graph, row, {target.id}) ? related : kept).push_back(row);
		}
		/* Rows above the target move down to it; rows below it move up; either way in one step. */
		plan.steps.push_back(StampStep{related, {target.id}});
		kept.push_back(target.id);
		rows = std::move(kept);
	}
	plan.heads_after = std::move(rows);
	return plan;
}

std::string
DescribeStamp(const StampStep &step) {
	std::vector<std::string> from;
	std::vector<std::string> to;
	for (const std::string &id : step.from) {
		from.push_back(MessageText(id, kMaxQuotedNameChars));
	}
	for (const std::string &id : step.to) {
		to.push_back(MessageText(id, kMaxQuotedNameChars));
	}
	return "Running stamp_revision " + JoinComma(from) + " -> " + JoinComma(to);
}

} // namespace pgm
