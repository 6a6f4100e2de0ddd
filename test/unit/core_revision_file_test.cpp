/*
 * core_revision_file_test.cpp: the revision file parser (good files and every rejection,
 * with its SQLSTATE and the file and line in the message), id validation, new ids, slugs.
 */
#include "core/error.hpp"
#include "core/revision_file.hpp"
#include "core/sha256.hpp"
#include "test/unit/core_test_helpers.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <new>
#include <set>
#include <sstream>
#include <string>

#if defined(__GLIBC__)
#include <malloc.h>

/*
 * Heap accounting for the memory tests below: operator new and delete are replaced for the
 * whole test program (the standard's other forms forward to these two) and count the bytes
 * in use and their peak.  glibc's malloc_usable_size gives the size back on delete.
 */
namespace {
std::atomic<long long> g_heap_bytes{0};
std::atomic<long long> g_heap_peak{0};
} // namespace

void *
operator new(std::size_t size) {
	void *p = std::malloc(size == 0 ? 1 : size);
	if (p == nullptr) {
		throw std::bad_alloc();
	}
	const long long usable = static_cast<long long>(malloc_usable_size(p));
	const long long now = g_heap_bytes.fetch_add(usable) + usable;
	long long peak = g_heap_peak.load();
	while (now > peak && !g_heap_peak.compare_exchange_weak(peak, now)) {
	}
	return p;
}

void
operator delete(void *p) noexcept {
	if (p != nullptr) {
		g_heap_bytes.fetch_sub(static_cast<long long>(malloc_usable_size(p)));
		std::free(p);
	}
}

void
operator delete(void *p, std::size_t) noexcept {
	operator delete(p);
}

#define PGM_HEAP_ACCOUNTING 1
#endif

namespace pgm {
namespace {

using test::CatchMigError;
using test::ExpectCleanMessage;

const char *kSample = "-- add avatar field to users\n"
                      "--\n"
                      "-- Revision ID: 1975ea83b712\n"
                      "-- Revises: c527ba0bc760\n"
                      "-- Create Date: 2026-11-23 10:02:03.120000+00:00\n"
                      "-- Branch Labels:\n"
                      "-- Depends On:\n"
                      "\n"
                      "-- migrate:upgrade\n"
                      "ALTER TABLE users ADD COLUMN avatar varchar(255);\n"
                      "\n"
                      "-- migrate:downgrade\n"
                      "ALTER TABLE users DROP COLUMN avatar;\n";

/* Header lines for an otherwise valid file, so error tests can vary one thing. */
std::string
File(const std::string &header_rest, const std::string &body = "-- migrate:upgrade\nSELECT 1;\n") {
	return "-- a message\n--\n-- Revision ID: abc123\n" + header_rest + "\n" + body;
}

/* Expect a format error of x.sql whose DETAIL starts with "Line <line>: ". */
MigError
ExpectFileError(const std::string &bytes, const std::string &sqlstate, int line) {
	MigError e = CatchMigError([&] { ParseRevisionFile("x.sql", bytes); });
	EXPECT_EQ(e.Sqlstate(), sqlstate) << e.what() << " / " << e.Detail();
	EXPECT_EQ(e.Message(), "invalid revision file \"x.sql\"");
	EXPECT_EQ(e.Detail().rfind("Line " + std::to_string(line) + ": ", 0), 0U) << e.Detail();
	return e;
}

TEST(CoreRevisionFile, ParsesTheDesignSample) {
	RevisionFile f = ParseRevisionFile("1975ea83b712_add_avatar_field_to_users.sql", kSample);
	EXPECT_EQ(f.rev.id, "1975ea83b712");
	EXPECT_EQ(f.rev.parents, std::vector<std::string>{"c527ba0bc760"});
	EXPECT_TRUE(f.rev.branch_labels.empty());
	EXPECT_TRUE(f.rev.depends_on.empty());
	EXPECT_EQ(f.rev.message, "add avatar field to users");
	EXPECT_TRUE(f.rev.reversible);
	EXPECT_TRUE(f.rev.transactional);
	EXPECT_EQ(f.rev.source, "1975ea83b712_add_avatar_field_to_users.sql");
	EXPECT_EQ(f.create_date, "2026-11-23 10:02:03.120000+00:00");
	EXPECT_EQ(f.upgrade_sql, "ALTER TABLE users ADD COLUMN avatar varchar(255);");
	ASSERT_TRUE(f.downgrade_sql.has_value());
	EXPECT_EQ(*f.downgrade_sql, "ALTER TABLE users DROP COLUMN avatar;");
	EXPECT_EQ(f.checksum, Sha256Hex(kSample));
}

TEST(CoreRevisionFile, AllHeaderKeys) {
	RevisionFile f = ParseRevisionFile("m.sql", "-- merge the two lines\n"
	                                            "-- and build the index\n"
	                                            "--\n"
	                                            "-- Revision ID: Merge_01\n"
	                                            "-- Revises: aaaa1111 ,bbbb2222\n"
	                                            "--\n"
	                                            "-- Create Date: 2026-01-02\n"
	                                            "-- Branch Labels: feat, ops_2\n"
	                                            "-- Depends On: cccc, feat\n"
	                                            "-- Transactional: false\n"
	                                            "-- migrate:upgrade\n"
	                                            "CREATE INDEX CONCURRENTLY i ON t (c);\n");
	EXPECT_EQ(f.rev.id, "Merge_01");
	EXPECT_EQ(f.rev.message, "merge the two lines\nand build the index");
	EXPECT_EQ(f.rev.parents, (std::vector<std::string>{"aaaa1111", "bbbb2222"}));
	EXPECT_EQ(f.rev.branch_labels, (std::vector<std::string>{"feat", "ops_2"}));
	EXPECT_EQ(f.rev.depends_on, (std::vector<std::string>{"cccc", "feat"}));
	EXPECT_EQ(f.create_date, "2026-01-02");
	EXPECT_FALSE(f.rev.transactional);
	EXPECT_EQ(f.upgrade_sql, "CREATE INDEX CONCURRENTLY i ON t (c);");
	EXPECT_FALSE(f.rev.reversible);
	EXPECT_FALSE(f.downgrade_sql.has_value());
}

TEST(CoreRevisionFile, TransactionalTrueIsAccepted) {
	RevisionFile f = ParseRevisionFile("x.sql", File("-- Transactional: True"));
	EXPECT_TRUE(f.rev.transactional);
}

TEST(CoreRevisionFile, NoMessageWhenTheHeaderStartsWithAKey) {
	RevisionFile f = ParseRevisionFile("x.sql", "-- Revision ID: abc\n-- Revises:\n\n-- migrate:upgrade\nSELECT 1;\n");
	EXPECT_EQ(f.rev.id, "abc");
	EXPECT_EQ(f.rev.message, "");
	EXPECT_TRUE(f.rev.parents.empty());
}

TEST(CoreRevisionFile, EmptyMessageFromTheTemplate) {
	/* The template with an empty message renders "-- " then "--". */
	RevisionFile f = ParseRevisionFile("x.sql", "-- \n--\n-- Revision ID: abc\n\n-- migrate:upgrade\n");
	EXPECT_EQ(f.rev.message, "");
	EXPECT_EQ(f.upgrade_sql, "");
}

TEST(CoreRevisionFile, MessageRunsUntilTheFirstKeyLine) {
	RevisionFile f = ParseRevisionFile("x.sql", "-- fix: users table\n-- Revision ID: abc\n-- migrate:upgrade\n");
	EXPECT_EQ(f.rev.message, "fix: users table");
	EXPECT_EQ(f.rev.id, "abc");
}

TEST(CoreRevisionFile, MissingDowngradeMeansIrreversible) {
	RevisionFile f = ParseRevisionFile("x.sql", File(""));
	EXPECT_FALSE(f.rev.reversible);
	EXPECT_FALSE(f.downgrade_sql.has_value());
	EXPECT_EQ(f.upgrade_sql, "SELECT 1;");
}

TEST(CoreRevisionFile, EmptyDowngradeIsAReversibleNoOp) {
	RevisionFile f = ParseRevisionFile("x.sql", File("", "-- migrate:upgrade\nSELECT 1;\n-- migrate:downgrade\n\n\n"));
	EXPECT_TRUE(f.rev.reversible);
	ASSERT_TRUE(f.downgrade_sql.has_value());
	EXPECT_EQ(*f.downgrade_sql, "");
}

TEST(CoreRevisionFile, BodiesAreVerbatimButTrimmedOfBlankLines) {
	RevisionFile f = ParseRevisionFile("x.sql", File("", "-- migrate:upgrade   \n"
	                                                     "\n"
	                                                     "  \n"
	                                                     "-- keep this comment\n"
	                                                     "CREATE TABLE t (\n"
	                                                     "    id int\n"
	                                                     ");\n"
	                                                     "\n"
	                                                     "INSERT INTO t VALUES (1); -- trailing\n"
	                                                     "\n"
	                                                     "-- migrate:downgrade\t\n"
	                                                     "DROP TABLE t;\n"
	                                                     "\n"));
	EXPECT_EQ(f.upgrade_sql,
	          "-- keep this comment\nCREATE TABLE t (\n    id int\n);\n\nINSERT INTO t VALUES (1); -- trailing");
	EXPECT_EQ(*f.downgrade_sql, "DROP TABLE t;");
}

TEST(CoreRevisionFile, CommentsBetweenHeaderAndUpgradeAreAllowed) {
	RevisionFile f =
	    ParseRevisionFile("x.sql", File("", "\n-- a note for reviewers\n\n-- migrate:upgrade\nSELECT 1;\n"));
	EXPECT_EQ(f.upgrade_sql, "SELECT 1;");
}

TEST(CoreRevisionFile, CrlfAndBomAreAccepted) {
	std::string crlf;
	for (const char *p = kSample; *p; p++) {
		if (*p == '\n') {
			crlf += "\r\n";
		} else {
			crlf.push_back(*p);
		}
	}
	std::string bytes = "\xEF\xBB\xBF" + crlf;
	RevisionFile f = ParseRevisionFile("x.sql", bytes);
	RevisionFile lf = ParseRevisionFile("x.sql", kSample);
	EXPECT_EQ(f.rev.id, lf.rev.id);
	EXPECT_EQ(f.rev.message, lf.rev.message);
	EXPECT_EQ(f.rev.parents, lf.rev.parents);
	EXPECT_EQ(f.create_date, lf.create_date);
	EXPECT_EQ(f.upgrade_sql, lf.upgrade_sql);
	EXPECT_EQ(f.downgrade_sql, lf.downgrade_sql);
	/* The checksum is of the bytes as given. */
	EXPECT_EQ(f.checksum, Sha256Hex(bytes));
	EXPECT_NE(f.checksum, lf.checksum);
}

TEST(CoreRevisionFile, Utf8TextIsAccepted) {
	RevisionFile f = ParseRevisionFile("x.sql", File("", "-- migrate:upgrade\nCOMMENT ON TABLE t IS 'Grüße 👋 新';\n"));
	EXPECT_EQ(f.upgrade_sql, "COMMENT ON TABLE t IS 'Grüße 👋 新';");
}

TEST(CoreRevisionFile, UnknownHeaderKey) {
	MigError e = ExpectFileError("-- msg\n--\n-- Revison ID: abc\n-- migrate:upgrade\n", "MG006", 3);
	EXPECT_EQ(e.Detail(), "Line 3: header key \"Revison ID\" is not recognized.");
	EXPECT_EQ(e.Hint(), "Valid header keys are \"Revision ID\", \"Revises\", \"Create Date\", \"Branch Labels\", "
	                    "\"Depends On\" and \"Transactional\".");
}

TEST(CoreRevisionFile, KeysAreCaseSensitive) {
	MigError e = ExpectFileError(File("-- revises: x"), "MG006", 4);
	EXPECT_EQ(e.Detail(), "Line 4: header key \"revises\" is not recognized.");
}

TEST(CoreRevisionFile, RepeatedHeaderKey) {
	MigError e = ExpectFileError(File("-- Revises: a1\n-- Revises: b2"), "MG006", 5);
	EXPECT_EQ(e.Detail(), "Line 5: header key \"Revises\" is repeated (first on line 4).");
}

TEST(CoreRevisionFile, NonKeyLineAfterTheMessage) {
	MigError e = ExpectFileError(File("-- this is a second paragraph"), "MG006", 4);
	EXPECT_EQ(e.Detail(), "Line 4: header line \"this is a second paragraph\" is not of the form \"Key: value\".");
}

TEST(CoreRevisionFile, MissingRevisionId) {
	MigError e = ExpectFileError("-- msg\n--\n-- Revises: abc\n\n-- migrate:upgrade\n", "MG006", 1);
	EXPECT_EQ(e.Detail(), "Line 1: the header has no \"Revision ID\" key.");
}

TEST(CoreRevisionFile, EmptyRevisionId) {
	MigError e = ExpectFileError("-- msg\n--\n-- Revision ID:   \n-- migrate:upgrade\n", "MG006", 3);
	EXPECT_EQ(e.Detail(), "Line 3: header \"Revision ID\" is empty.");
}

TEST(CoreRevisionFile, InvalidRevisionIdKeepsAlembicWordingAndNamesFileAndLine) {
	MigError e =
	    CatchMigError([] { ParseRevisionFile("x.sql", "-- msg\n--\n-- Revision ID: ab-cd\n-- migrate:upgrade\n"); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "character(s) '-' not allowed in revision identifier 'ab-cd'");
	EXPECT_EQ(e.Detail(), "The \"Revision ID\" header on line 3 of revision file \"x.sql\" holds this identifier. "
	                      "Revision identifiers consist of letters, digits and underscores, at most 64 characters.");
}

TEST(CoreRevisionFile, InvalidParentAndDependencyIds) {
	MigError e = CatchMigError([] { ParseRevisionFile("x.sql", File("-- Revises: good1, bad.one")); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "invalid revision identifier \"bad.one\"");
	EXPECT_NE(e.Detail().find("\"Revises\" header on line 4 of revision file \"x.sql\""), std::string::npos);

	e = CatchMigError([] { ParseRevisionFile("x.sql", File("--\n-- Depends On: a@b")); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "character(s) '@' not allowed in revision identifier 'a@b'");
	EXPECT_NE(e.Detail().find("\"Depends On\" header on line 5 of revision file \"x.sql\""), std::string::npos);
}

TEST(CoreRevisionFile, InvalidBranchLabel) {
	MigError e = CatchMigError([] { ParseRevisionFile("x.sql", File("-- Branch Labels: my-feature")); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "invalid branch label \"my-feature\"");
	EXPECT_NE(e.Detail().find("line 4 of revision file \"x.sql\""), std::string::npos);
}

TEST(CoreRevisionFile, EmptyAndRepeatedListEntries) {
	MigError e = ExpectFileError(File("-- Revises: a1,,b2"), "MG006", 4);
	EXPECT_EQ(e.Detail(), "Line 4: header \"Revises\" has an empty entry.");
	e = ExpectFileError(File("-- Revises: a1, a1"), "MG006", 4);
	EXPECT_EQ(e.Detail(), "Line 4: header \"Revises\" lists \"a1\" more than once.");
}

TEST(CoreRevisionFile, BadTransactionalValue) {
	MigError e = ExpectFileError(File("-- Transactional: maybe"), "MG006", 4);
	EXPECT_EQ(e.Detail(), "Line 4: header \"Transactional\" must be \"true\" or \"false\", not \"maybe\".");
}

TEST(CoreRevisionFile, NulByte) {
	std::string bytes = File("", std::string("-- migrate:upgrade\nSELECT '\0';\n", 31));
	MigError e = ExpectFileError(bytes, "22021", 6);
	EXPECT_EQ(e.Detail(), "Line 6: the file contains a NUL byte (0x00).");
}

TEST(CoreRevisionFile, InvalidUtf8) {
	struct Case {
		std::string bad;
		std::string hex;
	};
	const Case cases[] = {
	    {"\xC3\x28", "0xc3 0x28"},                   // bad continuation
	    {"\xC0\xAF", "0xc0 0xaf"},                   // overlong "/"
	    {"\xE0\x80\xAF", "0xe0 0x80 0xaf"},          // overlong, three bytes
	    {"\xED\xA0\x80", "0xed 0xa0 0x80"},          // UTF-16 surrogate D800
	    {"\xF4\x90\x80\x80", "0xf4 0x90 0x80 0x80"}, // above U+10FFFF
	    {"\xF5", "0xf5 0x27 0x3b 0x0a"},             // never valid; shown with its announced length, as PostgreSQL
	    {"\xF8", "0xf8"},                            // never valid
	    {"\x80", "0x80"},                            // stray continuation
	};
	for (const Case &c : cases) {
		std::string bytes = "-- msg\n--\n-- Revision ID: abc\n-- migrate:upgrade\nSELECT '" + c.bad + "';\n";
		MigError e = ExpectFileError(bytes, "22021", 5);
		EXPECT_EQ(e.Detail(), "Line 5: invalid byte sequence for encoding \"UTF8\": " + c.hex + ".");
	}
	/* Truncated at the end of the file. */
	MigError e = ExpectFileError("-- msg\n-- Revision ID: abc\n-- migrate:upgrade\nSELECT 1; \xE2\x82", "22021", 4);
	EXPECT_EQ(e.Detail(), "Line 4: invalid byte sequence for encoding \"UTF8\": 0xe2 0x82.");
	/* In the header: the line is still right. */
	ExpectFileError("-- caf\xE9\n-- Revision ID: abc\n-- migrate:upgrade\n", "22021", 1);
}

TEST(CoreRevisionFile, SqlOutsideASection) {
	MigError e = ExpectFileError(File("", "CREATE TABLE t ();\n-- migrate:upgrade\n"), "MG006", 5);
	EXPECT_EQ(e.Detail(), "Line 5: SQL outside a section.");
}

TEST(CoreRevisionFile, HeaderKeyAfterABlankLine) {
	MigError e =
	    ExpectFileError("-- msg\n--\n-- Revision ID: abc\n\n-- Revises: zzz\n-- migrate:upgrade\n", "MG006", 5);
	EXPECT_EQ(e.Detail(), "Line 5: header key \"Revises\" comes after the end of the header on line 4.");
}

TEST(CoreRevisionFile, UnknownSectionMarker) {
	MigError e = ExpectFileError(File("", "-- migrate:up\nSELECT 1;\n"), "MG006", 5);
	EXPECT_EQ(e.Detail(), "Line 5: section marker \"-- migrate:up\" is not recognized.");
	e = ExpectFileError(File("", "-- migrate:upgrade\nSELECT 1;\n-- migrate:rollback\n"), "MG006", 7);
	EXPECT_EQ(e.Detail(), "Line 7: section marker \"-- migrate:rollback\" is not recognized.");
}

TEST(CoreRevisionFile, MalformedSectionMarker) {
	MigError e = ExpectFileError(File("", "--migrate:upgrade\nSELECT 1;\n"), "MG006", 5);
	EXPECT_EQ(e.Detail(), "Line 5: \"--migrate:upgrade\" is not a valid section marker.");
}

TEST(CoreRevisionFile, RepeatedSection) {
	MigError e =
	    ExpectFileError(File("", "-- migrate:upgrade\nSELECT 1;\n-- migrate:upgrade\nSELECT 2;\n"), "MG006", 7);
	EXPECT_EQ(e.Detail(), "Line 7: section \"-- migrate:upgrade\" appears a second time (first on line 5).");
	e = ExpectFileError(File("", "-- migrate:upgrade\n-- migrate:downgrade\n-- migrate:downgrade\n"), "MG006", 7);
	EXPECT_EQ(e.Detail(), "Line 7: section \"-- migrate:downgrade\" appears a second time (first on line 6).");
}

TEST(CoreRevisionFile, DowngradeBeforeUpgrade) {
	MigError e = ExpectFileError(File("", "-- migrate:downgrade\nDROP TABLE t;\n-- migrate:upgrade\n"), "MG006", 5);
	EXPECT_EQ(e.Detail(), "Line 5: section \"-- migrate:downgrade\" comes before \"-- migrate:upgrade\".");
}

TEST(CoreRevisionFile, MissingUpgradeSection) {
	MigError e = ExpectFileError("-- msg\n--\n-- Revision ID: abc\n\n-- just a comment\n", "MG006", 5);
	EXPECT_EQ(e.Detail(), "Line 5: the file ends without a \"-- migrate:upgrade\" section.");
}

TEST(CoreRevisionFile, EmptyFileAndMissingHeader) {
	MigError e = ExpectFileError("", "MG006", 1);
	EXPECT_EQ(e.Detail(), "Line 1: the file is empty.");
	e = ExpectFileError("\n\nCREATE TABLE t ();\n", "MG006", 3);
	EXPECT_EQ(e.Detail(), "Line 3: the file does not start with a header comment.");
	e = ExpectFileError("-- migrate:upgrade\nSELECT 1;\n", "MG006", 1);
	EXPECT_EQ(e.Detail(), "Line 1: the file does not start with a header comment.");
}

TEST(CoreRevisionFile, EmptyFileNameStillFormsAMessage) {
	MigError e = CatchMigError([] { ParseRevisionFile("", ""); });
	EXPECT_EQ(e.Message(), "invalid revision file \"\"");
}

#ifdef PGM_SOURCE_DIR
/* The sample project's revision files parse, and the header id matches the file name. */
TEST(CoreRevisionFile, SampleProjectFilesParse) {
	const char *names[] = {"c527ba0bc760_initial_migration.sql", "1975ea83b712_add_avatar_field_to_users.sql",
	                       "3e5a9d0f21c4_create_new_table_for_analytics.sql",
	                       "8b04f6e2d7a9_add_message_count_to_conversations.sql"};
	for (const char *name : names) {
		std::ifstream in(std::string(PGM_SOURCE_DIR) + "/migrations/versions/" + name, std::ios::binary);
		if (!in) {
			GTEST_SKIP() << "sample project not present";
		}
		std::ostringstream bytes;
		bytes << in.rdbuf();
		RevisionFile f = ParseRevisionFile(name, bytes.str());
		EXPECT_EQ(f.rev.id, std::string(name).substr(0, 12));
		EXPECT_TRUE(f.rev.reversible) << name;
		EXPECT_FALSE(f.upgrade_sql.empty()) << name;
	}
}
#endif

/* ---- Size limit and memory. ---- */

/* PeakHeapDuring: the most bytes f had allocated at once (above what was in use before), or -1. */
template <typename F>
long long
PeakHeapDuring(F &&f) {
#ifdef PGM_HEAP_ACCOUNTING
	const long long base = g_heap_bytes.load();
	g_heap_peak.store(base);
	f();
	return g_heap_peak.load() - base;
#else
	f();
	return -1;
#endif
}

double
SecondsSince(std::chrono::steady_clock::time_point start) {
	return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(CoreRevisionFile, LargerThanTheLimitIsRefusedBeforeParsing) {
	EXPECT_EQ(kMaxRevisionFileBytes, std::size_t{64} * 1024 * 1024);
	/* A NUL byte up front: parsing would report it, so the size check must come first. */
	std::string bytes(kMaxRevisionFileBytes + 1, '\n');
	bytes[0] = '\0';
	MigError e = CatchMigError([&] { ParseRevisionFile("big.sql", bytes); });
	EXPECT_EQ(e.Sqlstate(), "54000");
	EXPECT_EQ(e.Message(), "revision file \"big.sql\" is too large");
	EXPECT_EQ(e.Detail(), "The file has 67108865 bytes; the limit is 67108864 bytes (64 MiB).");
	EXPECT_EQ(e.Hint(), "Split the migration into several revisions.");
}

TEST(CoreRevisionFile, AFileOfExactlyTheLimitIsParsed) {
	const std::string head = "-- big\n--\n-- Revision ID: big1\n\n-- migrate:upgrade\n";
	std::string bytes = head + "SELECT 1; -- ";
	bytes.append(kMaxRevisionFileBytes - bytes.size() - 1, 'x');
	bytes.push_back('\n');
	ASSERT_EQ(bytes.size(), kMaxRevisionFileBytes);
	RevisionFile f = ParseRevisionFile("big.sql", bytes);
	EXPECT_EQ(f.rev.id, "big1");
	EXPECT_EQ(f.upgrade_sql.size(), bytes.size() - head.size() - 1);
}

TEST(CoreRevisionFile, AMillionEmptyLinesAreReadInPlace) {
	const std::string blank(1000000, '\n');
	auto start = std::chrono::steady_clock::now();
	MigError e("", "");
	long long peak = PeakHeapDuring([&] { e = ExpectFileError(blank, "MG006", 1000000); });
	EXPECT_EQ(e.Detail(), "Line 1000000: the file is empty.");
	EXPECT_LT(SecondsSince(start), 5.0);
	/* Nothing is stored per line (it was 24 bytes a line, plus the vector's growth). */
	EXPECT_LT(peak, 64 * 1024);

	/* A valid file with a million blank lines around and inside each section. */
	const std::string bytes = "-- m\n--\n-- Revision ID: abc\n" + blank + "-- migrate:upgrade\n" + blank +
	                          "SELECT 1;\n" + blank + "SELECT 2;\n" + blank + "-- migrate:downgrade\n" + blank;
	start = std::chrono::steady_clock::now();
	RevisionFile f;
	peak = PeakHeapDuring([&] { f = ParseRevisionFile("x.sql", bytes); });
	EXPECT_LT(SecondsSince(start), 5.0);
	EXPECT_EQ(f.upgrade_sql, "SELECT 1;\n" + blank + "SELECT 2;");
	ASSERT_TRUE(f.downgrade_sql.has_value());
	EXPECT_EQ(*f.downgrade_sql, "");
	/* The upgrade body (a million bytes) is the only large allocation. */
	EXPECT_LT(peak, static_cast<long long>(f.upgrade_sql.size()) + 64 * 1024);
}

TEST(CoreRevisionFile, SectionBodiesAreCopiedOnce) {
	std::string sql;
	for (int i = 0; i < 1000000; i++) {
		sql += "SELECT 1;\r\n";
	}
	const std::string bytes =
	    "-- m\n--\n-- Revision ID: abc\n\n-- migrate:upgrade\n" + sql + "-- migrate:downgrade\r\n" + sql;
	RevisionFile f;
	long long peak = PeakHeapDuring([&] { f = ParseRevisionFile("x.sql", bytes); });
	std::string expected;
	for (int i = 0; i < 1000000; i++) {
		expected += i == 0 ? "SELECT 1;" : "\nSELECT 1;";
	}
	EXPECT_EQ(f.upgrade_sql, expected);
	EXPECT_EQ(f.downgrade_sql, expected);
	/* Both bodies, nothing more: well under the 12 MB input twice over. */
	EXPECT_LT(peak, static_cast<long long>(2 * sql.size()) + 64 * 1024);
}

TEST(CoreRevisionFile, BodyLinesKeepTheirOwnCarriageReturns) {
	/* Only the "\r" of a "\r\n" terminator is dropped; one more stays, also on the last line. */
	RevisionFile f = ParseRevisionFile("x.sql", File("", "-- migrate:upgrade\n\r\nSELECT 1;\r\r\na\rb\r\r\n\r\n"));
	EXPECT_EQ(f.upgrade_sql, "SELECT 1;\r\na\rb\r");
	f = ParseRevisionFile("x.sql", File("", "-- migrate:upgrade\nSELECT 1;\r"));
	EXPECT_EQ(f.upgrade_sql, "SELECT 1;");
	f = ParseRevisionFile("x.sql", File("", "-- migrate:upgrade\n  \n\tSELECT 1;  \n\t\n-- migrate:downgrade"));
	EXPECT_EQ(f.upgrade_sql, "\tSELECT 1;  ");
	EXPECT_EQ(f.downgrade_sql, "");
}

/* ---- Quoted file content in messages. ---- */

TEST(CoreRevisionFile, QuotedContentIsCutAtACharacterBoundary) {
	std::string e_acute;
	for (int i = 0; i < 100; i++) {
		e_acute += "\xC3\xA9";
	}
	std::string e_acute_64;
	for (int i = 0; i < 64; i++) {
		e_acute_64 += "\xC3\xA9";
	}
	MigError e = ExpectFileError(File("-- " + e_acute + ": v"), "MG006", 4);
	EXPECT_EQ(e.Detail(), "Line 4: header key \"" + e_acute_64 + "...\" is not recognized.");
	ExpectCleanMessage(e);

	/* 63 ASCII characters then 4-byte ones: the 64th character is whole. */
	std::string mixed = std::string(63, 'k') + "\xF0\x9F\x91\x8B\xF0\x9F\x91\x8B";
	e = ExpectFileError(File("-- " + mixed + ": v"), "MG006", 4);
	EXPECT_EQ(e.Detail(), "Line 4: header key \"" + std::string(63, 'k') + "\xF0\x9F\x91\x8B...\" is not recognized.");

	e = ExpectFileError(File("-- Revises: a\n-- " + std::string(200, 'x')), "MG006", 5);
	EXPECT_EQ(e.Detail(), "Line 5: header line \"" + std::string(64, 'x') + "...\" is not of the form \"Key: value\".");
	e = ExpectFileError(File("-- Transactional: " + e_acute), "MG006", 4);
	EXPECT_EQ(e.Detail(),
	          "Line 4: header \"Transactional\" must be \"true\" or \"false\", not \"" + e_acute_64 + "...\".");
	e = ExpectFileError(File("", "-- migrate:" + std::string(100, 'u') + "\n"), "MG006", 5);
	EXPECT_EQ(e.Detail(), "Line 5: section marker \"-- migrate:" + std::string(53, 'u') + "...\" is not recognized.");
	ExpectCleanMessage(e);

	/* An invalid id: Alembic's wording, the id cut. */
	std::string dashes;
	for (int i = 0; i < 50; i++) {
		dashes += "a-";
	}
	e = CatchMigError(
	    [&] { ParseRevisionFile("x.sql", "-- m\n--\n-- Revision ID: " + dashes + "\n-- migrate:upgrade\n"); });
	EXPECT_EQ(e.Message(), "character(s) '-' not allowed in revision identifier '" + dashes.substr(0, 64) + "...'");
	e = CatchMigError([&] { ParseRevisionFile("x.sql", File("-- Branch Labels: " + e_acute)); });
	EXPECT_EQ(e.Message(), "invalid branch label \"" + e_acute_64 + "...\"");
	ExpectCleanMessage(e);
}

TEST(CoreRevisionFile, MessagesStayValidUtf8WhateverTheBytes) {
	/* Invalid bytes next to a bad header key: the encoding error (with hex bytes) comes first. */
	MigError e = ExpectFileError(File("-- K\xC3\xA9y\xFF\xC3: v"), "22021", 4);
	EXPECT_EQ(e.Detail(), "Line 4: invalid byte sequence for encoding \"UTF8\": 0xff.");
	ExpectCleanMessage(e);

	/* A file name with invalid bytes and a NUL byte. */
	const std::string bad_name("bad\xFF\xC3\0name.sql", 14);
	e = CatchMigError([&] { ParseRevisionFile(bad_name, ""); });
	EXPECT_EQ(e.Message(), "invalid revision file \"bad\?\?\?name.sql\"");
	ExpectCleanMessage(e);
	e = CatchMigError([&] { ParseRevisionFile(bad_name, "-- m\n--\n-- Revision ID: a-b\n-- migrate:upgrade\n"); });
	EXPECT_EQ(e.Detail().find('\0'), std::string::npos);
	ExpectCleanMessage(e);
	e = CatchMigError([&] { ParseRevisionFile(bad_name, std::string(kMaxRevisionFileBytes + 1, ' ')); });
	EXPECT_EQ(e.Message(), "revision file \"bad\?\?\?name.sql\" is too large");

	/* Identifiers checked on their own (the client checks ids given on its command line). */
	const std::string bad_id("ab\xF0\x9F\x91-\0\xED\xA0\x80", 10);
	e = CatchMigError([&] { CheckRevisionId(bad_id); });
	EXPECT_EQ(e.Message(), "character(s) '-' not allowed in revision identifier 'ab\?\?\?-\?\?\?\?'");
	ExpectCleanMessage(e);
	e = CatchMigError([&] { CheckRevisionId(std::string("x\xC0\xAF", 3)); });
	EXPECT_EQ(e.Message(), "invalid revision identifier \"x\?\?\"");
}

TEST(CoreRevisionId, Validity) {
	EXPECT_TRUE(IsValidRevisionId("1975ea83b712"));
	EXPECT_TRUE(IsValidRevisionId("Abc_123"));
	EXPECT_TRUE(IsValidRevisionId(std::string(64, 'a')));
	EXPECT_FALSE(IsValidRevisionId(std::string(65, 'a')));
	EXPECT_FALSE(IsValidRevisionId(""));
	EXPECT_FALSE(IsValidRevisionId("ab cd"));
	EXPECT_FALSE(IsValidRevisionId("caf\xC3\xA9"));
}

TEST(CoreRevisionId, CheckUsesAlembicWording) {
	MigError e = CatchMigError([] { CheckRevisionId("ab-cd"); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "character(s) '-' not allowed in revision identifier 'ab-cd'");
	e = CatchMigError([] { CheckRevisionId("a@b:c+d"); });
	EXPECT_EQ(e.Message(), "character(s) '+, :, @' not allowed in revision identifier 'a@b:c+d'");
	e = CatchMigError([] { CheckRevisionId("a.b"); });
	EXPECT_EQ(e.Sqlstate(), "22023");
	EXPECT_EQ(e.Message(), "invalid revision identifier \"a.b\"");
	EXPECT_EQ(e.Detail(), "Revision identifiers consist of letters, digits and underscores, at most 64 characters.");
	e = CatchMigError([] { CheckRevisionId(std::string(70, 'a')); });
	EXPECT_EQ(e.Detail(), "Revision identifiers consist of letters, digits and underscores, at most 64 characters. "
	                      "This one has 70 characters.");
	EXPECT_NO_THROW(CheckRevisionId("c527ba0bc760"));
}

TEST(CoreRevisionId, NewIdsAreTwelveLowercaseHexDigits) {
	std::set<std::string> seen;
	for (int i = 0; i < 50; i++) {
		std::string id = NewRevisionId();
		ASSERT_EQ(id.size(), 12U);
		for (char c : id) {
			EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << id;
		}
		seen.insert(id);
	}
	EXPECT_EQ(seen.size(), 50U);
}

TEST(CoreSlugify, MatchesAlembic) {
	/* Expected values computed with Alembic's own expression. */
	EXPECT_EQ(Slugify("Add a column"), "add_a_column");
	EXPECT_EQ(Slugify("add ABCD data/info"), "add_abcd_data_info");
	EXPECT_EQ(Slugify("  --leading -- and trailing!! "), "leading_and_trailing");
	EXPECT_EQ(Slugify("add a very long message that goes on and on beyond forty"),
	          "add_a_very_long_message_that_goes_on_");
	EXPECT_EQ(Slugify("supercalifragilisticexpialidocious_and_more_words_here"),
	          "supercalifragilisticexpialidocious_and_");
	EXPECT_EQ(Slugify("fix: users.email \xE2\x86\x92 citext"), "fix_users_email_citext");
	EXPECT_EQ(Slugify("Ajouter l'\xC3\xA9l\xC3\xA9ment Gr\xC3\xB6\xC3\x9F"
	                  "e \xC3\x89T\xC3\x89"),
	          "ajouter_l_\xC3\xA9l\xC3\xA9ment_gr\xC3\xB6\xC3\x9F"
	          "e_\xC3\xA9t\xC3\xA9");
	EXPECT_EQ(
	    Slugify("\xE6\x96\xB0\xE5\xA2\x9E \xE7\x94\xA8\xE6\x88\xB7\xE8\xA1\xA8 \xE2\x80\x94 \xE7\xB4\xA2\xE5\xBC\x95"),
	    "\xE6\x96\xB0\xE5\xA2\x9E_\xE7\x94\xA8\xE6\x88\xB7\xE8\xA1\xA8_\xE7\xB4\xA2\xE5\xBC\x95");
	EXPECT_EQ(Slugify("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 \xD0\x9C\xD0\xB8\xD1\x80"),
	          "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82_\xD0\xBC\xD0\xB8\xD1\x80");
	EXPECT_EQ(Slugify(""), "");
	EXPECT_EQ(Slugify("!!!"), "");
}

TEST(CoreSlugify, OverlongFirstWordIsCut) {
	/* Alembic would return 41 characters here; pg_migrate cuts at max_len (docs/design.md, "Slugs"). */
	EXPECT_EQ(Slugify(std::string(45, 'x')), std::string(40, 'x'));
	EXPECT_EQ(Slugify("one two three", 8), "one_two_");
}

} // namespace
} // namespace pgm
