/*
 * core_is_pg_free_test.cpp: the core (extension/core) compiles into the client too, so it
 * must never include a PostgreSQL header.  Scans every .hpp and .cpp there.
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
#endif

TEST(CoreIsPgFree, NoPostgresHeaderInTheCore) {
#ifndef PGM_SOURCE_DIR
	GTEST_SKIP() << "PGM_SOURCE_DIR is not defined (built outside CMake)";
#else
	const std::string dir = std::string(PGM_SOURCE_DIR) + "/extension/core";
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
	EXPECT_GE(files.size(), 10U) << "expected the core's sources in " << dir;
	for (const std::string &name : files) {
		std::ifstream in(dir + "/" + name);
		ASSERT_TRUE(in) << name;
		std::string line;
		int number = 0;
		while (std::getline(in, line)) {
			number++;
			std::string header = IncludedHeader(line);
			EXPECT_FALSE(IsPostgresHeader(header))
			    << "extension/core/" << name << ":" << number << " includes PostgreSQL header <" << header << ">";
		}
	}
#endif
}

} // namespace
