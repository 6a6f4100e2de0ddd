/*
 * autogen_diff_inheritance_test.cpp: the differ on partitions and INHERITS: partitions created
 * with PARTITION OF, columns changed on the parent only, INHERIT and NO INHERIT, indexes of a
 * partitioned parent, and DETACH PARTITION before a partition is dropped.
 */
#include "autogen/diff.hpp"
#include "test/unit/autogen_test_helpers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgm::schema {
namespace {

using namespace autogen_test;

TEST(AutogenDiff, Partitions) {
	Json parent = Table("m", {Col("public.m", "id", "integer"), Col("public.m", "at", "date")},
	                    {{"partition_key", "RANGE (at)"}});
	Json part = Table(
	    "m_2024",
	    {Col("public.m_2024", "id", "integer", {{"inherited", true}}),
	     Col("public.m_2024", "at", "date", {{"inherited", true}})},
	    {{"partition_of", "table:public.m"}, {"partition_bound", "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"}});
	EXPECT_EQ(Upgrade(Json::array(), {parent, part}),
	          Lines({"CREATE TABLE public.m (\n    id integer,\n    at date\n) PARTITION BY RANGE (at);",
	                 "CREATE TABLE public.m_2024 PARTITION OF public.m FOR VALUES FROM ('2024-01-01') TO "
	                 "('2025-01-01');"}));
	// a column added to the parent is added to the partition by PostgreSQL
	Json parent2 = parent;
	parent2["columns"].push_back(Col("public.m", "v", "text"));
	Json part2 = part;
	part2["columns"].push_back(Col("public.m_2024", "v", "text", {{"inherited", true}}));
	DiffResult d = Diff(Snap({parent, part}), Snap({parent2, part2}));
	EXPECT_EQ(d.statements, Lines({"ALTER TABLE public.m ADD COLUMN v text;"}));
	EXPECT_EQ(Changes(d), Lines({"added column public.m.v", "added column public.m_2024.v"}));
	// a partition key change cannot be made in place
	Json parent3 = parent;
	parent3["partition_key"] = "LIST (id)";
	DiffResult k = Diff(Snap({parent}), Snap({parent3}));
	ASSERT_EQ(k.statements.size(), 2u);
	EXPECT_NE(k.statements[0].find("-- WARNING: the partition key of table public.m cannot be changed in place"),
	          std::string::npos);
}

TEST(AutogenDiff, InheritedColumnsChangeOnTheParentOnly) {
	Json animal = Table("animal", {Col("public.animal", "id", "integer"), Col("public.animal", "weight", "integer")});
	Json dog = Table("dog",
	                 {InhCol("public.dog", "id", "integer"), InhCol("public.dog", "weight", "integer"),
	                  Col("public.dog", "good", "boolean")},
	                 {{"inherits", {"table:public.animal"}}, {"deps", {"table:public.animal"}}});
	Json animal2 = animal;
	animal2["columns"][1] = Col("public.animal", "weight", "numeric(6,2)", {{"not_null", true}, {"default", "0"}});
	Json dog2 = dog;
	dog2["columns"][1] = InhCol("public.dog", "weight", "numeric(6,2)", {{"not_null", true}, {"default", "0"}});
	DiffResult d = Diff(Snap({animal, dog}), Snap({animal2, dog2}));
	for (const std::string &s : d.statements) {
		EXPECT_EQ(s.find("public.dog"), std::string::npos) << s;
	}
	ASSERT_FALSE(d.statements.empty());
	EXPECT_NE(d.statements[0].find("ALTER TABLE public.animal ALTER COLUMN weight TYPE numeric(6,2)"),
	          std::string::npos);
	// A child whose target differs from what the parent's change gives it is altered after the parent.
	Json dog3 = dog2;
	dog3["columns"][1]["default"] = "5";
	Lines up = Diff(Snap({animal, dog}), Snap({animal2, dog3})).statements;
	ASSERT_FALSE(up.empty());
	EXPECT_EQ(up.back(), "ALTER TABLE public.dog ALTER COLUMN weight SET DEFAULT 5;");
	// A column added to the parent is not added to the child; a merged column outlives the parent's drop.
	Json animal4 = animal;
	animal4["columns"].push_back(Col("public.animal", "color", "text"));
	Json dog4 = dog;
	dog4["columns"].push_back(InhCol("public.dog", "color", "text"));
	EXPECT_EQ(Upgrade({animal, dog}, {animal4, dog4}), Lines({"ALTER TABLE public.animal ADD COLUMN color text;"}));
	Json dog5 = dog;
	dog5["columns"].push_back(Col("public.dog", "color", "text", {{"inherit_count", 1}})); // merged
	EXPECT_EQ(Upgrade({animal4, dog5}, {animal, dog}),
	          Lines({"-- WARNING: dropping column public.animal.color loses its data\n"
	                 "ALTER TABLE public.animal DROP COLUMN color;",
	                 "-- WARNING: dropping column public.dog.color loses its data\n"
	                 "ALTER TABLE public.dog DROP COLUMN color;"}));
}

TEST(AutogenDiff, InheritAndNoInherit) {
	Json base = Table("base", {Col("public.base", "id", "integer")});
	Json plain = Table("c", {Col("public.c", "id", "integer"), Col("public.c", "name", "text")});
	Json child = Table("c", {InhCol("public.c", "id", "integer"), Col("public.c", "name", "text")},
	                   {{"inherits", {"table:public.base"}}, {"deps", {"table:public.base"}}});
	DiffResult d = Diff(Snap({base, plain}), Snap({base, child}));
	EXPECT_EQ(d.statements, Lines({"ALTER TABLE public.c INHERIT public.base;"}));
	EXPECT_EQ(Changes(d), Lines({"table public.c inherits from public.base"}));
	EXPECT_EQ(Upgrade({base, child}, {base, plain}), Lines({"ALTER TABLE public.c NO INHERIT public.base;"}));
	// a new child is created with INHERITS and without the columns it inherits
	EXPECT_EQ(Upgrade({base}, {base, child}),
	          Lines({"CREATE TABLE public.c (\n    name text\n) INHERITS (public.base);"}));
	// a parent that goes: its child stops inheriting first
	EXPECT_EQ(Upgrade({base, child}, {plain}),
	          Lines({"ALTER TABLE public.c NO INHERIT public.base;",
	                 "-- WARNING: dropping table public.base loses its data\nDROP TABLE public.base;"}));
}

TEST(AutogenDiff, PartitionedParentIndexIsCreatedWithoutOnlyAndRebuiltWhenInvalid) {
	Json m = Table("m", {Col("public.m", "k", "integer")}, {{"partition_key", "LIST (k)"}});
	Json m1 = Table("m1", {InhCol("public.m1", "k", "integer")},
	                {{"partition_of", "table:public.m"}, {"partition_bound", "FOR VALUES IN (1)"}});
	Json idx = Obj("index", "index:public.m_k", "m_k",
	               {{"table", "table:public.m"}, {"def", "CREATE INDEX m_k ON ONLY public.m USING btree (k)"}});
	EXPECT_EQ(Upgrade({m, m1}, {m, m1, idx}), Lines({"CREATE INDEX m_k ON public.m USING btree (k);"}));
	Json invalid = idx;
	invalid["valid"] = false;
	DiffResult d = Diff(Snap({m, m1, invalid}), Snap({m, m1, idx}));
	EXPECT_EQ(d.statements, Lines({"DROP INDEX public.m_k;", "CREATE INDEX m_k ON public.m USING btree (k);"}));
	EXPECT_EQ(Changes(d), Lines({"index public.m_k is invalid; it is built again"}));
	EXPECT_TRUE(Diff(Snap({m, m1, idx}), Snap({m, m1, invalid})).Empty());
	// a kept local partition index the new parent index would take over is dropped and created again
	Json local = Obj("index", "index:public.m1_local", "m1_local",
	                 {{"table", "table:public.m1"}, {"def", "CREATE INDEX m1_local ON public.m1 USING btree (k)"}});
	EXPECT_EQ(Upgrade({m, m1, local}, {m, m1, idx, local}),
	          Lines({"DROP INDEX public.m1_local;", "CREATE INDEX m_k ON public.m USING btree (k);",
	                 "CREATE INDEX m1_local ON public.m1 USING btree (k);"}));
}

TEST(AutogenDiff, PartitionIsDetachedBeforeItIsDropped) {
	Json m = Table("m", {Col("public.m", "k", "integer")}, {{"partition_key", "LIST (k)"}});
	Json m1 = Table("m1", {InhCol("public.m1", "k", "integer")},
	                {{"partition_of", "table:public.m"},
	                 {"partition_bound", "FOR VALUES IN (1)"},
	                 {"partition_key", "LIST (k)"},
	                 {"deps", {"table:public.m"}}});
	Json m1a = Table(
	    "m1a", {InhCol("public.m1a", "k", "integer")},
	    {{"partition_of", "table:public.m1"}, {"partition_bound", "FOR VALUES IN (1)"}, {"deps", {"table:public.m1"}}});
	EXPECT_EQ(Upgrade({m, m1, m1a}, {m}),
	          Lines({"ALTER TABLE public.m DETACH PARTITION public.m1;",
	                 "-- WARNING: dropping table public.m1a loses its data\nDROP TABLE public.m1a;",
	                 "-- WARNING: dropping table public.m1 loses its data\nDROP TABLE public.m1;"}));
	// the whole partitioned table goes: nothing to detach
	Lines all = Upgrade({m, m1, m1a}, Json::array());
	for (const std::string &s : all) {
		EXPECT_EQ(s.find("DETACH"), std::string::npos) << s;
	}
}

} // namespace
} // namespace pgm::schema
