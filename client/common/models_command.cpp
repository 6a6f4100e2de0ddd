/*
 * models_command.cpp: running the models command (POSIX fork/exec with two polled pipes) and
 * turning its standard output into the models, its failures into errors.
 */
#include "client/common/models_command.hpp"

#include "client/common/context.hpp"
#include "client/common/db.hpp"

#include "core/error.hpp"
#include "core/message_text.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
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

/* Fd: a file descriptor closed at the end of its scope. */
class Fd {
public:
	Fd() = default;
	explicit Fd(int fd) : fd_(fd) {}
	~Fd() { Close(); }
	Fd(const Fd &) = delete;
	Fd &operator=(const Fd &) = delete;
	int
	Get() const {
		return fd_;
	}
	void
	Close() {
		if (fd_ >= 0)
			close(fd_);
		fd_ = -1;
	}

private:
	int fd_ = -1;
};

[[noreturn]] void
ThrowSystemError(const std::string &what, int err) {
	throw pgm::MigError(kSystemError, "could not run the models command: " + what + ": " + std::strerror(err));
}

/*
 * KillGroup: end the command and everything it started: SIGTERM to its process group, then
 * SIGKILL when it has not exited within 2 s; reaps the shell.
 */
void
KillGroup(pid_t pid) {
	kill(-pid, SIGTERM);
	for (int i = 0; i < 200; i++) {
		int status;
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid || (r < 0 && errno != EINTR))
			return;
		usleep(10000);
	}
	kill(-pid, SIGKILL);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
	}
}

/* Child: the forked process: only async-signal-safe calls until execl. */
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
	int in_fd = open("/dev/null", O_RDONLY);
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

/* TrimmedEmpty: text holds nothing but white space. */
bool
TrimmedEmpty(const std::string &text) {
	return text.find_first_not_of(" \t\r\n\f\v") == std::string::npos;
}

} // namespace

/*
 * RunShellCommand: both pipes are read in one poll loop until both reach end of file, then
 * the shell is reaped.  The poll wakes up every 100 ms to notice a signal: the command runs
 * in a process group of its own (so that it can be killed with all its children), so the
 * terminal's Ctrl-C reaches only pgmig, which passes it on.
 */
CommandOutput
RunShellCommand(const std::string &command, const fs::path &cwd) {
	int out_pipe[2], err_pipe[2];
	if (pipe2(out_pipe, O_CLOEXEC) != 0)
		ThrowSystemError("could not create a pipe", errno);
	Fd out_read(out_pipe[0]), out_write(out_pipe[1]);
	if (pipe2(err_pipe, O_CLOEXEC) != 0)
		ThrowSystemError("could not create a pipe", errno);
	Fd err_read(err_pipe[0]), err_write(err_pipe[1]);
	std::string dir = cwd.empty() ? "." : cwd.string();

	pid_t pid = fork();
	if (pid < 0)
		ThrowSystemError("could not fork", errno);
	if (pid == 0)
		Child(command.c_str(), dir.c_str(), out_write.Get(), err_write.Get());
	setpgid(pid, pid); // also in the parent, so that KillGroup never races the child's own call
	out_write.Close();
	err_write.Close();

	CommandOutput result;
	struct pollfd fds[2] = {{out_read.Get(), POLLIN, 0}, {err_read.Get(), POLLIN, 0}};
	std::string *sinks[2] = {&result.out, &result.err};
	int open_fds = 2;
	char buf[65536];
	while (open_fds > 0) {
		if (InterruptReceived()) {
			KillGroup(pid);
			throw Interrupted(
			    pgm::MigError(kQueryCanceled, "canceling due to user request", "The models command was killed."));
		}
		int n = poll(fds, 2, 100);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int err = errno;
			KillGroup(pid);
			ThrowSystemError("could not poll its output", err);
		}
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || fds[i].revents == 0)
				continue;
			ssize_t got = read(fds[i].fd, buf, sizeof(buf));
			if (got > 0) {
				sinks[i]->append(buf, static_cast<size_t>(got));
			} else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
				fds[i].fd = -1;
				open_fds--;
			}
		}
	}
	for (;;) {
		pid_t r = waitpid(pid, &result.wait_status, 0);
		if (r == pid)
			break;
		if (r < 0 && errno == EINTR) {
			if (InterruptReceived()) {
				KillGroup(pid);
				throw Interrupted(
				    pgm::MigError(kQueryCanceled, "canceling due to user request", "The models command was killed."));
			}
			continue;
		}
		ThrowSystemError("could not wait for it", errno);
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
