"""Managing accounts: listing people, creating them, (de)activating them."""
