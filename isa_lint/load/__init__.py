"""Load: read one agreement (from disk or a Git revision) into a Document and check its shape."""
