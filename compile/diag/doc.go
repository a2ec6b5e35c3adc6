// Package diag owns source positions and diagnostics: the Pos and Range every model node
// carries, the Diagnostic a user's mistake becomes, and the renderers that print them.
//
// A diagnostic has a stable kebab-case Code (never renamed: users suppress and grep by it),
// a lowercase Summary without a period, a Detail that says what was expected and, where one
// fits, "did you mean". APIs across pipec return (value, Diagnostics) with as much of the
// value as could be built, so one run reports every problem, not just the first.
package diag
