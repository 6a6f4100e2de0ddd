"""unterminated
revision = "abc"
