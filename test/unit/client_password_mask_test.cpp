/*
 * client_password_mask_test.cpp: unit tests of the password masking of "current -v": URLs
 * and key=value connection strings.
 */
#include "client/common/password_mask.hpp"

#include <gtest/gtest.h>

namespace {

using pgmig::ObfuscatePassword;

TEST(ClientObfuscatePassword, Urls) {
	EXPECT_EQ(ObfuscatePassword("postgresql://app:s3cret@db.example.com:5432/prod"),
	          "postgresql://app:***@db.example.com:5432/prod");
	EXPECT_EQ(ObfuscatePassword("postgres://app:p%40ss@host/db?sslmode=require"),
	          "postgres://app:***@host/db?sslmode=require");
	EXPECT_EQ(ObfuscatePassword("postgresql://app@host/db"), "postgresql://app@host/db");
	EXPECT_EQ(ObfuscatePassword("postgresql://host/db"), "postgresql://host/db");
	EXPECT_EQ(ObfuscatePassword("postgresql://app@host/db?sslmode=disable&password=x&application_name=a"),
	          "postgresql://app@host/db?sslmode=disable&password=***&application_name=a");
	EXPECT_EQ(ObfuscatePassword("postgresql://app@host/password_db"), "postgresql://app@host/password_db");
	EXPECT_EQ(ObfuscatePassword("postgresql:///db?host=/var/run/postgresql"),
	          "postgresql:///db?host=/var/run/postgresql");
}

TEST(ClientObfuscatePassword, KeyValueStrings) {
	EXPECT_EQ(ObfuscatePassword("host=h dbname=d password=secret user=u"), "host=h dbname=d password=*** user=u");
	EXPECT_EQ(ObfuscatePassword("password = 'a b\\' c' host=h"), "password = *** host=h");
	EXPECT_EQ(ObfuscatePassword("host=h passwordfile=x"), "host=h passwordfile=x");
	EXPECT_EQ(ObfuscatePassword("dbname=mydb"), "dbname=mydb");
	EXPECT_EQ(ObfuscatePassword(""), "");
}

} // namespace
