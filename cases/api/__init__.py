"""The partner API's endpoints over cases: aggregate statistics only, never a case itself."""
