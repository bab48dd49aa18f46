"""One run against one target: settings, the target (provisioning, accounts, clean-up), the embedded
reference server, the HTTP client and the exchange stream, secret masking."""
