/*
 * core_interrupt_test.cpp: the interrupt hook.  The core calls CheckInterrupts() at coarse
 * intervals while hashing, parsing, building the graph and planning, and whatever the hook
 * throws (the extension throws on query cancel) comes out unchanged, wherever it is thrown.
 */
#include "core/interrupt.hpp"
#include "core/planner.hpp"
#include "core/sha256.hpp"
#include "test/unit/core_test_helpers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pgm {
namespace {

using test::CatchMigError;
using test::LinearRevisions;

/* The host's own exception type: neither a MigError nor a std::exception. */
struct Cancelled {
	long call;
};

long g_calls = 0;
long g_throw_at = 0; // 0: never
bool g_throw_mig_error = false;

void
Hook() {
	++g_calls;
	if (g_calls == g_throw_at) {
		if (g_throw_mig_error) {
			throw MigError("57014", "canceling statement due to user request");
		}
		throw Cancelled{g_calls};
	}
}

/* HookInstalled: counts calls and throws at call throw_at (0: never); removes the hook when done. */
class HookInstalled {
public:
	explicit HookInstalled(long throw_at = 0, bool mig_error = false) {
		g_calls = 0;
		g_throw_at = throw_at;
		g_throw_mig_error = mig_error;
		SetInterruptCheck(&Hook);
	}
	~HookInstalled() { SetInterruptCheck(nullptr); }
	HookInstalled(const HookInstalled &) = delete;
	HookInstalled &operator=(const HookInstalled &) = delete;

	long
	Calls() const {
		return g_calls;
	}
};

/* Calls: how many times f makes the core check for interrupts. */
template <typename F>
long
Calls(F &&f) {
	HookInstalled hook;
	f();
	return hook.Calls();
}

/* ExpectCancelledAt: with the hook throwing at call k, f ends with that exception, unchanged. */
template <typename F>
void
ExpectCancelledAt(long k, F &&f) {
	{
		HookInstalled hook(k);
		try {
			f();
			ADD_FAILURE() << "no exception with the hook throwing at call " << k;
		} catch (const Cancelled &c) {
			EXPECT_EQ(c.call, k);
		}
	}
	{
		HookInstalled hook(k, true);
		MigError e = CatchMigError(f);
		EXPECT_EQ(e.Sqlstate(), "57014") << "call " << k << ": " << e.what();
		EXPECT_EQ(e.Message(), "canceling statement due to user request");
		EXPECT_EQ(e.Detail(), "") << "call " << k;
	}
}

/* Every call when there are few, else about `samples` of them, the first and the last included. */
template <typename F>
void
ExpectCancelledAtEachCheck(long calls, long samples, F &&f) {
	long step = calls <= samples ? 1 : calls / samples;
	for (long k = 1; k <= calls; k += step) {
		ExpectCancelledAt(k, f);
	}
	ExpectCancelledAt(calls, f);
}

std::string
BigRevisionFile(int lines) {
	std::string bytes = "-- big\n--\n-- Revision ID: big1\n\n-- migrate:upgrade\n";
	for (int i = 0; i < lines; i++) {
		bytes += "INSERT INTO t VALUES (" + std::to_string(i) + ");\n";
	}
	bytes += "-- migrate:downgrade\n";
	for (int i = 0; i < lines; i++) {
		bytes += "DELETE FROM t WHERE id = " + std::to_string(i) + ";\n";
	}
	return bytes;
}

TEST(CoreInterrupt, NoHookByDefault) {
	SetInterruptCheck(nullptr);
	EXPECT_NO_THROW(CheckInterrupts());
	EXPECT_EQ(ParseRevisionFile("x.sql", BigRevisionFile(10000)).rev.id, "big1");
}

TEST(CoreInterrupt, TickerChecksEveryIntervalCalls) {
	HookInstalled hook;
	InterruptTicker ticks(4);
	for (int i = 0; i < 11; i++) {
		ticks.Tick();
	}
	EXPECT_EQ(hook.Calls(), 2);
}

TEST(CoreInterrupt, Sha256ChecksEvery64KiB) {
	EXPECT_EQ(Calls([] { Sha256Hex(std::string(64 * 1024 - 1, 'a')); }), 0);
	EXPECT_EQ(Calls([] { Sha256Hex(std::string(1024 * 1024, 'a')); }), 16);
	const std::string mib(1024 * 1024, 'a');
	ExpectCancelledAtEachCheck(16, 16, [&] { Sha256Hex(mib); });
	// fed in small pieces, still once per 64 KiB fed
	EXPECT_EQ(Calls([] {
		          Sha256 sha;
		          for (int i = 0; i < 1024; i++)
			          sha.Update(std::string(1000, 'a'));
		          (void)sha.HexFinal();
	          }),
	          15);
}

TEST(CoreInterrupt, ParsingChecksOncePerFileAndAsItGoes) {
	EXPECT_EQ(Calls([] { ParseRevisionFile("x.sql", "-- m\n--\n-- Revision ID: a1\n-- migrate:upgrade\n"); }), 1);
	/* Refused for size: checked once, before anything else. */
	EXPECT_EQ(
	    Calls([] { CatchMigError([] { ParseRevisionFile("x.sql", std::string(kMaxRevisionFileBytes + 1, '\n')); }); }),
	    1);

	const std::string bytes = BigRevisionFile(40000); // 40,000 lines per section, about 2 MB
	RevisionFile plain = ParseRevisionFile("big.sql", bytes);
	long calls = 0;
	{
		HookInstalled hook;
		RevisionFile hooked = ParseRevisionFile("big.sql", bytes);
		calls = hook.Calls();
		EXPECT_EQ(hooked.upgrade_sql, plain.upgrade_sql);
		EXPECT_EQ(hooked.downgrade_sql, plain.downgrade_sql);
		EXPECT_EQ(hooked.checksum, plain.checksum);
	}
	/* Hashing and the UTF-8 check: every 64 KiB; lines: every 4096, in the scan and the bodies. */
	EXPECT_GE(calls, static_cast<long>(2 * (bytes.size() / 65536) + 2 * (80000 / 4096))) << calls;
	EXPECT_LE(calls, static_cast<long>(2 * (bytes.size() / 65536) + 3 * (80000 / 4096) + 10)) << calls;
	ExpectCancelledAtEachCheck(calls, 25, [&] { ParseRevisionFile("big.sql", bytes); });

	/* A file of nothing but a million newlines (rejected: no header) is interruptible too. */
	const std::string blank(1000000, '\n');
	calls = Calls([&] { CatchMigError([&] { ParseRevisionFile("x.sql", blank); }); });
	EXPECT_GE(calls, 1000000 / 4096);
	ExpectCancelledAt(calls / 2, [&] { ParseRevisionFile("x.sql", blank); });
}

std::vector<Revision>
TenThousandWithLabelsAndDependencies() {
	std::vector<Revision> revs = LinearRevisions(10000);
	revs[0].branch_labels = {"first"};
	revs[5000].branch_labels = {"middle"};
	for (std::size_t i = 100; i < revs.size(); i += 100) {
		revs[i].depends_on = {revs[i - 50].id};
	}
	revs.push_back(test::WithDeps(test::R("side"), {"middle"}));
	return revs;
}

TEST(CoreInterrupt, GraphBuildOfTenThousandRevisions) {
	const std::vector<Revision> revs = TenThousandWithLabelsAndDependencies();
	long calls = Calls([&] { RevisionGraph::Build(revs); });
	/* About ten passes over the revisions, each checking every 1024. */
	EXPECT_GE(calls, 8 * 10000 / 1024);
	ExpectCancelledAtEachCheck(calls, 25, [&] { RevisionGraph::Build(revs); });
}

TEST(CoreInterrupt, GraphQueriesAndPlansOfTenThousandRevisions) {
	const RevisionGraph g = RevisionGraph::Build(TenThousandWithLabelsAndDependencies());
	auto checks = [&](auto &&f) {
		long calls = Calls(f);
		EXPECT_GE(calls, 5);
		ExpectCancelledAtEachCheck(calls, 6, f);
	};
	checks([&] { g.Ancestors("r09999"); });
	checks([&] { g.Descendants("r00000"); });
	checks([&] { g.TopologicalOrder(g.Ancestors("r09999"), {"r09999"}); });
	checks([&] { PlanUpgrade(g, {}, "heads"); });
	checks([&] { PlanUpgrade(g, {"r00000"}, "+9000"); });
	checks([&] { PlanDowngrade(g, {"r09999", "side"}, "base"); });
	checks([&] { PlanDowngrade(g, {"r09999"}, "-9000"); });
	checks([&] { ResolveRevision(g, "r00000+9000"); });
}

TEST(CoreInterrupt, HookIsRemovedAfterEachTest) {
	{
		HookInstalled hook(1);
		EXPECT_THROW(CheckInterrupts(), Cancelled);
	}
	EXPECT_NO_THROW(CheckInterrupts());
}

} // namespace
} // namespace pgm
