/*
 * layering_test.cpp: the layering of the tree.  The core (core/) compiles into the
 * extension and into the client, and the differ (autogen/) into the client, so neither may
 * include a PostgreSQL header or a library of the client (libpq, CLI11, toml++; for the core,
 * nlohmann::json too); the core includes only the core, and autogen only the core and itself.
 * Scans every .hpp and .cpp of both folders.
 */
#include <gtest/gtest.h>

#ifdef PGM_SOURCE_DIR
#include <dirent.h>

#include <fstream>
#include <string>
#include <vector>
#endif

namespace {

#ifdef PGM_SOURCE_DIR
bool
EndsWith(const std::string &s, const std::string &suffix) {
	return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/* The header named by an #include line, or "" when the line is not one. */
std::string
IncludedHeader(std::string line) {
	std::size_t i = line.find_first_not_of(" \t");
	if (i == std::string::npos || line[i] != '#') {
		return "";
	}
	i = line.find_first_not_of(" \t", i + 1);
	if (i == std::string::npos || line.compare(i, 7, "include") != 0) {
		return "";
	}
	std::size_t open = line.find_first_of("<\"", i + 7);
	if (open == std::string::npos) {
		return "";
	}
	std::size_t close = line.find_first_of(">\"", open + 1);
	return line.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
}

bool
IsPostgresHeader(const std::string &header) {
	static const char *const kExact[] = {"postgres.h",  "postgres_ext.h", "fmgr.h", "funcapi.h",
	                                     "miscadmin.h", "pg_config.h",    "c.h",    "libpq-fe.h"};
	static const char *const kDirs[] = {"executor/", "utils/",      "access/", "catalog/",   "nodes/",
	                                    "commands/", "storage/",    "parser/", "lib/",       "tcop/",
	                                    "mb/",       "postmaster/", "server/", "postgresql/"};
	for (const char *exact : kExact) {
		if (header == exact) {
			return true;
		}
	}
	for (const char *dir : kDirs) {
		if (header.rfind(dir, 0) == 0) {
			return true;
		}
	}
	return false;
}

/*
 * CheckFolder: every source file of folder (below the source tree) includes no PostgreSQL
 * header, no header that starts with one of forbidden (other libraries the folder must not
 * depend on) and, of the project's own headers, only those of the folders in allowed.
 */
void
CheckFolder(const std::string &folder, const std::vector<std::string> &allowed,
            const std::vector<std::string> &forbidden) {
	const std::string dir = std::string(PGM_SOURCE_DIR) + "/" + folder;
	DIR *d = opendir(dir.c_str());
	ASSERT_NE(d, nullptr) << "cannot open " << dir;
	std::vector<std::string> files;
	while (dirent *entry = readdir(d)) {
		std::string name = entry->d_name;
		if (EndsWith(name, ".hpp") || EndsWith(name, ".cpp") || EndsWith(name, ".h")) {
			files.push_back(name);
		}
	}
	closedir(d);
	EXPECT_GE(files.size(), 4U) << "expected sources in " << dir;
	for (const std::string &name : files) {
		std::ifstream in(dir + "/" + name);
		ASSERT_TRUE(in) << name;
		std::string line;
		int number = 0;
		while (std::getline(in, line)) {
			number++;
			std::string header = IncludedHeader(line);
			EXPECT_FALSE(IsPostgresHeader(header))
			    << folder << "/" << name << ":" << number << " includes PostgreSQL header <" << header << ">";
			for (const std::string &prefix : forbidden) {
				EXPECT_NE(header.rfind(prefix, 0), 0U) << folder << "/" << name << ":" << number << " includes <"
				                                       << header << ">, a library " << folder << "/ must not depend on";
			}
			std::size_t slash = header.find('/');
			if (header.empty() || line.find('"') == std::string::npos || slash == std::string::npos) {
				continue;
			}
			std::string top = header.substr(0, slash);
			bool ok = false;
			for (const std::string &a : allowed) {
				ok = ok || top == a;
			}
			EXPECT_TRUE(ok) << folder << "/" << name << ":" << number << " includes \"" << header << "\" from " << top
			                << "/, outside what " << folder << "/ may use";
		}
	}
}
#endif

TEST(Layering, CoreIsPostgresFreeAndSelfContained) {
#ifndef PGM_SOURCE_DIR
	GTEST_SKIP() << "PGM_SOURCE_DIR is not defined (built outside CMake)";
#else
	CheckFolder("core", {"core"}, {"nlohmann/", "CLI/", "toml++/", "libpq"});
#endif
}

TEST(Layering, AutogenIsPostgresFreeAndUsesOnlyTheCore) {
#ifndef PGM_SOURCE_DIR
	GTEST_SKIP() << "PGM_SOURCE_DIR is not defined (built outside CMake)";
#else
	CheckFolder("autogen", {"core", "autogen"}, {"CLI/", "toml++/", "libpq"});
#endif
}

} // namespace
