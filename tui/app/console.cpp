// Console shell (placeholder until it lands).
