/*
 * harness.cpp: child processes, project directories and throwaway databases for the
 * end-to-end tests.
 */
#include "test/e2e/harness.hpp"

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <regex>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace e2e {

namespace {

std::atomic<int> counter{0};

/* ChildEnvironment: our environment minus what would steer pgmig elsewhere, plus env. */
std::vector<std::string>
ChildEnvironment(const Env &env) {
	std::map<std::string, std::string> vars;
	for (char **e = environ; *e != nullptr; e++) {
		std::string kv(*e);
		std::size_t eq = kv.find('=');
		if (eq != std::string::npos)
			vars[kv.substr(0, eq)] = kv.substr(eq + 1);
	}
	vars.erase("DATABASE_URL");
	vars.erase("PGAPPNAME");
	for (const auto &[k, v] : env) {
		if (v)
			vars[k] = *v;
		else
			vars.erase(k);
	}
	std::vector<std::string> out;
	for (const auto &[k, v] : vars)
		out.push_back(k + "=" + v);
	return out;
}

std::string
Quote(const std::string &v) {
	std::string out = "'";
	for (char c : v) {
		if (c == '\'' || c == '\\')
			out += '\\';
		out += c;
	}
	return out + "'";
}

/* TomlString: s as a TOML basic string. */
std::string
TomlString(const std::string &s) {
	std::string out = "\"";
	for (char c : s) {
		if (c == '"' || c == '\\')
			out += '\\';
		out += c;
	}
	return out + "\"";
}

} // namespace

Child::Child(const std::vector<std::string> &args, const fs::path &cwd, const Env &env) {
	int out_pipe[2], err_pipe[2];
	if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0)
		throw std::runtime_error("pipe failed");
	std::vector<std::string> env_strings = ChildEnvironment(env);
	std::vector<char *> envp;
	for (std::string &s : env_strings)
		envp.push_back(s.data());
	envp.push_back(nullptr);
	std::vector<std::string> argv_strings{PGMIG_BINARY};
	argv_strings.insert(argv_strings.end(), args.begin(), args.end());
	std::vector<char *> argv;
	for (std::string &s : argv_strings)
		argv.push_back(s.data());
	argv.push_back(nullptr);
	std::string dir = cwd.string();

	pid_ = fork();
	if (pid_ < 0)
		throw std::runtime_error("fork failed");
	if (pid_ == 0) {
		// In the child: only async-signal-safe calls until execve.
		if (chdir(dir.c_str()) != 0)
			_exit(126);
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, 0);
		dup2(out_pipe[1], 1);
		dup2(err_pipe[1], 2);
		execve(argv[0], argv.data(), envp.data());
		_exit(127);
	}
	close(out_pipe[1]);
	close(err_pipe[1]);
	out_fd_ = out_pipe[0];
	err_fd_ = err_pipe[0];
	reader_ = std::thread([this]() {
		pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
		std::string *sinks[2] = {&result_.out, &result_.err};
		int open_fds = 2;
		while (open_fds > 0) {
			if (poll(fds, 2, -1) < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			for (int i = 0; i < 2; i++) {
				if (fds[i].fd < 0 || fds[i].revents == 0)
					continue;
				char buf[4096];
				ssize_t n = read(fds[i].fd, buf, sizeof(buf));
				if (n > 0) {
					sinks[i]->append(buf, static_cast<std::size_t>(n));
				} else if (n == 0 || errno != EINTR) {
					close(fds[i].fd);
					fds[i].fd = -1;
					open_fds--;
				}
			}
		}
	});
}

Child::~Child() {
	if (!waited_) {
		kill(pid_, SIGKILL);
		Wait();
	}
}

RunResult
Child::Wait(int timeout_s) {
	if (waited_)
		return result_;
	waited_ = true;
	int status = 0;
	auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
	for (;;) {
		pid_t r = waitpid(pid_, &status, WNOHANG);
		if (r == pid_)
			break;
		if (r < 0 && errno != EINTR)
			break;
		if (std::chrono::steady_clock::now() > deadline) {
			ADD_FAILURE() << "pgmig did not finish within " << timeout_s << " s; killed";
			kill(pid_, SIGKILL);
			waitpid(pid_, &status, 0);
			break;
		}
		std::this_thread::sleep_for(std::chrono::milliseconds(10));
	}
	reader_.join();
	result_.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return result_;
}

RunResult
Pgmig(const std::vector<std::string> &args, const fs::path &cwd, const Env &env) {
	Child child(args, cwd, env);
	return child.Wait();
}

::testing::AssertionResult
Contains(const std::string &haystack, const std::string &needle) {
	if (haystack.find(needle) != std::string::npos)
		return ::testing::AssertionSuccess();
	return ::testing::AssertionFailure() << "expected to find:\n" << needle << "\nin:\n" << haystack;
}

std::vector<std::string>
Lines(const std::string &text) {
	std::vector<std::string> lines;
	std::size_t start = 0;
	while (start < text.size()) {
		std::size_t nl = text.find('\n', start);
		if (nl == std::string::npos)
			nl = text.size();
		lines.push_back(text.substr(start, nl - start));
		start = nl + 1;
	}
	return lines;
}

std::vector<std::string>
Progress(const std::string &err) {
	std::vector<std::string> out;
	std::regex stamped("\\[ *[0-9]+\\.[0-9]{3}s\\] (.*)");
	for (const std::string &line : Lines(err)) {
		std::smatch m;
		out.push_back(std::regex_match(line, m, stamped) ? m[1].str() : "UNSTAMPED: " + line);
	}
	return out;
}

std::string
ReadFile(const fs::path &p) {
	std::ifstream in(p, std::ios::binary);
	return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void
WriteFile(const fs::path &p, const std::string &bytes) {
	std::ofstream out(p, std::ios::binary | std::ios::trunc);
	out << bytes;
}

std::string
RevisionText(const std::string &id, const std::string &parents, const std::string &message,
             const std::string &upgrade_sql, const std::optional<std::string> &downgrade_sql,
             const std::string &depends_on) {
	std::string text =
	    "-- " + message + "\n--\n-- Revision ID: " + id + "\n-- Revises: " + parents +
	    "\n-- Create Date: 2026-11-23 10:02:03.120000+00:00\n-- Branch Labels:\n-- Depends On: " + depends_on +
	    "\n\n-- migrate:upgrade\n" + upgrade_sql + "\n";
	if (downgrade_sql)
		text += "\n-- migrate:downgrade\n" + *downgrade_sql + "\n";
	return text;
}

void
ProjectTest::SetUp() {
	dir_ = fs::path(::testing::TempDir()) / ("pgmig_e2e_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
	fs::remove_all(dir_);
	fs::create_directories(dir_);
	RunResult r = Pgmig({"init"}, dir_);
	ASSERT_EQ(r.exit_code, 0) << r.err;
	// The tests write the models they need (or none): init's first model file goes.
	fs::remove_all(dir_ / "models");
}

void
ProjectTest::TearDown() {
	std::error_code ec;
	fs::remove_all(dir_, ec);
}

fs::path
ProjectTest::AddRevision(const std::string &id, const std::string &parents, const std::string &message,
                         const std::string &upgrade_sql, const std::optional<std::string> &downgrade_sql,
                         const std::string &depends_on) {
	std::string slug;
	for (char c : message)
		slug += (std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_');
	fs::path p = Versions() / (id + "_" + slug + ".sql");
	WriteFile(p, RevisionText(id, parents, message, upgrade_sql, downgrade_sql, depends_on));
	return p;
}

void
ProjectTest::AddChain() {
	AddRevision("aaaa1111", "", "create account table", "CREATE TABLE account (id int PRIMARY KEY);",
	            "DROP TABLE account;");
	AddRevision("bbbb2222", "aaaa1111", "add column", "ALTER TABLE account ADD COLUMN name text;",
	            "ALTER TABLE account DROP COLUMN name;");
	AddRevision("cccc3333", "bbbb2222", "third", "CREATE TABLE ledger (id int);", "DROP TABLE ledger;");
}

void
ProjectTest::AddGraph() {
	AddRevision("aaaa1111", "", "create account table", "CREATE TABLE t_a ();", "DROP TABLE t_a;");
	AddRevision("bbbb2222", "aaaa1111", "add column", "CREATE TABLE t_b ();", "DROP TABLE t_b;");
	AddRevision("cccc3333", "bbbb2222", "third", "CREATE TABLE t_c ();", "DROP TABLE t_c;");
	AddRevision("dddd4444", "bbbb2222", "side", "CREATE TABLE t_d ();", "DROP TABLE t_d;");
	AddRevision("eeee5555", "cccc3333, dddd4444", "merge c and d", "CREATE TABLE t_e ();", "DROP TABLE t_e;");
}

RunResult
ProjectTest::Run(const std::vector<std::string> &args, const Env &env) {
	return Pgmig(args, dir_, env);
}

std::string
ProjectTest::Out(const std::vector<std::string> &args) {
	RunResult r = Run(args);
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.err, "");
	return r.out;
}

nlohmann::json
ProjectTest::Json(const std::vector<std::string> &args) {
	RunResult r = Run(args);
	EXPECT_EQ(r.exit_code, 0) << r.err;
	EXPECT_EQ(r.err, "");
	try {
		return nlohmann::json::parse(r.out);
	} catch (const std::exception &e) {
		ADD_FAILURE() << "not JSON: " << e.what() << "\n" << r.out;
		return nlohmann::json();
	}
}

void
DbTest::SetUp() {
	const char *admin_url = std::getenv("PGMIG_TEST_URL");
	if (admin_url == nullptr || *admin_url == '\0') {
		const char *require = std::getenv("PGMIG_REQUIRE_DB");
		if (require != nullptr && std::string(require) == "1")
			FAIL() << "PGMIG_TEST_URL is not set and PGMIG_REQUIRE_DB=1";
		GTEST_SKIP() << "PGMIG_TEST_URL is not set";
	}
	ProjectTest::SetUp();
	if (HasFatalFailure())
		return;
	admin_ = std::make_unique<pgmig::Connection>(admin_url);
	admin_->SetNoticeHandler([](const PGresult *) {});
	db_name_ = CreateDatabase(true);
	url_ = Conninfo(db_name_);
	db_ = std::make_unique<pgmig::Connection>(url_);
	db_->SetNoticeHandler([](const PGresult *) {});
	WriteFile(dir_ / "pgmig.toml", "script_location = \"migrations\"\ndatabase_url = " + TomlString(url_) + "\n");
}

void
DbTest::TearDown() {
	db_.reset();
	for (const std::string &db : databases_) {
		try {
			admin_->Exec("DROP DATABASE IF EXISTS " + admin_->QuoteIdentifier(db) + " WITH (FORCE)");
		} catch (const std::exception &e) {
			ADD_FAILURE() << "could not drop " << db << ": " << e.what();
		}
	}
	admin_.reset();
	ProjectTest::TearDown();
}

std::string
DbTest::Conninfo(const std::string &db) const {
	PGconn *c = admin_->Get();
	std::string s =
	    "host=" + Quote(PQhost(c)) + " port=" + Quote(PQport(c)) + " user=" + Quote(PQuser(c)) + " dbname=" + Quote(db);
	const char *pass = PQpass(c);
	if (pass != nullptr && *pass != '\0')
		s += " password=" + Quote(pass);
	return s;
}

/* UrlEncoded: text percent-encoded for a URL's query (unreserved characters kept). */
static std::string
UrlEncoded(const std::string &text) {
	static const char kHex[] = "0123456789ABCDEF";
	std::string out;
	for (unsigned char c : text) {
		if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
			out += static_cast<char>(c);
		} else {
			out += '%';
			out += kHex[c >> 4];
			out += kHex[c & 15];
		}
	}
	return out;
}

/*
 * The connection parameters go in the query, which psycopg2 receives as keywords: a host that
 * is a socket directory and any password need no URL syntax of their own.
 */
std::string
DbTest::SqlalchemyUrl(const std::string &db) const {
	PGconn *c = admin_->Get();
	std::string s = "postgresql+psycopg2:///" + UrlEncoded(db) + "?host=" + UrlEncoded(PQhost(c)) +
	                "&port=" + UrlEncoded(PQport(c)) + "&user=" + UrlEncoded(PQuser(c));
	const char *pass = PQpass(c);
	if (pass != nullptr && *pass != '\0')
		s += "&password=" + UrlEncoded(pass);
	return s;
}

std::string
DbTest::CreateDatabase(bool with_extension) {
	std::string name = "pgmig_e2e_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
	admin_->Exec("DROP DATABASE IF EXISTS " + admin_->QuoteIdentifier(name) + " WITH (FORCE)");
	// PGMIG_TEST_TEMPLATE (scripts/test.sh): a database holding nothing but a fresh CREATE EXTENSION
	// pg_migrate, copied instead of running the extension's script once per test.
	const char *tmpl = std::getenv("PGMIG_TEST_TEMPLATE");
	bool copy = with_extension && tmpl != nullptr && *tmpl != '\0';
	admin_->Exec("CREATE DATABASE " + admin_->QuoteIdentifier(name) +
	             (copy ? " TEMPLATE " + admin_->QuoteIdentifier(tmpl) : std::string()));
	databases_.push_back(name);
	if (with_extension && !copy) {
		pgmig::Connection c(Conninfo(name));
		c.SetNoticeHandler([](const PGresult *) {});
		c.Exec("CREATE EXTENSION pg_migrate");
	}
	return name;
}

std::vector<std::vector<std::string>>
DbTest::Query(const std::string &sql, const std::vector<pgmig::Param> &params) {
	pgmig::ResultPtr res = db_->Exec(sql, params);
	std::vector<std::vector<std::string>> rows;
	for (int i = 0; i < PQntuples(res.get()); i++) {
		std::vector<std::string> row;
		for (int j = 0; j < PQnfields(res.get()); j++)
			row.push_back(PQgetisnull(res.get(), i, j) ? "NULL" : PQgetvalue(res.get(), i, j));
		rows.push_back(row);
	}
	return rows;
}

std::string
DbTest::Scalar(const std::string &sql, const std::vector<pgmig::Param> &params) {
	auto rows = Query(sql, params);
	if (rows.size() != 1 || rows[0].size() != 1) {
		ADD_FAILURE() << "expected one value from " << sql;
		return "";
	}
	return rows[0][0];
}

std::string
PgBinDir() {
	const char *dir = std::getenv("PG_BINDIR");
	return dir != nullptr && *dir != '\0' ? dir : "/usr/lib/postgresql/15/bin";
}

int
Sh(const std::string &command) {
	int rc = std::system(command.c_str());
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : 128;
}

std::string
FreeTcpPort() {
	int s = socket(AF_INET, SOCK_STREAM, 0);
	sockaddr_in addr{};
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof(addr);
	std::string port;
	if (s >= 0 && bind(s, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) == 0 &&
	    getsockname(s, reinterpret_cast<sockaddr *>(&addr), &len) == 0)
		port = std::to_string(ntohs(addr.sin_port));
	if (s >= 0)
		close(s);
	return port;
}

std::string
AsOwner() {
	return getuid() == 0 ? "runuser -u postgres -- " : "";
}

PgBouncer::~PgBouncer() {
	if (!pid_file_.empty()) {
		std::ifstream in(pid_file_);
		long pid = 0;
		if (in >> pid && pid > 0)
			kill(static_cast<pid_t>(pid), SIGTERM);
		for (int i = 0; i < 50 && fs::exists(pid_file_); i++)
			std::this_thread::sleep_for(std::chrono::milliseconds(100));
	}
	if (!dir_.empty())
		Sh("rm -rf " + ShellQuoted(dir_));
}

std::string
PgBouncer::Start(PGconn *server, const std::string &probe_db, int pool_size) {
	std::string host = PQhost(server), port = PQport(server), user = PQuser(server);
	char tmpl[] = "/tmp/pgm-bouncer.XXXXXX";
	if (mkdtemp(tmpl) == nullptr)
		return "";
	dir_ = tmpl;
	std::string listen = FreeTcpPort();
	WriteFile(fs::path(dir_) / "users.txt", "\"" + user + "\" \"\"\n");
	WriteFile(fs::path(dir_) / "pgbouncer.ini",
	          "[databases]\n* = host=" + host + " port=" + port +
	              "\n[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = " + listen +
	              "\nunix_socket_dir =\nauth_type = trust\nauth_file = " + dir_ +
	              "/users.txt\npool_mode = transaction\ndefault_pool_size = " + std::to_string(pool_size) +
	              "\nmax_client_conn = 200\nlogfile = " + dir_ + "/pgbouncer.log\npidfile = " + dir_ +
	              "/pgbouncer.pid\n");
	if (getuid() == 0)
		Sh("chown -R postgres " + ShellQuoted(dir_));
	pid_file_ = dir_ + "/pgbouncer.pid";
	if (Sh(AsOwner() + "/usr/sbin/pgbouncer -d " + ShellQuoted(dir_ + "/pgbouncer.ini") + " >/dev/null 2>&1") != 0)
		return "";
	std::string conninfo = "host=127.0.0.1 port=" + listen + " user=" + user + " dbname=" + probe_db;
	for (int i = 0; i < 100 && PQping(conninfo.c_str()) != PQPING_OK; i++)
		std::this_thread::sleep_for(std::chrono::milliseconds(50));
	return PQping(conninfo.c_str()) == PQPING_OK ? listen : "";
}

std::string
ShellQuoted(const std::string &s) {
	std::string out = "'";
	for (char c : s)
		out += c == '\'' ? std::string("'\\''") : std::string(1, c);
	return out + "'";
}

std::string
PythonWith(const std::string &modules) {
	static std::map<std::string, std::string> found;
	auto it = found.find(modules);
	if (it != found.end())
		return it->second;
	std::vector<std::string> candidates;
	if (const char *env = std::getenv("PGMIG_TEST_PYTHON"))
		candidates.emplace_back(env);
	candidates.emplace_back("python3");
	candidates.emplace_back("/usr/bin/python3");
	std::string chosen;
	for (const std::string &python : candidates) {
		if (Sh(ShellQuoted(python) + " -c " + ShellQuoted("import " + modules) + " >/dev/null 2>&1") == 0) {
			chosen = python;
			break;
		}
	}
	found[modules] = chosen;
	return chosen;
}

void
DbTest::UseDatabaseUrl(const std::string &url) {
	std::string toml = ReadFile(dir_ / "pgmig.toml");
	std::size_t at = toml.find("database_url");
	std::size_t end = toml.find('\n', at);
	toml.replace(at, end - at, "database_url = " + TomlString(url));
	WriteFile(dir_ / "pgmig.toml", toml);
}

std::string
DbTest::State() {
	return Scalar(
	    "SELECT concat_ws(E'\\n', "
	    "'revisions: ' || (SELECT string_agg(id || ':' || checksum, ',' ORDER BY id) FROM pg_migrate.revision), "
	    "'version: ' || (SELECT string_agg(revision, ',' ORDER BY revision) FROM pg_migrate.version), "
	    "'log: ' || (SELECT count(*) FROM pg_migrate.log), "
	    "'tables: ' || (SELECT string_agg(table_name::text, ',' ORDER BY table_name) "
	    "FROM information_schema.tables WHERE table_schema = 'public'))");
}

} // namespace e2e
