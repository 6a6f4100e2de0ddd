/*
 * models_command.cpp: running the models command (POSIX fork/exec with two polled pipes) and
 * turning its standard output into the models, its failures into errors.
 */
#include "client/common/models_command.hpp"
#include "client/common/unique_fd.hpp"

#include "client/common/context.hpp"
#include "client/common/db.hpp"
#include "client/common/output.hpp"

#include "core/error.hpp"
#include "core/message_text.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace pgmig {

namespace {

constexpr const char *kSystemError = "58000";
constexpr const char *kExternalRoutineException = "38000";
constexpr const char *kQueryCanceled = "57014";

constexpr int kKillGraceMs = 2000;      // SIGTERM to SIGKILL, on an interrupt
constexpr int kDrainGraceMs = 1000;     // reading on after the shell exited
constexpr size_t kKeptErrBytes = 65536; // more than ErrorTail ever reports

/* ThrowSystemError: "could not <what> for the models command: <strerror>". */
[[noreturn]] void
ThrowSystemError(const std::string &what, int err) {
	throw pgm::MigError(kSystemError, "could not " + what + " for the models command: " + std::strerror(err));
}

/* SleepMs: sleep, signals blocked or not. */
void
SleepMs(int ms) {
	struct timespec ts {
		ms / 1000, (ms % 1000) * 1000000L
	};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
	}
}

/*
 * BlockInterrupts: SIGINT and SIGTERM blocked for the life of the object (the old mask back
 * afterwards).  While the command runs they are let through only inside ppoll, so that one
 * arriving is seen right away, and none can end pgmig while the child is being forked or
 * killed: a second Ctrl-C stays pending until the process group is gone.
 */
class BlockInterrupts {
public:
	BlockInterrupts() {
		sigset_t block;
		sigemptyset(&block);
		sigaddset(&block, SIGINT);
		sigaddset(&block, SIGTERM);
		sigprocmask(SIG_BLOCK, &block, &old_);
	}
	~BlockInterrupts() { sigprocmask(SIG_SETMASK, &old_, nullptr); }
	BlockInterrupts(const BlockInterrupts &) = delete;
	BlockInterrupts &operator=(const BlockInterrupts &) = delete;
	const sigset_t *
	Old() const {
		return &old_;
	}

private:
	sigset_t old_;
};

/*
 * ProcessGroup: the forked shell, leader of a process group of its own.  Whatever way the
 * scope is left, the group is SIGKILLed and the shell reaped unless Reap has seen it exit
 * (and even then, Kill is what ends the rest of the group).
 */
class ProcessGroup {
public:
	explicit ProcessGroup(pid_t pid) : pid_(pid) {}
	~ProcessGroup() {
		if (!reaped_) {
			kill(-pid_, SIGKILL);
			int status;
			while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
			}
		}
	}
	ProcessGroup(const ProcessGroup &) = delete;
	ProcessGroup &operator=(const ProcessGroup &) = delete;

	/* TryReap: true (and the wait status stored) once the shell has exited; never blocks. */
	bool
	TryReap(int *wait_status) {
		if (reaped_)
			return true;
		pid_t r = waitpid(pid_, wait_status, WNOHANG);
		if (r == pid_ || (r < 0 && errno == ECHILD))
			reaped_ = true;
		return reaped_;
	}

	/*
	 * Kill: end the command and everything it started: SIGTERM to the group, up to 2 s for
	 * the shell to exit, then SIGKILL to the group in any case (a grandchild may ignore
	 * SIGTERM, or outlive the shell), and the shell reaped.
	 */
	void
	Kill() {
		int status;
		kill(-pid_, SIGTERM);
		for (int waited = 0; waited < kKillGraceMs && !TryReap(&status); waited += 10)
			SleepMs(10);
		kill(-pid_, SIGKILL);
		while (!reaped_) {
			pid_t r = waitpid(pid_, &status, 0);
			if (r == pid_ || (r < 0 && errno != EINTR))
				reaped_ = true;
		}
	}

	/* KillRest: SIGKILL to what is left of the group once the shell was reaped. */
	void
	KillRest() {
		kill(-pid_, SIGKILL);
	}

private:
	pid_t pid_;
	bool reaped_ = false;
};

/*
 * Child: the forked process: only async-signal-safe calls until execl.  The handlers pgmig
 * installed are reset before SIGINT and SIGTERM are unblocked, so that none of them runs in
 * the child.
 */
[[noreturn]] void
Child(const char *command, const char *dir, int out_fd, int err_fd) {
	setpgid(0, 0);
	struct sigaction sa {};
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, nullptr);
	sigaction(SIGTERM, &sa, nullptr);
	sigaction(SIGPIPE, &sa, nullptr);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, nullptr);
	int in_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (in_fd < 0 || dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0)
		_exit(126);
	if (chdir(dir) != 0) {
		const char *msg = "pgmig: could not change to the directory of the configuration file\n";
		ssize_t ignored = write(2, msg, strlen(msg));
		(void)ignored;
		_exit(126);
	}
	execl("/bin/sh", "sh", "-c", command, static_cast<char *>(nullptr));
	const char *msg = "pgmig: could not execute /bin/sh\n";
	ssize_t ignored = write(2, msg, strlen(msg));
	(void)ignored;
	_exit(127);
}

[[noreturn]] void
ThrowInterrupted(ProcessGroup &group) {
	group.Kill();
	throw Interrupted(pgm::MigError(kQueryCanceled, "canceling due to user request", "The models command was killed."));
}

/* TrimmedEmpty: text holds nothing but white space. */
bool
TrimmedEmpty(const std::string &text) {
	return text.find_first_not_of(" \t\r\n\f\v") == std::string::npos;
}

} // namespace

/*
 * RunShellCommand: both pipes are read in one poll loop until both reach end of file; the
 * shell is reaped in the same loop (waitpid WNOHANG), and once it has exited the pipes are
 * read for at most one more second: a background process it started may hold them open
 * forever, so its group is then killed with a warning.  SIGINT and SIGTERM are blocked but
 * inside ppoll (see BlockInterrupts): the command runs in a process group of its own (so
 * that it can be killed with all its children), so the terminal's Ctrl-C reaches only pgmig,
 * which passes it on.
 */
CommandOutput
RunShellCommand(const std::string &command, const fs::path &cwd) {
	int out_pipe[2], err_pipe[2];
	if (pipe2(out_pipe, O_CLOEXEC) != 0)
		ThrowSystemError("create a pipe", errno);
	UniqueFd out_read(out_pipe[0]), out_write(out_pipe[1]);
	if (pipe2(err_pipe, O_CLOEXEC) != 0)
		ThrowSystemError("create a pipe", errno);
	UniqueFd err_read(err_pipe[0]), err_write(err_pipe[1]);
	std::string dir = cwd.empty() ? "." : cwd.string();

	CancelOnInterrupt catch_signals; // InterruptReceived works whoever the caller is
	BlockInterrupts blocked;
	pid_t pid = fork();
	if (pid < 0)
		ThrowSystemError("fork", errno);
	if (pid == 0)
		Child(command.c_str(), dir.c_str(), out_write.Get(), err_write.Get());
	ProcessGroup group(pid);
	setpgid(pid, pid); // also in the parent, so that a kill never races the child's own call
	out_write.Close();
	err_write.Close();

	CommandOutput result;
	struct pollfd fds[2] = {{out_read.Get(), POLLIN, 0}, {err_read.Get(), POLLIN, 0}};
	std::string *sinks[2] = {&result.out, &result.err};
	int open_fds = 2;
	bool exited = false;
	std::chrono::steady_clock::time_point exited_at;
	char buf[65536];
	while (open_fds > 0) {
		if (InterruptReceived())
			ThrowInterrupted(group);
		if (!exited && group.TryReap(&result.wait_status)) {
			exited = true;
			exited_at = std::chrono::steady_clock::now();
		}
		if (exited && std::chrono::steady_clock::now() - exited_at > std::chrono::milliseconds(kDrainGraceMs)) {
			group.KillRest();
			PrintDiagnostic(
			    Diagnostic{"warning", "the models command exited, but a process it started kept its output open",
			               "Its process group was killed " + std::to_string(kDrainGraceMs / 1000) +
			                   " s after the command exited; what the command printed until then is used.",
			               "Redirect the output of background processes the command starts (e.g. \"daemon >/dev/null "
			               "2>&1 &\").",
			               ""});
			break;
		}
		struct timespec timeout {
			0, 100 * 1000000L
		};
		int n = ppoll(fds, 2, &timeout, blocked.Old());
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int err = errno;
			group.Kill();
			ThrowSystemError("poll the output", err);
		}
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || fds[i].revents == 0)
				continue;
			ssize_t got = read(fds[i].fd, buf, sizeof(buf));
			if (got > 0) {
				sinks[i]->append(buf, static_cast<size_t>(got));
				if (i == 1 && result.err.size() > 2 * kKeptErrBytes)
					result.err.erase(0, result.err.size() - kKeptErrBytes);
			} else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
				fds[i].fd = -1;
				open_fds--;
			}
		}
	}
	while (!exited) {
		if (InterruptReceived())
			ThrowInterrupted(group);
		if (group.TryReap(&result.wait_status))
			break;
		struct timespec timeout {
			0, 20 * 1000000L
		};
		ppoll(nullptr, 0, &timeout, blocked.Old());
	}
	return result;
}

std::string
WaitStatusText(int wait_status) {
	if (WIFEXITED(wait_status)) {
		int code = WEXITSTATUS(wait_status);
		std::string text = "exited with exit code " + std::to_string(code);
		if (code == 127)
			text += " (command not found)";
		else if (code == 126)
			text += " (command not executable)";
		return text;
	}
	if (WIFSIGNALED(wait_status)) {
		int sig = WTERMSIG(wait_status);
		const char *name = strsignal(sig);
		return "was terminated by signal " + std::to_string(sig) + (name ? std::string(": ") + name : "");
	}
	return "ended with unrecognized status " + std::to_string(wait_status);
}

std::string
ErrorTail(const std::string &err) {
	constexpr size_t kMaxLines = 20;
	constexpr size_t kMaxBytes = 2000;
	size_t end = err.find_last_not_of(" \t\r\n");
	if (end == std::string::npos)
		return "";
	std::string text = err.substr(0, end + 1);
	size_t start = text.size();
	size_t lines = 0;
	while (start > 0 && lines < kMaxLines) {
		size_t nl = text.rfind('\n', start - 1);
		lines++;
		start = nl == std::string::npos ? 0 : nl;
		if (nl == std::string::npos)
			break;
	}
	if (start > 0 && text[start] == '\n')
		start++;
	bool cut = start > 0;
	if (text.size() - start > kMaxBytes) {
		start = text.size() - kMaxBytes;
		while (start < text.size() && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
			start++; // not in the middle of a UTF-8 character
		cut = true;
	}
	return (cut ? "...\n" : "") + text.substr(start);
}

/*
 * RunModelsCommand: the DETAIL quotes the command (cut to a readable length) and names the
 * directory it ran in, since a relative path in it is relative to pgmig.toml's directory.
 */
ModelFile
RunModelsCommand(const std::string &command, const fs::path &cwd) {
	CommandOutput result = RunShellCommand(command, cwd);
	std::string quoted = "\"" + pgm::MessageText(command, 200) + "\"";
	std::string where = " (run by /bin/sh in \"" + DisplayPath(cwd.empty() ? fs::path(".") : cwd) + "\")";
	std::string tail = ErrorTail(result.err);
	bool ok = WIFEXITED(result.wait_status) && WEXITSTATUS(result.wait_status) == 0;
	if (!ok)
		throw pgm::MigError(
		    kExternalRoutineException, "models command failed",
		    "The command " + quoted + where + " " + WaitStatusText(result.wait_status) + "." +
		        (tail.empty() ? " Its standard error was empty." : " Its standard error ends with:\n" + tail),
		    "Run the command in the directory of pgmig.toml to see its output; fix it or "
		    "models_command in pgmig.toml (or --models-command).");
	if (TrimmedEmpty(result.out))
		throw pgm::MigError(kExternalRoutineException, "models command wrote nothing on its standard output",
		                    "The command " + quoted + where + " exited with exit code 0 but printed no DDL." +
		                        (tail.empty() ? "" : " Its standard error ends with:\n" + tail),
		                    "The models command must print the models' CREATE statements on its standard output.");
	ModelFile model;
	model.path = "models command output";
	model.what = "models command output";
	model.text = BlankDumpRestrictLines(result.out);
	return model;
}

} // namespace pgmig
