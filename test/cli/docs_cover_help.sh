#!/bin/sh
# test/cli/docs_cover_help.sh PGMIG MANPAGE BASH_COMPLETION ZSH_COMPLETION
#
# Fails when a command or an option that "pgmig --help" or "pgmig COMMAND --help" lists is
# missing from the man page (the command's own subsection, whose heading starts with
# "pgmig COMMAND"; the global options in GLOBAL OPTIONS), from what the bash completion offers
# (run for real: "pgmig COMMAND -<TAB>"), or from the zsh completion (the arm "(COMMAND)" of its
# case, the global options in global_opts).  A command with commands of its own ("import") is
# checked one level down too ("import alembic").  Registered in ctest as cli.docs_cover_help;
# debian/rules runs it in the package build unless DEB_BUILD_OPTIONS has nocheck.
set -eu

if [ $# -ne 4 ]; then
	echo "usage: $0 PGMIG MANPAGE BASH_COMPLETION ZSH_COMPLETION" >&2
	exit 2
fi
PGMIG=$1 MANPAGE=$2 BASHC=$3 ZSHC=$4
for f in "$MANPAGE" "$BASHC" "$ZSHC"; do
	[ -s "$f" ] || {
		echo "docs_cover_help: error: $f is missing or empty" >&2
		exit 1
	}
done
export LC_ALL=C
if command -v zsh >/dev/null 2>&1 && ! zsh -n "$ZSHC"; then
	echo "docs_cover_help: error: $ZSHC is not valid zsh" >&2
	exit 1
fi

fail=0
missing() {
	echo "docs_cover_help: missing: $*" >&2
	fail=1
}

# The option names of a --help text on stdin, one a line ("-m,--message MSG" gives -m and --message).
help_options() {
	awk '/^Options:/ { f = 1; next } /^[A-Za-z]+:/ { f = 0 } f && /^  -/ { n = split($1, a, ","); for (i = 1; i <= n; i++) print a[i] }'
}
# The command names of a --help text on stdin.
help_commands() {
	awk '/^Subcommands:/ { f = 1; next } /^[A-Za-z]+:/ { f = 0 } f && /^  [a-z]/ { print $1 }'
}
# has_word WORD: stdin contains WORD, not as part of a longer option or name.
has_word() {
	grep -Eq -- "(^|[^A-Za-z0-9_-])$(printf '%s' "$1" | sed 's/[.[\*^$+?(){}|]/\\&/g')([^A-Za-z0-9_-]|\$)"
}

# The man page as plain text: font escapes dropped, "\-" as "-".
MANTEXT=$(sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" "$MANPAGE")
# man_section HEADING: the lines from the subsection whose heading starts with
# .SS "HEADING (followed by a blank or a quote) to the next heading.
man_section() {
	printf '%s\n' "$MANTEXT" | awk -v h="$1" '
		/^\.S[SH] / { if (f) exit; s = $0; sub(/^\.SS "?/, "", s)
			if (index(s, h) == 1 && (length(s) == length(h) || substr(s, length(h) + 1, 1) ~ /[ "]/)) { f = 1; next } }
		f { print }'
}
man_global() {
	printf '%s\n' "$MANTEXT" | awk '/^\.SH / { if (f) exit; if ($0 ~ /^\.SH "?GLOBAL OPTIONS/) { f = 1; next } } f { print }'
}
# bash_offers WORD...: what the bash completion puts in COMPREPLY for "pgmig WORD..." (the last
# word is the one being completed), one a line.
bash_offers() {
	bash -c '. "$1"; shift; COMP_WORDS=(pgmig "$@"); COMP_CWORD=$#; _pgmig; printf "%s\n" "${COMPREPLY[@]}"' \
		bash "$BASHC" "$@" </dev/null
}
# zsh_arm NAME: the lines of the zsh completion from "(NAME)" to the ";;" closing that arm.
zsh_arm() {
	awk -v n="($1)" '{ t = $0; gsub(/^[ \t]+|[ \t]+$/, "", t) } !f && t == n { f = 1; next } f && t == ";;" { exit } f { print }' "$ZSHC"
}

TOP=$("$PGMIG" --help)
GLOBAL_OPTIONS=$(printf '%s\n' "$TOP" | help_options)
COMMANDS=$(printf '%s\n' "$TOP" | help_commands)
[ -n "$GLOBAL_OPTIONS" ] && [ -n "$COMMANDS" ] || {
	echo "docs_cover_help: error: could not read the commands and options of \"$PGMIG --help\"" >&2
	exit 1
}

# Global options and the command list.
man_g=$(man_global)
bash_g=$(bash_offers -)
zsh_g=$(awk '/global_opts=\(/ { f = 1 } f { print } f && /^[ \t]*\)[ \t]*$/ { exit }' "$ZSHC")
zsh_commands=$(awk '/commands=\(/ { f = 1 } f { print } f && /^[ \t]*\)[ \t]*$/ { exit }' "$ZSHC")
bash_commands=$(bash_offers "")
for opt in $GLOBAL_OPTIONS; do
	printf '%s\n' "$man_g" | has_word "$opt" || missing "global option $opt in the man page's GLOBAL OPTIONS"
	printf '%s\n' "$bash_g" | grep -qx -- "$opt" || missing "global option $opt in the bash completion"
	printf '%s\n' "$zsh_g" | has_word "$opt" || missing "global option $opt in the zsh completion's global_opts"
done

checked=0
# check_command WORDS...: the command named by WORDS ("upgrade", "import alembic").
check_command() {
	name=$*
	last=$(eval "echo \${$#}")
	help=$("$PGMIG" "$@" --help)
	section=$(man_section "pgmig $name")
	if [ -z "$section" ]; then
		missing "command \"$name\": no subsection .SS \"pgmig $name ...\" in the man page"
	fi
	bash_o=$(bash_offers "$@" -)
	zsh_o=$(zsh_arm "$last")
	[ -n "$zsh_o" ] || missing "command \"$name\": no arm ($last) in the zsh completion"
	for opt in $(printf '%s\n' "$help" | help_options); do
		printf '%s\n' "$bash_o" | grep -qx -- "$opt" || missing "option $opt of \"$name\" in the bash completion"
		case $opt in -h | --help) continue ;; esac
		[ -z "$section" ] || printf '%s\n' "$section" | has_word "$opt" ||
			missing "option $opt of \"$name\" in the man page's subsection \"pgmig $name\""
		[ -z "$zsh_o" ] || printf '%s\n' "$zsh_o" | has_word "$opt" ||
			missing "option $opt of \"$name\" in the zsh completion's arm ($last)"
	done
	checked=$((checked + 1))
	for sub in $(printf '%s\n' "$help" | help_commands); do
		check_command "$@" "$sub"
	done
}
for cmd in $COMMANDS; do
	printf '%s\n' "$bash_commands" | grep -qx -- "$cmd" || missing "command $cmd in the bash completion"
	printf '%s\n' "$zsh_commands" | grep -q -- "'$cmd:" || missing "command $cmd in the zsh completion's commands"
	check_command "$cmd"
done

if [ "$fail" -ne 0 ]; then
	echo "docs_cover_help: FAILED: document the commands and options above (docs/man/pgmig.1, client/completion/)" >&2
	exit 1
fi
echo "docs_cover_help: ok: $checked commands and $(echo $GLOBAL_OPTIONS | wc -w) global options in the man page and both completions"
