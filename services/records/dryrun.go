package records

import "context"

// IsDryRun reports whether ctx asks for a dry run, for a service that writes
// something besides its records (a claim, a counter) and must skip that too.
func IsDryRun(ctx context.Context) bool { return dryRun(ctx) }

// Shares reports whether the dry runs of ctx share what they read (a dry run
// under WithSnapshot): Memo then answers each key once per request, so a
// service may read once what every row of an upload asks about, more widely,
// instead of narrowly per row.
func Shares(ctx context.Context) bool { return forDryRun(ctx) != nil }
