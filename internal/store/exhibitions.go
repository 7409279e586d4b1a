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

// RecordStandSale records an artisan's sales for a day of an event. A
// second record for the same artisan and day is a correction: it
// supersedes the first, which stays in the history. The day's sales
// figures are rebuilt.
func (s *Store) RecordStandSale(ctx context.Context, sale *exhibition.Sale) error {
	err := s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		sale.ID, sale.SupersededBy = 0, nil
		if err := tx.Create(sale).Error; err != nil {
			return err
		}
		err := tx.Model(&exhibition.Sale{}).
			Where("exhibition_id = ? AND artisan_id = ? AND day = ? AND id <> ? AND superseded_by IS NULL",
				sale.ExhibitionID, sale.ArtisanID, sale.Day, sale.ID).
			Update("superseded_by", sale.ID).Error
		if err != nil {
			return err
		}
		return markDirty(tx, sale.Day)
	})
	if err != nil {
		return fmt.Errorf("store: record stand sale: %w", err)
	}
	return nil
}

// StandSales lists an event's stand sales, corrections included, newest
// first.
func (s *Store) StandSales(ctx context.Context, exhibitionID int64) ([]exhibition.Sale, error) {
	var ss []exhibition.Sale
	if err := s.read.WithContext(ctx).Where("exhibition_id = ?", exhibitionID).Order("day DESC, id DESC").Find(&ss).Error; err != nil {
		return nil, fmt.Errorf("store: stand sales: %w", err)
	}
	return ss, nil
}
