/*
 * core_planner_test.cpp: target grammar and plans: exact steps, heads afterwards and every
 * error with its SQLSTATE, on a linear history, on Alembic's example with branches, merges,
 * a labelled branch and a dependency, and on 10,000 revisions.
 */
#include "core/message_text.hpp"
#include "core/planner.hpp"
#include "test/unit/core_test_helpers.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace pgm {
namespace {

using test::AlembicExample;
using test::CatchMigError;
using test::Irreversible;
using test::Linear;
using test::R;
using test::WithLabels;

using Ids = std::vector<std::string>;

Ids
StepIds(const Plan &plan) {
	Ids ids;
	for (const Step &s : plan.steps) {
		ids.push_back(s.revision);
		EXPECT_EQ(s.direction, plan.direction);
	}
	return ids;
}

/* Alembic's example without the labelled branch: a -> b -> {c, d} -> e (merge). */
RevisionGraph
Diamond() {
	return RevisionGraph::Build({R("aaaa1111", {}, "create account table"), R("bbbb2222", {"aaaa1111"}, "add column"),
	                             R("cccc3333", {"bbbb2222"}, "third"), R("dddd4444", {"bbbb2222"}, "side"),
	                             R("eeee5555", {"cccc3333", "dddd4444"}, "merge c and d")});
}

/* The same before the merge was written. */
RevisionGraph
Fork() {
	return RevisionGraph::Build({R("aaaa1111", {}, "create account table"), R("bbbb2222", {"aaaa1111"}, "add column"),
	                             R("cccc3333", {"bbbb2222"}, "third"), R("dddd4444", {"bbbb2222"}, "side")});
}

TEST(CorePlanner, DirectionNames) {
	EXPECT_STREQ(DirectionName(Direction::kUpgrade), "upgrade");
	EXPECT_STREQ(DirectionName(Direction::kDowngrade), "downgrade");
}

/* ---- Linear history. ---- */

TEST(CorePlannerLinear, UpgradeHeadFromBase) {
	Plan p = PlanUpgrade(Linear(), {}, "head");
	EXPECT_EQ(p.direction, Direction::kUpgrade);
	EXPECT_EQ(StepIds(p), (Ids{"aaaa1111", "bbbb2222", "cccc3333", "dddd4444"}));
	EXPECT_EQ(p.heads_after, Ids{"dddd4444"});
}

TEST(CorePlannerLinear, UpgradeFromTheMiddle) {
	Plan p = PlanUpgrade(Linear(), {"bbbb2222"}, "head");
	EXPECT_EQ(StepIds(p), (Ids{"cccc3333", "dddd4444"}));
	EXPECT_EQ(p.heads_after, Ids{"dddd4444"});
}

TEST(CorePlannerLinear, UpgradeWhenUpToDateOrBelowIsANoOp) {
	Plan p = PlanUpgrade(Linear(), {"dddd4444"}, "head");
	EXPECT_TRUE(p.steps.empty());
	EXPECT_EQ(p.heads_after, Ids{"dddd4444"});
	/* Alembic: an already applied target gives no migrations and no error. */
	p = PlanUpgrade(Linear(), {"cccc3333"}, "bbbb2222");
	EXPECT_TRUE(p.steps.empty());
	EXPECT_EQ(p.heads_after, Ids{"cccc3333"});
	p = PlanUpgrade(Linear(), {"cccc3333"}, "base");
	EXPECT_TRUE(p.steps.empty());
	EXPECT_EQ(p.heads_after, Ids{"cccc3333"});
}

TEST(CorePlannerLinear, UpgradeToFullAndPartialIds) {
	EXPECT_EQ(StepIds(PlanUpgrade(Linear(), {}, "bbbb2222")), (Ids{"aaaa1111", "bbbb2222"}));
	EXPECT_EQ(StepIds(PlanUpgrade(Linear(), {"aaaa1111"}, "ccc")), (Ids{"bbbb2222", "cccc3333"}));
	EXPECT_EQ(StepIds(PlanUpgrade(Linear(), {"aaaa1111"}, "c")), (Ids{"bbbb2222", "cccc3333"}));
}

TEST(CorePlannerLinear, UpgradeHeadsOnAnEmptyGraph) {
	Plan p = PlanUpgrade(RevisionGraph::Build({}), {}, "head");
	EXPECT_TRUE(p.steps.empty());
	EXPECT_TRUE(p.heads_after.empty());
}

TEST(CorePlannerLinear, RelativeUpgrade) {
	Plan p = PlanUpgrade(Linear(), {"aaaa1111"}, "+2");
	EXPECT_EQ(StepIds(p), (Ids{"bbbb2222", "cccc3333"}));
	EXPECT_EQ(p.heads_after, Ids{"cccc3333"});
	EXPECT_EQ(StepIds(PlanUpgrade(Linear(), {}, "+1")), Ids{"aaaa1111"});
	EXPECT_EQ(StepIds(PlanUpgrade(Linear(), {"aaaa1111"}, "bbbb2222+1")), (Ids{"bbbb2222", "cccc3333"}));
	EXPECT_EQ(StepIds(PlanUpgrade(Linear(), {}, "head-1")), (Ids{"aaaa1111", "bbbb2222", "cccc3333"}));
	EXPECT_EQ(StepIds(PlanUpgrade(Linear(), {}, "base+2")), (Ids{"aaaa1111", "bbbb2222"}));
	EXPECT_EQ(StepIds(PlanUpgrade(Linear(), {}, "dddd-2")), (Ids{"aaaa1111", "bbbb2222"}));
}

TEST(CorePlannerLinear, RelativeUpgradeTooFar) {
	MigError e = CatchMigError([] { PlanUpgrade(Linear(), {"cccc3333"}, "+9"); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "relative revision +9 didn't produce 9 migrations");
	EXPECT_EQ(e.Detail(), "Walking 9 steps up from revision \"cccc3333\" goes past the head.");

	e = CatchMigError([] { PlanUpgrade(Linear(), {}, "+5"); });
	EXPECT_EQ(e.Message(), "relative revision +5 didn't produce 5 migrations");
	EXPECT_EQ(e.Detail(), "Walking 5 steps up from the empty database goes past the head.");

	e = CatchMigError([] { PlanUpgrade(Linear(), {}, "cccc3333+3"); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "walked too far");
}

TEST(CorePlannerLinear, RelativeStepsAreParsedStrictly) {
	/* Out of range: more than INT_MAX, however it is written, in every form and direction. */
	for (const char *target : {"+99999999999999999999", "+2147483648", "-2147483648", "head-99999999999999999999",
	                           "aaaa1111+2147483648", "base+9223372036854775808", "feat@+99999999999"}) {
		MigError e = CatchMigError([&] { PlanUpgrade(Linear(), {"aaaa1111"}, target); });
		EXPECT_EQ(e.Sqlstate(), "22023") << target;
		std::string text(target);
		std::string steps = text.substr(text.find_first_of("+-"));
		EXPECT_EQ(e.Message(), "relative revision step \"" + steps + "\" is out of range") << target;
		EXPECT_EQ(e.Detail(), "A relative step counts at most 2147483647 revisions.") << target;

		e = CatchMigError([&] { PlanDowngrade(Linear(), {"dddd4444"}, target); });
		EXPECT_EQ(e.Sqlstate(), "22023") << target;
		EXPECT_EQ(e.Message(), "relative revision step \"" + steps + "\" is out of range") << target;

		e = CatchMigError([&] { ResolveRevision(Linear(), target); });
		EXPECT_EQ(e.Sqlstate(), "22023") << target;
		EXPECT_EQ(e.Message(), "relative revision step \"" + steps + "\" is out of range") << target;
	}

	/* A very long count is quoted cut short. */
	MigError e = CatchMigError([] { PlanUpgrade(Linear(), {}, "+" + std::string(1000, '9')); });
	EXPECT_EQ(e.Message(), "relative revision step \"+" + std::string(63, '9') + "...\" is out of range");

	/* INT_MAX itself is a valid count: the walk just runs out of revisions. */
	e = CatchMigError([] { PlanUpgrade(Linear(), {"aaaa1111"}, "+2147483647"); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "relative revision +2147483647 didn't produce 2147483647 migrations");
	e = CatchMigError([] { PlanDowngrade(Linear(), {"dddd4444"}, "-2147483647"); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "relative revision -2147483647 didn't produce 2147483647 migrations");
	EXPECT_EQ(StepIds(PlanUpgrade(Linear(), {}, "+0000000000000000000002")), (Ids{"aaaa1111", "bbbb2222"}));

	/* Digits only: anything else after the sign is not a relative step but an (unknown) revision. */
	for (const char *target : {"+1x", "+ 1", "+1.5", "+0x10", "+\xd9\xa1"}) {
		e = CatchMigError([&] { PlanUpgrade(Linear(), {}, target); });
		EXPECT_EQ(e.Sqlstate(), "42704") << target;
	}
}

TEST(CorePlannerLinear, DownwardStepInUpgrade) {
	MigError e = CatchMigError([] { PlanUpgrade(Linear(), {"cccc3333"}, "-1"); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "relative revision -1 didn't produce 1 migrations");
}

TEST(CorePlannerLinear, DowngradeToBase) {
	Plan p = PlanDowngrade(Linear(), {"dddd4444"}, "base");
	EXPECT_EQ(p.direction, Direction::kDowngrade);
	EXPECT_EQ(StepIds(p), (Ids{"dddd4444", "cccc3333", "bbbb2222", "aaaa1111"}));
	EXPECT_TRUE(p.heads_after.empty());
}

TEST(CorePlannerLinear, DowngradeToARevision) {
	Plan p = PlanDowngrade(Linear(), {"dddd4444"}, "bbbb2222");
	EXPECT_EQ(StepIds(p), (Ids{"dddd4444", "cccc3333"}));
	EXPECT_EQ(p.heads_after, Ids{"bbbb2222"});
	p = PlanDowngrade(Linear(), {"dddd4444"}, "head");
	EXPECT_TRUE(p.steps.empty());
	EXPECT_EQ(p.heads_after, Ids{"dddd4444"});
	p = PlanDowngrade(Linear(), {"dddd4444"}, "dddd4444-1");
	EXPECT_EQ(StepIds(p), Ids{"dddd4444"});
}

TEST(CorePlannerLinear, RelativeDowngrade) {
	Plan p = PlanDowngrade(Linear(), {"dddd4444"}, "-2");
	EXPECT_EQ(StepIds(p), (Ids{"dddd4444", "cccc3333"}));
	EXPECT_EQ(p.heads_after, Ids{"bbbb2222"});
	/* Down to base exactly. */
	p = PlanDowngrade(Linear(), {"bbbb2222"}, "-2");
	EXPECT_EQ(StepIds(p), (Ids{"bbbb2222", "aaaa1111"}));
	EXPECT_TRUE(p.heads_after.empty());
}

TEST(CorePlannerLinear, RelativeDowngradeTooFar) {
	MigError e = CatchMigError([] { PlanDowngrade(Linear(), {"bbbb2222"}, "-3"); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "relative revision -3 didn't produce 3 migrations");
	e = CatchMigError([] { PlanDowngrade(Linear(), {}, "-1"); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "relative revision -1 didn't produce 1 migrations");
	EXPECT_EQ(e.Detail(), "The database has no current revision to walk down from.");
}

TEST(CorePlannerLinear, UpwardStepInDowngrade) {
	MigError e = CatchMigError([] { PlanDowngrade(Linear(), {"bbbb2222"}, "+1"); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "relative revision +1 didn't produce 1 migrations");
}

TEST(CorePlannerLinear, DowngradeTargetNotApplied) {
	MigError e = CatchMigError([] { PlanDowngrade(Linear(), {"bbbb2222"}, "dddd4444"); });
	EXPECT_EQ(e.Sqlstate(), "55000");
	EXPECT_EQ(e.Message(), "destination dddd4444 is not a valid downgrade target from current head(s)");
	EXPECT_EQ(e.Detail(), "Revision \"dddd4444\" is not applied; the database is at bbbb2222.");
	e = CatchMigError([] { PlanDowngrade(Linear(), {}, "head"); });
	EXPECT_EQ(e.Message(), "destination head is not a valid downgrade target from current head(s)");
	EXPECT_EQ(e.Detail(), "Revision \"dddd4444\" is not applied; the database is at base.");
}

TEST(CorePlannerLinear, IrreversibleRevisionStopsTheWholeDowngrade) {
	RevisionGraph g = RevisionGraph::Build({R("aaaa1111"), R("bbbb2222", {"aaaa1111"}),
	                                        Irreversible(R("cccc3333", {"bbbb2222"})), R("dddd4444", {"cccc3333"})});
	MigError e = CatchMigError([&] { PlanDowngrade(g, {"dddd4444"}, "aaaa1111"); });
	EXPECT_EQ(e.Sqlstate(), "0A000");
	EXPECT_EQ(e.Message(), "cannot downgrade revision \"cccc3333\" because it is irreversible");
	EXPECT_EQ(e.Detail(),
	          "Revision file \"cccc3333.sql\" has no \"-- migrate:downgrade\" section. Nothing was downgraded.");
	// The way out names the repair an edited applied file then needs (an upload alone is MG001).
	EXPECT_EQ(e.Hint(), "Downgrade to \"cccc3333\" or a later revision instead of \"aaaa1111\", or add a \"-- "
	                    "migrate:downgrade\" section to the revision file and accept the edited file with \"pgmig "
	                    "repair cccc3333 --reason TEXT\" (migrate_repair in SQL) first.");
	/* Above it is fine. */
	EXPECT_EQ(StepIds(PlanDowngrade(g, {"dddd4444"}, "cccc3333")), Ids{"dddd4444"});
	/* Upgrading through it is fine too. */
	EXPECT_EQ(StepIds(PlanUpgrade(g, {}, "head")).size(), 4U);
}

TEST(CorePlannerLinear, UnknownCurrentHead) {
	MigError e = CatchMigError([] { PlanUpgrade(Linear(), {"deadbeef0000"}, "head"); });
	EXPECT_EQ(e.Sqlstate(), "42704");
	EXPECT_EQ(e.Message(), "can't locate revision identified by 'deadbeef0000'");
	EXPECT_EQ(e.Detail(), "The version table holds revision \"deadbeef0000\", but no revision file has that id.");
	e = CatchMigError([] { PlanDowngrade(Linear(), {"deadbeef0000"}, "base"); });
	EXPECT_EQ(e.Sqlstate(), "42704");
}

TEST(CorePlannerLinear, UnknownAndAmbiguousTargets) {
	MigError e = CatchMigError([] { PlanUpgrade(Linear(), {}, "xy"); });
	EXPECT_EQ(e.Sqlstate(), "42704");
	EXPECT_EQ(e.Message(), "can't locate revision identified by 'xy'");
	EXPECT_EQ(e.Hint(), "Use at least four characters of a revision id for a partial revision identifier.");

	RevisionGraph g = RevisionGraph::Build({R("aaaa1111"), R("aaab9999", {"aaaa1111"})});
	e = CatchMigError([&] { PlanUpgrade(g, {}, "aaa"); });
	EXPECT_EQ(e.Sqlstate(), "MG005");
	EXPECT_EQ(e.Message(), "multiple revisions start with 'aaa': 'aaaa1111', 'aaab9999'");
	EXPECT_EQ(e.Hint(), "Use more characters of the revision id.");
}

TEST(CorePlannerLinear, RangesAndEmptyTargetsAreRefused) {
	MigError e = CatchMigError([] { PlanUpgrade(Linear(), {}, "aaaa1111:cccc3333"); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "range revision not allowed");
	e = CatchMigError([] { PlanDowngrade(Linear(), {"dddd4444"}, "dddd:bbbb"); });
	EXPECT_EQ(e.Message(), "range revision not allowed");
	e = CatchMigError([] { PlanUpgrade(Linear(), {}, ""); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "revision target must not be empty");
}

TEST(CorePlannerLinear, DuplicateCurrentHeadsAreOne) {
	Plan p = PlanUpgrade(Linear(), {"bbbb2222", "bbbb2222"}, "+1");
	EXPECT_EQ(StepIds(p), Ids{"cccc3333"});
}

/* ---- Branches and merges. ---- */

TEST(CorePlannerBranches, HeadWithSeveralHeads) {
	MigError e = CatchMigError([] { PlanUpgrade(Fork(), {}, "head"); });
	EXPECT_EQ(e.Sqlstate(), "MG004");
	EXPECT_EQ(e.Message(), "multiple head revisions are present for given argument 'head'");
	EXPECT_EQ(e.Detail(), "The revisions are cccc3333, dddd4444.");
	EXPECT_EQ(e.Hint(), "Specify a specific target revision, '<branchname>@head' to narrow to a specific head, or "
	                    "'heads' for all heads.");
	e = CatchMigError([] { PlanDowngrade(Fork(), {"cccc3333", "dddd4444"}, "head"); });
	EXPECT_EQ(e.Sqlstate(), "MG004");
}

TEST(CorePlannerBranches, UpgradeHeadsFromTheBranchPoint) {
	/* Alembic: first UPDATE bbbb2222 -> dddd4444, then INSERT cccc3333. */
	Plan p = PlanUpgrade(Fork(), {"bbbb2222"}, "heads");
	EXPECT_EQ(StepIds(p), (Ids{"dddd4444", "cccc3333"}));
	EXPECT_EQ(p.heads_after, (Ids{"cccc3333", "dddd4444"}));
}

TEST(CorePlannerBranches, UpgradeOneBranch) {
	Plan p = PlanUpgrade(Fork(), {"bbbb2222"}, "cccc3333");
	EXPECT_EQ(StepIds(p), Ids{"cccc3333"});
	EXPECT_EQ(p.heads_after, Ids{"cccc3333"});
	/* From {dddd4444}, upgrading cccc3333 adds a second head. */
	p = PlanUpgrade(Fork(), {"dddd4444"}, "cccc3333");
	EXPECT_EQ(StepIds(p), Ids{"cccc3333"});
	EXPECT_EQ(p.heads_after, (Ids{"cccc3333", "dddd4444"}));
}

TEST(CorePlannerBranches, RelativeStepAcrossABranchPoint) {
	MigError e = CatchMigError([] { PlanUpgrade(Fork(), {"bbbb2222"}, "+1"); });
	EXPECT_EQ(e.Sqlstate(), "MG005");
	EXPECT_EQ(e.Message(), "ambiguous walk");
	EXPECT_EQ(e.Detail(), "Revision \"bbbb2222\" is a branch point with children cccc3333, dddd4444.");
}

TEST(CorePlannerBranches, RelativeUpgradeFromSeveralHeads) {
	MigError e = CatchMigError([] { PlanUpgrade(Diamond(), {"cccc3333", "dddd4444"}, "+1"); });
	EXPECT_EQ(e.Sqlstate(), "MG004");
	EXPECT_EQ(e.Message(), "ambiguous upgrade from multiple current revisions");
}

TEST(CorePlannerBranches, MergeUpgrade) {
	Plan p = PlanUpgrade(Diamond(), {"cccc3333", "dddd4444"}, "head");
	EXPECT_EQ(StepIds(p), Ids{"eeee5555"});
	EXPECT_EQ(p.heads_after, Ids{"eeee5555"});
	p = PlanUpgrade(Diamond(), {"cccc3333"}, "head");
	EXPECT_EQ(StepIds(p), (Ids{"dddd4444", "eeee5555"}));
	p = PlanUpgrade(Diamond(), {}, "head");
	EXPECT_EQ(StepIds(p), (Ids{"aaaa1111", "bbbb2222", "dddd4444", "cccc3333", "eeee5555"}));
}

TEST(CorePlannerBranches, DowngradeAcrossAMerge) {
	/* Alembic: eeee -> (cccc, dddd), cccc -> bbbb, dddd -> bbbb. */
	Plan p = PlanDowngrade(Diamond(), {"eeee5555"}, "bbbb2222");
	EXPECT_EQ(StepIds(p), (Ids{"eeee5555", "cccc3333", "dddd4444"}));
	EXPECT_EQ(p.heads_after, Ids{"bbbb2222"});
}

TEST(CorePlannerBranches, DowngradeToOneParentUnmerges) {
	/* Alembic: downgrade cccc3333 from eeee5555 leaves {cccc3333, dddd4444}. */
	Plan p = PlanDowngrade(Diamond(), {"eeee5555"}, "cccc3333");
	EXPECT_EQ(StepIds(p), Ids{"eeee5555"});
	EXPECT_EQ(p.heads_after, (Ids{"cccc3333", "dddd4444"}));
}

TEST(CorePlannerBranches, DowngradeOneBranchOnly) {
	/* X@target: revert only the branch of X. */
	Plan p = PlanDowngrade(Fork(), {"cccc3333", "dddd4444"}, "cccc3333@bbbb2222");
	EXPECT_EQ(StepIds(p), Ids{"cccc3333"});
	EXPECT_EQ(p.heads_after, Ids{"dddd4444"});
	/* Without the branch, both go. */
	p = PlanDowngrade(Fork(), {"cccc3333", "dddd4444"}, "bbbb2222");
	EXPECT_EQ(StepIds(p), (Ids{"cccc3333", "dddd4444"}));
	EXPECT_EQ(p.heads_after, Ids{"bbbb2222"});
	/* A sibling branch head as the target leaves the other branch alone. */
	p = PlanDowngrade(Fork(), {"cccc3333", "dddd4444"}, "cccc3333");
	EXPECT_TRUE(p.steps.empty());
	EXPECT_EQ(p.heads_after, (Ids{"cccc3333", "dddd4444"}));
}

TEST(CorePlannerBranches, RelativeDowngradeFromSeveralHeadsIsRefused) {
	MigError e = CatchMigError([] { PlanDowngrade(Fork(), {"cccc3333", "dddd4444"}, "-1"); });
	EXPECT_EQ(e.Sqlstate(), "MG004");
	EXPECT_EQ(e.Message(), "downgrade -1 from multiple heads is ambiguous");
	EXPECT_EQ(e.Detail(), "The database is at cccc3333, dddd4444.");
	EXPECT_EQ(e.Hint(), "Name the target revision, or walk one branch with '<branchname>@-1'.");
}

TEST(CorePlannerBranches, RelativeDowngradeFromAMergePoint) {
	MigError e = CatchMigError([] { PlanDowngrade(Diamond(), {"eeee5555"}, "-1"); });
	EXPECT_EQ(e.Sqlstate(), "MG005");
	EXPECT_EQ(e.Message(), "ambiguous walk");
	EXPECT_EQ(e.Detail(), "Revision \"eeee5555\" is a merge point of cccc3333, dddd4444.");
}

TEST(CorePlannerBranches, RelativeDowngradeAlongOneBranch) {
	Plan p = PlanDowngrade(Fork(), {"cccc3333", "dddd4444"}, "dddd4444@-1");
	EXPECT_EQ(StepIds(p), Ids{"dddd4444"});
	EXPECT_EQ(p.heads_after, Ids{"cccc3333"});
}

/* ---- Labelled branch and dependency (Alembic's example). ---- */

TEST(CorePlannerLabels, UpgradeLabelHeadRunsDependenciesFirst) {
	/* Alembic ran aaaa -> bbbb -> cccc, then the feat chain; the table holds only 99990000. */
	Plan p = PlanUpgrade(AlembicExample(), {}, "feat@head");
	EXPECT_EQ(StepIds(p), (Ids{"aaaa1111", "bbbb2222", "cccc3333", "ffff6666", "99990000"}));
	EXPECT_EQ(p.heads_after, Ids{"99990000"});
}

TEST(CorePlannerLabels, UpgradeHeads) {
	Plan p = PlanUpgrade(AlembicExample(), {}, "heads");
	EXPECT_EQ(StepIds(p), (Ids{"aaaa1111", "bbbb2222", "cccc3333", "dddd4444", "eeee5555", "ffff6666", "99990000"}));
	EXPECT_EQ(p.heads_after, (Ids{"99990000", "eeee5555"}));
	p = PlanUpgrade(AlembicExample(), {"bbbb2222"}, "heads");
	EXPECT_EQ(StepIds(p), (Ids{"cccc3333", "dddd4444", "eeee5555", "ffff6666", "99990000"}));
}

TEST(CorePlannerLabels, HeadIsAmbiguous) {
	MigError e = CatchMigError([] { PlanUpgrade(AlembicExample(), {}, "head"); });
	EXPECT_EQ(e.Sqlstate(), "MG004");
	EXPECT_EQ(e.Detail(), "The revisions are 99990000, eeee5555.");
}

TEST(CorePlannerLabels, UpgradeLabelWithSteps) {
	Plan p = PlanUpgrade(AlembicExample(), {"eeee5555"}, "feat@+1");
	EXPECT_EQ(StepIds(p), Ids{"ffff6666"});
	EXPECT_EQ(p.heads_after, (Ids{"eeee5555", "ffff6666"}));
	p = PlanUpgrade(AlembicExample(), {"eeee5555", "ffff6666"}, "feat@+1");
	EXPECT_EQ(StepIds(p), Ids{"99990000"});
	EXPECT_EQ(p.heads_after, (Ids{"99990000", "eeee5555"}));
}

TEST(CorePlannerLabels, DowngradeLabelWithSteps) {
	Plan p = PlanDowngrade(AlembicExample(), {"99990000", "eeee5555"}, "feat@-1");
	EXPECT_EQ(StepIds(p), Ids{"99990000"});
	EXPECT_EQ(p.heads_after, (Ids{"eeee5555", "ffff6666"}));
}

TEST(CorePlannerLabels, DowngradeRevertsDependents) {
	/* Reverting cccc3333 reverts 99990000, which depends on it. */
	Plan p = PlanDowngrade(AlembicExample(), {"99990000", "eeee5555"}, "bbbb2222");
	EXPECT_EQ(StepIds(p), (Ids{"99990000", "eeee5555", "dddd4444", "cccc3333"}));
	EXPECT_EQ(p.heads_after, (Ids{"bbbb2222", "ffff6666"}));
}

TEST(CorePlannerLabels, DowngradeToAnAppliedDependencyIsANoOp) {
	/* cccc3333 is applied only because 99990000 depends on it; nothing above it on its line is applied. */
	Plan p = PlanDowngrade(AlembicExample(), {"99990000"}, "cccc3333");
	EXPECT_TRUE(p.steps.empty());
	EXPECT_EQ(p.heads_after, Ids{"99990000"});
}

TEST(CorePlannerLabels, DowngradeLabelToBase) {
	Plan p = PlanDowngrade(AlembicExample(), {"99990000", "eeee5555"}, "feat@base");
	EXPECT_EQ(StepIds(p), (Ids{"99990000", "ffff6666"}));
	EXPECT_EQ(p.heads_after, Ids{"eeee5555"});
}

TEST(CorePlannerLabels, UpgradeAddsDependencyHeads) {
	Plan p = PlanUpgrade(AlembicExample(), {"eeee5555"}, "99990000");
	EXPECT_EQ(StepIds(p), (Ids{"ffff6666", "99990000"}));
	EXPECT_EQ(p.heads_after, (Ids{"99990000", "eeee5555"}));
	p = PlanUpgrade(AlembicExample(), {"99990000"}, "eeee5555");
	EXPECT_EQ(StepIds(p), (Ids{"dddd4444", "eeee5555"}));
	EXPECT_EQ(p.heads_after, (Ids{"99990000", "eeee5555"}));
}

TEST(CorePlannerLabels, UnknownBranch) {
	MigError e = CatchMigError([] { PlanUpgrade(AlembicExample(), {}, "nope@head"); });
	EXPECT_EQ(e.Sqlstate(), "42704");
	EXPECT_EQ(e.Message(), "can't locate revision identified by 'nope'");
	EXPECT_EQ(e.Detail(), "No revision id or branch label is \"nope\" or starts with it.");
}

/* ---- ResolveRevision. ---- */

TEST(CoreResolveRevision, Forms) {
	RevisionGraph g = AlembicExample();
	EXPECT_EQ(ResolveRevision(g, "aaaa1111"), "aaaa1111");
	EXPECT_EQ(ResolveRevision(g, "aaaa"), "aaaa1111");
	EXPECT_EQ(ResolveRevision(g, "9"), "99990000");
	EXPECT_EQ(ResolveRevision(g, "feat"), "ffff6666");
	EXPECT_EQ(ResolveRevision(g, "feat@head"), "99990000");
	EXPECT_EQ(ResolveRevision(g, "feat@heads"), "99990000");
	EXPECT_EQ(ResolveRevision(g, "ffff6666@head"), "99990000");
	EXPECT_EQ(ResolveRevision(g, "eeee5555@aaaa"), "aaaa1111");
	EXPECT_EQ(ResolveRevision(g, "aaaa1111+1"), "bbbb2222");
	EXPECT_EQ(ResolveRevision(g, "dddd4444-2"), "aaaa1111");
	EXPECT_EQ(ResolveRevision(Linear(), "head"), "dddd4444");
	EXPECT_EQ(ResolveRevision(Linear(), "head-2"), "bbbb2222");
}

TEST(CoreResolveRevision, Errors) {
	RevisionGraph g = AlembicExample();
	MigError e = CatchMigError([&] { ResolveRevision(g, "head"); });
	EXPECT_EQ(e.Sqlstate(), "MG004");
	EXPECT_EQ(e.Message(), "multiple head revisions are present for given argument 'head'");

	e = CatchMigError([&] { ResolveRevision(g, "zz"); });
	EXPECT_EQ(e.Sqlstate(), "42704");
	EXPECT_EQ(e.Message(), "can't locate revision identified by 'zz'");
	EXPECT_EQ(e.Hint(), "Use at least four characters of a revision id for a partial revision identifier.");

	e = CatchMigError([&] { ResolveRevision(g, "feat@aaaa1111"); });
	EXPECT_EQ(e.Sqlstate(), "42704");
	EXPECT_EQ(e.Message(), "can't locate revision identified by 'aaaa1111'");
	EXPECT_EQ(e.Detail(), "Revision aaaa1111 is not a member of branch 'feat'.");

	e = CatchMigError([&] { ResolveRevision(g, "nope@aaaa1111"); });
	EXPECT_EQ(e.Sqlstate(), "42704");
	EXPECT_EQ(e.Message(), "can't locate revision identified by 'nope'");
	EXPECT_EQ(e.Detail(), "No such branch: 'nope'.");

	e = CatchMigError([&] { ResolveRevision(g, "bbbb2222+1"); });
	EXPECT_EQ(e.Sqlstate(), "MG005");
	EXPECT_EQ(e.Message(), "ambiguous walk");

	e = CatchMigError([&] { ResolveRevision(g, "base"); });
	EXPECT_EQ(e.Sqlstate(), "42704");
	EXPECT_EQ(e.Message(), "can't locate revision identified by 'base'");

	e = CatchMigError([&] { ResolveRevision(g, "+1"); });
	EXPECT_EQ(e.Sqlstate(), "22023");

	RevisionGraph ambiguous = RevisionGraph::Build({R("aaaa1111"), R("aaab9999"), R("aaac0000"), R("aaad1111")});
	e = CatchMigError([&] { ResolveRevision(ambiguous, "aaa"); });
	EXPECT_EQ(e.Sqlstate(), "MG005");
	EXPECT_EQ(e.Message(), "multiple revisions start with 'aaa': 'aaaa1111', 'aaab9999', 'aaac0000'...");
	EXPECT_EQ(e.Detail(), "The prefix \"aaa\" matches 4 revisions.");
}

/* ---- DescribeStep: Alembic's run-log lines. ---- */

TEST(CoreDescribeStep, AlembicRunLog) {
	RevisionGraph g = Diamond();
	EXPECT_EQ(DescribeStep(g, {"aaaa1111", Direction::kUpgrade}), "Running upgrade  -> aaaa1111, create account table");
	EXPECT_EQ(DescribeStep(g, {"bbbb2222", Direction::kUpgrade}), "Running upgrade aaaa1111 -> bbbb2222, add column");
	EXPECT_EQ(DescribeStep(g, {"eeee5555", Direction::kUpgrade}),
	          "Running upgrade cccc3333, dddd4444 -> eeee5555, merge c and d");
	EXPECT_EQ(DescribeStep(g, {"eeee5555", Direction::kDowngrade}),
	          "Running downgrade eeee5555 -> cccc3333, dddd4444, merge c and d");
	EXPECT_EQ(DescribeStep(g, {"aaaa1111", Direction::kDowngrade}),
	          "Running downgrade aaaa1111 -> , create account table");
	RevisionGraph bare = RevisionGraph::Build({R("aaaa1111"), R("bbbb2222", {"aaaa1111"})});
	EXPECT_EQ(DescribeStep(bare, {"bbbb2222", Direction::kUpgrade}), "Running upgrade aaaa1111 -> bbbb2222");
	EXPECT_EQ(DescribeStep(bare, {"aaaa1111", Direction::kDowngrade}), "Running downgrade aaaa1111 -> ");
}

/* DescribeStepText, from which a migration call builds each step's line after freeing the graph. */
TEST(CoreDescribeStep, TextFromItsPartsIsDescribeStepsText) {
	RevisionGraph g = Diamond();
	for (const char *id : {"aaaa1111", "bbbb2222", "eeee5555"}) {
		const Revision *rev = g.Find(id);
		ASSERT_NE(rev, nullptr);
		for (Direction d : {Direction::kUpgrade, Direction::kDowngrade})
			EXPECT_EQ(DescribeStepText(d, rev->id, JoinComma(rev->parents), rev->message), DescribeStep(g, {id, d}))
			    << id;
	}
	EXPECT_EQ(DescribeStepText(Direction::kUpgrade, "b", "a", ""), "Running upgrade a -> b");
	EXPECT_EQ(DescribeStepText(Direction::kDowngrade, "b", "", "m"), "Running downgrade b -> , m");
}

/* ---- 10,000 revisions. ---- */

TEST(CorePlannerScale, LinearChainOfTenThousand) {
	RevisionGraph g = RevisionGraph::Build(test::LinearRevisions(10000));
	Plan up = PlanUpgrade(g, {}, "head");
	ASSERT_EQ(up.steps.size(), 10000U);
	EXPECT_EQ(up.steps.front().revision, "r00000");
	EXPECT_EQ(up.steps[1].revision, "r00001");
	EXPECT_EQ(up.steps.back().revision, "r09999");
	EXPECT_EQ(up.heads_after, Ids{"r09999"});

	Plan down = PlanDowngrade(g, {"r09999"}, "base");
	ASSERT_EQ(down.steps.size(), 10000U);
	EXPECT_EQ(down.steps.front().revision, "r09999");
	EXPECT_EQ(down.steps.back().revision, "r00000");
	EXPECT_TRUE(down.heads_after.empty());

	Plan half = PlanDowngrade(g, {"r09999"}, "-5000");
	ASSERT_EQ(half.steps.size(), 5000U);
	EXPECT_EQ(half.heads_after, Ids{"r04999"});

	Plan rel = PlanUpgrade(g, {"r04999"}, "+5000");
	ASSERT_EQ(rel.steps.size(), 5000U);
	EXPECT_EQ(rel.heads_after, Ids{"r09999"});

	EXPECT_EQ(ResolveRevision(g, "r09998"), "r09998");
	MigError e = CatchMigError([&] { ResolveRevision(g, "r0999"); });
	EXPECT_EQ(e.Message(), "multiple revisions start with 'r0999': 'r09990', 'r09991', 'r09992'...");
	EXPECT_EQ(e.Detail(), "The prefix \"r0999\" matches 10 revisions.");
}

TEST(CorePlannerScale, LabelledWalkOnTenThousand) {
	std::vector<Revision> revs = test::LinearRevisions(10000);
	revs[0].branch_labels = {"big"};
	revs.push_back(R("other"));
	RevisionGraph g = RevisionGraph::Build(revs);
	Plan p = PlanUpgrade(g, {"other", "r04999"}, "big@+5000");
	ASSERT_EQ(p.steps.size(), 5000U);
	EXPECT_EQ(p.steps.back().revision, "r09999");
	EXPECT_EQ(p.heads_after, (Ids{"r09999", "other"}));
	Plan down = PlanDowngrade(g, {"other", "r09999"}, "big@-9999");
	ASSERT_EQ(down.steps.size(), 9999U);
	EXPECT_EQ(down.heads_after, (Ids{"r00000", "other"}));
}

TEST(CorePlannerScale, WideDagUpgradeRunsParentsFirst) {
	std::vector<Revision> revs;
	revs.push_back(R("root"));
	Ids tips;
	for (int b = 0; b < 100; b++) {
		std::string prev = "root";
		for (int k = 0; k < 100; k++) {
			std::string id = "b" + std::to_string(b) + "_" + std::to_string(k);
			revs.push_back(R(id, {prev}));
			prev = id;
		}
		tips.push_back(prev);
	}
	revs.push_back(R("merge", tips));
	RevisionGraph g = RevisionGraph::Build(revs);
	Plan p = PlanUpgrade(g, {}, "head");
	ASSERT_EQ(p.steps.size(), 10002U);
	std::map<std::string, std::size_t> pos;
	for (std::size_t i = 0; i < p.steps.size(); i++) {
		pos[p.steps[i].revision] = i;
	}
	for (const Revision &rev : g.Revisions()) {
		for (const std::string &parent : rev.parents) {
			ASSERT_LT(pos.at(parent), pos.at(rev.id));
		}
	}
	EXPECT_EQ(p.steps.front().revision, "root");
	EXPECT_EQ(p.steps.back().revision, "merge");
	EXPECT_EQ(p.heads_after, Ids{"merge"});

	Plan down = PlanDowngrade(g, {"merge"}, "root");
	EXPECT_EQ(down.steps.size(), 10001U);
	EXPECT_EQ(down.steps.front().revision, "merge");
	EXPECT_EQ(down.heads_after, Ids{"root"});
}

} // namespace
} // namespace pgm
