/*
 * folder_digest.hpp: one SHA-256 over a script folder, computed the same way by pgmig over its
 * local files and by the server (migrate_folder_digest()) over the stored ones, so that a run
 * whose folder is already stored byte for byte can skip the upload.
 *
 * The input is the list of (file name, checksum) pairs, the checksum being the SHA-256 of the
 * file's exact bytes (the checksum of every revision file, core/revision_file.hpp).  The pairs
 * are sorted by file name (byte order) and each is written as
 *
 *     <length of the name in decimal> ":" <name> " " <checksum> "\n"
 *
 * (the length makes any file name, even one holding spaces or newlines, unambiguous); the digest
 * is the SHA-256 of that text, 64 lowercase hex digits.  The empty folder's digest is the
 * SHA-256 of the empty string.
 */
#pragma once

#include "core/sha256.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pgm {

/* FolderEntry: one file of a folder: its bare name and the SHA-256 of its bytes (hex). */
struct FolderEntry {
	std::string name;
	std::string checksum;
};

/* FolderDigestText: the text FolderDigest hashes (sorts entries by name). */
std::string FolderDigestText(std::vector<FolderEntry> entries);

/* FolderDigest: the SHA-256 of FolderDigestText(entries), as 64 lowercase hex digits. */
std::string FolderDigest(std::vector<FolderEntry> entries);

/*
 * FolderDigester: FolderDigest fed one entry at a time, already in name order (the caller's
 * duty), without building the text: Finish() gives FolderDigest of the entries added.
 */
class FolderDigester {
public:
	void Add(std::string_view name, std::string_view checksum);
	std::string Finish();

private:
	Sha256 sha_;
	std::string pending_; // entries not yet fed to sha_: one update per few kilobytes
};

} // namespace pgm
