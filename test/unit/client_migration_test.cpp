/*
 * client_migration_test.cpp: the step tracker of a migration call (StepTracker::Notice): which
 * MG101 notices name the step that runs, in which order, and what is counted when a notice
 * names none.
 */
#include "client/common/migration.hpp"

#include <gtest/gtest.h>

namespace {

using pgmig::StepTracker;

TEST(ClientStepTracker, TakesTheStepsOfTheCallInOrder) {
	StepTracker t;
	t.Notice("Step 1 of 2: upgrade of revision aaaa1111.", 1.0); // not in the call yet
	EXPECT_FALSE(t.step.has_value());
	t.in_call = true;
	t.Notice("Step 1 of 2: upgrade of revision aaaa1111.", 2.0);
	ASSERT_TRUE(t.step.has_value());
	EXPECT_EQ(t.step->revisions.front(), "aaaa1111");
	EXPECT_EQ(t.step->direction, "upgrade");
	EXPECT_EQ(t.step_started_at, 2.0);
	t.Notice("Step 2 of 2: upgrade of revision bbbb2222.", 3.5);
	EXPECT_EQ(t.step->revisions.front(), "bbbb2222");
	EXPECT_EQ(t.step->step, 2);
	EXPECT_EQ(t.step_started_at, 3.5);
	EXPECT_EQ(t.unnamed_notices, 0);
}

TEST(ClientStepTracker, IgnoresNoticesOutOfOrder) {
	StepTracker t;
	t.in_call = true;
	t.Notice("Step 2 of 3: upgrade of revision bbbb2222.", 1.0); // no step 1 before it
	EXPECT_FALSE(t.step.has_value());
	t.Notice("Step 1 of 3: downgrade of revision cccc3333.", 2.0);
	ASSERT_TRUE(t.step.has_value());
	t.Notice("Step 3 of 3: downgrade of revision aaaa1111.", 3.0); // skips step 2
	t.Notice("Step 2 of 4: downgrade of revision bbbb2222.", 4.0); // another count
	t.Notice("Step 1 of 3: downgrade of revision cccc3333.", 5.0); // again
	t.Notice("Step 2 of 3: stamp of revision bbbb2222.", 6.0);     // not an upgrade or downgrade
	EXPECT_EQ(t.step->revisions.front(), "cccc3333");
	EXPECT_EQ(t.step_started_at, 2.0);
	t.Notice("Step 2 of 3: downgrade of revision bbbb2222.", 7.0);
	EXPECT_EQ(t.step->revisions.front(), "bbbb2222");
	EXPECT_EQ(t.unnamed_notices, 0);
}

TEST(ClientStepTracker, CountsNoticesThatNameNoStep) {
	StepTracker t;
	t.in_call = true;
	t.Notice(nullptr, 1.0);                          // an older server library sends no DETAIL
	t.Notice("Running nothing in particular.", 2.0); // a revision's own notice
	EXPECT_FALSE(t.step.has_value());
	EXPECT_EQ(t.unnamed_notices, 2);
	t.in_call = false;
	t.Notice(nullptr, 3.0);
	EXPECT_EQ(t.unnamed_notices, 2);
}

} // namespace
