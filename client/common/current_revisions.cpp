/*
 * current_revisions.cpp: the database's current revisions.
 */
#include "client/common/current_revisions.hpp"

namespace pgmig {

std::vector<std::string>
DatabaseHeads(Context &ctx) {
	Connection conn(ctx.Conninfo());
	std::string schema = ExtensionSchema(conn);
	ResultPtr res = conn.Exec("SELECT revision FROM " + schema + ".migrate_current()");
	std::vector<std::string> heads;
	for (int i = 0; i < PQntuples(res.get()); i++)
		heads.emplace_back(PQgetvalue(res.get(), i, 0));
	return heads;
}

} // namespace pgmig
