/*
 * interrupt.cpp: the interrupt hook of the core (interrupt.hpp).
 */
#include "core/interrupt.hpp"

#include <atomic>

namespace pgm {

namespace {

std::atomic<InterruptCheck> g_interrupt_check{nullptr};

} // namespace

void
SetInterruptCheck(InterruptCheck fn) {
	g_interrupt_check.store(fn, std::memory_order_relaxed);
}

void
CheckInterrupts() {
	InterruptCheck fn = g_interrupt_check.load(std::memory_order_relaxed);
	if (fn != nullptr) {
		fn();
	}
}

} // namespace pgm
