# pgmig.bash: bash completion of pgmig, the client of the pg_migrate extension.
#
# Installed as share/bash-completion/completions/pgmig (cmake --install, the pgmig Debian
# package), where bash-completion loads it on first use; or source it from ~/.bashrc.
# Completes the commands, each command's options (and the global ones, accepted before or after
# the command), the values of --format, file and directory arguments, and revision targets:
# head, base, ... and the revision ids of the script folder, read from the "-- Revision ID:"
# headers of its versions/*.sql files (no database, no pgmig run).  Needs nothing of the
# bash-completion package.  test/cli/bash_completion.sh drives it; test/cli/docs_cover_help.sh
# fails when an option of "pgmig COMMAND --help" is missing here.

_pgmig_commands="init revision upload upgrade downgrade current history heads branches show stamp merge
validate repair graph plan check lint drift baseline import"
_pgmig_global_options="-h --help --version -c --config --url --script-location --targets --jobs --canary
--stop-on-error --format --wait-replicas"

# _pgmig_command_options COMMAND: the options of COMMAND (without the global ones).
_pgmig_command_options() {
	case $1 in
		init | upload | show) ;;
		revision)
			echo "-m --message --rev-id --head --splice --branch-label --depends-on --autogenerate --models" \
				"--models-command --exclude --compare-privileges --no-cache"
			;;
		upgrade) echo "--sql --transaction-per-revision --dry-run --backup --strict" ;;
		downgrade) echo "--sql --transaction-per-revision --dry-run --backup" ;;
		current) echo "-v --verbose --format" ;;
		history) echo "-r --rev-range -v --verbose -i --indicate-current --applied --format" ;;
		heads) echo "-v --verbose --format" ;;
		branches) echo "-v --verbose" ;;
		stamp) echo "--purge" ;;
		merge) echo "-m --message --rev-id --branch-label --splice" ;;
		validate) echo "--format" ;;
		repair) echo "--reason --from-database" ;;
		graph) echo "--format -o --output --current" ;;
		plan) echo "--format" ;;
		check)
			echo "--models --models-command --exclude --compare-privileges --no-cache --format" \
				"--from-migrations"
			;;
		lint) echo "--downgrade --format" ;;
		drift) echo "--clear --format" ;;
		baseline) echo "-m --message --rev-id --exclude --compare-privileges --allow-uncompared" ;;
		import) ;;
		import-alembic) echo "--alembic-ini --python --allow-manual --adopt --drop-alembic-version" ;;
	esac
}

# _pgmig_revision_ids: the revision ids of the script folder the command line names (-c FILE,
# --script-location DIR, else script_location of the configuration file, else migrations/).
_pgmig_revision_ids() {
	local config=pgmig.toml location="" i w next
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		next=${COMP_WORDS[i + 1]:-}
		[[ $next == = ]] && next=${COMP_WORDS[i + 2]:-}
		case $w in
			-c | --config) config=$next ;;
			--script-location) location=$next ;;
		esac
	done
	if [[ -z $location ]]; then
		location=migrations
		if [[ -r $config ]]; then
			w=$(sed -n 's/^[[:space:]]*script_location[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' "$config" 2>/dev/null)
			[[ -n $w ]] && location=${w%%$'\n'*}
		fi
		# Relative to the configuration file's directory.
		[[ $location != /* && $config == */* ]] && location=${config%/*}/$location
	fi
	local files=("$location"/versions/*.sql)
	[[ -e ${files[0]} ]] || return 0
	awk 'FNR > 40 { nextfile } /^-- Revision ID:/ { print $4; nextfile }' "${files[@]}" 2>/dev/null
}

# _pgmig_reply WORDS...: the words that start with $cur.
_pgmig_reply() {
	local IFS=$' \t\n'
	mapfile -t COMPREPLY < <(compgen -W "$*" -- "$cur")
}

# _pgmig_files [-d]: file (or, with -d, directory) names that start with $cur.
_pgmig_files() {
	compopt -o filenames 2>/dev/null
	if [[ ${1:-} == -d ]]; then
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
	else
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	fi
}

_pgmig() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev="" option
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()

	# bash splits "--format=json" at "=": the option is the word before the "=".
	if [[ $cur == = ]]; then
		option=$prev
		cur=""
	elif [[ $prev == = ]] && ((COMP_CWORD >= 2)); then
		option=${COMP_WORDS[COMP_CWORD - 2]}
	else
		option=$prev
	fi

	# The command (and the command of "import"), skipping options and the values of those that
	# take one.
	local command="" subcommand="" i w
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
			-c | --config | --url | --script-location | -m | --message | --rev-id | --head | --branch-label | \
				--depends-on | --models | --models-command | --exclude | --backup | --format | -r | --rev-range | \
				--reason | -o | --output | --alembic-ini | --python | --targets | --jobs | --canary)
				((i++))
				[[ ${COMP_WORDS[i]:-} == = ]] && ((i++))
				;;
			--wait-replicas)
				# Its TIMEOUT only as --wait-replicas=TIMEOUT (bash splits the "=").
				if [[ ${COMP_WORDS[i + 1]:-} == = ]]; then ((i += 2)); fi
				;;
			-* | =) ;;
			*)
				if [[ -z $command ]]; then
					command=$w
				elif [[ $command == import && -z $subcommand ]]; then
					subcommand=$w
				fi
				;;
		esac
	done

	# The value of an option.
	case $option in
		-c | --config | -o | --output | --models | --alembic-ini | --targets)
			_pgmig_files
			return 0
			;;
		--script-location | --backup)
			_pgmig_files -d
			return 0
			;;
		--models-command | --python)
			mapfile -t COMPREPLY < <(compgen -c -- "$cur")
			return 0
			;;
		--format)
			if [[ $command == graph ]]; then
				_pgmig_reply dot mermaid
			else
				_pgmig_reply text json
			fi
			return 0
			;;
		--head | --depends-on)
			_pgmig_reply head base heads $(_pgmig_revision_ids)
			return 0
			;;
		-r | --rev-range)
			_pgmig_reply current base heads $(_pgmig_revision_ids)
			return 0
			;;
		--url | -m | --message | --rev-id | --branch-label | --exclude | --reason)
			return 0
			;;
	esac

	if [[ $cur == -* ]]; then
		local key=$command
		[[ $command == import && -n $subcommand ]] && key=import-$subcommand
		_pgmig_reply $_pgmig_global_options $(_pgmig_command_options "$key")
		return 0
	fi

	case $command in
		"") _pgmig_reply $_pgmig_commands ;;
		init) _pgmig_files -d ;;
		upgrade | lint) _pgmig_reply head heads $(_pgmig_revision_ids) ;;
		downgrade) _pgmig_reply base -1 $(_pgmig_revision_ids) ;;
		show) _pgmig_reply head heads current $(_pgmig_revision_ids) ;;
		stamp) _pgmig_reply head heads base $(_pgmig_revision_ids) ;;
		merge) _pgmig_reply heads $(_pgmig_revision_ids) ;;
		repair) _pgmig_reply $(_pgmig_revision_ids) ;;
		plan)
			if [[ $prev == plan ]]; then
				_pgmig_reply upgrade downgrade
			else
				_pgmig_reply head heads base $(_pgmig_revision_ids)
			fi
			;;
		import) [[ -z $subcommand ]] && _pgmig_reply alembic ;;
	esac
	return 0
}

complete -F _pgmig pgmig
