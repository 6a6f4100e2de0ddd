/*
 * current_revisions.hpp: the database's current revisions (migrate_current), for the
 * commands that show them or compare the script folder with them.
 */
#pragma once

#include "client/common/context.hpp"
#include "client/common/db.hpp"

#include <string>
#include <vector>

namespace pgmig {

/* CurrentRevisions: the current revisions (migrate_current in schema) of the database of conn. */
std::vector<std::string> CurrentRevisions(Connection &conn, const std::string &schema);

/* DatabaseHeads: the database's current heads (migrate_current), connecting with ctx. */
std::vector<std::string> DatabaseHeads(Context &ctx);

} // namespace pgmig
