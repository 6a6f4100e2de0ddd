/*
 * client_config_test.cpp: unit tests of pgmig's configuration file, ${VAR} expansion,
 * database URL precedence and script location resolution (no database needed).
 */
#include "client/common/context.hpp"
#include "test/unit/client_test_helpers.hpp"
#include "test/unit/core_test_helpers.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>

namespace {

using pgm::test::CatchMigError;
using pgmig::test::Env;

using pgmig::Config;

TEST(ClientConfig, ParsesFlatKeys) {
	Config c = pgmig::ParseConfig("script_location = \"db/migrations\"\n"
	                              "database_url = \"postgresql://u@h/db\"\n",
	                              "pgmig.toml");
	EXPECT_EQ(c.path, "pgmig.toml");
	EXPECT_EQ(c.script_location.value_or(""), "db/migrations");
	EXPECT_EQ(c.database_url.value_or(""), "postgresql://u@h/db");
}

TEST(ClientConfig, EmptyFileHasNoKeys) {
	Config c = pgmig::ParseConfig("# nothing here\n", "pgmig.toml");
	EXPECT_FALSE(c.script_location);
	EXPECT_FALSE(c.database_url);
}

TEST(ClientConfig, UnknownKeyIsAnErrorNamingKeyAndFile) {
	pgm::MigError e = CatchMigError([] { pgmig::ParseConfig("databse_url = \"x\"\n", "conf/pgmig.toml"); });
	EXPECT_EQ(e.Sqlstate(), "F0000");
	EXPECT_EQ(e.Message(), "unrecognized configuration key \"databse_url\" in \"conf/pgmig.toml\"");
	EXPECT_EQ(e.Hint(), "Did you mean \"database_url\"?");

	e = CatchMigError([] { pgmig::ParseConfig("x = 1\n", "pgmig.toml"); });
	EXPECT_EQ(e.Hint(), "Valid keys are \"script_location\", \"database_url\", \"models\", \"shadow_url\", "
	                    "\"models_command\", \"exclude\", \"compare_privileges\", \"models_cache\", \"targets\" and "
	                    "\"targets_query\".");

	// A table is not a flat key either.
	e = CatchMigError([] { pgmig::ParseConfig("[pgmig]\nscript_location = \"m\"\n", "pgmig.toml"); });
	EXPECT_EQ(e.Message(), "unrecognized configuration key \"pgmig\" in \"pgmig.toml\"");
}

TEST(ClientConfig, ParsesModelsCommandExcludeAndComparePrivileges) {
	Config c = pgmig::ParseConfig("models_command = \"python3 contrib/sqlalchemy/pgmig_models.py app.models:Base\"\n"
	                              "exclude = [\"public.alembic_version\", \"audit.*\"]\n"
	                              "compare_privileges = true\n",
	                              "pgmig.toml");
	EXPECT_EQ(c.models_command.value_or(""), "python3 contrib/sqlalchemy/pgmig_models.py app.models:Base");
	ASSERT_TRUE(c.exclude.has_value());
	EXPECT_EQ(*c.exclude, (std::vector<std::string>{"public.alembic_version", "audit.*"}));
	EXPECT_EQ(c.compare_privileges, std::optional<bool>(true));

	Config empty = pgmig::ParseConfig("exclude = []\n", "pgmig.toml");
	ASSERT_TRUE(empty.exclude.has_value());
	EXPECT_TRUE(empty.exclude->empty());
	EXPECT_FALSE(empty.compare_privileges.has_value());
	EXPECT_FALSE(empty.models_cache.has_value());

	Config no_cache = pgmig::ParseConfig("models_cache = false\n", "pgmig.toml");
	EXPECT_EQ(no_cache.models_cache, std::optional<bool>(false));
}

TEST(ClientConfig, NewKeysRefuseWrongTypes) {
	pgm::MigError e = CatchMigError([] { pgmig::ParseConfig("compare_privileges = \"yes\"\n", "pgmig.toml"); });
	EXPECT_EQ(e.Message(), "configuration key \"compare_privileges\" in \"pgmig.toml\" must be true or false");
	e = CatchMigError([] { pgmig::ParseConfig("models_cache = 0\n", "pgmig.toml"); });
	EXPECT_EQ(e.Message(), "configuration key \"models_cache\" in \"pgmig.toml\" must be true or false");
	e = CatchMigError([] { pgmig::ParseConfig("exclude = \"public.x\"\n", "pgmig.toml"); });
	EXPECT_EQ(e.Message(), "configuration key \"exclude\" in \"pgmig.toml\" must be an array of strings");
	e = CatchMigError([] { pgmig::ParseConfig("exclude = [\"a.b\", 3]\n", "pgmig.toml"); });
	EXPECT_EQ(e.Message(), "configuration key \"exclude\" in \"pgmig.toml\" must be an array of strings");
	e = CatchMigError([] { pgmig::ParseConfig("exclude = [\"\"]\n", "pgmig.toml"); });
	EXPECT_EQ(e.Message(), "configuration key \"exclude\" in \"pgmig.toml\" holds an empty pattern");
	e = CatchMigError([] { pgmig::ParseConfig("models_command = \"\"\n", "pgmig.toml"); });
	EXPECT_EQ(e.Message(), "configuration key \"models_command\" in \"pgmig.toml\" must not be empty");
}

TEST(ClientConfig, WrongTypeIsAnError) {
	pgm::MigError e = CatchMigError([] { pgmig::ParseConfig("script_location = 3\n", "pgmig.toml"); });
	EXPECT_EQ(e.Message(), "configuration key \"script_location\" in \"pgmig.toml\" must be a string");
}

TEST(ClientConfig, SyntaxErrorNamesFileAndLine) {
	pgm::MigError e = CatchMigError([] { pgmig::ParseConfig("script_location = \"m\"\ndatabase_url = \n", "p.toml"); });
	EXPECT_EQ(e.Sqlstate(), "F0000");
	EXPECT_EQ(e.Message(), "syntax error in configuration file \"p.toml\" line 2");
	EXPECT_FALSE(e.Detail().empty());
}

TEST(ClientConfig, MissingDefaultFileIsFineMissingExplicitFileIsNot) {
	Config c = pgmig::LoadConfig("/nonexistent/pgmig.toml", false);
	EXPECT_TRUE(c.path.empty());
	pgm::MigError e = CatchMigError([] { pgmig::LoadConfig("/nonexistent/pgmig.toml", true); });
	EXPECT_EQ(e.Message(), "could not open configuration file \"/nonexistent/pgmig.toml\": No such file or directory");
}

TEST(ClientConfig, ExpandVariables) {
	auto env = Env({{"HOST", "db.example"}, {"EMPTY", ""}, {"PW", "s3cr$t"}});
	EXPECT_EQ(pgmig::ExpandVariables("postgresql://u:${PW}@${HOST}/x", env, "database_url", "pgmig.toml"),
	          "postgresql://u:s3cr$t@db.example/x");
	EXPECT_EQ(pgmig::ExpandVariables("${PORT:-5432}", env, "k", "f"), "5432");
	EXPECT_EQ(pgmig::ExpandVariables("${HOST:-other}", env, "k", "f"), "db.example");
	// As in the shell, :- also replaces an empty value.
	EXPECT_EQ(pgmig::ExpandVariables("${EMPTY:-d}", env, "k", "f"), "d");
	EXPECT_EQ(pgmig::ExpandVariables("${EMPTY}", env, "k", "f"), "");
	EXPECT_EQ(pgmig::ExpandVariables("${X:-}", env, "k", "f"), "");
	// A default may contain a colon and slashes; a lone $ is literal.
	EXPECT_EQ(pgmig::ExpandVariables("${URL:-postgresql://h:1/d}", env, "k", "f"), "postgresql://h:1/d");
	EXPECT_EQ(pgmig::ExpandVariables("a$b$", env, "k", "f"), "a$b$");
}

TEST(ClientConfig, ExpandVariablesErrors) {
	auto env = Env({});
	pgm::MigError e =
	    CatchMigError([&] { pgmig::ExpandVariables("x${DB_PASSWORD}y", env, "database_url", "pgmig.toml"); });
	EXPECT_EQ(e.Message(), "environment variable \"DB_PASSWORD\" is not set");
	EXPECT_EQ(e.Detail(), "The database_url in \"pgmig.toml\" refers to ${DB_PASSWORD}.");
	EXPECT_EQ(e.Hint(), "Set DB_PASSWORD, or give a default with ${DB_PASSWORD:-value}.");

	e = CatchMigError([&] { pgmig::ExpandVariables("${OPEN", env, "database_url", "pgmig.toml"); });
	EXPECT_EQ(e.Message(), "unterminated variable reference in database_url in \"pgmig.toml\"");
	e = CatchMigError([&] { pgmig::ExpandVariables("${1X}", env, "database_url", "pgmig.toml"); });
	EXPECT_EQ(e.Message(), "invalid variable reference \"${1X}\" in database_url in \"pgmig.toml\"");
	e = CatchMigError([&] { pgmig::ExpandVariables("${}", env, "database_url", "pgmig.toml"); });
	EXPECT_EQ(e.Sqlstate(), "F0000");
}

TEST(ClientConfig, UrlPrecedence) {
	Config config;
	config.path = "pgmig.toml";
	config.database_url = "postgresql://${USER_:-cfg}@h/config";
	auto with_env = Env({{"DATABASE_URL", "postgresql://h/env"}});
	auto without = Env({});
	EXPECT_EQ(pgmig::ResolveDatabaseUrl("postgresql://h/cli", config, with_env), "postgresql://h/cli");
	EXPECT_EQ(pgmig::ResolveDatabaseUrl("", config, with_env), "postgresql://h/env");
	EXPECT_EQ(pgmig::ResolveDatabaseUrl("", config, without), "postgresql://cfg@h/config");
	EXPECT_EQ(pgmig::ResolveDatabaseUrl("", Config{}, without), "");
	// Empty DATABASE_URL counts as unset.
	EXPECT_EQ(pgmig::ResolveDatabaseUrl("", config, Env({{"DATABASE_URL", ""}})), "postgresql://cfg@h/config");
}

TEST(ClientConfig, UnsetVariableMattersOnlyWhenTheConfigUrlIsUsed) {
	Config config;
	config.path = "pgmig.toml";
	config.database_url = "postgresql://${NOPE}@h/db";
	EXPECT_EQ(pgmig::ResolveDatabaseUrl("host=x", config, Env({})), "host=x");
	EXPECT_EQ(pgmig::ResolveDatabaseUrl("", config, Env({{"DATABASE_URL", "host=y"}})), "host=y");
	pgm::MigError e = CatchMigError([&] { pgmig::ResolveDatabaseUrl("", config, Env({})); });
	EXPECT_EQ(e.Message(), "environment variable \"NOPE\" is not set");
}

TEST(ClientConfig, ScriptLocation) {
	Config none;
	EXPECT_EQ(pgmig::ResolveScriptLocation("", none, "pgmig.toml"), "migrations");
	EXPECT_EQ(pgmig::ResolveScriptLocation("", none, "proj/pgmig.toml"), "proj/migrations");
	Config c;
	c.script_location = "db/mig";
	EXPECT_EQ(pgmig::ResolveScriptLocation("", c, "pgmig.toml"), "db/mig");
	EXPECT_EQ(pgmig::ResolveScriptLocation("", c, "proj/pgmig.toml"), "proj/db/mig");
	EXPECT_EQ(pgmig::ResolveScriptLocation("other", c, "proj/pgmig.toml"), "other");
	c.script_location = "/abs/mig";
	EXPECT_EQ(pgmig::ResolveScriptLocation("", c, "proj/pgmig.toml"), "/abs/mig");
}

TEST(ClientConfig, DisplayPath) {
	EXPECT_EQ(pgmig::DisplayPath("./migrations/versions/a.sql"), "migrations/versions/a.sql");
	EXPECT_EQ(pgmig::DisplayPath("proj/./migrations/"), "proj/migrations");
	EXPECT_EQ(pgmig::DisplayPath("/abs/x"), "/abs/x");
}

TEST(ClientConfig, LoadsConfigFromFile) {
	std::string dir = ::testing::TempDir() + "pgmig_cfg_test";
	std::filesystem::create_directories(dir);
	std::string path = dir + "/pgmig.toml";
	std::ofstream(path) << "script_location = \"m\"\n";
	Config c = pgmig::LoadConfig(path, true);
	EXPECT_EQ(c.script_location.value_or(""), "m");
	EXPECT_EQ(c.path, path);
	std::filesystem::remove_all(dir);
}

} // namespace
