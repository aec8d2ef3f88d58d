"""Background jobs with progress and a downloadable result (Huey; docs/ARCHITECTURE.md).

To run a function as a job: mark it ``@job_function(title)`` (lms/jobs/api.py),
start it from a POST view with ``submit(session, function, owner=..., key=...,
params=..., scope=...)`` (lms/jobs/services.py) and redirect to
``url_for("jobs.show", public_id=job.public_id)``.
"""
