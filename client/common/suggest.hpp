/*
 * suggest.hpp: "did you mean" for a mistyped name: the nearest of the names pgmig knows.
 */
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pgmig {

/*
 * EditDistance: the optimal string alignment distance of a and b: insertions, deletions,
 * substitutions and swaps of two neighbouring characters each cost one ("updgrade" is one
 * from "upgrade", "upgarde" one too).  Bytes, case-sensitive.
 */
std::size_t EditDistance(const std::string &a, const std::string &b);

/*
 * NearestName: the name of names that word most likely meant, or nullopt when none is close:
 * the nearest by EditDistance when at most max(1, min(2, |word| / 3)) edits away, else the
 * only name word is a prefix of (at least two characters: "hist" for "history").  Ties go to
 * the earlier name.
 */
std::optional<std::string> NearestName(const std::string &word, const std::vector<std::string> &names);

} // namespace pgmig
