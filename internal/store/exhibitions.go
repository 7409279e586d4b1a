package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"kriya/internal/exhibition"
)

// CreateExhibition adds an event and sets its ID.
func (s *Store) CreateExhibition(ctx context.Context, e *exhibition.Exhibition) error {
	if err := s.write.WithContext(ctx).Create(e).Error; err != nil {
		return fmt.Errorf("store: create exhibition: %w", err)
	}
	return nil
}

// Exhibitions lists the events, latest first.
func (s *Store) Exhibitions(ctx context.Context) ([]exhibition.Exhibition, error) {
	var es []exhibition.Exhibition
	if err := s.read.WithContext(ctx).Order("starts_on DESC, id DESC").Find(&es).Error; err != nil {
		return nil, fmt.Errorf("store: exhibitions: %w", err)
	}
	return es, nil
}

// Exhibition returns one event, or exhibition.ErrNotFound.
func (s *Store) Exhibition(ctx context.Context, id int64) (exhibition.Exhibition, error) {
	var e exhibition.Exhibition
	if err := s.read.WithContext(ctx).Take(&e, id).Error; err != nil {
		return e, notFound(err, exhibition.ErrNotFound, "store: exhibition")
	}
	return e, nil
}

// SetParticipant records an artisan's application to an event, or staff's
// decision on it.
func (s *Store) SetParticipant(ctx context.Context, p exhibition.Participant) error {
	err := s.write.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "exhibition_id"}, {Name: "artisan_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"status"}),
	}).Create(&p).Error
	if err != nil {
		return fmt.Errorf("store: set participant: %w", err)
	}
	return nil
}

// Participants lists an event's artisans.
func (s *Store) Participants(ctx context.Context, exhibitionID int64) ([]exhibition.Participant, error) {
	var ps []exhibition.Participant
	if err := s.read.WithContext(ctx).Where("exhibition_id = ?", exhibitionID).Order("id").Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("store: participants: %w", err)
	}
	return ps, nil
}

// ArtisanExhibitions lists the events an artisan takes part in (any
// status), with its status.
func (s *Store) ArtisanExhibitions(ctx context.Context, artisanID int64) ([]exhibition.Participant, error) {
	var ps []exhibition.Participant
	if err := s.read.WithContext(ctx).Where("artisan_id = ?", artisanID).Order("id DESC").Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("store: artisan exhibitions: %w", err)
	}
	return ps, nil
}

// RecordReceipt adds a sale at an artisan's stand and marks its day's
// sales figures for rebuilding, in one transaction. Receipts add up: any
// number of them for one artisan and day all count.
func (s *Store) RecordReceipt(ctx context.Context, r *exhibition.Receipt) error {
	err := s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		r.ID, r.SupersededBy = 0, nil
		if err := tx.Create(r).Error; err != nil {
			return err
		}
		return markDirty(tx, r.Day)
	})
	if err != nil {
		return fmt.Errorf("store: record receipt: %w", err)
	}
	return nil
}

// CorrectReceipt writes next as the new version of old, which it
// supersedes, and marks the days of both for rebuilding. old is taken
// with a conditional UPDATE (… AND superseded_by IS NULL) in next's
// transaction, checking the rows it changed: of two corrections of one
// receipt, on either database and from any number of processes, one
// commits and the other gets exhibition.ErrSuperseded and leaves nothing.
func (s *Store) CorrectReceipt(ctx context.Context, old exhibition.Receipt, next *exhibition.Receipt) error {
	err := s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		next.ID, next.SupersededBy = 0, nil
		if err := tx.Create(next).Error; err != nil {
			return err
		}
		res := tx.Model(&exhibition.Receipt{}).Where("id = ? AND superseded_by IS NULL", old.ID).Update("superseded_by", next.ID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return exhibition.ErrSuperseded
		}
		if err := markDirty(tx, next.Day); err != nil || old.Day == next.Day {
			return err
		}
		return markDirty(tx, old.Day)
	})
	if err != nil {
		return fmt.Errorf("store: correct receipt %d: %w", old.ID, err)
	}
	return nil
}

// Receipt is one version of a receipt of an event, or
// exhibition.ErrReceiptNotFound.
func (s *Store) Receipt(ctx context.Context, exhibitionID, id int64) (exhibition.Receipt, error) {
	var r exhibition.Receipt
	if err := s.read.WithContext(ctx).Where("exhibition_id = ?", exhibitionID).Take(&r, id).Error; err != nil {
		return r, notFound(err, exhibition.ErrReceiptNotFound, "store: receipt")
	}
	return r, nil
}

// Receipts lists an event's receipts, every version, in the order they
// were sold; of one artisan only unless artisanID is 0.
func (s *Store) Receipts(ctx context.Context, exhibitionID, artisanID int64) ([]exhibition.Receipt, error) {
	db := s.read.WithContext(ctx).Where("exhibition_id = ?", exhibitionID)
	if artisanID != 0 {
		db = db.Where("artisan_id = ?", artisanID)
	}
	var rs []exhibition.Receipt
	if err := db.Order("sold_at, id").Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("store: receipts: %w", err)
	}
	return rs, nil
}
