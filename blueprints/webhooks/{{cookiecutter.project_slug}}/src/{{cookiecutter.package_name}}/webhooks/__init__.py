"""Webhook delivery: `emit(...)` writes an event in the caller's transaction; workers deliver it, signed
(`signing`), on the spec's retry schedule (`schedule`), to targets the SSRF guard admits (`ssrf`);
`verify_webhook(...)` (`verify`) is the receiving side, for customers' Python code."""
