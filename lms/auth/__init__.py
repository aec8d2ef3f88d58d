"""Accounts: login, passwords, roles and the access rules every view goes through."""
