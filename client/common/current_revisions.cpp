/*
 * current_revisions.cpp: the database's current revisions.
 */
#include "client/common/current_revisions.hpp"

namespace pgmig {

std::vector<std::string>
CurrentRevisions(Connection &conn, const std::string &schema) {
	ResultPtr res = conn.Exec("SELECT revision FROM " + schema + ".migrate_current()");
	std::vector<std::string> revisions;
	for (int i = 0; i < PQntuples(res.get()); i++)
		revisions.emplace_back(PQgetvalue(res.get(), i, 0));
	return revisions;
}

std::vector<std::string>
DatabaseHeads(Context &ctx) {
	Connection conn(ctx.Conninfo());
	std::string schema = ExtensionSchema(conn);
	return CurrentRevisions(conn, schema);
}

} // namespace pgmig
