/*
 * client_suggest_test.cpp: the "did you mean" of a mistyped command (client/common/suggest.hpp).
 */
#include "client/common/suggest.hpp"

#include <gtest/gtest.h>

namespace pgmig {
namespace {

const std::vector<std::string> kCommands = {
    "init",  "revision", "upload", "upgrade", "downgrade", "current", "history", "heads", "branches", "show",  "stamp",
    "merge", "validate", "repair", "graph",   "plan",      "check",   "lint",    "drift", "baseline", "import"};

TEST(EditDistance, CountsInsertionsDeletionsSubstitutionsAndSwaps) {
	EXPECT_EQ(EditDistance("", ""), 0u);
	EXPECT_EQ(EditDistance("abc", ""), 3u);
	EXPECT_EQ(EditDistance("", "abc"), 3u);
	EXPECT_EQ(EditDistance("upgrade", "upgrade"), 0u);
	EXPECT_EQ(EditDistance("updgrade", "upgrade"), 1u); // insertion
	EXPECT_EQ(EditDistance("upgrde", "upgrade"), 1u);   // deletion
	EXPECT_EQ(EditDistance("upgrbde", "upgrade"), 1u);  // substitution
	EXPECT_EQ(EditDistance("upgarde", "upgrade"), 1u);  // swap of neighbours
	EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
	EXPECT_EQ(EditDistance("ca", "abc"), 3u); // optimal string alignment, not full Damerau
	EXPECT_EQ(EditDistance("Upgrade", "upgrade"), 1u);
}

TEST(NearestName, SuggestsTheCommandMeant) {
	EXPECT_EQ(NearestName("updgrade", kCommands), std::optional<std::string>("upgrade"));
	EXPECT_EQ(NearestName("upgarde", kCommands), std::optional<std::string>("upgrade"));
	EXPECT_EQ(NearestName("downgrade", kCommands), std::optional<std::string>("downgrade"));
	EXPECT_EQ(NearestName("histroy", kCommands), std::optional<std::string>("history"));
	EXPECT_EQ(NearestName("curent", kCommands), std::optional<std::string>("current"));
	EXPECT_EQ(NearestName("stmap", kCommands), std::optional<std::string>("stamp"));
	EXPECT_EQ(NearestName("hist", kCommands), std::optional<std::string>("history")); // a prefix
	EXPECT_EQ(NearestName("val", kCommands), std::optional<std::string>("validate"));
	EXPECT_EQ(NearestName("he", kCommands), std::optional<std::string>("heads")); // the only one
}

TEST(NearestName, NoGuessWhenNothingIsClose) {
	EXPECT_EQ(NearestName("", kCommands), std::nullopt);
	EXPECT_EQ(NearestName("migrate", kCommands), std::nullopt);
	EXPECT_EQ(NearestName("frobnicate", kCommands), std::nullopt);
	EXPECT_EQ(NearestName("x", kCommands), std::nullopt);
	EXPECT_EQ(NearestName("re", kCommands), std::nullopt); // revision or repair: ambiguous prefix
	EXPECT_EQ(NearestName("up", kCommands), std::nullopt); // upload or upgrade
	EXPECT_EQ(NearestName("anything", {}), std::nullopt);
}

TEST(NearestName, TiesGoToTheEarlierName) {
	EXPECT_EQ(NearestName("heads", {"head", "heads"}), std::optional<std::string>("heads"));
	EXPECT_EQ(NearestName("abcx", {"abcd", "abce"}), std::optional<std::string>("abcd"));
}

} // namespace
} // namespace pgmig
