#!/usr/bin/env python3
"""gen.py: write a pg_migrate project with large or many revisions (test/hostile/big.sh).

  gen.py DIR big N MB      N linear revisions of MB megabytes each (one INSERT ... VALUES list
                           per revision, and a downgrade that empties the table)
  gen.py DIR many N        N linear revisions: one CREATE TABLE, then one small INSERT each
"""
import os
import sys


def header(rev, parent, message):
    return (f"-- {message}\n--\n-- Revision ID: {rev}\n-- Revises: {parent}\n"
            f"-- Create Date: 2026-01-01 00:00:00\n\n")


def main():
    out, kind = sys.argv[1], sys.argv[2]
    versions = os.path.join(out, "migrations", "versions")
    os.makedirs(versions, exist_ok=True)
    with open(os.path.join(out, "pgmig.toml"), "w") as f:
        f.write('script_location = "migrations"\n')
    n = int(sys.argv[3])
    parent = ""
    for i in range(n):
        rev = f"r{i:06d}"
        name = os.path.join(versions, f"{rev}_step.sql")
        with open(name, "w") as f:
            f.write(header(rev, parent, f"step {i}"))
            if kind == "big":
                size = int(float(sys.argv[4]) * 1024 * 1024)
                f.write("-- migrate:upgrade\n")
                f.write(f"CREATE TABLE big_{i} (id int, payload text);\n")
                f.write(f"INSERT INTO big_{i} VALUES\n")
                row = 0
                written = 0
                chunk = []
                while written < size:
                    line = f"({row}, 'payload line {row:09d} xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'),\n"
                    chunk.append(line)
                    written += len(line)
                    row += 1
                f.write("".join(chunk))
                f.write(f"({row}, 'last');\n\n-- migrate:downgrade\nDROP TABLE big_{i};\n")
            elif i == 0:
                f.write("-- migrate:upgrade\nCREATE TABLE steps (id int);\n\n"
                        "-- migrate:downgrade\nDROP TABLE steps;\n")
            else:
                f.write(f"-- migrate:upgrade\nINSERT INTO steps VALUES ({i});\n\n"
                        f"-- migrate:downgrade\nDELETE FROM steps WHERE id = {i};\n")
        parent = rev


main()
