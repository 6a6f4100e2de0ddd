/*
 * context.hpp: what every pgmig subcommand shares: the global options, the configuration
 * file (pgmig.toml), the database URL resolution and the local script folder.
 *
 * The parsing and resolution functions are pure (the environment is passed in as a
 * lookup function) so the unit tests reach them without a database or a real environment.
 */
#pragma once

#include "core/revision_file.hpp"
#include "core/revision_graph.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
} // namespace CLI

namespace pgmig {

inline constexpr const char *kDefaultConfigFile = "pgmig.toml";
inline constexpr const char *kDefaultScriptLocation = "migrations";
inline constexpr const char *kVersionsDir = "versions";
inline constexpr const char *kTemplateFile = "script.sql.tmpl";
inline constexpr const char *kDefaultModelsLocation = "models";

/* SQLSTATEs of the client's own errors (PostgreSQL's errcodes.txt). */
namespace sqlstate {
inline constexpr const char *kConfigFileError = "F0000";
inline constexpr const char *kUndefinedFile = "58P01";
inline constexpr const char *kIoError = "58030";
inline constexpr const char *kConnectionFailure = "08006";
inline constexpr const char *kUnableToConnect = "08001";
} // namespace sqlstate

/* GlobalOptions: the options given before the subcommand. */
struct GlobalOptions {
	std::string config_file = kDefaultConfigFile;
	bool config_explicit = false; // -c/--config was given: a missing file is an error
	std::string url;              // --url, empty when not given
	std::string script_location;  // --script-location, empty when not given
};

/* Config: the keys of pgmig.toml, as written (database_url before ${VAR} expansion). */
struct Config {
	std::string path; // the file it came from; empty when no file was read
	std::optional<std::string> script_location;
	std::optional<std::string> database_url;
	std::optional<std::string> models;               // the model files (autogenerate, check)
	std::optional<std::string> shadow_url;           // the server to create shadow databases on, as written
	std::optional<std::string> models_command;       // a command whose standard output is the models' DDL
	std::optional<std::vector<std::string>> exclude; // schema-qualified globs left out of comparisons
	std::optional<bool> compare_privileges;          // compare GRANT/REVOKE in autogenerate and check
	std::optional<bool> models_cache;                // reuse the models' snapshot while they are unchanged
	std::optional<std::vector<std::string>> targets; // the databases of a fleet (fleet.hpp), as written
	std::optional<std::string> targets_query;        // a query listing them, run on database_url
};

/* EnvLookup: the value of an environment variable, nullopt when it is not set. */
using EnvLookup = std::function<std::optional<std::string>(const std::string &)>;

/* ProcessEnv: EnvLookup over the real environment (getenv). */
std::optional<std::string> ProcessEnv(const std::string &name);

/* ParseConfig: parse the TOML text of a configuration file; path is used in messages. */
Config ParseConfig(std::string_view text, const std::string &path);

/*
 * LoadConfig: read and parse the configuration file at path.  A missing file gives an
 * empty Config unless must_exist.
 */
Config LoadConfig(const std::string &path, bool must_exist);

/*
 * ExpandVariables: replace ${VAR} and ${VAR:-default} (default when VAR is unset or empty)
 * in value.  key and file name the value in error messages.
 */
std::string ExpandVariables(std::string_view value, const EnvLookup &env, const std::string &key,
                            const std::string &file);

/*
 * ResolveDatabaseUrl: the conninfo to connect with: --url, else $DATABASE_URL, else the
 * configuration's database_url (expanded), else "" (libpq's PG* variables and service file).
 * Empty values count as not given.
 */
std::string ResolveDatabaseUrl(const std::string &cli_url, const Config &config, const EnvLookup &env);

/*
 * ResolveScriptLocation: --script-location (relative to the current directory), else the
 * configuration's script_location (relative to the configuration file's directory), else
 * "migrations" next to the configuration file.
 */
std::filesystem::path ResolveScriptLocation(const std::string &cli_location, const Config &config,
                                            const std::string &config_file);

/*
 * ResolveShadowUrl: the configuration's shadow_url, expanded; "" when not set (the shadow
 * databases are then created on the server of the database URL).
 */
std::string ResolveShadowUrl(const Config &config, const EnvLookup &env);

/*
 * ResolveModelsPath: --models (relative to the current directory), else the configuration's
 * models (relative to the configuration file's directory), else "models" next to the
 * configuration file.
 */
std::filesystem::path ResolveModelsPath(const std::string &cli_models, const Config &config,
                                        const std::string &config_file);

/* ReadFileBytes: the exact contents of file; display names it in error messages. */
std::string ReadFileBytes(const std::filesystem::path &file, const std::string &display);

/* WriteNewFile: create file with text; fails rather than overwrite an existing file. */
void WriteNewFile(const std::filesystem::path &file, const std::string &text);

/* ScriptFile: one revision file of the script folder. */
struct ScriptFile {
	std::string name;  // bare file name, e.g. 1975ea83b712_add_avatar.sql
	std::string path;  // local path for messages, e.g. migrations/versions/1975ea83b712_add_avatar.sql
	std::string bytes; // exact contents
};

/* ScriptFolder: the revision files of a script folder, parsed and validated as a graph. */
struct ScriptFolder {
	std::filesystem::path location;
	std::vector<ScriptFile> files;            // sorted by name
	std::vector<pgm::RevisionFile> revisions; // same order as files
	pgm::RevisionGraph graph;
};

/*
 * SqlFileNames: the names of the *.sql files of dir (not recursive; hidden files and other
 * entries skipped), sorted in byte order.  Throws 58030 when dir cannot be read.
 */
std::vector<std::string> SqlFileNames(const std::filesystem::path &dir);

/*
 * SqlFileList: the names SqlFileNames gives, in the same order, held in one string (each name
 * followed by a NUL, for the calls that take a C string) with their offsets: listing 10,000
 * revision files allocates a few times, not 10,000 times.
 */
class SqlFileList {
public:
	std::size_t
	size() const {
		return names_.size();
	}
	std::string_view
	operator[](std::size_t i) const {
		return std::string_view(text_.data() + names_[i].at, names_[i].length);
	}
	const char *
	CStr(std::size_t i) const {
		return text_.c_str() + names_[i].at;
	}
	/* Add: name after the others; the caller adds them in increasing order. */
	void
	Add(std::string_view name) {
		names_.push_back(Name{text_.size(), name.size()});
		text_ += name;
		text_ += '\0';
	}

private:
	friend SqlFileList ListSqlFiles(const std::filesystem::path &dir, int dir_fd);
	struct Name {
		std::size_t at = 0;
		std::size_t length = 0;
	};
	std::string text_;
	std::vector<Name> names_;
};

/*
 * ListSqlFiles: SqlFileList of dir, read through dir_fd when it is not -1 (a descriptor open on
 * dir, left open); dir names the directory in errors.  Throws 58030 as SqlFileNames does.
 */
SqlFileList ListSqlFiles(const std::filesystem::path &dir, int dir_fd = -1);

/*
 * ScriptVersionsDir: <location>/versions; throws 58P01 naming the script folder or the versions
 * directory when either does not exist.
 */
std::filesystem::path ScriptVersionsDir(const std::filesystem::path &location);

/*
 * ReadScriptFiles: the *.sql files of <location>/versions, sorted by name (byte order);
 * hidden files and other entries are skipped.  Throws when the folder does not exist.
 */
std::vector<ScriptFile> ReadScriptFiles(const std::filesystem::path &location);

/* LoadScriptFolder: ReadScriptFiles, then parse every file and build the graph. */
ScriptFolder LoadScriptFolder(const std::filesystem::path &location);

/*
 * ParseScriptFolder: LoadScriptFolder of files already read by ReadScriptFiles (a run that read
 * them for its no-op check parses them without reading them again).  With cancel, it stops
 * between two files once *cancel is true, throwing an internal error (FolderLoader's Cancel).
 */
ScriptFolder ParseScriptFolder(const std::filesystem::path &location, std::vector<ScriptFile> files,
                               const std::atomic<bool> *cancel = nullptr);

/* DisplayPath: a path as the user would write it (generic separators, no leading "./"). */
std::string DisplayPath(const std::filesystem::path &p);

/* Context: the state shared by the subcommands of one pgmig run. */
class Context {
public:
	Context();

	GlobalOptions options;

	/* GetConfig: the configuration file, loaded on first use. */
	const Config &GetConfig();
	/* ScriptLocation: the script folder to use. */
	std::filesystem::path ScriptLocation();
	/* Conninfo: the connection string to use (may be empty). */
	std::string Conninfo();
	/* ShadowConninfo: the server for shadow databases: shadow_url, else Conninfo(). */
	std::string ShadowConninfo();
	/* ModelsPath: the model files to use (--models given as cli_models, may be empty). */
	std::filesystem::path ModelsPath(const std::string &cli_models);
	/* Elapsed: seconds since the command started. */
	double Elapsed() const;

private:
	std::optional<Config> config_;
	std::chrono::steady_clock::time_point start_;
};

/*
 * set_global_options: the options given before the subcommand (-c/--config, --url,
 * --script-location), stored in ctx.options.
 */
void set_global_options(CLI::App &app, Context &ctx);

} // namespace pgmig
