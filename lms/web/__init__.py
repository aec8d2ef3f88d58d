"""Request plumbing: security headers, timing, error pages, redirects, templates."""
