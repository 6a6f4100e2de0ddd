/*
 * folder_digest.cpp: the digest of a script folder (folder_digest.hpp).
 */
#include "core/folder_digest.hpp"

#include "core/sha256.hpp"

#include <algorithm>

namespace pgm {

std::string
FolderDigestText(std::vector<FolderEntry> entries) {
	std::sort(entries.begin(), entries.end(),
	          [](const FolderEntry &a, const FolderEntry &b) { return a.name < b.name; });
	std::string text;
	std::size_t size = 0;
	for (const FolderEntry &e : entries)
		size += e.name.size() + e.checksum.size() + 24;
	text.reserve(size);
	for (const FolderEntry &e : entries) {
		text += std::to_string(e.name.size());
		text += ':';
		text += e.name;
		text += ' ';
		text += e.checksum;
		text += '\n';
	}
	return text;
}

std::string
FolderDigest(std::vector<FolderEntry> entries) {
	return Sha256Hex(FolderDigestText(std::move(entries)));
}

} // namespace pgm
