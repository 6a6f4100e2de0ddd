/*
 * fleet.cpp: one command on many databases.  The parent pgmig reads the targets, checks the
 * script folder once, then runs each target as a child pgmig (this same program, with the same
 * arguments and --url TARGET), up to --jobs at a time, and reports.  A child is exactly a
 * single-database run: its own connection, transactions, lock, failure record and exit status,
 * so a fleet adds no new way for one database to end half-migrated.
 */
#include "client/common/fleet.hpp"

#include "client/common/db.hpp"
#include "client/common/json_output.hpp"
#include "client/common/migration.hpp"
#include "client/common/output.hpp"
#include "client/common/password_mask.hpp"
#include "client/common/replicas.hpp"

#include "core/error.hpp"
#include "core/terminal_text.hpp"

#include <CLI/CLI.hpp>
#include <libpq-fe.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace pgmig {

namespace {

/* The SQLSTATE of a malformed targets list (as pgmig.toml's errors: config_file_error). */
constexpr const char *kTargetsError = sqlstate::kConfigFileError;

std::string
Trim(std::string_view s) {
	std::size_t b = 0, e = s.size();
	while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r'))
		b++;
	while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
		e--;
	return std::string(s.substr(b, e - b));
}

/*
 * CanonicalTarget: the settings of conninfo that name a database (host, hostaddr, port,
 * dbname, user, service), as one string, so that a URL and a key=value string naming the same
 * database compare equal; nullopt with libpq's message in error when libpq cannot parse it.
 */
std::optional<std::string>
CanonicalTarget(const std::string &conninfo, std::string &error) {
	char *err = nullptr;
	PQconninfoOption *opts = PQconninfoParse(conninfo.c_str(), &err);
	if (opts == nullptr) {
		error = err != nullptr ? StripTrailingNewline(err) : "out of memory";
		PQfreemem(err);
		return std::nullopt;
	}
	std::map<std::string, std::string> values;
	for (PQconninfoOption *o = opts; o->keyword != nullptr; o++)
		if (o->val != nullptr && *o->val != '\0')
			values[o->keyword] = o->val;
	PQconninfoFree(opts);
	std::string canonical;
	for (const char *key : {"host", "hostaddr", "port", "dbname", "user", "service"}) {
		auto it = values.find(key);
		canonical += std::string(key) + "=" + (it == values.end() ? "" : it->second) + "\n";
	}
	return canonical;
}

/* CheckList: the checks of ParseTargets and CheckTargets; place(i) names entry i in messages. */
std::vector<std::string>
CheckList(const std::vector<std::string> &targets, const std::vector<std::string> &places, const std::string &what) {
	if (targets.empty())
		throw pgm::MigError(kTargetsError, "no targets in " + what,
		                    "A fleet needs at least one database: one URL or connection string per line.",
		                    "Add the targets, or run the command without --targets.");
	std::map<std::string, std::size_t> seen;
	for (std::size_t i = 0; i < targets.size(); i++) {
		std::string error;
		std::optional<std::string> canonical = CanonicalTarget(targets[i], error);
		if (!canonical)
			throw pgm::MigError(kTargetsError, "invalid target " + places[i] + " of " + what,
			                    "The target \"" + ObfuscatePassword(targets[i]) + "\" is not a connection string: " +
			                        error + (error.empty() || error.back() == '.' ? "" : "."),
			                    "Write one libpq URL (postgresql://host/db) or key=value connection string "
			                    "(host=... dbname=...) per line.");
		auto [it, inserted] = seen.emplace(*canonical, i);
		if (!inserted)
			throw pgm::MigError(kTargetsError, "duplicate target " + places[i] + " of " + what,
			                    "The target \"" + ObfuscatePassword(targets[i]) +
			                        "\" names the same database as the target " + places[it->second] + ".",
			                    "Remove one of them: a fleet runs the command once per database.");
	}
	return targets;
}

} // namespace

std::vector<std::string>
ParseTargets(std::string_view text, const std::string &source) {
	std::vector<std::string> targets, places;
	std::size_t line_no = 0, pos = 0;
	while (pos <= text.size()) {
		std::size_t end = text.find('\n', pos);
		if (end == std::string_view::npos)
			end = text.size();
		line_no++;
		std::string line = Trim(text.substr(pos, end - pos));
		pos = end + 1;
		if (line.empty() || line[0] == '#')
			continue;
		targets.push_back(line);
		places.push_back("on line " + std::to_string(line_no));
	}
	std::string what = source == "-" ? "standard input" : "targets file \"" + source + "\"";
	return CheckList(targets, places, what);
}

std::vector<std::string>
CheckTargets(const std::vector<std::string> &targets, const std::string &what) {
	std::vector<std::string> places;
	for (std::size_t i = 0; i < targets.size(); i++)
		places.push_back("number " + std::to_string(i + 1));
	return CheckList(targets, places, what);
}

double
ParseWaitTimeout(const std::string &text) {
	std::size_t digits = 0;
	while (digits < text.size() && ((text[digits] >= '0' && text[digits] <= '9') || text[digits] == '.'))
		digits++;
	std::string number = text.substr(0, digits), unit = text.substr(digits);
	double value = 0;
	bool ok = !number.empty() && number != "." && std::count(number.begin(), number.end(), '.') <= 1;
	if (ok)
		value = std::stod(number);
	double scale = unit.empty() || unit == "s" ? 1
	               : unit == "ms"              ? 0.001
	               : unit == "min"             ? 60
	               : unit == "h"               ? 3600
	                                           : -1;
	if (!ok || scale < 0)
		throw pgm::MigError("22023", "invalid --wait-replicas timeout \"" + text + "\"", "",
		                    "Give a number of seconds, or a number with the unit ms, s, min or h, e.g. "
		                    "--wait-replicas=90s.");
	return value * scale;
}

std::vector<std::string>
NormalizeArguments(int argc, char **argv) {
	std::vector<std::string> args(argv, argv + argc);
	for (std::size_t i = 1; i < args.size(); i++) {
		if (args[i] == "--")
			break;
		if (args[i] != "--wait-replicas")
			continue;
		bool timeout_follows = i + 1 < args.size();
		if (timeout_follows) {
			try {
				ParseWaitTimeout(args[i + 1]);
			} catch (const pgm::MigError &) {
				timeout_follows = false;
			}
		}
		if (timeout_follows) {
			args[i] += "=" + args[i + 1];
			args.erase(args.begin() + static_cast<std::ptrdiff_t>(i) + 1);
		} else {
			args[i] += std::string("=") + kDefaultWaitTimeout;
		}
	}
	return args;
}

std::vector<std::string>
ChildArguments(const std::vector<std::string> &args, const std::string &target, bool json) {
	static const char *const with_value[] = {"--targets", "--jobs", "--canary", "--url", "--format"};
	static const char *const flags[] = {"--stop-on-error", "--fleet-child"};
	std::vector<std::string> out;
	std::size_t i = 0;
	for (; i < args.size(); i++) {
		const std::string &a = args[i];
		if (a == "--")
			break;
		bool dropped = false;
		for (const char *name : with_value) {
			if (a == name) {
				i++; // and its value
				dropped = true;
			} else if (a.rfind(std::string(name) + "=", 0) == 0) {
				dropped = true;
			}
		}
		for (const char *name : flags)
			dropped = dropped || a == name;
		if (!dropped)
			out.push_back(a);
	}
	out.insert(out.end(), {"--fleet-child", "--url", target});
	if (json)
		out.insert(out.end(), {"--format", "json"});
	out.insert(out.end(), args.begin() + static_cast<std::ptrdiff_t>(std::min(i, args.size())), args.end());
	return out;
}

namespace {

/* FleetOptions: the global options of a fleet run. */
struct FleetOptions {
	std::string targets_file; // --targets, "" when not given
	int jobs = 4;
	int canary = 0;
	bool stop_on_error = false;
	std::string format;       // the global --format, "" when not given
	std::string wait_timeout; // --wait-replicas, "" when not given
	bool child = false;       // --fleet-child: this pgmig runs one target of a fleet
	std::vector<std::string> args;
};

/* TargetRun: one target: its child while it runs, then what it did. */
struct TargetRun {
	std::string target;
	std::string shown; // the target with its password masked
	std::string outcome = "skipped";
	int exit_status = -1;
	std::vector<std::string> revisions;
	std::string failed_revision;
	double seconds = 0;
	std::string out, err;
	std::string message, detail, hint, context;
	std::optional<nlohmann::ordered_json> output; // the child's JSON (current, validate, check)
	std::vector<std::string> findings;            // check, validate: the differences' descriptions
	pid_t pid = -1;
	bool signaled = false; // the parent forwarded a SIGINT or SIGTERM to it
	int fds[2] = {-1, -1}; // stdout, stderr of the child
	std::chrono::steady_clock::time_point started;
};

/* The self-pipe of the parent's SIGINT / SIGTERM handler, so that poll() wakes up. */
volatile sig_atomic_t fleet_signal = 0;
int signal_pipe[2] = {-1, -1};

void
FleetSignalHandler(int signo) {
	int saved = errno;
	fleet_signal = signo;
	char c = 1;
	if (write(signal_pipe[1], &c, 1) < 0) {
		// the pipe is full: a wake-up is pending anyway
	}
	errno = saved;
}

/* SignalGuard: the handler installed while the children run, the previous ones restored after. */
class SignalGuard {
public:
	SignalGuard() {
		if (pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
			throw pgm::MigError(sqlstate::kIoError, std::string("could not create pipe: ") + std::strerror(errno));
		struct sigaction sa {};
		sa.sa_handler = FleetSignalHandler;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, &old_int_);
		sigaction(SIGTERM, &sa, &old_term_);
	}
	~SignalGuard() {
		sigaction(SIGINT, &old_int_, nullptr);
		sigaction(SIGTERM, &old_term_, nullptr);
		close(signal_pipe[0]);
		close(signal_pipe[1]);
	}
	SignalGuard(const SignalGuard &) = delete;
	SignalGuard &operator=(const SignalGuard &) = delete;

private:
	struct sigaction old_int_ {};
	struct sigaction old_term_ {};
};

std::string
Seconds(double s) {
	char buf[32];
	std::snprintf(buf, sizeof buf, "%.3fs", s);
	return buf;
}

/*
 * ReadOutcome: what the finished child of run did, from its exit status, its progress lines
 * (stderr: "Running upgrade A -> B, ...", "Nothing to do.") and its error lines, and for
 * current, validate and check its JSON on stdout.
 */
void
ReadOutcome(TargetRun &run, const std::string &command, bool per_revision) {
	std::vector<std::string> steps;
	bool nothing = false;
	std::size_t pos = 0;
	while (pos < run.err.size()) {
		std::size_t end = run.err.find('\n', pos);
		if (end == std::string::npos)
			end = run.err.size();
		std::string line = run.err.substr(pos, end - pos);
		pos = end + 1;
		if (line.empty() || line[0] != '[')
			continue;
		std::size_t stamp = line.find("] ");
		if (stamp == std::string::npos)
			continue;
		std::string text = line.substr(stamp + 2);
		if (text == "Nothing to do.")
			nothing = true;
		if (text.rfind("Running ", 0) != 0)
			continue;
		std::size_t kind_end = text.find(' ', 8);
		std::size_t arrow = text.find(" -> ");
		if (kind_end == std::string::npos || arrow == std::string::npos)
			continue;
		std::string kind = text.substr(8, kind_end - 8);
		std::string left = Trim(text.substr(kind_end + 1, arrow - kind_end - 1));
		std::string right = text.substr(arrow + 4);
		right = right.substr(0, right.find(", "));
		steps.push_back(kind == "downgrade" ? left : right);
	}
	ChildError error = ParseChildError(run.err);
	run.message = std::move(error.message);
	run.detail = std::move(error.detail);
	run.hint = std::move(error.hint);
	run.context = std::move(error.context);
	if (run.exit_status == 0) {
		run.outcome = nothing ? "nothing to do" : "ok";
		run.revisions = steps;
	} else {
		// A child stopped by the forwarded signal is canceled, whether it exits 130 or with
		// the error of its cancelled query.
		run.outcome = run.exit_status == 130 || run.signaled ? "canceled" : "failed";
		// A failed run rolls back its transaction; with --transaction-per-revision the
		// revisions before the failed one stay committed.
		if (!steps.empty()) {
			run.failed_revision = steps.back();
			if (per_revision)
				run.revisions.assign(steps.begin(), steps.end() - 1);
		}
	}
	if (command == "current" || command == "validate" || command == "check") {
		try {
			if (!run.out.empty())
				run.output = nlohmann::ordered_json::parse(run.out);
		} catch (const nlohmann::json::exception &) {
			run.output.reset();
		}
		// check and validate exit 1 when they find differences: that is a finding, not an error.
		if (run.exit_status == 1 && !run.signaled && run.message.empty() && run.output && run.output->is_object() &&
		    (command == "check" ? run.output->value("differs", false) : !run.output->value("ok", true))) {
			run.outcome = "differs";
			const auto list = run.output->find("differences");
			if (list != run.output->end() && list->is_array())
				for (const auto &d : *list)
					if (d.is_object() && d.contains("description") && d["description"].is_string())
						run.findings.push_back(d["description"].get<std::string>());
		}
		if (command == "current" && run.output && run.output->is_array()) {
			run.revisions.clear();
			for (const auto &r : *run.output)
				if (r.is_object() && r.contains("revision") && r["revision"].is_string())
					run.revisions.push_back(r["revision"].get<std::string>());
		} else if (command == "current" && run.exit_status == 0) {
			// current -v, as text: a "Rev: ID ..." line for each current revision.
			std::size_t at = 0;
			while ((at = run.out.find("Rev: ", at)) != std::string::npos) {
				if (at == 0 || run.out[at - 1] == '\n') {
					std::size_t end = run.out.find_first_of(" \n", at + 5);
					run.revisions.push_back(run.out.substr(at + 5, end == std::string::npos ? end : end - at - 5));
				}
				at += 5;
			}
		}
	}
}

/* Fleet: the state of one fleet run. */
class Fleet {
public:
	Fleet(const FleetOptions &opts, std::string command, std::vector<std::string> targets, bool child_json)
	    : opts_(opts), command_(std::move(command)), child_json_(child_json) {
		for (const std::string &t : targets) {
			TargetRun run;
			run.target = t;
			run.shown = ObfuscatePassword(t);
			runs_.push_back(std::move(run));
		}
		per_revision_ = std::find(opts.args.begin(), opts.args.end(), "--transaction-per-revision") != opts.args.end();
	}

	/* Run: the canaries one by one, then the rest up to --jobs at once; the exit status. */
	int
	Run() {
		SignalGuard guard;
		start_ = std::chrono::steady_clock::now();
		std::size_t canaries = std::min<std::size_t>(static_cast<std::size_t>(opts_.canary), runs_.size());
		RunRange(0, canaries, 1);
		if (failed_ > 0 && canaries > 0 && !interrupted_) {
			canary_failed_ = true;
			stop_ = true;
		}
		RunRange(canaries, runs_.size(), static_cast<std::size_t>(opts_.jobs));
		Report();
		if (interrupted_)
			return 130;
		for (const TargetRun &r : runs_)
			if (r.outcome != "ok" && r.outcome != "nothing to do")
				return 1;
		return 0;
	}

private:
	void
	RunRange(std::size_t begin, std::size_t end, std::size_t limit) {
		std::size_t next = begin;
		std::vector<std::size_t> running;
		for (;;) {
			while (!stop_ && running.size() < limit && next < end)
				if (Start(runs_[next++]))
					running.push_back(next - 1);
			if (running.empty())
				return;
			std::vector<pollfd> fds;
			fds.push_back(pollfd{signal_pipe[0], POLLIN, 0});
			for (std::size_t i : running)
				for (int fd : runs_[i].fds)
					if (fd >= 0)
						fds.push_back(pollfd{fd, POLLIN, 0});
			// The timeout only matters when a child exited while something it started still
			// holds its pipes open.
			if (poll(fds.data(), fds.size(), 1000) < 0 && errno != EINTR)
				throw pgm::MigError(sqlstate::kIoError, std::string("poll failed: ") + std::strerror(errno));
			char buf[65536];
			if (fds[0].revents != 0)
				while (read(signal_pipe[0], buf, sizeof buf) > 0) {
				}
			if (fleet_signal != 0) {
				int signo = fleet_signal;
				fleet_signal = 0;
				interrupted_ = stop_ = true;
				// Each child cancels its server's work on the first signal and dies on the second.
				for (std::size_t i : running) {
					kill(runs_[i].pid, signo);
					runs_[i].signaled = true;
				}
			}
			for (std::size_t i : running) {
				TargetRun &run = runs_[i];
				for (int k = 0; k < 2; k++) {
					if (run.fds[k] < 0)
						continue;
					ssize_t n = read(run.fds[k], buf, sizeof buf);
					if (n > 0)
						(k == 0 ? run.out : run.err).append(buf, static_cast<std::size_t>(n));
					else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
						close(run.fds[k]);
						run.fds[k] = -1;
					}
				}
			}
			std::vector<std::size_t> still;
			for (std::size_t i : running) {
				TargetRun &run = runs_[i];
				int status = 0;
				bool pipes_closed = run.fds[0] < 0 && run.fds[1] < 0;
				pid_t done = waitpid(run.pid, &status, pipes_closed ? 0 : WNOHANG);
				if (done == run.pid) {
					// What the child wrote before it exited is all in the pipes: read it to the end
					// (or to EAGAIN, when something it started still holds a pipe open).
					for (int k = 0; k < 2; k++) {
						if (run.fds[k] < 0)
							continue;
						ssize_t n;
						while ((n = read(run.fds[k], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
							if (n > 0)
								(k == 0 ? run.out : run.err).append(buf, static_cast<std::size_t>(n));
						close(run.fds[k]);
						run.fds[k] = -1;
					}
					run.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
					Finish(run);
				} else {
					still.push_back(i);
				}
			}
			running = std::move(still);
		}
	}

	/* Start: fork and exec the child of run; false (and the run failed) when that fails. */
	bool
	Start(TargetRun &run) {
		int out[2], err[2];
		if (pipe2(out, O_CLOEXEC) != 0)
			throw pgm::MigError(sqlstate::kIoError, std::string("could not create pipe: ") + std::strerror(errno));
		if (pipe2(err, O_CLOEXEC) != 0) {
			close(out[0]);
			close(out[1]);
			throw pgm::MigError(sqlstate::kIoError, std::string("could not create pipe: ") + std::strerror(errno));
		}
		std::vector<std::string> args = ChildArguments(opts_.args, run.target, child_json_);
		args.insert(args.begin(), "pgmig");
		std::vector<char *> argv;
		for (std::string &a : args)
			argv.push_back(a.data());
		argv.push_back(nullptr);
		std::fflush(nullptr);
		run.started = std::chrono::steady_clock::now();
		pid_t pid = fork();
		if (pid == 0) {
			// Its own process group: a Ctrl-C at the terminal reaches the parent only, which
			// forwards it once to each child.
			setpgid(0, 0);
			int null = open("/dev/null", O_RDONLY);
			if (null >= 0)
				dup2(null, 0);
			dup2(out[1], 1);
			dup2(err[1], 2);
			execv("/proc/self/exe", argv.data());
			const char *msg = "pgmig: error: could not run pgmig for a target\n";
			ssize_t ignored = write(2, msg, std::strlen(msg));
			(void)ignored;
			_exit(127);
		}
		close(out[1]);
		close(err[1]);
		if (pid < 0) {
			close(out[0]);
			close(err[0]);
			run.outcome = "failed";
			run.message = std::string("could not fork: ") + std::strerror(errno);
			failed_++;
			PrintLine(run);
			return false;
		}
		setpgid(pid, pid); // also here: a signal may come before the child's own setpgid
		run.pid = pid;
		run.fds[0] = out[0];
		run.fds[1] = err[0];
		fcntl(out[0], F_SETFL, O_NONBLOCK);
		fcntl(err[0], F_SETFL, O_NONBLOCK);
		return true;
	}

	void
	Finish(TargetRun &run) {
		run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - run.started).count();
		ReadOutcome(run, command_, per_revision_);
		if (run.outcome == "failed" || run.outcome == "differs") {
			failed_++;
			if (opts_.stop_on_error)
				stop_ = true;
		}
		PrintLine(run);
	}

	/* PrintLine: the line of a finished target, on stderr. */
	void
	PrintLine(const TargetRun &run) {
		finished_++;
		std::string line = "[" + std::to_string(finished_) + "/" + std::to_string(runs_.size()) + "] " + run.outcome +
		                   ": " + run.shown + " (" + Seconds(run.seconds) + ")";
		if (!run.revisions.empty()) {
			line += command_ == "current" ? ": at" : ": " + std::to_string(run.revisions.size()) + " revision(s)";
			for (const std::string &r : run.revisions)
				line += " " + r;
		}
		if (!run.message.empty())
			line += ": " + run.message;
		// What check or validate found: the first three differences, and how many more.
		for (std::size_t i = 0; i < run.findings.size() && i < 3; i++)
			line += (i == 0 ? ": " : "; ") + run.findings[i];
		if (run.findings.size() > 3)
			line += "; and " + std::to_string(run.findings.size() - 3) + " more";
		std::cerr << pgm::TerminalText(line) << std::endl;
	}

	nlohmann::ordered_json
	Summary() const {
		std::map<std::string, int> counts{{"ok", 0},     {"nothing to do", 0}, {"differs", 0},
		                                  {"failed", 0}, {"skipped", 0},       {"canceled", 0}};
		for (const TargetRun &r : runs_)
			counts[r.outcome]++;
		nlohmann::ordered_json s;
		s["targets"] = runs_.size();
		s["succeeded"] = counts["ok"] + counts["nothing to do"];
		s["ok"] = counts["ok"];
		s["nothing_to_do"] = counts["nothing to do"];
		s["differs"] = counts["differs"];
		s["failed"] = counts["failed"];
		s["skipped"] = counts["skipped"];
		s["canceled"] = counts["canceled"];
		return s;
	}

	void
	Report() {
		double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
		nlohmann::ordered_json summary = Summary();
		if (opts_.format == "json") {
			nlohmann::ordered_json doc;
			doc["command"] = command_;
			doc["jobs"] = opts_.jobs;
			doc["canary"] = opts_.canary;
			doc["interrupted"] = interrupted_;
			doc["canary_failed"] = canary_failed_;
			doc["duration_ms"] = static_cast<long long>(total * 1000);
			doc["summary"] = summary;
			nlohmann::ordered_json list = nlohmann::ordered_json::array();
			for (const TargetRun &r : runs_) {
				nlohmann::ordered_json t;
				t["target"] = r.shown;
				t["outcome"] = r.outcome;
				t["exit_status"] = r.exit_status < 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(r.exit_status);
				t["revisions"] = r.revisions;
				t["failed_revision"] = JsonOrNull(
				    r.failed_revision.empty() ? std::nullopt : std::optional<std::string>(r.failed_revision));
				t["duration_ms"] = static_cast<long long>(r.seconds * 1000);
				if (r.message.empty()) {
					t["error"] = nullptr;
				} else {
					nlohmann::ordered_json e;
					e["message"] = r.message;
					e["detail"] = JsonOrNull(r.detail.empty() ? std::nullopt : std::optional<std::string>(r.detail));
					e["hint"] = JsonOrNull(r.hint.empty() ? std::nullopt : std::optional<std::string>(r.hint));
					e["context"] = JsonOrNull(r.context.empty() ? std::nullopt : std::optional<std::string>(r.context));
					t["error"] = e;
				}
				if (r.output)
					t["output"] = *r.output;
				else if (ChildText() && !r.out.empty())
					t["output_text"] = r.out; // -v: the child's own text output
				list.push_back(t);
			}
			doc["targets"] = list;
			PrintJson(doc);
			return;
		}
		// -v: each child's own text output (current -v, validate -v, check -v), in the targets'
		// order, under the target, before the table.
		if (ChildText())
			for (const TargetRun &r : runs_) {
				if (r.out.empty())
					continue;
				std::cout << pgm::TerminalText(r.shown) << ":\n";
				std::size_t start = 0;
				while (start < r.out.size()) {
					std::size_t end = r.out.find('\n', start);
					if (end == std::string::npos)
						end = r.out.size();
					std::string_view line(r.out.data() + start, end - start);
					std::cout << (line.empty() ? "" : "  ") << pgm::TerminalText(line) << "\n";
					start = end + 1;
				}
				std::cout << "\n";
			}
		std::size_t width = 6;
		for (const TargetRun &r : runs_)
			width = std::max(width, r.shown.size());
		auto pad = [](std::string s, std::size_t w) {
			s.resize(std::max(s.size(), w), ' ');
			return s;
		};
		std::cout << pad("TARGET", width) << "  " << pad("OUTCOME", 13) << "  REVISIONS  DURATION\n";
		for (const TargetRun &r : runs_) {
			std::string revs = std::to_string(r.revisions.size());
			std::cout << pgm::TerminalText(pad(r.shown, width)) << "  " << pad(r.outcome, 13) << "  "
			          << std::string(9 - std::min<std::size_t>(9, revs.size()), ' ') << revs << "  "
			          << (r.exit_status < 0 ? "-" : Seconds(r.seconds)) << "\n";
		}
		std::cout << summary["targets"].get<std::size_t>() << " targets: " << summary["succeeded"].get<int>()
		          << " succeeded (" << summary["ok"].get<int>() << " ok, " << summary["nothing_to_do"].get<int>()
		          << " nothing to do), "
		          << (command_ == "check" || command_ == "validate"
		                  ? std::to_string(summary["differs"].get<int>()) + " differ, "
		                  : std::string())
		          << summary["failed"].get<int>() << " failed, " << summary["skipped"].get<int>() << " skipped, "
		          << summary["canceled"].get<int>() << " canceled in " << Seconds(total) << "\n";
		if (canary_failed_)
			std::cout << "The canary failed: the other targets were skipped.\n";
		else if (interrupted_)
			std::cout << "Interrupted: the targets not started were skipped.\n";
		else if (opts_.stop_on_error && summary["skipped"].get<int>() > 0)
			std::cout << "A target failed (--stop-on-error): the targets not started were skipped.\n";
		std::cout << std::flush;
	}

	/* ChildText: the children print current, validate or check as text (-v). */
	bool
	ChildText() const {
		return !child_json_ && (command_ == "current" || command_ == "validate" || command_ == "check");
	}

	FleetOptions opts_;
	std::string command_;
	bool child_json_;
	bool per_revision_ = false;
	std::vector<TargetRun> runs_;
	std::chrono::steady_clock::time_point start_;
	std::size_t finished_ = 0;
	int failed_ = 0;
	bool stop_ = false;
	bool interrupted_ = false;
	bool canary_failed_ = false;
};

} // namespace

ChildError
ParseChildError(std::string_view err) {
	ChildError last, current;
	bool in_error = false;        // the lines read belong to an error's diagnostic
	std::string previous;         // the label of the line before
	std::string *field = nullptr; // the field the line before went to
	std::size_t pos = 0;
	while (pos < err.size()) {
		std::size_t end = err.find('\n', pos);
		if (end == std::string_view::npos)
			end = err.size();
		std::string_view line = err.substr(pos, end - pos);
		pos = end + 1;
		std::string label;
		std::string_view text;
		if (line.rfind("pgmig: ", 0) == 0) {
			std::size_t colon = line.find(':', 7);
			if (colon != std::string_view::npos && (colon + 1 == line.size() || line[colon + 1] == ' ')) {
				label = std::string(line.substr(7, colon - 7));
				text = colon + 1 == line.size() ? std::string_view() : line.substr(colon + 2);
			}
		}
		std::string *into = nullptr;
		if (label == "error" || label == "warning") {
			// A message's next line repeats its label; anything else starts a new diagnostic.
			if (!(label == previous && field != nullptr && field == &current.message)) {
				if (in_error)
					last = current;
				current = ChildError{};
				in_error = label == "error";
			}
			into = &current.message;
		} else if (label == "detail" || label == "hint" || label == "context") {
			into = label == "detail" ? &current.detail : label == "hint" ? &current.hint : &current.context;
		}
		if (into == nullptr) {
			previous.clear();
			field = nullptr;
			continue;
		}
		if (!into->empty() && into == field)
			*into += '\n';
		else if (!into->empty())
			into->clear(); // a field given twice: the later one
		into->append(text);
		previous = label;
		field = into;
	}
	if (in_error)
		last = current;
	return last;
}

namespace {

bool
IsFleetCommand(const std::string &name) {
	return std::find_if(std::begin(kFleetCommands), std::end(kFleetCommands),
	                    [&name](const char *c) { return name == c; }) != std::end(kFleetCommands);
}

/* ReadAll: all of standard input. */
std::string
ReadStdin() {
	return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

/* TargetsOf: the targets of the run: --targets, else targets or targets_query of pgmig.toml. */
std::vector<std::string>
TargetsOf(Context &ctx, const FleetOptions &opts) {
	if (!opts.targets_file.empty()) {
		if (opts.targets_file == "-")
			return ParseTargets(ReadStdin(), "-");
		return ParseTargets(ReadFileBytes(opts.targets_file, opts.targets_file), opts.targets_file);
	}
	const Config &config = ctx.GetConfig();
	if (config.targets) {
		std::vector<std::string> expanded;
		for (const std::string &t : *config.targets)
			expanded.push_back(ExpandVariables(t, ProcessEnv, "targets", config.path));
		return CheckTargets(expanded, "configuration key \"targets\" in \"" + config.path + "\"");
	}
	Connection conn(ctx.Conninfo());
	CancelOnInterrupt guard(conn);
	ResultPtr res = conn.Exec(*config.targets_query);
	if (PQnfields(res.get()) != 1)
		throw pgm::MigError(kTargetsError, "targets_query must return one column",
		                    "The query in \"" + config.path + "\" returned " + std::to_string(PQnfields(res.get())) +
		                        " columns.",
		                    "Select one column: the connection URL of each target.");
	std::vector<std::string> targets;
	for (int i = 0; i < PQntuples(res.get()); i++) {
		if (PQgetisnull(res.get(), i, 0))
			throw pgm::MigError(kTargetsError, "targets_query returned a null target",
			                    "Row " + std::to_string(i + 1) + " of the query in \"" + config.path + "\" is null.",
			                    "Filter the rows without a URL out in the query.");
		targets.push_back(PQgetvalue(res.get(), i, 0));
	}
	return CheckTargets(targets, "the rows of targets_query in \"" + config.path + "\"");
}

/* FormatOf: --format of the command (current, validate, check) or the global one. */
std::string
FormatOf(CLI::App *sub, const FleetOptions &opts) {
	const CLI::Option *own = sub->get_option_no_throw("--format");
	if (own != nullptr && own->count() > 0)
		return own->as<std::string>();
	return opts.format;
}

bool
Given(CLI::App *sub, const char *name) {
	const CLI::Option *o = sub->get_option_no_throw(name);
	return o != nullptr && o->count() > 0;
}

/*
 * BeforeCommand: after parsing, before the command runs: when the command has targets, run it
 * on them and throw FleetExit; otherwise check that no fleet option was given in vain.
 */
void
BeforeCommand(CLI::App &app, Context &ctx, const FleetOptions &opts) {
	std::vector<CLI::App *> used = app.get_subcommands();
	if (used.empty() || opts.child)
		return;
	CLI::App *sub = used.front();
	std::string command = sub->get_name();
	if (!opts.wait_timeout.empty()) {
		ParseWaitTimeout(opts.wait_timeout);
		if (command != "upgrade" && command != "downgrade" && command != "stamp")
			throw CLI::ValidationError("--wait-replicas applies to upgrade, downgrade and stamp only");
		if (Given(sub, "--sql") || Given(sub, "--dry-run"))
			throw CLI::ExcludesError("--wait-replicas", Given(sub, "--sql") ? "--sql" : "--dry-run");
	}
	bool explicit_targets = !opts.targets_file.empty();
	if (explicit_targets && !IsFleetCommand(command))
		throw CLI::ValidationError("--targets cannot be used with \"pgmig " + command +
		                           "\": a fleet runs upgrade, downgrade, stamp, current, validate and check");
	bool fleet = explicit_targets;
	if (!fleet && IsFleetCommand(command) && app.get_option("--url")->count() == 0) {
		const Config &config = ctx.GetConfig();
		fleet = config.targets || config.targets_query;
	}
	if (!fleet) {
		for (const char *name : {"--jobs", "--canary", "--stop-on-error", "--format"})
			if (app.get_option(name)->count() > 0)
				throw CLI::ValidationError(std::string(name) +
				                           " requires --targets (or targets / targets_query in pgmig.toml)");
		return;
	}
	if (explicit_targets && app.get_option("--url")->count() > 0)
		throw CLI::ExcludesError("--targets", "--url");
	if (Given(sub, "--sql"))
		throw CLI::ExcludesError("--targets", "--sql");
	if (opts.jobs < 1)
		throw CLI::ValidationError("--jobs must be at least 1");
	if (opts.canary < 0)
		throw CLI::ValidationError("--canary must not be negative");
	std::string format = FormatOf(sub, opts);
	if (format != "" && format != "text" && format != "json")
		throw CLI::ValidationError("--format must be text or json");
	FleetOptions run_opts = opts;
	run_opts.format = format;
	// The folder once, before any child: a malformed folder fails here, not once per target.
	if (command == "upgrade" || command == "downgrade" || command == "stamp")
		LoadScriptFolder(ctx.ScriptLocation());
	std::vector<std::string> targets = TargetsOf(ctx, opts);
	bool child_json = (command == "current" || command == "validate" || command == "check") && !Given(sub, "--verbose");
	Fleet fleet_run(run_opts, command, std::move(targets), child_json);
	throw FleetExit(fleet_run.Run());
}

/* AfterCommand: --wait-replicas after a successful upgrade, downgrade or stamp on one database. */
void
AfterCommand(CLI::App &app, Context &ctx, const FleetOptions &opts) {
	if (opts.wait_timeout.empty())
		return;
	std::vector<CLI::App *> used = app.get_subcommands();
	if (used.empty())
		return;
	WaitReplicas(ctx, ctx.Conninfo(), ParseWaitTimeout(opts.wait_timeout));
}

} // namespace

void
set_fleet_options(CLI::App &app, Context &ctx, std::vector<std::string> args) {
	auto opts = std::make_shared<FleetOptions>();
	if (!args.empty())
		args.erase(args.begin());
	opts->args = std::move(args);
	app.add_option("--targets", opts->targets_file,
	               "Run the command (upgrade, downgrade, stamp, current, validate, check) on every database of "
	               "FILE: one URL or connection string per line, # comments; - reads standard input "
	               "(default: targets or targets_query in the configuration file; see docs/fleet.md)")
	    ->type_name("FILE");
	app.add_option("--jobs", opts->jobs, "With targets: run up to N targets at once (default 4)")->type_name("N");
	app.add_option("--canary", opts->canary,
	               "With targets: first run K targets one by one, and the rest only if they all succeeded")
	    ->type_name("K");
	app.add_flag("--stop-on-error", opts->stop_on_error,
	             "With targets: after a failure start no other target (the running ones finish)");
	app.add_option("--format", opts->format,
	               "With targets: the report as text (default: a line per target on stderr, a table on stdout) or "
	               "json (one document on stdout)")
	    ->type_name("FORMAT");
	app.add_option("--wait-replicas", opts->wait_timeout,
	               "After upgrade, downgrade or stamp: wait until every streaming standby has replayed the change "
	               "and report the lag; fail after TIMEOUT (default 60s; write --wait-replicas=TIMEOUT)")
	    ->type_name("[=TIMEOUT]");
	app.add_flag("--fleet-child", opts->child, "")->group("");
	app.parse_complete_callback([&app, &ctx, opts]() { BeforeCommand(app, ctx, *opts); });
	app.callback([&app, &ctx, opts]() { AfterCommand(app, ctx, *opts); });
}

} // namespace pgmig
