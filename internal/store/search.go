package store

import (
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// search restricts a product query to those matching every term (each
// also as a prefix, so "ukir" finds "ukiran") and returns the ranking to
// order by. Terms are letters and digits only (catalog.Query.Terms), so
// they can be quoted into a full-text query without escaping. ok is false
// when no term is searchable in this dialect.
func (s *Store) search(db *gorm.DB, terms []string) (_ *gorm.DB, rank clause.Expr, ok bool) {
	if s.dialect == SQLite {
		match := make([]string, len(terms))
		for i, t := range terms {
			match[i] = `"` + t + `"*`
		}
		db = db.Joins("JOIN product_search ON product_search.rowid = products.id").
			Where("product_search MATCH ?", strings.Join(match, " "))
		// bm25 is lower for better matches; a title hit weighs ten body hits.
		return db, clause.Expr{SQL: "bm25(product_search, 0, 10.0, 1.0)"}, true
	}
	var match []string
	for _, t := range terms {
		// InnoDB indexes no word shorter than three characters and none of
		// its stopwords; requiring one would match nothing.
		if utf8.RuneCountInString(t) < 3 || innodbStopwords[t] {
			continue
		}
		match = append(match, "+"+t+"*")
	}
	if len(match) == 0 {
		return db, rank, false
	}
	q := strings.Join(match, " ")
	db = db.Joins("JOIN product_search ON product_search.product_id = products.id").
		Where("MATCH (product_search.title, product_search.body) AGAINST (? IN BOOLEAN MODE)", q)
	return db, clause.Expr{
		SQL: "(MATCH (product_search.title) AGAINST (? IN BOOLEAN MODE) * 10 + " +
			"MATCH (product_search.title, product_search.body) AGAINST (? IN BOOLEAN MODE)) DESC",
		Vars: []any{q, q},
	}, true
}

// innodbStopwords is InnoDB's default full-text stopword list.
var innodbStopwords = map[string]bool{
	"a": true, "about": true, "an": true, "are": true, "as": true, "at": true,
	"be": true, "by": true, "com": true, "de": true, "en": true, "for": true,
	"from": true, "how": true, "i": true, "in": true, "is": true, "it": true,
	"la": true, "of": true, "on": true, "or": true, "that": true, "the": true,
	"this": true, "to": true, "was": true, "what": true, "when": true,
	"where": true, "who": true, "will": true, "with": true, "und": true, "www": true,
}
