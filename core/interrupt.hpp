/*
 * interrupt.hpp: a hook through which the core lets its host cancel long work.
 *
 * The core is PostgreSQL-free, so it cannot run CHECK_FOR_INTERRUPTS itself.  Instead the
 * long loops (parsing and hashing revision files, building the graph, its closures and
 * topological sort, the planner's walks) call CheckInterrupts() at coarse intervals: once per
 * file and every few thousand lines while parsing, every 64 KiB while hashing, every 1024
 * iterations in graph and planner loops.  The extension installs a function that runs
 * CHECK_FOR_INTERRUPTS and throws a C++ exception when the query is cancelled; the client
 * installs none.
 *
 * The installed function may throw any exception: every core path that calls CheckInterrupts
 * holds its state in RAII containers, and no core code catches it (the few places that catch
 * MigError to add detail do not call CheckInterrupts inside their try blocks).
 */
#pragma once

#include <cstdint>

namespace pgm {

using InterruptCheck = void (*)();

/* SetInterruptCheck: install fn (nullptr: none, the default).  Process-wide. */
void SetInterruptCheck(InterruptCheck fn);

/* CheckInterrupts: call the installed function, if any.  May throw what it throws. */
void CheckInterrupts();

/*
 * InterruptTicker: calls CheckInterrupts() once every `interval` calls of Tick(), so a loop
 * checks at a coarse, cheap interval.  interval must be a power of two.
 */
class InterruptTicker {
public:
	explicit InterruptTicker(std::uint32_t interval = 1024) : mask_(interval - 1) {}

	void
	Tick() {
		if ((++count_ & mask_) == 0) {
			CheckInterrupts();
		}
	}

private:
	std::uint64_t count_ = 0;
	std::uint64_t mask_;
};

} // namespace pgm
