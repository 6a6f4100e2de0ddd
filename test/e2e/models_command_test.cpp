/*
 * models_command_test.cpp: end-to-end tests of models_command / --models-command (the models
 * as a command's output) with the SQLAlchemy recipe contrib/sqlalchemy/pgmig_models.py on a
 * seed-shaped application (test/sqlalchemy/app), the failures of a models command, a
 * signal while it runs, and the exclude filters (pgmig.toml, --exclude, the version table of
 * an adopted Alembic database).
 */
#include "test/e2e/harness.hpp"

#include <chrono>
#include <csignal>
#include <regex>
#include <unistd.h>

namespace e2e {
namespace {

const fs::path kSourceDir(PGM_SOURCE_DIR);

/* TomlQuoted: text as a TOML basic string. */
std::string
TomlQuoted(const std::string &text) {
	std::string out = "\"";
	for (char c : text) {
		if (c == '"' || c == '\\')
			out += '\\';
		out += c;
	}
	return out + "\"";
}

class ModelsCommandTest : public DbTest {
protected:
	void
	SetUp() override {
		DbTest::SetUp();
		if (IsSkipped() || HasFatalFailure())
			return;
		env_["PYTHONDONTWRITEBYTECODE"] = "1";
	}

	/* UseSqlalchemyApp: copy test/sqlalchemy/app into the project; the command that prints its DDL. */
	std::string
	UseSqlalchemyApp() {
		python_ = PythonWith("sqlalchemy");
		if (python_.empty()) {
			ADD_FAILURE() << "no Python with SQLAlchemy (set PGMIG_TEST_PYTHON)";
			return "";
		}
		fs::copy(kSourceDir / "test" / "sqlalchemy" / "app", dir_ / "app", fs::copy_options::recursive);
		return python_ + " " + (kSourceDir / "contrib" / "sqlalchemy" / "pgmig_models.py").string() +
		       " app.models:Base";
	}

	/* AppendConfig: add lines to pgmig.toml. */
	void
	AppendConfig(const std::string &lines) {
		WriteFile(dir_ / "pgmig.toml", ReadFile(dir_ / "pgmig.toml") + lines);
	}

	RunResult
	RunEnv(const std::vector<std::string> &args) {
		return Run(args, env_);
	}

	/* GeneratedFile: the path "Generating <path> ...  done" in out names (fails when none). */
	fs::path
	GeneratedFile(const std::string &out) {
		std::smatch m;
		if (!std::regex_search(out, m, std::regex("Generating (migrations/versions/[^ ]+\\.sql) \\.\\.\\.  done\n"))) {
			ADD_FAILURE() << "no file generated:\n" << out;
			return {};
		}
		return dir_ / m[1].str();
	}

	Env env_;
	std::string python_;
};

/*
 * The SQLAlchemy application's models, printed by pgmig_models.py, are the models: the first
 * autogenerate writes the whole schema (enum type first), the database built from it matches
 * them, and a new column in a model class is detected and written as an ALTER TABLE.
 */
TEST_F(ModelsCommandTest, SqlalchemyModelsDriveAutogenerateAndCheck) {
	std::string command = UseSqlalchemyApp();
	ASSERT_FALSE(command.empty());

	RunResult r = RunEnv({"revision", "--autogenerate", "-m", "initial", "--models-command", command});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_CONTAINS(r.out, "Detected added enum public.message_role");
	std::string initial = ReadFile(GeneratedFile(r.out));
	EXPECT_CONTAINS(initial, "CREATE TYPE public.message_role AS ENUM ('user', 'assistant', 'system');");
	EXPECT_CONTAINS(initial, "CREATE SEQUENCE public.conversation_ticket_seq");
	EXPECT_CONTAINS(initial, "COMMENT ON TABLE public.users IS 'people who chat';");
	EXPECT_CONTAINS(initial, "ix_messages_conversation_created");
	EXPECT_CONTAINS(initial, "CREATE SCHEMA analytics;");
	EXPECT_CONTAINS(initial, "CREATE TABLE analytics.daily_usage (");
	EXPECT_CONTAINS(initial, "COMMENT ON TABLE analytics.daily_usage IS 'messages per user and day';");
	EXPECT_LT(initial.find("CREATE TYPE public.message_role"), initial.find("CREATE TABLE public.messages"));
	r = RunEnv({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_class WHERE relname IN ('users', 'conversations', 'messages', "
	                 "'daily_usage')"),
	          "4");

	// The command from pgmig.toml, run in its directory: pgmig is started in a subdirectory.
	AppendConfig("models_command = " + TomlQuoted(command) + "\n");
	fs::create_directories(dir_ / "sub");
	RunResult check = Pgmig({"-c", "../pgmig.toml", "check"}, dir_ / "sub", env_);
	EXPECT_EQ(check.exit_code, 0) << check.err;
	EXPECT_EQ(check.out, "No new upgrade operations detected.\n");

	// A new column in a model (the seed's avatar example).
	fs::path user_py = dir_ / "app" / "models" / "user.py";
	std::string text = ReadFile(user_py);
	text.replace(text.find("    # pgmig-test: new columns go here"),
	             std::string("    # pgmig-test: new columns go here").size(),
	             "    avatar = Column(String(255), nullable=True)");
	WriteFile(user_py, text);
	check = RunEnv({"check"});
	EXPECT_EQ(check.exit_code, 1);
	EXPECT_CONTAINS(check.out, "added column public.users.avatar");
	r = RunEnv({"revision", "--autogenerate", "-m", "add avatar field to users"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::string avatar = ReadFile(GeneratedFile(r.out));
	EXPECT_CONTAINS(avatar, "ALTER TABLE public.users ADD COLUMN avatar VARCHAR(255);");
	EXPECT_CONTAINS(avatar, "ALTER TABLE public.users DROP COLUMN avatar;");
	r = RunEnv({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	check = RunEnv({"check"});
	EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

/* pgmig_models.py's own errors reach the user through pgmig: a missing attribute, a bad argument. */
TEST_F(ModelsCommandTest, SqlalchemyRecipeErrors) {
	std::string command = UseSqlalchemyApp();
	ASSERT_FALSE(command.empty());
	std::string script = (kSourceDir / "contrib" / "sqlalchemy" / "pgmig_models.py").string();

	RunResult r = RunEnv({"check", "--models-command", python_ + " " + script + " app.models:Nope"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: models command failed\n");
	EXPECT_CONTAINS(r.err, "exited with exit code 1.");
	EXPECT_CONTAINS(r.err, "pgmig_models.py: error: module \"app.models\" has no attribute \"Nope\"");

	r = RunEnv({"check", "--models-command", python_ + " " + script + " app.models"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "exited with exit code 2.");
	EXPECT_CONTAINS(r.err, "expected MODULE:BASE");

	r = RunEnv({"check", "--models-command", python_ + " " + script + " app.nowhere:Base"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "could not import module \"app.nowhere\"");

	// A MetaData object works as well as the base.
	r = RunEnv({"check", "--models-command", python_ + " " + script + " app.database:Base.metadata app.models"});
	EXPECT_EQ(r.exit_code, 1); // the database is empty: differences
	EXPECT_CONTAINS(r.out, "added table public.messages");
}

/*
 * The recipe's output is DDL only, whatever the models print on import (print(), logging to
 * stdout); it creates the schemas of enum types and sequences too, not only those of tables,
 * the types of postgresql.ENUM(..., create_type=False), and the schema of MetaData(schema=).
 */
TEST_F(ModelsCommandTest, SqlalchemyRecipeNoiseSchemasAndUncreatedTypes) {
	python_ = PythonWith("sqlalchemy");
	ASSERT_FALSE(python_.empty()) << "no Python with SQLAlchemy (set PGMIG_TEST_PYTHON)";
	WriteFile(dir_ / "noisy.py", R"(import logging, sys
from sqlalchemy import Column, Enum, Integer, MetaData, Sequence, String, Table
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import declarative_base

print("importing the models")
logging.basicConfig(stream=sys.stdout, level=logging.INFO)
logging.getLogger("app").info("configured")
Base = declarative_base()
mood = postgresql.ENUM("happy", "sad", name="mood", create_type=False)


class Item(Base):
    __tablename__ = "items"
    id = Column(Integer, primary_key=True)
    state = Column(Enum("new", "done", name="item_state", schema="billing"), nullable=False)
    ticket = Column(Integer, Sequence("ticket_seq", schema="counters"), nullable=False)
    mood = Column(mood)
    moods = Column(postgresql.ARRAY(postgresql.ENUM("happy", "sad", name="mood", create_type=False)))


tenant = MetaData(schema="tenant")
Table("accounts", tenant, Column("id", Integer, primary_key=True), Column("name", String(40)))
)");
	std::string script = (kSourceDir / "contrib" / "sqlalchemy" / "pgmig_models.py").string();
	std::string command = python_ + " " + script + " noisy:Base";
	RunResult r = RunEnv({"revision", "--autogenerate", "-m", "initial", "--models-command", command});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	std::string initial = ReadFile(GeneratedFile(r.out));
	EXPECT_EQ(initial.find("importing the models"), std::string::npos) << initial;
	EXPECT_CONTAINS(initial, "CREATE SCHEMA billing;");
	EXPECT_CONTAINS(initial, "CREATE TYPE billing.item_state AS ENUM ('new', 'done');");
	EXPECT_CONTAINS(initial, "CREATE SCHEMA counters;");
	EXPECT_CONTAINS(initial, "CREATE SEQUENCE counters.ticket_seq");
	EXPECT_CONTAINS(initial, "CREATE TYPE public.mood AS ENUM ('happy', 'sad');");
	EXPECT_CONTAINS(initial, "moods public.mood[]");
	r = RunEnv({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	r = RunEnv({"check", "--models-command", command});
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;

	r = RunEnv({"check", "--models-command", python_ + " " + script + " noisy:tenant"});
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_CONTAINS(r.out, "added schema tenant");
	EXPECT_CONTAINS(r.out, "added table tenant.accounts");
}

/* PidGone: process pid has ended (a zombie nobody reaped counts as ended), waiting up to 5 s. */
bool
PidGone(pid_t pid) {
	for (int i = 0; i < 100; i++) {
		if (kill(pid, 0) != 0)
			return true;
		std::string stat;
		try {
			stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
		} catch (...) {
			return true;
		}
		size_t paren = stat.rfind(')');
		if (paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] == 'Z')
			return true;
		usleep(50000);
	}
	return false;
}

/*
 * A background process that keeps the command's standard output open does not make pgmig
 * wait for it: once the shell exited, the output is read for a second more, then the group
 * is killed with a warning, and what was printed is used.
 */
TEST_F(ModelsCommandTest, BackgroundProcessHoldingTheOutput) {
	auto start = std::chrono::steady_clock::now();
	RunResult r = RunEnv({"check", "--models-command", "sleep 60 & echo $! > bg.pid; echo 'CREATE TABLE a (x int);'"});
	double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
	EXPECT_LT(seconds, 20.0);
	EXPECT_EQ(r.exit_code, 1) << r.err;
	EXPECT_CONTAINS(r.out, "added table public.a");
	EXPECT_CONTAINS(r.err,
	                "pgmig: warning: the models command exited, but a process it started kept its output open\n");
	pid_t sleeper = static_cast<pid_t>(std::stol(ReadFile(dir_ / "bg.pid")));
	EXPECT_TRUE(PidGone(sleeper)) << "the background process " << sleeper << " still runs";
}

/* A failing command: its exit status and the end of its standard error; nothing is compared. */
TEST_F(ModelsCommandTest, FailingCommands) {
	RunResult r = RunEnv({"check", "--models-command", "echo 'first line' >&2; echo 'it broke' >&2; exit 3"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.out, "");
	EXPECT_CONTAINS(r.err, "pgmig: error: models command failed\n");
	EXPECT_CONTAINS(r.err, "exited with exit code 3. Its standard error ends with:\npgmig: detail: first line\n"
	                       "pgmig: detail: it broke\n");

	r = RunEnv({"check", "--models-command", "no-such-command-pgmig"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "exited with exit code 127 (command not found).");

	r = RunEnv({"check", "--models-command", "kill -9 $$"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "was terminated by signal 9: Killed.");

	r = RunEnv({"check", "--models-command", "echo '   '"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: models command wrote nothing on its standard output\n");

	// A long standard error is cut to its last lines.
	r = RunEnv({"check", "--models-command", "for i in $(seq 1 100); do echo line$i >&2; done; exit 1"});
	EXPECT_CONTAINS(r.err, "pgmig: detail: ...\npgmig: detail: line81\n");
	EXPECT_EQ(r.err.find("line80\n"), std::string::npos);

	// SQL errors in the output name the line of the output.
	r = RunEnv(
	    {"check", "--models-command", "printf 'CREATE TABLE a (x int);\\n\\nCREATE TABLE b (x nosuchtype);\\n'"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: type \"nosuchtype\" does not exist");
	EXPECT_CONTAINS(r.err, "models command output, line 3");

	// --models and --models-command together.
	r = RunEnv({"check", "--models", "models", "--models-command", "cat x.sql"});
	EXPECT_EQ(r.exit_code, 2) << r.err;
	EXPECT_CONTAINS(r.err, "excludes");

	// models and models_command both in pgmig.toml.
	AppendConfig("models = \"models\"\nmodels_command = \"cat x.sql\"\n");
	r = RunEnv({"check"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "configuration keys \"models\" and \"models_command\"");
	// --models wins over the configured command, --models-command over both.
	fs::create_directories(dir_ / "models");
	WriteFile(dir_ / "models" / "a.sql", "CREATE TABLE a (x int);\n");
	WriteFile(dir_ / "x.sql", "CREATE TABLE a (x int);\n");
	r = RunEnv({"check", "--models", "models"});
	EXPECT_CONTAINS(r.out, "added table public.a");
	r = RunEnv({"check", "--models-command", "cat x.sql"});
	EXPECT_CONTAINS(r.out, "added table public.a");
	EXPECT_EQ(Scalar("SELECT count(*) FROM pg_database WHERE datname LIKE 'pgmig\\_shadow\\_%'"), "0");
}

/* SIGINT while the command runs kills it (and what it started) at once; pgmig exits 130. */
TEST_F(ModelsCommandTest, InterruptKillsTheCommand) {
	fs::path pid_file = dir_ / "child.pid";
	Child child({"check", "--models-command", "sleep 60 & echo $! > child.pid; wait"}, dir_, env_);
	for (int i = 0; i < 100 && !fs::exists(pid_file); i++)
		usleep(50000);
	ASSERT_TRUE(fs::exists(pid_file));
	usleep(100000);
	auto start = std::chrono::steady_clock::now();
	kill(child.Pid(), SIGINT);
	RunResult r = child.Wait(30);
	double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
	EXPECT_EQ(r.exit_code, 130) << r.err;
	EXPECT_LT(seconds, 5.0);
	EXPECT_CONTAINS(r.err, "pgmig: error: canceled by user\n");
	pid_t sleeper = static_cast<pid_t>(std::stol(ReadFile(pid_file)));
	bool gone = false;
	for (int i = 0; i < 100 && !gone; i++) {
		gone = kill(sleeper, 0) != 0;
		if (!gone)
			usleep(50000);
	}
	EXPECT_TRUE(gone) << "the command's child " << sleeper << " still runs";
}

/* A process of the command that ignores SIGTERM is killed too (SIGKILL after the grace period). */
TEST_F(ModelsCommandTest, InterruptKillsAGrandchildIgnoringSigterm) {
	fs::path pid_file = dir_ / "child.pid";
	Child child({"check", "--models-command", "sh -c 'trap \"\" TERM; exec sleep 60' & echo $! > child.pid; wait"},
	            dir_, env_);
	for (int i = 0; i < 100 && !fs::exists(pid_file); i++)
		usleep(50000);
	ASSERT_TRUE(fs::exists(pid_file));
	usleep(200000);
	kill(child.Pid(), SIGINT);
	RunResult r = child.Wait(30);
	EXPECT_EQ(r.exit_code, 130) << r.err;
	pid_t sleeper = static_cast<pid_t>(std::stol(ReadFile(pid_file)));
	EXPECT_TRUE(PidGone(sleeper)) << "the command's child " << sleeper << " ignoring SIGTERM still runs";
}

/*
 * The models are applied with search_path = public: a role whose search_path names another
 * schema first (here through PGOPTIONS) does not move unqualified tables there.
 */
TEST_F(ModelsCommandTest, ModelsRunWithSearchPathPublic) {
	db_->Exec("CREATE SCHEMA app");
	db_->Exec("CREATE TABLE public.t (id int)");
	fs::create_directories(dir_ / "models");
	WriteFile(dir_ / "models" / "t.sql", "CREATE SCHEMA app;\nCREATE TABLE t (id int);\n");
	Env env = env_;
	env["PGOPTIONS"] = "-c search_path=app,public";
	RunResult r = Run({"check"}, env);
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
	EXPECT_EQ(r.out, "No new upgrade operations detected.\n");
}

/*
 * Exclude filters: a version table and a whole schema of the database that the models do not
 * have stop being differences when excluded (pgmig.toml, --exclude); what belongs to an
 * excluded table goes with it.
 */
TEST_F(ModelsCommandTest, ExcludeFilters) {
	db_->Exec("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)");
	db_->Exec("CREATE SCHEMA audit");
	db_->Exec("CREATE TABLE audit.events (id serial PRIMARY KEY, what text)");
	db_->Exec("CREATE INDEX ON audit.events (what)");
	db_->Exec("CREATE TABLE tmp_import (x int)");
	db_->Exec("CREATE TABLE kept (id int PRIMARY KEY)");
	fs::create_directories(dir_ / "models");
	WriteFile(dir_ / "models" / "kept.sql", "CREATE TABLE kept (id int PRIMARY KEY);\n");

	RunResult r = RunEnv({"check"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.out, "removed table public.alembic_version");
	EXPECT_CONTAINS(r.out, "removed schema audit");

	AppendConfig("exclude = [\"public.alembic_version\", \"audit.*\"]\n");
	r = RunEnv({"check"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.out.find("alembic_version"), std::string::npos) << r.out;
	EXPECT_EQ(r.out.find("audit"), std::string::npos) << r.out;
	EXPECT_CONTAINS(r.out, "removed table public.tmp_import");

	r = RunEnv({"check", "--exclude", "*.tmp_*"});
	EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
	EXPECT_EQ(r.out, "No new upgrade operations detected.\n");

	// The models side is filtered too: an excluded table in the models is no difference either.
	WriteFile(dir_ / "models" / "tmp.sql", "CREATE TABLE tmp_other (y int);\n");
	r = RunEnv({"revision", "--autogenerate", "-m", "nothing", "--exclude", "*.tmp_*"});
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.out, "No changes in schema detected.\n");

	r = RunEnv({"check", "--exclude", "tmp_import"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.err, "pgmig: error: invalid exclude pattern \"tmp_import\" in --exclude\n");
}

/*
 * A database adopted from Alembic (a stamp whose reason is "adopted from ...") leaves its
 * version table out of check and autogenerate without any exclude pattern.
 */
TEST_F(ModelsCommandTest, AdoptedVersionTableIsExcluded) {
	AddRevision("aaaa1111", "", "start", "CREATE TABLE kept (id int PRIMARY KEY);\n", "DROP TABLE kept;\n");
	fs::create_directories(dir_ / "models");
	WriteFile(dir_ / "models" / "kept.sql", "CREATE TABLE kept (id int PRIMARY KEY);\n");
	RunResult r = RunEnv({"upgrade", "head"});
	ASSERT_EQ(r.exit_code, 0) << r.err;
	db_->Exec("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)");
	db_->Exec("CREATE SCHEMA legacy");
	db_->Exec("CREATE TABLE legacy.\"Versions\" (v text)");
	r = RunEnv({"check"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_CONTAINS(r.out, "removed table public.alembic_version");

	db_->Exec("SELECT migrate_stamp(ARRAY['aaaa1111'], true, 'adopted from alembic_version')");
	r = RunEnv({"check"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.out.find("alembic_version"), std::string::npos) << r.out;
	EXPECT_CONTAINS(r.out, "removed table legacy.\"Versions\"");

	// The adopted table is matched exactly: not "legacy.versions", not the schema.
	db_->Exec("CREATE TABLE legacy.versions (v text)");
	db_->Exec("SELECT migrate_stamp(ARRAY['aaaa1111'], true, 'adopted from legacy.Versions')");
	r = RunEnv({"check"});
	EXPECT_EQ(r.exit_code, 1);
	EXPECT_EQ(r.out.find("Versions"), std::string::npos) << r.out;
	EXPECT_CONTAINS(r.out, "removed table legacy.versions");
	EXPECT_CONTAINS(r.out, "removed schema legacy");
	EXPECT_EQ(r.out.find("alembic_version"), std::string::npos) << r.out; // both adoptions count
}

} // namespace
} // namespace e2e
