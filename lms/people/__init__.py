"""The organisation's people: accounts, the directory, imports and their mails."""
