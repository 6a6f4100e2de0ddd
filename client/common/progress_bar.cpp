/*
 * progress_bar.cpp: the live progress bar on a terminal (progress_bar.hpp).
 */
#include "client/common/progress_bar.hpp"

#include "core/terminal_text.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sys/ioctl.h>
#include <unistd.h>

namespace pgmig {

namespace {

ProgressBar *active_bar = nullptr;

constexpr double kRedrawInterval = 0.1; // seconds: at most ten drawings a second
constexpr const char *kEraseLine = "\r\x1b[K";

/* Columns: the characters of s (UTF-8 continuation bytes do not count). */
std::size_t
Columns(const std::string &s) {
	std::size_t n = 0;
	for (unsigned char c : s)
		n += (c & 0xC0) != 0x80 ? 1 : 0;
	return n;
}

/* Cut: s cut to at most columns characters, ending in "..." when cut (never inside a character). */
std::string
Cut(const std::string &s, std::size_t columns) {
	if (Columns(s) <= columns)
		return s;
	if (columns <= 3)
		return std::string(columns, '.');
	std::size_t keep = columns - 3, n = 0, i = 0;
	for (; i < s.size(); i++) {
		if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
			if (n == keep)
				break;
			n++;
		}
	}
	return s.substr(0, i) + "...";
}

} // namespace

std::string
FormatClock(double seconds) {
	long long s = seconds > 0 ? static_cast<long long>(std::llround(seconds)) : 0;
	char buf[32];
	if (s >= 3600)
		std::snprintf(buf, sizeof(buf), "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
	else
		std::snprintf(buf, sizeof(buf), "%lld:%02lld", s / 60, s % 60);
	return buf;
}

/*
 * RenderProgressLine: the fixed parts (counts, times) are kept whole; the bar graphic (a
 * quarter of the width, 10 to 30 cells) only when at least 20 columns remain for the
 * revision after it; the revision and its message take the rest.
 */
std::string
RenderProgressLine(const ProgressFrame &frame, int width) {
	std::size_t w = width > 0 ? static_cast<std::size_t>(width) : 80;
	std::string counts = std::to_string(frame.done) + "/" + (frame.total > 0 ? std::to_string(frame.total) : "?");
	std::string times = FormatClock(frame.elapsed) + " elapsed";
	if (frame.remaining)
		times += ", ~" + FormatClock(*frame.remaining) + " left";
	std::string text = pgm::TerminalText(frame.revision, pgm::TerminalLines::kEscape);
	if (!frame.message.empty())
		text += " " + pgm::TerminalText(frame.message, pgm::TerminalLines::kEscape);
	std::size_t fixed = counts.size() + 1 + 2 + times.size(); // "counts " ... "  times"
	std::string graphic;
	std::size_t cells = std::min<std::size_t>(30, std::max<std::size_t>(10, w / 4));
	if (w >= fixed + cells + 3 + 20) {
		std::size_t filled =
		    frame.total > 0 ? static_cast<std::size_t>(cells * std::min(frame.done, frame.total) / frame.total) : 0;
		graphic = "[" + std::string(filled, '#') + std::string(cells - filled, '-') + "] ";
	}
	std::string left = graphic + counts + " ";
	std::size_t room = w > left.size() + 2 + times.size() ? w - left.size() - 2 - times.size() : 0;
	std::string middle = Cut(text, room);
	std::string line = left + middle + std::string(room - Columns(middle) + 2, ' ') + times;
	return Columns(line) <= w ? line : Cut(line, w);
}

ProgressBar::ProgressBar(int width, Sink sink, Clock now)
    : width_(width), sink_(std::move(sink)), now_(std::move(now)), started_(now_()), previous_(active_bar) {
	active_bar = this;
}

ProgressBar::~ProgressBar() {
	if (!finished_)
		Finish(false);
	active_bar = previous_;
}

ProgressBar *
ProgressBar::Active() {
	return active_bar;
}

void
ProgressBar::Plan(long long total) {
	planned_ = total;
	total_ = total;
	started_steps_ = 0;
	done_ = 0;
}

void
ProgressBar::StepStarted(long long step, long long steps, const std::string &revision, const std::string &message) {
	if (planned_) {
		started_steps_++;
		done_ = started_steps_ - 1;
		total_ = std::max(*planned_, started_steps_);
	} else {
		done_ = step > 0 ? step - 1 : 0;
		total_ = steps;
	}
	revision_ = revision;
	message_ = message;
	Draw(false);
}

ProgressFrame
ProgressBar::Frame() const {
	ProgressFrame f;
	f.done = done_;
	f.total = total_;
	f.revision = revision_;
	f.message = message_;
	f.elapsed = now_() - started_;
	if (done_ > 0 && total_ >= done_)
		f.remaining = f.elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done_);
	return f;
}

void
ProgressBar::Draw(bool force) {
	double now = now_();
	if (!force && shown_ && last_draw_ >= 0 && now - last_draw_ < kRedrawInterval)
		return;
	last_draw_ = now;
	shown_ = true;
	// One column short of the width: a full last column makes some terminals wrap.
	sink_(std::string("\r") + RenderProgressLine(Frame(), width_ - 1) + "\x1b[K");
}

void
ProgressBar::ClearLine() {
	if (!shown_)
		return;
	sink_(kEraseLine);
	shown_ = false;
	last_draw_ = -1;
}

void
ProgressBar::Finish(bool completed) {
	if (finished_)
		return;
	finished_ = true;
	if (total_ == 0 && !shown_)
		return; // nothing ran: no bar at all
	if (completed) {
		done_ = total_;
		revision_.clear();
		message_.clear();
	}
	Draw(true);
	sink_("\n");
	shown_ = false;
}

bool
ProgressBarWanted() {
	if (std::getenv("PGMIG_NO_PROGRESS") != nullptr || !isatty(STDERR_FILENO))
		return false;
	const char *term = std::getenv("TERM");
	return term != nullptr && *term != '\0' && std::strcmp(term, "dumb") != 0;
}

int
TerminalWidth() {
	struct winsize ws {};
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

ProgressScope::ProgressScope() {
	if (!ProgressBarWanted())
		return;
	auto started = std::chrono::steady_clock::now();
	bar_ = std::make_unique<ProgressBar>(
	    TerminalWidth(),
	    [](const std::string &text) {
		    std::cout.flush();
		    std::cerr << text << std::flush;
	    },
	    [started]() { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); });
}

ProgressScope::~ProgressScope() {
	if (bar_)
		bar_->Finish(completed_);
}

} // namespace pgmig
