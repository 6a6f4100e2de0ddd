/*
 * snapshot.cpp: parsing a snapshot document (docs/snapshot.md) into SnapshotData.
 *
 * Every field the diff reads is checked here: a missing field, a field of the wrong JSON
 * type, an unknown kind or a duplicate id is a 22P02 error whose DETAIL names the object and
 * the field, so a mismatch between the extension's snapshot and this pgmig is reported
 * precisely instead of producing a wrong diff.
 */
#include "autogen/snapshot.hpp"

#include "autogen/ddl.hpp"
#include "autogen/sql_lexer.hpp"

#include "core/error.hpp"
#include "core/message_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

namespace pgm::schema {

/*
 * CanonicalType: a type as format_type prints it, with a precision of 6 on timestamp, time
 * and interval left out: 6 is their maximum and their default, so timestamp(6) and timestamp
 * are the same type for every value (ORMs write the former), and must not count as a change.
 */
std::string
CanonicalType(std::string type) {
	static const std::pair<const char *, const char *> kSame[] = {
	    {"timestamp(6) with", "timestamp with"},
	    {"time(6) with", "time with"},
	    {"interval(6)", "interval"},
	    {"second(6)", "second"},
	};
	for (const auto &same : kSame) {
		const std::string from = same.first;
		for (size_t at = type.find(from); at != std::string::npos; at = type.find(from, at)) {
			type.replace(at, from.size(), same.second);
		}
	}
	return type;
}

/*
 * CanonicalDefault: CURRENT_TIMESTAMP is now(): the same function, a spelling PostgreSQL keeps
 * apart, wherever it stands in the expression (timezone('utc'::text, CURRENT_TIMESTAMP)); not
 * CURRENT_TIMESTAMP(p), which rounds, and not inside strings or quoted identifiers.
 */
std::string
CanonicalDefault(std::string expr) {
	std::vector<sql::Token> tokens = sql::Tokenize(expr);
	for (size_t i = tokens.size(); i-- > 0;) {
		const sql::Token &t = tokens[i];
		if (t.kind != sql::TokenKind::kWord || t.upper != "CURRENT_TIMESTAMP") {
			continue;
		}
		bool call = i + 1 < tokens.size() && tokens[i + 1].kind == sql::TokenKind::kPunct && tokens[i + 1].upper == "(";
		bool qualified = i > 0 && tokens[i - 1].kind == sql::TokenKind::kPunct && tokens[i - 1].upper == ".";
		if (!call && !qualified) {
			expr.replace(t.begin, t.end - t.begin, "now()");
		}
	}
	return expr;
}

/*
 * CanonicalOptions: reloptions as PostgreSQL stores them keep a boolean's spelling
 * (autovacuum_enabled=off, =false, =no); booleans are compared as true or false.
 */
std::vector<std::string>
CanonicalOptions(std::vector<std::string> options) {
	for (std::string &o : options) {
		size_t eq = o.find('=');
		if (eq == std::string::npos) {
			continue;
		}
		std::string v = o.substr(eq + 1);
		for (char &ch : v) {
			ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
		}
		if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') {
			v = v.substr(1, v.size() - 2);
		}
		if (v == "on" || v == "yes" || v == "true") {
			o = o.substr(0, eq + 1) + "true";
		} else if (v == "off" || v == "no" || v == "false") {
			o = o.substr(0, eq + 1) + "false";
		}
	}
	std::sort(options.begin(), options.end());
	return options;
}

namespace {

using Json = nlohmann::json;

constexpr int kSnapshotFormat = 1;

/* Reader: field access on one JSON object with errors naming the object and the field. */
class Reader {
public:
	Reader(const Json &j, std::string what, const std::string &source)
	    : j_(j), what_(std::move(what)), source_(source) {}

	[[noreturn]] void
	Fail(const std::string &detail) const {
		throw MigError(sqlstate::kInvalidTextRepresentation, "malformed schema snapshot of " + source_,
		               MessageText(what_, kMaxQuotedNameChars) + ": " + detail + ".",
		               "Use the same version of pg_migrate in the database and pgmig.");
	}

	const Json &
	Field(const char *name) const {
		auto it = j_.find(name);
		if (it == j_.end()) {
			Fail(std::string("field \"") + name + "\" is missing");
		}
		return *it;
	}

	std::string
	Text(const char *name) const {
		const Json &v = Field(name);
		if (!v.is_string()) {
			Fail(std::string("field \"") + name + "\" is not a string");
		}
		return v.get<std::string>();
	}

	OptText
	OptionalText(const char *name) const {
		auto it = j_.find(name);
		if (it == j_.end() || it->is_null()) {
			return std::nullopt;
		}
		if (!it->is_string()) {
			Fail(std::string("field \"") + name + "\" is neither a string nor null");
		}
		return it->get<std::string>();
	}

	bool
	Bool(const char *name) const {
		const Json &v = Field(name);
		if (!v.is_boolean()) {
			Fail(std::string("field \"") + name + "\" is not a boolean");
		}
		return v.get<bool>();
	}

	int64_t
	Int(const char *name) const {
		const Json &v = Field(name);
		if (v.is_number_integer()) {
			return v.get<int64_t>();
		}
		if (v.is_string()) {
			try {
				size_t used = 0;
				std::string s = v.get<std::string>();
				long long n = std::stoll(s, &used);
				if (used == s.size()) {
					return n;
				}
			} catch (const std::exception &) {
			}
		}
		Fail(std::string("field \"") + name + "\" is not an integer");
	}

	std::vector<std::string>
	TextArray(const char *name, bool optional = false) const {
		std::vector<std::string> out;
		auto it = j_.find(name);
		if (optional && (it == j_.end() || it->is_null())) {
			return out;
		}
		const Json &v = Field(name);
		if (!v.is_array()) {
			Fail(std::string("field \"") + name + "\" is not an array");
		}
		for (const Json &e : v) {
			if (!e.is_string()) {
				Fail(std::string("field \"") + name + "\" holds a non-string element");
			}
			out.push_back(e.get<std::string>());
		}
		return out;
	}

	const Json &
	Array(const char *name) const {
		const Json &v = Field(name);
		if (!v.is_array()) {
			Fail(std::string("field \"") + name + "\" is not an array");
		}
		return v;
	}

	const std::string &
	What() const {
		return what_;
	}

private:
	const Json &j_;
	std::string what_;
	const std::string &source_;
};

bool
ParseKind(const std::string &s, Kind *kind) {
	static const std::pair<const char *, Kind> kKinds[] = {
	    {"schema", Kind::kSchema},       {"extension", Kind::kExtension},   {"enum", Kind::kEnum},
	    {"domain", Kind::kDomain},       {"composite", Kind::kComposite},   {"sequence", Kind::kSequence},
	    {"table", Kind::kTable},         {"constraint", Kind::kConstraint}, {"index", Kind::kIndex},
	    {"view", Kind::kView},           {"matview", Kind::kMatview},       {"function", Kind::kFunction},
	    {"procedure", Kind::kProcedure}, {"trigger", Kind::kTrigger},       {"policy", Kind::kPolicy},
	    {"aggregate", Kind::kAggregate}, {"collation", Kind::kCollation},
	};
	for (const auto &k : kKinds) {
		if (s == k.first) {
			*kind = k.second;
			return true;
		}
	}
	return false;
}

SequenceOptions
ParseSequenceOptions(const Reader &r, bool identity) {
	SequenceOptions o;
	if (identity) {
		o.qname = r.Text("qname");
	} else {
		o.data_type = r.Text("data_type");
	}
	o.start = r.Int("start");
	o.increment = r.Int("increment");
	o.min = r.Int("min");
	o.max = r.Int("max");
	o.cache = r.Int("cache");
	o.cycle = r.Bool("cycle");
	return o;
}

/*
 * ParseColumn: one column of table table_id, named in errors by its id.  The type is
 * canonicalized and a CURRENT_TIMESTAMP default spelled now(), so that spellings PostgreSQL
 * keeps apart do not count as changes; without inherit_count, an inherited column counts one
 * parent.
 */
Column
ParseColumn(const Json &j, const std::string &table_id, const std::string &source) {
	if (!j.is_object()) {
		Reader(j, "object \"" + table_id + "\"", source).Fail("a column is not an object");
	}
	std::string label = "column " + (j.contains("id") && j["id"].is_string() ? j["id"].get<std::string>() : "?") +
	                    " of object \"" + table_id + "\"";
	Reader r(j, label, source);
	Column c;
	c.name = r.Text("name");
	c.id = r.Text("id");
	c.type = CanonicalType(r.Text("type"));
	c.not_null = r.Bool("not_null");
	c.default_expr = r.OptionalText("default");
	if (c.default_expr) {
		c.default_expr = CanonicalDefault(*c.default_expr);
	}
	c.identity = r.Text("identity");
	if (c.identity != "" && c.identity != "a" && c.identity != "d") {
		r.Fail("field \"identity\" is not \"\", \"a\" or \"d\"");
	}
	const Json &seq = r.Field("identity_sequence");
	if (!seq.is_null()) {
		if (!seq.is_object()) {
			r.Fail("field \"identity_sequence\" is neither an object nor null");
		}
		c.identity_sequence = ParseSequenceOptions(Reader(seq, label + " (identity_sequence)", source), true);
	} else if (!c.identity.empty()) {
		r.Fail("an identity column has no \"identity_sequence\"");
	}
	c.generated = r.Text("generated");
	c.generation_expr = r.OptionalText("generation_expr");
	if (!c.generated.empty() && !c.generation_expr) {
		r.Fail("a generated column has no \"generation_expr\"");
	}
	c.collation = r.OptionalText("collation");
	c.comment = r.OptionalText("comment");
	auto inh = j.find("inherited");
	c.inherited = inh != j.end() && inh->is_boolean() && inh->get<bool>();
	auto inhcount = j.find("inherit_count");
	if (inhcount != j.end() && !inhcount->is_null()) {
		c.inherit_count = static_cast<int>(r.Int("inherit_count"));
	} else {
		c.inherit_count = c.inherited ? 1 : 0;
	}
	c.acl = r.TextArray("acl", true);
	c.deps = r.TextArray("deps", true);
	return c;
}

/*
 * ParseObject: one object, named in errors by its id, or by its position when it has none.
 * Only the fields of its kind are read and checked; the others keep Object's defaults.
 */
Object
ParseObject(const Json &j, size_t index, const std::string &source) {
	if (!j.is_object()) {
		Reader(j, "object " + std::to_string(index + 1), source).Fail("it is not a JSON object");
	}
	std::string label = "object " + std::to_string(index + 1);
	if (j.contains("id") && j["id"].is_string()) {
		label = "object \"" + j["id"].get<std::string>() + "\"";
	}
	Reader r(j, label, source);
	Object o;
	o.id = r.Text("id");
	std::string kind = r.Text("kind");
	if (!ParseKind(kind, &o.kind)) {
		r.Fail("kind \"" + MessageText(kind) + "\" is unknown");
	}
	o.comment = r.OptionalText("comment");
	o.deps = r.TextArray("deps", true);
	o.acl = r.TextArray("acl", true);
	o.name = r.Text("name");
	if (o.kind == Kind::kSchema) {
		o.qname = o.name;
	} else if (o.kind == Kind::kExtension) {
		o.qname = o.name;
		o.schema = r.Text("schema");
		o.version = r.Text("version");
		o.has_update_targets = j.contains("update_targets") && !j["update_targets"].is_null();
		o.update_targets = r.TextArray("update_targets", true);
	} else {
		o.schema = r.Text("schema");
		if (o.kind == Kind::kConstraint || o.kind == Kind::kTrigger || o.kind == Kind::kPolicy) {
			o.qname = o.name;
		} else {
			o.qname = r.Text("qname");
		}
	}
	switch (o.kind) {
		case Kind::kSchema:
		case Kind::kExtension:
			break;
		case Kind::kEnum:
			o.labels = r.TextArray("labels");
			break;
		case Kind::kDomain: {
			o.base_type = CanonicalType(r.Text("base_type"));
			o.not_null = r.Bool("not_null");
			o.default_expr = r.OptionalText("default");
			o.collation = r.OptionalText("collation");
			for (const Json &c : r.Array("constraints")) {
				Reader cr(c, label + " (a domain constraint)", source);
				if (!c.is_object()) {
					cr.Fail("it is not an object");
				}
				o.constraints.push_back(NamedDef{cr.Text("name"), cr.Text("def")});
			}
			break;
		}
		case Kind::kComposite:
			for (const Json &a : r.Array("attributes")) {
				Reader ar(a, label + " (an attribute)", source);
				if (!a.is_object()) {
					ar.Fail("it is not an object");
				}
				o.attributes.push_back(
				    Attribute{ar.Text("name"), CanonicalType(ar.Text("type")), ar.OptionalText("collation")});
			}
			break;
		case Kind::kSequence:
			o.sequence = ParseSequenceOptions(r, false);
			o.owned_by = r.OptionalText("owned_by");
			break;
		case Kind::kTable: {
			o.persistence = r.Text("persistence");
			o.partition_key = r.OptionalText("partition_key");
			o.partition_of = r.OptionalText("partition_of");
			o.partition_bound = r.OptionalText("partition_bound");
			o.inherits = r.TextArray("inherits", true);
			o.options = CanonicalOptions(r.TextArray("options", true));
			o.rls_enabled = r.Bool("rls_enabled");
			o.rls_forced = r.Bool("rls_forced");
			for (const Json &c : r.Array("columns")) {
				o.columns.push_back(ParseColumn(c, o.id, source));
			}
			break;
		}
		case Kind::kConstraint:
			o.table = r.Text("table");
			o.contype = r.Text("type");
			o.def = r.Text("def");
			break;
		case Kind::kIndex:
			o.table = r.Text("table");
			o.def = CanonicalIndexDef(r.Text("def"));
			if (j.contains("valid") && !j["valid"].is_null()) {
				o.valid = r.Bool("valid");
			}
			break;
		case Kind::kView:
		case Kind::kMatview: {
			o.def = r.Text("def");
			o.options = CanonicalOptions(r.TextArray("options", true));
			auto cc = j.find("column_comments");
			if (cc != j.end() && !cc->is_null()) {
				if (!cc->is_object()) {
					r.Fail("field \"column_comments\" is not an object");
				}
				for (auto it = cc->begin(); it != cc->end(); ++it) {
					if (!it.value().is_string()) {
						r.Fail("field \"column_comments\" holds a non-string comment");
					}
					o.column_comments[it.key()] = it.value().get<std::string>();
				}
			}
			break;
		}
		case Kind::kFunction:
		case Kind::kProcedure:
		case Kind::kAggregate:
			o.identity_args = r.Text("identity_args");
			o.arguments = r.Text("arguments");
			o.result = r.OptionalText("result");
			o.def = r.Text("def");
			break;
		case Kind::kTrigger:
			o.table = r.Text("table");
			o.def = r.Text("def");
			o.enabled = r.Text("enabled");
			break;
		case Kind::kCollation:
			o.def = r.Text("def");
			break;
		case Kind::kPolicy:
			o.table = r.Text("table");
			o.permissive = r.Bool("permissive");
			o.command = r.Text("command");
			o.roles = r.TextArray("roles");
			o.using_expr = r.OptionalText("using");
			o.with_check = r.OptionalText("with_check");
			break;
	}
	return o;
}

} // namespace

const char *
KindName(Kind kind) {
	switch (kind) {
		case Kind::kSchema:
			return "schema";
		case Kind::kExtension:
			return "extension";
		case Kind::kEnum:
			return "enum";
		case Kind::kDomain:
			return "domain";
		case Kind::kComposite:
			return "composite";
		case Kind::kSequence:
			return "sequence";
		case Kind::kTable:
			return "table";
		case Kind::kConstraint:
			return "constraint";
		case Kind::kIndex:
			return "index";
		case Kind::kView:
			return "view";
		case Kind::kMatview:
			return "matview";
		case Kind::kFunction:
			return "function";
		case Kind::kProcedure:
			return "procedure";
		case Kind::kAggregate:
			return "aggregate";
		case Kind::kCollation:
			return "collation";
		case Kind::kTrigger:
			return "trigger";
		case Kind::kPolicy:
			return "policy";
	}
	return "?";
}

const Column *
Object::FindColumn(const std::string &column_name) const {
	for (const Column &c : columns) {
		if (c.name == column_name) {
			return &c;
		}
	}
	return nullptr;
}

const Object *
SnapshotData::Find(const std::string &id) const {
	auto it = objects.find(id);
	return it == objects.end() ? nullptr : &it->second;
}

const ColumnRef *
SnapshotData::FindColumn(const std::string &column_id) const {
	auto it = columns.find(column_id);
	return it == columns.end() ? nullptr : &it->second;
}

Snapshot::Snapshot() : data_(std::make_unique<SnapshotData>()) {}
Snapshot::~Snapshot() = default;
Snapshot::Snapshot(Snapshot &&) noexcept = default;
Snapshot &Snapshot::operator=(Snapshot &&) noexcept = default;

size_t
Snapshot::ObjectCount() const {
	return data_->objects.size();
}

namespace {

/* Unquoted: a name as quote_ident printed it, without the quotes ("\"Order\"" -> Order). */
std::string
Unquoted(const std::string &name) {
	if (name.size() < 2 || name.front() != '"' || name.back() != '"') {
		return name;
	}
	std::string out;
	for (size_t i = 1; i + 1 < name.size(); ++i) {
		out += name[i];
		if (name[i] == '"' && i + 2 < name.size() && name[i + 1] == '"') {
			++i;
		}
	}
	return out;
}

} // namespace

/* SpellingsToCheck: the column is found as ApplySpellings finds it. */
std::vector<ColumnSpelling>
SpellingsToCheck(const Snapshot &snapshot, const std::vector<ColumnSpelling> &spellings) {
	std::map<std::tuple<std::string, std::string, std::string>, const Column *> columns;
	for (const auto &entry : snapshot.Data().objects) {
		const Object &o = entry.second;
		if (o.kind == Kind::kTable) {
			for (const Column &c : o.columns) {
				columns[{Unquoted(o.schema), Unquoted(o.name), Unquoted(c.name)}] = &c;
			}
		}
	}
	std::vector<ColumnSpelling> out;
	for (const ColumnSpelling &s : spellings) {
		auto it = columns.find({s.schema, s.table, s.column});
		if (it == columns.end() || s.type.empty()) {
			continue;
		}
		const Column &c = *it->second;
		bool type_differs = s.type != c.type;
		bool default_differs = s.default_expr && c.default_expr && *s.default_expr != *c.default_expr;
		if (type_differs || default_differs) {
			out.push_back(s);
		}
	}
	return out;
}

/*
 * ApplySpellings: the columns are found by their unquoted schema, table and column names; a
 * spelling equal to PostgreSQL's own is not recorded (it changes nothing).
 */
void
ApplySpellings(Snapshot &snapshot, const std::vector<ColumnSpelling> &spellings) {
	std::map<std::tuple<std::string, std::string, std::string>, const ColumnSpelling *> wanted;
	for (const ColumnSpelling &s : spellings) {
		wanted[{s.schema, s.table, s.column}] = &s;
	}
	for (auto &entry : snapshot.data_->objects) {
		Object &o = entry.second;
		if (o.kind != Kind::kTable) {
			continue;
		}
		std::string schema = Unquoted(o.schema);
		std::string table = Unquoted(o.name);
		for (Column &c : o.columns) {
			auto it = wanted.find({schema, table, Unquoted(c.name)});
			if (it == wanted.end()) {
				continue;
			}
			const ColumnSpelling &s = *it->second;
			if (!s.type.empty() && s.type != c.type && s.deparsed_type && CanonicalType(*s.deparsed_type) == c.type) {
				c.type_spelling = s.type;
			}
			if (s.default_expr && c.default_expr && *s.default_expr != *c.default_expr && s.deparsed_default &&
			    CanonicalDefault(*s.deparsed_default) == *c.default_expr) {
				c.default_spelling = s.default_expr;
			}
		}
	}
}

namespace {

/*
 * CheckNoInheritanceCycle: PostgreSQL never lets a table be its own ancestor, through
 * partition_of or inherits; the differ walks those parents recursively (ColumnBefore,
 * diff_classify.cpp), so a document claiming a cycle is malformed rather than a schema.
 * An iterative depth-first walk: deep hierarchies cost no stack.
 */
void
CheckNoInheritanceCycle(const SnapshotData &data, const std::string &source) {
	enum class Mark { kOnPath, kDone };
	std::map<std::string, Mark> marks;
	auto parents = [&data](const std::string &id) {
		std::vector<std::string> out;
		auto it = data.objects.find(id);
		if (it != data.objects.end()) {
			if (it->second.partition_of) {
				out.push_back(*it->second.partition_of);
			}
			out.insert(out.end(), it->second.inherits.begin(), it->second.inherits.end());
		}
		return out;
	};
	for (const auto &entry : data.objects) {
		if (marks.count(entry.first) != 0) {
			continue;
		}
		// The path from entry: each table with its parents and the next one to visit.
		std::vector<std::pair<std::string, std::pair<std::vector<std::string>, size_t>>> path;
		path.push_back({entry.first, {parents(entry.first), 0}});
		marks[entry.first] = Mark::kOnPath;
		while (!path.empty()) {
			auto &top = path.back();
			if (top.second.second == top.second.first.size()) {
				marks[top.first] = Mark::kDone;
				path.pop_back();
				continue;
			}
			const std::string parent = top.second.first[top.second.second++];
			auto mark = marks.find(parent);
			if (mark != marks.end() && mark->second == Mark::kOnPath) {
				throw MigError(sqlstate::kInvalidTextRepresentation, "malformed schema snapshot of " + source,
				               "Table \"" + MessageText(parent, kMaxQuotedNameChars) +
				                   "\" inherits from itself (through partition_of or inherits).",
				               "Use the same version of pg_migrate in the database and pgmig.");
			}
			if (mark == marks.end() && data.objects.count(parent) != 0) {
				marks[parent] = Mark::kOnPath;
				path.push_back({parent, {parents(parent), 0}});
			}
		}
	}
}

} // namespace

/*
 * ParseSnapshot: the document must be a JSON object with "format": 1 and an "objects" array;
 * every object is checked by ParseObject, ids must be unique (columns' ids too), and no table
 * may be its own ancestor.
 */
Snapshot
ParseSnapshot(std::string_view json, const std::string &source) {
	Json doc;
	try {
		doc = Json::parse(json.begin(), json.end());
	} catch (const Json::exception &e) {
		throw MigError(sqlstate::kInvalidTextRepresentation, "schema snapshot of " + source + " is not valid JSON",
		               MessageText(e.what(), kMaxQuotedNameChars));
	}
	if (!doc.is_object()) {
		throw MigError(sqlstate::kInvalidTextRepresentation, "malformed schema snapshot of " + source,
		               "The document is not a JSON object.");
	}
	auto fmt = doc.find("format");
	if (fmt == doc.end() || !fmt->is_number_integer() || fmt->get<int64_t>() != kSnapshotFormat) {
		std::string got = fmt == doc.end() ? "missing" : MessageText(fmt->dump());
		throw MigError(sqlstate::kInvalidTextRepresentation, "unknown schema snapshot format in " + source,
		               "The format is " + got + "; this pgmig reads format " + std::to_string(kSnapshotFormat) + ".",
		               "Use the same version of pg_migrate in the database and pgmig.");
	}
	auto objs = doc.find("objects");
	if (objs == doc.end() || !objs->is_array()) {
		throw MigError(sqlstate::kInvalidTextRepresentation, "malformed schema snapshot of " + source,
		               "The document has no \"objects\" array.");
	}
	Snapshot snap;
	SnapshotData &data = *snap.data_;
	size_t index = 0;
	for (const Json &j : *objs) {
		Object o = ParseObject(j, index++, source);
		std::string id = o.id;
		if (!data.objects.emplace(id, std::move(o)).second) {
			throw MigError(sqlstate::kInvalidTextRepresentation, "malformed schema snapshot of " + source,
			               "Object id \"" + MessageText(id, kMaxQuotedNameChars) + "\" occurs twice.");
		}
	}
	for (const auto &entry : data.objects) {
		const Object &o = entry.second;
		for (size_t i = 0; i < o.columns.size(); ++i) {
			if (!data.columns.emplace(o.columns[i].id, ColumnRef{&o, i}).second) {
				throw MigError(sqlstate::kInvalidTextRepresentation, "malformed schema snapshot of " + source,
				               "Column id \"" + MessageText(o.columns[i].id, kMaxQuotedNameChars) + "\" occurs twice.");
			}
		}
	}
	CheckNoInheritanceCycle(data, source);
	return snap;
}

} // namespace pgm::schema
