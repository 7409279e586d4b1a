// Package migrations embeds the versioned SQL schema, one folder per
// dialect. Both folders hold the same file names: a change to the schema
// is written twice, once for each database, and a test keeps them in step.
package migrations

import "embed"

// FS holds sqlite/*.sql and mysql/*.sql.
//
//go:embed sqlite/*.sql mysql/*.sql
var FS embed.FS
