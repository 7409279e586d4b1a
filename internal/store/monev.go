package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"kriya/internal/monev"
	"kriya/internal/sales"
)

// visitRow is a row of monev_visits; the reported indicators, constraints
// and measured figures are JSON documents.
type visitRow struct {
	ID              int64
	ArtisanID       int64
	Day             string
	Kind            string
	Status          string
	PeriodFrom      string
	PeriodTo        string
	Reported        string
	Constraints     string
	Recommendations string
	Measured        *string
	CreatedBy       string
	SubmittedBy     int64
	SubmittedAt     *time.Time
	VerifiedBy      int64
	VerifiedAt      *time.Time
	LockedBy        int64
	LockedAt        *time.Time
	DocNumber       *string // NULL until verified: numbers are unique
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

type teamRow struct {
	VisitID int64 `gorm:"primaryKey;autoIncrement:false"`
	UserID  int64 `gorm:"primaryKey;autoIncrement:false"`
	Role    string
}

type followUpRow struct {
	ID             int64
	VisitID        int64
	ArtisanID      int64
	Action         string
	Owner          string
	DueOn          string
	Status         string
	Note           string
	UpdatedInVisit int64
	ClosedAt       *time.Time
	CreatedAt      time.Time
}

type attachmentRow struct {
	ID          int64
	VisitID     int64
	Kind        string
	FileKey     string
	ContentType string
	Name        string
	Caption     string
	CreatedAt   time.Time
}

func toVisitRow(v monev.Visit) (visitRow, error) {
	reported, err := json.Marshal(v.Reported)
	if err != nil {
		return visitRow{}, err
	}
	constraints, err := json.Marshal(v.Constraints)
	if err != nil {
		return visitRow{}, err
	}
	return visitRow{ID: v.ID, ArtisanID: v.ArtisanID, Day: v.Day, Kind: v.Kind, Status: v.Status,
		PeriodFrom: v.PeriodFrom, PeriodTo: v.PeriodTo, Reported: string(reported), Constraints: string(constraints),
		Recommendations: v.Recommendations, CreatedBy: v.CreatedBy, CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}, nil
}

func (r visitRow) visit() (monev.Visit, error) {
	v := monev.Visit{ID: r.ID, ArtisanID: r.ArtisanID, Day: r.Day, Kind: r.Kind, Status: r.Status,
		PeriodFrom: r.PeriodFrom, PeriodTo: r.PeriodTo, Recommendations: r.Recommendations, CreatedBy: r.CreatedBy,
		SubmittedBy: r.SubmittedBy, SubmittedAt: r.SubmittedAt, VerifiedBy: r.VerifiedBy, VerifiedAt: r.VerifiedAt,
		LockedBy: r.LockedBy, LockedAt: r.LockedAt, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if r.DocNumber != nil {
		v.Number = *r.DocNumber
	}
	if err := json.Unmarshal([]byte(r.Reported), &v.Reported); err != nil {
		return v, err
	}
	if err := json.Unmarshal([]byte(r.Constraints), &v.Constraints); err != nil {
		return v, err
	}
	if r.Measured != nil {
		v.Measured = &monev.Measured{}
		if err := json.Unmarshal([]byte(*r.Measured), v.Measured); err != nil {
			return v, err
		}
	}
	return v, nil
}

func (f followUpRow) followUp() monev.FollowUp {
	return monev.FollowUp{ID: f.ID, VisitID: f.VisitID, ArtisanID: f.ArtisanID, Action: f.Action, Owner: f.Owner,
		DueOn: f.DueOn, Status: f.Status, Note: f.Note, UpdatedInVisit: f.UpdatedInVisit, ClosedAt: f.ClosedAt, CreatedAt: f.CreatedAt}
}

// closedAt is when a follow-up with this status was closed: now for a
// closing status, else never. An already closed one keeps its moment.
func (s *Store) closedAt(status string) any {
	if status == monev.FollowUpDone || status == monev.FollowUpCancelled {
		return gorm.Expr("COALESCE(closed_at, ?)", s.now())
	}
	return nil
}

// CreateVisit starts a draft record with its team and sets its ID.
func (s *Store) CreateVisit(ctx context.Context, v *monev.Visit) error {
	v.Status = monev.Draft
	v.CreatedAt, v.UpdatedAt = s.now(), s.now()
	row, err := toVisitRow(*v)
	if err != nil {
		return fmt.Errorf("store: create visit: %w", err)
	}
	err = s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		v.ID = row.ID
		return saveTeam(tx, v.ID, v.Team)
	})
	if err != nil {
		return fmt.Errorf("store: create visit: %w", err)
	}
	return nil
}

func saveTeam(tx *gorm.DB, visitID int64, team []monev.TeamMember) error {
	if err := tx.Where("visit_id = ?", visitID).Delete(&teamRow{}).Error; err != nil {
		return err
	}
	rows := make([]teamRow, len(team))
	for i, m := range team {
		rows[i] = teamRow{VisitID: visitID, UserID: m.UserID, Role: m.Role}
	}
	if len(rows) == 0 {
		return nil
	}
	return tx.Create(&rows).Error
}

// SaveVisit writes a record's content — never its status or measured
// figures — together with the follow-ups it opens (new ones have ID 0).
// It fails with monev.ErrNotEditable when the record has meanwhile left
// the editable statuses.
func (s *Store) SaveVisit(ctx context.Context, v *monev.Visit, opened []monev.FollowUp) error {
	row, err := toVisitRow(*v)
	if err != nil {
		return fmt.Errorf("store: save visit: %w", err)
	}
	err = s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&visitRow{}).Where("id = ? AND status IN ?", v.ID, []string{monev.Draft, monev.Submitted}).
			Updates(map[string]any{"day": row.Day, "kind": row.Kind, "period_from": row.PeriodFrom, "period_to": row.PeriodTo,
				"reported": row.Reported, "constraints": row.Constraints, "recommendations": row.Recommendations, "updated_at": s.now()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return monev.ErrNotEditable
		}
		if err := saveTeam(tx, v.ID, v.Team); err != nil {
			return err
		}
		for _, f := range opened {
			r := followUpRow{ID: f.ID, VisitID: v.ID, ArtisanID: v.ArtisanID, Action: f.Action, Owner: f.Owner,
				DueOn: f.DueOn, Status: f.Status, Note: f.Note, UpdatedInVisit: v.ID, CreatedAt: s.now()}
			if f.ID == 0 {
				if r.Status == monev.FollowUpDone || r.Status == monev.FollowUpCancelled {
					now := s.now()
					r.ClosedAt = &now
				}
				if err := tx.Create(&r).Error; err != nil {
					return err
				}
				continue
			}
			err := tx.Model(&followUpRow{}).Where("id = ? AND visit_id = ?", f.ID, v.ID).
				Updates(map[string]any{"action": r.Action, "owner": r.Owner, "due_on": r.DueOn, "status": r.Status, "note": r.Note, "updated_in_visit": v.ID, "closed_at": s.closedAt(r.Status)}).Error
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: save visit %d: %w", v.ID, err)
	}
	return nil
}

// Visit returns one record with its team, or monev.ErrNotFound.
func (s *Store) Visit(ctx context.Context, id int64) (monev.Visit, error) {
	var row visitRow
	if err := s.read.WithContext(ctx).Take(&row, id).Error; err != nil {
		return monev.Visit{}, notFound(err, monev.ErrNotFound, "store: visit")
	}
	vs, err := s.withTeams(ctx, []visitRow{row})
	if err != nil {
		return monev.Visit{}, err
	}
	return vs[0], nil
}

// Visits lists records, latest visit first.
func (s *Store) Visits(ctx context.Context, f monev.Filter) ([]monev.Visit, error) {
	db := s.read.WithContext(ctx).Model(&visitRow{}).Order("monev_visits.day DESC, monev_visits.id DESC")
	if f.From != "" {
		db = db.Where("monev_visits.day >= ?", f.From)
	}
	if f.To != "" {
		db = db.Where("monev_visits.day <= ?", f.To)
	}
	if f.ArtisanID != 0 {
		db = db.Where("monev_visits.artisan_id = ?", f.ArtisanID)
	}
	if len(f.Statuses) > 0 {
		db = db.Where("monev_visits.status IN ?", f.Statuses)
	}
	if f.OfficerID != 0 {
		db = db.Where("EXISTS (SELECT 1 FROM monev_team WHERE monev_team.visit_id = monev_visits.id AND monev_team.user_id = ?)", f.OfficerID)
	}
	if f.Kecamatan != "" {
		db = db.Joins("JOIN artisans ON artisans.id = monev_visits.artisan_id").Where("artisans.kecamatan_code = ?", f.Kecamatan)
	}
	var rows []visitRow
	if err := db.Select("monev_visits.*").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: visits: %w", err)
	}
	return s.withTeams(ctx, rows)
}

// withTeams turns rows into visits with their teams, officers named.
func (s *Store) withTeams(ctx context.Context, rows []visitRow) ([]monev.Visit, error) {
	out := make([]monev.Visit, len(rows))
	index := map[int64]int{}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		v, err := r.visit()
		if err != nil {
			return nil, fmt.Errorf("store: visit %d: %w", r.ID, err)
		}
		out[i], index[r.ID], ids[i] = v, i, r.ID
	}
	if len(ids) == 0 {
		return out, nil
	}
	var team []struct {
		VisitID, UserID      int64
		Role, Name, Position string
	}
	err := s.read.WithContext(ctx).Table("monev_team").Select("monev_team.visit_id, monev_team.user_id, monev_team.role, users.name, users.position").
		Joins("JOIN users ON users.id = monev_team.user_id").Where("monev_team.visit_id IN ?", ids).
		Order("monev_team.visit_id, users.name").Scan(&team).Error
	if err != nil {
		return nil, fmt.Errorf("store: visit teams: %w", err)
	}
	for _, m := range team {
		v := &out[index[m.VisitID]]
		v.Team = append(v.Team, monev.TeamMember{UserID: m.UserID, Name: m.Name, Position: m.Position, Role: m.Role})
	}
	return out, nil
}

// ChangeVisitStatus moves a record from one status to the next, if it is
// still in from; measured is stored when given (at submission). It fails
// with monev.ErrTransition when another officer moved it first.
func (s *Store) ChangeVisitStatus(ctx context.Context, id int64, from, to string, userID int64, measured *monev.Measured) error {
	now := s.now()
	changes := map[string]any{"status": to, "updated_at": now}
	switch to {
	case monev.Submitted:
		b, err := json.Marshal(measured)
		if err != nil {
			return fmt.Errorf("store: submit visit: %w", err)
		}
		changes["measured"], changes["submitted_by"], changes["submitted_at"] = string(b), userID, now
	case monev.Verified:
		changes["verified_by"], changes["verified_at"] = userID, now
	case monev.Locked:
		changes["locked_by"], changes["locked_at"] = userID, now
	}
	res := s.write.WithContext(ctx).Model(&visitRow{}).Where("id = ? AND status = ?", id, from).Updates(changes)
	if res.Error != nil {
		return fmt.Errorf("store: visit %d to %s: %w", id, to, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: visit %d to %s: %w", id, to, monev.ErrTransition)
	}
	return nil
}

// NumberVisit gives a record its document number, once: a record that
// has one keeps it.
func (s *Store) NumberVisit(ctx context.Context, id int64, number string) error {
	res := s.write.WithContext(ctx).Model(&visitRow{}).Where("id = ? AND doc_number IS NULL", id).Update("doc_number", number)
	if res.Error != nil {
		return fmt.Errorf("store: number visit %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: number visit %d: %w", id, monev.ErrTransition)
	}
	return nil
}

// FollowUps lists follow-ups, earliest due first.
func (s *Store) FollowUps(ctx context.Context, f monev.FollowUpFilter) ([]monev.FollowUp, error) {
	db := s.read.WithContext(ctx).Model(&followUpRow{}).Order("due_on, id")
	if f.ArtisanID != 0 {
		db = db.Where("artisan_id = ?", f.ArtisanID)
	}
	if f.VisitID != 0 {
		db = db.Where("visit_id = ?", f.VisitID)
	}
	if f.Open {
		db = db.Where("status IN ?", []string{monev.FollowUpOpen, monev.FollowUpInProgress})
	}
	if f.DueBefore != "" {
		db = db.Where("due_on < ?", f.DueBefore)
	}
	if f.OpenedBefore != "" {
		db = db.Where("visit_id IN (SELECT id FROM monev_visits WHERE day <= ?)", f.OpenedBefore)
	}
	var rows []followUpRow
	if err := db.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: follow-ups: %w", err)
	}
	out := make([]monev.FollowUp, len(rows))
	for i, r := range rows {
		out[i] = r.followUp()
	}
	return out, nil
}

// FollowUpCounts counts the follow-ups opened at visits of the period and
// those closed in it, whenever they were opened. A draft's follow-ups are
// not opened yet: the officers may still change them.
func (s *Store) FollowUpCounts(ctx context.Context, p sales.Period) (opened, closed int64, err error) {
	count := func(n *int64, where string, args ...any) error {
		return s.read.WithContext(ctx).Model(&followUpRow{}).Where(where, args...).Count(n).Error
	}
	err = count(&opened, "visit_id IN (SELECT id FROM monev_visits WHERE day >= ? AND day <= ? AND status <> ?)", sales.Day(p.From), sales.Day(p.Last()), monev.Draft)
	if err == nil {
		err = count(&closed, "closed_at >= ? AND closed_at < ?", p.From.UTC(), p.To.UTC())
	}
	if err != nil {
		return 0, 0, fmt.Errorf("store: follow-up counts: %w", err)
	}
	return opened, closed, nil
}

// UpdateFollowUp records a follow-up's new status and note from the
// record of visitID, which must be of the same artisan and not locked.
func (s *Store) UpdateFollowUp(ctx context.Context, visitID int64, f monev.FollowUp) error {
	err := s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var v visitRow
		if err := tx.Take(&v, visitID).Error; err != nil {
			return notFound(err, monev.ErrNotFound, "visit")
		}
		if v.Status == monev.Locked {
			return monev.ErrNotEditable
		}
		res := tx.Model(&followUpRow{}).Where("id = ? AND artisan_id = ?", f.ID, v.ArtisanID).
			Updates(map[string]any{"status": f.Status, "note": f.Note, "updated_in_visit": visitID, "closed_at": s.closedAt(f.Status)})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return monev.ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: update follow-up %d: %w", f.ID, err)
	}
	return nil
}

// AddAttachment keeps a stored file with a record that is not locked.
func (s *Store) AddAttachment(ctx context.Context, a *monev.Attachment) error {
	row := attachmentRow{VisitID: a.VisitID, Kind: a.Kind, FileKey: a.FileKey, ContentType: a.ContentType, Name: a.Name, Caption: a.Caption, CreatedAt: s.now()}
	err := s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&visitRow{}).Where("id = ? AND status <> ?", a.VisitID, monev.Locked).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return monev.ErrNotEditable
		}
		return tx.Create(&row).Error
	})
	if err != nil {
		return fmt.Errorf("store: add attachment: %w", err)
	}
	a.ID, a.CreatedAt = row.ID, row.CreatedAt
	return nil
}

// Attachments lists a record's files, oldest first.
func (s *Store) Attachments(ctx context.Context, visitID int64) ([]monev.Attachment, error) {
	var rows []attachmentRow
	if err := s.read.WithContext(ctx).Where("visit_id = ?", visitID).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: attachments: %w", err)
	}
	out := make([]monev.Attachment, len(rows))
	for i, r := range rows {
		out[i] = monev.Attachment(r)
	}
	return out, nil
}

// LastVisits gives each visited artisan's latest visit day.
func (s *Store) LastVisits(ctx context.Context) (map[int64]string, error) {
	var rows []struct {
		ArtisanID int64
		Day       string
	}
	err := s.read.WithContext(ctx).Model(&visitRow{}).Select("artisan_id, MAX(day) AS day").Group("artisan_id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: last visits: %w", err)
	}
	out := make(map[int64]string, len(rows))
	for _, r := range rows {
		out[r.ArtisanID] = r.Day
	}
	return out, nil
}
