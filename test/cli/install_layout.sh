#!/bin/sh
# test/cli/install_layout.sh BUILD_DIR: "cmake --install BUILD_DIR --prefix P" puts pgmig in
# P/bin, its man page in P/share/man/man1, the bash completion in
# P/share/bash-completion/completions/pgmig and the zsh one in P/share/zsh/vendor-completions, and
# nothing else.  Registered in ctest as cli.install_layout.
set -eu
BUILD=$1
PREFIX=$(mktemp -d)
trap 'rm -rf "$PREFIX"' EXIT
cmake --install "$BUILD" --prefix "$PREFIX" >/dev/null
got=$(cd "$PREFIX" && find . -type f | sort)
want="./bin/pgmig
./share/bash-completion/completions/pgmig
./share/man/man1/pgmig.1
./share/zsh/vendor-completions/_pgmig"
if [ "$got" != "$want" ]; then
	printf 'install_layout: FAILED: cmake --install put:\n%s\ninstead of:\n%s\n' "$got" "$want" >&2
	exit 1
fi
[ -x "$PREFIX/bin/pgmig" ] && "$PREFIX/bin/pgmig" --version >/dev/null || {
	echo "install_layout: FAILED: the installed pgmig does not run" >&2
	exit 1
}
echo "install_layout: ok"
