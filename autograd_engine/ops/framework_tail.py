"""Top-level TF1 helpers of the framework tail, built from existing ops."""
