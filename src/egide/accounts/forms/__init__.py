"""Forms of the accounts pages: sign-in and security (auth, tokens), organisations and members."""
