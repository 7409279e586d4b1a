// Package templates embeds the HTML templates: layouts/ (the page frame),
// partials/ (pieces shared by pages) and pages/<area>/ (one file a page).
package templates

import "embed"

// FS holds every template.
//
//go:embed layouts partials pages
var FS embed.FS
