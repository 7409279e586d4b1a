package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"kriya/internal/account"
	"kriya/internal/monev"
	"kriya/internal/sales"
	"kriya/internal/store/storetest"
)

// A record keeps its team, reported figures and constraints; its status
// moves only from the status it was read in; a record past submission
// refuses content changes and a locked one refuses follow-up updates and
// files.
func TestMonevRecords(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			st := storetest.Open(t, dialect)
			storetest.Catalog(t, st)
			ctx := context.Background()
			officer := account.User{Email: "staff@kriya.test", Name: "Made", Role: account.RoleStaff, Active: true, Lang: "id"}
			if err := st.CreateUser(ctx, &officer); err != nil {
				t.Fatal(err)
			}
			sari, _ := st.ArtisanBySlug(ctx, "perak-sari")
			v := monev.Visit{ArtisanID: sari.ID, Day: "2026-11-27", Kind: monev.KindRoutine, PeriodFrom: "2026-08-27", PeriodTo: "2026-11-26",
				Team:     []monev.TeamMember{{UserID: officer.ID, Role: "lead"}},
				Reported: monev.Reported{Turnover: monev.Turnover{OwnShop: new(int64(20_000_000))}, Materials: []monev.Material{{Type: "perak", Origin: "Surabaya", Price: 14_500, Unit: "gram"}}}}
			if err := st.CreateVisit(ctx, &v); err != nil {
				t.Fatal(err)
			}
			v.Constraints = []monev.Constraint{{Category: "materials", Severity: "high", Description: "harga perak naik"}}
			opened := []monev.FollowUp{{Action: "training", Owner: "Bidang Pemasaran", DueOn: "2026-12-15", Status: monev.FollowUpOpen}}
			if err := st.SaveVisit(ctx, &v, opened); err != nil {
				t.Fatal(err)
			}
			got, err := st.Visit(ctx, v.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != monev.Draft || got.Measured != nil || len(got.Team) != 1 || got.Team[0].Name != "Made" ||
				got.Reported.Materials[0].Origin != "Surabaya" || got.Constraints[0].Description != "harga perak naik" {
				t.Fatalf("read back %+v", got)
			}

			measured := monev.Measured{From: v.PeriodFrom, To: v.PeriodTo, Online: sales.Figures{Orders: 2, Gross: 900_000}}
			if err := st.ChangeVisitStatus(ctx, v.ID, monev.Submitted, monev.Verified, officer.ID, nil); !errors.Is(err, monev.ErrTransition) {
				t.Errorf("verify a draft: %v", err)
			}
			if err := st.ChangeVisitStatus(ctx, v.ID, monev.Draft, monev.Submitted, officer.ID, &measured); err != nil {
				t.Fatal(err)
			}
			if err := st.ChangeVisitStatus(ctx, v.ID, monev.Draft, monev.Submitted, officer.ID, &measured); !errors.Is(err, monev.ErrTransition) {
				t.Errorf("a second submission: %v", err)
			}
			got, _ = st.Visit(ctx, v.ID)
			if got.Measured == nil || !got.Measured.SameFigures(measured) || got.SubmittedBy != officer.ID || got.SubmittedAt == nil {
				t.Fatalf("submitted record %+v", got)
			}
			for _, step := range [][2]string{{monev.Submitted, monev.Verified}, {monev.Verified, monev.Locked}} {
				if err := st.ChangeVisitStatus(ctx, v.ID, step[0], step[1], officer.ID, nil); err != nil {
					t.Fatal(err)
				}
			}
			v.Recommendations = "too late"
			if err := st.SaveVisit(ctx, &v, nil); !errors.Is(err, monev.ErrNotEditable) {
				t.Errorf("save a locked record: %v", err)
			}
			fus, err := st.FollowUps(ctx, monev.FollowUpFilter{ArtisanID: sari.ID, Open: true, DueBefore: "2026-12-16"})
			if err != nil || len(fus) != 1 {
				t.Fatalf("overdue follow-ups = %v, %v", fus, err)
			}
			fus[0].Status = monev.FollowUpDone
			if err := st.UpdateFollowUp(ctx, v.ID, fus[0]); !errors.Is(err, monev.ErrNotEditable) {
				t.Errorf("update a follow-up from a locked record: %v", err)
			}
			if err := st.AddAttachment(ctx, &monev.Attachment{VisitID: v.ID, Kind: "photo", FileKey: "x", ContentType: "image/jpeg"}); !errors.Is(err, monev.ErrNotEditable) {
				t.Errorf("attach to a locked record: %v", err)
			}

			// The next visit carries the follow-up and closes it.
			next := monev.Visit{ArtisanID: sari.ID, Day: "2027-01-10", Kind: monev.KindMentoring, PeriodFrom: "2026-11-27", PeriodTo: "2027-01-09",
				Team: []monev.TeamMember{{UserID: officer.ID, Role: "mentor"}}}
			if err := st.CreateVisit(ctx, &next); err != nil {
				t.Fatal(err)
			}
			if err := st.UpdateFollowUp(ctx, next.ID, fus[0]); err != nil {
				t.Fatal(err)
			}
			all, _ := st.FollowUps(ctx, monev.FollowUpFilter{ArtisanID: sari.ID})
			if len(all) != 1 || all[0].Status != monev.FollowUpDone || all[0].ClosedAt == nil || all[0].UpdatedInVisit != next.ID {
				t.Errorf("after closing at the next visit: %+v", all)
			}
			sinceVisit, _ := sales.ParsePeriod(sales.PeriodCustom, "2026-11-01", sales.Day(time.Now()), time.Now())
			if opened, closed, err := st.FollowUpCounts(ctx, sinceVisit); err != nil || opened != 1 || closed != 1 {
				t.Errorf("since November: %d opened, %d closed, %v; want one opened (27 Nov) and closed (now)", opened, closed, err)
			}
			october, _ := sales.ParsePeriod(sales.PeriodCustom, "2026-10-01", "2026-10-31", time.Now())
			if opened, closed, err := st.FollowUpCounts(ctx, october); err != nil || opened != 0 || closed != 0 {
				t.Errorf("October: %d opened, %d closed, %v; want none", opened, closed, err)
			}
			if open, _ := st.FollowUps(ctx, monev.FollowUpFilter{Open: true}); len(open) != 0 {
				t.Errorf("a closed follow-up is listed open: %+v", open)
			}
			last, _ := st.LastVisits(ctx)
			if last[sari.ID] != "2027-01-10" {
				t.Errorf("last visit = %q", last[sari.ID])
			}
			byOfficer, _ := st.Visits(ctx, monev.Filter{OfficerID: officer.ID, From: "2027-01-01"})
			if len(byOfficer) != 1 || byOfficer[0].ID != next.ID {
				t.Errorf("visits of the officer in 2027 = %+v", byOfficer)
			}
		})
	}
}
