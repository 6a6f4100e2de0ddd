/*
 * diff_privileges.cpp: GRANT and REVOKE, compared only with DiffOptions::compare_privileges.
 * The snapshot lists each object's effective privileges (acl: "grantee:PRIVILEGE", "*" for
 * WITH GRANT OPTION, PUBLIC for everyone; the owner's own entries left out), so two objects with
 * the same privileges compare equal however they got them (a NULL ACL is the kind's default).
 * A new object starts from its kind's default (DefaultAcl); a kept one from its old list.
 */
#include "autogen/differ.hpp"

#include "core/message_text.hpp"

#include <map>

namespace pgm::schema::internal {

namespace {

/* Grants: grantee -> privilege -> with grant option. */
using Grants = std::map<std::string, std::map<std::string, bool>>;

Grants
ParseAcl(const std::vector<std::string> &acl) {
	Grants out;
	for (const std::string &item : acl) {
		size_t colon = item.rfind(':');
		if (colon == std::string::npos || colon + 1 >= item.size()) {
			continue;
		}
		std::string privilege = item.substr(colon + 1);
		bool grantable = privilege.back() == '*';
		if (grantable) {
			privilege.pop_back();
		}
		out[item.substr(0, colon)][privilege] = grantable;
	}
	return out;
}

/* HasAcl: the kinds whose privileges the snapshot lists. */
bool
HasAcl(Kind k) {
	return k == Kind::kSchema || k == Kind::kTable || k == Kind::kView || k == Kind::kMatview || k == Kind::kSequence ||
	       k == Kind::kFunction || k == Kind::kProcedure || k == Kind::kAggregate;
}

/* Target: the object as GRANT names it ("TABLE public.t", "FUNCTION public.f(a integer)"). */
std::string
Target(const Object &o) {
	switch (o.kind) {
		case Kind::kSchema:
			return "SCHEMA " + o.name;
		case Kind::kSequence:
			return "SEQUENCE " + o.qname;
		case Kind::kFunction:
		case Kind::kAggregate:
			return "FUNCTION " + o.qname + "(" + o.identity_args + ")";
		case Kind::kProcedure:
			return "PROCEDURE " + o.qname + "(" + o.identity_args + ")";
		default:
			return "TABLE " + o.qname;
	}
}

/* Change: one privilege of one grantee that differs; to_grant/to_option say what it becomes. */
struct PrivChange {
	std::string grantee, privilege;
	bool granted_before, option_before, granted_after, option_after;
};

std::vector<PrivChange>
Changes(const std::vector<std::string> &from_acl, const std::vector<std::string> &to_acl) {
	Grants a = ParseAcl(from_acl);
	Grants b = ParseAcl(to_acl);
	std::map<std::pair<std::string, std::string>, PrivChange> all;
	for (const auto &g : a) {
		for (const auto &p : g.second) {
			all[{g.first, p.first}] = PrivChange{g.first, p.first, true, p.second, false, false};
		}
	}
	for (const auto &g : b) {
		for (const auto &p : g.second) {
			auto it = all.find({g.first, p.first});
			if (it == all.end()) {
				all[{g.first, p.first}] = PrivChange{g.first, p.first, false, false, true, p.second};
			} else {
				it->second.granted_after = true;
				it->second.option_after = p.second;
			}
		}
	}
	std::vector<PrivChange> out;
	for (const auto &e : all) {
		const PrivChange &c = e.second;
		if (c.granted_before != c.granted_after || c.option_before != c.option_after) {
			out.push_back(c);
		}
	}
	return out;
}

/*
 * Statements: REVOKE first (what goes, then grant options that go), then GRANT, one statement per
 * grantee and kind of change, privileges in name order.  on is "SELECT (col) ON TABLE t" style
 * minus the privilege: column is "" or " (col)".
 */
std::vector<Stmt>
Statements(const std::string &target, const std::string &column, const std::vector<PrivChange> &changes) {
	std::map<std::string, std::vector<std::string>> revoke, revoke_option, grant, grant_option;
	for (const PrivChange &c : changes) {
		std::string priv = c.privilege + column;
		if (c.granted_before && !c.granted_after) {
			revoke[c.grantee].push_back(priv);
		} else if (c.granted_after && !c.option_after && c.option_before) {
			revoke_option[c.grantee].push_back(priv);
		} else if (c.granted_after && c.option_after) {
			grant_option[c.grantee].push_back(priv);
		} else if (c.granted_after) {
			grant[c.grantee].push_back(priv);
		}
	}
	std::vector<Stmt> out;
	auto add = [&out](std::string sql) { out.push_back(Stmt{{}, {}, std::move(sql)}); };
	for (const auto &r : revoke) {
		add("REVOKE " + JoinComma(r.second) + " ON " + target + " FROM " + r.first + ";");
	}
	for (const auto &r : revoke_option) {
		add("REVOKE GRANT OPTION FOR " + JoinComma(r.second) + " ON " + target + " FROM " + r.first + ";");
	}
	for (const auto &g : grant) {
		add("GRANT " + JoinComma(g.second) + " ON " + target + " TO " + g.first + ";");
	}
	for (const auto &g : grant_option) {
		add("GRANT " + JoinComma(g.second) + " ON " + target + " TO " + g.first + " WITH GRANT OPTION;");
	}
	return out;
}

} // namespace

/* DefaultAcl: what a new object of a kind grants besides its owner (PUBLIC runs functions). */
std::vector<std::string>
DefaultAcl(Kind kind) {
	if (kind == Kind::kFunction || kind == Kind::kProcedure || kind == Kind::kAggregate) {
		return {"PUBLIC:EXECUTE"};
	}
	return {};
}

/* NotePrivileges: one change line per privilege that differs. */
void
Differ::NotePrivileges(const std::string &what, const std::vector<std::string> &from_acl,
                       const std::vector<std::string> &to_acl) {
	if (!options_.compare_privileges) {
		return;
	}
	for (const PrivChange &c : Changes(from_acl, to_acl)) {
		if (c.granted_before && !c.granted_after) {
			Note("revoked " + c.privilege + " on " + what + " from " + c.grantee);
		} else if (!c.granted_before) {
			Note("granted " + c.privilege + " on " + what + " to " + c.grantee +
			     (c.option_after ? " WITH GRANT OPTION" : ""));
		} else if (c.option_after) {
			Note("granted the grant option for " + c.privilege + " on " + what + " to " + c.grantee);
		} else {
			Note("revoked the grant option for " + c.privilege + " on " + what + " from " + c.grantee);
		}
	}
}

/* GrantStatements: the GRANT and REVOKE that turn from_acl into o's privileges. */
std::vector<Stmt>
Differ::GrantStatements(const Object &o, const std::vector<std::string> &from_acl) {
	if (!options_.compare_privileges || !HasAcl(o.kind)) {
		return {};
	}
	return Statements(Target(o), "", Changes(from_acl, o.acl));
}

/*
 * RecreatedGrants: the grants of a created object t and its columns.  With compare_privileges,
 * the models' (from the kind's default); without, for an object dropped and created again, the
 * privileges it has on the side keep_privileges names (the live database), so that a rebuild
 * does not silently revoke grants made outside the models.
 */
std::vector<Stmt>
Differ::RecreatedGrants(const Object &t) {
	std::vector<Stmt> out;
	if (!HasAcl(t.kind)) {
		return out;
	}
	if (options_.compare_privileges) {
		out = Statements(Target(t), "", Changes(DefaultAcl(t.kind), t.acl));
		for (const Column &c : t.columns) {
			for (Stmt &g : Statements("TABLE " + t.qname, " (" + c.name + ")", Changes({}, c.acl))) {
				out.push_back(std::move(g));
			}
		}
		return out;
	}
	const Object *f = from_.Find(t.id);
	if (f == nullptr || rebuild_.count(t.id) == 0 || options_.keep_privileges == DiffOptions::Keep::kNone) {
		return out;
	}
	const Object &side = options_.keep_privileges == DiffOptions::Keep::kFrom ? *f : t;
	out = Statements(Target(t), "", Changes(DefaultAcl(t.kind), side.acl));
	for (const Column &c : t.columns) {
		const Column *sc = side.FindColumn(c.name);
		if (sc != nullptr) {
			for (Stmt &g : Statements("TABLE " + t.qname, " (" + c.name + ")", Changes({}, sc->acl))) {
				out.push_back(std::move(g));
			}
		}
	}
	return out;
}

/* RecreatedColumnGrants: the same for a column added to a kept table; old: the column it replaces. */
std::vector<Stmt>
Differ::RecreatedColumnGrants(const Object &t, const Column &b, const Column *old) {
	if (options_.compare_privileges) {
		return Statements("TABLE " + t.qname, " (" + b.name + ")", Changes({}, b.acl));
	}
	if (old == nullptr || options_.keep_privileges == DiffOptions::Keep::kNone) {
		return {};
	}
	const Column &side = options_.keep_privileges == DiffOptions::Keep::kFrom ? *old : b;
	return Statements("TABLE " + t.qname, " (" + b.name + ")", Changes({}, side.acl));
}

/* ColumnGrantStatements: the same for the column privileges of c. */
std::vector<Stmt>
Differ::ColumnGrantStatements(const Object &table, const Column &c, const std::vector<std::string> &from_acl) {
	if (!options_.compare_privileges) {
		return {};
	}
	return Statements("TABLE " + table.qname, " (" + c.name + ")", Changes(from_acl, c.acl));
}

} // namespace pgm::schema::internal
