"""What the docs say, and judging an answer by them: the API profile (operations, documents), the
contract, releases, the OCS envelope, known deviations, capabilities."""
