/*
 * fuzz_snapshot.cpp: libFuzzer target for the snapshot reader of autogen/ (ParseSnapshot,
 * autogen/snapshot.cpp), which reads the JSON document migrate_snapshot() returns into the
 * model the differ compares, and for the differ on what it read.
 *
 * Properties checked on every input:
 *   - ParseSnapshot returns or throws pgm::MigError with a valid SQLSTATE and UTF-8 texts;
 *   - the model is consistent: each object is filed under its id, each column id points at a
 *     column of its table with that id;
 *   - the reader depends on the document, not on its spelling: the same JSON written out again
 *     (compact, keys sorted) reads as the same objects and columns, and the differ finds no
 *     change between the two readings;
 *   - a snapshot compared with itself has no change (Diff(a, a).Empty(), diff.hpp);
 *   - the differ from and to the empty schema returns or throws MigError, and its statements
 *     render.
 * Built and run by scripts/fuzz.sh.
 */
#include "autogen/diff.hpp"
#include "autogen/snapshot.hpp"
#include "test/fuzz/fuzz_common.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace {

/* Shape: the object and column ids of a snapshot, with each object's kind and column count. */
std::vector<std::string>
Shape(const pgm::schema::Snapshot &snapshot) {
	std::vector<std::string> out;
	for (const auto &entry : snapshot.Data().objects) {
		out.push_back(entry.first + " " + pgm::schema::KindName(entry.second.kind) + " " +
		              std::to_string(entry.second.columns.size()));
		for (const pgm::schema::Column &column : entry.second.columns)
			out.push_back("  " + column.id);
	}
	return out;
}

void
CheckModel(const pgm::schema::Snapshot &snapshot) {
	const pgm::schema::SnapshotData &data = snapshot.Data();
	std::size_t columns = 0;
	for (const auto &entry : data.objects) {
		FUZZ_REQUIRE(entry.first == entry.second.id);
		columns += entry.second.columns.size();
	}
	FUZZ_REQUIRE(data.columns.size() == columns);
	for (const auto &entry : data.columns) {
		FUZZ_REQUIRE(entry.second.table != nullptr && entry.second.index < entry.second.table->columns.size());
		FUZZ_REQUIRE(entry.second.Get().id == entry.first);
		FUZZ_REQUIRE(data.Find(entry.second.table->id) == entry.second.table);
	}
}

/* TryDiff: Diff(from, to) returns or throws MigError; returns whether it found no change. */
std::optional<bool>
TryDiff(const pgm::schema::Snapshot &from, const pgm::schema::Snapshot &to) {
	try {
		pgm::schema::DiffResult diff = pgm::schema::Diff(from, to);
		std::string sql = pgm::schema::RenderSql(diff);
		FUZZ_REQUIRE(diff.statements.empty() == sql.empty());
		return diff.Empty();
	} catch (const pgm::MigError &e) {
		fuzz::RequireValidError(e);
		return std::nullopt;
	}
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
	std::string_view json(reinterpret_cast<const char *>(data), size);
	std::optional<pgm::schema::Snapshot> snapshot;
	try {
		snapshot = pgm::schema::ParseSnapshot(json, "the fuzzer");
	} catch (const pgm::MigError &e) {
		fuzz::RequireValidError(e);
		return 0;
	}
	CheckModel(*snapshot);

	// Written out again: nlohmann::json keeps keys sorted and drops the spacing.
	std::string again_text = nlohmann::json::parse(json.begin(), json.end()).dump();
	pgm::schema::Snapshot again = pgm::schema::ParseSnapshot(again_text, "the fuzzer");
	FUZZ_REQUIRE(Shape(again) == Shape(*snapshot));

	std::optional<bool> same = TryDiff(*snapshot, *snapshot);
	FUZZ_REQUIRE(!same || *same);
	std::optional<bool> same_again = TryDiff(*snapshot, again);
	FUZZ_REQUIRE(!same_again || *same_again);

	pgm::schema::Snapshot empty = pgm::schema::ParseSnapshot(R"({"format": 1, "objects": []})", "the fuzzer");
	TryDiff(empty, *snapshot);
	TryDiff(*snapshot, empty);
	return 0;
}
