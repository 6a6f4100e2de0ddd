/*
 * core_bench.cpp: microbenchmarks of the pure C++ core, the work pg_migrate does per call
 * besides running the user's SQL: parse and checksum every revision file, build and check the
 * graph, plan an upgrade from empty to head.  The revisions are generated in memory in the same
 * shape as bench/gen_revisions.sh writes them.  Prints figures; asserts nothing.
 *
 *   build/bench/core_bench                         all sizes (100, 1000, 10000 revisions)
 *   build/bench/core_bench --benchmark_filter=Plan
 */
#include "core/planner.hpp"
#include "core/revision_file.hpp"
#include "core/revision_graph.hpp"
#include "core/sha256.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {

struct GeneratedFile {
	std::string name;
	std::string bytes;
};

/* RevisionId: 12 hex digits, unique for i below 2^24 (as bench/gen_revisions.sh). */
std::string
RevisionId(long i) {
	char buf[16];
	std::snprintf(buf, sizeof(buf), "%06lx%06lx", (i * 7919 + 1193) % 16777216, (i * 104729 + 40503) % 16777216);
	return buf;
}

/* Generate: n linear revisions cycling through CREATE TABLE, ADD COLUMN and CREATE INDEX. */
std::vector<GeneratedFile>
Generate(long n) {
	std::vector<GeneratedFile> files;
	std::string prev;
	for (long i = 1; i <= n; i++) {
		long g = (i - 1) / 3 + 1;
		long kind = (i - 1) % 3;
		std::string t = "t" + std::to_string(g);
		std::string col = "c" + std::to_string(kind == 2 ? i - 1 : i);
		std::string msg, up, down;
		if (kind == 0) {
			msg = "create table " + t;
			up = "CREATE TABLE " + t +
			     " (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    name text NOT NULL,\n"
			     "    created_at timestamptz NOT NULL DEFAULT now()\n);";
			down = "DROP TABLE " + t + ";";
		} else if (kind == 1) {
			msg = "add column " + col + " to " + t;
			up = "ALTER TABLE " + t + " ADD COLUMN " + col + " integer;";
			down = "ALTER TABLE " + t + " DROP COLUMN " + col + ";";
		} else {
			msg = "create index on " + t + " " + col;
			up = "CREATE INDEX ix_" + t + "_" + col + " ON " + t + " (" + col + ");";
			down = "DROP INDEX ix_" + t + "_" + col + ";";
		}
		std::string id = RevisionId(i);
		std::string bytes = "-- " + msg + "\n--\n-- Revision ID: " + id +
		                    "\n-- Revises:" + (prev.empty() ? "" : " " + prev) +
		                    "\n-- Create Date: 2026-01-01 00:00:00.000000+00:00\n-- Branch Labels:\n-- Depends On:\n\n"
		                    "-- migrate:upgrade\n" +
		                    up + "\n\n-- migrate:downgrade\n" + down + "\n";
		files.push_back({id + ".sql", bytes});
		prev = id;
	}
	return files;
}

std::vector<pgm::Revision>
ParseAll(const std::vector<GeneratedFile> &files) {
	std::vector<pgm::Revision> revs;
	revs.reserve(files.size());
	for (const GeneratedFile &f : files)
		revs.push_back(pgm::ParseRevisionFile(f.name, f.bytes).rev);
	return revs;
}

/* Parse: ParseRevisionFile (which includes the SHA-256 of the file) for every file. */
void
BM_ParseFiles(benchmark::State &state) {
	std::vector<GeneratedFile> files = Generate(state.range(0));
	for (auto _ : state)
		benchmark::DoNotOptimize(ParseAll(files));
	state.SetItemsProcessed(state.iterations() * state.range(0));
}

/* Checksum: the SHA-256 alone, to separate it from the parsing. */
void
BM_Checksum(benchmark::State &state) {
	std::vector<GeneratedFile> files = Generate(state.range(0));
	for (auto _ : state)
		for (const GeneratedFile &f : files)
			benchmark::DoNotOptimize(pgm::Sha256Hex(f.bytes));
	state.SetItemsProcessed(state.iterations() * state.range(0));
}

/* Sha256Throughput: the SHA-256 of one input of range(0) bytes (bytes per second). */
void
BM_Sha256Throughput(benchmark::State &state) {
	std::string bytes(static_cast<std::size_t>(state.range(0)), '\0');
	for (std::size_t i = 0; i < bytes.size(); i++)
		bytes[i] = static_cast<char>(i * 131);
	for (auto _ : state)
		benchmark::DoNotOptimize(pgm::Sha256Hex(bytes));
	state.SetBytesProcessed(state.iterations() * state.range(0));
}

/* BuildGraph: RevisionGraph::Build (ids, parents, cycles) on parsed revisions. */
void
BM_BuildGraph(benchmark::State &state) {
	std::vector<pgm::Revision> revs = ParseAll(Generate(state.range(0)));
	for (auto _ : state)
		benchmark::DoNotOptimize(pgm::RevisionGraph::Build(revs));
	state.SetItemsProcessed(state.iterations() * state.range(0));
}

/* PlanFromEmpty: plan "head" on an empty database (every revision is a step). */
void
BM_PlanFromEmpty(benchmark::State &state) {
	pgm::RevisionGraph graph = pgm::RevisionGraph::Build(ParseAll(Generate(state.range(0))));
	for (auto _ : state)
		benchmark::DoNotOptimize(pgm::PlanUpgrade(graph, {}, "head"));
	state.SetItemsProcessed(state.iterations() * state.range(0));
}

/* PlanNoop: plan "head" when the database is at head (the no-op deploy). */
void
BM_PlanNoop(benchmark::State &state) {
	pgm::RevisionGraph graph = pgm::RevisionGraph::Build(ParseAll(Generate(state.range(0))));
	std::vector<std::string> heads = graph.Heads();
	for (auto _ : state)
		benchmark::DoNotOptimize(pgm::PlanUpgrade(graph, heads, "head"));
	state.SetItemsProcessed(state.iterations() * state.range(0));
}

BENCHMARK(BM_ParseFiles)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Checksum)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Sha256Throughput)->Arg(2 << 10)->Arg(1 << 20)->Arg(64 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BuildGraph)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlanFromEmpty)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlanNoop)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
