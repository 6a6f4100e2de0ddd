/*
 * safeguards.cpp: the standby check and the pg_dump backup before a migration (safeguards.hpp).
 */
#include "client/common/safeguards.hpp"

#include "core/error.hpp"

#include <libpq-fe.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <spawn.h>
#include <sys/wait.h>
#include <vector>

extern char **environ;

namespace pgmig {

namespace {

/* The --backup DIR of this command line; empty: none. */
std::string backup_dir;

/* kSystemError: 58000, an operating-system-level failure outside the database. */
constexpr const char *kSystemError = "58000";

/* ConninfoValue: value quoted for a keyword=value connection string. */
std::string
ConninfoValue(const char *value) {
	std::string out = "'";
	for (const char *c = value; *c != '\0'; c++) {
		if (*c == '\'' || *c == '\\')
			out += '\\';
		out += *c;
	}
	return out + "'";
}

/*
 * SplitPassword: conninfo without its password (for pg_dump's command line, which other users
 * may see) and the password (for PGPASSWORD in pg_dump's environment).
 */
std::pair<std::string, std::optional<std::string>>
SplitPassword(const std::string &conninfo) {
	char *error = nullptr;
	std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconninfoParse(conninfo.c_str(), &error),
	                                                                     &PQconninfoFree);
	if (!options) {
		std::string message = error != nullptr ? error : "out of memory";
		PQfreemem(error);
		throw pgm::MigError("22023", "invalid connection string for pg_dump", message);
	}
	std::string out;
	std::optional<std::string> password;
	for (PQconninfoOption *o = options.get(); o->keyword != nullptr; o++) {
		if (o->val == nullptr)
			continue;
		if (std::strcmp(o->keyword, "password") == 0) {
			password = o->val;
			continue;
		}
		out += std::string(out.empty() ? "" : " ") + o->keyword + "=" + ConninfoValue(o->val);
	}
	return {out, password};
}

/* FileWord: s with every character but letters, digits, '-', '_' and '.' replaced by '_'. */
std::string
FileWord(const std::string &s) {
	std::string out;
	for (char c : s)
		out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ? c : '_';
	return out;
}

/* RunPgDump: pg_dump -Fc -f file; its exit status (or -1 when it could not be started, errno set). */
int
RunPgDump(const std::string &file, const std::string &conninfo) {
	auto [dsn, password] = SplitPassword(conninfo);
	const char *program = std::getenv("PGMIG_PG_DUMP");
	std::string pg_dump = program != nullptr && program[0] != '\0' ? program : "pg_dump";
	std::vector<std::string> args{pg_dump, "--format=custom", "--file=" + file, "--dbname=" + dsn};
	std::vector<char *> argv;
	for (std::string &a : args)
		argv.push_back(a.data());
	argv.push_back(nullptr);
	std::vector<std::string> env_strings;
	for (char **e = environ; *e != nullptr; e++)
		if (!password || std::strncmp(*e, "PGPASSWORD=", 11) != 0)
			env_strings.emplace_back(*e);
	if (password)
		env_strings.push_back("PGPASSWORD=" + *password);
	std::vector<char *> envp;
	for (std::string &e : env_strings)
		envp.push_back(e.data());
	envp.push_back(nullptr);
	pid_t pid = 0;
	int rc = posix_spawnp(&pid, pg_dump.c_str(), nullptr, nullptr, argv.data(), envp.data());
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	int status = 0;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

} // namespace

void
RefuseStandby(Connection &conn, const std::string &what) {
	ResultPtr res = conn.Exec("SELECT pg_catalog.pg_is_in_recovery()");
	if (std::string(PQgetvalue(res.get(), 0, 0)) != "t")
		return;
	throw StandbyRefusal(what);
}

pgm::MigError
StandbyRefusal(const std::string &what) {
	return pgm::MigError("25006", "cannot " + what + ": the server is a standby",
	                     "The server is in recovery: it replays its primary's WAL and accepts no changes. Nothing was "
	                     "uploaded or run.",
	                     "Connect to the primary server.");
}

bool
BackupRequested() {
	return !backup_dir.empty();
}

void
AddBackupOption(CLI::App *sub) {
	sub->add_option("--backup", backup_dir,
	                "Before migrating, write a pg_dump -Fc backup of the database into DIR (file "
	                "<database>-<UTC time>-<current heads>.dump) and record it in pg_migrate.run; if pg_dump fails "
	                "nothing is migrated")
	    ->type_name("DIR");
}

std::optional<std::string>
TakeRequestedBackup(Context &ctx, Connection &conn, const std::string &schema) {
	if (backup_dir.empty())
		return std::nullopt;
	std::error_code ec;
	std::filesystem::create_directories(backup_dir, ec);
	if (ec)
		throw pgm::MigError(kSystemError, "could not create backup directory \"" + backup_dir + "\"", ec.message());
	ResultPtr db = conn.Exec("SELECT pg_catalog.current_database()");
	ResultPtr heads = conn.Exec("SELECT revision FROM " + schema + ".migrate_current() ORDER BY revision");
	std::string at;
	for (int i = 0; i < PQntuples(heads.get()); i++)
		at += std::string(i > 0 ? "+" : "") + PQgetvalue(heads.get(), i, 0);
	char stamp[32];
	std::time_t now = std::time(nullptr);
	std::strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", std::gmtime(&now));
	std::filesystem::path file =
	    std::filesystem::absolute(backup_dir) /
	    (FileWord(PQgetvalue(db.get(), 0, 0)) + "-" + stamp + "-" + FileWord(at.empty() ? "base" : at) + ".dump");
	int status = RunPgDump(file.string(), ctx.Conninfo());
	if (status != 0)
		throw pgm::MigError(
		    kSystemError, "could not back up the database with pg_dump",
		    (status < 0 ? std::string("pg_dump could not be started: ") + std::strerror(errno) + "."
		                : "pg_dump exited with status " + std::to_string(status) + ".") +
		        " Nothing was migrated.",
		    "Put a pg_dump of the server's major version or newer on PATH, or set PGMIG_PG_DUMP to one.");
	return file.string();
}

void
RecordBackup(Connection &conn, const std::optional<std::string> &file) {
	if (file)
		conn.Exec("SELECT pg_catalog.set_config('pg_migrate.backup_file', $1, true)", {*file});
}

} // namespace pgmig
