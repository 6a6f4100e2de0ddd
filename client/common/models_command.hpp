/*
 * models_command.hpp: models_command (pgmig.toml) and --models-command: a command whose
 * standard output is the models' DDL (an ORM's schema printed as SQL), run through /bin/sh
 * in the directory of pgmig.toml, used by autogenerate and check in place of model files.
 */
#pragma once

#include "client/common/models.hpp"

#include <filesystem>
#include <string>

namespace pgmig {

/* CommandOutput: what a finished command left: its wait status and both output streams. */
struct CommandOutput {
	int wait_status = 0; // as waitpid returns it
	std::string out;
	std::string err;
};

/*
 * RunShellCommand: run command with /bin/sh -c in directory cwd, standard input from
 * /dev/null, in a process group of its own; collect its standard output and standard error
 * (both pipes polled, so neither can fill up and block it; of standard error only the last
 * 64 kB or more are kept) until it exits.  When the shell has exited but a process it started
 * still holds a pipe open, reading stops 1 s later: the group is killed and a warning printed.
 * When a SIGINT or SIGTERM arrives (InterruptReceived, with a CancelOnInterrupt alive), the
 * whole process group is killed (SIGTERM, then SIGKILL once the shell exited or after 2 s)
 * and Interrupted is thrown; SIGINT and SIGTERM stay blocked while the group is forked or
 * killed, so a second one cannot leave it behind.  Throws 58000 when the command cannot be
 * started (pipe, fork).
 */
CommandOutput RunShellCommand(const std::string &command, const std::filesystem::path &cwd);

/*
 * WaitStatusText: a wait status as a sentence fragment, as PostgreSQL's wait_result_to_str
 * words it: "exited with exit code 1", "was terminated by signal 9: Killed"; exit code 127
 * and 126 of the shell add "(command not found)", "(command not executable)".
 */
std::string WaitStatusText(int wait_status);

/*
 * ErrorTail: the end of a command's standard error for a DETAIL: its last 20 lines, at most
 * 2,000 bytes, trailing blank lines removed, "..." first when something was cut.
 */
std::string ErrorTail(const std::string &err);

/*
 * RunModelsCommand: the models as one ModelFile from the standard output of command (run by
 * RunShellCommand in cwd); named "models command output" in messages.  A command that fails
 * (non-zero exit, killed by a signal, /bin/sh not startable) or writes nothing but white space
 * is a 38000 error (external routine exception) whose DETAIL has the command, its exit status
 * and the end of its standard error.
 */
ModelFile RunModelsCommand(const std::string &command, const std::filesystem::path &cwd);

} // namespace pgmig
