/*
 * autogen_test_helpers.hpp: building schema snapshots tersely for the unit tests of the
 * differ (autogen_diff_*_test.cpp): objects as the JSON of migrate_snapshot() describes them
 * (docs/snapshot.md), with every field a kind needs set to its neutral value, and the diff of
 * two lists of them.
 */
#pragma once

#include "autogen/diff.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace pgm::schema::autogen_test {

using Json = nlohmann::json;
using Lines = std::vector<std::string>;

/* Col: a plain column of table tq ("public.t"). */
inline Json
Col(const std::string &tq, const std::string &name, const std::string &type, Json extra = Json::object()) {
	Json c = {{"name", name},
	          {"id", "column:" + tq + "." + name},
	          {"type", type},
	          {"not_null", false},
	          {"default", nullptr},
	          {"identity", ""},
	          {"identity_sequence", nullptr},
	          {"generated", ""},
	          {"generation_expr", nullptr},
	          {"collation", nullptr},
	          {"comment", nullptr},
	          {"inherited", false},
	          {"deps", Json::array()}};
	c.update(extra);
	return c;
}

/* Table: a plain table public.<name> with these columns; other fields in extra. */
inline Json
Table(const std::string &name, Json columns, Json extra = Json::object()) {
	Json t = {{"kind", "table"},
	          {"id", "table:public." + name},
	          {"schema", "public"},
	          {"name", name},
	          {"qname", "public." + name},
	          {"comment", nullptr},
	          {"deps", Json::array()},
	          {"persistence", "p"},
	          {"partition_key", nullptr},
	          {"partition_of", nullptr},
	          {"partition_bound", nullptr},
	          {"options", Json::array()},
	          {"rls_enabled", false},
	          {"rls_forced", false},
	          {"columns", columns}};
	t.update(extra);
	return t;
}

/* Obj: an object of any other kind in schema public; fields in extra. */
inline Json
Obj(const std::string &kind, const std::string &id, const std::string &name, Json extra = Json::object()) {
	Json o = {{"kind", kind},
	          {"id", id},
	          {"schema", "public"},
	          {"name", name},
	          {"qname", "public." + name},
	          {"comment", nullptr},
	          {"deps", Json::array()}};
	o.update(extra);
	return o;
}

/* Constraint: a constraint of table public.<table> of this type ("p", "f", "c"...) and definition. */
inline Json
Constraint(const std::string &table, const std::string &name, const std::string &type, const std::string &def,
           Json deps = Json::array()) {
	return Obj("constraint", "constraint:public." + table + "." + name, name,
	           {{"table", "table:public." + table}, {"type", type}, {"def", def}, {"deps", deps}});
}

/* View: a view public.<name> with this definition and these dependencies. */
inline Json
View(const std::string &name, const std::string &def, Json deps) {
	return Obj("view", "view:public." + name, name,
	           {{"def", def}, {"options", Json::array()}, {"column_comments", Json::object()}, {"deps", deps}});
}

/* Snap: a parsed snapshot of these objects. */
inline Snapshot
Snap(Json objects) {
	Json doc = {{"format", 1}, {"objects", objects}};
	return ParseSnapshot(doc.dump(), "the test");
}

/* Upgrade: the statements that turn the objects from into the objects to. */
inline Lines
Upgrade(Json from, Json to) {
	return Diff(Snap(std::move(from)), Snap(std::move(to))).statements;
}

/* Changes: the change lines of a diff, the destructive ones marked " [destructive]". */
inline Lines
Changes(const DiffResult &d) {
	Lines out;
	for (const Change &c : d.changes) {
		out.push_back(c.description + (c.destructive ? " [destructive]" : ""));
	}
	return out;
}

/* Enum: an enum public.<name> with these labels. */
inline Json
Enum(const std::string &name, Json labels) {
	return Obj("enum", "type:public." + name, name, {{"labels", labels}});
}

/* Sequence: an integer sequence public.<name> starting at 1; other fields in extra. */
inline Json
Sequence(const std::string &name, Json extra = Json::object()) {
	Json s = {{"data_type", "integer"}, {"start", 1}, {"increment", 1}, {"min", 1},
	          {"max", 2147483647},      {"cache", 1}, {"cycle", false}, {"owned_by", nullptr}};
	s.update(extra);
	return Obj("sequence", "sequence:public." + name, name, s);
}

/* Function: a plpgsql function public.<name>(args) returning result with this body. */
inline Json
Function(const std::string &name, const std::string &args, const std::string &result, const std::string &body) {
	return Obj("function", "function:public." + name + "(" + args + ")", name,
	           {{"identity_args", args},
	            {"arguments", args},
	            {"result", result},
	            {"def", "CREATE OR REPLACE FUNCTION public." + name + "(" + args + ")\n RETURNS " + result +
	                        "\n LANGUAGE plpgsql\nAS $function$" + body + "$function$\n"}});
}

inline Json
InhCol(const std::string &tq, const std::string &name, const std::string &type, Json extra = Json::object()) {
	Json c = Col(tq, name, type, {{"inherited", true}, {"inherit_count", 1}});
	c.update(extra);
	return c;
}

} // namespace pgm::schema::autogen_test
