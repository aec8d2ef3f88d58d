"""Company facts: `{{ name }}` placeholders, where their values come from, filling."""
