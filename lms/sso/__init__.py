"""Single sign-on with an OpenID Provider, and just-in-time accounts from its claims."""
