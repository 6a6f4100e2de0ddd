/*
 * autogen_corpus_test.cpp: the autogenerate round trip over the corpus in test/autogen/cases.
 *
 * Each case directory holds current.sql (the database's schema, maybe with rows) and
 * models.sql (the schema wanted).  One test per case, named after its directory:
 *
 *   1. current.sql runs in a fresh database (with pg_migrate) of a project made by pgmig init;
 *   2. `pgmig revision --autogenerate --models models.sql` writes exactly one revision;
 *   3. `pgmig upgrade head`, then `pgmig check --models models.sql` finds no difference;
 *   4. a second autogenerate prints "No changes in schema detected." and writes nothing;
 *   5. `pgmig downgrade base`, and `pgmig check --models current.sql` finds no difference (it
 *      warns that the database is behind the head, the revision being still in the folder);
 *   6. the case's data expectations hold after the upgrade and after the downgrade.
 *
 * Data expectations are lines of current.sql of the form
 *
 *   -- expect-rows: SELECT count(*) FROM t => 3
 *
 * The query's single value (text, NULL as "NULL") must equal what follows " => ", both after the
 * upgrade and after the downgrade, so a case uses them only where its change keeps the rows
 * (test/autogen/check-corpus.sh checks that they hold on current.sql and run on models.sql).
 * A failure prints every pgmig command run so far with its output, and the generated revision.
 *
 * SampleModelsTest checks that the sample project's models/ match its migrations at the head.
 */
#include "test/e2e/harness.hpp"

#include <algorithm>
#include <sstream>

namespace e2e {
namespace {

const fs::path kCasesDir = fs::path(PGM_SOURCE_DIR) / "test" / "autogen" / "cases";

/* CaseNames: the corpus's case directories, sorted. */
std::vector<std::string>
CaseNames() {
	std::vector<std::string> names;
	std::error_code ec;
	for (fs::directory_iterator it(kCasesDir, ec), end; !ec && it != end; it.increment(ec))
		if (it->is_directory() && fs::exists(it->path() / "models.sql"))
			names.push_back(it->path().filename().string());
	std::sort(names.begin(), names.end());
	return names;
}

/* Expectation: one "-- expect-rows: QUERY => VALUE" line. */
struct Expectation {
	std::string query;
	std::string value;
};

std::vector<Expectation>
Expectations(const std::string &sql) {
	const std::string tag = "-- expect-rows: ";
	const std::string arrow = " => ";
	std::vector<Expectation> out;
	for (const std::string &line : Lines(sql)) {
		if (line.compare(0, tag.size(), tag) != 0)
			continue;
		std::string rest = line.substr(tag.size());
		std::size_t at = rest.rfind(arrow);
		if (at == std::string::npos) {
			ADD_FAILURE() << "malformed expect-rows line (no \" => \"): " << line;
			continue;
		}
		out.push_back({rest.substr(0, at), rest.substr(at + arrow.size())});
	}
	return out;
}

/* TestName: a case directory as a GoogleTest name (letters, digits and underscores only). */
std::string
TestName(const ::testing::TestParamInfo<std::string> &info) {
	std::string name = info.param;
	for (char &c : name)
		if (!std::isalnum(static_cast<unsigned char>(c)))
			c = '_';
	return name;
}

class AutogenCorpusTest : public DbTest, public ::testing::WithParamInterface<std::string> {
protected:
	/* Step: run pgmig, record the command and its output in the transcript. */
	RunResult
	Step(const std::vector<std::string> &args) {
		RunResult r = Run(args);
		transcript_ << "$ pgmig";
		for (const std::string &a : args)
			transcript_ << " " << a;
		transcript_ << "\n[exit " << r.exit_code << "]\n";
		if (!r.out.empty())
			transcript_ << "--- stdout\n" << r.out;
		if (!r.err.empty())
			transcript_ << "--- stderr\n" << r.err;
		transcript_ << "\n";
		return r;
	}

	/* RevisionFiles: the .sql files in versions/, sorted. */
	std::vector<fs::path>
	RevisionFiles() const {
		std::vector<fs::path> files;
		for (const auto &entry : fs::directory_iterator(Versions()))
			if (entry.path().extension() == ".sql")
				files.push_back(entry.path());
		std::sort(files.begin(), files.end());
		return files;
	}

	/* Report: what explains a failure: the commands so far and the generated revision. */
	std::string
	Report() const {
		std::string out = "\n===== case " + GetParam() + ": pgmig commands =====\n" + transcript_.str();
		if (!revision_.empty())
			out += "===== generated revision " + revision_.filename().string() + " =====\n" + revision_text_;
		return out;
	}

	/* CheckExpectations: every expect-rows line of current.sql holds now. */
	void
	CheckExpectations(const std::vector<Expectation> &expectations, const std::string &when) {
		for (const Expectation &e : expectations) {
			std::string got;
			try {
				got = Scalar(e.query);
			} catch (const std::exception &ex) {
				got = std::string("ERROR: ") + ex.what();
			}
			EXPECT_EQ(got, e.value) << "after " << when << ": " << e.query << Report();
		}
	}

	std::ostringstream transcript_;
	fs::path revision_;
	std::string revision_text_;
};

TEST_P(AutogenCorpusTest, RoundTrip) {
	const fs::path dir = kCasesDir / GetParam();
	const std::string current_sql = ReadFile(dir / "current.sql");
	const std::string models = (dir / "models.sql").string();
	const std::string current = (dir / "current.sql").string();
	const std::vector<Expectation> expectations = Expectations(current_sql);
	// "-- pgmig-options: --compare-privileges" in models.sql: options of every revision and check.
	std::vector<std::string> options;
	{
		std::istringstream in(ReadFile(dir / "models.sql"));
		const std::string tag = "-- pgmig-options: ";
		for (std::string line; std::getline(in, line);) {
			if (line.rfind(tag, 0) != 0)
				continue;
			std::istringstream words(line.substr(tag.size()));
			for (std::string w; words >> w;)
				options.push_back(w);
		}
	}
	auto with_options = [&options](std::vector<std::string> args) {
		args.insert(args.end(), options.begin(), options.end());
		return args;
	};

	try {
		db_->ExecScript(current_sql);
	} catch (const std::exception &e) {
		FAIL() << "current.sql does not apply: " << e.what();
	}

	// 1. The revision: exactly one new file.
	std::vector<fs::path> before = RevisionFiles();
	RunResult r = Step(with_options({"revision", "--autogenerate", "-m", "case", "--models", models}));
	ASSERT_EQ(r.exit_code, 0) << "autogenerate failed" << Report();
	ASSERT_EQ(r.out.find("No changes in schema detected."), std::string::npos)
	    << "current.sql and models.sql describe the same schema" << Report();
	std::vector<fs::path> after = RevisionFiles();
	std::vector<fs::path> added;
	std::set_difference(after.begin(), after.end(), before.begin(), before.end(), std::back_inserter(added));
	ASSERT_EQ(added.size(), 1u) << "autogenerate must write exactly one revision file" << Report();
	revision_ = added[0];
	revision_text_ = ReadFile(revision_);

	// 2. Upgrade: the database now equals the models.
	r = Step({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << "upgrade of the generated revision failed" << Report();
	r = Step(with_options({"check", "--models", models}));
	EXPECT_EQ(r.exit_code, 0) << "after the upgrade the database differs from models.sql" << Report();
	CheckExpectations(expectations, "the upgrade");

	// 3. A second autogenerate finds nothing and writes nothing.
	r = Step(with_options({"revision", "--autogenerate", "-m", "again", "--models", models}));
	EXPECT_EQ(r.exit_code, 0) << "second autogenerate failed" << Report();
	EXPECT_NE(r.out.find("No changes in schema detected."), std::string::npos)
	    << "second autogenerate found changes" << Report();
	EXPECT_EQ(RevisionFiles().size(), after.size()) << "second autogenerate wrote a file" << Report();
	for (const fs::path &p : RevisionFiles())
		if (p != revision_ && std::find(before.begin(), before.end(), p) == before.end())
			fs::remove(p); // keep the downgrade meaningful even when the step above failed

	// 4. Downgrade: the database equals current.sql again, rows included.
	r = Step({"downgrade", "base"});
	ASSERT_EQ(r.exit_code, 0) << "downgrade of the generated revision failed" << Report();
	// The revision stays in the folder: check warns that the database is behind, and compares.
	r = Step(with_options({"check", "--models", current}));
	EXPECT_EQ(r.exit_code, 0) << "after the downgrade the database differs from current.sql" << Report();
	EXPECT_NE(r.err.find("pgmig: warning: target database is not up to date"), std::string::npos) << Report();
	CheckExpectations(expectations, "the downgrade");
}

INSTANTIATE_TEST_SUITE_P(Corpus, AutogenCorpusTest, ::testing::ValuesIn(CaseNames()), TestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(AutogenCorpusTest);

/* The sample project's models (models/) describe its migrations at the head. */
class SampleModelsTest : public DbTest {};

TEST_F(SampleModelsTest, MatchMigrationsAtHead) {
	const fs::path source(PGM_SOURCE_DIR);
	for (const auto &entry : fs::directory_iterator(source / "migrations" / "versions"))
		if (entry.path().extension() == ".sql")
			fs::copy_file(entry.path(), Versions() / entry.path().filename());
	RunResult r = Run({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	r = Run({"check", "--models", (source / "models").string()});
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
	EXPECT_EQ(r.out, "No new upgrade operations detected.\n");
}

} // namespace
} // namespace e2e
