package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"kriya/internal/account"
	"kriya/internal/artisan"
	"kriya/internal/catalog"
)

// statusChangeRow is a row of artisan_status_history.
type statusChangeRow struct {
	ID         int64
	ArtisanID  int64
	FromStatus string
	ToStatus   string
	Action     string
	Reason     string
	ActorID    int64
	ActorName  string
	CreatedAt  time.Time
}

// CreateApplication records an application to become binaan: the artisan
// in status applied, its permits and the first history entry, at once.
func (s *Store) CreateApplication(ctx context.Context, a *catalog.Artisan, permits []artisan.Permit, applicant account.User) error {
	a.Status = artisan.Applied
	a.ApplicantID = &applicant.ID
	err := s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Omit("Category").Create(a).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return artisan.ErrAlreadyOwner
			}
			return err
		}
		for i := range permits {
			permits[i].ArtisanID = a.ID
		}
		if len(permits) > 0 {
			if err := tx.Create(&permits).Error; err != nil {
				return err
			}
		}
		return tx.Create(&statusChangeRow{
			ArtisanID: a.ID, ToStatus: artisan.Applied, Action: "apply",
			ActorID: applicant.ID, ActorName: applicant.Name,
		}).Error
	})
	if err != nil {
		return fmt.Errorf("store: create application: %w", err)
	}
	return nil
}

// UpdateApplication saves an applicant's edits to their application and
// adds permits they uploaded since.
func (s *Store) UpdateApplication(ctx context.Context, a *catalog.Artisan, newPermits []artisan.Permit) error {
	err := s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Model(a).Select("name", "owner", "category_id", "kecamatan_code", "kelurahan_code", "phone",
			"whatsapp", "street", "story_id", "story_en", "photo_key", "updated_at").Updates(a).Error
		if err != nil {
			return err
		}
		for i := range newPermits {
			newPermits[i].ArtisanID = a.ID
		}
		if len(newPermits) > 0 {
			return tx.Create(&newPermits).Error
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: update application %d: %w", a.ID, err)
	}
	return nil
}

// ArtisanByID returns an artisan in any status, for staff and its owner.
func (s *Store) ArtisanByID(ctx context.Context, id int64) (catalog.Artisan, error) {
	var a catalog.Artisan
	if err := s.read.WithContext(ctx).Preload("Category").Take(&a, id).Error; err != nil {
		return a, notFound(err, catalog.ErrNotFound, fmt.Sprintf("store: artisan %d", id))
	}
	return a, nil
}

// ArtisanByApplicant returns the artisan a user applied for, if any.
func (s *Store) ArtisanByApplicant(ctx context.Context, userID int64) (catalog.Artisan, error) {
	var a catalog.Artisan
	err := s.read.WithContext(ctx).Preload("Category").Where("applicant_id = ?", userID).Take(&a).Error
	if err != nil {
		return a, notFound(err, catalog.ErrNotFound, "store: artisan of applicant")
	}
	return a, nil
}

// ArtisansByStatus lists artisans in a status ("" for all), oldest change
// first, for the staff's review queue and register.
func (s *Store) ArtisansByStatus(ctx context.Context, status string) ([]catalog.Artisan, error) {
	db := s.read.WithContext(ctx).Preload("Category").Order("updated_at, id")
	if status != "" {
		db = db.Where("status = ?", status)
	}
	var as []catalog.Artisan
	if err := db.Find(&as).Error; err != nil {
		return nil, fmt.Errorf("store: artisans by status: %w", err)
	}
	return as, nil
}

// ChangeArtisanStatus applies a status change by the rules of package
// artisan, records it in the history and, on approval, makes the applicant
// the artisan's account, all in one transaction. The update is conditional
// on the status read, so two staff deciding at once cannot both succeed.
func (s *Store) ChangeArtisanStatus(ctx context.Context, id int64, c artisan.Change) (string, error) {
	var to string
	err := s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var a catalog.Artisan
		if err := tx.Take(&a, id).Error; err != nil {
			return notFound(err, catalog.ErrNotFound, "artisan")
		}
		var err error
		if to, err = artisan.Next(a.Status, c); err != nil {
			return err
		}
		updates := map[string]any{"status": to, "status_reason": c.Reason, "updated_at": s.now()}
		if c.Action == artisan.Approve {
			updates["decree_number"], updates["decree_date"], updates["supervisor"] = c.Decree.Number, c.Decree.Date, c.Decree.Supervisor
		}
		res := tx.Model(&catalog.Artisan{}).Where("id = ? AND status = ?", id, a.Status).Updates(updates)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return artisan.ErrTransition
		}
		if c.Action == artisan.Approve && a.ApplicantID != nil {
			err := tx.Model(&account.User{}).Where("id = ? AND role = ?", *a.ApplicantID, account.RoleBuyer).
				Updates(map[string]any{"role": account.RoleArtisan, "artisan_id": id}).Error
			if err != nil {
				return err
			}
		}
		return tx.Create(&statusChangeRow{
			ArtisanID: id, FromStatus: a.Status, ToStatus: to, Action: c.Action, Reason: c.Reason,
			ActorID: c.ActorID, ActorName: c.ActorName,
		}).Error
	})
	if err != nil {
		return "", fmt.Errorf("store: %s artisan %d: %w", c.Action, id, err)
	}
	return to, nil
}

// StatusHistory lists an artisan's status changes, oldest first.
func (s *Store) StatusHistory(ctx context.Context, artisanID int64) ([]artisan.StatusChange, error) {
	var rows []statusChangeRow
	if err := s.read.WithContext(ctx).Where("artisan_id = ?", artisanID).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: status history: %w", err)
	}
	hs := make([]artisan.StatusChange, len(rows))
	for i, r := range rows {
		hs[i] = artisan.StatusChange{ID: r.ID, ArtisanID: r.ArtisanID, From: r.FromStatus, To: r.ToStatus, Action: r.Action,
			Reason: r.Reason, ActorID: r.ActorID, ActorName: r.ActorName, CreatedAt: r.CreatedAt}
	}
	return hs, nil
}

// Permits lists an artisan's permits.
func (s *Store) Permits(ctx context.Context, artisanID int64) ([]artisan.Permit, error) {
	var ps []artisan.Permit
	if err := s.read.WithContext(ctx).Where("artisan_id = ?", artisanID).Order("id").Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("store: permits: %w", err)
	}
	return ps, nil
}

// Permit returns one permit of one artisan: the artisan is part of the
// lookup, so guessing another artisan's permit id finds nothing.
func (s *Store) Permit(ctx context.Context, artisanID, permitID int64) (artisan.Permit, error) {
	var p artisan.Permit
	err := s.read.WithContext(ctx).Where("id = ? AND artisan_id = ?", permitID, artisanID).Take(&p).Error
	if err != nil {
		return p, notFound(err, catalog.ErrNotFound, "store: permit")
	}
	return p, nil
}

// SetVacation saves an artisan's vacation; nil dates end it.
func (s *Store) SetVacation(ctx context.Context, a *catalog.Artisan) error {
	err := s.write.WithContext(ctx).Model(a).
		Select("vacation_from", "vacation_until", "vacation_message", "updated_at").Updates(a).Error
	if err != nil {
		return fmt.Errorf("store: set vacation: %w", err)
	}
	return nil
}
