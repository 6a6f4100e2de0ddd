/*
 * exclusions.cpp: the exclude patterns of a comparison, from pgmig.toml, --exclude and the
 * log of an adopted Alembic database; and the options that name them or the models command.
 */
#include "client/common/exclusions.hpp"

#include "autogen/diff.hpp"

#include "core/error.hpp"

namespace pgmig {

namespace {

constexpr const char *kInsufficientPrivilege = "42501";
constexpr const char *kAdoptedPrefix = "adopted from ";

} // namespace

std::vector<std::string>
ExcludePatterns(Context &ctx, const std::vector<std::string> &cli) {
	std::vector<std::string> patterns;
	const Config &config = ctx.GetConfig();
	if (config.exclude)
		for (const std::string &p : *config.exclude) {
			pgm::schema::CheckExcludePattern(p, "configuration key \"exclude\" in \"" + config.path + "\"");
			patterns.push_back(p);
		}
	for (const std::string &p : cli) {
		pgm::schema::CheckExcludePattern(p, "--exclude");
		patterns.push_back(p);
	}
	return patterns;
}

/*
 * AdoptedVersionTablePattern: the reason names the table as the import wrote it: unquoted,
 * schema-qualified unless it is public.alembic_version.  The split is at the first ".", as
 * the import branch writes it; the name is escaped so that it matches only itself.
 */
std::string
AdoptedVersionTablePattern(const std::string &reason) {
	if (reason.rfind(kAdoptedPrefix, 0) != 0)
		return "";
	std::string table = reason.substr(std::string(kAdoptedPrefix).size());
	if (table.empty())
		return "";
	size_t dot = table.find('.');
	if (dot == std::string::npos)
		return "public." + pgm::schema::GlobEscape(table);
	if (dot == 0 || dot + 1 == table.size())
		return "";
	return pgm::schema::GlobEscape(table.substr(0, dot)) + "." + pgm::schema::GlobEscape(table.substr(dot + 1));
}

std::vector<std::string>
AdoptedVersionTables(Connection &conn) {
	std::vector<std::string> patterns;
	ResultPtr res;
	try {
		res = conn.Exec("SELECT DISTINCT reason FROM pg_migrate.log WHERE direction OPERATOR(pg_catalog.=) 'stamp' "
		                "AND reason OPERATOR(pg_catalog.~~) 'adopted from %' ORDER BY 1");
	} catch (const DbError &e) {
		if (e.Sqlstate() != kInsufficientPrivilege)
			throw;
		return patterns;
	}
	for (int i = 0; i < PQntuples(res.get()); i++) {
		std::string pattern = AdoptedVersionTablePattern(PQgetvalue(res.get(), i, 0));
		if (!pattern.empty())
			patterns.push_back(pattern);
	}
	return patterns;
}

CLI::Option *
AddExcludeOption(CLI::App *sub, std::vector<std::string> &patterns) {
	return sub
	    ->add_option("--exclude", patterns,
	                 "Leave out of the comparison the objects whose schema-qualified name matches this glob "
	                 "(e.g. public.alembic_version, audit.*, *.tmp_*), with everything that belongs to an excluded "
	                 "table; repeatable, added to exclude in pgmig.toml")
	    ->allow_extra_args(false)
	    ->type_name("PATTERN");
}

CLI::Option *
AddModelsCommandOption(CLI::App *sub, std::string &command) {
	return sub
	    ->add_option("--models-command", command,
	                 "A command whose standard output is the models' DDL, used instead of model files; run with "
	                 "/bin/sh -c in the directory of pgmig.toml (default: models_command in pgmig.toml)")
	    ->type_name("CMD");
}

} // namespace pgmig
