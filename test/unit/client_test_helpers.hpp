/*
 * client_test_helpers.hpp: what the client's unit tests share: an environment lookup over a
 * fixed map (the resolution functions take the environment as a function).  Catching a
 * MigError is pgm::test::CatchMigError (core_test_helpers.hpp).
 */
#pragma once

#include "client/common/context.hpp"

#include <map>
#include <optional>
#include <string>

namespace pgmig::test {

/* Env: an EnvLookup that knows exactly vars. */
inline EnvLookup
Env(std::map<std::string, std::string> vars) {
	return [vars](const std::string &name) -> std::optional<std::string> {
		auto it = vars.find(name);
		if (it == vars.end())
			return std::nullopt;
		return it->second;
	};
}

} // namespace pgmig::test
