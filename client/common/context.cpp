/*
 * context.cpp: global options, pgmig.toml, database URL resolution and the script folder.
 */
#include "client/common/context.hpp"

#include "client/common/unique_fd.hpp"
#include "core/error.hpp"

#include <CLI/CLI.hpp>
#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace pgmig {

namespace {

const char *const kConfigKeys[] = {
    "script_location", "database_url",       "models",       "shadow_url", "models_command",
    "exclude",         "compare_privileges", "models_cache", "targets",    "targets_query"};

/* ValidKeysHint: the hint that lists every key. */
std::string
ValidKeysHint() {
	std::string hint = "Valid keys are ";
	std::size_t n = std::size(kConfigKeys);
	for (std::size_t i = 0; i < n; i++) {
		hint += std::string("\"") + kConfigKeys[i] + "\"";
		hint += i + 2 < n ? ", " : (i + 2 == n ? " and " : ".");
	}
	return hint;
}

/* EditDistance: Levenshtein distance, to suggest the key a typo was meant to be. */
std::size_t
EditDistance(std::string_view a, std::string_view b) {
	std::vector<std::size_t> row(b.size() + 1);
	for (std::size_t j = 0; j <= b.size(); j++)
		row[j] = j;
	for (std::size_t i = 1; i <= a.size(); i++) {
		std::size_t diag = row[0];
		row[0] = i;
		for (std::size_t j = 1; j <= b.size(); j++) {
			std::size_t up = row[j];
			row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
			diag = up;
		}
	}
	return row[b.size()];
}

/* Sentence: text with a capital first letter and a final period, for DETAIL lines. */
std::string
Sentence(std::string text) {
	while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
		text.pop_back();
	if (!text.empty() && text[0] >= 'a' && text[0] <= 'z')
		text[0] = static_cast<char>(text[0] - 'a' + 'A');
	if (!text.empty() && text.back() != '.')
		text += '.';
	return text;
}

bool
IsVariableNameChar(char c) {
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

} // namespace

std::optional<std::string>
ProcessEnv(const std::string &name) {
	const char *value = std::getenv(name.c_str());
	if (value == nullptr)
		return std::nullopt;
	return std::string(value);
}

/*
 * ParseConfig: pgmig.toml holds flat keys only.  Any other key is an error rather than
 * ignored, so a typo (databse_url) cannot silently send a migration to the wrong database.
 */
Config
ParseConfig(std::string_view text, const std::string &path) {
	toml::table table;
	try {
		table = toml::parse(text, path);
	} catch (const toml::parse_error &e) {
		throw pgm::MigError(sqlstate::kConfigFileError,
		                    "syntax error in configuration file \"" + path + "\" line " +
		                        std::to_string(e.source().begin.line),
		                    Sentence(std::string(e.description())));
	}
	Config config;
	config.path = path;
	for (auto &&[key, node] : table) {
		std::string name(key.str());
		bool known = std::find(std::begin(kConfigKeys), std::end(kConfigKeys), name) != std::end(kConfigKeys);
		if (!known) {
			std::string hint;
			for (const char *candidate : kConfigKeys)
				if (EditDistance(name, candidate) <= 3)
					hint = std::string("Did you mean \"") + candidate + "\"?";
			if (hint.empty())
				hint = ValidKeysHint();
			throw pgm::MigError(sqlstate::kConfigFileError,
			                    "unrecognized configuration key \"" + name + "\" in \"" + path + "\"",
			                    "Line " + std::to_string(key.source().begin.line) + ".", hint);
		}
		std::string line = "Line " + std::to_string(key.source().begin.line) + ".";
		if (name == "compare_privileges" || name == "models_cache") {
			std::optional<bool> flag = node.value<bool>();
			if (!node.is_boolean() || !flag)
				throw pgm::MigError(sqlstate::kConfigFileError,
				                    "configuration key \"" + name + "\" in \"" + path + "\" must be true or false",
				                    line);
			(name == "models_cache" ? config.models_cache : config.compare_privileges) = *flag;
			continue;
		}
		if (name == "targets") {
			// The databases of a fleet (fleet.hpp); checked for duplicates when a command uses them.
			const toml::array *array = node.as_array();
			std::vector<std::string> targets;
			bool strings = array != nullptr;
			if (array != nullptr)
				for (const toml::node &element : *array) {
					std::optional<std::string> target = element.value<std::string>();
					strings = strings && element.is_string() && target && !target->empty();
					if (strings)
						targets.push_back(*target);
				}
			if (!strings)
				throw pgm::MigError(
				    sqlstate::kConfigFileError,
				    "configuration key \"targets\" in \"" + path + "\" must be an array of non-empty strings", line,
				    "Write one connection URL per database, e.g. targets = [\"postgresql://db1/app\"].");
			config.targets = std::move(targets);
			continue;
		}
		if (name == "exclude") {
			const toml::array *array = node.as_array();
			std::vector<std::string> patterns;
			bool strings = array != nullptr;
			if (array != nullptr)
				for (const toml::node &element : *array) {
					std::optional<std::string> pattern = element.value<std::string>();
					if (!element.is_string() || !pattern) {
						strings = false;
						break;
					}
					if (pattern->empty())
						throw pgm::MigError(sqlstate::kConfigFileError,
						                    "configuration key \"exclude\" in \"" + path + "\" holds an empty pattern",
						                    line);
					patterns.push_back(*pattern);
				}
			if (!strings)
				throw pgm::MigError(
				    sqlstate::kConfigFileError,
				    "configuration key \"exclude\" in \"" + path + "\" must be an array of strings", line,
				    "Write schema-qualified patterns, e.g. exclude = [\"public.alembic_version\", \"audit.*\"].");
			config.exclude = std::move(patterns);
			continue;
		}
		std::optional<std::string> value = node.value<std::string>();
		if (!node.is_string() || !value)
			throw pgm::MigError(sqlstate::kConfigFileError,
			                    "configuration key \"" + name + "\" in \"" + path + "\" must be a string",
			                    "Line " + std::to_string(key.source().begin.line) + ".");
		if ((name == "script_location" || name == "models" || name == "models_command" || name == "targets_query") &&
		    value->empty())
			throw pgm::MigError(sqlstate::kConfigFileError,
			                    "configuration key \"" + name + "\" in \"" + path + "\" must not be empty");
		if (name == "script_location")
			config.script_location = *value;
		else if (name == "models")
			config.models = *value;
		else if (name == "shadow_url")
			config.shadow_url = *value;
		else if (name == "models_command")
			config.models_command = *value;
		else if (name == "targets_query")
			config.targets_query = *value;
		else
			config.database_url = *value;
	}
	if (config.targets && config.targets_query)
		throw pgm::MigError(sqlstate::kConfigFileError,
		                    "configuration keys \"targets\" and \"targets_query\" in \"" + path +
		                        "\" cannot both be set",
		                    "", "Keep one of them: a fixed list of databases, or the query that lists them.");
	return config;
}

Config
LoadConfig(const std::string &path, bool must_exist) {
	std::error_code ec;
	bool exists = fs::exists(path, ec);
	if (!exists && !must_exist)
		return Config{};
	if (!exists)
		throw pgm::MigError(sqlstate::kUndefinedFile,
		                    "could not open configuration file \"" + path + "\": No such file or directory");
	if (fs::is_directory(path, ec))
		throw pgm::MigError(sqlstate::kConfigFileError,
		                    "could not read configuration file \"" + path + "\": Is a directory");
	return ParseConfig(ReadFileBytes(path, path), path);
}

/*
 * ExpandVariables: the shell's ${VAR} and ${VAR:-default}, so a committed pgmig.toml can take
 * the password (or the whole URL) from the environment.  A "$" not followed by "{" is kept.
 */
std::string
ExpandVariables(std::string_view value, const EnvLookup &env, const std::string &key, const std::string &file) {
	std::string out;
	std::size_t i = 0;
	while (i < value.size()) {
		if (value[i] != '$' || i + 1 >= value.size() || value[i + 1] != '{') {
			out += value[i++];
			continue;
		}
		std::size_t close = value.find('}', i + 2);
		if (close == std::string_view::npos)
			throw pgm::MigError(sqlstate::kConfigFileError,
			                    "unterminated variable reference in " + key + " in \"" + file + "\"",
			                    "A \"${\" has no matching \"}\".");
		std::string_view body = value.substr(i + 2, close - i - 2);
		std::size_t sep = body.find(":-");
		std::string name(body.substr(0, sep));
		bool valid = !name.empty() && !(name[0] >= '0' && name[0] <= '9') &&
		             std::all_of(name.begin(), name.end(), IsVariableNameChar);
		if (!valid)
			throw pgm::MigError(sqlstate::kConfigFileError,
			                    "invalid variable reference \"${" + std::string(body) + "}\" in " + key + " in \"" +
			                        file + "\"",
			                    "Write ${NAME} or ${NAME:-default}, where NAME consists of letters, digits and "
			                    "underscores.");
		std::optional<std::string> v = env(name);
		if (sep != std::string_view::npos) {
			out += (v && !v->empty()) ? *v : std::string(body.substr(sep + 2));
		} else if (v) {
			out += *v;
		} else {
			throw pgm::MigError(sqlstate::kConfigFileError, "environment variable \"" + name + "\" is not set",
			                    "The " + key + " in \"" + file + "\" refers to ${" + name + "}.",
			                    "Set " + name + ", or give a default with ${" + name + ":-value}.");
		}
		i = close + 1;
	}
	return out;
}

std::string
ResolveDatabaseUrl(const std::string &cli_url, const Config &config, const EnvLookup &env) {
	if (!cli_url.empty())
		return cli_url;
	std::optional<std::string> from_env = env("DATABASE_URL");
	if (from_env && !from_env->empty())
		return *from_env;
	if (config.database_url && !config.database_url->empty())
		return ExpandVariables(*config.database_url, env, "database_url", config.path);
	return "";
}

std::string
ResolveShadowUrl(const Config &config, const EnvLookup &env) {
	if (config.shadow_url && !config.shadow_url->empty())
		return ExpandVariables(*config.shadow_url, env, "shadow_url", config.path);
	return "";
}

fs::path
ResolveModelsPath(const std::string &cli_models, const Config &config, const std::string &config_file) {
	if (!cli_models.empty())
		return fs::path(cli_models);
	fs::path models(config.models.value_or(kDefaultModelsLocation));
	fs::path dir = fs::path(config_file).parent_path();
	if (dir.empty() || models.is_absolute())
		return models;
	return dir / models;
}

fs::path
ResolveScriptLocation(const std::string &cli_location, const Config &config, const std::string &config_file) {
	if (!cli_location.empty())
		return fs::path(cli_location);
	fs::path location(config.script_location.value_or(kDefaultScriptLocation));
	fs::path dir = fs::path(config_file).parent_path();
	if (dir.empty() || location.is_absolute())
		return location;
	return dir / location;
}

std::string
DisplayPath(const fs::path &p) {
	std::string s = p.lexically_normal().generic_string();
	while (s.size() > 2 && s.compare(0, 2, "./") == 0)
		s.erase(0, 2);
	if (s.size() > 1 && s.back() == '/')
		s.pop_back();
	return s;
}

std::string
ReadFileBytes(const fs::path &file, const std::string &display) {
	// open(2) and read(2), sized by fstat(2): a revision file costs three system calls, where a
	// stream costs more and copies it character by character
	UniqueFd fd(open(file.c_str(), O_RDONLY | O_CLOEXEC));
	if (fd.Get() < 0)
		throw pgm::MigError(sqlstate::kUndefinedFile,
		                    "could not open file \"" + display + "\": " + std::strerror(errno));
	struct stat st;
	std::string bytes;
	if (fstat(fd.Get(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		bytes.reserve(static_cast<std::size_t>(st.st_size) + 1); // + 1: the read that sees the end
	char chunk[65536];
	for (;;) {
		// into the string's spare capacity when it has some, else through chunk
		std::size_t spare = bytes.capacity() - bytes.size();
		ssize_t n;
		if (spare > 0) {
			std::size_t at = bytes.size();
			bytes.resize(bytes.capacity());
			n = read(fd.Get(), &bytes[at], spare);
			bytes.resize(at + (n > 0 ? static_cast<std::size_t>(n) : 0));
		} else {
			n = read(fd.Get(), chunk, sizeof(chunk));
			if (n > 0)
				bytes.append(chunk, static_cast<std::size_t>(n));
		}
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			throw pgm::MigError(sqlstate::kIoError, "could not read file \"" + display + "\": " + std::strerror(errno));
		}
	}
	return bytes;
}

void
WriteNewFile(const fs::path &file, const std::string &text) {
	errno = 0;
	FILE *f = std::fopen(file.c_str(), "wx"); // "x": O_EXCL
	if (f == nullptr)
		throw pgm::MigError(sqlstate::kIoError,
		                    "could not create file \"" + DisplayPath(file) + "\": " + std::strerror(errno));
	bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
	ok = (std::fclose(f) == 0) && ok;
	if (!ok) {
		std::error_code ec;
		fs::remove(file, ec);
		throw pgm::MigError(sqlstate::kIoError, "could not write file \"" + DisplayPath(file) + "\"");
	}
}

std::vector<std::string>
SqlFileNames(const fs::path &dir) {
	SqlFileList list = ListSqlFiles(dir);
	std::vector<std::string> names;
	names.reserve(list.size());
	for (std::size_t i = 0; i < list.size(); i++)
		names.emplace_back(list[i]);
	return names;
}

/*
 * readdir(3) rather than std::filesystem::directory_iterator, which makes a path object of
 * each entry: the entry's type comes from the directory itself (d_type), so only a symbolic
 * link, or an entry of a file system that does not give the type, costs a stat(2) (which
 * follows the link, as is_regular_file does).
 */
SqlFileList
ListSqlFiles(const fs::path &dir, int dir_fd) {
	auto fail = [&](int err) {
		return pgm::MigError(sqlstate::kIoError,
		                     "could not read directory \"" + DisplayPath(dir) + "\": " + std::strerror(err));
	};
	DIR *d = nullptr;
	if (dir_fd >= 0) {
		int fd = fcntl(dir_fd, F_DUPFD_CLOEXEC, 0);
		if (fd < 0)
			throw fail(errno);
		d = fdopendir(fd);
		if (d == nullptr) {
			int err = errno;
			close(fd);
			throw fail(err);
		}
		rewinddir(d);
	} else {
		d = opendir(dir.c_str());
		if (d == nullptr)
			throw fail(errno);
	}
	std::unique_ptr<DIR, int (*)(DIR *)> closer(d, closedir);
	SqlFileList list;
	for (;;) {
		errno = 0;
		const struct dirent *entry = readdir(d);
		if (entry == nullptr) {
			if (errno != 0)
				throw fail(errno);
			break;
		}
		std::string_view name(entry->d_name);
		if (name.empty() || name[0] == '.' || name.size() < 4 || name.substr(name.size() - 4) != ".sql")
			continue;
		bool regular = entry->d_type == DT_REG;
		if (entry->d_type == DT_LNK || entry->d_type == DT_UNKNOWN) {
			struct stat st;
			regular = fstatat(dirfd(d), entry->d_name, &st, 0) == 0 && S_ISREG(st.st_mode);
		}
		if (!regular)
			continue;
		list.Add(name);
	}
	const std::string &text = list.text_;
	std::sort(list.names_.begin(), list.names_.end(), [&](const SqlFileList::Name &a, const SqlFileList::Name &b) {
		return std::string_view(text.data() + a.at, a.length) < std::string_view(text.data() + b.at, b.length);
	});
	return list;
}

fs::path
ScriptVersionsDir(const fs::path &location) {
	std::error_code ec;
	if (!fs::is_directory(location, ec))
		throw pgm::MigError(sqlstate::kUndefinedFile, "script folder \"" + DisplayPath(location) + "\" does not exist",
		                    "", "Run \"pgmig init\" to create it, or set script_location in pgmig.toml.");
	fs::path versions = location / kVersionsDir;
	if (!fs::is_directory(versions, ec))
		throw pgm::MigError(sqlstate::kUndefinedFile, "directory \"" + DisplayPath(versions) + "\" does not exist", "",
		                    "Create it, or run \"pgmig init\" to create a new script folder.");
	return versions;
}

std::vector<ScriptFile>
ReadScriptFiles(const fs::path &location) {
	fs::path versions = ScriptVersionsDir(location);
	std::vector<ScriptFile> files;
	for (const std::string &name : SqlFileNames(versions)) {
		std::string path = DisplayPath(versions / name);
		files.push_back(ScriptFile{name, path, ReadFileBytes(versions / name, path)});
	}
	return files;
}

ScriptFolder
LoadScriptFolder(const fs::path &location) {
	return ParseScriptFolder(location, ReadScriptFiles(location));
}

ScriptFolder
ParseScriptFolder(const fs::path &location, std::vector<ScriptFile> files, const std::atomic<bool> *cancel) {
	ScriptFolder folder;
	folder.location = location;
	folder.files = std::move(files);
	std::vector<pgm::Revision> revs;
	for (const ScriptFile &f : folder.files) {
		if (cancel != nullptr && cancel->load(std::memory_order_relaxed))
			throw pgm::MigError(pgm::sqlstate::kInternalError, "loading the script folder was cancelled");
		folder.revisions.push_back(pgm::ParseRevisionFile(f.path, f.bytes));
		revs.push_back(folder.revisions.back().rev);
	}
	folder.graph = pgm::RevisionGraph::Build(std::move(revs));
	return folder;
}

Context::Context() : start_(std::chrono::steady_clock::now()) {}

const Config &
Context::GetConfig() {
	if (!config_)
		config_ = LoadConfig(options.config_file, options.config_explicit);
	return *config_;
}

fs::path
Context::ScriptLocation() {
	return ResolveScriptLocation(options.script_location, GetConfig(), options.config_file);
}

std::string
Context::Conninfo() {
	return ResolveDatabaseUrl(options.url, GetConfig(), ProcessEnv);
}

std::string
Context::ShadowConninfo() {
	std::string shadow = ResolveShadowUrl(GetConfig(), ProcessEnv);
	return shadow.empty() ? Conninfo() : shadow;
}

fs::path
Context::ModelsPath(const std::string &cli_models) {
	return ResolveModelsPath(cli_models, GetConfig(), options.config_file);
}

double
Context::Elapsed() const {
	return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

/*
 * set_global_options: the options that go before the subcommand, as in Alembic
 * (pgmig -c other.toml upgrade head), or after it (main.cpp lets them fall through).
 */
void
set_global_options(CLI::App &app, Context &ctx) {
	app.add_option_function<std::string>(
	       "-c,--config",
	       [&ctx](const std::string &file) {
		       ctx.options.config_file = file;
		       ctx.options.config_explicit = true;
	       },
	       "Configuration file (default: pgmig.toml in the current directory; a missing default file is fine)")
	    ->type_name("FILE");
	app.add_option("--url", ctx.options.url,
	               "Database connection string or URL; overrides $DATABASE_URL and database_url in the "
	               "configuration file (default: libpq's PG* environment variables and service file)")
	    ->type_name("URL");
	app.add_option("--script-location", ctx.options.script_location,
	               "Script folder holding versions/ and script.sql.tmpl; overrides script_location in the "
	               "configuration file (default: migrations next to the configuration file)")
	    ->type_name("DIR");
}

} // namespace pgmig
