/*
 * suggest.cpp: the nearest known name to a mistyped one (suggest.hpp).
 */
#include "client/common/suggest.hpp"

#include <algorithm>

namespace pgmig {

std::size_t
EditDistance(const std::string &a, const std::string &b) {
	// Three rows of the dynamic programme: two back for the swap of neighbours.
	std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
	for (std::size_t j = 0; j <= b.size(); ++j)
		previous[j] = j;
	for (std::size_t i = 1; i <= a.size(); ++i) {
		current[0] = i;
		for (std::size_t j = 1; j <= b.size(); ++j) {
			std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
				current[j] = std::min(current[j], before[j - 2] + 1);
		}
		before.swap(previous);
		previous.swap(current);
	}
	return previous[b.size()];
}

std::optional<std::string>
NearestName(const std::string &word, const std::vector<std::string> &names) {
	if (word.empty())
		return std::nullopt;
	std::size_t limit = std::max<std::size_t>(1, std::min<std::size_t>(2, word.size() / 3));
	std::optional<std::string> best;
	std::size_t best_distance = limit + 1;
	for (const std::string &name : names) {
		std::size_t distance = EditDistance(word, name);
		if (distance < best_distance) {
			best = name;
			best_distance = distance;
		}
	}
	if (best)
		return best;
	if (word.size() < 2)
		return std::nullopt;
	std::optional<std::string> prefixed;
	for (const std::string &name : names) {
		if (name.size() > word.size() && name.compare(0, word.size(), word) == 0) {
			if (prefixed)
				return std::nullopt; // "he": heads or help: no guess
			prefixed = name;
		}
	}
	return prefixed;
}

} // namespace pgmig
