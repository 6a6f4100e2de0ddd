/*
 * progress_bar.hpp: the live one-line progress bar of upgrade, downgrade, stamp and the shadow
 * builds of check and revision --autogenerate, on a terminal: done/total, the running
 * revision and its message, the elapsed time and an estimate of the rest, redrawn in place.
 * When standard error is not a terminal there is no bar and the per-revision lines are
 * printed as before.
 */
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace pgmig {

/* ProgressFrame: what one drawing of the bar shows. */
struct ProgressFrame {
	long long done = 0;  // steps finished
	long long total = 0; // steps in the run (0: not known yet)
	std::string revision;
	std::string message;
	double elapsed = 0;              // seconds since the bar started
	std::optional<double> remaining; // seconds, estimated; nullopt before the first step ended
};

/* FormatClock: seconds as m:ss, or h:mm:ss from an hour on ("0:07", "12:30", "1:02:03"). */
std::string FormatClock(double seconds);

/*
 * RenderProgressLine: the bar's line for frame, at most width columns (one column per
 * character; control characters escaped as TerminalText does):
 *   [######------] 3/10 bbbb2222 add column  0:12 elapsed, ~0:28 left
 * The revision and its message are cut (ending in "...") to what the fixed parts leave; a
 * narrow terminal drops the bar graphic first.
 */
std::string RenderProgressLine(const ProgressFrame &frame, int width);

/*
 * ProgressBar: the bar of one run, drawn on stderr (or sink) with "\r" and "erase to end of
 * line", at most ten times a second (now: the clock in seconds, a fake one in tests).  Only
 * one bar is active at a time (Active()); PrintProgress and the diagnostics clear its line
 * first (ClearLine) and it is drawn again on the next step.
 */
class ProgressBar {
public:
	using Sink = std::function<void(const std::string &)>;
	using Clock = std::function<double()>;
	ProgressBar(int width, Sink sink, Clock now);
	~ProgressBar();
	ProgressBar(const ProgressBar &) = delete;
	ProgressBar &operator=(const ProgressBar &) = delete;

	/*
	 * Plan: the run has total steps, counted by StepStarted from here (a run over several
	 * transactions, whose server calls each count their own steps from 1).
	 */
	void Plan(long long total);
	/*
	 * StepStarted: a step began (the server's progress notice): step of steps as the notice
	 * counts them, unless Plan was called; revision and message as shown.
	 */
	void StepStarted(long long step, long long steps, const std::string &revision, const std::string &message);
	/* ClearLine: erase the bar's line, for a line printed above it; the next drawing brings it back. */
	void ClearLine();
	/* Finish: the final state drawn (every step done when completed), then a line feed. */
	void Finish(bool completed);

	/* Active: the bar being drawn, or null. */
	static ProgressBar *Active();

private:
	void Draw(bool force);
	ProgressFrame Frame() const;

	int width_;
	Sink sink_;
	Clock now_;
	double started_ = 0;
	double last_draw_ = -1;
	bool shown_ = false;
	bool finished_ = false;
	std::optional<long long> planned_;
	long long started_steps_ = 0; // steps begun (StepStarted calls) when planned
	long long done_ = 0, total_ = 0;
	std::string revision_, message_;
	ProgressBar *previous_ = nullptr;
};

/*
 * ProgressBarWanted: standard error is a terminal whose TERM is set and not "dumb" (and
 * PGMIG_NO_PROGRESS is unset): the bar replaces the per-revision lines.
 */
bool ProgressBarWanted();

/* TerminalWidth: the columns of the terminal on standard error (TIOCGWINSZ), 80 when unknown. */
int TerminalWidth();

/*
 * ProgressScope: a bar on standard error for the run it lives for, when ProgressBarWanted();
 * nothing otherwise.  Its end draws the final state (Complete() called: every step done).
 */
class ProgressScope {
public:
	ProgressScope();
	~ProgressScope();
	ProgressScope(const ProgressScope &) = delete;
	ProgressScope &operator=(const ProgressScope &) = delete;
	/* Bar: the bar, or null when there is none. */
	ProgressBar *
	Bar() const {
		return bar_.get();
	}
	/* Complete: the run ended well: the final state shows every step done. */
	void
	Complete() {
		completed_ = true;
	}

private:
	std::unique_ptr<ProgressBar> bar_;
	bool completed_ = false;
};

} // namespace pgmig
