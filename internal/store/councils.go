package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm/clause"

	"kriya/internal/council"
)

// councilRow is a row of councils; letterhead lines and bank accounts are
// kept one a line.
type councilRow struct {
	ID           int64
	Name         string
	City         string
	Address      string
	Phone        string
	Email        string
	LogoKey      string
	Letterhead   string
	HeadName     string
	HeadPosition string
	NumberScheme string
	BankAccounts string
	CommissionBP int `gorm:"column:commission_bp"`
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func toCouncilRow(c council.Council) councilRow {
	return councilRow{ID: c.ID, Name: c.Name, City: c.City, Address: c.Address, Phone: c.Phone, Email: c.Email,
		LogoKey: c.LogoKey, Letterhead: strings.Join(c.Letterhead, "\n"), HeadName: c.HeadName, HeadPosition: c.HeadPosition,
		NumberScheme: string(c.NumberScheme), BankAccounts: strings.Join(c.BankAccounts, "\n"), CommissionBP: c.CommissionBP,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

func (r councilRow) council() council.Council {
	return council.Council{ID: r.ID, Name: r.Name, City: r.City, Address: r.Address, Phone: r.Phone, Email: r.Email,
		LogoKey: r.LogoKey, Letterhead: council.Lines(r.Letterhead), HeadName: r.HeadName, HeadPosition: r.HeadPosition,
		NumberScheme: council.Scheme(r.NumberScheme), BankAccounts: council.Lines(r.BankAccounts), CommissionBP: r.CommissionBP,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// EnsureCouncil creates the council c.ID as c unless it exists, and
// leaves an existing one as it is: the first start writes the settings
// the environment gives, later starts change nothing. Processes starting
// together on one MySQL agree: the first insert wins.
func (s *Store) EnsureCouncil(ctx context.Context, c council.Council) error {
	row := toCouncilRow(c)
	row.CreatedAt, row.UpdatedAt = s.now(), s.now()
	if err := s.write.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
		return fmt.Errorf("store: ensure council %d: %w", c.ID, err)
	}
	return nil
}

// Council reads a council's settings as they are now, or
// council.ErrNotFound. It is read for every use, never kept: several
// processes share the database, and an admin's change holds at once in
// all of them.
func (s *Store) Council(ctx context.Context, id int64) (council.Council, error) {
	var row councilRow
	if err := s.read.WithContext(ctx).Take(&row, id).Error; err != nil {
		return council.Council{}, notFound(err, council.ErrNotFound, fmt.Sprintf("store: council %d", id))
	}
	return row.council(), nil
}

// SaveCouncil writes a council's settings.
func (s *Store) SaveCouncil(ctx context.Context, c *council.Council) error {
	row := toCouncilRow(*c)
	row.UpdatedAt = s.now()
	res := s.write.WithContext(ctx).Model(&councilRow{ID: c.ID}).
		Select("name", "city", "address", "phone", "email", "logo_key", "letterhead", "head_name", "head_position",
			"number_scheme", "bank_accounts", "commission_bp", "updated_at").Updates(&row)
	if res.Error != nil {
		return fmt.Errorf("store: save council %d: %w", c.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: save council %d: %w", c.ID, council.ErrNotFound)
	}
	c.UpdatedAt = row.UpdatedAt
	return nil
}

// sequenceRow is a row of document_sequences: the last number a council
// gave a kind of document in a year.
type sequenceRow struct {
	CouncilID  int64  `gorm:"primaryKey;autoIncrement:false"`
	Kind       string `gorm:"primaryKey"`
	NumberYear int    `gorm:"primaryKey;autoIncrement:false"`
	LastNumber int
}

// PrepareNumbers makes sure the council has a sequence for the kind of
// document in the year, in a statement of its own and outside any
// transaction, so that NextNumber only ever updates a row that exists.
// (Creating it inside the transaction would make two first documents of a
// year deadlock on MySQL, each holding the shared lock a duplicate insert
// takes and wanting the other's exclusive one; see EnsureHolders.)
func (s *Store) PrepareNumbers(ctx context.Context, councilID int64, kind string, year int) error {
	err := s.write.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&sequenceRow{CouncilID: councilID, Kind: kind, NumberYear: year}).Error
	if err != nil {
		return fmt.Errorf("store: prepare %s numbers %d: %w", kind, year, err)
	}
	return nil
}

// NumbersGiven is how many numbers the council has given the kind of
// document in the year, for showing what the next one would be.
func (s *Store) NumbersGiven(ctx context.Context, councilID int64, kind string, year int) (int, error) {
	var rows []sequenceRow
	err := s.read.WithContext(ctx).Where("council_id = ? AND kind = ? AND number_year = ?", councilID, kind, year).Find(&rows).Error
	if err != nil {
		return 0, fmt.Errorf("store: %s numbers %d: %w", kind, year, err)
	}
	if len(rows) == 0 {
		return 0, nil
	}
	return rows[0].LastNumber, nil
}

// NextNumber takes the council's next number for the kind of document in
// the year (1 for the first), prepared by PrepareNumbers. Called in a
// transaction, the increment locks the sequence's row until it ends: a
// second document of the year waits, then gets the number after, and a
// transaction that rolls back gives its number back. The read after the
// update sees this transaction's own increment, on MySQL whatever its
// snapshot.
func (s *Store) NextNumber(ctx context.Context, councilID int64, kind string, year int) (int, error) {
	db := s.write.WithContext(ctx)
	where := "council_id = ? AND kind = ? AND number_year = ?"
	res := db.Model(&sequenceRow{}).Where(where, councilID, kind, year).
		Update("last_number", clause.Expr{SQL: "last_number + 1"})
	if res.Error != nil {
		return 0, fmt.Errorf("store: next %s number %d: %w", kind, year, res.Error)
	}
	if res.RowsAffected == 0 {
		return 0, fmt.Errorf("store: next %s number %d: no sequence; PrepareNumbers first", kind, year)
	}
	var row sequenceRow
	if err := db.Where(where, councilID, kind, year).Take(&row).Error; err != nil {
		return 0, fmt.Errorf("store: next %s number %d: %w", kind, year, err)
	}
	return row.LastNumber, nil
}
