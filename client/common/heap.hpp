/*
 * heap.hpp: the heap on transparent huge pages, for the commands that parse database snapshots.
 */
#pragma once

namespace pgmig {

/*
 * UseHugePagesForHeap: before a command that parses snapshots of a large schema (autogenerate,
 * check, drift, baseline: a 1,000-table snapshot is a 4 MB document, parsed into millions of
 * small blocks), make malloc's heap one region the kernel backs with 2 MB pages (madvise
 * MADV_HUGEPAGE: transparent huge pages in their "madvise" mode, Debian's default).  In a
 * virtual machine every first touch of a 4 kB page is a fault through the hypervisor: an
 * autogenerate on 1,000 tables took 18,700 of them, a third of pgmig's CPU, and 1,400 this way.
 *
 * How: one arena (the threads that parse allocate from the same heap), blocks up to 32 MB from
 * the heap rather than from mmap(2), the heap grown once by a reserve (address space only: a
 * page costs memory when it is first written) and never trimmed, the reserve marked for huge
 * pages.  What outgrows the reserve is served as before, on 4 kB pages.  Once per process;
 * nothing fails (a kernel without transparent huge pages, or a heap that cannot grow, leaves
 * malloc as it was, with the settings above).  docs/design.md has the figures.
 */
void UseHugePagesForHeap();

} // namespace pgmig
