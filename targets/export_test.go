package targets

// SetOnSlowPath lets the external tests see which documents go-yaml encodes.
func SetOnSlowPath(f func()) { onSlowPath = f }
