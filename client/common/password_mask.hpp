/*
 * password_mask.hpp: a connection string fit to show: its password replaced by "***".
 */
#pragma once

#include <string>

namespace pgmig {

/*
 * ObfuscatePassword: conninfo (a URL or key=value string) with the password replaced by
 * "***", as Alembic shows the URL in "current -v".
 */
std::string ObfuscatePassword(const std::string &conninfo);

} // namespace pgmig
