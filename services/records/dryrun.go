package records

import "context"

// IsDryRun reports whether ctx asks for a dry run, for a service that writes
// something besides its records (a claim, a counter) and must skip that too.
func IsDryRun(ctx context.Context) bool { return dryRun(ctx) }
