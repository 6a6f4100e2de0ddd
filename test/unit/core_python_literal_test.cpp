/*
 * core_python_literal_test.cpp: the Python literal reader of "pgmig import alembic": string
 * prefixes, quotes and escapes, implicit concatenation, tuples and lists, docstrings, the
 * top-level assignments of an Alembic header, and the rejections (file and line named).
 */
#include "core/error.hpp"
#include "core/python_literal.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using pgm::PyValue;

PyValue
Str(const std::string &s) {
	PyValue v;
	v.kind = PyValue::Kind::kString;
	v.text = s;
	return v;
}

std::string
ErrorDetail(const std::string &source) {
	try {
		pgm::ReadAlembicRevisionHeader("versions/x.py", source);
	} catch (const pgm::MigError &e) {
		EXPECT_EQ(e.Sqlstate(), "MG008");
		EXPECT_NE(e.Message().find("\"versions/x.py\""), std::string::npos) << e.Message();
		return e.Detail();
	}
	ADD_FAILURE() << "no error for: " << source;
	return "";
}

TEST(PythonLiteral, Strings) {
	EXPECT_EQ(pgm::ParsePythonLiteral("'abc'"), Str("abc"));
	EXPECT_EQ(pgm::ParsePythonLiteral("\"a'b\""), Str("a'b"));
	EXPECT_EQ(pgm::ParsePythonLiteral("'a\\'b'"), Str("a'b"));
	EXPECT_EQ(pgm::ParsePythonLiteral("'a' \"b\" '''c''' \"\"\"d\"\"\""), Str("abcd"));
	EXPECT_EQ(pgm::ParsePythonLiteral("r'a\\nb'"), Str("a\\nb"));
	EXPECT_EQ(pgm::ParsePythonLiteral("R'a\\'b'"), Str("a\\'b"));
	EXPECT_EQ(pgm::ParsePythonLiteral("u'x'"), Str("x"));
	EXPECT_EQ(pgm::ParsePythonLiteral("'\\t\\n\\x41\\101\\u00e9\\U0001F600\\q'"),
	          Str("\t\nAA\xC3\xA9\xF0\x9F\x98\x80\\q"));
	EXPECT_EQ(pgm::ParsePythonLiteral("'a\\\nb'"), Str("ab"));
	EXPECT_EQ(pgm::ParsePythonLiteral("'''a\nb'''"), Str("a\nb"));
	EXPECT_EQ(pgm::ParsePythonLiteral("'''a''b'''"), Str("a''b"));
	EXPECT_EQ(pgm::ParsePythonLiteral("'\xE5\x88\x86'"), Str("\xE5\x88\x86"));
}

TEST(PythonLiteral, Containers) {
	PyValue t = pgm::ParsePythonLiteral("('a', ('b',), [], None, True, 12,)");
	ASSERT_EQ(t.kind, PyValue::Kind::kTuple);
	ASSERT_EQ(t.items.size(), 6u);
	EXPECT_EQ(t.items[1].kind, PyValue::Kind::kTuple);
	EXPECT_EQ(t.items[2].kind, PyValue::Kind::kList);
	EXPECT_EQ(t.items[3].kind, PyValue::Kind::kNone);
	EXPECT_EQ(pgm::PyRepr(t), "('a', ('b',), [], None, True, 12)");
	EXPECT_EQ(pgm::ParsePythonLiteral("('a')"), Str("a"));
	EXPECT_EQ(pgm::ParsePythonLiteral("(('a'))"), Str("a"));
	EXPECT_EQ(pgm::PyRepr(pgm::ParsePythonLiteral("'a', 'b'")), "('a', 'b')");
	EXPECT_EQ(pgm::PyRepr(pgm::ParsePythonLiteral("()")), "()");
}

TEST(PythonLiteral, Rejections) {
	for (const char *bad : {"f'x'", "b'x'", "x", "'a' + 'b'", "str('a')", "'a'.upper()", "'a", "'''a", "(", "('a'",
	                        "'a')", "-1", "{'a'}", "'\\N{DASH}'", "'\\x4'", "'\\ud800'", "'a' 'b' x"}) {
		EXPECT_THROW(pgm::ParsePythonLiteral(bad), pgm::MigError) << bad;
	}
	EXPECT_THROW(pgm::ParsePythonLiteral(std::string("'a\0b'", 5)), pgm::MigError);
	EXPECT_THROW(pgm::ParsePythonLiteral("'\xff'"), pgm::MigError);
	EXPECT_THROW(pgm::ParsePythonLiteral(std::string(100000, '(')), pgm::MigError);
}

TEST(PythonLiteral, AlembicHeader) {
	const char *src = "# -*- coding: utf-8 -*-\n"
	                  "\"\"\"add avatar\n"
	                  "  to users \xE2\x80\x94 \xE5\x88\x86\n"
	                  "\n"
	                  "Revision ID: 1975ea83b712\n"
	                  "Revises: c527ba0bc760\n"
	                  "Create Date: 2025-01-15 16:02:11.204871\n"
	                  "\n"
	                  "\"\"\"\n"
	                  "from typing import Sequence, Union\n"
	                  "from alembic import op\n"
	                  "revision: str = '1975ea83b712'  # comment\n"
	                  "down_revision: Union[str, None] = (\n"
	                  "    'c527ba0bc760',  # the initial one\n"
	                  "    \"ab\" 'cd',\n"
	                  ")\n"
	                  "branch_labels = 'feat'; depends_on = ['x1', 'y2']\n"
	                  "def upgrade():\n"
	                  "    revision = compute()\n"
	                  "    op.execute('''\n"
	                  "revision = 'nested'\n"
	                  "''')\n"
	                  "if False:\n"
	                  "    depends_on = f'{x}'\n";
	pgm::AlembicRevisionHeader h = pgm::ReadAlembicRevisionHeader("x.py", src);
	EXPECT_EQ(h.revision, "1975ea83b712");
	EXPECT_EQ(h.down_revisions, (std::vector<std::string>{"c527ba0bc760", "abcd"}));
	EXPECT_EQ(h.branch_labels, (std::vector<std::string>{"feat"}));
	EXPECT_EQ(h.depends_on, (std::vector<std::string>{"x1", "y2"}));
	EXPECT_EQ(h.doc, "add avatar\n  to users \xE2\x80\x94 \xE5\x88\x86");
	EXPECT_EQ(h.create_date, "2025-01-15 16:02:11.204871");
	EXPECT_EQ(h.revision_line, 12u);
	EXPECT_EQ(h.branch_labels_line, 17u);
	EXPECT_EQ(h.depends_on_line, 17u);
	pgm::AlembicRevisionHeader plain = pgm::ReadAlembicRevisionHeader("y.py", "revision = 'a'\ndown_revision = None\n");
	EXPECT_EQ(plain.branch_labels_line, 0u);
	EXPECT_EQ(plain.depends_on_line, 0u);
}

TEST(PythonLiteral, DocstringRules) {
	// Alembic's doc: str.strip() (Unicode spaces too), then the text before the first "\n\n".
	EXPECT_EQ(pgm::AlembicDoc("\xE3\x80\x80 first\nsecond\n\nthird \n"), "first\nsecond");
	EXPECT_EQ(pgm::AlembicDoc("a\n \nb"), "a\n \nb");
	EXPECT_EQ(pgm::AlembicDoc(""), "");
	// No docstring: a first statement that is not only strings; CRLF line ends; a BOM.
	pgm::AlembicRevisionHeader h =
	    pgm::ReadAlembicRevisionHeader("x.py", "\xEF\xBB\xBFimport os\r\n'not a doc'\r\nrevision = 'a'\r\n"
	                                           "down_revision = None\r\n");
	EXPECT_EQ(h.doc, "");
	EXPECT_TRUE(h.down_revisions.empty());
	h = pgm::ReadAlembicRevisionHeader("x.py", "r'''raw \\n doc'''\nrevision = 'a'\ndown_revision = None\n");
	EXPECT_EQ(h.doc, "raw \\n doc");
}

TEST(PythonLiteral, HeaderErrorsNameTheLine) {
	EXPECT_NE(ErrorDetail("revision = 'a'\ndown_revision = get()\n").find("Line 2:"), std::string::npos);
	EXPECT_NE(ErrorDetail("revision = 'a'\ndown_revision = PREV\n").find("the name \"PREV\""), std::string::npos);
	EXPECT_NE(ErrorDetail("'''doc'''\nrevision = 'a'\n").find("no \"down_revision\""), std::string::npos);
	EXPECT_NE(ErrorDetail("down_revision = None\n").find("no \"revision\""), std::string::npos);
	EXPECT_NE(ErrorDetail("revision = None\ndown_revision = None\n").find("not a string"), std::string::npos);
	EXPECT_NE(ErrorDetail("revision = 'a'\ndown_revision = ('b', 1)\n").find("not a string"), std::string::npos);
	EXPECT_NE(ErrorDetail("revision = 'a'\ndown_revision = None\nx = '''\n").find("Line 3:"), std::string::npos);
	EXPECT_NE(ErrorDetail("revision = 'a'\ndown_revision = None\nx = (\n").find("never closed"), std::string::npos);
	EXPECT_NE(ErrorDetail("revision = 'a' \\ x\ndown_revision = None\n").find("Line 1:"), std::string::npos);
	EXPECT_NE(ErrorDetail("revision = 'a'\ndown_revision = None\nrevision += 'b'\n").find("Line 3:"),
	          std::string::npos);
}

} // namespace
