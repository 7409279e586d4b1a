package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"kriya/internal/account"
	"kriya/internal/catalog"
	"kriya/internal/notify"
)

type notifySettingRow struct {
	ArtisanID int64  `gorm:"primaryKey"`
	Kind      string `gorm:"primaryKey"`
	Frequency string
}

// Notify records a notification for its artisan and sets its ID and time.
func (s *Store) Notify(ctx context.Context, n *notify.Notification) error {
	n.ID, n.CreatedAt = 0, s.now()
	if err := s.write.WithContext(ctx).Create(n).Error; err != nil {
		return fmt.Errorf("store: notify artisan %d: %w", n.ArtisanID, err)
	}
	return nil
}

// Notifications lists an artisan's notifications, newest first, at most
// limit.
func (s *Store) Notifications(ctx context.Context, artisanID int64, limit int) ([]notify.Notification, error) {
	var ns []notify.Notification
	err := s.read.WithContext(ctx).Where("artisan_id = ?", artisanID).Order("id DESC").Limit(limit).Find(&ns).Error
	if err != nil {
		return nil, fmt.Errorf("store: notifications: %w", err)
	}
	return ns, nil
}

// UnreadNotifications counts what an artisan has not seen yet.
func (s *Store) UnreadNotifications(ctx context.Context, artisanID int64) (int64, error) {
	var n int64
	err := s.read.WithContext(ctx).Model(&notify.Notification{}).Where("artisan_id = ? AND read_at IS NULL", artisanID).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: unread notifications: %w", err)
	}
	return n, nil
}

// MarkNotificationsRead marks everything an artisan has been shown as read.
func (s *Store) MarkNotificationsRead(ctx context.Context, artisanID, upToID int64) error {
	err := s.write.WithContext(ctx).Model(&notify.Notification{}).
		Where("artisan_id = ? AND id <= ? AND read_at IS NULL", artisanID, upToID).Update("read_at", s.now()).Error
	if err != nil {
		return fmt.Errorf("store: mark notifications read: %w", err)
	}
	return nil
}

// NotifySettings are an artisan's choices of how to hear of each kind.
func (s *Store) NotifySettings(ctx context.Context, artisanID int64) (notify.Settings, error) {
	var rows []notifySettingRow
	if err := s.read.WithContext(ctx).Where("artisan_id = ?", artisanID).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: notify settings: %w", err)
	}
	out := notify.Settings{}
	for _, r := range rows {
		out[r.Kind] = r.Frequency
	}
	return out, nil
}

// SaveNotifySettings keeps an artisan's choices.
func (s *Store) SaveNotifySettings(ctx context.Context, artisanID int64, settings notify.Settings) error {
	var rows []notifySettingRow
	for kind, f := range settings {
		rows = append(rows, notifySettingRow{artisanID, kind, f})
	}
	if len(rows) == 0 {
		return nil
	}
	err := s.write.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "artisan_id"}, {Name: "kind"}},
		DoUpdates: clause.AssignmentColumns([]string{"frequency"}),
	}).Create(&rows).Error
	if err != nil {
		return fmt.Errorf("store: save notify settings: %w", err)
	}
	return nil
}

// DigestsDue lists, by artisan, the notifications waiting for a digest
// that happened before the cutoff, oldest first.
func (s *Store) DigestsDue(ctx context.Context, before time.Time) (map[int64][]notify.Notification, error) {
	var ns []notify.Notification
	err := s.write.WithContext(ctx).Where("mail = ? AND created_at < ?", notify.MailPending, before).Order("id").Limit(5000).Find(&ns).Error
	if err != nil {
		return nil, fmt.Errorf("store: digests due: %w", err)
	}
	out := map[int64][]notify.Notification{}
	for _, n := range ns {
		out[n.ArtisanID] = append(out[n.ArtisanID], n)
	}
	return out, nil
}

// TakeForDigest marks notifications as mailed in a digest, all or none:
// false when another process took any of them first.
func (s *Store) TakeForDigest(ctx context.Context, ids []int64) (bool, error) {
	res := s.write.WithContext(ctx).Model(&notify.Notification{}).Where("id IN ? AND mail = ?", ids, notify.MailPending).
		Update("mail", notify.MailSent)
	if res.Error != nil {
		return false, fmt.Errorf("store: take for digest: %w", res.Error)
	}
	return res.RowsAffected == int64(len(ids)), nil
}

// RunningLow returns the SKUs among ids whose stock is at or under their
// threshold and that the artisan was not told about since they were last
// restocked, and remembers that they are being told now.
func (s *Store) RunningLow(ctx context.Context, ids []int64) ([]notify.LowSKU, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	db := s.write.WithContext(ctx)
	var rows []struct {
		ID int64
		notify.LowSKU
		TitleID, TitleEN string
	}
	err := db.Table("skus").Select("skus.id, skus.code, skus.label, skus.stock, products.artisan_id, products.title_id, products.title_en").
		Joins("JOIN products ON products.id = skus.product_id").
		Where("skus.id IN ? AND skus.low_stock > 0 AND skus.stock <= skus.low_stock AND skus.low_stock_told = ?", ids, false).
		Order("skus.id").Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	low := make([]notify.LowSKU, len(rows))
	told := make([]int64, len(rows))
	for i, r := range rows {
		low[i], told[i] = r.LowSKU, r.ID
		low[i].Title = catalog.Text{ID: r.TitleID, EN: r.TitleEN}
	}
	if err := db.Model(&catalog.SKU{}).Where("id IN ?", told).Update("low_stock_told", true).Error; err != nil {
		return nil, fmt.Errorf("store: running low: %w", err)
	}
	return low, nil
}

// ProcessingDays are the days each product takes to make before it can be
// shipped.
func (s *Store) ProcessingDays(ctx context.Context, productIDs []int64) (map[int64]int, error) {
	var rows []struct{ ID, ProcessingDays int64 }
	if err := s.write.WithContext(ctx).Table("products").Select("id, processing_days").Where("id IN ?", productIDs).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: processing days: %w", err)
	}
	out := map[int64]int{}
	for _, r := range rows {
		out[r.ID] = int(r.ProcessingDays)
	}
	return out, nil
}

// ArtisanAccounts are the active accounts that manage an artisan: who its
// e-mails go to.
func (s *Store) ArtisanAccounts(ctx context.Context, artisanID int64) ([]account.User, error) {
	var us []account.User
	err := s.write.WithContext(ctx).Where("artisan_id = ? AND role = ? AND active = ?", artisanID, account.RoleArtisan, true).Order("id").Find(&us).Error
	if err != nil {
		return nil, fmt.Errorf("store: artisan accounts: %w", err)
	}
	return us, nil
}
